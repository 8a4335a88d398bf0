"""``sitegen.preview.watcher``: the Debouncer (bursts, follow-ups, no concurrency) and
the watchdog ``watch()`` on a real temp folder (editor artifacts are ignored,
a temp-file + rename save triggers).  Every observer is stopped and joined:
this machine allows only 128 inotify instances.

No test measures wall-clock time.  The Debouncer tests run it on a fake
clock (``clock``): time passes only when the test says so, and the test
waits for what the builder thread did, not for a number of seconds.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import types

import pytest
from watchdog.events import FileSystemEventHandler

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from sitegen.preview import watcher  # noqa: E402
from sitegen.preview.watcher import Debouncer, watch  # noqa: E402

HANG = 10.0  # seconds: only a guard against a hang, never the expected time


def wait_until(cond, timeout: float = HANG) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.002)
    return cond()


class FakeClock:
    """Stands in for ``time`` inside ``sitegen.preview.watcher``: ``monotonic()``
    is the time the test set (whole milliseconds, so no rounding), and the
    builder thread's reads of it are counted."""

    def __init__(self):
        self.ms = 0
        self.owner = threading.current_thread()
        self.builder_reads = 0

    def monotonic(self) -> float:
        if threading.current_thread() is not self.owner:
            self.builder_reads += 1
        return self.ms / 1000

    def advance(self, ms: int) -> None:
        self.ms += ms

    def builder_looked(self) -> None:
        """Wait until the builder thread has read the clock after this call:
        it has seen every trigger so far at the current time."""
        reads = self.builder_reads
        assert wait_until(lambda: self.builder_reads > reads), "the builder thread never looked at the clock"


@pytest.fixture
def clock(monkeypatch):
    # Debouncer has no clock parameter, so the module's ``time`` is replaced.
    fake = FakeClock()
    monkeypatch.setattr(watcher, "time", types.SimpleNamespace(monotonic=fake.monotonic))
    return fake


class Recorder:
    """An action that records its runs and checks they never overlap.

    It blocks until ``gate`` is set (set by default).  ``idle`` is passed to
    the Debouncer as ``due``, which the builder calls only when it has no
    work pending: ``idle_after`` lists the number of runs at each such call.
    """

    def __init__(self, clock: FakeClock | None = None, seconds: float = 0.0):
        self.clock, self.seconds = clock, seconds
        self.runs = 0
        self.active = 0
        self.max_active = 0
        self.started_at: list[int] = []     # fake-clock ms at the start of each run
        self.idle_after: list[int] = []
        self.started = threading.Event()
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            if self.clock:
                self.started_at.append(self.clock.ms)
        self.started.set()
        assert self.gate.wait(HANG)
        time.sleep(self.seconds)
        with self._lock:
            self.active -= 1
            self.runs += 1

    def idle(self) -> None:
        self.idle_after.append(self.runs)
        return None

    def settled(self, runs: int) -> None:
        """Wait until the builder is idle after ``runs`` runs (nothing pending)."""
        assert wait_until(lambda: runs in self.idle_after), (self.runs, self.idle_after)


@pytest.fixture
def debouncer():
    made: list[Debouncer] = []

    def make(rec: Recorder, **kw) -> Debouncer:
        d = Debouncer(rec, due=rec.idle, **kw)
        made.append(d)
        d.start()
        rec.settled(0)
        return d

    yield make
    for d in made:
        d.stop()


def test_burst_within_100_ms_gives_one_run(debouncer, clock):
    rec = Recorder(clock)
    d = debouncer(rec, quiet=0.05, longest=0.3)
    d.trigger()
    for _ in range(19):          # 20 saves 4 ms apart (0 … 76 ms): never 50 ms quiet
        clock.advance(4)
        d.trigger()
        clock.builder_looked()
    clock.advance(49)            # 125 ms: 49 ms after the last save
    clock.builder_looked()
    assert rec.runs == 0 and not rec.started.is_set()
    clock.advance(2)             # 127 ms: the burst has settled
    rec.settled(1)
    assert rec.runs == 1 and rec.idle_after[-1] == 1
    assert rec.started_at == [127]


def test_longest_wait_caps_a_steady_stream(debouncer, clock):
    rec = Recorder(clock)
    d = debouncer(rec, quiet=0.05, longest=0.3)
    d.trigger()
    while clock.ms < 290:        # a save every 10 ms: never quiet for 50 ms
        clock.advance(10)
        d.trigger()
        clock.builder_looked()
        assert rec.runs == 0, f"ran at {clock.ms} ms, before the longest wait"
    clock.advance(15)            # 305 ms after the first save, 15 ms after the last
    assert rec.started.wait(HANG), "a steady stream of events must not postpone the rebuild forever"
    assert rec.started_at == [305]


def test_trigger_during_a_run_gives_exactly_one_follow_up(debouncer, clock):
    rec = Recorder(clock)
    rec.gate.clear()             # the first run waits until the test lets it finish
    d = debouncer(rec, quiet=0.05, longest=0.3)
    d.trigger()
    clock.advance(50)
    assert rec.started.wait(HANG)
    for _ in range(10):          # many events while the action runs
        d.trigger()
        clock.advance(10)
    rec.gate.set()
    clock.advance(50)
    rec.settled(2)
    assert rec.runs == 2 and rec.idle_after[-1] == 2
    assert rec.max_active == 1


def test_never_concurrent_under_random_triggers(debouncer):
    rec = Recorder(seconds=0.02)
    d = debouncer(rec, quiet=0.005, longest=0.02)

    def save_often():
        for n in range(10_000):  # at least 50 saves, and on until the builder has run twice
            if n >= 50 and rec.runs >= 2:
                return
            d.trigger()
            time.sleep(0.003)

    threads = [threading.Thread(target=save_often) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert rec.runs >= 2
    assert rec.max_active == 1


def test_stop_waits_for_the_running_action(debouncer):
    rec = Recorder()
    rec.gate.clear()
    d = debouncer(rec)
    d.trigger()
    assert rec.started.wait(HANG)
    stopper = threading.Thread(target=d.stop, kwargs={"timeout": HANG})
    stopper.start()
    stopper.join(0.05)
    assert stopper.is_alive(), "stop() returned while the action was still running"
    rec.gate.set()
    stopper.join(HANG)
    assert not stopper.is_alive()
    assert rec.runs == 1 and rec.active == 0


# --------------------------------------------------------------------------- watchdog on a real folder

class Seen(FileSystemEventHandler):
    """Records the paths of every event of the watches it is added to."""

    def __init__(self):
        self.paths: list[str] = []

    def on_any_event(self, event) -> None:
        self.paths += [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]


class Watched:
    def __init__(self, root, events, observer):
        self.root, self.events, self.observer = root, events, observer

    def settle(self) -> None:
        """Wait until ``watch()``'s handler has had every event so far.

        Each watch delivers its events in order, so once a marker file
        written into every watched folder has come through, everything
        written before it has too.  The markers are ignored (a dotfile in
        content/, a file other than config.yaml in the root).
        """
        seen = Seen()
        for emitter in list(self.observer.emitters):
            self.observer.add_handler_for_watch(seen, emitter.watch)
        markers = []
        for emitter in list(self.observer.emitters):
            marker = os.path.join(emitter.watch.path, f".settle-{len(markers)}")
            open(marker, "w").close()
            markers.append(marker)
        assert wait_until(lambda: all(m in seen.paths for m in markers)), (markers, seen.paths)
        for emitter in list(self.observer.emitters):
            self.observer.remove_handler_for_watch(seen, emitter.watch)


@pytest.fixture
def watched(tmp_path):
    """Start ``watch()`` on a small site; yields a ``Watched``; stops and joins the observer."""
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
    try:
        yield Watched(root, events, observer)  # watch() returns with its inotify watches in place
    finally:
        observer.stop()
        observer.join(5)
        assert not observer.is_alive()


def test_editor_artifacts_trigger_nothing(watched):
    root, events = watched.root, watched.events
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
    watched.settle()
    assert events == []


def test_temp_file_and_rename_save_triggers(watched):
    root, events = watched.root, watched.events
    news = root / "content" / "news"
    tmp = news / ".gold.md.tmp123"
    tmp.write_text("---\ntitle: Gold\n---\nNeu\n", encoding="utf-8")
    os.replace(tmp, news / "gold.md")
    assert wait_until(lambda: events), "a temp + rename save must trigger a rebuild"


def test_jetbrains_save_and_config_edit_trigger(watched):
    root, events = watched.root, watched.events
    news = root / "content" / "news"
    tmp, old = news / "gold.md___jb_tmp___", news / "gold.md___jb_old___"
    tmp.write_text("neu", encoding="utf-8")
    os.rename(news / "gold.md", old)
    os.rename(tmp, news / "gold.md")
    old.unlink()
    assert wait_until(lambda: events)
    watched.settle()
    events.clear()
    (root / "config.yaml").write_text("title: T2\n", encoding="utf-8")
    assert wait_until(lambda: events), "config.yaml edits must trigger"


def test_deleting_an_article_triggers(watched):
    root, events = watched.root, watched.events
    (root / "content" / "news" / "gold.md").unlink()
    assert wait_until(lambda: events)
