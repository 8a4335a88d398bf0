"""``build.py --version``: ``build.py (sitegen) 0.1.0``.

The version is ``[project] version`` of the ``pyproject.toml`` beside
``build.py`` (the checkout being run is the truth); without that file, the
installed distribution's metadata (``importlib.metadata``); else ``unknown``.
Read only when ``--version`` is given, so a normal start pays nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def version(pyproject: Path = PYPROJECT) -> str:
    """The generator's version string, e.g. ``0.1.0`` (see the module docstring for the sources)."""
    import tomllib
    try:
        with pyproject.open("rb") as handle:
            found = tomllib.load(handle).get("project", {}).get("version")
        if isinstance(found, str) and found:
            return found
    except (OSError, tomllib.TOMLDecodeError):
        pass
    from importlib import metadata
    try:
        return metadata.version("sitegen")
    except metadata.PackageNotFoundError:
        return "unknown"


class VersionAction(argparse.Action):
    """``--version``: print ``<prog> (sitegen) <version>`` to stdout and exit 0."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0,
                         help=help or "print the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} (sitegen) {version()}", file=sys.stdout, flush=True)
        parser.exit(0)


def add_version(parser: argparse.ArgumentParser) -> None:
    """Add ``--version`` to the top-level ``parser``."""
    parser.add_argument("--version", action=VersionAction)
