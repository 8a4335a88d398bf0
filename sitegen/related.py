""""Wissenswertes zum Thema": the related articles of each article.

Order: explicit ``related:`` slugs first (in the editor's order), then the
most shared tags, then the newest, then the slug.  Candidates come from
per-tag lists (an index), not from all pairs of articles, so the cost grows
with tag sizes, not with the square of the archive.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from .content import Entry


def select_related(article: Entry, by_slug: Mapping[str, Entry], by_tag: Mapping[str, Sequence[Entry]],
                   newest: Sequence[Entry], count: int, tag_slugs: Sequence[str]) -> tuple[Entry, ...]:
    """Pick up to ``count`` related visible articles for ``article``.

    ``by_slug`` holds the visible articles; ``by_tag`` maps a tag slug to its
    visible articles, newest first; ``newest`` is all visible articles, newest
    first; ``tag_slugs`` are the article's tag slugs.  Never returns the
    article itself; unknown or hidden explicit slugs are skipped here
    (``site`` reports unknown ones).
    """
    shared: Counter[str] = Counter()
    for tag in tag_slugs:
        for other in by_tag.get(tag, ()):
            shared[other.slug] += 1
    ranked = sorted(shared, key=lambda s: (-shared[s], -by_slug[s].front.published.when.timestamp(), s))
    candidates = [*article.front.related, *ranked, *(other.slug for other in newest)]
    chosen: dict[str, Entry] = {}
    for slug in candidates:
        if len(chosen) >= count:
            break
        if slug in by_slug and slug != article.slug:
            chosen.setdefault(slug, by_slug[slug])
    return tuple(chosen.values())
