"""A progress bar for long builds on a terminal (tqdm), and none elsewhere.

Stages report through a plain callback, ``Progress.stage(name, total)``,
which returns ``advance(n)``; the pipeline never imports tqdm.  A bar appears
only once its stage has run for ``delay`` seconds (default 1 s), only when
the stream is a terminal, and is erased when the stage ends, so the summary
line stays the last thing printed.
"""

from __future__ import annotations

from typing import Callable, TextIO

Advance = Callable[[int], None]


class Progress:
    """Progress bars on ``stream`` (stderr), one per stage, after ``delay``
    seconds, redrawn at most every ``interval`` seconds."""

    def __init__(self, stream: TextIO, delay: float = 1.0, interval: float = 0.2):
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self._bar = None

    def stage(self, name: str, total: int) -> Advance:
        """Start the bar of stage ``name`` counting to ``total`` items (the
        previous stage's bar is closed); returns ``advance(n)``."""
        from tqdm import tqdm
        self.close()
        self._bar = tqdm(total=total, desc=name, file=self.stream, delay=self.delay, leave=False,
                         unit="", dynamic_ncols=True, mininterval=self.interval)
        return self._bar.update

    def close(self) -> None:
        """Erase the current bar, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def for_stream(stream: TextIO) -> Progress | None:
    """A ``Progress`` when ``stream`` is a terminal, else None (no bar in
    logs, pipes and CI)."""
    try:
        return Progress(stream) if stream.isatty() else None
    except (AttributeError, ValueError):
        return None
