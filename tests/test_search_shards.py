"""The search index in shards (README "Search", ``render/searchshards.py``):
one Pagefind bundle per month of the newest article's year and per year
before it, listed in ``pagefind/shards.json``; a new or changed article
re-indexes its own shard only, and the incremental result equals a clean
build's.  Builds run in-process with the real Pagefind."""

from __future__ import annotations

import json

import pytest

import sitegen.render.search as search
from conftest import BASE_CONFIG, article, run_build, tree
from sitegen.render.searchshards import shard_of, split

SEARCH_ON = BASE_CONFIG + "search:\n  enabled: true\n"


@pytest.fixture
def archive(make_site):
    """Three published articles: two years, two months of the newest year."""
    return make_site({
        "content/news/gold.md": article("Goldpreis auf Rekordhoch", "08.03.2024", "09:30",
                                        body="Der Goldpreis stieg auf einen neuen Höchststand.\n"),
        "content/news/silber.md": article("Silber zieht nach", "20.05.2024", "11:00",
                                          body="Auch der Silberpreis legte kräftig zu.\n"),
        "content/news/zins.md": article("Notenbank erhöht den Zins", "14.09.2023", "",
                                        body="Die Zinserhöhung trifft Sparer und Kreditnehmer.\n"),
    }, SEARCH_ON)


def indexed(monkeypatch) -> list[list[str]]:
    """The output paths of every Pagefind run, one list per run (the real one still runs)."""
    runs, real = [], search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda docs: runs.append(sorted(docs)) or real(docs))
    return runs


def shards(site) -> list[str]:
    return json.loads((site / "output" / "pagefind" / "shards.json").read_text())["shards"]


def test_months_of_the_newest_year_and_whole_years_before_it():
    assert shard_of("2024-03-08T09:30:00+01:00", "2024") == "2024-03"
    assert shard_of("2023-09-14T00:00:00+02:00", "2024") == "2023"
    assert split({"a/index.html": "2024-03-08T09:30:00+01:00", "b/index.html": "2023-09-14T00:00:00+02:00",
                  "c/index.html": "2023-01-02T08:00:00+01:00"}) == {
        "2023": ["b/index.html", "c/index.html"], "2024-03": ["a/index.html"]}
    assert split({}) == {}


def test_a_new_article_indexes_only_its_own_shard_and_equals_a_clean_build(archive, monkeypatch):
    runs = indexed(monkeypatch)
    assert run_build(archive).code == 0
    assert shards(archive) == ["2024-05", "2024-03", "2023"]
    assert sorted(runs) == [["news/goldpreis-auf-rekordhoch/index.html"],
                            ["news/notenbank-erhoeht-den-zins/index.html"],
                            ["news/silber-zieht-nach/index.html"]]
    runs.clear()
    (archive / "content/news/platin.md").write_text(article("Platin im Aufwind", "22.05.2024", "08:15"))
    assert run_build(archive).code == 0
    assert runs == [["news/platin-im-aufwind/index.html", "news/silber-zieht-nach/index.html"]]  # May only
    incremental = tree(archive / "output" / "pagefind")
    assert run_build(archive, "--no-cache", "--output", "clean").code == 0
    assert tree(archive / "clean" / "pagefind") == incremental


def test_an_edit_to_an_old_article_indexes_its_year_only(archive, monkeypatch):
    runs = indexed(monkeypatch)
    assert run_build(archive).code == 0
    runs.clear()
    (archive / "content/news/zins.md").write_text(article("Notenbank erhöht den Zins", "14.09.2023", "",
                                                          body="Die Zinserhöhung trifft vor allem Sparer.\n"))
    assert run_build(archive).code == 0
    assert runs == [["news/notenbank-erhoeht-den-zins/index.html"]]


def test_the_first_article_of_a_new_year_folds_the_last_year_into_one_shard(archive, monkeypatch):
    runs = indexed(monkeypatch)
    assert run_build(archive).code == 0
    runs.clear()
    (archive / "content/news/neujahr.md").write_text(article("Neujahrsausblick", "02.01.2025", "07:00"))
    assert run_build(archive).code == 0
    assert shards(archive) == ["2025-01", "2024", "2023"]
    assert sorted(runs) == [["news/goldpreis-auf-rekordhoch/index.html", "news/silber-zieht-nach/index.html"],
                            ["news/neujahrsausblick/index.html"]]  # 2023 came from the store
    assert not (archive / "output" / "pagefind" / "2024-03").exists()


def test_a_site_without_published_articles_lists_no_shard(make_site):
    site = make_site({"content/news/entwurf.md": article("Entwurf", extra="draft: true")}, SEARCH_ON)
    assert run_build(site).code == 0
    assert shards(site) == []
    assert sorted(p.name for p in (site / "output" / "pagefind").iterdir()) == ["shards.json"]
