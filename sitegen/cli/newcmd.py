"""The ``new`` command: start an article (or a page) from the archetype.

    .venv/bin/python build.py new "Goldpreis steigt über 2.400 Dollar"
    .venv/bin/python build.py new --page "Über uns"

Writes ``content/news/YYYY-MM-DD-<slug>.md`` dated now in site time, rounded
up to the next quarter hour, with ``draft: true`` (a page:
``content/pages/<slug>.md``), and prints its path on stdout.  Never
overwrites a file.  Exit codes: 0 written, 1 the file exists or the config
or archetype has errors, 2 usage (a title without letters) or environment.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from sitegen.cli import siteconfig
from sitegen.cli.messages import plural, say, shown
from sitegen.newsroom.clock import now_argument

MAX_TITLE = 300  # characters; a headline is rarely longer than 120
EXAMPLES = """examples:
  .venv/bin/python build.py new "Goldpreis steigt über 2.400 Dollar"
  .venv/bin/python build.py new --page "Über uns"
  .venv/bin/python build.py new "Gold steigt" --now "2024-04-25 14:48"   dated 25.04.2024, 15:00
  .venv/bin/python build.py new -- "-5 % beim DAX"                         a title that starts with -"""


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``new TITLE [--page] [--config PATH] [--now TIME]`` to ``commands``
    (the object ``ArgumentParser.add_subparsers`` returns); returns the parser."""
    parser = commands.add_parser(
        "new", help="start a new article (draft) from the archetype",
        description="Write content/news/YYYY-MM-DD-<slug>.md from archetypes/article.md (or the theme's), "
                    "dated now rounded up to the next quarter hour, with draft: true; never overwrites a file. "
                    "Remove the draft line to publish it.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("title", metavar="TITLE", type=title_argument, help="the headline, in quotes")
    parser.add_argument("--page", action="store_true",
                        help="a page in content/pages/<slug>.md (archetypes/page.md) instead of an article")
    siteconfig.add_config_option(parser)
    parser.add_argument("--now", type=now_argument, metavar='"YYYY-MM-DD HH:MM"', default=argparse.SUPPRESS,
                        help='date the article as if it were this time (site time zone), e.g. "2024-04-25 14:48"')
    parser.set_defaults(run=run)
    return parser


def title_argument(text: str) -> str:
    """argparse type of TITLE: the stripped title; raises
    ``argparse.ArgumentTypeError`` for an empty, overlong or multi-line title
    or one that gives no slug (no letter or digit)."""
    from sitegen.content.slugs import slugify
    title = unicodedata.normalize("NFC", text).strip()
    if any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in title):
        raise argparse.ArgumentTypeError("the title has a line break or control character — write it on one line")
    if len(title) > MAX_TITLE:
        raise argparse.ArgumentTypeError(f"the title has {len(title)} characters, more than {MAX_TITLE} "
                                         "— shorten it (a headline is best under 80)")
    if not slugify(title):
        raise argparse.ArgumentTypeError(f"the title '{title}' has no letters or digits for its URL "
                                         "— use words, e.g. \"Gold steigt\"")
    return title


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the new article or page ``args`` ask for; returns the exit code."""
    from sitegen.problems import format_problem
    out, err = out or sys.stdout, err or sys.stderr
    config, problems, code = siteconfig.load_for_command("new", siteconfig.config_path(args), err,
                                                         "; nothing was written")
    if config is None:
        return code
    for problem in problems:
        say(err, format_problem(problem))
    code, written = _write(config, args, err)
    if written is not None:
        say(out, shown(written.resolve(), Path.cwd()))
    return code


def _write(config, args: argparse.Namespace, err: TextIO) -> tuple[int, Path | None]:
    """Fill the archetype and create the file; returns (exit code, path written or None)."""
    from sitegen.content.slugs import slugify
    from sitegen.newsroom.archetype import check, fill, find_archetype
    from sitegen.newsroom.clock import next_quarter
    from sitegen.problems import format_problem, has_errors
    from sitegen.site.visibility import now_in
    kind = "page" if args.page else "article"
    when = next_quarter(now_in(config, getattr(args, "now", None)))
    slug = slugify(args.title)
    rel = f"content/pages/{slug}.md" if args.page else f"content/news/{when:%Y-%m-%d}-{slug}.md"
    archetype, problems = find_archetype(config.root, config.theme, kind)
    if archetype is not None:
        text, problems = fill(archetype, args.title, when, slug)
        problems += [] if problems else check(text, archetype, rel, kind, config.zone)
    for problem in problems:
        say(err, format_problem(problem))
    if archetype is None or has_errors(problems):
        say(err, f"new failed: the archetype has {plural(sum(p.is_error for p in problems), 'error')}; "
                 "nothing was written")
        return 1, None
    target = config.root / rel
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        say(err, f"error: {rel} already exists — edit that file, or choose another title; nothing was written")
        return 1, None
    except OSError as exc:
        say(err, f"error: cannot write {rel} ({exc.strerror or exc}) — check the folder's permissions and free space")
        return 2, None
    return 0, target
