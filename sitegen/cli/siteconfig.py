"""What the commands that read ``config.yaml`` share: the ``--config`` option
and loading the config with the same one-line messages and exit codes.

Used by ``new``, ``schedule``, ``check`` and ``deploy`` (``build``/``serve``
load it in ``engine.Engine``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from sitegen.cli.messages import plural, say

DEFAULT_CONFIG = Path("config.yaml")


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--config PATH`` to ``parser``; absent from the namespace when not
    given (read it with ``config_path(args)``)."""
    parser.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                        help="config file (default: config.yaml)")


def config_path(args: argparse.Namespace) -> Path:
    """The ``--config`` path of ``args``, else ``config.yaml`` (relative to the working folder)."""
    return getattr(args, "config", DEFAULT_CONFIG)


def load_for_command(command: str, path: Path, err: TextIO, after: str = "") -> tuple[object, list, int]:
    """Load the config at ``path`` for ``command`` (``new``, ``deploy`` …).

    Returns ``(config, problems, code)``: ``code`` 0 with the config and its
    warnings (not printed: the caller prints them with its own); 2 with no
    config when the file cannot be read; 1 with no config when it has errors,
    which are printed to ``err`` followed by ``<command> failed: N errors in
    <path><after>``.  Raises nothing for a bad or missing file.
    """
    from sitegen.config.settings import load_config
    from sitegen.problems import format_problem
    try:
        config, problems = load_config(path)
    except OSError as exc:
        say(err, f"{path}: cannot read the config file ({exc.strerror}) "
                 "— run from the site folder or pass --config PATH")
        return None, [], 2
    if config is None:
        for problem in problems:
            say(err, format_problem(problem))
        say(err, f"{command} failed: {plural(sum(p.is_error for p in problems), 'error')} in {path}{after}")
        return None, problems, 1
    return config, problems, 0
