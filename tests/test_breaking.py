"""Breaking news: a banner on the home page, the article's tag pages and the
article itself until its end (6 hours after its date, or ``until``), gone on
the next build after that; the end is registered with the build state."""

from __future__ import annotations

import shutil

from lxml import html

from conftest import article, problem_lines, run_build, tree

EIL = article('"EZB senkt überraschend den Leitzins"', date="25.04.2024", time="14:48", tags="[Zinsen]",
              extra="breaking: true")
OTHER = article("Gold steigt", date="24.04.2024", tags="[Gold]")
DURING, AFTER = ("--now", "2024-04-25 20:47"), ("--now", "2024-04-25 20:48")
ARTICLE = "news/ezb-senkt-ueberraschend-den-leitzins/index.html"


def _banners(site, rel):
    page = html.fromstring((site / "output" / rel).read_bytes())
    return [(" ".join(li.text_content().split()), li.xpath(".//a/@href"))
            for li in page.xpath("//main/aside[@class='breaking']//li")]


def test_the_banner_runs_until_six_hours_after_the_date_on_its_pages_only(make_site):
    site = make_site({"content/news/eil.md": EIL, "content/news/gold.md": OTHER})
    run = run_build(site, *DURING)
    assert run.code == 0, run.err
    banner = [("Eilmeldung: EZB senkt überraschend den Leitzins", ["/news/ezb-senkt-ueberraschend-den-leitzins/"])]
    for rel in ("index.html", "themen/zinsen/index.html", ARTICLE):
        assert _banners(site, rel) == banner, rel
    for rel in ("themen/gold/index.html", "news/gold-steigt/index.html", "archiv/index.html"):
        assert _banners(site, rel) == [], rel
    assert ("next breaking-news banner end: content/news/eil.md at 2024-04-25 20:48 (+0200) "
            "— build again after that time to apply it") in run.out.splitlines()
    run = run_build(site, *AFTER)
    assert run.code == 0, run.err
    for rel in ("index.html", "themen/zinsen/index.html", ARTICLE):
        assert _banners(site, rel) == [], rel
    assert "banner end" not in run.out


def test_until_sets_the_end_and_at_most_three_banners_show_newest_first(make_site):
    files = {f"content/news/eil-{n}.md": article(f"Eilmeldung Nummer {n}", time=f"1{n}:00", tags="[Zinsen]",
                                                 extra="breaking: {until: 2024-04-26 12:00}") for n in range(4)}
    site = make_site(files)
    assert run_build(site, "--now", "2024-04-26 11:59").code == 0
    assert [text for text, _ in _banners(site, "index.html")] == [
        "Eilmeldung: Eilmeldung Nummer 3", "Eilmeldung: Eilmeldung Nummer 2", "Eilmeldung: Eilmeldung Nummer 1"]
    assert run_build(site, "--now", "2024-04-26 12:00").code == 0
    assert _banners(site, "index.html") == []


def test_a_warm_build_after_the_end_equals_a_clean_one(make_site, tmp_path):
    site = make_site({"content/news/eil.md": EIL, "content/news/gold.md": OTHER})
    assert run_build(site, *DURING).code == 0
    assert run_build(site, *AFTER).code == 0
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    assert run_build(clean, *AFTER).code == 0
    assert tree(site / "output") == tree(clean / "output")


def test_a_bad_breaking_value_is_an_error_at_its_line(make_site):
    site = make_site({"content/news/a.md": article("Eins", extra="breaking: bald"),
                      "content/news/b.md": article("Zwei", extra="breaking: {until: 2024-04-25 12:00}")})
    run = run_build(site, *AFTER)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/a.md:6: 'breaking' must be true, false or {until: …}, not 'bald' — write breaking: true, "
        "or breaking: {until: 25.04.2024 20:00} to end the banner at that moment",
        "content/news/b.md:6: 'breaking' ends (25.04.2024 12:00) before the article is published (25.04.2024 14:48) "
        "— give an until after date:, or write breaking: true"]
