"""Issue 13 part B: a one-shot build reuses the page plan the last build saved (``store/plans.py``)."""

from __future__ import annotations

from pathlib import Path

from conftest import article, rows, run_build, tree, write_rows, numbered_articles
from sitegen.site import planner

NOW = ("--now", "2024-05-01 12:00")


def _agrees_with_clean(site: Path, tmp: Path) -> None:
    run = run_build(site, *NOW)
    clean = run_build(site, *NOW, "--output", str(tmp), "--no-cache")
    assert (run.code, clean.code) == (0, 0), run.err + clean.err
    assert tree(site / "output") == tree(tmp)


def test_a_body_edit_reuses_the_stored_plan_and_equals_a_clean_build(make_site, tmp_path, monkeypatch):
    site = make_site(numbered_articles(12))
    assert run_build(site, *NOW).code == 0
    assert set(rows(site, "plan")) == {"plan"}
    victim = site / "content/news/a05.md"
    victim.write_text(victim.read_text() + "\nEin neuer Satz im Text.\n")

    def no_planning(*args, **kwargs):
        raise AssertionError("planned anew although only a body changed")
    monkeypatch.setattr(planner, "plan_pages", no_planning)
    import sitegen.site.plancache as plancache
    monkeypatch.setattr(plancache, "plan_pages", no_planning)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    monkeypatch.undo()
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean"), "--no-cache")
    assert tree(site / "output") == tree(tmp_path / "clean")
    page = (site / "output/news/artikel-5-ueber-gold/index.html").read_text()
    assert "Ein neuer Satz im Text." in page


def test_front_matter_edits_and_new_articles_plan_anew_and_equal_a_clean_build(make_site, tmp_path):
    site = make_site(numbered_articles(10))
    assert run_build(site, *NOW).code == 0
    steps = [lambda: (site / "content/news/a03.md").write_text(article("Neuer Titel", date="03.03.2024")),
             lambda: (site / "content/news/a04.md").write_text((site / "content/news/a04.md").read_text() + "\nMehr.\n"),
             lambda: (site / "content/news/neu.md").write_text(article("Ganz neu", date="30.04.2024", tags="[Öl]")),
             lambda: (site / "content/news/a04.md").write_text((site / "content/news/a04.md").read_text() + "\nNoch.\n"),
             lambda: (site / "content/news/a07.md").unlink()]
    for number, step in enumerate(steps):
        step()
        _agrees_with_clean(site, tmp_path / f"clean{number}")


def test_a_damaged_stored_plan_is_planned_anew_without_error(make_site, tmp_path):
    site = make_site(numbered_articles(6))
    assert run_build(site, *NOW).code == 0
    version, checksum, value = rows(site, "plan")["plan"]
    write_rows(site, "plan", {"plan": (version, checksum, value[:-7] + b"garbage")})
    victim = site / "content/news/a02.md"
    victim.write_text(victim.read_text() + "\nZusatz.\n")
    _agrees_with_clean(site, tmp_path / "clean")


def test_the_packed_plan_decodes_to_the_same_pages():
    from sitegen.site.urls import PageKind, Route
    from sitegen.store import plans
    pages = (planner.PlannedPage(Route("themen/gold/index.html", "/themen/gold/"), "tag.html", PageKind.TAG, "gold",
                                 shows=("content/news/a.md", "content/news/b.md"), items=("a", "b")),
             planner.PlannedPage(Route("news/a/index.html", "/news/a/"), "article.html", PageKind.ARTICLE, "a",
                                 "content/news/a.md", shows=("content/news/a.md",), items=("", "b")))
    record = plans.PlanRecord("k", {"content/news/a.md": "1"}, pages, ())
    data = plans.PLANS.encode(plans._pack(record))
    assert plans._unpack(plans.PLANS.decode(data)) == record
    assert data.count(b"content/news/a.md") == 3  # digests, the table, the article page's source: not per page shown
