"""The ``import`` command: bring another generator's archive into the site.

    .venv/bin/python build.py import ../altes-blog                 detect the generator
    .venv/bin/python build.py import ../altes-blog --from hugo --dry-run

Exit codes: 0 ok, 1 problems in the source (files not imported, conflicts),
2 usage (no SOURCE, unknown ``--from``, not a site folder).  The report goes
to stdout, a usage error to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from sitegen.cli.messages import say

KINDS = ("jekyll", "hugo", "hexo", "pelican", "wordpress")  # sitegen.importer.detect.KINDS (not imported: yaml costs every build 30 ms)
HELP = "import posts from Jekyll, Hugo, Hexo, Pelican or WordPress into content/news/"


def add_import_parser(commands) -> argparse.ArgumentParser:
    """Add ``import SOURCE [--from KIND] [--dry-run] [--site DIR] [--uploads DIR]`` to ``commands``
    (the object ``ArgumentParser.add_subparsers`` returns); returns the new parser."""
    parser = commands.add_parser(
        "import", help=HELP,
        description="Convert another generator's posts into this site's content/news/ (pages into "
                    "content/pages/), never overwriting a file. Example: .venv/bin/python build.py import ../altes-blog --dry-run")
    parser.add_argument("source", metavar="SOURCE", help="the old site's folder (or a WordPress .xml export)")
    parser.add_argument("--from", dest="kind", metavar="KIND", default=None,
                        help=f"the generator that made SOURCE: {', '.join(KINDS)} (default: detected)")
    parser.add_argument("--dry-run", action="store_true", help="write nothing, print the same report")
    parser.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder to import into (default: the current folder)")
    parser.add_argument("--uploads", type=Path, default=None, metavar="DIR",
                        help="WordPress: a local copy of wp-content/uploads (never downloaded)")
    return parser


def import_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the import the parsed ``args`` ask for, print its report; returns the exit code."""
    from sitegen.importer.run import Request, import_archive
    out, err = out or sys.stdout, err or sys.stderr
    request = Request(args.source, getattr(args, "kind", None), Path(getattr(args, "site", ".")),
                      bool(getattr(args, "dry_run", False)), getattr(args, "uploads", None))
    result = import_archive(request)
    if result.usage:
        say(err, result.usage)
    for line in result.lines:
        say(out, line)
    return result.code
