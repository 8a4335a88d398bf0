"""HTTP response headers for the built site, as data for ``_headers`` and
``.htaccess`` (``hostfiles``): security headers for every path and cache
rules by URL pattern.

Security headers (OWASP Secure Headers Project; MDN): a Content-Security-Policy
the theme's pages satisfy (no inline script except JSON-LD, which is data and
not run, so CSP does not block it; no ``style=`` attribute, no inline
``<style>``); ``default-src`` and ``img-src`` add the hosts pages may load from
(``privacy.allowed_hosts``), ``form-action`` the newsletter form's host
(``newsletter.action_url``); with ``search.enabled``, ``script-src 'self'
'wasm-unsafe-eval'`` lets the search page compile Pagefind's WebAssembly
(CSP Level 3; nothing else is added).

Cache rules: fingerprinted files (``<base>assets/*``, ``<base>bilder/*``: a
content hash in each name) are immutable for a year; HTML revalidates
(``no-cache``) by one pattern per top-level folder that holds pages
(``/news/*``, ``/themen/*``, …) plus an exact rule for the home page and for
top-level HTML files (``/404.html``): a handful of rules whatever the number
of articles (Cloudflare Pages allows 100).  Rules never give one path two
``Cache-Control`` values (matching rules' values are joined with commas on
Netlify-style hosts).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitegen.config.settings import Config
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import join_base

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
IMMUTABLE_DIRS = ("assets", "bilder")
MAX_HTML_RULES = 80  # beyond this, no HTML cache rules: Netlify and Cloudflare Pages revalidate HTML by default
_HOST = re.compile(r"^[a-z0-9.-]+(:[0-9]{1,5})?$")


def _source(url: str) -> str:
    """``https://host[:port]`` of an absolute http(s) URL, "" for a site path or an odd host."""
    parts = urlsplit(url)
    host = (parts.netloc or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return ""
    return f"{parts.scheme.lower()}://{host}"


def content_security_policy(config: Config) -> str:
    """The CSP value, e.g. ``default-src 'self'; img-src 'self' data:; …;
    form-action 'self' https://newsletter.example.net; frame-ancestors 'none'``."""
    hosts = "".join(f" https://{h}" for h in config.publishing.allowed_hosts if _HOST.match(h))
    form = _source(config.newsletter.action_url) if config.newsletter else ""
    wasm = config.search.enabled  # the search page compiles Pagefind's WebAssembly
    search = [f"script-src 'self'{hosts} 'wasm-unsafe-eval'"] if wasm else []
    return "; ".join([f"default-src 'self'{hosts}", *search, f"img-src 'self' data:{hosts}", "object-src 'none'",
                      "base-uri 'self'", f"form-action 'self'{' ' + form if form else ''}",
                      "frame-ancestors 'none'"])


def security_headers(config: Config) -> list[tuple[str, str]]:
    """``[(name, value)]`` sent with every response."""
    return [("Content-Security-Policy", content_security_policy(config)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("X-Frame-Options", "DENY")]


def immutable_patterns(config: Config) -> list[str]:
    """``["/assets/*", "/bilder/*"]`` below the base path."""
    return [join_base(config, f"/{folder}/*") for folder in IMMUTABLE_DIRS]


def html_patterns(planned: list[PlannedPage], config: Config) -> list[str]:
    """Sorted ``_headers`` paths covering every HTML page of ``planned``:
    the home page exactly, ``<base><folder>/*`` per top-level folder,
    top-level files exactly; ``[]`` when that would be more than ``MAX_HTML_RULES``."""
    base = config.base_path
    found = set()
    for page in planned:
        url = page.route.url
        if not page.route.output_path.endswith(".html") or not url.startswith(base):
            continue
        rest = url[len(base):]
        folder, slash, _ = rest.partition("/")
        if folder in IMMUTABLE_DIRS:
            continue
        found.add(base + folder + "/*" if slash else base + rest)
    return sorted(found) if len(found) <= MAX_HTML_RULES else []
