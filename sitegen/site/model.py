"""The site model: visible entries linked together (indexes, tags, related).

Pure and recomputed on every build (it is fast, and skipping it is what
makes other generators' incremental navigation wrong).  Tags whose slugs are
equal merge (``Währungen`` and NFD ``Währungen``, ``Gold`` and ``gold``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sitegen.content.entry import Entry
from sitegen.problems import Problem, error, warning
from sitegen.site.related import Selection, input_rows, reachable, select_related, selection_key, with_new
from sitegen.content.slugs import slugify
from sitegen.content.sources import EntryKind


@dataclass(frozen=True)
class Tag:
    """A tag (taxonomy term): display ``name``, ``slug``, articles newest first."""

    name: str
    slug: str
    articles: tuple[Entry, ...]


@dataclass(frozen=True)
class Site:
    """Everything the planner needs.

    ``articles`` are the visible articles, newest first (date, then slug);
    ``pages`` the visible pages by slug; ``tags`` sorted by slug;
    ``tags_of`` maps an article slug to its tags in the editor's order;
    ``related`` maps an article slug to its related articles; ``now`` is the
    build's clock (aware), so views can mark scheduled articles shown with
    ``--future``; ``selection`` is ``related`` as slugs, for the next build.
    """

    articles: tuple[Entry, ...]
    pages: tuple[Entry, ...]
    tags: tuple[Tag, ...]
    tags_of: Mapping[str, tuple[Tag, ...]]
    related: Mapping[str, tuple[Entry, ...]]
    now: datetime | None = None
    selection: Selection | None = None


def newest_first(articles: Iterable[Entry]) -> list[Entry]:
    """Sort articles newest first; equal times by slug, so order is total."""
    return sorted(articles, key=lambda a: (-a.front.published.when.timestamp(), a.slug))


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_SUFFIX = re.compile(r"\.(md|markdown|mdown)$", re.IGNORECASE)


def file_slug(path: str) -> str:
    """The slug a source's file name gives: the name without a date prefix and
    suffix (``content/news/2024-04-25-gold.md`` → ``gold``), for
    ``…/index.md`` the folder's name (Jekyll's and Hugo's ``:filename``/``:slug``)."""
    parts = path.split("/")
    name = _SUFFIX.sub("", parts[-1])
    if name in ("index", "_index") and len(parts) > 1:
        name = parts[-2]
    return slugify(_DATE_PREFIX.sub("", name))


def resolve_slug_clashes(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """Give the later of two same-titled entries a slug from its file name.

    Recurring headlines ("Mehrere Sicherheitslücken in RubyGems") give equal
    slugs.  Per kind and slug, an entry with ``slug:`` in its front matter
    keeps it, else the earliest non-draft (by date, then path); each other entry whose
    slug came from its title takes ``file_slug`` with a warning naming both,
    unless that slug is taken too (then the planner reports the clash as an
    error).  Returns ``(entries in the same order, warnings)``.
    """
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[(entry.kind, entry.slug)].append(entry)
    taken = set(groups)
    renamed: dict[str, Entry] = {}
    problems = []
    for (kind, slug), group in sorted(item for item in groups.items() if len(item[1]) > 1):
        group.sort(key=_age)
        for entry in group[1:]:
            new = file_slug(entry.path)
            if entry.front.slug or not new or (kind, new) in taken:
                continue
            taken.add((kind, new))
            renamed[entry.path] = dataclasses.replace(entry, slug=new)
            problems.append(warning(entry.path, entry.front.lines.get("title", 1),
                                    f"the title gives the slug '{slug}', which {group[0].path} already has; "
                                    f"this {kind} gets the slug '{new}' from its file name",
                                    f"to keep this URL even if the other {kind} goes, add slug: {new}"))
    return [renamed.get(e.path, e) for e in entries] if renamed else list(entries), problems


def _age(entry: Entry) -> tuple:
    """Sort key: entries with ``slug:`` first, then non-drafts (a draft never
    takes a published article's URL), then oldest, then by path."""
    when = entry.front.published.when.timestamp() if entry.front.published else 0.0
    return not entry.front.slug, entry.front.draft, when, entry.path


def build_site(visible: Iterable[Entry], known_slugs: set[str], related_count: int,
               now: datetime | None = None, reuse: Selection | None = None) -> tuple[Site, list[Problem]]:
    """Link the visible entries into a ``Site``.

    ``known_slugs`` are the slugs of all parsed articles (hidden ones too),
    so a ``related:`` slug is an error only when no article has it.
    ``reuse`` is an earlier build's related selection, taken when its key
    is equal (body edits leave it so).  Returns ``(site, problems)``.
    """
    entries = list(visible)
    articles = newest_first(e for e in entries if e.kind == EntryKind.ARTICLE)
    pages = sorted((e for e in entries if e.kind == EntryKind.PAGE), key=lambda e: e.slug)
    problems = _unknown_related(articles, known_slugs)
    tags, tags_of, tag_problems = _tags(articles)
    problems += tag_problems
    by_slug = {a.slug: a for a in articles}
    tag_slugs = {a.slug: [t.slug for t in tags_of[a.slug]] for a in articles}
    selection = _selection(articles, tags, tag_slugs, by_slug, related_count, reuse)
    related = {slug: tuple(by_slug[s] for s in chosen) for slug, chosen in selection.slugs.items()}
    return Site(tuple(articles), tuple(pages), tuple(tags), tags_of, related, now, selection), problems


def _selection(articles: list[Entry], tags: list[Tag], tag_slugs: Mapping[str, list[str]],
               by_slug: Mapping[str, Entry], count: int, reuse: Selection | None) -> Selection:
    """The related selection: ``reuse`` when its inputs are equal; with only
    new articles since, ``reuse`` updated for the articles they reach
    (``related.reachable``, ``related.with_new``); else every article's made anew."""
    rows = input_rows(articles, tag_slugs)
    key = selection_key(articles, tag_slugs, count, rows)
    if reuse is not None and reuse.key == key:
        return reuse
    found = reachable(reuse, articles, tag_slugs, count, rows) if reuse is not None else None
    redo, merge = found if found is not None else (None, set())
    tag_sets = {t.slug: {a.slug for a in t.articles} for t in tags}
    rank = {a.slug: index for index, a in enumerate(articles)}
    added = [a.slug for a in articles if a.slug not in reuse.rows] if merge else []
    memo: dict = {}
    chosen = {}
    for article in articles:
        slug = article.slug
        if redo is None or slug in redo:
            chosen[slug] = tuple(e.slug for e in select_related(article, by_slug, tag_sets, articles, count,
                                                               tag_slugs[slug], rank, memo))
        else:
            chosen[slug] = with_new(reuse.slugs[slug], article, added, tag_slugs, rank, count, by_slug) \
                if slug in merge else reuse.slugs[slug]
    return Selection(key, chosen, count, rows)


def _unknown_related(articles: list[Entry], known: set[str]) -> list[Problem]:
    problems = []
    for article in articles:
        for slug in article.front.related:
            if slug not in known:
                line = article.front.lines.get(f"related:{slug}", article.front.lines.get("related", 1))
                problems.append(error(article.path, line, f"related article '{slug}' does not exist",
                                      "use the slug of an article, as in its URL /news/<slug>/"))
    return problems


def _tags(articles: list[Entry]) -> tuple[list[Tag], dict[str, tuple[Tag, ...]], list[Problem]]:
    slug_of = functools.lru_cache(maxsize=None)(slugify)
    members: dict[str, list[Entry]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    problems, slugs_of = [], []  # each article's tag slugs, in order
    for article in articles:
        slugs = {}
        for name in dict.fromkeys(article.front.tags):
            slug = slug_of(name)
            if not slug:
                line = article.front.lines.get(f"tags:{name}", article.front.lines.get("tags", 1))
                problems.append(error(article.path, line,
                                      f"tag '{name}' has no letters or digits", "use a word, e.g. Gold"))
                continue
            if slug not in slugs:
                slugs[slug] = None
                members[slug].append(article)
            spellings[slug][name] += 1
        slugs_of.append(slugs)
    tags = {slug: Tag(_name(spellings[slug]), slug, tuple(members[slug])) for slug in sorted(members)}
    tags_of = {article.slug: tuple(tags[s] for s in slugs) for article, slugs in zip(articles, slugs_of)}
    return list(tags.values()), tags_of, problems


def _name(counts: Counter[str]) -> str:
    """The most used spelling of a tag; ties go to the alphabetically first."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
