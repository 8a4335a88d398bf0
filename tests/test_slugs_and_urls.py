"""Slugs and URLs: the German slug rule, NFD input, collisions and path traversal."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, article, case_files, run_build, tree
from sitegen.content.slugs import is_valid_slug, slugify

NOW = ("--now", "2024-05-01 12:00")



def problem_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith("build failed:")]


def tag_links(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="tag" href="([^"]+)" rel="tag">([^<]+)</a>', page)


# --- the slug rule ------------------------------------------------------------

@pytest.mark.parametrize("text, slug", [
    ("Börsen-Ärger: Ölpreis überrascht Übernahme-Fans", "boersen-aerger-oelpreis-ueberrascht-uebernahme-fans"),
    ("Straße der Großbank", "strasse-der-grossbank"),
    ("GROẞE Pläne", "grosse-plaene"),
    ("Gold & Silber: 2.175,40 €", "gold-silber-2-175-40-eur"),
    ("Rendite fällt unter 2,4 Prozent", "rendite-faellt-unter-2-4-prozent"),
    ("Leitzins bei 5,25 bis 5,5 Prozent", "leitzins-bei-5-25-bis-5-5-prozent"),
    ("  Fed -- hält   still!  ", "fed-haelt-still"),
    ("Zinsen — Fed hält still!", "zinsen-fed-haelt-still"),
    ("../Gold ... und .. Silber", "gold-und-silber"),
    ("Crème brûlée à la Zürich", "creme-brulee-a-la-zuerich"),
    ("KI-Boom", "ki-boom"),
    ("!!!", ""),
])
def test_slugify_follows_the_german_rule(text, slug):
    assert slugify(text) == slug


def test_slugify_treats_decomposed_umlauts_like_composed_ones():
    nfd = unicodedata.normalize("NFD", "Ölpreis fällt, Bürger zahlen mehr für Heizöl")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert slugify(nfd) == "oelpreis-faellt-buerger-zahlen-mehr-fuer-heizoel"


def test_slug_is_at_most_80_characters_cut_at_a_word():
    title = "Goldpreis " + " ".join(["Rekordhoch"] * 12)
    slug = slugify(title)
    assert len(slug) <= 80
    assert slug == "goldpreis-" + "-".join(["rekordhoch"] * 6)
    assert slugify("a" * 100) == "a" * 80


@pytest.mark.parametrize("slug, valid", [
    ("gold-news", True), ("2024-gold", True), ("Gold-News", False), ("gold--news", False),
    ("-gold", False), ("gold/news", False), ("../gold", False), ("gold_news", False), ("", False),
    ("oel", True), ("öl", False),
])
def test_is_valid_slug_accepts_only_what_slugify_would_make(slug, valid):
    assert is_valid_slug(slug) is valid


# --- URLs of articles, tags and pages -------------------------------------------

def test_umlaut_title_and_tags_give_transliterated_urls_and_keep_umlauts_in_link_text(make_site):
    site = make_site(case_files("017-umlaut-slug"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/boersen-aerger-oelpreis-ueberrascht-uebernahme-fans/index.html").read_text()
    assert tag_links(page) == [("/themen/oelpreis/", "Ölpreis"), ("/themen/waehrungen/", "Währungen"),
                               ("/themen/uebernahmen/", "Übernahmen")]
    assert '<h2 id="aerger-ueber-oel">Ärger über Öl</h2>' in page
    assert '<a href="/news/boersen-aerger-oelpreis-ueberrascht-uebernahme-fans/">' in (
        site / "output/index.html").read_text()


def test_nfd_file_gives_nfc_text_and_one_tag_page_for_both_spellings(make_site):
    files = case_files("019-nfd-decomposed-umlauts")
    assert "a\u0308".encode() in files["content/news/a-nfd.md"]
    site = make_site(files)
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    out = tree(site / "output")
    assert sorted(p for p in out if p.startswith(("news/", "themen/")) and p.endswith(".html")) == [
        "news/oelpreis-faellt-buerger-zahlen-mehr-fuer-heizoel/index.html",
        "news/waehrungen-im-wochenvergleich/index.html",
        "themen/index.html", "themen/oelpreis/index.html", "themen/waehrungen/index.html"]
    tag_page = out["themen/waehrungen/index.html"].decode()
    assert "<h1 class=\"page-title\">Thema: Währungen</h1>" in tag_page
    assert '<a href="/news/oelpreis-faellt-buerger-zahlen-mehr-fuer-heizoel/">' in tag_page
    assert '<a href="/news/waehrungen-im-wochenvergleich/">' in tag_page
    assert "<h1>Ölpreis fällt, Bürger zahlen mehr für Heizöl</h1>" in (
        out["news/oelpreis-faellt-buerger-zahlen-mehr-fuer-heizoel/index.html"].decode())
    assert not any("\u0308" in data.decode() for data in out.values())


def test_pages_live_at_their_slug_and_legal_pages_are_linked_in_the_footer(make_site):
    site = make_site({
        "content/news/gold.md": article("Gold"),
        "content/pages/impressum.md": "---\ntitle: Impressum\n---\nAngaben gemäß § 5 TMG.\n",
        "content/pages/recht/datenschutz.md": "---\ntitle: Datenschutz\n---\nKeine Cookies.\n",
        "content/pages/ueber.md": "---\ntitle: Über uns\n---\nWer wir sind.\n",
    })
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    out = site / "output"
    for slug in ("impressum", "datenschutz", "ueber-uns"):
        assert (out / slug / "index.html").is_file()
    home = (out / "index.html").read_text()
    assert '<a href="/impressum/">Impressum</a>' in home and '<a href="/datenschutz/">Datenschutz</a>' in home


def test_base_url_with_a_sub_path_prefixes_every_link(make_site):
    config = BASE_CONFIG.replace("base_url: https://www.example.de/", "base_url: https://www.example.de/blog/")
    site = make_site({"content/news/gold.md": article("Gold steigt", tags="[Gold]")}, config=config)
    assert run_build(site, *NOW).code == 0
    page = (site / "output/news/gold-steigt/index.html").read_text()
    assert tag_links(page) == [("/blog/themen/gold/", "Gold")]
    assert '<a href="/blog/news/gold-steigt/">' in (site / "output/index.html").read_text()


def test_configured_article_permalink_moves_articles(make_site):
    config = BASE_CONFIG + "permalinks:\n  article: /artikel/{slug}/\n"
    site = make_site({"content/news/gold.md": article("Gold steigt")}, config=config)
    assert run_build(site, *NOW).code == 0
    assert (site / "output/artikel/gold-steigt/index.html").is_file()
    assert not (site / "output/news").exists()


def test_permalink_date_tokens_use_the_article_date_in_site_time(make_site):
    config = BASE_CONFIG + "permalinks:\n  article: /news/{year}/{month}/{day}/{slug}/\n"
    site = make_site({"content/news/gold.md": article("Gold steigt"),
                      # 23:30 UTC on 30 April is 01:30 on 1 May in Berlin
                      "content/news/silber.md": article("Silber", date="2024-04-30T23:30:00+00:00", time="",
                                                        body="Siehe [Gold](gold.md).\n")}, config=config)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    pages = sorted(p for p in tree(site / "output") if p.startswith("news/"))
    assert pages == ["news/2024/04/25/gold-steigt/index.html", "news/2024/05/01/silber/index.html"]
    assert '<a href="/news/2024/04/25/gold-steigt/">' in (site / "output/index.html").read_text()
    assert 'href="/news/2024/04/25/gold-steigt/"' in (site / "output/news/2024/05/01/silber/index.html").read_text()
    assert "https://www.example.de/news/2024/05/01/silber/" in (site / "output/feed.xml").read_text()


def test_explicit_slug_replaces_the_title_slug(make_site):
    site = make_site({"content/news/gold.md": article('"Gold: Preis auf Rekordhoch"', extra="slug: gold-rekord")})
    assert run_build(site, *NOW).code == 0
    assert sorted(p for p in tree(site / "output") if p.startswith("news/")) == ["news/gold-rekord/index.html"]


def test_explicit_slug_with_capitals_is_an_error_suggesting_the_right_one(make_site):
    site = make_site({"content/news/gold.md": article("Gold", extra="slug: Gold-Rekord_Hoch")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:6: slug 'Gold-Rekord_Hoch' is not a valid slug (only a-z, 0-9 and -) "
        "— use slug: gold-rekord-hoch"]


def test_title_without_letters_needs_an_explicit_slug(make_site):
    site = make_site({"content/news/x.md": article('"???"')})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/x.md:2: the title '???' gives an empty slug "
        "— add slug: with letters or digits, e.g. slug: gold-news"]


# --- 021 collisions -----------------------------------------------------------

def test_two_articles_with_the_same_slug_the_later_takes_its_file_name_with_a_warning(make_site):
    # issue 11: recurring headlines no longer fail the build (an unresolvable clash still does:
    # test_real_archives.py::test_same_title_and_same_file_name_stays_an_error)
    site = make_site(case_files("021-duplicate-slug", "a-fed-1.md", "b-fed-2.md"))
    run = run_build(site, *NOW)
    assert run.code == 0
    assert problem_lines(run) == [
        "warning: content/news/b-fed-2.md:2: the title gives the slug 'zinsen-fed-haelt-still', which "
        "content/news/a-fed-1.md already has; this article gets the slug 'b-fed-2' from its file name "
        "— to keep this URL even if the other article goes, add slug: b-fed-2"]
    assert "Erste Meldung" in (site / "output/news/zinsen-fed-haelt-still/index.html").read_text()
    assert "Die Analyse" in (site / "output/news/b-fed-2/index.html").read_text()


def test_duplicate_slug_report_does_not_depend_on_file_creation_order(make_site):
    files = case_files("021-duplicate-slug", "a-fed-1.md", "b-fed-2.md")
    first = make_site(files, name="first")
    second = make_site(dict(reversed(list(files.items()))), name="second")
    assert run_build(first, *NOW).err == run_build(second, *NOW).err


def test_article_slug_tags_does_not_clash_with_the_tag_index(make_site):
    site = make_site(case_files("021-duplicate-slug", "c-reserviert.md"))
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert (run.code, run.err) == (0, "")
    assert (site / "output/news/tags/index.html").is_file()
    assert (site / "output/themen/index.html").is_file()


def test_page_with_a_reserved_slug_is_an_error_at_its_slug_line(make_site):
    site = make_site({"content/pages/themen.md": "---\ntitle: Unsere Themen\nslug: themen\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "content/pages/themen.md:3: slug 'themen' is reserved for the site's own pages " \
           "— choose another, e.g. slug: themen-info" in problem_lines(run)
    assert not (site / "output").exists()


def test_page_and_article_cannot_share_an_output_path_even_through_the_permalink(make_site):
    config = BASE_CONFIG + "permalinks:\n  article: /{slug}/\n"
    site = make_site({"content/news/impressum.md": article("Impressum"),
                      "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n"}, config=config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/impressum.md:2: two sources make the same page /impressum/ (slug 'impressum'): "
        "content/news/impressum.md and content/pages/impressum.md — give one of them another slug: or title",
        "content/pages/impressum.md:2: two sources make the same page /impressum/ (slug 'impressum'): "
        "content/pages/impressum.md and content/news/impressum.md — give one of them another slug: or title",
    ]


# --- 022 path traversal -------------------------------------------------------

def snapshot(folder: Path) -> set[str]:
    """Every path below ``folder`` except the build cache (.cache/ holds rendered Markdown, not output)."""
    return {rel for d, dirs, names in os.walk(folder) for n in dirs + names
            if ".cache" not in (rel := os.path.relpath(os.path.join(d, n), folder)).split(os.sep)}


def test_path_traversal_slugs_are_errors_at_the_slug_line_and_nothing_is_written(make_site, tmp_path):
    site = make_site(case_files("022-path-traversal-slug"))
    before = snapshot(tmp_path)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/a-punkt-punkt.md:5: slug '../../etc/cron.daily/gold' is not a valid slug "
        "(only a-z, 0-9 and -) — use slug: etc-cron-daily-gold",
        "content/news/b-kodiert.md:5: slug '..%2F..%2Fausgabe' is not a valid slug "
        "(only a-z, 0-9 and -) — use slug: ausgabe",
        "content/news/c-absolut.md:5: slug '/srv/gold' is not a valid slug (only a-z, 0-9 and -) — use slug: srv-gold",
        "content/news/d-versteckt.md:5: slug 'gold/../../../x' is not a valid slug "
        "(only a-z, 0-9 and -) — use slug: gold-x",
        "content/news/e-backslash.md:5: slug '..\\..\\gold' is not a valid slug (only a-z, 0-9 and -) — use slug: gold",
        "build failed: 5 errors, 0 warnings; output/ was not changed",
    ]
    assert snapshot(tmp_path) == before


def test_title_with_dots_builds_inside_the_output_folder(make_site):
    site = make_site(case_files("022-path-traversal-slug", "f-titel-mit-punkten.md"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert (site / "output/news/gold-und-silber/index.html").is_file()
    assert "<h1>../Gold ... und .. Silber</h1>" in (site / "output/news/gold-und-silber/index.html").read_text()


@pytest.mark.parametrize("bad", ["../x/index.html", "/etc/x", "a/../../x", "..\\x", "C:/x", "."])
def test_writer_refuses_paths_outside_the_output_folder(tmp_path, bad):
    from sitegen.output.writer import UnsafePathError, sync_output
    out = tmp_path / "out" / "output"
    with pytest.raises(UnsafePathError):
        sync_output(out, {"index.html": b"ok", bad: b"evil"})
    assert snapshot(tmp_path) <= {"out", os.path.join("out", "output")}
