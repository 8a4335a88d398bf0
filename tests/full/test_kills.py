"""SIGKILL real builds at random moments: output/ always equals the clean
build of the old inputs or of the new inputs, byte for byte, with no stray
file; the next normal build equals the clean build of the current inputs.

About 2,000 generated German articles; two input states: A, and B with the
site title changed (every page changes), three article bodies edited, one
article added.  Each round switches to the other state, starts
``build.py build``, kills its whole process group after a seeded random
delay spread over a build's duration (``kill_later``: in turn anywhere,
during the publish, around the swap, right after it), and checks the folder.  The idle
standby folder is left as it is, removed or damaged in turn (``disturb``).
Slow (3–6 minutes on 2 cores): marked ``full``, run it with
``.venv/bin/python -m pytest -m full -s tests/full/test_kills.py``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, ROOT, snapshot

pytestmark = pytest.mark.full

ARTICLES = 2000
ROUNDS = 52
NOW = ("--now", "2024-05-01 12:00")
TAGS = ["Gold", "Silber", "Zinsen", "Inflation", "Aktien", "Fed", "EZB", "Rohstoffe", "Dollar", "Anleihen"]
WORDS = ("Der Goldpreis legte am Vormittag zu, während Anleger auf neue Daten zur Inflation im Euroraum warteten. "
         "Händler verwiesen auf die Zinspolitik der Notenbanken und die Nachfrage aus Asien. ").split()


def article_text(number: int, edited: bool = False) -> str:
    """One generated article: front matter and a few paragraphs."""
    day, month = number % 28 + 1, number % 12 + 1
    tags = ", ".join(sorted({TAGS[number % 10], TAGS[number * 7 % 10]}))
    rng = random.Random(number)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(4)]
    if edited:
        paragraphs.insert(1, f"Nachtrag: Die Lage hat sich bei Meldung {number} geändert.")
    return (f'---\ntitle: "Marktbericht {number}: Gold und Zinsen im Blick"\ndate: {day:02d}.{month:02d}.2023\n'
            f"time: {number % 24:02d}:{number % 60:02d}\ntags: [{tags}]\n"
            f"summary: Kurzbericht Nummer {number} über Edelmetalle und Zinsen.\n---\n"
            + "\n\n".join(paragraphs[:2]) + f"\n\n## Ausblick {number}\n\n" + "\n\n".join(paragraphs[2:]) + "\n")


EDITED = (7, 500, 1999)
ADDED = ARTICLES  # only in state B


def inputs(state: str) -> dict[str, str]:
    """The files that differ between the states (config and a few articles)."""
    title = "Testseite" if state == "A" else "Testseite Edelmetalle"
    files = {"config.yaml": BASE_CONFIG.replace("title: Testseite\n", f"title: {title}\n", 1)}
    files.update({f"content/news/bericht-{n:04d}.md": article_text(n, state == "B") for n in EDITED})
    return files


def switch(site: Path, state: str) -> None:
    for rel, text in inputs(state).items():
        (site / rel).write_text(text, encoding="utf-8")
    added = site / f"content/news/bericht-{ADDED:04d}.md"
    if state == "B":
        added.write_text(article_text(ADDED), encoding="utf-8")
    else:
        added.unlink(missing_ok=True)


def disturb(site: Path, round_: int) -> None:
    """Vary what the idle standby holds, so every kind of publish step is cut:
    as left (it holds the new state already: mostly links), gone (every
    changed file is written), or damaged (stale, junk and temp files)."""
    standby = site / ".output.standby"
    if round_ % 3 == 1:
        shutil.rmtree(standby, ignore_errors=True)
    elif round_ % 3 == 2 and standby.is_dir():
        for rel in ("index.html", "feed.xml", "news/junk.html", "news/.index.html.x1y2.tmp"):
            junk = standby / f"{rel}.new"
            junk.write_bytes(b"junk")
            os.replace(junk, standby / rel)  # never into the inode shared with output/


def build(site: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", *NOW, *args], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def finished(proc: subprocess.Popen) -> None:
    err = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0, err.decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kills") / "site"
    (root / "content/news").mkdir(parents=True)
    shutil.copytree(ROOT / "themes" / "default", root / "themes" / "default")
    for number in range(ARTICLES):
        (root / f"content/news/bericht-{number:04d}.md").write_text(article_text(number), encoding="utf-8")
    return root


def timed(site: Path) -> tuple[float, float]:
    """Run one build; returns (seconds until output/ was swapped, seconds until it ended)."""
    out = site / "output"
    before, swapped = out.stat().st_ino, None
    started = time.perf_counter()
    proc = build(site)
    while proc.poll() is None:
        if swapped is None and out.stat().st_ino != before:
            swapped = time.perf_counter() - started
        time.sleep(0.002)
    ended = time.perf_counter() - started
    finished(proc)
    return swapped or ended, ended


def kill_later(proc: subprocess.Popen, out: Path, rng: random.Random, round_: int, swap: float, end: float) -> bool:
    """SIGKILL the build's process group at a random moment: anywhere in the
    build, within the publish before the swap, around the swap, or (every
    fourth round) a few ms after output/ was seen swapped.  False when the
    build ended first."""
    if round_ % 4 == 3:
        before = out.stat().st_ino
        while proc.poll() is None and out.stat().st_ino == before:
            time.sleep(0.001)
        wait = rng.uniform(0.0, 0.01)
    else:
        wait = rng.uniform(*[(0.0, 1.1 * end), (0.6 * swap, swap), (0.9 * swap, 1.1 * swap)][round_ % 4])
    try:
        proc.wait(timeout=wait)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        return True


def test_a_killed_build_leaves_the_old_or_the_new_site(site, tmp_path):
    clean = {}
    for state in ("A", "B"):
        switch(site, state)
        finished(build(site, "--no-cache", "--output", str(tmp_path / f"clean-{state}")))
        clean[state] = snapshot(tmp_path / f"clean-{state}")
    assert clean["A"] != clean["B"]
    switch(site, "A")
    finished(build(site))
    times = []
    for state in ("B", "A"):
        switch(site, state)
        times.append(timed(site))
    swap, end = (sum(t[i] for t in times) / len(times) for i in (0, 1))
    out = site / "output"
    rng = random.Random(20240501)
    counts = {"old": 0, "new": 0, "finished": 0}
    for round_ in range(ROUNDS):
        old, state = state, "A" if state == "B" else "B"
        switch(site, state)
        disturb(site, round_)
        proc = build(site)
        killed = kill_later(proc, out, rng, round_, swap, end)
        got = snapshot(out)
        assert got in (clean[old], clean[state]), f"round {round_}: output/ is neither the old nor the new site"
        if not killed:
            assert proc.returncode == 0, proc.stderr.read().decode()
            assert got == clean[state], f"round {round_}: a finished build left the old site"
        counts["finished" if not killed else "old" if got == clean[old] else "new"] += 1
        finished(build(site))
        assert snapshot(out) == clean[state], f"round {round_}: the build after the kill differs from a clean build"
    print(f"\n{ROUNDS} builds of {ARTICLES} articles (output/ swapped after {swap:.2f} s of a {end:.2f} s rebuild), "
          f"killed at random: {counts['old']} kills left the old site, {counts['new']} the new one, "
          f"{counts['finished']} builds finished before their kill")
    assert counts["old"] and counts["new"] + counts["finished"]
