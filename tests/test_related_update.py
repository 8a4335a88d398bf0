"""Issue 13: after new articles only, the related selection is updated, not
made anew (``related.reachable``), and equals a full computation."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from conftest import article, run_build, tree
from sitegen.content.sources import EntryKind
from sitegen.site import related as related_module
from sitegen.site.model import build_site

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _entry(slug: str, hours: int, tags: list[str], related: tuple[str, ...] = ()):
    front = SimpleNamespace(published=SimpleNamespace(when=START + timedelta(hours=hours)), tags=tags,
                            related=related, lines={}, slug=slug, draft=False)
    return SimpleNamespace(slug=slug, path=f"content/news/{slug}.md", kind=EntryKind.ARTICLE, front=front)


def _random_entry(rng: random.Random, slug: str, names: list[str], known: list[str]):
    tags = rng.sample(names, rng.randint(0, min(len(names), 8)))
    related = tuple(rng.sample(known, min(len(known), rng.randint(0, 2)))) if known and rng.random() < 0.2 else ()
    return _entry(slug, rng.randint(0, 300), tags, related)


@pytest.mark.parametrize("seed", range(200))
def test_an_updated_selection_equals_a_full_one(seed):
    rng = random.Random(seed)
    names = [f"t{i}" for i in range(rng.randint(1, 9))]
    count = rng.randint(1, 5)
    slugs = [f"a{i}" for i in range(rng.randint(1, 60))]
    added = [f"n{i}" for i in range(rng.randint(1, 3))]
    old = [_random_entry(rng, slug, names, slugs + added) for slug in slugs]
    new = [_random_entry(rng, slug, names, slugs + added) for slug in added]
    if rng.random() < 0.5:  # the benchmark's case: newer than every other article
        new = [_entry(e.slug, 1000 + i, e.front.tags, e.front.related) for i, e in enumerate(new)]
    before, _ = build_site(old, set(slugs + added), count)
    updated, _ = build_site(old + new, set(slugs + added), count, reuse=before.selection)
    full, _ = build_site(old + new, set(slugs + added), count)
    assert updated.selection == full.selection
    assert updated.related == full.related


def test_only_the_new_article_is_selected_the_ones_it_reaches_merge_it_in(monkeypatch):
    old = [_entry(f"g{i}", i, ["gold"]) for i in range(6)] + [_entry(f"s{i}", i, ["silber"]) for i in range(6)]
    before, _ = build_site(old, {e.slug for e in old}, 3)
    chosen: list[str] = []
    real = related_module.select_related
    monkeypatch.setattr("sitegen.site.model.select_related",
                        lambda article, *rest: chosen.append(article.slug) or real(article, *rest))
    after, _ = build_site([*old, _entry("neu", 99, ["gold"])], {e.slug for e in old} | {"neu"}, 3,
                          reuse=before.selection)
    assert chosen == ["neu"]
    assert after.selection.slugs["g0"] == ("neu", "g5", "g4")
    assert after.selection.slugs["s0"] == before.selection.slugs["s0"] == ("s5", "s4", "s3")
    assert after.selection == build_site([*old, _entry("neu", 99, ["gold"])], {e.slug for e in old} | {"neu"},
                                         3)[0].selection


def test_a_changed_tag_or_removed_article_selects_every_article_again(monkeypatch):
    old = [_entry(f"g{i}", i, ["gold"]) for i in range(4)] + [_entry(f"s{i}", i, ["silber"]) for i in range(4)]
    before, _ = build_site(old, {e.slug for e in old}, 2)
    changed = [*old[:-1], _entry("s3", 3, ["gold"]), _entry("neu", 99, ["gold"])]
    assert related_module.reachable(before.selection, changed, {e.slug: e.front.tags for e in changed}, 2,
                                    related_module.input_rows(changed, {e.slug: e.front.tags for e in changed})) is None
    fewer = [*old[1:], _entry("neu", 99, ["gold"])]
    tags = {e.slug: e.front.tags for e in fewer}
    assert related_module.reachable(before.selection, fewer, tags, 2, related_module.input_rows(fewer, tags)) is None


def test_a_new_article_build_equals_a_clean_build(make_site, tmp_path):
    files = {f"content/news/a{i:02d}.md": article(f"Artikel {i}", date=f"{1 + i:02d}.03.2024",
                                                   tags="[Gold, Zinsen]" if i % 3 else "[Silber]")
             for i in range(14)}
    site = make_site(files)
    now = ("--now", "2024-05-01 12:00")
    assert run_build(site, *now).code == 0
    (site / "content/news/neu.md").write_text(article("Neu über Gold", date="20.04.2024", tags="[Gold]"))
    run = run_build(site, *now)
    clean = run_build(site, *now, "--output", str(tmp_path / "clean"), "--no-cache")
    assert (run.code, clean.code) == (0, 0), run.err + clean.err
    assert tree(site / "output") == tree(tmp_path / "clean")
