#!/usr/bin/env python3
"""Command line of the news site generator.  The work lives in ``sitegen/``.

    .venv/bin/python build.py build                      build config.yaml's site into output/
    .venv/bin/python build.py build --drafts --output /tmp/preview
    .venv/bin/python build.py build --now "2024-04-25 08:00" --output /tmp/check
    .venv/bin/python build.py serve                      preview with live reload on http://127.0.0.1:8000/
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

MAX_JOBS = 64  # more processes than this only cost memory: Markdown rendering is CPU-bound

EPILOG = """examples:
  .venv/bin/python build.py build
  .venv/bin/python build.py build --drafts --future --output /tmp/preview
  .venv/bin/python build.py build --now "2024-04-25 14:48" --output /tmp/at-that-time
  .venv/bin/python build.py serve --drafts --open

exit codes: 0 ok, 1 errors in content, config or templates, 2 usage or environment errors"""


def _now(text: str):
    from sitegen.cli.build import parse_now
    try:
        return parse_now(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time — use \"YYYY-MM-DD HH:MM\", e.g. \"2024-04-25 14:48\"")


def _base_url(text: str) -> str:
    if not text.startswith(("http://", "https://")) or "://" not in text or not text.split("://", 1)[1].strip("/"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a base URL — use e.g. https://example.org/blog/")
    return text


def _jobs(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes — use 1 to {MAX_JOBS}, "
                                         "e.g. --jobs 4 (default: all cores)")
    return int(text)


def _port(text: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port — use 1 to 65535, e.g. --port 8080, or 0 for any "
                                         "free port (without --port: 8000 or the next free one)")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse, with a suggestion for a mistyped command (``biuld`` → ``did you mean 'build'?``)."""

    def error(self, message: str):
        found = re.match(r"argument COMMAND: invalid choice: '(.*?)' \(choose from (.*)\)$", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2))
            close = difflib.get_close_matches(found.group(1), choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(choices)}"
            message = f"unknown command '{found.group(1)}' — {hint}"
        super().error(message)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command and its options."""
    top = _Parser(prog="build.py", description="Build the German finance news site from Markdown.",
                                  epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into output/ (the default command)",
                                description="Build the site once. Example: .venv/bin/python build.py build --drafts --output /tmp/preview",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _build_options(build, suppress=True)
    build.add_argument("--jobs", type=_jobs, metavar="N",
                       help=f"processes for Markdown and pages, 1 to {MAX_JOBS} (default: all cores)")
    build.add_argument("--no-cache", action="store_true",
                       help="ignore and do not use .cache/ (the result is the same, only slower)")
    build.add_argument("--allow-removals", action="store_true",
                       help="publish even when more article pages would disappear than the limit "
                            "(deploy.removal_limit in config.yaml; default: 10%% of the articles or 20)")
    serve = commands.add_parser("serve", help="preview with live reload at http://127.0.0.1:8000/",
                                description="Build into .cache/preview-<port>, serve it, rebuild on every save and reload "
                                            "the browser. Example: .venv/bin/python build.py serve --drafts --open",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _build_options(serve, output=False, suppress=True)
    serve.add_argument("--port", type=_port, help="port, 1 to 65535, 0 for any free one (default: 8000, or the next free one)")
    serve.add_argument("--host", "--bind", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1; 0.0.0.0 to test on a phone in the same network)")
    serve.add_argument("--open", action="store_true", help="open the preview in the web browser")
    from sitegen.cli.importcmd import add_import_parser
    add_import_parser(commands)
    from sitegen.cli import check as check_cli
    check_cli.add_parser(commands)
    from sitegen.cli import newcmd, schedule
    newcmd.add_parser(commands)
    schedule.add_parser(commands)
    from sitegen.cli.version import add_version
    add_version(top)
    from sitegen.cli import deploy as deploy_cli
    deploy_cli.add_parser(commands)
    _build_options(top)
    return top


def _build_options(p: argparse.ArgumentParser, output: bool = True, suppress: bool = False) -> None:
    """Options shared by the commands.  On a command's own parser the defaults
    are suppressed, so an option given before the command is not overwritten
    (``build.py --config x.yaml build`` and ``build.py build --config x.yaml``
    mean the same)."""
    def default(value):
        return argparse.SUPPRESS if suppress else value
    p.add_argument("--config", type=Path, default=default(Path("config.yaml")), metavar="PATH",
                   help="config file (default: config.yaml)")
    if output:
        p.add_argument("--output", metavar="DIR", default=default(None),
                       help="output folder (default: output_dir in config, output/)")
    needs = " (needs --output)" if output else ""
    p.add_argument("--drafts", action="store_true", default=default(False), help=f"include drafts{needs}")
    p.add_argument("--future", action="store_true", default=default(False),
                   help=f"include articles dated after now{needs}")
    p.add_argument("--base-url", type=_base_url, metavar="URL", default=default(None),
                   help="override base_url from config, e.g. https://example.org/blog/")
    p.add_argument("--now", type=_now, metavar='"YYYY-MM-DD HH:MM"', default=default(None),
                   help="build as if it were this time (site time zone), e.g. \"2024-04-25 14:48\""
                        + ("; a time still to come needs --output" if output else ""))


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        refusal = _cache_refusal(args)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        if args.command == "check":
            from sitegen.cli import check as check_cli
            return check_cli.run(args)
        if getattr(args, "run", None):  # a command module's run(args) (sitegen/cli/newcmd.py, schedule.py)
            return args.run(args)
        if args.command == "import":
            from sitegen.cli.importcmd import import_command
            return import_command(args)
        if args.command == "serve":
            from sitegen.cli.serve import ServeArgs, serve_command
            return serve_command(ServeArgs(args.config, args.host, args.port, args.drafts, args.future,
                                           args.now, args.open, args.base_url))
        from sitegen.cli.build import build_command
        from sitegen.engine import Options
        return build_command(Options(args.config, args.output, args.drafts, args.future, args.now, args.base_url,
                                     getattr(args, "jobs", None), not getattr(args, "no_cache", False),
                                     allow_removals=getattr(args, "allow_removals", False)))
    except KeyboardInterrupt:
        return 130 if args.command != "serve" else 0
    except OSError as exc:  # the disk refused a write: an environment error
        print(f"error: {exc.strerror or exc}: {exc.filename or ''} — check the output folder and free space",
              file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last resort: one line instead of a traceback
        from sitegen.lastresort import debugging, internal_error
        if debugging():
            raise
        print(internal_error(exc, f"build.py {args.command or 'build'}"), file=sys.stderr)
        return 2


def _cache_refusal(args) -> str:
    """An error when ``serve`` finds ``.cache`` beside the config that is not
    a folder (its preview is built there), else "".  ``build`` and ``check``
    only lose their cache then (same output): they print a warning."""
    cache = args.config.resolve().parent / ".cache"
    if not (cache.is_symlink() and not cache.exists() or cache.exists() and not cache.is_dir()):
        return ""
    if args.command == "serve":
        return (f"error: {cache} is a file, but serve builds its preview in the folder .cache/ "
                "— remove or rename the file .cache")
    if args.command in (None, "build", "check"):
        print(f"warning: {cache} is a file, so this run keeps nothing between builds (slower; removed pages are "
              "counted without their causes) — remove or rename the file .cache", file=sys.stderr)
    return ""


if __name__ == "__main__":
    sys.exit(main())
