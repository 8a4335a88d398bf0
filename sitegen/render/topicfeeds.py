"""Topic feeds: Atom and RSS per tag, ``/themen/<tag>/feed.xml`` and ``/themen/<tag>/rss.xml``.

The same entries as the site's feeds (``render.feeds``: drafts and
scheduled articles stay out, at most ``feeds.limit``, newest first), only
those tagged with the topic.  Linked from the tag page (``<link
rel="alternate">`` in its head and a visible link).
"""

from __future__ import annotations

from sitegen.config.settings import Config
from sitegen.render.feeds import Channel, channel_files
from sitegen.render.views import Extras
from sitegen.site.model import Site, Tag
from sitegen.site.urls import PageKind, absolute_url, route, site_path
from sitegen.site.visibility import is_future

ATOM_NAME, RSS_NAME = "feed.xml", "rss.xml"


def topic_paths(config: Config, tag_slug: str) -> tuple[str, str]:
    """The output paths of a tag's Atom and RSS feeds: ``("themen/gold/feed.xml", "themen/gold/rss.xml")``."""
    folder = site_path(config, PageKind.TAG, tag_slug).lstrip("/")
    return folder + ATOM_NAME, folder + RSS_NAME


def topic_feed_files(site: Site, config: Config, extras: Extras) -> dict[str, bytes]:
    """``{output path: bytes}`` of both feeds of every tag of ``site``."""
    files: dict[str, bytes] = {}
    for tag in site.tags:
        files.update(_tag_files(tag, site, config, extras))
    return files


def _tag_files(tag: Tag, site: Site, config: Config, extras: Extras) -> dict[str, bytes]:
    limit = max(0, config.publishing.feeds_limit)
    articles = [a for a in tag.articles if not a.front.draft and not is_future(a, site.now)][:limit]
    atom, rss = topic_paths(config, tag.slug)
    home = absolute_url(config, route(config, PageKind.TAG, tag.slug).url)
    channel = Channel(f"{config.title} – Thema: {tag.name}", f"Nachrichten zum Thema {tag.name}", home, atom, rss)
    return channel_files(channel, articles, site, config, extras)

