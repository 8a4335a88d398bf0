"""Check rendered pages before anything is written.

Rules: exactly one ``h1`` per page; no duplicate ``id`` in a page; nothing
that the browser would load from another host (privacy: no third-party
requests).  HTML is read with the standard library's ``html.parser``.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Mapping

from .problems import Problem, error

LOAD_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
              "video": ("src", "poster"), "audio": ("src",), "iframe": ("src",), "embed": ("src",),
              "object": ("data",), "input": ("src",), "track": ("src",)}
LOAD_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch",
             "apple-touch-icon", "shortcut"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


class _PageScan(HTMLParser):
    """Collects h1 count, ids and URLs the page would load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.ids: Counter[str] = Counter()
        self.loads: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.h1 += tag == "h1"
        if "id" in values:
            self.ids[values["id"]] += 1
        for attr in LOAD_ATTRS.get(tag, ()):
            if values.get(attr):
                self.loads += [part.split()[0] for part in values[attr].split(",") if part.strip()]
        if tag == "link" and LOAD_RELS & set(values.get("rel", "").lower().split()):
            self.loads.append(values.get("href", ""))
        if values.get("style"):
            self.loads += css_urls(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.loads += css_urls(data)


def css_urls(css: str) -> list[str]:
    """URLs a piece of CSS loads (``url(...)`` and ``@import``)."""
    return [a or b for a, b in _CSS_URL.findall(css)]


def is_external(url: str, own_host: str) -> bool:
    """True when ``url`` points to another host (absolute or protocol-relative)."""
    url = url.strip().lower()
    if url.startswith("//"):
        host = url[2:].split("/", 1)[0]
    elif re.match(r"^[a-z][a-z0-9+.-]*://", url):
        host = url.split("://", 1)[1].split("/", 1)[0]
    else:
        return False
    return host != own_host.lower()


def validate_pages(files: Mapping[str, bytes], own_host: str, sources: Mapping[str, str]) -> list[Problem]:
    """Check every HTML page in ``files`` ({output path: bytes}).

    ``sources`` maps an output path to the source that made it (for the
    message); problems are reported at ``output/<path>`` otherwise.
    """
    problems = []
    for path, data in sorted(files.items()):
        if not path.endswith(".html"):
            continue
        scan = _PageScan()
        scan.feed(data.decode("utf-8"))
        where = sources.get(path) or f"output/{path}"
        if scan.h1 != 1:
            problems.append(error(where, 0, f"page /{path} has {scan.h1} h1 headings, not exactly one",
                                  "the theme must show the title as the only h1"))
        for ident, count in sorted(scan.ids.items()):
            if count > 1:
                problems.append(error(where, 0, f"id '{ident}' appears {count} times on page /{path}",
                                      "each id must be unique on a page"))
        for url in scan.loads:
            if is_external(url, own_host):
                problems.append(error(where, 0, f"page /{path} would load {url} from another host",
                                      "serve the file from this site (privacy: no third-party requests)"))
    return problems
