"""Atom (``feed.xml``, RFC 4287) and RSS 2.0 (``rss.xml``) feeds, made with feedgen.

Both feeds hold the newest ``feeds.limit`` visible articles, newest first.
Output is byte-identical between builds: no build time anywhere (feedgen's
default ``updated``/``lastBuildDate`` of "now" is always overridden), dates
come from front matter with their offsets, and entry ids are tag URIs
(RFC 4151) made of the host, the publication day and the source path, so an
edit of body, title or tags keeps the id.  Every string is cleaned of
characters XML 1.0 forbids before feedgen sees it; lxml escapes ``]]>`` in
text as ``]]&gt;`` (no CDATA is used, so it cannot end a section early).
RSS titles and descriptions are HTML (``rss_text``), Atom's are plain text;
ids in entry bodies carry the entry's slug (``absolute_html``), so a feed
never holds ``fn1`` twice.

RSS dates go through feedgen's ``formatRFC2822``, which formats under the C
locale, so day and month names are English whatever ``LC_ALL``/``LANG`` say
(``Thu, 25 Apr 2024 14:48:00 +0200``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote

from feedgen.feed import FeedEntry, FeedGenerator

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.site.model import Site
from sitegen.site.urls import PageKind, absolute_url, article_route, route
from sitegen.render.disclosure import box_html
from sitegen.render.responsive import without_sources
from sitegen.render.views import Extras
from sitegen.site.timeline import last_modified
from sitegen.site.visibility import is_future

ATOM_PATH, RSS_PATH = "feed.xml", "rss.xml"
GENERATOR = "sitegen"
EMPTY_UPDATED = datetime(1970, 1, 1, tzinfo=timezone.utc)  # Atom requires <updated> even without entries

# Everything outside XML 1.0's Char production (control characters except
# tab, LF, CR; surrogates; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_ATTR = re.compile(r'(\s(?:href|src)\s*=\s*")([^"]*)(")', re.IGNORECASE)
# Our own Markdown output quotes every attribute with double quotes; quoted
# values may hold ">".
_IN_TAG = r"""(?:[^>"']|"[^"]*"|'[^']*')"""
_ID_ATTR = re.compile(r'<[a-zA-Z]' + _IN_TAG + r'*?\sid="([^"]*)"')
_ID_ATTR_FULL = re.compile(r'(<[a-zA-Z]' + _IN_TAG + r'*?\sid=")([^"]*)"')
_LAST_BUILD = re.compile(rb"\s*<lastBuildDate>[^<]*</lastBuildDate>")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


def rss_text(text: str) -> str:
    """Plain ``text`` as HTML for an RSS ``<title>``/``<description>``.

    RSS 2.0 gives these elements no type and readers render them as HTML
    (feedparser reports them as ``text/html``), so ``<script>`` must arrive
    as ``&lt;script&gt;`` after the XML decoding; lxml then escapes the text
    once more for XML.  Atom's ``<title>``/``<summary>``/``<subtitle>`` are
    ``type="text"`` (RFC 4287 §3.1) and get the plain text.
    """
    return html.escape(text, quote=False)


def feed_articles(site: Site, config: Config) -> list[Entry]:
    """The articles of the feeds: newest first, at most ``feeds.limit``.

    Drafts and scheduled articles stay out even in previews built with
    ``--drafts``/``--future``.
    """
    limit = max(0, config.publishing.feeds_limit)
    shown = [a for a in site.articles
             if not a.front.draft and not is_future(a, site.now)]
    return shown[:limit]


def entry_id(entry: Entry, config: Config) -> str:
    """A tag URI that survives edits: ``tag:www.example.de,2024-04-25:content/news/gold``."""
    host = config.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    path = entry.path[:-3] if entry.path.endswith(".md") else entry.path
    day = entry.front.published.when.date().isoformat()
    return f"tag:{host},{day}:{quote(path, safe='/-._~')}"


def absolute_html(body: str, config: Config, page_url: str, prefix: str = "") -> str:
    """Make root-relative ``href``/``src`` (``/…``) absolute and ``#anchor``
    point to ``page_url#anchor``; protocol-relative and full URLs stay.

    With ``prefix`` (a feed entry's slug), every ``id="x"`` in ``body``
    becomes ``id="<prefix>-x"`` and a ``#x`` link to one of them becomes
    ``#<prefix>-x``, so ids stay unique when a feed holds many bodies
    (footnotes are ``fn1`` in every article) and the entry's own links, such
    as footnote references and back-references, keep their target.  A
    ``#x`` with no such id in ``body`` still points to ``page_url#x``.
    """
    own = set(_ID_ATTR.findall(body)) if prefix else set()

    def fix(match: re.Match) -> str:
        value = match.group(2)
        if value.startswith("#") and value[1:] in own:
            value = f"#{prefix}-{value[1:]}"
        elif value.startswith("#"):
            value = page_url + value
        elif value.startswith("/") and not value.startswith("//"):
            value = absolute_url(config, value)
        return match.group(1) + value + match.group(3)
    body = _URL_ATTR.sub(fix, body)
    if own:
        body = _ID_ATTR_FULL.sub(lambda m: f'{m.group(1)}{prefix}-{m.group(2)}"', body)
    return body


def entry_content(entry: Entry, config: Config, extras: Extras, page_url: str) -> str:
    """The full HTML of a feed entry: body with absolute URLs and ids made
    unique by the entry's slug (``fn1`` → ``<slug>-fn1``), then the risk notice."""
    content = absolute_html(without_sources(extras.body_html(entry)), config, page_url, entry.slug)
    content += str(box_html(entry, config))  # render/disclosure.py: Art. 20 MAR box, as on the page
    if entry.front.disclaimer and config.publishing.disclaimer:
        content = content.rstrip("\n") + f"\n<p><em>{html.escape(config.publishing.disclaimer, quote=False)}</em></p>"
    return content


@dataclass(frozen=True)
class Channel:
    """One pair of feeds: ``title``/``subtitle`` (plain text), ``home`` (the
    absolute URL of the page they follow, also the Atom id) and the output
    paths of the Atom and RSS files."""

    title: str
    subtitle: str
    home: str
    atom_path: str = ATOM_PATH
    rss_path: str = RSS_PATH


def feed_files(site: Site, config: Config, extras: Extras) -> dict[str, bytes]:
    """``{"feed.xml": Atom bytes, "rss.xml": RSS bytes}``."""
    home = absolute_url(config, route(config, PageKind.HOME).url)
    channel = Channel(config.title, config.description or config.title, home)
    return channel_files(channel, feed_articles(site, config), site, config, extras)


def channel_files(channel: Channel, articles: list[Entry], site: Site, config: Config,
                  extras: Extras) -> dict[str, bytes]:
    """``{channel.atom_path: Atom bytes, channel.rss_path: RSS bytes}`` of ``articles`` (newest first)."""
    entries = [_entry(a, site, config, extras) for a in articles]
    atom = _generator(config, channel, False, entries, articles, site.now).atom_str(pretty=True, encoding="UTF-8")
    rss = _generator(config, channel, True, entries, articles, site.now).rss_str(pretty=True, encoding="UTF-8")
    if not articles:  # lastBuildDate is optional in RSS: leave it out rather than invent a date
        rss = _LAST_BUILD.sub(b"", rss)
    return {channel.atom_path: atom, channel.rss_path: rss}


def _latest(articles: list[Entry], now: datetime | None) -> datetime:
    moments = [last_modified(a, now) for a in articles]
    return max(moments, key=lambda when: when.timestamp(), default=EMPTY_UPDATED)


def _generator(config: Config, channel: Channel, is_rss: bool, entries: list[dict],
               articles: list[Entry], now: datetime | None) -> FeedGenerator:
    shown = rss_text if is_rss else str
    self_path = channel.rss_path if is_rss else channel.atom_path
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # RSS <author> needs an e-mail; dc:creator takes a name
    fg.id(channel.home)
    fg.title(shown(xml_text(channel.title)))
    fg.subtitle(shown(xml_text(channel.subtitle)))  # also the RSS <description>
    fg.author(name=xml_text(config.publishing.publisher or config.title))
    fg.link(href=absolute_url(config, route(config, PageKind.FILE, self_path).url), rel="self",
            type="application/rss+xml" if is_rss else "application/atom+xml")
    fg.link(href=channel.home, rel="alternate", type="text/html")  # last: feedgen's RSS <link> is the last link
    fg.language(xml_text(config.language_tag))
    fg.generator(GENERATOR)
    fg.updated(_latest(articles, now))
    for item in entries:
        fe: FeedEntry = fg.add_entry(order="append")
        fe.id(item["id"])
        fe.title(shown(item["title"]))
        fe.link(href=item["url"], rel="alternate", type="text/html")
        fe.published(item["published"])
        fe.updated(item["updated"])
        fe.content(item["content"], type="html")
        if item["summary"]:
            fe.summary(shown(item["summary"]))
        if item["author"]:
            fe.author(name=item["author"])
            fe.dc.dc_creator(item["author"])
        for name in item["tags"]:
            fe.category(term=name)
    return fg


def _entry(article: Entry, site: Site, config: Config, extras: Extras) -> dict:
    front = article.front
    url = absolute_url(config, article_route(config, article).url)
    return {
        "id": xml_text(entry_id(article, config)),
        "title": xml_text(("Anzeige: " if article.front.sponsored else "") + article.title),
        "url": url,
        "published": front.published.when,
        "updated": last_modified(article, site.now),  # a correction changes it
        "content": xml_text(entry_content(article, config, extras, url)),
        "summary": xml_text(article.summary or article.body.first_paragraph),
        "author": xml_text(front.author),
        "tags": [xml_text(t.name) for t in site.tags_of.get(article.slug, ())],
    }
