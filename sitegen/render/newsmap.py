"""``news-sitemap.xml``: the Google News sitemap of the last 48 hours.

Rules from Google Search Central, "Create a Google News sitemap": list only
articles published in the last two days, at most 1,000 ``<url>`` per file;
each has ``<news:news>`` with ``<news:publication>`` (``<news:name>``,
``<news:language>``: an ISO 639 code, here the config language's primary
subtag, ``de_DE`` → ``de``), ``<news:publication_date>`` (W3C Datetime, with
its offset when the article has a time) and ``<news:title>``.

"The last 48 hours" is counted by the build's clock (``--now``), never by
the machine's, so a build is reproducible: an article is listed while
``now - 48 h < published <= now``.  Because the file changes with the clock
alone, ``next_change`` tells the build state when it next does (the oldest
listed article turning 48 hours old), so a scheduled build without changed
files still rebuilds then.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from lxml import etree

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.render.sitemap import NEWS_PATH, NS, w3c_datetime
from sitegen.site.model import Site
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import PageKind, absolute_url

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
WINDOW = timedelta(hours=48)
MAX_NEWS_URLS = 1000  # Google News: at most 1,000 URLs per news sitemap


def language_code(config: Config) -> str:
    """The primary language subtag of ``config.language`` (``de_DE`` → ``de``), lower case."""
    return re.split(r"[-_]", config.language, maxsplit=1)[0].lower()


def news_articles(site: Site, planned: list[PlannedPage], now: datetime) -> list[tuple[PlannedPage, Entry]]:
    """The indexable article pages published within ``WINDOW`` before ``now``
    (aware), newest first (as ``site.articles``), at most ``MAX_NEWS_URLS``."""
    pages = {p.source: p for p in planned if p.kind == PageKind.ARTICLE and not p.noindex}
    found = [(pages[a.path], a) for a in site.articles
             if a.path in pages and now - WINDOW < a.front.published.when <= now]
    return found[:MAX_NEWS_URLS]


def next_change(site: Site, planned: list[PlannedPage], now: datetime | None) -> datetime | None:
    """When the news sitemap changes next with the clock alone: the moment
    its oldest article turns 48 hours old; None when it lists none (or there is no clock)."""
    if now is None:
        return None
    listed = news_articles(site, planned, now)
    return min((a.front.published.when + WINDOW for _, a in listed), default=None)


def news_sitemap_xml(site: Site, planned: list[PlannedPage], config: Config, now: datetime) -> bytes:
    """The news sitemap at ``now`` (an empty ``<urlset>`` when no article is new enough)."""
    name = config.publishing.news_publication or config.title
    urlset = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS, "news": NEWS_NS})
    for page, entry in news_articles(site, planned, now):
        url = etree.SubElement(urlset, f"{{{NS}}}url")
        etree.SubElement(url, f"{{{NS}}}loc").text = absolute_url(config, page.route.url)
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = name
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = language_code(config)
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = w3c_datetime(entry.front.published)
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = entry.title
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def news_files(site: Site, planned: list[PlannedPage], config: Config) -> dict[str, bytes]:
    """``{"news-sitemap.xml": …}`` at the site's clock (``site.now``); ``{}`` without a clock."""
    if site.now is None:
        return {}
    return {NEWS_PATH: news_sitemap_xml(site, planned, config, site.now)}
