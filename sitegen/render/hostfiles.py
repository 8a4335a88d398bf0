"""Files for static hosts: ``.nojekyll``, ``CNAME`` and ``_headers``.

``.nojekyll`` keeps GitHub Pages from running Jekyll (which would drop files
starting with ``_``); ``CNAME`` names the custom domain (only when
``deploy.cname`` is set); ``_headers`` sets caching on Netlify-style hosts
(Netlify, Cloudflare Pages).

How rules combine: every rule whose path matches a request applies.  The
Netlify CLI/dev server merges the header objects of all matching rules, a
later rule replacing an earlier one's header of the same name
(``headersForPath`` in netlify/primitives, packages/headers/src/lib/
headersForPath.ts), and Netlify-style hosts document that "if the same header
name appears in more than one matching rule, the values are combined with a
comma separator" (docs.sevalla.com/static-sites/headers; Cloudflare Pages
behaves alike).  Neither gives a catch-all ``/*`` plus an override a safe
result (``no-cache, public, max-age=31536000, immutable`` or order-dependent),
so no two rules here ever match one path: the immutable rules cover only
``<base>assets/*`` and ``<base>bilder/*``, and HTML gets one exact rule per
page URL (a rule path matches with or without its trailing slash,
``getForRegExp`` in netlify/build packages/headers-parser/src/for_regexp.ts).
No page lives under ``assets/`` or ``bilder/`` (reserved slugs).
"""

from __future__ import annotations

from sitegen.config.settings import Config
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import join_base

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
IMMUTABLE_DIRS = ("assets", "bilder")


def headers_text(planned: list[PlannedPage], config: Config) -> str:
    """The ``_headers`` file: fingerprinted files cached for a year, HTML revalidated."""
    lines = ["# Fingerprinted files (content hash in the name) never change."]
    for folder in IMMUTABLE_DIRS:
        lines += [join_base(config, f"/{folder}/*"), f"  Cache-Control: {IMMUTABLE}"]
    lines.append("# HTML pages: always revalidate (one exact rule per page, none overlaps the above).")
    for url in sorted({page.route.url for page in planned if page.route.output_path.endswith(".html")}):
        lines += [url, f"  Cache-Control: {NO_CACHE}"]
    return "\n".join(lines) + "\n"


def host_files(planned: list[PlannedPage], config: Config) -> dict[str, bytes]:
    """``{".nojekyll": b"", "_headers": …, "CNAME": …}`` (CNAME only when configured)."""
    files = {".nojekyll": b"", "_headers": headers_text(planned, config).encode()}
    cname = config.publishing.cname.strip()
    if cname:
        files["CNAME"] = (cname + "\n").encode()
    return files
