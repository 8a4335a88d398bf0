"""Dates and times: as written by editors, shown in site time with that date's offset."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import article, case_files, run_build, tree
from sitegen.content import dates

NOW = ("--now", "2024-05-01 12:00")
BERLIN = ZoneInfo("Europe/Berlin")



def problem_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith("build failed:")]


def meta_time(page: str) -> str:
    """The ``<time>`` element of the article's meta line."""
    return page.split('<p class="meta">', 1)[1].split("</time>", 1)[0].strip() + "</time>"


# --- 008 sexagesimal times ---------------------------------------------------

@pytest.mark.parametrize("name, slug, shown", [
    ("a-1448.md", "meta-aktie-nach-quartalszahlen-unter-druck",
     '<time datetime="2024-04-25T14:48:00+02:00">25.04.2024 <span class="meta-time">14:48 Uhr</span></time>'),
    ("b-0905.md", "fruehe-gewinne-im-dax",
     '<time datetime="2024-04-25T09:05:00+02:00">25.04.2024 <span class="meta-time">09:05 Uhr</span></time>'),
    ("c-0930.md", "ifo-index-steigt-ueberraschend",
     '<time datetime="2024-04-25T09:30:00+02:00">25.04.2024 <span class="meta-time">09:30 Uhr</span></time>'),
])
def test_time_written_unquoted_is_shown_as_written_not_as_sexagesimal_number(make_site, name, slug, shown):
    site = make_site(case_files("008-time-sexagesimal", name))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / f"output/news/{slug}/index.html").read_text()
    assert meta_time(page) == shown
    assert "888" not in page and "545" not in page


def test_time_written_unquoted_is_shown_as_1448_not_888(make_site):
    site = make_site({"content/news/meta.md": article("Meta", time="14:48")})
    assert run_build(site, *NOW).code == 0
    page = (site / "output/news/meta/index.html").read_text()
    assert '<span class="meta-time">14:48 Uhr</span>' in page and "888" not in page


def test_time_24_00_and_17_30_are_errors_at_the_time_line(make_site):
    site = make_site(case_files("008-time-sexagesimal", "d-punkt.md", "e-2400.md"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/d-punkt.md:4: time '17.30' is not a valid time — use HH:MM with hours 00–23, e.g. 14:48",
        "content/news/e-2400.md:4: time '24:00' is not a valid time — use HH:MM with hours 00–23, e.g. 14:48",
        "build failed: 2 errors, 0 warnings; output/ was not changed",
    ]
    assert not (site / "output").exists()


@pytest.mark.parametrize("text, expected", [
    ("14:48", time(14, 48)), ("9:05", time(9, 5)), ("09:30", time(9, 30)), ("00:00", time(0, 0)),
    ("23:59", time(23, 59)),
])
def test_parse_time_accepts_24_hour_clock(text, expected):
    assert dates.parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "17.30", "14:60", "888", "1:00 PM", "", "14"])
def test_parse_time_rejects_impossible_or_other_notations(text):
    with pytest.raises(dates.DateError) as info:
        dates.parse_time(text)
    assert str(info.value) == f"time '{text}' is not a valid time"
    assert info.value.hint == "use HH:MM with hours 00–23, e.g. 14:48"


# --- date formats -------------------------------------------------------------

@pytest.mark.parametrize("written", ["2024-04-25", "25.04.2024", "'2024-04-25 14:48'", "'25.04.2024 14:48'"])
def test_every_accepted_date_notation_gives_the_same_day(make_site, written):
    clock = "" if " " in written else "14:48"
    site = make_site({"content/news/gold.md": article("Gold", date=written, time=clock)})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert meta_time((site / "output/news/gold/index.html").read_text()) == (
        '<time datetime="2024-04-25T14:48:00+02:00">25.04.2024 <span class="meta-time">14:48 Uhr</span></time>')


def test_impossible_date_31_04_is_an_error_at_the_date_line(make_site):
    site = make_site({"content/news/gold.md": article("Gold", date="31.04.2024")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:3: date '31.04.2024' does not exist — "
        "use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"]


def test_date_in_an_unknown_notation_is_an_error(make_site):
    site = make_site({"content/news/gold.md": article("Gold", date="25. April 2024")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:3: date '25. April 2024' is not a date — "
        "use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"]


def test_time_given_both_in_date_and_time_is_an_error_at_the_time_line(make_site):
    site = make_site({"content/news/gold.md": article("Gold", date="'25.04.2024 14:48'", time="15:00")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:4: the time is given twice: in 'date: 25.04.2024 14:48' and in 'time' — "
        "keep only one of them"]


def test_iso_date_with_offset_is_shown_converted_to_site_time(make_site):
    site = make_site({"content/news/a.md": article("Utc", date="2024-04-25T12:48:00Z", time=""),
                      "content/news/b.md": article("New York", date="2024-01-15T08:48:00-05:00", time="")})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert meta_time((site / "output/news/utc/index.html").read_text()) == (
        '<time datetime="2024-04-25T14:48:00+02:00">25.04.2024 <span class="meta-time">14:48 Uhr</span></time>')
    assert meta_time((site / "output/news/new-york/index.html").read_text()) == (
        '<time datetime="2024-01-15T14:48:00+01:00">15.01.2024 <span class="meta-time">14:48 Uhr</span></time>')


def test_date_without_time_shows_only_the_date(make_site):
    site = make_site({"content/news/gold.md": article("Gold", time="")})
    assert run_build(site, *NOW).code == 0
    page = (site / "output/news/gold/index.html").read_text()
    assert meta_time(page) == '<time datetime="2024-04-25">25.04.2024</time>'
    assert "00:00" not in page and "Uhr</span>" not in page


# --- 013 time zone: never the previous day -------------------------------------

def test_articles_just_after_midnight_keep_their_berlin_day_and_year(make_site):
    site = make_site(case_files("013-timezone-previous-day"))
    run = run_build(site, "--now", "2025-02-01 12:00")
    assert (run.code, run.err) == (0, "")
    out = site / "output"
    expected = {
        "nachtsitzung-eu-einigt-sich-auf-kapitalmarktunion":
            '<time datetime="2024-04-26T00:30:00+02:00">26.04.2024 <span class="meta-time">00:30 Uhr</span></time>',
        "japan-yen-faellt-auf-34-jahres-tief":
            '<time datetime="2024-04-26T00:30:00+02:00">26.04.2024 <span class="meta-time">00:30 Uhr</span></time>',
        "jahresauftakt-goldpreis-startet-fest-ins-neue-jahr":
            '<time datetime="2025-01-01T00:15:00+01:00">01.01.2025 <span class="meta-time">00:15 Uhr</span></time>',
        "wochenausblick-edelmetalle": '<time datetime="2024-04-26">26.04.2024</time>',
    }
    for slug, shown in expected.items():
        assert meta_time((out / f"news/{slug}/index.html").read_text()) == shown
    everything = "".join(d.decode() for d in tree(out).values())
    assert "25.04.2024" not in everything and "31.12.2024" not in everything


def test_output_is_identical_under_tz_utc_and_tz_new_york(make_site):
    files = case_files("013-timezone-previous-day")
    runs = {}
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        site = make_site(files, name=zone.replace("/", "-"))
        run = run_build(site, "--now", "2025-02-01 12:00", env={"TZ": zone, "LANG": "C"})
        assert run.code == 0, run.err
        runs[zone] = tree(site / "output")
    assert runs["UTC"] == runs["America/New_York"] == runs["Asia/Tokyo"]


# --- 014 now, future and drafts -------------------------------------------------

def published(site: Path) -> list[str]:
    return sorted(p.split("/")[1] for p in tree(site / "output") if p.startswith("news/"))


def test_now_decides_which_articles_are_published_and_a_bare_date_counts_from_midnight(make_site):
    site = make_site(case_files("014-today-without-time-and-future"))
    run = run_build(site, "--now", "2024-04-25 08:00")
    assert run.code == 0, run.err
    assert published(site) == ["rueckblick-silber-schliesst-im-plus", "tagesbericht-edelmetalle"]
    out = site / "output"
    assert meta_time((out / "news/tagesbericht-edelmetalle/index.html").read_text()) == (
        '<time datetime="2024-04-25">25.04.2024</time>')
    tags = sorted(p for p in tree(out) if p.startswith("themen/") and p.endswith(".html"))
    assert tags == ["themen/gold/index.html", "themen/index.html", "themen/silber/index.html"]
    home = (out / "index.html").read_text()
    assert "Abendkommentar" not in home and "Vorschau" not in home and "Goldprognose" not in home
    assert run.out.splitlines()[1] == (
        "next scheduled article: content/news/b-heute-abend.md at 2024-04-25 23:50 (+0200) "
        "— build again after that time to publish it")


def test_article_of_today_without_time_is_published_just_after_midnight(make_site):
    site = make_site(case_files("014-today-without-time-and-future"))
    assert run_build(site, "--now", "2024-04-25 00:30", env={"TZ": "UTC"}).code == 0
    assert published(site) == ["rueckblick-silber-schliesst-im-plus", "tagesbericht-edelmetalle"]


def test_future_article_appears_once_its_minute_has_come(make_site):
    site = make_site(case_files("014-today-without-time-and-future"))
    assert run_build(site, "--now", "2024-04-25 23:49").code == 0
    assert "abendkommentar-was-die-fed-plant" not in published(site)
    assert run_build(site, "--now", "2024-04-25 23:50").code == 0
    assert "abendkommentar-was-die-fed-plant" in published(site)


@pytest.mark.parametrize("flag", ["--drafts", "--future"])
def test_drafts_or_future_into_the_deploy_folder_is_refused(make_site, flag):
    site = make_site({"content/news/gold.md": article("Gold")})
    run = run_build(site, *NOW, flag)
    assert run.code == 2
    assert run.err.splitlines() == [
        "refusing to build drafts or future articles into output/, the deploy folder "
        "— add --output DIR, e.g. --output /tmp/preview"]
    assert not (site / "output").exists()


def test_drafts_and_future_with_output_folder_show_all_articles_and_mark_the_draft(make_site, tmp_path):
    site = make_site(case_files("014-today-without-time-and-future"))
    preview = tmp_path / "preview"
    run = run_build(site, "--now", "2024-04-25 08:00", "--drafts", "--future", "--output", str(preview))
    assert run.code == 0, run.err
    assert sorted(p.split("/")[1] for p in tree(preview) if p.startswith("news/")) == [
        "abendkommentar-was-die-fed-plant", "entwurf-goldprognose-2025", "rueckblick-silber-schliesst-im-plus",
        "tagesbericht-edelmetalle", "vorschau-arbeitsmarktdaten-aus-den-usa"]
    assert '<span class="draft-badge">Entwurf</span>' in (preview / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in (
        preview / "news/entwurf-goldprognose-2025/index.html").read_text()
    assert not (site / "output").exists()


# --- 015 daylight saving time ---------------------------------------------------

def test_offset_is_the_one_of_the_articles_date_summer_and_winter(make_site):
    site = make_site(case_files("015-dst-offset-per-date", "a-sommer.md", "b-winter.md"))
    assert run_build(site, "--now", "2025-01-10 12:00", env={"TZ": "UTC"}).code == 0
    out = site / "output"
    assert meta_time((out / "news/sommerloch-an-den-boersen/index.html").read_text()) == (
        '<time datetime="2024-07-15T14:48:00+02:00">15.07.2024 <span class="meta-time">14:48 Uhr</span></time>')
    assert meta_time((out / "news/januareffekt-nebenwerte-vorn/index.html").read_text()) == (
        '<time datetime="2024-01-15T14:48:00+01:00">15.01.2024 <span class="meta-time">14:48 Uhr</span></time>')


def test_output_does_not_depend_on_whether_the_build_runs_in_winter_or_summer(make_site):
    files = case_files("015-dst-offset-per-date", "a-sommer.md", "b-winter.md", "d-zeitumstellung-oktober.md")
    winter, summer = make_site(files, name="winter"), make_site(files, name="summer")
    assert run_build(winter, "--now", "2025-01-10 12:00").code == 0
    assert run_build(summer, "--now", "2025-07-10 12:00").code == 0
    assert tree(winter / "output") == tree(summer / "output")


def test_time_skipped_in_the_spring_night_is_an_error_and_repeated_autumn_hour_warns(make_site):
    site = make_site(case_files("015-dst-offset-per-date"))
    run = run_build(site, "--now", "2025-01-10 12:00")
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/c-zeitumstellung-maerz.md:4: time 02:30 on 31.03.2024 does not exist in Europe/Berlin "
        "(the clocks skip that hour when summer time begins) — use 03:30 or a time before 02:00",
        "warning: content/news/d-zeitumstellung-oktober.md:4: 02:30 on 27.10.2024 happens twice "
        "(summer time ends); summer time is used — for winter time write the offset: date: 2024-10-27T02:30:00+01:00",
        "build failed: 1 error, 1 warning; output/ was not changed",
    ]


def test_repeated_autumn_hour_takes_summer_time_plus_two(make_site):
    site = make_site(case_files("015-dst-offset-per-date", "d-zeitumstellung-oktober.md"))
    run = run_build(site, "--now", "2025-01-10 12:00")
    assert run.code == 0
    assert meta_time((site / "output/news/doppelte-stunde-krypto-handelt-durch/index.html").read_text()) == (
        '<time datetime="2024-10-27T02:30:00+02:00">27.10.2024 <span class="meta-time">02:30 Uhr</span></time>')


def test_repeated_autumn_hour_with_explicit_offset_has_no_warning(make_site):
    site = make_site({"content/news/k.md": article("Krypto", date="2024-10-27T02:30:00+01:00", time="")})
    run = run_build(site, "--now", "2025-01-10 12:00")
    assert (run.code, run.err) == (0, "")
    assert meta_time((site / "output/news/krypto/index.html").read_text()) == (
        '<time datetime="2024-10-27T02:30:00+01:00">27.10.2024 <span class="meta-time">02:30 Uhr</span></time>')


def test_localize_uses_the_offset_of_each_date():
    summer = dates.localize(date(2024, 7, 15), time(14, 48), BERLIN)
    winter = dates.localize(date(2024, 1, 15), time(14, 48), BERLIN)
    assert summer.when.isoformat() == "2024-07-15T14:48:00+02:00" and summer.has_time and not summer.ambiguous
    assert winter.when.isoformat() == "2024-01-15T14:48:00+01:00"
    bare = dates.localize(date(2024, 3, 31), None, BERLIN)
    assert (bare.when.isoformat(), bare.has_time) == ("2024-03-31T00:00:00+01:00", False)


def test_localize_refuses_the_skipped_hour_and_marks_the_repeated_one():
    with pytest.raises(dates.DateError) as info:
        dates.localize(date(2024, 3, 31), time(2, 0), BERLIN)
    assert info.value.hint == "use 03:00 or a time before 02:00"
    assert dates.localize(date(2024, 3, 31), time(3, 0), BERLIN).when.isoformat() == "2024-03-31T03:00:00+02:00"
    repeated = dates.localize(date(2024, 10, 27), time(2, 0), BERLIN)
    assert (repeated.when.isoformat(), repeated.ambiguous) == ("2024-10-27T02:00:00+02:00", True)
    after = dates.localize(date(2024, 10, 27), time(3, 0), BERLIN)
    assert (after.when.isoformat(), after.ambiguous) == ("2024-10-27T03:00:00+01:00", False)


def test_a_date_whose_site_time_leaves_the_calendar_is_one_error_not_a_traceback(make_site):
    site = make_site({"content/news/a.md": "---\ntitle: Alt\ndate: 0001-01-01\n---\nText.\n",
                      "content/news/b.md": "---\ntitle: Alt zwei\ndate: 0001-01-01T00:30:00+01:00\n---\nText.\n"})
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/a.md:3: the date 01.01.0001 lies outside the years a page can show "
        "— use a real publication date, e.g. 2024-04-25",
        "content/news/b.md:3: the date 01.01.0001 lies outside the years a page can show "
        "— use a real publication date, e.g. 2024-04-25",
        "build failed: 2 errors, 0 warnings; output/ was not changed"]


# --- archive dates (issue 11): the path's date, offsets of the other season -----

@pytest.mark.parametrize("path, day", [
    ("content/news/2019-04-14-x.md", date(2019, 4, 14)),
    ("content/news/2019/04/14/x.md", date(2019, 4, 14)),
    ("content/news/2019/04/14/x/index.md", date(2019, 4, 14)),
    ("content/news/2019-02-30-x.md", None),
    ("content/news/x-2019-04-14.md", None),
    ("content/news/20190414-x.md", None),
])
def test_date_in_the_path(path, day):
    assert dates.path_date(path) == day


def test_offset_of_the_other_season_is_named_and_others_are_not():
    from datetime import datetime
    berlin = ZoneInfo("Europe/Berlin")
    summer_typed_winter = datetime.fromisoformat("2019-04-14T20:00:00+01:00")
    assert dates.offset_conflict(summer_typed_winter, berlin) == (
        "the offset +01:00 is not Europe/Berlin's offset on 14.04.2019 (+02:00): the article shows 21:00, "
        "not the typed 20:00", "if 20:00 is meant, write +02:00 or leave the offset out")
    assert dates.offset_conflict(datetime.fromisoformat("2019-01-14T20:00:00+02:00"), berlin)[0].startswith(
        "the offset +02:00 is not Europe/Berlin's offset on 14.01.2019 (+01:00)")
    for value in ("2019-04-14T20:00:00+02:00", "2019-04-14T20:00:00+00:00", "2019-04-14T20:00:00-05:00"):
        assert dates.offset_conflict(datetime.fromisoformat(value), berlin) is None
