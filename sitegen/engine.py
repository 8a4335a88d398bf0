"""The one engine: config → caches → pipeline → publish, for ``build`` and ``serve``.

``Engine(options).run()`` runs one build and returns an ``Outcome``; it never
prints.  The command line (``cli.build``) and the preview (``preview.session``)
only choose the options and show the outcome.  The only caller of
``pipeline.build`` and of the publish step (``output.writer.sync_output``).

Order of one run:
1. load the config (``config.settings``), apply ``--base-url``;
2. choose and guard the output folder, take its lock;
3. skip everything when no input changed since the last build into it
   (``store.buildstate``);
4. run the pipeline with the caches kept between builds (``store``);
5. on errors stop: the output folder is left exactly as it was;
6. publish the new files (one atomic swap, ``output.writer``), then record
   what was published for the next run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from sitegen import refusals
from sitegen.problems import Problem

OK, CONTENT_ERROR, USAGE_ERROR = 0, 1, 2
Fault = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """What one build is asked to do.

    ``output`` is the ``--output`` folder (None: ``output_dir`` of the
    config); ``now`` is naive site time (``--now``) or None for the clock;
    ``jobs`` processes render Markdown (None: all cores); ``cache`` False
    builds from nothing and keeps nothing (``--no-cache``); ``preview`` marks
    the builds of ``serve`` (caches kept in memory, drafts allowed into its
    own folder, the folder's lock held by the session); ``allow_removals``
    lets a publish remove more article pages than the limit
    (``output.guard``); ``publish`` False runs every check of a build but
    writes nothing into the output folder and takes no lock (``check``).
    """

    config_path: Path
    output: str | None = None
    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    base_url: str | None = None
    jobs: int | None = None
    cache: bool = True
    preview: bool = False
    allow_removals: bool = False
    publish: bool = True


@dataclass(frozen=True)
class Outcome:
    """One run's result, for the caller to show.

    ``code``: 0 ok, 1 content/config/template errors (nothing published), 2
    environment or usage error (``message`` says which); ``problems`` sorted;
    ``report`` what publishing did (None when nothing was published);
    ``pages``/``articles`` counts; ``next_due`` the next scheduled article as
    (path, aware datetime) or None; ``skipped``: no input changed, nothing
    was built (``printed`` are the stored problem lines of that build and
    ``notes`` its extra summary lines);
    ``target`` the output folder; ``seconds`` wall time of the run;
    ``removed_articles`` one warning line per article page the publish
    removed, with its cause (``output.guard``).
    """

    code: int
    problems: tuple[Problem, ...] = ()
    report: object | None = None
    pages: int = 0
    articles: int = 0
    next_due: tuple[str, datetime] | None = None
    skipped: bool = False
    printed: tuple[str, ...] = ()
    target: Path | None = None
    seconds: float = 0.0
    message: str = ""
    removed_articles: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the site was built (or had nothing to do)."""
        return self.code == OK


@dataclass
class Engine:
    """Runs builds of one site with ``options``; keeps caches between runs.

    ``progress`` (a ``cli.progress.Progress`` or None) draws a bar;
    ``fault(step)`` is a test hook called at each step of the publish
    (see ``output.writer.sync_output``) and before the store records it
    ("store commit").
    """

    options: Options
    progress: object | None = None
    fault: Fault | None = None
    _caches: object | None = field(default=None, repr=False)

    def run(self) -> Outcome:
        """Run one build; returns its ``Outcome``.  Raises nothing for bad
        input; ``OSError`` from the disk becomes code 2 naming the file and
        what to do (``writer.publish_error``, ``writer.environment_error``); any
        other unexpected exception becomes code 2 with one ``internal error``
        line naming the file being processed (``lastresort``; it is raised
        when ``SITEGEN_DEBUG=1``, and for ``serve``, whose session logs it).
        The output folder is left as it was unless the swap was done."""
        from sitegen.lastresort import debugging, internal_error
        from sitegen.output.writer import environment_error
        started = time.perf_counter()
        try:
            outcome = self._run()
        except Exception as exc:  # noqa: BLE001 - the last resort: one line instead of a traceback
            if debugging() or self.options.preview:  # serve logs the traceback and shows the error in the page
                raise
            self._close_progress()
            text = environment_error(exc) if isinstance(exc, OSError) else internal_error(exc)
            outcome = Outcome(USAGE_ERROR, message=text)
        return dataclasses.replace(outcome, seconds=time.perf_counter() - started)

    def _run(self) -> Outcome:
        from sitegen.config.settings import load_config
        path = self.options.config_path
        try:
            config, problems = load_config(path)
        except OSError as exc:
            return Outcome(USAGE_ERROR, message=f"{path}: cannot read the config file ({exc.strerror}) "
                                                "— run from the site folder or pass --config PATH")
        if config is None:
            return Outcome(CONTENT_ERROR, tuple(problems))
        if self.options.base_url:
            config = dataclasses.replace(config, base_url=self.options.base_url.rstrip("/") + "/")
        from sitegen.site.visibility import output_path
        target = output_path(config, self.options.output)
        refusal = refusals.refusal(self.options, config, target)
        if refusal:
            return Outcome(USAGE_ERROR, tuple(problems), target=target, message=refusal)
        from sitegen.output.writer import OutputBusy, lock_output
        try:
            with lock_output(target) if not self.options.preview and self.options.publish else _held():
                outcome = self._build(config, target)
        except OutputBusy as exc:
            return Outcome(USAGE_ERROR, target=target, message=str(exc))
        return dataclasses.replace(outcome, problems=tuple(problems) + outcome.problems)

    def _build(self, config, target: Path) -> Outcome:
        from sitegen.caching import BuildSession  # opens the store's caches
        from sitegen.site.visibility import Visibility, now_in
        rules = Visibility(now_in(config, self.options.now), self.options.drafts, self.options.future)
        session = BuildSession.open(self, config, target, rules)
        if session.unchanged is not None:
            return session.unchanged
        from sitegen.gcpause import paused_gc
        from sitegen.pipeline import build  # imported only now: Jinja2 and markdown-it take ~0.1 s
        from sitegen.render.theme import ThemeError
        try:
            with paused_gc():  # see gcpause: a build keeps 100,000s of objects without cycles
                result = build(config, rules, caches=session.caches, speed=session.speed)
        except (ThemeError, OSError) as exc:
            return Outcome(USAGE_ERROR, target=target, message=f"error: {exc}")
        finally:
            self._close_progress()
        session.keep_entries()
        try:
            return self._finish(session, config, target, result)
        finally:
            close = getattr(result.files, "close", None)
            if close is not None:  # the spooled pages (``store.spool``) are published by now
                close()

    def _finish(self, session, config, target: Path, result) -> Outcome:
        """Publish a built ``result`` when it has no errors (and record it)."""
        from sitegen.caching import due_lines
        from sitegen.site.visibility import output_path
        due = _due(result)
        if not result.ok:
            return Outcome(CONTENT_ERROR, tuple(result.problems), articles=result.articles, next_due=due,
                           target=target)
        if not self.options.publish:  # ``check``: every problem found, nothing written
            return Outcome(OK, tuple(result.problems), None, len(result.fingerprints), result.articles, due,
                           target=target)
        check = None if self.options.preview else session.removals(result, refusals.backdated(self.options, config, target))
        if check is not None and check.blocked and not self.options.allow_removals:
            return Outcome(CONTENT_ERROR, tuple(result.problems), articles=result.articles, next_due=due,
                           target=target, message=check.refusal(_shown(target, config.root)))
        report = self._publish(session, target, result)
        if isinstance(report, Outcome):
            return report
        if self.fault is not None:
            self.fault("store commit")
        session.record(result, report)
        if not self.options.preview and target == output_path(config, None) and result.url_lock:
            from sitegen.site.urlrecord import LOCK_FILE, write_lock
            try:
                write_lock(config.root, result.url_lock)
            except OSError as exc:
                return Outcome(USAGE_ERROR, tuple(result.problems), report, target=target,
                               message=f"error: cannot write {LOCK_FILE}: {exc.strerror or exc} — "
                                       "check the site folder's permissions, then build again")
        removed = check.warnings() if check is not None else ()
        return Outcome(OK, tuple(result.problems), report, len(result.fingerprints), result.articles, due,
                       target=target, removed_articles=removed,
                       notes=(*due_lines(result.next_due), *result.notes, *self._sizes(target, config, session.measured)))

    def _sizes(self, target: Path, config, measured: tuple[int, int] | None) -> tuple[str, ...]:
        """The output's size and file count (``measured`` when the session knows
        them from the stamps it recorded, else counted on disk), and a warning
        near the host's limit (``output.hostlimits``)."""
        if self.options.preview:
            return ()
        from sitegen.output.hostlimits import size_lines
        return size_lines(target, config.publishing.host, measured=measured)

    def _publish(self, session, target: Path, result):
        """Publish ``result``'s files into ``target`` (one atomic swap); an
        ``Outcome`` with code 2 when the disk refuses."""
        from sitegen.output.writer import UnsafeOutputError, publish_error, sync_output
        removed = session.patchable(result)  # serve: only the changes since its last publish (output.patch)
        session.forget()  # a publish cut off must not leave a state that trusts the folder
        files, keep = session.changed_files(result, trusted=removed is not None)
        advance = self.progress.stage("writing", len(files)) if self.progress else None
        try:
            if removed is not None:
                from sitegen.output.patch import patch_output
                try:
                    return patch_output(target, files, len(keep), removed, advance, self.fault)
                except OSError:  # the folder is not as it was left: the full publish repairs it
                    files, keep = result.files, result.kept
            return sync_output(target, files, keep, advance, fault=self.fault)
        except UnsafeOutputError as exc:
            return Outcome(USAGE_ERROR, tuple(result.problems), target=target, message=str(exc))
        except OSError as exc:
            return Outcome(USAGE_ERROR, tuple(result.problems), target=target,
                           message=publish_error(exc, target, _shown(target, session.config.root)))
        finally:
            self._close_progress()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()


@contextlib.contextmanager
def _held():
    """The preview's folder is locked by its session for as long as it runs."""
    yield


def _due(result) -> tuple[str, datetime] | None:
    entry = result.next_due
    return None if entry is None else (entry.path, entry.front.published.when)


def _shown(target: Path, root: Path) -> str:
    """``target`` relative to the site folder when inside it (``output``), else absolute."""
    try:
        return target.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(target)
