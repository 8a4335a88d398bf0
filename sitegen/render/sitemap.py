"""``sitemap.xml`` (sitemaps.org 0.9) and ``robots.txt`` pointing to it.

One ``<url>`` per planned HTML page that search engines may index (no
``noindex`` page: the 404 page, drafts and scheduled articles shown in
previews), sorted by ``<loc>``.  ``<lastmod>`` is the page's ``lastmod``
from front matter (``updated``, else ``date``) in W3C Datetime: with time
and offset (``2024-04-25T14:48:00+02:00``) or the bare date
(``2024-04-26``) — never build time or file mtime, so a fresh clone gives
the same bytes.
"""

from __future__ import annotations

from lxml import etree

from sitegen.config.settings import Config
from sitegen.content.dates import Moment
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import PageKind, absolute_url, route

SITEMAP_PATH, ROBOTS_PATH = "sitemap.xml", "robots.txt"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def w3c_datetime(moment: Moment) -> str:
    """``2024-04-25T14:48:00+02:00`` when the moment has a time, else ``2024-04-25``."""
    if moment.has_time:
        return moment.when.isoformat(timespec="seconds")
    return moment.when.date().isoformat()


def sitemap_url(config: Config) -> str:
    """The absolute URL of ``sitemap.xml`` (with the base path)."""
    return absolute_url(config, route(config, PageKind.FILE, SITEMAP_PATH).url)


def sitemap_xml(planned: list[PlannedPage], config: Config) -> bytes:
    """The sitemap of the indexable HTML pages in ``planned``."""
    rows = sorted((absolute_url(config, page.route.url), page.lastmod) for page in planned
                  if not page.noindex and page.route.output_path.endswith(".html"))
    urlset = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS})
    for loc, lastmod in rows:
        url = etree.SubElement(urlset, f"{{{NS}}}url")
        etree.SubElement(url, f"{{{NS}}}loc").text = loc  # lxml escapes & < >
        if lastmod is not None:
            etree.SubElement(url, f"{{{NS}}}lastmod").text = w3c_datetime(lastmod)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(config: Config) -> bytes:
    """Allow everything and name the sitemap.

    Crawlers read ``robots.txt`` only at the host's root: under a sub-path
    base URL the file is still written, for the host's owner to merge.
    """
    return f"User-agent: *\nAllow: /\nSitemap: {sitemap_url(config)}\n".encode()


def sitemap_files(planned: list[PlannedPage], config: Config) -> dict[str, bytes]:
    """``{"sitemap.xml": …, "robots.txt": …}``."""
    return {SITEMAP_PATH: sitemap_xml(planned, config), ROBOTS_PATH: robots_txt(config)}
