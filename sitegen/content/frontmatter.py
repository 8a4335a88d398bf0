"""Split a source into YAML front matter and Markdown body, and type the keys.

Like Zola's typed front matter: every known key has one type, unknown keys are
kept in ``extra`` for templates, and a near miss of a known key (``titel``,
``tag``) is a warning.  Lines are counted in the file, the opening ``---``
being line 1.
"""

from __future__ import annotations

import difflib
from urllib.parse import unquote
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from sitegen.content import dates
from sitegen.config import yamltext
from sitegen.problems import Problem, error, has_errors, warning
from sitegen.content.foreign import adopt_foreign_keys
from sitegen.content.slugs import is_valid_slug, slugify
from sitegen.config.yamltext import Node
from sitegen.content.sources import EntryKind
from sitegen.content.split import Split, split_source
from sitegen.content.disclosure import Disclosure, parse_authors, parse_disclosure
from sitegen.content.timeline import (Breaking, Correction, check_order, check_page_keys, read_breaking,
                                      read_corrections)

DISCLOSURE_KEYS = ("recommendation", "instruments", "conflicts")

__all__ = ["FrontMatter", "Split", "parse_front_matter", "split_source"]

ARTICLE_KEYS = {"title", "date", "time", "tags", "summary", "author", "slug", "draft",
                "updated", "related", "image", "image_alt", "image_credit", "image_caption", "sponsored",
                "disclaimer", "aliases", "authors", *DISCLOSURE_KEYS, "expires", "breaking", "corrections",
                "featured"}
PAGE_KEYS = {"title", "summary", "slug", "draft", "updated", "author", "aliases"}
TRUE, FALSE = ("true", "yes"), ("false", "no")
# Values one front matter may hold, aliases expanded: a long article has ~30.
MAX_VALUES = 10_000


@dataclass(frozen=True)
class FrontMatter:
    """Typed front matter of an article or page.

    ``published`` and ``updated`` are ``dates.Moment`` values in site time
    (None for pages without a date).  ``tags`` keeps the editor's spelling;
    ``related`` holds article slugs.  ``lines`` maps each given key to its
    file line, and ``"tags:<name>"`` / ``"related:<slug>"`` to the line of
    that list entry; ``extra`` holds unknown keys as plain str/list/dict values.
    """

    title: str
    published: dates.Moment | None = None
    updated: dates.Moment | None = None
    tags: tuple[str, ...] = ()
    summary: str = ""
    author: str = ""
    slug: str = ""
    draft: bool = False
    related: tuple[str, ...] = ()
    image: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_caption: str = ""
    sponsored: bool = False
    featured: bool = False  # leads the home page (site/lead.py)
    disclaimer: bool = True
    aliases: tuple[str, ...] = ()  # old site paths that redirect here, checked by site/redirects.py
    authors: tuple[str, ...] = ()  # author slugs of config authors:, checked by site/authors.py
    disclosure: Disclosure | None = None  # Art. 20 MAR, content/disclosure.py; checked by site/disclosure.py
    expires: dates.Moment | None = None  # content/timeline.py: off every list from then
    breaking: Breaking | None = None
    corrections: tuple[Correction, ...] = ()  # oldest first
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


class _Typer:
    """Converts ``Node`` values of known keys to their types, collecting problems."""

    def __init__(self, path: str, zone: ZoneInfo, problems: list[Problem]):
        self.path, self.zone, self.problems = path, zone, problems

    def fail(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(error(self.path, line, message, hint))

    def text(self, key: str, node: Node | None) -> str:
        if node is None or node.value is None:
            return ""
        if not isinstance(node.value, str):
            self.fail(node.line, f"'{key}' must be text, not a list or mapping",
                      f'write it on one line, e.g. {key}: "…"')
            return ""
        return node.value.strip()

    def boolean(self, key: str, node: Node | None) -> bool:
        value = self.text(key, node).lower()
        if value in TRUE + FALSE or not value:
            return value in TRUE
        self.fail(node.line, f"'{key}' must be true or false, not '{node.value}'", f"{key}: true")
        return False

    def text_list(self, key: str, node: Node | None) -> tuple[str, ...]:
        if node is None or node.value is None:
            return ()
        if isinstance(node.value, str):
            return tuple(t.strip() for t in node.value.split(",") if t.strip())
        if isinstance(node.value, dict):
            self.fail(node.line, f"'{key}' must be a list", f"{key}: [Gold, Zinsen]")
            return ()
        items = []
        for item in node.value:
            if isinstance(item.value, str) and not item.value.strip() or item.value is None:
                self.fail(item.line, f"an entry of '{key}' is empty", f"delete it or write the text, e.g. {key}: [Gold, Zinsen]")
            elif not isinstance(item.value, str):
                self.fail(item.line, f"each entry of '{key}' must be text", f"{key}: [Gold, Zinsen]")
            else:
                items.append(item.value.strip())
        return tuple(items)

    def moment(self, key: str, node: Node | None, time_node: Node | None) -> dates.Moment | None:
        raw = self.text(key, node)
        clock = self._clock(time_node)
        if not raw:
            return None
        try:
            day, own_clock, aware = dates.parse_date(raw)
        except dates.DateError as exc:
            own = key.startswith(("expires", "breaking", "corrections"))  # content/timeline.py's keys name themselves
            self.fail(node.line, str(exc).replace("date '", f"{key} '", 1) if own else str(exc), exc.hint)
            return None
        if own_clock is not None and time_node is not None and time_node.value is not None:
            self.fail(time_node.line, f"the time is given twice: in 'date: {raw}' and in 'time'",
                      "keep only one of them")
            return None
        if aware:
            conflict = dates.offset_conflict(aware, self.zone)
            if conflict:
                self.problems.append(warning(self.path, node.line, *conflict))
            try:
                return dates.to_zone(aware, self.zone)
            except dates.DateError as exc:
                self.fail(node.line, str(exc), exc.hint)
                return None
        if clock is False:
            return None
        try:
            return self._localize(day, own_clock or clock, time_node if clock else node)
        except dates.DateError as exc:
            self.fail((time_node if clock else node).line, str(exc), exc.hint)
            return None

    def name_moment(self, time_node: Node | None) -> dates.Moment | None:
        """Without ``date:``, the date the file name starts with (as Jekyll
        and Hugo's ``:filename`` take it), at ``time`` or 00:00 site time;
        None when the name has no date (then ``date`` is reported missing)."""
        day = dates.name_date(self.path)
        clock = self._clock(time_node) if day else None
        if day is None or clock is False:
            return None
        try:
            return self._localize(day, clock, time_node)
        except dates.DateError as exc:
            self.fail(time_node.line if time_node is not None else 1, str(exc), exc.hint)
            return None

    def _clock(self, time_node: Node | None):
        """The ``time`` value: a ``time``, None when absent, False when invalid (reported)."""
        if time_node is None or time_node.value is None:
            return None
        try:
            return dates.parse_time(self.text("time", time_node))
        except dates.DateError as exc:
            self.fail(time_node.line, str(exc), exc.hint)
            return False

    def _localize(self, day, clock, node: Node) -> dates.Moment:
        moment = dates.localize(day, clock, self.zone)
        if moment.ambiguous:
            self.problems.append(warning(
                self.path, node.line, f"{clock:%H:%M} on {day:%d.%m.%Y} happens twice (summer time ends); "
                "summer time is used", f"for winter time write the offset: date: {day:%Y-%m-%d}T{clock:%H:%M}:00"
                f"{(moment.when.replace(fold=1).strftime('%z')[:3])}:00"))
        return moment


def parse_front_matter(split: Split, path: str, kind: str, zone: ZoneInfo) -> tuple[FrontMatter | None, list[Problem]]:
    """Type the front matter of one source (``kind`` "article" or "page").

    Returns ``(front_matter, problems)``; ``front_matter`` is None when an
    error was found.  Required: ``title`` (both kinds) and ``date`` (articles;
    without it the date a file name starts with, ``dates.name_date``).
    """
    root, problems = yamltext.parse_yaml(split.yaml, path, 2, MAX_VALUES, text_notes=True)
    if has_errors(problems):
        return None, problems
    if root is not None and not isinstance(root.value, dict):
        return None, [error(path, 2, "the front matter must be keys with values", "title: Mein Titel")]
    keys: dict[str, Node] = root.value if root is not None else {}
    known = ARTICLE_KEYS if kind == EntryKind.ARTICLE else PAGE_KEYS
    keys, adopted = adopt_foreign_keys(keys, kind, path)
    problems += adopted
    t = _Typer(path, zone, problems)
    fm = _build(keys, kind, t)
    _check_required(keys, kind, fm, t)
    _warn_near_misses(keys, known, path, problems)
    return (None if any(p.is_error for p in problems) else fm), problems


def _build(keys: dict[str, Node], kind: str, t: _Typer) -> FrontMatter:
    get = keys.get
    known = ARTICLE_KEYS if kind == EntryKind.ARTICLE else PAGE_KEYS
    if kind != EntryKind.ARTICLE and "time" in keys:
        known = known | {"time"}
    return FrontMatter(
        title=t.text("title", get("title")),
        published=(t.moment("date", get("date"), get("time")) if "date" in keys else t.name_moment(get("time")))
        if kind == EntryKind.ARTICLE else None,
        updated=t.moment("updated", get("updated"), None),
        tags=t.text_list("tags", get("tags")) if kind == EntryKind.ARTICLE else (),
        summary=t.text("summary", get("summary")),
        author=t.text("author", get("author")),
        slug=_slug(t, get("slug")),
        draft=t.boolean("draft", get("draft")),
        related=t.text_list("related", get("related")) if kind == EntryKind.ARTICLE else (),
        image=t.text("image", get("image")),
        image_alt=t.text("image_alt", get("image_alt")),
        image_credit=t.text("image_credit", get("image_credit")),
        image_caption=t.text("image_caption", get("image_caption")),
        sponsored=t.boolean("sponsored", get("sponsored")),
        featured=t.boolean("featured", get("featured")) if kind == EntryKind.ARTICLE else False,
        disclaimer=t.boolean("disclaimer", get("disclaimer")) if "disclaimer" in keys else True,
        aliases=t.text_list("aliases", get("aliases")),
        authors=parse_authors(get("authors"), t) if kind == EntryKind.ARTICLE else (),
        disclosure=parse_disclosure(keys, t) if kind == EntryKind.ARTICLE else None,
        expires=t.moment("expires", get("expires"), None) if kind == EntryKind.ARTICLE else None,
        breaking=read_breaking(t, get("breaking")) if kind == EntryKind.ARTICLE else None,
        corrections=read_corrections(t, get("corrections")) if kind == EntryKind.ARTICLE else (),
        lines=MappingProxyType({**{k: n.line for k, n in keys.items()},
                                **_item_lines(keys, ("tags", "related", "aliases", "authors"))}),
        extra=MappingProxyType({k: yamltext.to_plain(n) for k, n in keys.items() if k not in known}),
    )


def _item_lines(keys: dict[str, Node], names: tuple[str, ...]) -> dict[str, int]:
    """``{"related:<slug>": line}`` for each entry of a list written one per line."""
    found = {}
    for name in names:
        node = keys.get(name)
        if node is not None and isinstance(node.value, list):
            for item in node.value:
                if isinstance(item.value, str):
                    found.setdefault(f"{name}:{item.value.strip()}", item.line)
    return found


def _slug(t: _Typer, node: Node | None) -> str:
    slug = t.text("slug", node)
    if slug and not is_valid_slug(slug):
        better = slugify(unquote(slug))
        hint = f"use slug: {better}" if better else "use lowercase letters, digits and -, e.g. gold-auf-rekordhoch"
        t.fail(node.line, f"slug '{slug}' is not a valid slug (only a-z, 0-9 and -)", hint)
    return slug


def _check_required(keys: dict[str, Node], kind: str, fm: FrontMatter, t: _Typer) -> None:
    required = ("title", "date") if kind == EntryKind.ARTICLE else ("title",)
    examples = {"title": 'title: "Gold: Preis auf Rekordhoch"', "date": "date: 25.04.2024"}
    for key in required:
        node = keys.get(key)
        if key == "date" and node is None and dates.name_date(t.path):
            continue  # the file name gives it (name_moment)
        if node is None or node.value is None or (isinstance(node.value, str) and not node.value.strip()):
            line = node.line if node is not None else 1
            state = "is empty" if node is not None else "is missing"
            t.fail(line, f"'{key}' {state} in the front matter", f"add {examples[key]}")
    if fm.image and not fm.image_alt:
        t.fail(keys["image"].line, "'image' needs 'image_alt', a short description of the picture for screen readers",
               'add e.g. image_alt: "Goldbarren in einem Tresor"')
    if fm.updated and fm.published and (fm.updated.when < fm.published.when if fm.updated.has_time
                                        else fm.updated.when.date() < fm.published.when.date()):
        t.fail(keys["updated"].line, "'updated' is before 'date'", "an update cannot come before publication")
    check_order(t, fm.lines, fm.published, fm.expires, fm.breaking, fm.corrections)
    if kind != EntryKind.ARTICLE:
        check_page_keys(t, keys)
    if "disclaimer" in keys and not fm.disclaimer:
        t.problems.append(warning(t.path, keys["disclaimer"].line,
                                  "the risk notice (keine Anlageberatung) is switched off for this article",
                                  "remove 'disclaimer: false' unless the article gives no investment information"))


def _warn_near_misses(keys: dict[str, Node], known: set[str], path: str, problems: list[Problem]) -> None:
    for key, node in keys.items():
        if key in known:
            continue
        if key.lower() in known:
            problems.append(warning(path, node.line, f"keys are case-sensitive: '{key}' is not '{key.lower()}' "
                                    "and is kept for templates only", f"write it as {key.lower()}:"))
            continue
        close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.7)
        if close:
            problems.append(warning(path, node.line, f"unknown key '{key}' is kept for templates only",
                                    f"did you mean '{close[0]}'?"))
