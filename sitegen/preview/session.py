"""A preview session: repeated runs of the one engine into the preview folder.

The engine keeps its caches in memory between runs; the session keeps the
last problems (for the error box on every page) and the clock rule: a
frozen ``--now`` or the wall clock at each rebuild.  A rebuild never raises:
any exception the engine did not expect becomes an error in the box (the
traceback goes to the server log), and the next save builds again.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sitegen.engine import USAGE_ERROR, Engine, Options, Outcome
from sitegen.problems import Problem, error, has_errors


@dataclass(frozen=True)
class Rebuild:
    """One rebuild: ``problems`` (sorted; an environment failure is one error),
    the publish ``report`` (None when the build failed), wall-clock
    ``seconds``, and whether the previous build had failed (so the browser
    must reload to clear the box)."""

    problems: list[Problem]
    report: object | None
    seconds: float
    recovered: bool = False

    @property
    def ok(self) -> bool:
        """True when the build had no error and the preview was updated."""
        return self.report is not None

    @property
    def changed(self) -> bool:
        """True when the browser should reload."""
        return self.recovered or (self.report is not None and (self.report.written + self.report.deleted) > 0)


@dataclass
class PreviewSession:
    """State of ``serve`` between rebuilds.  ``now`` frozen, or None for the
    clock; ``log`` (default: ``sys.stderr`` of the moment) receives the
    traceback of an unexpected failure."""

    config_path: Path
    preview_dir: Path
    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    base_url: str | None = None
    log: TextIO | None = field(default=None, repr=False)
    problems: list[Problem] = field(default_factory=list)
    next_due: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    engine: Engine | None = None

    def __post_init__(self) -> None:
        options = Options(self.config_path, str(self.preview_dir), self.drafts, self.future, self.now,
                          self.base_url, preview=True)
        self.engine = self.engine or Engine(options)

    def rebuild(self) -> Rebuild:
        """Build and publish the preview folder; never raises."""
        started = time.perf_counter()
        with self.lock:
            failed_before = has_errors(self.problems)
            outcome = self._run()
            self.problems = list(outcome.problems)
            if outcome.message:
                self.problems.append(error(self.config_path.name, 0, outcome.message))
            if outcome.ok:
                due = outcome.next_due
                self.next_due = due[1] if due is not None and self.now is None else None
        report = outcome.report if outcome.ok else None
        return Rebuild(self.problems, report, time.perf_counter() - started, failed_before and report is not None)

    def _run(self) -> Outcome:
        try:
            return self.engine.run()
        except Exception as exc:  # noqa: BLE001 — the preview must survive any failure and show it
            traceback.print_exc(file=self.log or sys.stderr)
            kind = type(exc).__name__
            return Outcome(USAGE_ERROR, message=f"internal error while building ({kind}: {exc}) — "
                                      "the traceback is in the server log; save again to retry")

    def seconds_until_due(self) -> float | None:
        """Seconds until the next scheduled article falls due (None: none, or clock frozen)."""
        if self.next_due is None:
            return None
        return (self.next_due - datetime.now(self.next_due.tzinfo)).total_seconds() + 0.5
