"""Per-host politeness: at most ``concurrent`` requests at once and
``per_second`` request starts per second to one host (as lychee's
``--max-concurrency``/rate limits and common crawler etiquette)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class HostLimits:
    """Limits shared by the threads of one check run (no global state).

    ``slot(host)`` is a context manager holding one of the host's
    ``concurrent`` slots; ``wait(host)`` sleeps until the host may get the
    next request (``1 / per_second`` seconds after the previous start).
    ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(self, concurrent: int, per_second: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.concurrent, self.gap = concurrent, 1.0 / per_second
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s concurrent slots for the ``with`` block."""
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrent))
        with semaphore:
            yield

    def wait(self, host: str) -> None:
        """Sleep until ``host`` may be asked again, and book that moment."""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.gap
        if start > now:
            self.sleep(start - now)
