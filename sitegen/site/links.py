"""Resolve and check the links in Markdown bodies.

Editors may link another article by its source file (``gold.md``,
``../pages/impressum.md``), by a site path (``/news/gold/``, ``/themen/``),
or an anchor (``#fazit``, ``gold.md#fazit``); relative images and files
(``chart.png``) are published under ``/bilder/`` with a content hash.  Each
target becomes the right URL under ``base_url``.  A link to a missing or
unpublished article, or to a missing ``#anchor`` on our own pages, is an
error at its line.  Files are only published from below ``content/`` and
never when hidden (a path part starting with ``.``: ``.env``,
``../.git/config``), see ``render/media.publish_media``.  External links are
left alone.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from urllib.parse import unquote

from markdown_it.common.utils import escapeHtml

from sitegen.render.media import printable, publish_media
from sitegen.render.responsive import body_pictures, publish_picture
from sitegen.render.views import ImageView
from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.markdown import RESERVED_IDS
from sitegen.site.planner import PlannedPage
from sitegen.problems import Problem, error, warning
from sitegen.site.urls import PageKind, article_route, join_base, route
from sitegen.content.sources import MARKDOWN_SUFFIXES, EntryKind

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
WARN = "\0warn:"  # prefix of a message that is a warning, not an error (links to expired articles)
FOOTNOTE_IDS = re.compile(r"^fn(ref)?\d+(:\d+)?$")


@dataclass(frozen=True)
class Resolved:
    """The outcome for all entries: ``rewrites`` maps an entry path to
    {target as in the HTML: new URL}; ``files`` are published media;
    ``lines`` maps an entry path to {external URL: file line} for messages."""

    rewrites: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    files: Mapping[str, bytes] = field(default_factory=dict)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    pictures: Mapping[str, ImageView] = field(default_factory=dict)  # {published URL: responsive picture}

    def body_html(self, entry: Entry) -> str:
        """The entry's body HTML with its link targets rewritten and its images responsive."""
        mapping = self.rewrites.get(entry.path)
        if not mapping:
            return entry.body.html
        html = _ATTR.sub(lambda m: f'{m.group(1)}="{mapping.get(m.group(2), m.group(2))}"', entry.body.html)
        return body_pictures(html, self.pictures)


class _Resolver:
    def __init__(self, config: Config, all_entries: Iterable[Entry], shown: Iterable[Entry],
                 planned: Iterable[PlannedPage], other_files: Iterable[str], variants=None,
                 removed: Iterable[Entry] = ()):
        self.config = config
        self.variants = variants
        self.pictures: dict[str, ImageView] = {}
        self.removed = {e.path: e for e in removed}  # expired articles whose page is removed
        self.by_path = {e.path: e for e in all_entries}
        self.shown = {e.path for e in shown}
        base = config.base_path.rstrip("/")
        self.paths = {p.route.url[len(base):] for p in planned} | {"/" + f for f in other_files}
        self.articles = {self.url_of(e)[len(base):]: e for e in self.by_path.values()
                         if e.path in self.shown and e.kind == EntryKind.ARTICLE}
        self.files: dict[str, bytes] = {}
        self.removed_urls = {self.url_of(e)[len(base):]: e for e in self.removed.values()}

    def expired(self, path: str, entry: Entry) -> tuple[str | None, str, str]:
        """A link to an expired article whose page is removed: its old URL, with a warning (``WARN``)."""
        when = entry.front.expires.when
        return self.url_of(entry), f"{WARN}link to {path}: that article expired on {when:%d.%m.%Y %H:%M} and its page "             "is removed", "remove the link, or set news.expired: notice to keep expired pages with a notice"

    def url_of(self, entry: Entry) -> str:
        if entry.kind == EntryKind.ARTICLE:
            return article_route(self.config, entry).url
        return route(self.config, PageKind.PAGE, entry.slug).url

    def anchor_ok(self, entry: Entry | None, anchor: str) -> bool:
        """True for a heading id of ``entry``, a footnote, or an id the theme puts on pages."""
        ids = ({h.id for h in entry.body.headings} | RESERVED_IDS) if entry else set()
        return not anchor or anchor in ids or bool(FOOTNOTE_IDS.match(anchor))

    def resolve(self, entry: Entry, kind: str, target: str) -> tuple[str | None, str, str]:
        """Return (new target or None to keep, error message, hint)."""
        if _EXTERNAL.match(target):
            return None, "", ""
        path, _, anchor = unquote(target).partition("#")
        if not path and kind == "img":
            return None, f"image '{target}' names no file", "write ![description](chart.png)"
        if not path:
            ok = self.anchor_ok(entry, anchor)
            return None, "" if ok else f"anchor '#{anchor}' is not a heading on this page", _ids_hint(entry)
        if path.lower().endswith(MARKDOWN_SUFFIXES):
            return self._source(entry, path, anchor)
        if path.startswith("/"):
            return self._site_path(path, anchor, target)
        return self._file(entry, kind, path, target)

    def _source(self, entry: Entry, path: str, anchor: str) -> tuple[str | None, str, str]:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(entry.path), path.lstrip("/"))) \
            if not path.startswith("/") else posixpath.normpath("content" + path)
        other = self.by_path.get(rel)
        if other is None:
            return None, f"link to {path}: {rel} does not exist", "link the .md file of an existing article"
        if rel in self.removed:
            return self.expired(path, other)
        if rel not in self.shown:
            return None, f"link to {path}: that article is not published (draft or scheduled)", \
                "remove the link or publish the article first"
        if not self.anchor_ok(other, anchor):
            return None, f"link to {path}#{anchor}: no such heading there", _ids_hint(other)
        return self.url_of(other) + (f"#{anchor}" if anchor else ""), "", ""

    def _site_path(self, path: str, anchor: str, target: str) -> tuple[str | None, str, str]:
        candidates = [path] if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else [path + "/", path]
        for candidate in candidates:
            if candidate in self.paths or candidate.lstrip("/") in self.files:
                shown = self.articles.get(candidate)
                if shown is not None and not self.anchor_ok(shown, anchor):
                    return None, f"link to {path}#{anchor}: no such heading there", _ids_hint(shown)
                return join_base(self.config, candidate) + (f"#{anchor}" if anchor else ""), "", ""
            if candidate in self.removed_urls:
                return self.expired(path, self.removed_urls[candidate])
        return None, f"link to {path}: no such page on this site", "check the path, e.g. /news/<slug>/ or /themen/"

    def _file(self, entry: Entry, kind: str, path: str, target: str) -> tuple[str | None, str, str]:
        if kind == "img":
            view, files, message, hint = publish_picture(self.config, entry.path, path, "", self.variants)
            if view is None:
                return None, message, hint
            self.files.update(files)
            self.pictures[view.url] = view
            return view.url, "", ""
        media, message, hint = publish_media(self.config, entry.path, path,
                                             "image" if kind == "img" else "link target")
        if media is None:
            return None, message, hint
        self.files[media.output_path] = media.data
        return media.url, "", ""


def _ids_hint(entry: Entry | None) -> str:
    ids = [h.id for h in entry.body.headings] if entry else []
    return f"headings there: {', '.join('#' + i for i in ids[:8])}" if ids else "the page has no headings"


def resolve_links(config: Config, all_entries: list[Entry], shown: list[Entry], planned: list[PlannedPage],
                  other_files: Iterable[str] = (), variants=None,
                  removed: Iterable[Entry] = ()) -> tuple[Resolved, list[Problem]]:
    """Resolve every link of the ``shown`` entries; returns ``(resolved, problems)``.

    A link to an article of ``removed`` (expired, its page removed) keeps
    its URL and is a warning: the clock alone must not fail a build.

    ``other_files`` are output paths of files that are not pages (assets,
    feeds), so ``/feed.xml`` is a valid link; ``variants`` keeps encoded
    image variants between builds (``store.images.VariantCache`` or None).
    """
    resolver = _Resolver(config, all_entries, shown, planned, other_files, variants, removed)
    rewrites: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    problems = []
    for entry in shown:
        for link in entry.body.links:
            line = entry.body_line + link.line
            new, message, hint = resolver.resolve(entry, link.kind, link.target)
            if message.startswith(WARN):
                problems.append(warning(entry.path, line, printable(message[len(WARN):]), hint))
                rewrites.setdefault(entry.path, {})[escapeHtml(link.target)] = new
            elif message:
                problems.append(error(entry.path, line, printable(message), hint))
            elif new is not None and new != link.target:
                rewrites.setdefault(entry.path, {})[escapeHtml(link.target)] = new
            elif _EXTERNAL.match(link.target):
                lines.setdefault(entry.path, {}).setdefault(link.target, line)
    return Resolved(rewrites, resolver.files, lines, resolver.pictures), problems
