"""Hardening of the YAML reader and the sources: no input crashes, hangs or
exhausts a build, and nothing an editor typed changes without a word.

Each test builds a site with the real command line and checks what the
editor sees: the exact problem lines, the exit code, the page.
"""

from __future__ import annotations

import os
import tracemalloc

import pytest

from conftest import BASE_CONFIG, article, problem_lines, run_build
from sitegen.config import yamltext
from sitegen.content import reading, sources
from sitegen.problems import error, format_problem

NOW = ("--now", "2024-05-01 12:00")
HEAD = "---\ntitle: Gold steigt\ndate: 25.04.2024\n"
FAILED = "build failed: 1 error, 0 warnings; output/ was not changed"


def build_one(make_site, text: str, name: str = "content/news/x.md"):
    """Build a site whose only source is ``text`` (at ``name``); returns the ``Run``."""
    site = make_site({name: text.encode()}, name=name.rsplit("/", 1)[1])
    return run_build(site, *NOW)


def page(site) -> str:
    return (site / "output/news/gold-steigt/index.html").read_text()


def alias_bomb(levels: int = 9) -> str:
    """``a: &a [x × 9]``, ``b: &b [*a × 9]`` … : 9**levels values when expanded."""
    names = [chr(ord("a") + n) for n in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ",".join(["x"] * 9) + "]"]
    lines += [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip(names, names[1:])]
    return "\n".join(lines) + "\n"


# --- 1. tracebacks become one-line errors -----------------------------------

def test_an_alias_inside_its_own_anchor_is_an_error_not_a_recursion(make_site):
    run = build_one(make_site, HEAD + "x: &a [*a]\n---\nText\n")
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/x.md:4: the alias '*a' is used inside the value '&a' it refers to "
        "— a value cannot contain itself; remove the alias"]


@pytest.mark.parametrize("nested, line", [
    ("a: " + "[" * 500 + "]" * 500 + "\n", 4),
    ("".join("  " * n + f"k{n}:\n" for n in range(500)) + "  " * 500 + "k: v\n", 44),
])
def test_nesting_500_deep_stops_at_the_limit_with_its_line(make_site, nested, line):
    run = build_one(make_site, HEAD + nested + "---\nText\n")
    assert run.code == 1
    assert problem_lines(run) == [
        f"content/news/x.md:{line}: the YAML is nested more than 40 levels deep "
        "— front matter and config need only a few levels; check the brackets and indentation"]


def test_nesting_within_the_limit_is_kept_for_templates(make_site):
    deep = "extra: " + "[" * 39 + "x" + "]" * 39 + "\n"
    run = build_one(make_site, HEAD + deep + "---\nText\n")
    assert (run.code, run.err) == (0, "")


# --- 2. resources -----------------------------------------------------------

def test_alias_bomb_in_front_matter_is_refused_with_little_memory(make_site):
    run = build_one(make_site, HEAD + alias_bomb() + "---\nText\n")
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/x.md:8: the YAML holds more than 10,000 values (aliases counted each time they are used) "
        "— remove the aliases (*name) that repeat large values"]
    tracemalloc.start()
    root, problems = yamltext.parse_yaml(alias_bomb(), "x.md", 2, 10_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert root is None and len(problems) == 1
    assert peak < 5_000_000


def test_aliases_within_the_limit_are_expanded(make_site):
    run = build_one(make_site, HEAD + "base: &b [Gold, Silber]\ntags: *b\n---\nText\n")
    assert (run.code, run.err) == (0, "")


def test_alias_bomb_in_config_is_refused(make_site):
    site = make_site({"content/news/x.md": article("Gold steigt")}, config=BASE_CONFIG + "params:\n" + "".join(
        "  " + line + "\n" for line in alias_bomb().splitlines()))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run)[0] == (
        "config.yaml:39: the YAML holds more than 100,000 values (aliases counted each time they are used) "
        "— remove the aliases (*name) that repeat large values")


def test_a_source_above_2_mb_is_refused_without_reading_it(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    with open(site / "content/news/gross.md", "wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gross.md:1: the file is 5.2 MB; one article may be at most 2 MB "
        "— split it or link large data as a file"]


def test_a_huge_sparse_source_is_never_read_into_memory(tmp_path):
    (tmp_path / "content/pages").mkdir(parents=True)
    with open(tmp_path / "content/pages/riesig.md", "wb") as handle:
        handle.truncate(200_000_000)
    tracemalloc.start()
    source, problems = reading.read_source(tmp_path, "content/pages/riesig.md", "page")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert source is None
    assert [format_problem(p) for p in problems] == [
        "content/pages/riesig.md:1: the file is 200.0 MB; one page may be at most 2 MB "
        "— split it or link large data as a file"]
    assert peak < 1_000_000


def test_a_line_above_100000_characters_is_an_error_at_its_line(make_site):
    run = build_one(make_site, article("Gold steigt", body="Ein Absatz.\n\n" + "x" * 1_000_000 + "\n"))
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/x.md:9: the line has 1,000,000 characters; one line may have at most 100,000 "
        "— break it into several lines, or link large data as a file"]


# --- 3. every problem is one line, syntax errors at the right line ------------

def test_line_breaks_and_control_characters_in_messages_are_printed_escaped():
    problem = error("content/news/x.md", 3, "duplicate key 'a\nb\tc\x85\u2028'", "keep one\r\nof them")
    assert format_problem(problem) == "content/news/x.md:3: duplicate key 'a\\nb\\tc\\x85\\u2028' — keep one\\r\\nof them"


def test_a_key_with_a_line_break_gives_a_one_line_error(make_site):
    run = build_one(make_site, HEAD + '"x\\ny": 1\n"x\\ny": 2\n---\nText\n')
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/x.md:5: duplicate key 'x\\ny' — it was first given on line 4; keep one of them", FAILED]


def test_a_control_character_is_reported_at_its_line_without_libyaml_position(make_site):
    run = build_one(make_site, HEAD + "author: Max\x07Muster\n---\nText\n")
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/news/x.md:4: the character U+0007 is not allowed in YAML (control characters are not allowed) "
        "— delete it; it is invisible in most editors", FAILED]
    assert "<unicode string>" not in run.err


INDENT_HINT = "check the indentation: keys of one mapping start in the same column, list entries with '- '"


@pytest.mark.parametrize("yaml_text, expected", [
    ('title: "Gold steigt\ndate: 25.04.2024\n',
     "content/news/x.md:2: invalid YAML: a quoted value is never closed "
     "— end it with the same quote mark on this line, or write a quote inside as \\\" or ''"),
    ("title: Gold steigt\n  date: 25.04.2024\n",
     f"content/news/x.md:3: invalid YAML: mapping values are not allowed in this context — {INDENT_HINT}"),
    ("title: Gold steigt\n-\ndate: 25.04.2024\n",
     f"content/news/x.md:3: invalid YAML: did not find expected key — {INDENT_HINT}"),
    ("title: Gold steigt\ntags:\n\t- Gold\ndate: 25.04.2024\n",
     "content/news/x.md:4: invalid YAML: a Tab is used for indentation — indent with spaces, not Tab characters"),
])
def test_yaml_syntax_errors_name_the_line_of_the_fault(make_site, yaml_text, expected):
    run = build_one(make_site, "---\n" + yaml_text + "---\nText\n")
    assert run.code == 1
    assert run.err.splitlines() == [expected, FAILED]


# --- 4. nothing YAML drops or changes goes unmentioned -------------------------

@pytest.mark.parametrize("line, expected", [
    ("summary: Gold steigt # Rekord",
     "the text after ' #' is a YAML comment and is not part of the value "
     '— put the value in double quotes: summary: "Gold steigt # Rekord"'),
    ("summary: &Co Gold", "'&Co' is read as a YAML anchor and is not part of the text "
     '— put the value in double quotes: summary: "&Co Gold"'),
    ("summary: !wichtig Gold", "the YAML tag '!wichtig' is ignored; every value is read as text "
     '— put the value in double quotes: summary: "!wichtig Gold"'),
    ("summary: ~", "'~' means \"no value\" in YAML, so this value is empty "
     '— put the value in double quotes: summary: "~"'),
    ("author: null", "'null' means \"no value\" in YAML, so this value is empty "
     '— put the value in double quotes: author: "null"'),
    ('summary: "C:\\new"', "in double quotes, \\n is read as a line break "
     "— for a backslash write \\\\, or use single quotes: summary: 'C:\\new'"),
    ("Summary: Gold", "keys are case-sensitive: 'Summary' is not 'summary' and is kept for templates only "
     "— write it as summary:"),
])
def test_what_yaml_would_drop_or_change_is_a_warning_at_its_line(make_site, line, expected):
    run = build_one(make_site, HEAD + line + "\n---\nText\n")
    assert (run.code, run.err) == (0, f"warning: content/news/x.md:4: {expected}\n")


def test_comments_on_their_own_line_and_config_idioms_are_no_warning(make_site):
    site = make_site({"content/news/x.md": HEAD + "# Quelle: Reuters\ntags: [Gold] # Rohstoffe\n---\nText\n"},
                     config=BASE_CONFIG.replace("timezone: Europe/Berlin", "timezone: Europe/Berlin  # Sitzzeit"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")


def test_merge_keys_are_applied_and_given_keys_win(make_site):
    text = "---\nbase: &base\n  title: Gold steigt\n  summary: Vom Anker\n<<: *base\nsummary: Eigene\ndate: 25.04.2024\n---\nText\n"
    site = make_site({"content/news/x.md": text})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert "<h1>Gold steigt</h1>" in page(site)
    assert "Eigene" in page(site) and "Vom Anker" not in page(site)


def test_a_second_document_and_a_dots_line_are_errors_at_their_line(make_site):
    run = build_one(make_site, HEAD + "--- weiter\nauthor: Max\n---\nText\n")
    assert run.err.splitlines() == [
        "content/news/x.md:4: a second YAML document starts here "
        "— the front matter and config.yaml hold one document; remove this --- or ... line", FAILED]
    run = build_one(make_site, HEAD + "...\nauthor: Max\n---\nText\n", name="content/news/y.md")
    assert run.err.splitlines() == [
        "content/news/y.md:4: '...' ends the YAML here, before the closing --- line "
        "— remove this line; the front matter ends at a line containing only ---", FAILED]


def test_keys_after_the_closing_line_are_a_warning(make_site):
    run = build_one(make_site, HEAD + "---\n---\nauthor: Max\nsummary: Kurz\n---\nText\n")
    assert (run.code, run.err) == (0, "warning: content/news/x.md:6: these key: value lines after the front matter "
                                      "are shown as text — move them above the closing --- on line 4\n")


def test_wrong_shapes_are_errors(make_site):
    run = build_one(make_site, HEAD + "summary: [a, b]\ntags: {Gold: ja}\n---\nText\n")
    assert problem_lines(run) == [
        "content/news/x.md:4: 'summary' must be text, not a list or mapping — write it on one line, e.g. summary: \"…\"",
        "content/news/x.md:5: 'tags' must be a list — tags: [Gold, Zinsen]"]


# --- 5. other front matter formats are named -------------------------------------

REWRITE = 'write it as a line ---, then title: "Gold steigt" and the other keys as key: value, then a line ---'


@pytest.mark.parametrize("text, name", [
    ('+++\ntitle = "Gold steigt"\ndate = 2024-04-25\n+++\nText\n', "TOML (between +++ lines)"),
    ('{\n  "title": "Gold steigt",\n  "date": "2024-04-25"\n}\nText\n', "JSON (in { })"),
    ("% Gold steigt\n% Max Muster\n% 25.04.2024\n\nText\n", "a Pandoc title block (% lines)"),
    ("Title: Gold steigt\nDate: 2024-04-25\n\nText\n", "MultiMarkdown/Pelican metadata (Key: value lines without ---)"),
    ("#+TITLE: Gold steigt\n#+DATE: 2024-04-25\n\nText\n", "Org mode (#+KEY: lines)"),
])
def test_front_matter_in_another_format_is_named(make_site, text, name):
    run = build_one(make_site, text)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"content/news/x.md:1: the front matter is {name}; this site reads YAML between --- lines — {REWRITE}", FAILED]


def test_front_matter_after_empty_lines_is_an_error(make_site):
    run = build_one(make_site, "\n\n" + article("Gold steigt"))
    assert run.err.splitlines() == [
        "content/news/x.md:3: the front matter must start on line 1 — delete the 2 empty lines above it", FAILED]


# --- 6. sources stay inside the site ------------------------------------------------

def test_a_file_link_to_outside_the_site_is_an_error_and_not_published(make_site, tmp_path):
    outside = tmp_path / "geheim.md"
    outside.write_text(article("Geheimer Entwurf"))
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    os.symlink(outside, site / "content/news/geheim.md")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        f"content/news/geheim.md: the link points outside the site, to {outside}; it is not read "
        "— copy the file into content/ instead of linking to it"]


def test_a_folder_link_to_outside_the_site_is_an_error(make_site, tmp_path):
    (tmp_path / "anderswo").mkdir()
    (tmp_path / "anderswo/geheim.md").write_text(article("Geheimer Entwurf"))
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    os.symlink(tmp_path / "anderswo", site / "content/news/extern")
    run = run_build(site, *NOW)
    assert problem_lines(run) == [
        f"content/news/extern: the link points outside the site, to {tmp_path / 'anderswo'}; it is not read "
        "— copy the file into content/ instead of linking to it"]


def test_links_inside_the_site_are_followed_and_loops_end(make_site):
    site = make_site({"archiv/gold.md": article("Gold steigt")})
    (site / "content/news").mkdir(parents=True)
    os.symlink(site / "archiv", site / "content/news/archiv")
    os.symlink(site / "content/news", site / "content/news/schleife")
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "warning: content/news/schleife: the link points to content/news, "
                                      "which is already read; it is skipped — remove the link\n")
    assert "<h1>Gold steigt</h1>" in page(site)


def test_a_fifo_named_like_a_source_is_an_error_and_never_opened(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    os.mkfifo(site / "content/news/pipe.md")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/pipe.md: this is not a regular file but a FIFO (named pipe); it is not read "
        "— remove it from content/; sources are plain files"]


# --- any text: no exception, every problem one line --------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

YAML_BITS = st.sampled_from(["a", "ä", " ", "  ", "\n", "\t", ":", "- ", "[", "]", "{", "}", ",", "#", "&a", "*a",
                             "!t", "'", '"', "\\", "|", ">", "~", "---", "...", "<<", "?", "%", "\x07", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_any_front_matter_text_gives_values_or_one_line_problems(text):
    root, problems = yamltext.parse_yaml(text, "content/news/x.md", 2, 10_000, text_notes=True)
    assert root is None or root.value is None or isinstance(root.value, (str, list, dict))
    for problem in problems:
        line = format_problem(problem)
        assert "\n" not in line and "<unicode string>" not in line
        assert 2 <= problem.line <= 2 + text.count("\n") + 1


@pytest.mark.parametrize("char, name", [("\u2028", "the line separator U+2028"), ("\x85", "the line break NEL (U+0085)")])
def test_an_invisible_line_break_in_front_matter_is_an_error_at_its_line(make_site, char, name):
    run = build_one(make_site, HEAD + f"summary: Gold{char}steigt\nx: &a [*a]\n---\nText\n")
    assert run.err.splitlines() == [
        f"content/news/x.md:4: this line holds {name}, which YAML reads as a line break "
        "— delete it; it is invisible in most editors and often comes with text copied from Word or the web", FAILED]


def test_an_invisible_line_break_in_the_body_is_kept(make_site):
    site = make_site({"content/news/x.md": article("Gold steigt", body="Gold\u2028steigt.\n")})
    assert run_build(site, *NOW).code == 0
    assert "Gold\u2028steigt." in page(site)


def test_a_control_character_in_the_body_is_an_error_at_its_line_not_a_silent_change(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="Erster Absatz.\n\nText \x00 mit NUL.\n")})
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/gold.md:9: the text holds the control character U+0000, which pages and feeds cannot show "
        "— delete it; it is invisible in most editors"]


def test_a_problem_quoting_a_huge_value_stays_a_readable_line():
    from sitegen.problems import error, format_problem
    line = format_problem(error("content/news/x.md", 3, "bad value '" + "[" * 5000 + "'", "quote it"))
    assert line == ("content/news/x.md:3: bad value '" + "[" * 489 + "… (4,512 more characters) — quote it")
