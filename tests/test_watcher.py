"""``sitegen.preview.watcher``: the Debouncer (bursts, follow-ups, no concurrency) and
the watchdog ``watch()`` on a real temp folder (editor artifacts are ignored,
a temp-file + rename save triggers).  Every observer is stopped and joined:
this machine allows only 128 inotify instances.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from sitegen.preview.watcher import Debouncer, watch  # noqa: E402


class Recorder:
    """An action that records its runs and checks they never overlap."""

    def __init__(self, seconds: float = 0.0):
        self.seconds = seconds
        self.runs = 0
        self.active = 0
        self.max_active = 0
        self.started = threading.Event()
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        self.started.set()
        time.sleep(self.seconds)
        with self._lock:
            self.active -= 1
            self.runs += 1


@pytest.fixture
def debouncer():
    made: list[Debouncer] = []

    def make(action, **kw) -> Debouncer:
        d = Debouncer(action, **kw)
        made.append(d)
        d.start()
        return d

    yield make
    for d in made:
        d.stop()


def wait_until(cond, timeout: float = 3.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.005)
    return cond()


def test_burst_within_100_ms_gives_one_run(debouncer):
    rec = Recorder()
    d = debouncer(rec)
    for _ in range(20):
        d.trigger()
        time.sleep(0.004)
    assert wait_until(lambda: rec.runs >= 1)
    time.sleep(0.4)
    assert rec.runs == 1


def test_longest_wait_caps_a_steady_stream(debouncer):
    rec = Recorder()
    d = debouncer(rec, quiet=0.05, longest=0.3)
    started = time.monotonic()
    while time.monotonic() - started < 0.6:   # never quiet for 50 ms
        d.trigger()
        time.sleep(0.01)
        if rec.runs:
            break
    assert rec.runs >= 1, "a steady stream of events must not postpone the rebuild forever"
    assert time.monotonic() - started < 0.45


def test_trigger_during_a_run_gives_exactly_one_follow_up(debouncer):
    rec = Recorder(seconds=0.3)
    d = debouncer(rec)
    d.trigger()
    assert rec.started.wait(2)
    for _ in range(10):          # many events while the action runs
        d.trigger()
        time.sleep(0.01)
    assert wait_until(lambda: rec.runs >= 2, timeout=3)
    time.sleep(0.5)
    assert rec.runs == 2
    assert rec.max_active == 1


def test_never_concurrent_under_random_triggers(debouncer):
    rec = Recorder(seconds=0.02)
    d = debouncer(rec, quiet=0.005, longest=0.02)
    threads = [threading.Thread(target=lambda: [d.trigger() or time.sleep(0.003) for _ in range(50)])
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(0.2)
    assert rec.runs >= 2
    assert rec.max_active == 1


def test_stop_waits_for_the_running_action(debouncer):
    rec = Recorder(seconds=0.2)
    d = debouncer(rec)
    d.trigger()
    assert rec.started.wait(2)
    d.stop()
    assert rec.runs == 1 and rec.active == 0


# --------------------------------------------------------------------------- watchdog on a real folder

@pytest.fixture
def watched(tmp_path):
    """Start ``watch()`` on a small site; yields (root, events list); stops and joins the observer."""
    root = tmp_path / "site"
    news = root / "content" / "news"
    news.mkdir(parents=True)
    (root / "themes").mkdir()
    (root / "config.yaml").write_text("title: T\n", encoding="utf-8")
    (news / "gold.md").write_text("---\ntitle: Gold\n---\nText\n", encoding="utf-8")
    (root / ".cache" / "preview").mkdir(parents=True)
    events: list[float] = []
    observer = watch(root, lambda: events.append(time.monotonic()),
                     ignored=[root / ".cache", root / "output", root / ".cache" / "preview"])
    time.sleep(0.1)
    try:
        yield root, events
    finally:
        observer.stop()
        observer.join(5)
        assert not observer.is_alive()


def test_editor_artifacts_trigger_nothing(watched):
    root, events = watched
    news = root / "content" / "news"
    (news / ".gold.md.swp").write_bytes(b"swap")
    (news / ".gold.md.swp").write_bytes(b"swap 2")
    (news / "gold.md~").write_text("backup", encoding="utf-8")
    (news / "4913").write_text("")
    (news / "4913").unlink()
    (news / "gold.md___jb_tmp___").write_text("x", encoding="utf-8")
    (news / "gold.md___jb_tmp___").unlink()
    os.symlink("user@host.1234:1700000000", news / ".#gold.md")
    (root / ".cache" / "preview" / "index.html").write_text("<html></html>", encoding="utf-8")
    (root / "README.txt").write_text("not config", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "index").write_text("x", encoding="utf-8")
    time.sleep(0.5)
    assert events == []


def test_temp_file_and_rename_save_triggers(watched):
    root, events = watched
    news = root / "content" / "news"
    tmp = news / ".gold.md.tmp123"
    tmp.write_text("---\ntitle: Gold\n---\nNeu\n", encoding="utf-8")
    os.replace(tmp, news / "gold.md")
    assert wait_until(lambda: events, timeout=2), "a temp + rename save must trigger a rebuild"


def test_jetbrains_save_and_config_edit_trigger(watched):
    root, events = watched
    news = root / "content" / "news"
    tmp, old = news / "gold.md___jb_tmp___", news / "gold.md___jb_old___"
    tmp.write_text("neu", encoding="utf-8")
    os.rename(news / "gold.md", old)
    os.rename(tmp, news / "gold.md")
    old.unlink()
    assert wait_until(lambda: events, timeout=2)
    events.clear()
    (root / "config.yaml").write_text("title: T2\n", encoding="utf-8")
    assert wait_until(lambda: events, timeout=2), "config.yaml edits must trigger"


def test_deleting_an_article_triggers(watched):
    root, events = watched
    (root / "content" / "news" / "gold.md").unlink()
    assert wait_until(lambda: events, timeout=2)
