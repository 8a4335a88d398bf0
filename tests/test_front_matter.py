"""Front matter as editors write it: BOM, CRLF, dashes, YAML mistakes, typed keys.

Each test builds a site with the real command line and checks exactly what
the editor sees: the error lines on stderr, or the HTML of the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, case_files, problem_lines, run_build, tree

NOW = ("--now", "2024-05-01 12:00")




def prose(page: str) -> str:
    """The article body (inside ``<div class="prose">``)."""
    return page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]


def all_text(folder: Path) -> str:
    return "".join(data.decode("utf-8") for data in tree(folder).values())


# --- 001 BOM ---------------------------------------------------------------

def test_bom_before_front_matter_is_ignored_and_never_reaches_the_html(make_site):
    site = make_site(case_files("001-bom-before-front-matter"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/silberpreis-zieht-an-industrie-kauft-auf-vorrat/index.html").read_text()
    assert "<h1>Silberpreis zieht an: Industrie kauft auf Vorrat</h1>" in page
    assert '<time datetime="2024-04-25T09:12:00+02:00">25.04.2024 <span class="meta-time">09:12 Uhr</span></time>' in page
    body = prose(page)
    assert "title:" not in body and "<hr" not in body and "author:" not in body
    assert '<h2 id="lagerbestaende-sinken">Lagerbestände sinken</h2>' in body
    assert "\ufeff" not in all_text(site / "output")


# --- 002 CRLF --------------------------------------------------------------

def test_crlf_file_gives_byte_identical_output_to_the_same_file_with_lf(make_site):
    crlf = case_files("002-crlf-line-endings")
    assert b"\r\n" in crlf["content/news/article.md"]
    lf = {k: v.replace(b"\r\n", b"\n") for k, v in crlf.items()}
    site_crlf, site_lf = make_site(crlf, name="crlf"), make_site(lf, name="lf")
    assert run_build(site_crlf, *NOW).code == 0
    assert run_build(site_lf, *NOW).code == 0
    assert tree(site_crlf / "output") == tree(site_lf / "output")
    page = (site_crlf / "output/news/bundesanleihen-rendite-faellt-unter-2-4-prozent/index.html").read_text()
    assert '<a class="tag" href="/themen/zinsen/" rel="tag">Zinsen</a>' in page
    assert '<h2 id="zwischenfazit">Zwischenfazit</h2>' in page
    assert '<p class="lead">Sichere Häfen gefragt</p>' in page
    assert "\r" not in all_text(site_crlf / "output")


# --- 003 dashes ------------------------------------------------------------

def test_dashes_in_summary_and_body_do_not_end_or_restart_the_front_matter(make_site):
    site = make_site(case_files("003-dashes-in-front-matter-and-body"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/anleihen-oder-aktien-ein-vergleich/index.html").read_text()
    assert "<h1>Anleihen oder Aktien? Ein Vergleich</h1>" in page
    assert '<p class="lead">Anleihen --- die unterschätzte Anlageklasse</p>' in page
    assert prose(page).strip() == (
        "<p>Viele Sparer fragen sich, wo ihr Geld besser aufgehoben ist.</p>\n"
        "<hr />\n"
        '<h2 id="aktien">Aktien</h2>\n'
        "<p>Langfristig höhere Rendite, aber größere Schwankungen.</p>\n"
        '<h2 id="zwischenstand">Zwischenstand</h2>\n'
        '<h2 id="anleihen">Anleihen</h2>\n'
        "<p>Planbare Zinsen, dafür Inflationsrisiko.</p>\n"
        "<hr />\n"
        "<p>title: Dies ist kein Front Matter\ndate: ebenfalls nicht</p>")


# --- 004 unclosed ----------------------------------------------------------

def test_unclosed_front_matter_is_an_error_at_line_1_and_no_page_is_written(make_site):
    site = make_site(case_files("004-unclosed-front-matter"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/article.md:1: the front matter is never closed — add a line containing only --- after the last key",
        "build failed: 1 error, 0 warnings; output/ was not changed",
    ]
    assert not (site / "output").exists()


def test_file_without_front_matter_is_an_error_that_says_how_to_start(make_site):
    site = make_site({"content/news/ohne.md": "# Gold steigt\n\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/ohne.md:1: the file has no front matter — start the file with a line containing only ---, "
        "then title: and date:, then ---"]


# --- 005 empty -------------------------------------------------------------

def test_empty_front_matter_names_each_missing_key_at_line_1(make_site):
    site = make_site(case_files("005-empty-front-matter-and-empty-keys", "a-leer.md", "c-nur-kommentar.md"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert problem_lines(run) == [
        "content/news/a-leer.md:1: 'date' is missing in the front matter — add date: 25.04.2024",
        "content/news/a-leer.md:1: 'title' is missing in the front matter — add title: \"Gold: Preis auf Rekordhoch\"",
        "content/news/c-nur-kommentar.md:1: 'date' is missing in the front matter — add date: 25.04.2024",
        "content/news/c-nur-kommentar.md:1: 'title' is missing in the front matter — add title: \"Gold: Preis auf Rekordhoch\"",
    ]


def test_empty_tags_summary_and_author_are_absent_not_none(make_site):
    site = make_site(case_files("005-empty-front-matter-and-empty-keys", "b-tags-leer.md"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    out = site / "output"
    assert [p for p in tree(out) if p.startswith("themen/")] == ["themen/index.html"]
    page = (out / "news/platin-angebotsdefizit-weitet-sich-aus/index.html").read_text()
    assert "<h1>Platin: Angebotsdefizit weitet sich aus</h1>" in page
    assert "13:20 Uhr" in page
    assert 'class="tags"' not in page and 'class="lead"' not in page
    assert "None" not in all_text(out)


def test_empty_title_value_is_an_error_at_its_own_line(make_site):
    site = make_site({"content/news/leer.md": "---\ndate: 25.04.2024\ntitle:\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/leer.md:3: 'title' is empty in the front matter — add title: \"Gold: Preis auf Rekordhoch\""]


# --- 007 YAML syntax errors ------------------------------------------------

def test_five_yaml_syntax_errors_are_reported_in_one_run_with_file_line_and_quoting_hint(make_site):
    site = make_site(case_files("007-yaml-syntax-errors-file-line"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert run.err.splitlines() == [
        "content/news/a-doppelpunkt.md:2: invalid YAML: a value containing ': ' must be quoted "
        "(mapping values are not allowed in this context) — put the value in double quotes: "
        'title: "Fed-Entscheid: Leitzins bleibt bei 5,5 Prozent"',
        "content/news/b-at-zeichen.md:4: invalid YAML: a value cannot start with '@' unless it is quoted "
        "(found character that cannot start any token) — put the value in double quotes: "
        'title: "@Anleger: Diese Termine zählen diese Woche"',
        "content/news/c-anfuehrungszeichen.md:5: invalid YAML: did not find expected key — "
        'put the value in double quotes: title: "\\"Sicherer Hafen\\" Gold bleibt gefragt"',
        "content/news/d-tab.md:6: invalid YAML: a Tab is used for indentation — indent with spaces, not Tab characters",
        "content/news/e-stern.md:2: invalid YAML: a value cannot start with '*' unless it is quoted "
        "(did not find expected alphabetic or numeric character) — put the value in double quotes: "
        'title: "*Eilmeldung* DAX fällt unter 17.500 Punkte"',
        "build failed: 5 errors, 0 warnings; output/ was not changed",
    ]
    assert not (site / "output").exists()


def test_yaml_error_line_is_counted_in_the_file_after_a_bom_and_crlf(make_site):
    raw = "\ufeff---\r\ndate: 25.04.2024\r\ntitle: Gold: Rekord\r\n---\r\nText.\r\n".encode()
    site = make_site({"content/news/gold.md": raw})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:3: invalid YAML: a value containing ': ' must be quoted "
        "(mapping values are not allowed in this context) — put the value in double quotes: title: \"Gold: Rekord\""]


# --- typed keys --------------------------------------------------------------

def test_norway_tags_stay_strings_and_draft_no_means_published(make_site):
    site = make_site(case_files("009-norway-booleans"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    out = site / "output"
    tag_pages = sorted(p for p in tree(out) if p.startswith("themen/") and p.endswith("/index.html")
                       and p != "themen/index.html")
    assert tag_pages == ["themen/no/index.html", "themen/oel/index.html", "themen/on/index.html",
                         "themen/staatsfonds/index.html", "themen/yes/index.html"]
    page = (out / "news/norwegens-staatsfonds-meidet-oelaktien/index.html").read_text()
    links = re.findall(r'<a class="tag" href="([^"]+)" rel="tag">([^<]+)</a>', page)
    assert links == [("/themen/staatsfonds/", "Staatsfonds"), ("/themen/no/", "NO"), ("/themen/yes/", "yes"),
                     ("/themen/on/", "on"), ("/themen/oel/", "Öl")]
    assert "False" not in all_text(out) and "True" not in all_text(out)
    for slug in ("yes", "on"):
        assert "/news/norwegens-staatsfonds-meidet-oelaktien/" in (out / f"themen/{slug}/index.html").read_text()


def test_draft_with_a_value_that_is_not_a_boolean_is_an_error(make_site):
    site = make_site({"content/news/gold.md": article("Gold", extra="draft: vielleicht")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:6: 'draft' must be true or false, not 'vielleicht' — draft: true"]


def test_draft_yes_hides_the_article_like_draft_true(make_site):
    site = make_site({"content/news/a.md": article("Sichtbar"),
                      "content/news/b.md": article("Versteckt", extra="draft: yes")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert (site / "output/news/sichtbar/index.html").exists()
    assert not (site / "output/news/versteckt").exists()
    assert "Versteckt" not in all_text(site / "output")


def test_duplicate_key_is_an_error_at_the_second_key_naming_the_first(make_site):
    site = make_site({"content/news/gold.md": "---\ntitle: Gold\ndate: 25.04.2024\ntitle: Silber\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:4: duplicate key 'title' — it was first given on line 2; keep one of them"]


def test_title_given_as_a_list_is_a_type_error(make_site):
    site = make_site({"content/news/gold.md": "---\ntitle: [a, b]\ndate: 25.04.2024\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:2: 'title' must be text, not a list or mapping — write it on one line, e.g. title: \"…\""]


def test_tags_as_a_mapping_is_a_type_error(make_site):
    site = make_site({"content/news/gold.md": article("Gold", tags="{a: b}")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["content/news/gold.md:5: 'tags' must be a list — tags: [Gold, Zinsen]"]


def test_near_miss_keys_titel_and_tag_warn_with_did_you_mean(make_site):
    site = make_site({"content/news/gold.md": article("Gold", tags="", extra="titel: Gold\ntag: Silber")})
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: content/news/gold.md:5: unknown key 'titel' is kept for templates only — did you mean 'title'?",
        "warning: content/news/gold.md:6: unknown key 'tag' is kept for templates only — did you mean 'tags'?",
    ]


def test_unknown_key_far_from_any_known_key_is_kept_silently(make_site):
    site = make_site({"content/news/gold.md": article("Gold", extra="quelle: Reuters")})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")


def test_tags_as_one_comma_separated_string_become_two_tags(make_site):
    site = make_site({"content/news/gold.md": article("Gold", tags='"Gold, Silber"')})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    page = (site / "output/news/gold/index.html").read_text()
    assert re.findall(r'<a class="tag" href="([^"]+)" rel="tag">([^<]+)</a>', page) == [
        ("/themen/gold/", "Gold"), ("/themen/silber/", "Silber")]
    assert (site / "output/themen/silber/index.html").exists()


def test_number_with_thousands_dot_in_title_stays_as_written(make_site):
    site = make_site({"content/news/dax.md": article("18.000", tags="[DAX, 1.0]",
                                                     extra="summary: 18.000 Punkte\nauthor: 007")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    page = (site / "output/news/18-000/index.html").read_text()
    assert "<h1>18.000</h1>" in page
    assert "<title>18.000 | Testseite</title>" in page
    assert '<p class="lead">18.000 Punkte</p>' in page
    assert '<a class="tag" href="/themen/1-0/" rel="tag">1.0</a>' in page


def test_errors_in_a_draft_are_warnings_unless_drafts_are_built(make_site, tmp_path):
    files = {"content/news/gut.md": article("Gut"),
             "content/news/entwurf.md": article("Entwurf", date="31.04.2024", extra="draft: true")}
    site = make_site(files)
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: content/news/entwurf.md:3: date '31.04.2024' does not exist (in a draft) — "
        "use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"]
    run = run_build(site, *NOW, "--drafts", "--output", str(tmp_path / "preview"))
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/entwurf.md:3: date '31.04.2024' does not exist — "
        "use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"]
    assert not (tmp_path / "preview").exists()


def test_failed_build_leaves_the_previous_output_byte_identical(make_site):
    site = make_site({"content/news/a.md": article("Gold steigt"),
                      "content/news/b.md": article("Silber fällt", tags="[Silber, Gold]")})
    assert run_build(site, *NOW).code == 0
    before = tree(site / "output")
    assert "news/silber-faellt/index.html" in before
    (site / "content/news/b.md").write_text("---\ntitle: Silber: fällt\ndate: 25.04.2024\n---\nText.\n")
    (site / "content/news/c.md").write_text(article("Neu"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines()[-1] == "build failed: 1 error, 0 warnings; output/ was not changed"
    assert tree(site / "output") == before


def test_an_empty_tag_is_named_as_empty(make_site):
    site = make_site({"content/news/gold.md": article("Gold", tags='[Gold, ""]')})
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:5: an entry of 'tags' is empty — delete it or write the text, e.g. tags: [Gold, Zinsen]"]
