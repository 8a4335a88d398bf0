"""The indexed related-article selection equals the plain definition.

Definition (issue 2): most shared tags first, then newest, then slug.  The
index (set intersections per tag subset) must give exactly what sorting all
articles by that key gives, for any tags.
"""

import random
from collections import Counter

import pytest

from sitegen.site.related import by_shared_tags


def plain_definition(tags, tag_sets, rank, need, exclude):
    shared = Counter(s for t in set(tags) for s in tag_sets.get(t, ()) if s not in exclude)
    return sorted(shared, key=lambda s: (-shared[s], rank[s]))[:need]


@pytest.mark.parametrize("seed", range(40))
def test_indexed_selection_equals_sorting_every_article(seed):
    rng = random.Random(seed)
    names = [f"t{i}" for i in range(rng.randint(1, 9))]
    articles = {f"a{i}": rng.sample(names, rng.randint(1, min(len(names), 8))) for i in range(rng.randint(1, 80))}
    order = list(articles)
    rng.shuffle(order)
    rank = {slug: index for index, slug in enumerate(order)}
    tag_sets: dict[str, set[str]] = {}
    for slug, tags in articles.items():
        for tag in tags:
            tag_sets.setdefault(tag, set()).add(slug)
    me = rng.choice(order)
    need = rng.randint(1, 6)
    assert by_shared_tags(articles[me], tag_sets, rank, need, {me}) == \
        plain_definition(articles[me], tag_sets, rank, need, {me})
