"""The ``schedule`` command: the editorial calendar in the terminal.

    .venv/bin/python build.py schedule
    .venv/bin/python build.py schedule --ics /tmp/redaktion.ics

Lists scheduled articles (dated after now, not drafts; the next due first)
and drafts with their publication time in site time.  Problems in the
sources go to stderr as the build prints them; the calendar to stdout.
Exit codes: 0 ok, 1 errors in content or config (the calendar of the
readable files is still printed), 2 usage or environment errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TextIO

from sitegen.cli import siteconfig
from sitegen.cli.messages import plural, say
from sitegen.newsroom.clock import now_argument

EXAMPLES = """examples:
  .venv/bin/python build.py schedule
  .venv/bin/python build.py schedule --ics /tmp/redaktion.ics
  .venv/bin/python build.py schedule --now "2024-04-25 14:48\""""


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``schedule [--ics FILE] [--config PATH] [--now TIME]`` to ``commands``
    (the object ``ArgumentParser.add_subparsers`` returns); returns the parser."""
    parser = commands.add_parser(
        "schedule", help="list drafts and scheduled articles, the next due first",
        description="The editorial calendar: scheduled articles (dated after now) with their publication time "
                    "in the site's time zone, the next due first, then the drafts. Writes nothing, except the "
                    "iCalendar file of --ics.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ics", type=Path, metavar="FILE", default=None,
                        help="also write the scheduled articles (and drafts dated ahead) as an iCalendar file")
    siteconfig.add_config_option(parser)
    parser.add_argument("--now", type=now_argument, metavar='"YYYY-MM-DD HH:MM"', default=argparse.SUPPRESS,
                        help='list as if it were this time (site time zone), e.g. "2024-04-25 14:48"')
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the calendar ``args`` ask for (and write ``--ics``); returns the exit code."""
    from sitegen.problems import format_problem, has_errors
    out, err = out or sys.stdout, err or sys.stderr
    config, problems, code = siteconfig.load_for_command("schedule", siteconfig.config_path(args), err)
    if config is None:
        return code
    from sitegen.newsroom.calendar import read_calendar, terminal_lines
    from sitegen.site.visibility import now_in
    now = now_in(config, getattr(args, "now", None))
    calendar = read_calendar(config, now)
    problems += calendar.problems
    for problem in problems:
        say(err, format_problem(problem))
    say(out, f"now: {now:%Y-%m-%d %H:%M} ({config.timezone})")
    for line in terminal_lines(calendar, now, config.zone):
        say(out, line)
    code = 1 if has_errors(problems) else 0
    if args.ics is not None:
        code = max(code, _write_ics(args.ics, calendar, now, config, out, err))
    return code


def _write_ics(target: Path, calendar, now, config, out: TextIO, err: TextIO) -> int:
    """Write the iCalendar file (atomically: a temporary file renamed over
    ``target``); returns 0, or 2 when the disk refuses."""
    from sitegen.cli.version import version
    from sitegen.newsroom.calendar import ics_text
    from sitegen.site.urls import PageKind, absolute_url, route
    url_of = lambda row: absolute_url(config, route(config, PageKind.ARTICLE, row.slug).url)  # noqa: E731
    data = ics_text(calendar, now, config.title, url_of, version())
    if target.is_dir():
        say(err, f"error: {target} is a folder — name a file, e.g. --ics /tmp/redaktion.ics")
        return 2
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        say(err, f"error: cannot write {target} ({exc.strerror or exc}) — check the folder and free space")
        return 2
    events = len(calendar.scheduled) + sum(1 for r in calendar.drafts if r.when is not None and r.when > now)
    say(out, f"wrote {target} ({plural(events, 'event')})")
    return 0
