"""Topic feeds: Atom and RSS per tag, ``/themen/<tag>/feed.xml`` and ``/themen/<tag>/rss.xml``.

The same entries as the site's feeds (``render.feeds``: drafts and
scheduled articles stay out, at most ``feeds.limit``, newest first), only
those tagged with the topic.  Linked from the tag page (``<link
rel="alternate">`` in its head and a visible link).
"""

from __future__ import annotations

import hashlib

from sitegen.config.settings import Config, site_key
from sitegen.render.feeds import Channel, channel_files, last_modified
from sitegen.render.views import Extras
from sitegen.site.model import Site, Tag
from sitegen.site.urls import PageKind, absolute_url, article_route, route, site_path
from sitegen.site.visibility import is_future

ATOM_NAME, RSS_NAME = "feed.xml", "rss.xml"


def topic_paths(config: Config, tag_slug: str) -> tuple[str, str]:
    """The output paths of a tag's Atom and RSS feeds: ``("themen/gold/feed.xml", "themen/gold/rss.xml")``."""
    folder = site_path(config, PageKind.TAG, tag_slug).lstrip("/")
    return folder + ATOM_NAME, folder + RSS_NAME


def topic_feed_files(site: Site, config: Config, extras: Extras, memo: dict | None = None) -> dict[str, bytes]:
    """``{output path: bytes}`` of both feeds of every tag of ``site``.

    With a ``memo`` (``serve`` keeps one between rebuilds) a tag's feeds are
    made again only when something they show changed: the config, or an
    entry's file, URL, tags, body as published (links resolved, data placed)
    or last-modified moment at ``site.now``.  The memo keeps only this build's keys.
    """
    files: dict[str, bytes] = {}
    config_digest = _digest(site_key(config)) if memo is not None else ""
    kept: dict = {}
    for tag in site.tags:
        articles = _entries(tag, site, config)
        key = _key(config_digest, tag, articles, site, config, extras) if memo is not None else None
        made = memo.get(key) if key is not None else None
        if made is None:
            made = _tag_files(tag, articles, site, config, extras)
        if key is not None:
            kept[key] = made
        files.update(made)
    if memo is not None:
        memo.clear()
        memo.update(kept)
    return files


def _key(config_digest: str, tag: Tag, articles: list, site: Site, config: Config, extras: Extras) -> str:
    rows = [config_digest, tag.slug, tag.name]
    for a in articles:
        names = ",".join(t.name for t in site.tags_of.get(a.slug, ()))
        rows.append("\0".join((a.path, a.digest, article_route(config, a).url, names,
                                str(last_modified(a, site.now)), _digest(extras.body_html(a)))))
    return _digest("\n".join(rows))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _entries(tag: Tag, site: Site, config: Config) -> list:
    limit = max(0, config.publishing.feeds_limit)
    return [a for a in tag.articles if not a.front.draft and not is_future(a, site.now)][:limit]


def _tag_files(tag: Tag, articles: list, site: Site, config: Config, extras: Extras) -> dict[str, bytes]:
    atom, rss = topic_paths(config, tag.slug)
    home = absolute_url(config, route(config, PageKind.TAG, tag.slug).url)
    channel = Channel(f"{config.title} – Thema: {tag.name}", f"Nachrichten zum Thema {tag.name}", home, atom, rss)
    return channel_files(channel, articles, site, config, extras)

