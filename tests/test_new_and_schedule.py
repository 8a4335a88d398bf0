"""``build.py new``, ``build.py schedule`` and ``build.py --version``/``--help``.

What an editor sees: the file ``new`` writes (exact text), the path it
prints, its refusals; the calendar ``schedule`` prints and the iCalendar
file it writes; the version line; every command's help.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, Run, _build_cli, _run_in_process, article, run_build
from sitegen.content.frontmatter import parse_front_matter, split_source
from sitegen.newsroom.calendar import fold
from sitegen.newsroom.clock import next_quarter

BERLIN = ZoneInfo("Europe/Berlin")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def cli(site, *argv: str) -> Run:
    """``build.py ARGV`` run in ``site`` (in this process), as an editor types it."""
    return _run_in_process(site, list(argv), {}, 120)


def one_line_errors(run: Run) -> bool:
    """True when stderr has no traceback and every line is one message."""
    return "Traceback" not in run.err and all(line.strip() for line in run.err.splitlines())


@pytest.fixture
def site(make_site):
    return make_site({})


# --------------------------------------------------------------------------- new

def test_new_writes_a_draft_from_the_theme_archetype(site):
    run = cli(site, "new", "Goldpreis steigt über 2.400 Dollar", "--now", "2024-04-25 14:48")
    assert (run.code, run.out, run.err) == (0, "content/news/2024-04-25-goldpreis-steigt-ueber-2-400-dollar.md\n", "")
    assert (site / "content/news/2024-04-25-goldpreis-steigt-ueber-2-400-dollar.md").read_text() == (
        '---\ntitle: "Goldpreis steigt über 2.400 Dollar"\ndate: 25.04.2024\ntime: 15:00\ntags: []\nsummary: ""\n'
        "author: Redaktion\ndraft: true\n---\n\n"
        "Der erste Absatz sagt, was passiert ist und warum es für Anleger zählt.\n\n## Die Hintergründe\n\n")


def test_the_new_article_builds_as_a_draft(site, tmp_path):
    cli(site, "new", 'Gold: "Rekord" & mehr #1', "--now", "2024-04-25 14:48")
    run = run_build(site, "--drafts", "--now", "2024-04-25 15:00", "--output", str(tmp_path / "out"))
    assert run.code == 0, run.err
    page = (tmp_path / "out/news/gold-rekord-mehr-1/index.html").read_text()
    assert "<h1>Gold: „Rekord“ &amp; mehr #1</h1>" in page


def test_without_drafts_the_new_article_is_not_published(site, tmp_path):
    cli(site, "new", "Gold steigt", "--now", "2024-04-25 14:48")
    run = run_build(site, "--now", "2024-04-25 16:00", "--output", str(tmp_path / "out"))
    assert run.code == 0, run.err
    assert not (tmp_path / "out/news/gold-steigt").exists()


@pytest.mark.parametrize("now, name, time", [
    ("2024-04-25 14:45", "2024-04-25-gold.md", "14:45"),   # on a quarter hour: stays
    ("2024-04-25 14:46", "2024-04-25-gold.md", "15:00"),
    ("2024-04-25 23:50", "2024-04-26-gold.md", "00:00"),   # the next day, in the file name too
])
def test_new_rounds_up_to_the_next_quarter_hour(site, now, name, time):
    run = cli(site, "new", "Gold", "--now", now)
    assert run.out == f"content/news/{name}\n"
    assert f"\ntime: {time}\n" in (site / "content/news" / name).read_text()


def test_rounding_skips_the_hour_summer_time_leaves_out():
    assert next_quarter(datetime(2024, 3, 31, 1, 50, tzinfo=BERLIN)) == datetime(2024, 3, 31, 3, 0, tzinfo=BERLIN)
    assert next_quarter(datetime(2024, 4, 25, 14, 45, 1, tzinfo=BERLIN)).strftime("%H:%M") == "15:00"


def test_new_refuses_to_overwrite(site):
    cli(site, "new", "Gold steigt", "--now", "2024-04-25 14:48")
    path = site / "content/news/2024-04-25-gold-steigt.md"
    path.write_text("mein Text")
    run = cli(site, "new", "Gold steigt", "--now", "2024-04-25 14:50")
    assert (run.code, run.out) == (1, "")
    assert run.err == ("error: content/news/2024-04-25-gold-steigt.md already exists — edit that file, "
                       "or choose another title; nothing was written\n")
    assert path.read_text() == "mein Text"


def test_new_page(site):
    run = cli(site, "new", "--page", "Über uns")
    assert (run.code, run.out) == (0, "content/pages/ueber-uns.md\n")
    assert (site / "content/pages/ueber-uns.md").read_text() == '---\ntitle: "Über uns"\nsummary: ""\ndraft: true\n---\n\n'


def test_the_site_archetype_wins_with_every_placeholder(site):
    (site / "archetypes").mkdir()
    (site / "archetypes/article.md").write_text(
        "---\ntitle: {{ title }}\ndate: {{date}}\ntime: {{ time }}\nslug: {{ slug }}\ndraft: true\n---\nText\n")
    run = cli(site, "new", "Ölpreis fällt", "--now", "2024-04-25 09:00")
    assert run.code == 0, run.err
    assert (site / "content/news/2024-04-25-oelpreis-faellt.md").read_text() == (
        '---\ntitle: "Ölpreis fällt"\ndate: 25.04.2024\ntime: 09:00\nslug: oelpreis-faellt\ndraft: true\n---\nText\n')


@pytest.mark.parametrize("text, message", [
    ("---\ntitle: {{ title }}\ndate: {{ date }}\nautor: {{ author }}\ndraft: true\n---\n",
     "archetypes/article.md:4: unknown placeholder '{{ author }}' — use {{ title }}, {{ date }}, {{ time }}, {{ slug }}"),
    ("---\ntitle: {{ title }}\ndate: {{ date }}\n---\n",
     "archetypes/article.md:1: the archetype does not set draft: true — add the line draft: true to its front "
     "matter, so a new article is not published before it is written"),
    ("---\ntitle: {{ title }}\ndate: {{ time }}\ndraft: true\n---\n",
     "archetypes/article.md:3: date '15:00' is not a date — use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"),
    (b"---\ntitle: \xff\n---\n", "archetypes/article.md:2: the archetype is not valid UTF-8 text — save it as UTF-8 in your editor"),
    ("x" * 70_000, "archetypes/article.md: the archetype is larger than 64 KB — keep front matter and a short text in it"),
])
def test_a_broken_archetype_writes_nothing(site, text, message):
    (site / "archetypes").mkdir()
    (site / "archetypes/article.md").write_bytes(text if isinstance(text, bytes) else text.encode())
    run = cli(site, "new", "Gold steigt", "--now", "2024-04-25 14:48")
    assert (run.code, run.out) == (1, "")
    first, last = run.err.splitlines()[0], run.err.splitlines()[-1]
    assert first == message
    assert last.startswith("new failed: the archetype has 1 error; nothing was written")
    assert not (site / "content/news").exists()


@pytest.mark.parametrize("title, message", [
    ("!!!", "the title '!!!' has no letters or digits for its URL — use words, e.g. \"Gold steigt\""),
    ("Gold\nsteigt", "the title has a line break or control character — write it on one line"),
    ("G" * 301, "the title has 301 characters, more than 300 — shorten it (a headline is best under 80)"),
])
def test_a_title_that_cannot_be_an_article_is_a_usage_error(site, title, message):
    run = cli(site, "new", title)
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines()[-1] == f"build.py new: error: argument TITLE: {message}"


def test_new_without_config_is_an_environment_error(tmp_path):
    run = cli(tmp_path, "new", "Gold")
    assert run.code == 2
    assert run.err == ("config.yaml: cannot read the config file (No such file or directory) "
                       "— run from the site folder or pass --config PATH\n")


@FUZZ
@given(st.text(min_size=1, max_size=120))
def test_any_title_gives_a_one_line_error_or_a_file_with_that_title(site, title):
    for old in (site / "content").rglob("*.md"):
        old.unlink()
    run = cli(site, "new", "--now", "2024-04-25 14:48", "--", title)  # "--": a title may start with "-"
    assert one_line_errors(run) and run.code in (0, 2), run.err
    if run.code == 2:
        assert run.err.splitlines()[-1].startswith("build.py new: error: argument TITLE: ")
        return
    text = (site / run.out.strip()).read_text()
    split, problems = split_source(text, "x.md")
    front, found = parse_front_matter(split, "x.md", "article", BERLIN)
    assert not problems + found and front.title == title.strip() and front.draft


@FUZZ
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 st.lists(st.sampled_from(["---", "title: {{ title }}", "date: {{ date }}", "time: {{ time }}",
                                           "draft: true", "{{ x }}", "tags: [", "slug: {{ slug }}", ""]),
                          max_size=8).map(lambda lines: "\n".join(lines))))
def test_any_archetype_gives_one_line_problems_or_a_draft_that_parses(site, text):
    (site / "archetypes").mkdir(exist_ok=True)
    (site / "archetypes/article.md").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "replace"))
    for old in (site / "content").rglob("*.md"):
        old.unlink()
    run = cli(site, "new", "Gold steigt", "--now", "2024-04-25 14:48")
    assert one_line_errors(run) and run.code in (0, 1), run.err
    for line in run.err.splitlines():
        assert re.match(r"(warning: )?archetypes/article\.md(:\d+)?: \S|new failed: ", line), line
    if run.code == 0:
        text = (site / run.out.strip()).read_text()
        split, _ = split_source(text, "x.md")
        front, problems = parse_front_matter(split, "x.md", "article", BERLIN)
        assert front is not None and front.draft and not [p for p in problems if p.is_error]


# --------------------------------------------------------------------------- schedule

@pytest.fixture
def newsroom(make_site):
    return make_site({
        "content/news/alt.md": article("Gold gestern", date="24.04.2024", time="10:00"),
        "content/news/spaeter.md": article("Silber übermorgen", date="27.04.2024", time="09:00"),
        "content/news/bald.md": article("Gold heute Abend", date="25.04.2024", time="18:30"),
        "content/news/entwurf.md": article("Kupfer im Entwurf", date="26.04.2024", time="07:15", extra="draft: true\n"),
        "content/pages/neu.md": "---\ntitle: Neue Seite\ndraft: true\n---\n\nText\n",
    })


def test_schedule_lists_the_next_due_first_then_the_drafts(newsroom):
    run = cli(newsroom, "schedule", "--now", "2024-04-25 14:48")
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "now: 2024-04-25 14:48 (Europe/Berlin)\n"
        "scheduled (2):\n"
        "  2024-04-25 18:30  in 3 h        content/news/bald.md  Gold heute Abend\n"
        "  2024-04-27 09:00  in 42 h       content/news/spaeter.md  Silber übermorgen\n"
        "drafts (2):\n"
        "  2024-04-26 07:15  in 16 h       content/news/entwurf.md  Kupfer im Entwurf\n"
        "  no date                         content/pages/neu.md  Neue Seite\n")


def test_schedule_prints_source_problems_as_the_build_does(newsroom):
    (newsroom / "content/news/kaputt.md").write_text(article("Kaputt", time="24:00"))
    run = cli(newsroom, "schedule", "--now", "2024-04-25 14:48")
    assert run.code == 1
    assert run.err == "content/news/kaputt.md:4: time '24:00' is not a valid time — use HH:MM with hours 00–23, e.g. 14:48\n"
    assert "content/news/bald.md" in run.out


def test_schedule_and_new_stop_on_config_errors(make_site):
    broken = make_site({}, config="title: [\n")
    for argv in (["schedule"], ["new", "Gold"]):
        run = cli(broken, *argv)
        assert run.code == 1 and run.out == ""
        assert run.err.splitlines()[0].startswith("config.yaml:")
        assert run.err.splitlines()[-1] == (f"{argv[0]} failed: 1 error in config.yaml"
                                            + ("; nothing was written" if argv[0] == "new" else ""))


def test_schedule_ics_into_a_missing_folder_is_an_environment_error(newsroom, tmp_path):
    run = cli(newsroom, "schedule", "--ics", str(tmp_path / "nirgends/x.ics"))
    assert run.code == 2
    assert run.err.splitlines()[-1] == (f"error: cannot write {tmp_path / 'nirgends/x.ics'} (No such file or "
                                        "directory) — check the folder and free space")


def test_schedule_with_nothing_planned(site):
    run = cli(site, "schedule", "--now", "2024-04-25 14:48")
    assert (run.code, run.out) == (0, "now: 2024-04-25 14:48 (Europe/Berlin)\nscheduled: none\ndrafts: none\n")


def test_schedule_writes_an_icalendar_file(newsroom, tmp_path):
    target = tmp_path / "redaktion.ics"
    run = cli(newsroom, "schedule", "--now", "2024-04-25 14:48", "--ics", str(target))
    assert run.code == 0 and run.out.endswith(f"wrote {target} (3 events)\n")
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sitegen//schedule 0.1.0//EN\r\n")
    assert data.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    events = data.decode().split("BEGIN:VEVENT\r\n")[1:]
    assert [re.search(r"DTSTART:(\S+)", e).group(1) for e in events] == [
        "20240425T163000Z", "20240426T051500Z", "20240427T070000Z"]
    assert "SUMMARY:Draft: Kupfer im Entwurf\r\n" in events[1] and "STATUS:TENTATIVE" in events[1]
    assert "URL:https://www.example.de/news/gold-heute-abend/\r\n" in events[0]
    assert "DTSTAMP:20240425T124800Z\r\n" in events[0]
    again = tmp_path / "again.ics"
    cli(newsroom, "schedule", "--now", "2024-04-25 14:48", "--ics", str(again))
    assert again.read_bytes() == data  # stable UIDs, DTSTAMP from --now


def test_schedule_ics_into_a_folder_is_refused(newsroom, tmp_path):
    run = cli(newsroom, "schedule", "--ics", str(tmp_path))
    assert run.code == 2
    assert run.err.splitlines()[-1] == f"error: {tmp_path} is a folder — name a file, e.g. --ics /tmp/redaktion.ics"


@given(st.text(max_size=400))
def test_ics_lines_are_folded_at_75_octets_and_unfold_to_the_text(text):
    data = fold("SUMMARY:" + text.replace("\r", "").replace("\n", ""))
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:-1])
    assert b"".join([lines[0], *(line[1:] for line in lines[1:-1])]).decode() == \
        "SUMMARY:" + text.replace("\r", "").replace("\n", "")


# --------------------------------------------------------------------------- --version and --help

def test_version_is_the_one_in_pyproject(site):
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    run = cli(site, "--version")
    assert (run.code, run.out, run.err) == (0, f"build.py (sitegen) {version}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


def test_a_mistyped_command_gets_a_suggestion(site):
    run = cli(site, "shedule")
    assert run.code == 2
    assert run.err.splitlines()[-1] == "build.py: error: unknown command 'shedule' — did you mean 'schedule'?"


def _commands():
    top = _build_cli().parser()
    choices = next(a for a in top._actions if a.dest == "command").choices
    return sorted(choices.items())


@pytest.mark.parametrize("name, parser", _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_help_lists_its_options_and_an_example(site, name, parser):
    run = cli(site, name, "--help")
    assert run.code == 0
    words = " ".join(run.out.split())  # argparse wraps a description at the terminal's width
    assert "example" in words.lower() and ".venv/bin/python build.py " + name in words
    for action in parser._actions:
        for option in action.option_strings:
            assert option in run.out, option
