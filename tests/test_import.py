"""The ``import`` command on a small Jekyll archive written for these tests.

What an editor sees: the files written into ``content/`` (exact front matter
and body), the report lines, the exit code; a second import changes nothing;
the imported site builds.
"""

from __future__ import annotations

import argparse
import io
import shutil

import pytest

from conftest import FIXTURES, run_build, tree
from sitegen.cli.importcmd import add_import_parser, import_command

JEKYLL = FIXTURES / "import" / "jekyll"


def run_import(*argv: str):
    """Parse ``import ARGV`` as build.py will and run it; returns (code, stdout, stderr)."""
    top = argparse.ArgumentParser(prog="build.py")
    add_import_parser(top.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    code = import_command(top.parse_args(["import", *argv]), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def site(make_site):
    return make_site({})


def test_jekyll_post_front_matter_and_body(site):
    code, out, err = run_import(str(JEKYLL), "--site", str(site))
    assert (code, err) == (0, "")
    text = (site / "content/news/2013-11-22-zinsen-steigen/index.md").read_text()
    assert text == (
        '---\n'
        'title: "Zinsen steigen"\n'
        'date: 2013-11-22\n'
        'time: "06:00"\n'
        'tags: ["Zinsen", "EZB", "Finanzen"]\n'
        'summary: "Die EZB hebt die Zinsen."\n'
        'slug: "zinsen-steigen"\n'
        'aliases: ["/finanzen/2013/11/22/zinsen-steigen/"]\n'
        'layout: "post"\n'
        '---\n'
        '\n'
        'Die EZB hebt die Zinsen. Mehr im [Goldartikel](../2014-03-08-gold/index.md).\n'
        '\n'
        '<!-- more -->\n'
        '\n'
        '```ruby\n'
        '# a comment, not a heading\n'
        'rate = 4.5\n'
        '```\n'
        '\n'
        '![Chart der Zinsen](chart.png)\n'
        '\n'
        '## Fazit\n'
        '\n'
        'Die Zinsen bleiben hoch.\n'
        '\n'
        '{% include newsletter.html %}\n')
    assert (site / "content/news/2013-11-22-zinsen-steigen/chart.png").read_bytes() == \
        (JEKYLL / "uploads/2013/chart.png").read_bytes()


def test_jekyll_markdown_file_links_and_video(site):
    run_import(str(JEKYLL), "--site", str(site))
    text = (site / "content/news/2014-03-08-gold/index.md").read_text()
    assert text.split("---\n")[1] == (
        'title: "Gold auf Rekordkurs"\n'
        'date: 2014-03-08\n'
        'tags: ["security"]\n'
        'slug: "gold"\n'
        'aliases: ["/2014/03/08/gold/"]\n')
    assert "Siehe [den alten Artikel](../2013-11-22-zinsen-steigen/index.md) und\n" \
           "[noch einmal](../2013-11-22-zinsen-steigen/index.md#fazit)." in text
    assert "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in text
    assert "{{" not in text


def test_jekyll_report_lines(site):
    code, out, _ = run_import(str(JEKYLL), "--site", str(site))
    lines = out.splitlines()
    assert lines[:2] == [
        "content/news/2013-11-22-zinsen-steigen/index.md:27: template tag '{% include newsletter.html %}' is kept "
        "as text — replace it with Markdown or delete it",
        "content/news/2014-03-08-gold/index.md:14: an image has no alt text — describe the picture in the [] of "
        "![](…), for screen readers",
    ]
    assert lines[-1] == ("import from jekyll: 4 files: 4 imported, 0 unchanged, 0 conflicts, 0 not imported; "
                         "2 to check by a person")
    assert "warning: 2 posts: unknown keys kept as they are (layout; the build keeps them as extras)" in out
    assert "warning: 1 post: draft dated by file time — content/news/" in out


def test_jekyll_draft_and_page(site):
    run_import(str(JEKYLL), "--site", str(site))
    drafts = [p for p in (site / "content/news").glob("*-entwurf.md")]
    assert len(drafts) == 1 and "draft: true\n" in drafts[0].read_text()
    assert (site / "content/pages/about.md").read_text() == (
        '---\ntitle: "Über uns"\nslug: "about"\naliases: ["/about.html"]\nlayout: "page"\n---\n\n'
        'Wir schreiben über Geld.\n')


def test_second_import_changes_nothing(site):
    run_import(str(JEKYLL), "--site", str(site))
    before = tree(site / "content")
    code, out, _ = run_import(str(JEKYLL), "--site", str(site))
    assert code == 0 and tree(site / "content") == before
    assert out.splitlines()[-1].startswith("import from jekyll: 4 files: 0 imported, 4 unchanged, 0 conflicts")


def test_dry_run_writes_nothing_and_reports_the_same(site):
    code, out, _ = run_import(str(JEKYLL), "--site", str(site), "--dry-run")
    assert code == 0 and not (site / "content").exists()
    assert out.splitlines()[-1] == ("import from jekyll: 4 files: 4 imported, 0 unchanged, 0 conflicts, "
                                    "0 not imported; 2 to check by a person (dry run: nothing was written)")


def test_conflict_is_listed_and_not_overwritten(site):
    page = site / "content/pages/about.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Eigene Seite\n---\nMein Text.\n")
    code, out, _ = run_import(str(JEKYLL), "--site", str(site))
    assert code == 1
    assert page.read_text() == "---\ntitle: Eigene Seite\n---\nMein Text.\n"
    assert ("content/pages/about.md: exists with other content, not overwritten — compare it with the import "
            "(--dry-run), then rename or delete one of them and import again") in out.splitlines()
    assert "1 conflict, 0 not imported" in out.splitlines()[-1]


def test_imported_jekyll_site_builds(site):
    run_import(str(JEKYLL), "--site", str(site))
    run = run_build(site)
    assert run.code == 0, run.err
    page = (site / "output/news/zinsen-steigen/index.html").read_text()
    assert "Die EZB hebt die Zinsen." in page and "<h2" in page
    assert "# a comment, not a heading" in page


def test_broken_source_post_is_listed_with_its_line(site, tmp_path):
    source = tmp_path / "blog"
    shutil.copytree(JEKYLL, source)
    (source / "_posts/2020-01-01-kaputt.md").write_text("---\ntitle: Kaputt\ndate: [1, 2\n---\nText\n")
    (source / "_posts/ohne-datum.md").write_text("---\ntitle: Ohne\ndate: bald\n---\nText\n")
    (source / "_posts/2020-02-02-bald.md").write_text("---\ntitle: Bald\ndate: bald\n---\nText\n")
    code, out, _ = run_import(str(source), "--site", str(site))
    assert code == 1
    lines = out.splitlines()
    assert f"{source}/_posts/2020-01-01-kaputt.md:4: the YAML front matter is invalid: did not find expected ',' " \
           "or ']' — fix this line in the source and import again" in lines
    assert f"{source}/_posts/ohne-datum.md:3: 'date: bald' is not a date — write it as 2024-04-25 14:48 in " \
           "the source and import again" in lines
    assert "content/news/2020-02-02-bald.md:3: 'date: bald' is not a date; the date in the file name was used — " \
           "check the date" in lines
    assert "2 not imported" in lines[-1]


def test_unknown_from_exits_2(site):
    code, out, err = run_import(str(JEKYLL), "--site", str(site), "--from", "blogger")
    assert (code, out, err) == (2, "", "--from blogger: unknown source — use one of jekyll, hugo, hexo, pelican, "
                                       "wordpress\n")


def test_missing_source_and_not_a_site(site, tmp_path):
    code, _, err = run_import(str(tmp_path / "nirgends"), "--site", str(site))
    assert (code, err) == (2, f"{tmp_path / 'nirgends'}: no such file or folder — give the folder of the site "
                              "to import\n")
    code, _, err = run_import(str(JEKYLL), "--site", str(tmp_path))
    assert code == 2 and err == (f"{tmp_path}: not a site folder (no config.yaml) — run the import in the site's "
                                 "folder or give --site DIR\n")


def test_missing_source_argument_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        run_import()
    assert exit_info.value.code == 2


def test_the_import_commands_kinds_are_the_importers_kinds():
    from sitegen.cli import importcmd
    from sitegen.importer import detect
    assert importcmd.KINDS == detect.KINDS


def test_an_old_url_the_build_would_refuse_is_listed_not_written(site, tmp_path):
    source = tmp_path / "blog"
    shutil.copytree(JEKYLL, source)
    (source / "_posts/2020-03-03-boese.md").write_text(
        "---\ntitle: Böse\npermalink: /../../../etc/evil/\n---\nText\n")
    code, out, _ = run_import(str(source), "--site", str(site))
    assert code == 0
    text = (site / "content/news/2020-03-03-boese.md").read_text()
    assert "aliases" not in text  # (the permalink key itself is kept as an extra, as every unknown key)
    assert ("content/news/2020-03-03-boese.md:1: the old URL '/../../../etc/evil/' is not kept as an alias: it must "
            "not contain the folders . or .. — add a redirect for it by hand if it is still linked") in out.splitlines()
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
