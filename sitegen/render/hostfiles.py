"""Files for static hosts: ``.nojekyll``, ``CNAME``, ``_headers`` and ``.htaccess``.

Which host reads which file (README, "Sitemaps and host files";
``deploy.host``, see ``config.deploy``): Netlify and Cloudflare Pages read
``_headers``; Apache webspace reads ``.htaccess`` (mod_headers, mod_alias);
GitHub Pages reads ``CNAME`` and ``.nojekyll`` (which keeps Jekyll from
dropping files starting with ``_``) and neither ``_headers`` nor
``_redirects``; S3 reads none (headers are object metadata).  ``.nojekyll``
is always written (harmless elsewhere); ``_headers`` unless the host is
github, apache or s3; ``.htaccess`` only for apache.

``_headers`` (docs.netlify.com "Custom headers"; developers.cloudflare.com
Pages "Headers"): a path pattern line, then indented ``Name: value`` lines.
Every rule whose path matches applies and values of one header name from
several rules are joined with a comma (Cloudflare Pages; the Netlify CLI's
``headersForPath``), so ``/*`` carries only the security headers and each
path gets its ``Cache-Control`` from exactly one rule (``headers``).
"""

from __future__ import annotations

import re
from typing import Iterable

from sitegen.config.settings import Config
from sitegen.render.headers import (IMMUTABLE, NO_CACHE, html_patterns, immutable_patterns,
                                    security_headers)
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import absolute_url, join_base

NO_HEADERS_FILE = ("github", "apache", "s3")


def headers_text(planned: list[PlannedPage], config: Config) -> str:
    """The ``_headers`` file: security headers on every path, fingerprinted
    files cached for a year, HTML revalidated — a handful of pattern rules."""
    lines = ["# Security headers for every path (no Cache-Control here: values of matching rules add up)."]
    lines += [join_base(config, "/*"), *(f"  {name}: {value}" for name, value in security_headers(config))]
    lines.append("# Fingerprinted files (content hash in the name) never change.")
    for pattern in immutable_patterns(config):
        lines += [pattern, f"  Cache-Control: {IMMUTABLE}"]
    pages = html_patterns(planned, config)
    lines.append("# HTML pages: always revalidate (one rule per top-level folder, none overlaps the above)."
                 if pages else "# HTML pages: the host's default (revalidate) applies.")
    for pattern in pages:
        lines += [pattern, f"  Cache-Control: {NO_CACHE}"]
    return "\n".join(lines) + "\n"


def redirect_lines(config: Config, redirects: Iterable[tuple[str, str]]) -> list[str]:
    """``.htaccess`` lines (mod_alias) sending each ``(old site path, new site
    path)`` pair, e.g. ``("/news/alt/", "/news/neu/")``, permanently (301) to
    the new address; the old path matches with or without its trailing slash.
    Paths are below the base path, as ``route`` gives them.  For the aliases
    feature: pass its pairs to ``htaccess_text``."""
    lines = []
    for old, new in redirects:
        pattern = re.escape(join_base(config, old).rstrip("/")).replace("\\/", "/")
        lines.append(f"RedirectMatch 301 ^{pattern}/?$ {absolute_url(config, join_base(config, new))}")
    return lines


def htaccess_text(planned: list[PlannedPage], config: Config,
                  redirects: Iterable[tuple[str, str]] = ()) -> str:
    """The ``.htaccess`` file for Apache 2.4 webspace: the same security
    headers and cache rules as ``_headers`` (mod_headers, ``expr=`` needs
    2.4.10), the 404 page, and ``redirect_lines`` of ``redirects``."""
    base = re.escape(config.base_path).replace("\\/", "/")
    dirs = "|".join(re.escape(d) for d in ("assets", "bilder"))
    lines = ["# Written by build.py for Apache webspace (deploy.host: apache).",
             f"ErrorDocument 404 {join_base(config, '/404.html')}",
             "<IfModule mod_headers.c>"]
    lines += [f'  Header always set {name} "{value}"' for name, value in security_headers(config)]
    lines += ["  # Fingerprinted files (content hash in the name) never change; HTML always revalidates.",
              f'  Header set Cache-Control "{IMMUTABLE}" "expr=%{{REQUEST_URI}} =~ m#^{base}({dirs})/#"',
              f'  Header set Cache-Control "{NO_CACHE}" "expr=%{{CONTENT_TYPE}} =~ m#^text/html#"',
              "</IfModule>"]
    moved = redirect_lines(config, redirects)
    if moved:
        lines += ["<IfModule mod_alias.c>", *(f"  {line}" for line in moved), "</IfModule>"]
    return "\n".join(lines) + "\n"


def host_files(planned: list[PlannedPage], config: Config) -> dict[str, bytes]:
    """``{".nojekyll": b"", "_headers" | ".htaccess": …, "CNAME": …}`` for
    ``config.publishing.host`` (CNAME only when configured)."""
    host = config.publishing.host
    files = {".nojekyll": b""}
    if host not in NO_HEADERS_FILE:
        files["_headers"] = headers_text(planned, config).encode()
    if host == "apache":
        files[".htaccess"] = htaccess_text(planned, config).encode()
    cname = config.publishing.cname.strip()
    if cname:
        files["CNAME"] = (cname + "\n").encode()
    return files
