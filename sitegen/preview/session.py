"""A preview session: repeated builds of one site into a preview folder.

Keeps the caches between builds (incremental in memory), the last problems
(for the error overlay) and the clock rule: a frozen ``--now`` or the wall
clock at each rebuild.  Uses the same pipeline and writer as ``build``, so
the preview folder always equals a clean build of the same sources.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.config.settings import load_config
from sitegen.store.markdown import MarkdownCache
from sitegen.content.parallel import default_jobs
from sitegen.store.entries import EntryStore
from sitegen.gcpause import paused_gc
from sitegen.pipeline import Caches, PlanMemo, Speed, build, now_in
from sitegen.problems import Problem, has_errors
from sitegen.render.theme import ThemeError
from sitegen.site.visibility import Visibility
from sitegen.output.writer import SyncReport, sync_output


@dataclass(frozen=True)
class Outcome:
    """One rebuild: ``problems`` (sorted), the writer's ``report`` (None when
    the build failed), wall-clock ``seconds``, and whether the previous
    build had failed (so the browser must reload to clear the overlay)."""

    problems: list[Problem]
    report: SyncReport | None
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
    """State of ``serve`` between rebuilds.  ``now`` frozen, or None for the clock."""

    config_path: Path
    preview_dir: Path
    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    base_url: str | None = None
    caches: Caches = field(default_factory=lambda: Caches(plans=PlanMemo()))
    problems: list[Problem] = field(default_factory=list)
    next_due: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    written: dict = field(default_factory=dict)

    def rebuild(self) -> Outcome:
        """Build and sync the preview folder; never raises for bad input."""
        started = time.perf_counter()
        with self.lock:
            failed_before = has_errors(self.problems)
            problems, report = self._build()
            self.problems = problems
        seconds = time.perf_counter() - started
        return Outcome(problems, report, seconds, failed_before and report is not None)

    def _build(self) -> tuple[list[Problem], SyncReport | None]:
        try:
            config, problems = load_config(self.config_path)
        except OSError as exc:
            return [Problem(self.config_path.name, 0, "error", f"cannot read the config: {exc.strerror}")], None
        if config is None:
            return problems, None
        if self.base_url:
            config = dataclasses.replace(config, base_url=self.base_url.rstrip("/") + "/")
        rules = Visibility(now_in(config, self.now), self.drafts, self.future)
        try:
            speed = Speed(MarkdownCache(config.root / ".cache" / "markdown"), default_jobs(), "forkserver")
            if self.caches.entries.folder is None:
                self.caches.entries = EntryStore(folder=config.root / ".cache" / "entries")
            with paused_gc():  # see gcpause; the collector runs again between rebuilds
                result = build(config, rules, caches=self.caches, speed=speed)
            self.caches.entries.save()
        except (ThemeError, OSError) as exc:
            return problems + [Problem(self.config_path.name, 0, "error", str(exc))], None
        problems = problems + result.problems
        if not result.ok:
            return problems, None
        due = result.next_due
        self.next_due = due.front.published.when if due is not None and self.now is None else None
        # Files whose bytes equal what this session wrote last time are kept
        # without reading them back from disk.
        changed = {p: d for p, d in result.files.items() if self.written.get(p) != d}
        report = sync_output(self.preview_dir, changed, set(result.files) - set(changed))
        self.written = dict(result.files)
        return problems, report

    def seconds_until_due(self) -> float | None:
        """Seconds until the next scheduled article falls due (None: none, or clock frozen)."""
        if self.next_due is None:
            return None
        return (self.next_due - datetime.now(self.next_due.tzinfo)).total_seconds() + 0.5
