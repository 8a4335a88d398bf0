"""``sitemap.xml`` (sitemaps.org 0.9), its sub-sitemaps, and ``robots.txt``.

One ``<url>`` per planned HTML page that search engines may index (no
``noindex`` page: the 404 page, drafts and scheduled articles shown in
previews), sorted by ``<loc>``.  ``<lastmod>`` is the page's ``lastmod``
from front matter (``updated``, else ``date``) in W3C Datetime: with time
and offset (``2024-04-25T14:48:00+02:00``) or the bare date
(``2024-04-26``) — never build time or file mtime, so a fresh clone gives
the same bytes.

Limits (sitemaps.org protocol, "Sitemap index files"): one sitemap holds at
most 50,000 URLs and 50 MB (52,428,800 bytes) uncompressed.  As Hugo does for
a one-language site, ``sitemap.xml`` is a plain ``<urlset>`` while every URL
fits in one file; beyond that it becomes a ``<sitemapindex>`` naming
``sitemap-1.xml``, ``sitemap-2.xml``, … (each within the limits, URLs in
``<loc>`` order), so search engines keep finding it at the same address.
``robots.txt`` names ``sitemap.xml`` and ``news-sitemap.xml`` (``newsmap``).
"""

from __future__ import annotations

import functools
from typing import Iterable

from lxml import etree

from sitegen.config.settings import Config
from sitegen.content.dates import Moment
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import PageKind, absolute_url, route

SITEMAP_PATH, ROBOTS_PATH, NEWS_PATH = "sitemap.xml", "robots.txt", "news-sitemap.xml"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000          # URLs in one sitemap (sitemaps.org)
MAX_BYTES = 52_428_800     # bytes of one uncompressed sitemap (sitemaps.org: 50 MB)
_XMLNS = f' xmlns="{NS}"'
_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped (``xml.sax.saxutils.escape``, whose module
    imports ``urllib.request``, ``http.client``, ``email`` and ``ssl``: ~15 ms of every build)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


_FRAME = len(b"<?xml version='1.0' encoding='UTF-8'?>\n") + len(f'<urlset xmlns="{NS}">\n</urlset>\n')


def w3c_datetime(moment: Moment) -> str:
    """``2024-04-25T14:48:00+02:00`` when the moment has a time, else ``2024-04-25``."""
    if moment.has_time:
        return moment.when.isoformat(timespec="seconds")
    return moment.when.date().isoformat()


def file_url(config: Config, name: str) -> str:
    """The absolute URL of the output file ``name`` at the top (with the base path)."""
    return absolute_url(config, route(config, PageKind.FILE, name).url)


def sitemap_url(config: Config) -> str:
    """The absolute URL of ``sitemap.xml`` (with the base path)."""
    return file_url(config, SITEMAP_PATH)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _url_text(loc: str, lastmod: Moment | None) -> str:
    """One ``<url>`` as lxml's ``pretty_print`` writes it inside ``<urlset>``
    (text escaped as lxml does: ``&``, ``<``, ``>``), built once per row."""
    mod = f"    <lastmod>{w3c_datetime(lastmod)}</lastmod>\n" if lastmod is not None else ""
    return f"  <url>\n    <loc>{escape(loc)}</loc>\n{mod}  </url>\n"


def _cost(text: str) -> int:
    """The size a row is budgeted at: its ``<url>`` serialised alone (ASCII with
    character references, without the two-space indent) plus 16 bytes of slack."""
    indents = 4 + 2 * text.count("\n    <")  # two on <url> and </url>, two on each child
    return len(text.encode("ascii", "xmlcharrefreplace")) - indents + 16


@functools.lru_cache(maxsize=1 << 17)
def _row(loc: str, lastmod: Moment | None) -> tuple[str, int]:
    """``_url_text`` and its ``_cost``, a pure function of hashable values (a bounded
    cache: ``serve`` writes the same 16,000 rows again after each save)."""
    text = _url_text(loc, lastmod)
    return text, _cost(text)


def _chunks(rows: list[tuple[str, Moment | None]], max_urls: int, max_bytes: int) -> list[list]:
    """``rows`` cut, in order, into runs of at most ``max_urls`` rows whose
    sitemap stays within ``max_bytes`` (a single row always fits alone);
    each row gains its serialised ``<url>`` text as a third item."""
    chunks: list[list] = [[]]
    size = _FRAME
    for loc, lastmod in rows:
        text, cost = _row(loc, lastmod)
        if chunks[-1] and (len(chunks[-1]) >= max_urls or size + cost > max_bytes):
            chunks.append([])
            size = _FRAME
        chunks[-1].append((loc, lastmod, text))
        size += cost
    return chunks


def _urlset(rows: Iterable[tuple[str, Moment | None, str]]) -> bytes:
    """The ``<urlset>`` of ``rows`` (byte-identical to lxml's pretty print)."""
    body = "".join(text for _, _, text in rows)
    if not body:
        return f"{_DECLARATION}<urlset{_XMLNS}/>\n".encode()
    return f"{_DECLARATION}<urlset{_XMLNS}>\n{body}</urlset>\n".encode()


def _index(config: Config, chunks: list[list]) -> bytes:
    index = etree.Element(f"{{{NS}}}sitemapindex", nsmap={None: NS})
    for number, chunk in enumerate(chunks, 1):
        entry = etree.SubElement(index, f"{{{NS}}}sitemap")
        etree.SubElement(entry, f"{{{NS}}}loc").text = file_url(config, f"sitemap-{number}.xml")
        dated = [moment for _, moment, _ in chunk if moment is not None]
        if dated:
            newest = max(dated, key=lambda m: (m.when, m.has_time))
            etree.SubElement(entry, f"{{{NS}}}lastmod").text = w3c_datetime(newest)
    return _xml(index)


def sitemap_xml(planned: list[PlannedPage], config: Config, max_urls: int | None = None,
                max_bytes: int | None = None) -> dict[str, bytes]:
    """``{"sitemap.xml": urlset}``, or, when the indexable HTML pages of
    ``planned`` need more than one file under ``max_urls`` URLs / ``max_bytes``
    bytes each, ``{"sitemap.xml": index, "sitemap-1.xml": …, …}``.  The
    limits default to ``MAX_URLS`` and ``MAX_BYTES``, read at call time."""
    rows = sorted((absolute_url(config, page.route.url), page.lastmod) for page in planned
                  if not page.noindex and page.route.output_path.endswith(".html"))
    chunks = _chunks(rows, max(1, max_urls or MAX_URLS), max_bytes or MAX_BYTES)
    if len(chunks) == 1:
        return {SITEMAP_PATH: _urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": _urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    return {SITEMAP_PATH: _index(config, chunks), **files}


def robots_txt(config: Config) -> bytes:
    """Allow everything and name the sitemap and the news sitemap.

    Crawlers read ``robots.txt`` only at the host's root: under a sub-path
    base URL the file is still written, for the host's owner to merge.
    """
    return (f"User-agent: *\nAllow: /\nSitemap: {sitemap_url(config)}\n"
            f"Sitemap: {file_url(config, NEWS_PATH)}\n").encode()


def sitemap_files(planned: list[PlannedPage], config: Config, max_urls: int | None = None,
                  max_bytes: int | None = None) -> dict[str, bytes]:
    """``{"sitemap.xml": …, ["sitemap-N.xml": …,] "robots.txt": …}``; the
    limits are parameters so tests can use small ones."""
    return {**sitemap_xml(planned, config, max_urls, max_bytes), ROBOTS_PATH: robots_txt(config)}
