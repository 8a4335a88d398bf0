""""Wissenswertes zum Thema": the related articles of each article.

Order: explicit ``related:`` slugs first (in the editor's order), then the
most shared tags, then the newest, then the slug.  Candidates come from
per-tag sets (an index): for an article with tags T, the articles sharing
all of T are found by set intersection first, then those sharing |T|-1, and
so on until enough are found, so the cost does not grow with the square of
the archive.

When the only change since the last build is new articles, ``updated``
recomputes just the articles the new ones can reach (issue 13): those sharing
a tag with a new article, naming one in ``related:``, or filled up from the
newest articles; every other article keeps its selection.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, combinations
from typing import Mapping, Sequence

from sitegen.content.entry import Entry

MAX_SUBSET_TAGS = 6  # beyond this many tags, count shared tags directly


@dataclass(frozen=True)
class Selection:
    """A whole site's related articles as slugs ({article slug: related
    slugs}), and ``key``, the digest of everything the selection read (see
    ``selection_key``): a later build with an equal key may reuse it."""

    key: str
    slugs: Mapping[str, tuple[str, ...]]
    count: int = 0
    rows: Mapping[str, str] = field(default_factory=dict)  # {slug: its input row}, newest first (``input_rows``)


def input_rows(articles: Sequence[Entry], tag_slugs: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """{slug: "tag slugs|related: slugs"} of each visible article, newest first."""
    return {a.slug: f"{','.join(tag_slugs[a.slug])}|{','.join(a.front.related)}" for a in articles}


def selection_key(articles: Sequence[Entry], tag_slugs: Mapping[str, Sequence[str]], count: int,
                  rows: Mapping[str, str] | None = None) -> str:
    """SHA-256 hex digest of the inputs of the selection: ``count`` and, for
    each visible article newest first, its slug, tag slugs and ``related:``
    (``rows``: ``input_rows`` of ``articles`` when already made)."""
    rows = input_rows(articles, tag_slugs) if rows is None else rows
    text = "\n".join(f"{slug}|{row}" for slug, row in rows.items())
    return hashlib.sha256(f"{count}\n{text}".encode()).hexdigest()


def reachable(previous: Selection, articles: Sequence[Entry], tag_slugs: Mapping[str, Sequence[str]],
              count: int, rows: Mapping[str, str]) -> tuple[set[str], set[str]] | None:
    """``(redo, merge)`` when ``articles`` are ``previous``'s articles plus
    new ones (with equal inputs and order), else None (then every selection
    is made anew).  ``redo``: the new articles and the old ones naming one in
    ``related:`` or filled up from the newest list: made anew; ``merge``: the
    other old ones sharing a tag with a new one (``with_new``).

    An old article's selection reads its explicit slugs, the per-tag sets of
    its own tags, the order of the articles and, when those give fewer than
    ``count``, the newest articles.  A new article changes only the sets of
    its tags and the newest list, so every other article keeps its selection."""
    old = previous.rows
    if previous.count != count or not old or len(rows) <= len(old) \
            or [slug for slug in rows if slug in old] != list(old) \
            or any(rows[slug] != row for slug, row in old.items()):
        return None
    added = [slug for slug in rows if slug not in old]
    new_tags = {t for slug in added for t in tag_slugs[slug]}
    names = set(added)
    redo, merge = set(added), set()
    for article in articles:
        slug = article.slug
        if slug in names:
            continue
        mine = set(tag_slugs[slug])
        if not names.isdisjoint(article.front.related) \
                or _filled(previous.slugs[slug], mine, article.front.related, tag_slugs, count):
            redo.add(slug)
        elif not new_tags.isdisjoint(mine):
            merge.add(slug)
    return redo, merge


def with_new(chosen: Sequence[str], article: Entry, added: Sequence[str], tag_slugs: Mapping[str, Sequence[str]],
             rank: Mapping[str, int], count: int, visible: Mapping[str, Entry]) -> tuple[str, ...]:
    """``article``'s selection ``chosen`` (explicit slugs, then by shared tags,
    none from the newest list) with the ``added`` articles that share a tag
    taking their place: the best ``need`` of all candidates are among the
    best ``need`` of the old ones and the new ones."""
    explicit = min(count, len([s for s in dict.fromkeys(article.front.related) if s in visible and s != article.slug]))
    if explicit >= count:
        return tuple(chosen)
    mine = set(tag_slugs[article.slug])
    pool = [*chosen[explicit:], *(s for s in added if s not in chosen and not mine.isdisjoint(tag_slugs[s]))]
    pool.sort(key=lambda s: (-len(mine.intersection(tag_slugs[s])), rank[s]))
    return (*chosen[:explicit], *pool[:count - explicit])


def _filled(chosen: Sequence[str], mine: set[str], explicit: Sequence[str],
            tag_slugs: Mapping[str, Sequence[str]], count: int) -> bool:
    """True when ``chosen`` took (or ran out of) articles from the newest list:
    fewer than ``count``, or one that is neither explicit nor shares a tag."""
    return len(chosen) < count or any(s not in explicit and mine.isdisjoint(tag_slugs[s]) for s in chosen)


def select_related(article: Entry, by_slug: Mapping[str, Entry], tag_sets: Mapping[str, set[str]],
                   newest: Sequence[Entry], count: int, tag_slugs: Sequence[str],
                   rank: Mapping[str, int], memo: dict | None = None) -> tuple[Entry, ...]:
    """Pick up to ``count`` related visible articles for ``article``.

    ``by_slug`` holds the visible articles; ``tag_sets`` maps a tag slug to
    the slugs of its visible articles; ``newest`` is all visible articles,
    newest first, and ``rank`` a slug's position in it (so "newest, then
    slug" is one integer); ``tag_slugs`` are the article's tag slugs.  Never
    returns the article itself; unknown or hidden explicit slugs are skipped
    here (``site`` reports unknown ones).  ``memo``: see ``by_shared_tags``.
    """
    explicit = [s for s in dict.fromkeys(article.front.related) if s in by_slug and s != article.slug]
    need = count - len(explicit)
    shared = by_shared_tags(tag_slugs, tag_sets, rank, need, {article.slug, *explicit}, memo) if need > 0 else []
    chosen: dict[str, Entry] = {}
    for slug in chain(explicit, shared, (other.slug for other in newest)):
        if len(chosen) >= count:
            break
        if slug != article.slug:
            chosen.setdefault(slug, by_slug[slug])
    return tuple(chosen.values())


def by_shared_tags(tags: Sequence[str], tag_sets: Mapping[str, set[str]], rank: Mapping[str, int],
                   need: int, exclude: set[str], memo: dict | None = None) -> list[str]:
    """Up to ``need`` slugs sharing tags, most shared first, then by ``rank``.

    ``memo`` (one dict per site) keeps the articles of each tag combination,
    so each pair of tags is intersected once per build, not once per article.
    """
    memo = {} if memo is None else memo
    tags = [t for t in dict.fromkeys(tags) if t in tag_sets]
    if len(tags) > MAX_SUBSET_TAGS:
        counts = Counter(s for t in tags for s in tag_sets[t] if s not in exclude)
        return heapq.nsmallest(need, counts, key=lambda s: (-counts[s], rank[s]))
    found: list[str] = []
    seen = set(exclude)
    for size in range(len(tags), 0, -1):
        group: set[str] = set()
        for combo in combinations(sorted(tags), size):
            group |= _shared_by(combo, tag_sets, memo)
        group -= seen
        found += heapq.nsmallest(need - len(found), group, key=rank.__getitem__)
        if len(found) >= need:
            break
        seen |= group
    return found


def _shared_by(combo: tuple[str, ...], tag_sets: Mapping[str, set[str]], memo: dict) -> set[str]:
    """The slugs having every tag of ``combo`` (sorted tag slugs); built from
    the memoised set of ``combo`` without its last tag."""
    if len(combo) == 1:
        return tag_sets[combo[0]]
    if combo not in memo:
        memo[combo] = _shared_by(combo[:-1], tag_sets, memo) & tag_sets[combo[-1]]
    return memo[combo]
