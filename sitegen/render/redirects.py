"""Redirect pages and ``_redirects``: the bytes of ``site/redirects`` plans.

A redirect page is what Hugo writes for an alias: an HTML document with
``<meta http-equiv="refresh" content="0; url=…">``, ``<link rel="canonical">``
to the new absolute URL (so search engines move the old URL's ranking) and
``<meta name="robots" content="noindex">``; its body links to the target by
title for browsers that ignore refresh.  No script (the site's CSP allows
none).  ``_redirects`` is Netlify's and Cloudflare Pages' format: one
``old new 301`` line per redirect.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from sitegen.config.settings import Config
from sitegen.site.redirects import Redirect, redirect_rules
from sitegen.site.urls import absolute_url, join_base

REDIRECTS_FILE = "_redirects"


def redirect_page(config: Config, redirect: Redirect) -> bytes:
    """The HTML redirect page of ``redirect`` (UTF-8 bytes, valid HTML5)."""
    target = absolute_url(config, join_base(config, redirect.new))
    url, title = escape(target), escape(redirect.title)
    return (f'<!DOCTYPE html>\n<html lang="{escape(config.language_tag)}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{title}</title>\n<link rel="canonical" href="{url}">\n'
            f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={url}">\n'
            f'</head>\n<body>\n<p>Diese Seite ist umgezogen: <a href="{url}">{title}</a></p>\n</body>\n</html>\n'
            ).encode("utf-8")


def redirect_files(config: Config, redirects: Iterable[Redirect]) -> dict[str, bytes]:
    """{output path: bytes}: one redirect page per redirect and, when there
    is any, ``_redirects`` (lines ``/alt/ /news/gold/ 301``, sorted)."""
    redirects = list(redirects)
    files = {r.output_path: redirect_page(config, r) for r in redirects}
    rules = redirect_rules(redirects, config)
    if rules:
        files[REDIRECTS_FILE] = "".join(f"{old} {new} 301\n" for old, new in rules).encode("utf-8")
    return files
