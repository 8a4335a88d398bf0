"""The ``build`` command: run the engine once and print what it did.

Exit codes: 0 ok, 1 content/config/template errors, 2 usage or environment
errors.  Problems go to stderr as ``path:line: message — hint``; the one
summary line goes to stdout.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sitegen.cli.messages import plural, say, shown
from sitegen.engine import CONTENT_ERROR, OK, Engine, Options, Outcome
from sitegen.problems_summary import summarise


def parse_now(text: str) -> datetime:
    """Parse ``--now`` ("YYYY-MM-DD HH:MM", site time); raises ``ValueError``."""
    return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")


def build_command(options: Options, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Build the site once with ``options`` and publish it; returns the exit code.
    ``out``/``err`` default to the streams of the moment (``sys.stdout``/``sys.stderr``)."""
    out, err = out or sys.stdout, err or sys.stderr
    from sitegen.cli.progress import for_stream
    outcome = Engine(options, progress=for_stream(err)).run()
    show(outcome, options.config_path, out, err)
    return outcome.code


def show(outcome: Outcome, config: Path, out: TextIO, err: TextIO) -> None:
    """Print ``outcome`` as the build command does."""
    lines = list(outcome.printed)
    if outcome.problems:  # imported only then: a build with nothing to do does not load the content checks
        from sitegen.render.contentchecks import warning_kind
        lines += summarise(outcome.problems, warning_kind)
    for line in lines:
        say(err, line)
    if outcome.message:
        say(err, outcome.message)
    root = config.resolve().parent
    where = shown(outcome.target, root) if outcome.target else ""
    errors = sum(p.is_error for p in outcome.problems)
    if outcome.code == CONTENT_ERROR and not where:  # the config itself has errors
        say(err, f"build failed: {plural(errors, 'error')} in {config}; nothing was built")
        return
    if outcome.code == CONTENT_ERROR and outcome.message:  # stopped by a guard: the message says why
        return
    if outcome.code == CONTENT_ERROR:
        warnings = len(outcome.problems) - errors
        say(err, f"build failed: {plural(errors, 'error')}, {plural(warnings, 'warning')}; {where}/ was not changed")
        return
    if outcome.code != OK:
        return
    for line in outcome.removed_articles:  # their URLs may be linked elsewhere (output.guard)
        say(err, line)
    r = outcome.report
    say(out, f"built {plural(outcome.pages, 'page')} ({plural(r.written, 'file')} written, {r.unchanged} unchanged, "
             f"{r.deleted} deleted) from {plural(outcome.articles, 'article')} in {outcome.seconds:.2f} s → {where}/")
    for note in (*outcome.notes, *getattr(r, "notes", ())):
        say(out, note)

