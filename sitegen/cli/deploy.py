"""The ``deploy`` command's command line: ``add_parser(commands)`` and ``run(args)``.

The work is ``deploy.runner.deploy``; see README, Commands.
"""

from __future__ import annotations

import argparse
import sys

from sitegen.cli import siteconfig

EXAMPLES = """examples:
  .venv/bin/python build.py build && .venv/bin/python build.py deploy --dry-run
  .venv/bin/python build.py deploy --target /var/www/site
  .venv/bin/python build.py deploy --target user@host:/var/www/site
  .venv/bin/python build.py deploy --target git:git@github.com:verlag/site.git#gh-pages

exit codes: 0 deployed (or nothing to do), 1 config errors or too many removals, 2 environment errors"""


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``deploy`` to ``commands`` (the subparsers of build.py); returns its parser."""
    p = commands.add_parser(
        "deploy", help="copy the built site to a folder, a host (rsync) or a git branch",
        description="Copy output/, as the last complete build published it, to deploy.target in config.yaml: "
                    "a folder or host over rsync, or a git branch. Compares by content and lists every file it "
                    "adds, changes or deletes.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    siteconfig.add_config_option(p)
    p.add_argument("--output", metavar="DIR", default=argparse.SUPPRESS,
                   help="the built folder to deploy (default: output_dir in config, output/)")
    p.add_argument("--target", metavar="TARGET",
                   help="where to deploy, instead of deploy.target: /path, [user@]host:/path, rsync://host/module/path "
                        "or git:<url-or-path>#<branch>")
    p.add_argument("--dry-run", "-n", action="store_true", help="list what would change; change nothing")
    p.add_argument("--allow-removals", action="store_true",
                   help="deploy even when more article pages would disappear than the limit "
                        "(deploy.removal_limit; default: 10%% of the articles or 20)")
    p.add_argument("--force", action="store_true",
                   help="commit on top of a git branch whose last commit was not made by deploy (history is kept)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``deploy`` with the parsed ``args``; returns the exit code."""
    from sitegen.deploy.runner import DeployOptions, deploy
    options = DeployOptions(siteconfig.config_path(args), getattr(args, "output", None),
                            args.target, args.dry_run, args.allow_removals, args.force)
    return deploy(options, sys.stdout, sys.stderr)
