"""One build per output folder at a time: ``lock_output``.

The lock is ``fcntl.flock`` on ``.<name>.lock`` next to the output folder,
holding the builder's PID and removed when the build ends; the kernel
releases the lock when the process ends, however it ends (a killed build
leaves the file, never a stale lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Iterator

from sitegen.output.paths import Layout


_HELD: set[int] = set()  # lock descriptors of this process


def _close_in_child() -> None:
    """A forked worker (the Markdown pool) must not keep the lock alive after its parent dies."""
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class OutputBusy(RuntimeError):
    """Another process holds the output folder's lock; ``pid`` is its process
    id (None when it could not be read)."""

    def __init__(self, out: Path, pid: int | None):
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"{out.name}/ is being built by {who} — wait for it to finish or stop it")
        self.out, self.pid = out, pid


def lock_path(out: Path) -> Path:
    """The lock file of output folder ``out``."""
    return Layout.of(out).sibling("lock")


@contextlib.contextmanager
def lock_output(out: Path) -> Iterator[Path]:
    """Hold the output folder's lock for the ``with`` block (yields the lock
    file's path, which holds our PID and is removed on release).  Raises
    ``OutputBusy`` at once if another process holds it, ``OSError`` if the
    lock file cannot be created."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, Layout.of(out).out)
    _HELD.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        path.unlink(missing_ok=True)  # while still locked: a waiter that opened it sees it is gone
        _HELD.discard(fd)
        os.close(fd)


def _acquire(path: Path, out: Path) -> int:
    """A locked descriptor of the file at ``path`` (the file may be removed
    by the holder before us between our open and our lock: then again)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder(fd)
            os.close(fd)
            raise OutputBusy(out, pid) from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _holder(fd: int) -> int | None:
    """The PID in the lock file (the holder writes it right after locking: a few short retries)."""
    for _ in range(5):
        try:
            text = os.pread(fd, 32, 0).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if text.isdigit():
            return int(text)
        time.sleep(0.01)
    return None
