"""The ``check`` command: everything a build checks, nothing written; with
``--external`` also the site's http(s) links (``sitegen.check``).

Exit codes as ``build``: 0 no errors, 1 errors in content, config,
templates or dead external links, 2 usage or environment errors.  Problems
go to stderr (``path:line: message — hint``), the summary to stdout.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from sitegen.cli import siteconfig
from sitegen.cli.messages import plural, say

EXAMPLE = """examples:
  .venv/bin/python build.py check
  .venv/bin/python build.py check --external
  .venv/bin/python build.py check --drafts --future

external links (--external): each http(s) URL of the shown articles and pages is asked
with HEAD (then GET), at most 2 requests at once and 2 per second per host; answers are
kept in .cache/ for check.external_cache_hours (config.yaml, default 24).
Dead links (4xx/5xx, unknown host, time-out) are errors, permanent redirects (301/308) warnings.

exit codes: 0 ok, 1 errors in content, config, templates or dead links, 2 usage or environment errors"""


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``check`` to ``commands`` (the subparsers of ``build.py``)."""
    p = commands.add_parser("check", help="check the site like a build, without writing output/",
                            description="Run every check of a build without writing anything into the output "
                                        "folder. Example: .venv/bin/python build.py check --external",
                            epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    siteconfig.add_config_option(p)
    p.add_argument("--drafts", action="store_true", default=argparse.SUPPRESS, help="check drafts too")
    p.add_argument("--future", action="store_true", default=argparse.SUPPRESS,
                   help="check articles dated after now too")
    p.add_argument("--now", type=_now, metavar='"YYYY-MM-DD HH:MM"', default=argparse.SUPPRESS,
                   help="check as if it were this time (site time zone), e.g. \"2024-04-25 14:48\"")
    p.add_argument("--external", action="store_true", help="also ask every external http(s) link whether it answers")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not use .cache/ (asks every link again)")
    return p


def _now(text: str):
    from sitegen.cli.build import parse_now
    try:
        return parse_now(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time — use \"YYYY-MM-DD HH:MM\", e.g. \"2024-04-25 14:48\"")


def run(args, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``check`` for the parsed ``args``; returns the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    from sitegen.cli.progress import for_stream
    from sitegen.engine import USAGE_ERROR, Engine, Options
    from sitegen.problems import format_problem, sort_problems
    config_path = siteconfig.config_path(args)
    options = Options(config_path, None, getattr(args, "drafts", False), getattr(args, "future", False),
                      getattr(args, "now", None), getattr(args, "base_url", None),
                      cache=not getattr(args, "no_cache", False), publish=False)
    outcome = Engine(options, progress=for_stream(err)).run()
    if outcome.code == USAGE_ERROR or outcome.target is None:  # the config itself is broken, or environment
        for line in map(format_problem, outcome.problems):
            say(err, line)
        if outcome.message:
            say(err, outcome.message)
        if outcome.code != USAGE_ERROR:
            errors = sum(p.is_error for p in outcome.problems)
            say(err, f"check failed: {plural(errors, 'error')} in {config_path}; nothing was written")
        return outcome.code
    problems, notes = list(outcome.problems), []
    if getattr(args, "external", False):
        found, notes = _external(options)
        problems += found
    for line in (*outcome.printed, *map(format_problem, sort_problems(problems))):
        say(err, line)
    for note in notes:
        say(out, note)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors + len(outcome.printed)
    if errors:
        say(err, f"check failed: {plural(errors, 'error')}, {plural(warnings, 'warning')}; nothing was written")
        return 1
    say(out, f"check passed: {plural(outcome.pages, 'page')} from {plural(outcome.articles, 'article')}, "
             f"{plural(warnings, 'warning')}; nothing was written")
    return 0


def _external(options) -> tuple[list, list[str]]:
    """(problems, summary lines) of the external link check."""
    from sitegen.check.collect import external_links
    from sitegen.check.external import check_external
    from sitegen.check.settings import load_check_settings
    from sitegen.config.settings import load_config
    from sitegen.site.visibility import Visibility, now_in
    from sitegen.store import db
    from sitegen.store.markdown import MarkdownCache
    config, _ = load_config(options.config_path)
    settings, problems = load_check_settings(options.config_path)
    if config is None or any(p.is_error for p in problems):
        return problems, []
    store = db.shared(config.root / ".cache") if options.cache else db.Store.memory()
    rules = Visibility(now_in(config, options.now), options.drafts, options.future)
    links = external_links(config, rules, MarkdownCache(store).render)
    tally = check_external(links, settings, store)
    line = (f"external links: {plural(len(links), 'URL')} ({tally.asked} asked, {tally.from_cache} from the cache"
            f"{f', {tally.skipped} over check.external_limit not asked' if tally.skipped else ''}): "
            f"{tally.dead} dead, {tally.moved} moved permanently")
    return problems + tally.problems, [line]
