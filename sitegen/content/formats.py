"""Recognise front matter written in another format than YAML.

Hugo also reads TOML between ``+++`` lines and JSON starting with ``{``;
Pandoc a ``%`` title block, MultiMarkdown and Pelican ``Key: value`` lines
without delimiters, Org mode ``#+TITLE:`` lines.  This site reads only YAML
between ``---`` lines (Jekyll, Hugo, Zola's YAML form), so such a file is told
which format it is in and how the first key looks in YAML, instead of being
told it "has no front matter".  (Sources: gohugo.io/content-management/front-matter,
pandoc.org/MANUAL.html#metadata-blocks, fletcher.github.io/MultiMarkdown-6/syntax/metadata,
docs.getpelican.com/en/latest/content.html, orgmode.org/manual/In_002dbuffer-Settings.)
"""

from __future__ import annotations

import re

_TOML = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$")
_JSON = re.compile(r'^\s*\{?\s*"([^"]+)"\s*:\s*(.*?)\s*,?\s*\}?\s*$')
_META = re.compile(r"^([A-Za-z][\w -]{0,30}):\s+(\S.*?)\s*$")
_ORG = re.compile(r"^#\+([A-Za-z_]+):\s*(.*?)\s*$")
_SCAN_LINES = 30


def foreign_format(lines: list[str]) -> tuple[str, str] | None:
    """``(message, hint)`` when ``lines`` (a source's lines, LF split) start
    with front matter in a format this site does not read, else None.

    The message names the format, the one-line hint shows the first key
    (``title`` preferred) as YAML.
    """
    first = lines[0].strip() if lines else ""
    head = lines[:_SCAN_LINES]
    if first == "+++":
        return _told("TOML (between +++ lines)", _pairs(head[1:], _TOML))
    if first.startswith("{"):
        return _told("JSON (in { })", _pairs(head[1:] if first == "{" else head, _JSON))
    if first.startswith("%"):
        return _told("a Pandoc title block (% lines)", [("title", first[1:].strip())])
    if _ORG.match(first):
        return _told("Org mode (#+KEY: lines)", _pairs(head, _ORG))
    if _META.match(first):
        return _told("MultiMarkdown/Pelican metadata (Key: value lines without ---)", _pairs(head, _META))
    return None


def _pairs(lines: list[str], pattern: re.Pattern) -> list[tuple[str, str]]:
    """``(key, value)`` of the lines matching ``pattern``, up to the first other line."""
    pairs = []
    for line in lines:
        match = pattern.match(line)
        if not match:
            break
        pairs.append((match.group(1).lower(), match.group(2).strip().strip(",").strip('"').strip("'")))
    return pairs


def _told(name: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    key, value = next((p for p in pairs if p[0] == "title"), pairs[0] if pairs else ("title", "…"))
    example = value.replace("\\", "\\\\").replace('"', '\\"') or "…"
    return (f"the front matter is {name}; this site reads YAML between --- lines",
            f'write it as a line ---, then {key}: "{example}" and the other keys as key: value, then a line ---')
