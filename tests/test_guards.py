"""Guards of a run: what must never reach the deploy folder, and one clear line
instead of a traceback (``--now`` ahead of the clock, a missing content
folder, an unexpected exception, a refused write, out-of-range options,
a mistyped command, a ``.cache`` file)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import NOW, ROOT, Run, article, run_build, snapshot

LATER = ("--now", "2999-01-01 12:00")  # far ahead of any clock this test will meet


def run_cli(cwd: Path, *args: str) -> Run:
    """``python build.py ARGS`` in ``cwd`` (for ``serve`` and the top-level parser)."""
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"}, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def site(make_site):
    """A one-article site, built once into output/."""
    folder = make_site({"content/news/gold.md": article("Gold steigt"),
                        "content/news/silber.md": article("Silber fällt", date="01.06.2030")})
    assert run_build(folder, *NOW).code == 0
    return folder


def test_now_ahead_of_the_clock_is_refused_for_the_deploy_folder(site):
    before = snapshot(site / "output")
    run = run_build(site, *LATER)
    assert run.code == 2
    assert run.err.splitlines() == [
        "refusing to build with --now 2999-01-01 12:00, a time still to come, into output/, the deploy folder: it "
        "would publish articles before their time — add --output DIR, e.g. --output /tmp/preview"]
    assert snapshot(site / "output") == before


def test_now_ahead_of_the_clock_builds_into_another_folder(site, tmp_path):
    run = run_build(site, *LATER, "--output", str(tmp_path / "preview"))
    assert run.code == 0, run.err
    assert (tmp_path / "preview/news/silber-faellt/index.html").is_file()
    assert not (site / "output/news/silber-faellt").exists()


@pytest.mark.parametrize("missing, shown", [("content/news", "content/news/"), ("content", "content/")])
def test_a_missing_content_folder_changes_nothing(site, missing, shown):
    import shutil
    before = snapshot(site / "output")
    shutil.rmtree(site / missing)
    run = run_build(site, *NOW)
    assert run.code == 2
    assert run.err.splitlines() == [f"error: the folder {shown} is missing beside config.yaml in {site}, so the site "
                                    f"would be empty — restore it (git status shows a deletion) or create {shown} "
                                    "for the articles; nothing was built or changed"]
    assert snapshot(site / "output") == before


def _fail_reading(monkeypatch, name: str = "content/news/gold.md") -> None:
    from sitegen.content import loading
    real = loading.read_source

    def broken(root, rel, kind):
        if rel == name:
            raise ValueError("boom")
        return real(root, rel, kind)
    monkeypatch.setattr(loading, "read_source", broken)


def test_an_unexpected_exception_is_one_line_naming_the_file(site, monkeypatch):
    (site / "content/news/gold.md").write_text(article("Gold steigt", body="Neu.\n"))
    before = snapshot(site / "output")
    _fail_reading(monkeypatch)
    run = run_build(site, *NOW, "--no-cache")
    assert run.code == 2
    assert run.err.splitlines() == ["internal error: ValueError: boom while processing content/news/gold.md — "
                                    "please report this with the file above"]
    assert snapshot(site / "output") == before


def test_sitegen_debug_shows_the_traceback(site, monkeypatch):
    _fail_reading(monkeypatch)
    run = run_build(site, *NOW, "--no-cache", env={"SITEGEN_DEBUG": "1"})
    assert "Traceback (most recent call last)" in run.err and "ValueError: boom" in run.err


def test_an_exception_while_publishing_names_the_output_file(site):
    from sitegen.engine import Engine, Options
    (site / "content/news/gold.md").write_text(article("Gold steigt", body="Neu.\n"))
    before = snapshot(site / "output")

    def fault(step: str) -> None:
        if step == "write news/gold-steigt/index.html":
            raise KeyError("kaputt")
    outcome = Engine(Options(site / "config.yaml", now=datetime(2024, 5, 1, 12)), fault=fault).run()
    assert outcome.code == 2
    assert outcome.message == ("internal error: KeyError: 'kaputt' while processing news/gold-steigt/index.html "
                               "— please report this with the file above")
    assert snapshot(site / "output") == before


@pytest.mark.parametrize("code, text", [
    (errno.ENOSPC, "error: the disk is full while writing output/news/gold-steigt/index.html — output/ was not "
                   "changed; free some space and build again"),
    (errno.EDQUOT, "error: the disk quota is used up while writing output/news/gold-steigt/index.html — output/ "
                   "was not changed; free some space, or ask for a larger quota, and build again"),
    (errno.EROFS, "error: the disk is read-only while writing output/news/gold-steigt/index.html — output/ was not "
                  "changed; build into a writable folder, e.g. --output /tmp/site"),
    (errno.EACCES, "error: permission denied while writing output/news/gold-steigt/index.html — output/ was not "
                   "changed; check the owner and permissions of the folder (ls -ld), or build into another one "
                   "with --output DIR"),
])
def test_a_refused_write_names_the_file_and_what_to_do(site, code, text):
    from sitegen.engine import Engine, Options
    (site / "content/news/gold.md").write_text(article("Gold steigt", body="Neu.\n"))
    before = snapshot(site / "output")

    def refuse(step: str) -> None:  # as os.write raises it: no file name
        if step == "write news/gold-steigt/index.html":
            raise OSError(code, os.strerror(code))
    outcome = Engine(Options(site / "config.yaml", now=datetime(2024, 5, 1, 12)), fault=refuse).run()
    assert (outcome.code, outcome.message) == (2, text)
    assert snapshot(site / "output") == before


def test_a_disk_error_before_the_publish_is_not_an_internal_error(site):
    (site / ".output.lock").mkdir()  # the lock file cannot be opened
    run = run_build(site, *NOW)
    assert run.code == 2
    assert run.err.splitlines() == [f"error: Is a directory: {site / '.output.lock'} — check free space and "
                                    "permissions"]


@pytest.mark.parametrize("value", ["0", "65", "100000", "-1", "vier"])
def test_jobs_out_of_range_is_a_usage_error(tmp_path, value):
    run = run_build(tmp_path, "--jobs", value)
    assert run.code == 2
    assert run.err.splitlines()[-1] == (f"build.py build: error: argument --jobs: '{value}' is not a number of "
                                        "processes — use 1 to 64, e.g. --jobs 4 (default: all cores)")


def test_a_port_out_of_range_is_a_usage_error(tmp_path):
    run = run_cli(tmp_path, "serve", "--port", "99999")
    assert run.code == 2
    assert run.err.splitlines()[-1] == ("build.py serve: error: argument --port: '99999' is not a port — use 1 to "
                                        "65535, e.g. --port 8080, or 0 for any free port (without --port: 8000 or "
                                        "the next free one)")


def test_a_mistyped_command_gets_a_suggestion(tmp_path):
    run = run_cli(tmp_path, "biuld")
    assert run.code == 2
    assert run.err.splitlines()[-1] == "build.py: error: unknown command 'biuld' — did you mean 'build'?"
    assert run_cli(tmp_path, "imprt").err.splitlines()[-1] == ("build.py: error: unknown command 'imprt' "
                                                               "— did you mean 'import'?")
    listed = run_cli(tmp_path, "xyz").err.splitlines()[-1]
    assert listed.startswith("build.py: error: unknown command 'xyz' — use one of build, serve, import")


def test_a_cache_file_is_a_clear_error_for_serve(site):
    """``build`` only loses its cache then (tests/test_cache.py); ``serve`` needs the folder for its preview."""
    import shutil
    shutil.rmtree(site / ".cache")
    (site / ".cache").write_text("kein Ordner")
    serve = run_cli(site, "serve", "--port", "8999")
    assert (serve.code, serve.err.splitlines()) == (2, [f"error: {site / '.cache'} is a file, but serve builds its "
                                                        "preview in the folder .cache/ — remove or rename the file "
                                                        ".cache"])
    assert (site / ".cache").read_text() == "kein Ordner"


def test_a_cache_file_costs_build_its_memory_and_says_so(site):
    import shutil
    shutil.rmtree(site / ".cache", ignore_errors=True)
    (site / ".cache").write_text("kein Ordner")
    build = run_cli(site, "build", "--now", "2024-05-01 12:00")
    assert build.code == 0, build.err
    assert build.err.splitlines()[0] == (f"warning: {site / '.cache'} is a file, so this run keeps nothing between "
                                         "builds (slower; removed pages are counted without their causes) — remove "
                                         "or rename the file .cache")
    assert (site / ".cache").read_text() == "kein Ordner"
