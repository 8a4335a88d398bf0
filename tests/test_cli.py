"""The command line as an editor meets it: help, exit codes, and exact messages.

Exit codes: 0 ok, 1 content/config/template errors, 2 usage or environment
errors.  No message may come with a Python traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BASE_CONFIG, ROOT, Run, article, run_build

NOW = ("--now", "2024-05-01 12:00")
SUMMARY = re.compile(r"^built (\d+) pages? \((\d+) files? written, (\d+) unchanged, (\d+) deleted\) "
                     r"from (\d+) articles? in \d+\.\d\d s → (.+)/$")


def run_cli(cwd: Path, *args: str) -> Run:
    """Run ``python build.py ARGS`` (no implied command) in ``cwd``."""
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def one_article_site(make_site, config: str = BASE_CONFIG):
    return make_site({"content/news/gold.md": article("Gold steigt", tags="[Gold]")}, config=config)


def test_help_lists_commands_examples_and_exit_codes(tmp_path):
    run = run_cli(tmp_path, "--help")
    assert run.code == 0 and run.err == ""
    assert "Build the German finance news site from Markdown." in run.out
    assert re.search(r"^\s+build\s+build the site into output/ \(the default command\)$", run.out, re.M), run.out
    assert "python build.py build --drafts --future --output /tmp/preview" in run.out
    assert 'python build.py build --now "2024-04-25 14:48" --output /tmp/at-that-time' in run.out
    assert ("exit codes: 0 ok, 1 errors in content, config or templates, 2 usage or environment errors"
            in run.out)
    for option in ("--config PATH", "--output DIR", "--drafts", "--future", '--now "YYYY-MM-DD HH:MM"'):
        assert option in run.out


def test_build_help_shows_an_example(tmp_path):
    run = run_cli(tmp_path, "build", "--help")
    assert run.code == 0
    assert "Build the site once. Example: .venv/bin/python build.py build --drafts --output /tmp/preview" in run.out
    assert "include drafts (needs --output)" in run.out


def test_unknown_flag_exits_2(tmp_path):
    run = run_build(tmp_path, "--bogus")
    assert run.code == 2
    assert run.err.splitlines()[-1] == "build.py: error: unrecognized arguments: --bogus"
    assert "Traceback" not in run.err


def test_bad_now_exits_2_naming_the_format(tmp_path):
    run = run_build(tmp_path, "--now", "gestern")
    assert run.code == 2
    assert run.err.splitlines()[-1] == ('build.py build: error: argument --now: \'gestern\' is not a time — '
                                        'use "YYYY-MM-DD HH:MM", e.g. "2024-04-25 14:48"')
    assert "Traceback" not in run.err


def test_impossible_now_exits_2(tmp_path):
    run = run_build(tmp_path, "--now", "2024-02-30 10:00")
    assert run.code == 2
    assert "'2024-02-30 10:00' is not a time" in run.err.splitlines()[-1]


def test_missing_config_exits_2_with_one_line(tmp_path):
    run = run_build(tmp_path)
    assert run.code == 2
    assert run.out == ""
    assert run.err == ("config.yaml: cannot read the config file (No such file or directory) "
                       "— run from the site folder or pass --config PATH\n")


def test_drafts_or_future_into_the_deploy_folder_is_refused(make_site):
    site = one_article_site(make_site)
    refusal = ("refusing to build drafts or future articles into output/, the deploy folder "
               "— add --output DIR, e.g. --output /tmp/preview\n")
    for flags in (["--drafts"], ["--future"], ["--drafts", "--future"], ["--future", "--output", "output"],
                  ["--drafts", "--output", "./output/"]):
        run = run_build(site, *flags)
        assert (run.code, run.out, run.err) == (2, "", refusal), flags
    assert not (site / "output").exists()


def test_template_syntax_error_names_the_line_not_a_page(make_site):
    site = one_article_site(make_site)
    template = site / "themes/default/templates/partials/footer.html"
    template.write_text(template.read_text() + "{% if %}\n")
    run = run_build(site, *NOW)
    assert run.code == 1
    number = len(template.read_text().splitlines())
    assert run.err.splitlines()[0] == (
        f"themes/default/templates/partials/footer.html:{number}: template syntax error: Expected an expression, "
        "got 'end of statement block' — check the {{ … }} and {% … %} tags on this line")


def test_drafts_with_output_is_allowed(make_site, tmp_path):
    site = one_article_site(make_site)
    run = run_build(site, "--drafts", "--output", str(tmp_path / "preview"), *NOW)
    assert run.code == 0, run.err
    assert (tmp_path / "preview/index.html").is_file()


def test_bad_config_values_exit_1_with_their_lines(make_site):
    config = BASE_CONFIG.replace("base_url: https://www.example.de/", "base_url: www.x.de").replace(
        "timezone: Europe/Berlin", "timezone: Mars/Olympus")
    site = one_article_site(make_site, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.out == ""
    assert run.err.splitlines() == [
        "config.yaml:3: base_url 'www.x.de' must start with https:// or http:// — e.g. base_url: https://www.example.de/",
        "config.yaml:4: timezone 'Mars/Olympus' is not a known time zone — use an IANA name, e.g. Europe/Berlin",
        "build failed: 2 errors in config.yaml; nothing was built",
    ]
    assert not (site / "output").exists()


def test_unknown_config_key_warns_with_did_you_mean(make_site):
    site = one_article_site(make_site, BASE_CONFIG + "titel: Vertippt\n")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    line = BASE_CONFIG.count("\n") + 1
    assert run.err == f"warning: config.yaml:{line}: unknown config key 'titel' is ignored — did you mean 'title'?\n"
    assert SUMMARY.match(run.out.splitlines()[0])


def test_template_typo_names_template_and_line_without_traceback(make_site):
    site = one_article_site(make_site)
    template = site / "themes/default/templates/article.html"
    lines = template.read_text().splitlines(keepends=True)
    number = next(i for i, l in enumerate(lines, 1) if "{{ article.title }}" in l)
    lines[number - 1] = lines[number - 1].replace("{{ article.title }}", "{{ article.titel }}")
    template.write_text("".join(lines))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert run.err.splitlines() == [
        f"themes/default/templates/article.html:{number}: template error: ArticleView has no field 'titel' "
        "— did you mean 'title'? (while rendering /news/gold-steigt/ from content/news/gold.md)",
        "build failed: 1 error, 0 warnings; output/ was not changed",
    ]
    assert not (site / "output").exists()


def test_misspelt_theme_is_a_config_error_at_its_line(make_site):
    site = one_article_site(make_site, BASE_CONFIG.replace("theme: default", "theme: fehlt"))
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines() == ["config.yaml:5: theme 'fehlt' not found in themes/ — available: default",
                                    "build failed: 1 error in config.yaml; nothing was built"]


def test_summary_line_format(make_site):
    site = one_article_site(make_site)
    run = run_build(site, *NOW)
    assert run.code == 0 and run.err == ""
    assert len(run.out.splitlines()) == 2 and run.out.splitlines()[1].startswith("output: ")  # size, file count
    match = SUMMARY.match(run.out.splitlines()[0])
    assert match, run.out
    # home, article, tag index, tag Gold; the CSS file is the 5th file
    # 9 pages: home, article, tag index, tag, archive index, year, month, 404, /korrekturen/;
    # 20 files: those + stylesheet, favicon, feed.xml, rss.xml, the tag's feed.xml and rss.xml, sitemap.xml,
    # news-sitemap.xml, robots.txt, .nojekyll, _headers
    assert match.groups() == ("9", "20", "0", "0", "1", "output")


def test_summary_names_the_output_option_folder(make_site, tmp_path):
    site = one_article_site(make_site)
    target = tmp_path / "ziel"
    run = run_build(site, *NOW, "--output", str(target))
    assert SUMMARY.match(run.out.splitlines()[0]).group(6) == str(target)


def test_next_scheduled_article_line(make_site):
    site = make_site({
        "content/news/gold.md": article("Gold steigt", tags="[Gold]"),
        "content/news/silber.md": article("Silber morgen", date="20.05.2024", time="08:45", tags="[Silber]"),
        "content/news/platin.md": article("Platin später", date="2024-06-01", time="", tags="[Platin]"),
        "content/news/entwurf.md": article("Entwurf früher", date="02.05.2024", time="07:00",
                                           extra="draft: true"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert len(lines) == 3 and lines[2].startswith("output: ")
    assert SUMMARY.match(lines[0]).group(5) == "1"
    assert lines[1] == ("next scheduled article: content/news/silber.md at 2024-05-20 08:45 (+0200) "
                        "— build again after that time to publish it")


def test_no_next_line_without_scheduled_articles(make_site):
    run = run_build(one_article_site(make_site), *NOW)
    assert "next scheduled" not in run.out


def test_nested_params_in_config_reach_templates_as_plain_values(make_site):
    site = one_article_site(make_site, BASE_CONFIG + "params:\n  hinweis:\n    text: Kurse ohne Gewähr\n    stufen: [1, 2]\n")
    footer = site / "themes/default/templates/partials/footer.html"
    footer.write_text(footer.read_text() + "<p>{{ site.params.hinweis.text }} {{ site.params.hinweis.stufen|join('/') }}</p>\n")
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert "<p>Kurse ohne Gewähr 1/2</p>" in (site / "output/index.html").read_text()


def test_a_config_saved_as_latin_1_is_one_error_naming_its_line(make_site):
    site = make_site({"content/news/a.md": article("Gold")})
    config = site / "config.yaml"
    config.write_bytes(config.read_text("utf-8").replace("title: Testseite", "title: Testseite für Gold")
                       .encode("latin-1"))
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert (run.code, run.err.splitlines()) == (1, [
        "config.yaml:1: the file is not valid UTF-8 text — save it as UTF-8 in your editor",
        "build failed: 1 error in config.yaml; nothing was built"])
