"""The one engine, in process: a build stopped at any step of its publish or
of its store commit leaves the old site; a full disk names the file and
leaves the old site; a second build on a locked folder exits 2 naming the
holder; the next normal build equals a clean build."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import article, run_build, tree

NOW = datetime(2024, 5, 1, 12, 0)
OLD = {
    "content/news/gold.md": article("Goldpreis steigt", tags="[Gold]", body="Alt: 2.180 Euro.\n"),
    "content/news/silber.md": article("Silber holt auf", date="24.04.2024", tags="[Silber]", body="Silber.\n"),
    "content/news/platin.md": article("Platin bleibt liegen", date="23.04.2024", tags="[Platin]", body="Platin.\n"),
}


class Stop(BaseException):
    """Stands in for a kill at one step (like SystemExit, not an ``Exception``:
    the engine's last-resort handler does not catch it)."""


def _engine(site: Path, fault=None, cache: bool = True):
    from sitegen.engine import Engine, Options
    return Engine(Options(site / "config.yaml", now=NOW, cache=cache), fault=fault)


def _new_inputs(site: Path) -> None:
    """Edit one article, delete one, add one, and change the site title (every page changes)."""
    (site / "content/news/gold.md").write_text(article("Goldpreis steigt", tags="[Gold]", body="Neu: 2.190 Euro.\n"))
    (site / "content/news/platin.md").unlink()
    (site / "content/news/kupfer.md").write_text(article("Kupfer im Aufwind", date="22.04.2024", tags="[Kupfer]"))
    config = site / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("title: Testseite", "title: Neue Testseite"), "utf-8")


def _old_inputs(site: Path) -> None:
    """Undo ``_new_inputs``."""
    (site / "content/news/kupfer.md").unlink()
    for rel, text in OLD.items():
        (site / rel).write_text(text, "utf-8")
    config = site / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("title: Neue Testseite", "title: Testseite"), "utf-8")


def _clean(site: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    run = run_build(site, "--now", "2024-05-01 12:00", "--output", str(tmp_path / name), "--no-cache")
    assert run.code == 0, run.err
    return tree(tmp_path / name)


def _steps(site: Path, tmp_path: Path) -> list[str]:
    """The fault steps of one rebuild from the old to the new inputs (a dry run in a copy)."""
    import shutil
    copy = tmp_path / "dry"
    shutil.copytree(site, copy, symlinks=True)
    _new_inputs(copy)
    steps: list[str] = []
    assert _engine(copy, steps.append).run().ok
    return steps


def test_a_build_stopped_at_any_step_leaves_the_old_site_and_the_next_build_is_clean(make_site, tmp_path):
    site = make_site(OLD)
    old = _clean(site, tmp_path, "clean-old")
    assert _engine(site).run().ok and tree(site / "output") == old
    steps = _steps(site, tmp_path)
    _new_inputs(site)
    new = _clean(site, tmp_path, "clean-new")
    assert steps[-2:] == ["swapped", "store commit"] and any(s.startswith("write ") for s in steps)
    for index, step in enumerate(steps):
        def stop(name: str, count=iter(range(len(steps)))) -> None:
            if next(count) == index:
                raise Stop(name)
        try:
            _engine(site, stop).run()
            stopped = "nowhere"  # this run had fewer steps (its standby was filled further): it finished
        except Stop as exc:
            stopped = str(exc)
        published = stopped in ("swapped", "store commit", "nowhere")
        assert tree(site / "output") == (new if published else old), (index, stopped)
        assert not [p for p in os.listdir(site.parent) if p.endswith(".tmp")]
        _old_inputs(site)  # back to the old site through a normal build
        assert _engine(site).run().ok and tree(site / "output") == old, step
        _new_inputs(site)
    outcome = _engine(site).run()
    assert outcome.ok, outcome.problems
    assert tree(site / "output") == new


def test_a_full_disk_names_the_file_and_leaves_the_old_site(make_site, tmp_path):
    site = make_site(OLD)
    assert _engine(site).run().ok
    old = tree(site / "output")
    _new_inputs(site)

    def full(step: str) -> None:
        if step == "write news/goldpreis-steigt/index.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "news/goldpreis-steigt/index.html")

    outcome = _engine(site, full).run()
    assert outcome.code == 2
    assert outcome.message == ("error: the disk is full while writing output/news/goldpreis-steigt/index.html — "
                               "output/ was not changed; free some space and build again")
    assert tree(site / "output") == old
    assert _engine(site).run().ok
    assert tree(site / "output") == _clean(site, tmp_path, "clean")


def test_a_second_build_on_a_locked_folder_exits_2_naming_the_holder(make_site):
    site = make_site(OLD)
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from sitegen.output.writer import lock_output\n"
         "with lock_output(__import__('pathlib').Path(sys.argv[2])):\n"
         "    print('locked', flush=True); time.sleep(60)",
         str(Path(__file__).resolve().parents[1]), str(site / "output")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        (site / "content/news/gold.md").write_text(article("Goldpreis steigt", body="Neu.\n"))
        run = run_build(site, "--now", "2024-05-01 12:00")
        assert run.code == 2
        assert run.err.splitlines() == [f"output/ is being built by process {holder.pid} — wait for it to finish "
                                        "or stop it"]
    finally:
        holder.kill()
        holder.wait()
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
    assert "Neu." in (site / "output/news/goldpreis-steigt/index.html").read_text("utf-8")
