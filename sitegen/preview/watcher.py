"""Watch the site's sources and turn bursts of file events into rebuilds.

Watch events are only triggers: each rebuild rescans the sources itself, so
every way an editor saves works (in place, temp file + rename, delete, moves
of files and folders).  Editor swap, backup and lock files and the preview
folder trigger nothing.  ``Debouncer`` waits for ``quiet`` seconds without
events (at most ``longest`` after the first), runs one rebuild at a time,
and a change during a rebuild gives exactly one follow-up.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from sitegen.content.sources import is_editor_artifact

QUIET = 0.05     # seconds without events before a rebuild starts
LONGEST = 0.3    # seconds after the first event at the latest


class Debouncer:
    """Runs ``action()`` on a builder thread after triggers settle.

    ``clock()`` gives the time in seconds (default: ``time.monotonic``).
    ``due()`` returns seconds until the next scheduled rebuild (or None);
    when it elapses without any trigger, ``action`` runs anyway (scheduled
    articles falling due).  Never runs ``action`` concurrently.
    """

    def __init__(self, action: Callable[[], None], quiet: float = QUIET, longest: float = LONGEST,
                 due: Callable[[], float | None] = lambda: None, clock: Callable[[], float] | None = None):
        self.action, self.quiet, self.longest, self.due = action, quiet, longest, due
        self.clock = clock or (lambda: time.monotonic())  # seconds; tests pass a fake clock
        self._cond = threading.Condition()
        self._first = self._last = 0.0
        self._pending = False
        self._stopped = False
        self.runs = 0
        self._thread = threading.Thread(target=self._loop, name="sitegen-builder", daemon=True)

    def start(self) -> None:
        """Start the builder thread."""
        self._thread.start()

    def trigger(self) -> None:
        """Note a change; the action runs once the changes settle."""
        with self._cond:
            now = self.clock()
            if not self._pending:
                self._first = now
            self._pending, self._last = True, now
            self._cond.notify_all()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the builder thread (waits for a running action to end)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _wait_for_work(self) -> bool:
        with self._cond:
            while not self._pending and not self._stopped:
                wait = self.due()
                if wait is not None and wait <= 0:
                    return True
                self._cond.wait(timeout=None if wait is None else min(wait, 3600))
            while self._pending and not self._stopped:
                now = self.clock()
                deadline = min(self._last + self.quiet, self._first + self.longest)
                if now >= deadline:
                    break
                self._cond.wait(deadline - now)
            self._pending = False
            return not self._stopped

    def _loop(self) -> None:
        while self._wait_for_work():
            self.runs += 1
            self.action()


def is_ignored(path: str, root: Path, ignored_dirs: Iterable[Path]) -> bool:
    """True for paths that must not trigger a rebuild: editor artifacts,
    dot files and folders below ``root`` (``.git``), and ``ignored_dirs``."""
    p = Path(path)
    if any(p == d or d in p.parents for d in ignored_dirs):
        return True
    try:
        parts = p.relative_to(root).parts
    except ValueError:
        return True
    return any(is_editor_artifact(part) for part in parts)


class _Handler(FileSystemEventHandler):
    def __init__(self, on_change: Callable[[], None], ignored: tuple[Path, ...], root_files: set[str], root: Path):
        self.on_change, self.ignored, self.root_files, self.root = on_change, ignored, root_files, root

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        for path in paths:
            path = str(path)
            if Path(path).parent == self.root and Path(path).name not in self.root_files:
                continue  # the project root is watched for config.yaml only
            if not is_ignored(path, self.root, self.ignored):
                self.on_change()
                return


def watch(root: Path, on_change: Callable[[], None], ignored: Iterable[Path],
          folders: Iterable[str] = ("content", "static", "themes", "templates", "data"),
          root_files: Iterable[str] = ("config.yaml",)) -> Observer:
    """Start a watchdog observer calling ``on_change()`` for relevant events.

    Watches ``folders`` below ``root`` recursively and ``root`` itself for
    ``root_files``.  The caller must ``stop()`` and ``join()`` the observer
    (inotify instances are limited: 128 on this machine).
    """
    root = root.resolve()
    handler = _Handler(on_change, tuple(Path(d).resolve() for d in ignored), set(root_files), root)
    observer = Observer()
    for folder in folders:
        if (root / folder).is_dir():
            observer.schedule(handler, str(root / folder), recursive=True)
    observer.schedule(handler, str(root), recursive=False)
    observer.start()
    return observer
