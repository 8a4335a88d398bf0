"""Split a source into its YAML front matter and its Markdown body.

The front matter is the text between a first line holding only ``---`` and
the next such line (as Jekyll and Hugo read it).  Lines are counted in the
file, the opening ``---`` being line 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.content import formats
from sitegen.problems import Problem, error, warning


@dataclass(frozen=True)
class Split:
    """A source split at its front matter.

    ``yaml`` is the text between the ``---`` lines, starting at file line 2;
    ``body`` is the Markdown after the closing line; ``body_line`` is the
    file line of the body's first line.
    """

    yaml: str
    body: str
    body_line: int


def split_source(text: str, path: str) -> tuple[Split | None, list[Problem]]:
    """Split normalised source text (LF, no BOM) at its front matter.

    The file must start with a line holding only ``---``; the front matter
    ends at the next such line.  Returns ``(split, problems)``: an error for
    a missing or unclosed front matter (naming the format when it is TOML,
    JSON, Pandoc, MultiMarkdown or Org, see ``formats``) or a ``...`` line
    inside it; a warning when the body starts with more front matter keys.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [_no_front_matter(lines, path)]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "...":
            return None, [error(path, index + 1, "'...' ends the YAML here, before the closing --- line",
                                "remove this line; the front matter ends at a line containing only ---")]
        if lines[index].rstrip() == "---":
            body = "\n".join(lines[index + 1:])
            return Split("\n".join(lines[1:index]), body, index + 2), _stray_keys(lines, index, path)
    return None, [error(path, 1, "the front matter is never closed",
                        "add a line containing only --- after the last key")]


_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")


def _no_front_matter(lines: list[str], path: str) -> Problem:
    """The error for a file not starting with ``---``: its format, or a late ``---``."""
    foreign = formats.foreign_format(lines)
    if foreign:
        return error(path, 1, *foreign)
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if lines[first].rstrip() == "---" and first > 0:
        return error(path, first + 1, "the front matter must start on line 1",
                     f"delete the {first} empty line{'s' if first > 1 else ''} above it")
    return error(path, 1, "the file has no front matter",
                 "start the file with a line containing only ---, then title: and date:, then ---")


def _stray_keys(lines: list[str], close: int, path: str) -> list[Problem]:
    """A warning when the body's first lines are ``key: value`` lines ending
    in ``---``: front matter closed too early (or given twice), which Markdown
    would show as a heading."""
    start = close + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    first = start + 1 if start < len(lines) and lines[start].rstrip() == "---" else start
    end = first
    while end < len(lines) and _KEY_LINE.match(lines[end]):
        end += 1
    if end == first or end >= len(lines) or lines[end].rstrip() != "---":
        return []
    return [warning(path, first + 1, "these key: value lines after the front matter are shown as text",
                    f"move them above the closing --- on line {close + 1}")]
