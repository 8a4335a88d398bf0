"""How the command line talks: one line per message, plurals, the summary line.

Problems go to stderr as ``path:line: message — hint`` (``problems.format_problem``);
the one summary line, and the lines that belong to it, go to stdout.
"""

from __future__ import annotations

from typing import TextIO


def say(stream: TextIO, text: str) -> None:
    """Print one line to ``stream`` and flush it (a log or a pipe sees it at once)."""
    print(text, file=stream, flush=True)


def plural(count: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def shown(target, root) -> str:
    """``target`` relative to the site folder when it is inside it (``output``), else absolute."""
    try:
        return target.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(target)
