#!/usr/bin/env python3
"""Command line of the news site generator.  The work lives in ``sitegen/``.

    python build.py build                      build config.yaml's site into output/
    python build.py build --drafts --output /tmp/preview
    python build.py build --now "2024-04-25 08:00" --output /tmp/check
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """examples:
  python build.py build
  python build.py build --drafts --future --output /tmp/preview
  python build.py build --now "2024-04-25 14:48" --output /tmp/at-that-time

exit codes: 0 ok, 1 errors in content, config or templates, 2 usage or environment errors"""


def _now(text: str):
    from sitegen.commands import parse_now
    try:
        return parse_now(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time — use \"YYYY-MM-DD HH:MM\", e.g. \"2024-04-25 14:48\"")


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command and its options."""
    top = argparse.ArgumentParser(prog="build.py", description="Build the German finance news site from Markdown.",
                                  epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into output/ (the default command)",
                                description="Build the site once. Example: python build.py build --drafts --output /tmp/preview",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _build_options(build)
    _build_options(top)
    return top


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=Path("config.yaml"), metavar="PATH",
                   help="config file (default: config.yaml)")
    p.add_argument("--output", metavar="DIR", help="output folder (default: output_dir in config, output/)")
    p.add_argument("--drafts", action="store_true", help="include drafts (needs --output)")
    p.add_argument("--future", action="store_true", help="include articles dated after now (needs --output)")
    p.add_argument("--now", type=_now, metavar='"YYYY-MM-DD HH:MM"',
                   help="build as if it were this time (site time zone), e.g. \"2024-04-25 14:48\"")


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit code."""
    args = parser().parse_args(argv)
    from sitegen.commands import BuildArgs, build_command
    options = BuildArgs(args.config, args.output, args.drafts, args.future, args.now)
    try:
        return build_command(options)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
