"""Corrections: the dated "Korrektur" box on the article, dateModified, the
feed entry's updated, and /korrekturen/ (newest first, linked from the footer)."""

from __future__ import annotations

import json

import feedparser
from lxml import html

from conftest import article, problem_lines, run_build

FIXED = article("Goldpreis auf Rekord", extra=(
    "corrections:\n"
    "  - date: 2024-04-26\n"
    "    time: \"09:30\"\n"
    "    text: \"Der Schlusskurs lag bei 2.310 Dollar, nicht 2.130 Dollar.\"\n"
    "  - {date: 27.04.2024, text: Die Quelle ist der Londoner Fixing-Preis.}\n"
    "  - {date: 2024-05-20, time: \"08:00\", text: Noch nicht fällig.}"))
OTHER = article("Silber im Plus", date="24.04.2024", extra=(
    "corrections:\n  - {date: 2024-04-28, time: \"10:00\", text: Der Titel nannte das falsche Metall.}"))
NOW = ("--now", "2024-05-01 12:00")
PAGE = "news/goldpreis-auf-rekord/index.html"


def _page(site, rel):
    return html.fromstring((site / "output" / rel).read_bytes())


def _text(element):
    return " ".join(element.text_content().split())


def test_the_article_shows_its_dated_corrections_oldest_first(make_site):
    site = make_site({"content/news/gold.md": FIXED, "content/news/silber.md": OTHER})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    page = _page(site, PAGE)
    box = page.xpath("//aside[@class='corrections']")
    assert [_text(li) for li in box[0].xpath(".//li")] == [
        "26.04.2024, 09:30 Uhr: Der Schlusskurs lag bei 2.310 Dollar, nicht 2.130 Dollar.",
        "27.04.2024: Die Quelle ist der Londoner Fixing-Preis."]
    assert _text(box[0].xpath(".//h2")[0]) == "Korrektur"
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["dateModified"] == "2024-04-27"
    entry = next(e for e in feedparser.parse((site / "output/feed.xml").read_bytes()).entries
                 if e.title == "Goldpreis auf Rekord")
    assert entry.updated.startswith("2024-04-27")


def test_korrekturen_lists_every_shown_correction_newest_first_and_the_footer_links_it(make_site):
    site = make_site({"content/news/gold.md": FIXED, "content/news/silber.md": OTHER})
    assert run_build(site, *NOW).code == 0
    page = _page(site, "korrekturen/index.html")
    items = page.xpath("//main//ol[@class='correction-list']/li")
    assert [_text(li) for li in items] == [
        "28.04.2024, 10:00 Uhr – Silber im Plus: Der Titel nannte das falsche Metall.",
        "27.04.2024 – Goldpreis auf Rekord: Die Quelle ist der Londoner Fixing-Preis.",
        "26.04.2024, 09:30 Uhr – Goldpreis auf Rekord: Der Schlusskurs lag bei 2.310 Dollar, nicht 2.130 Dollar."]
    assert items[0].xpath(".//a/@href") == ["/news/silber-im-plus/"]
    assert _page(site, "index.html").xpath("//footer//a[@href='/korrekturen/']/text()") == ["Korrekturen"]


def test_a_correction_dated_later_appears_on_the_build_after_its_moment(make_site):
    site = make_site({"content/news/gold.md": FIXED})
    assert run_build(site, *NOW).code == 0
    assert "Noch nicht fällig" not in (site / "output" / PAGE).read_text()
    assert run_build(site, "--now", "2024-05-20 08:00").code == 0
    assert "Noch nicht fällig" in (site / "output" / PAGE).read_text()
    assert "Noch nicht fällig" in (site / "output/korrekturen/index.html").read_text()


def test_bad_corrections_are_errors_at_their_lines(make_site):
    site = make_site({"content/news/a.md": article("Eins", extra="corrections:\n  - {date: 2024-04-26}"),
                      "content/news/b.md": article("Zwei", extra="corrections:\n  - Der Kurs war falsch."),
                      "content/news/c.md": article("Drei", extra="corrections:\n  - {date: 2024-04-20, text: Zu früh.}"),
                      "content/news/d.md": article("Vier", extra="corrections:\n  - {date: gestern, text: Falsch.}")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/a.md:7: a correction needs 'text': what was wrong and what is right — "
        'corrections: [{date: 2024-04-26, time: "09:30", text: "Der Kurs lag bei 2.310 $."}]',
        "content/news/b.md:7: each entry of 'corrections' must have date, time and text — "
        'corrections: [{date: 2024-04-26, time: "09:30", text: "Der Kurs lag bei 2.310 $."}]',
        "content/news/c.md:7: a correction dated 20.04.2024 00:00 is before the article's date (25.04.2024 14:48) "
        "— correct the correction's date",
        "content/news/d.md:7: corrections.date 'gestern' is not a date — use YYYY-MM-DD or DD.MM.YYYY, "
        "e.g. 2024-04-25 or 25.04.2024"]
