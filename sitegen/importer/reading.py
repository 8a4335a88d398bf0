"""Split a source post into front matter and body, in any of four formats.

Formats: YAML between ``---`` lines (Jekyll, Hugo, Hexo; Hexo also allows a
missing opening ``---``), TOML between ``+++`` lines (Hugo; stdlib
``tomllib``), JSON as a leading ``{ … }`` object (Hugo), and Pelican's
``Key: value`` header lines ending at the first blank line.  Values come back
as plain Python values: YAML scalars stay the text written (no implicit
typing, as ``sitegen.config.yamltext``), TOML dates become ``date`` /
``datetime`` objects.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES, MAX_DEPTH = 10_000, 50
_NULLS = {"", "~", "null", "Null", "NULL"}
_HEXO_KEY = re.compile(r"^[A-Za-z_][\w-]*:")
_PELICAN_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_ -]*):\s?(.*)$")


class ReadError(ValueError):
    """A post whose front matter cannot be read; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


@dataclass(frozen=True)
class Post:
    """One source file read: ``meta`` maps each key (as written) to its value,
    ``lines`` maps each key to its 1-based file line; ``body`` is the text after
    the front matter, starting at file line ``body_line``; ``duplicates`` names
    keys given twice (the last one wins, as in the source generator)."""

    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    duplicates: tuple[str, ...] = field(default=())


def normalise(raw: bytes) -> str:
    """UTF-8 bytes → text without BOM and with LF line ends; raises ``UnicodeDecodeError``."""
    text = raw.decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_post(text: str, pelican: bool = False, hexo: bool = False) -> Post:
    """Split normalised ``text``; raises ``ReadError`` for unreadable front matter.

    ``hexo``: the opening ``---`` may be missing (Hexo's own format).  A file
    without any front matter gives an empty ``meta`` (the caller decides).
    """
    lines = text.split("\n")
    first = lines[0].strip()
    if first in ("---", "+++"):
        for index in range(1, len(lines)):
            if lines[index].rstrip() == first:
                inner, body = "\n".join(lines[1:index]), "\n".join(lines[index + 1:])
                if first == "+++":
                    return _toml(inner, body, index + 2)
                return _yaml(inner, body, index + 2, 2)
        raise ReadError(1, f"the front matter opened with {first} is never closed", f"add a line with only {first}")
    if first.startswith("{"):
        return _json(text)
    if pelican:
        return _pelican(lines)
    if hexo and _HEXO_KEY.match(lines[0]) and "---" in (line.rstrip() for line in lines):
        index = [line.rstrip() for line in lines].index("---")
        return _yaml("\n".join(lines[:index]), "\n".join(lines[index + 1:]), index + 2, 1)
    return Post({}, {}, text, 1)


def _yaml(inner: str, body: str, body_line: int, first_line: int) -> Post:
    try:
        root = yaml.compose(inner, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        raise ReadError(line, f"the YAML front matter is invalid: {exc.problem}",
                        "fix this line in the source and import again") from None
    except yaml.YAMLError as exc:
        raise ReadError(first_line, f"the YAML front matter is invalid: {str(exc).splitlines()[0]}",
                        "remove control characters from the front matter") from None
    if root is None:
        return Post({}, {}, body, body_line)
    if not isinstance(root, yaml.MappingNode):
        raise ReadError(first_line, "the front matter is not a list of keys with values",
                        "write it as key: value lines")
    meta, lines, dups = {}, {}, []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key in meta:
            dups.append(key)
        meta[key] = _plain(value_node, [MAX_NODES])
        lines[key] = first_line + key_node.start_mark.line
    return Post(meta, lines, body, body_line, tuple(dups))


def _plain(node: yaml.Node, budget: list[int], depth: int = 0) -> Any:
    """A composed YAML node as str/list/dict/None, scalars as written.

    ``budget`` ([nodes left]) and ``depth`` bound the work: YAML aliases can
    repeat a node exponentially often or point back to themselves.
    """
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise ReadError(1, "the front matter is too large or nested too deeply (YAML aliases?)",
                        "write the values out without & and * aliases")
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, budget, depth + 1) for item in node.value]
    return {str(k.value): _plain(v, budget, depth + 1) for k, v in node.value}


def _toml(inner: str, body: str, body_line: int) -> Post:
    try:
        meta = tomllib.loads(inner)
    except RecursionError:
        raise ReadError(2, "the TOML front matter is nested too deeply", "write the values out flat") from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = 1 + int(match.group(1)) if match else 2
        raise ReadError(line, f"the TOML front matter is invalid: {str(exc).split(' (at')[0]}",
                        "fix this line in the source and import again") from None
    return Post(meta, _key_lines(inner, 2, r"^\s*([A-Za-z0-9_-]+)\s*="), body, body_line)


def _json(text: str) -> Post:
    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise ReadError(exc.lineno, f"the JSON front matter is invalid: {exc.msg}",
                        "fix this line in the source and import again") from None
    except RecursionError:
        raise ReadError(1, "the JSON front matter is nested too deeply", "write the values out flat") from None
    if not isinstance(meta, dict):
        raise ReadError(1, "the JSON front matter is not an object", 'write it as {"title": "…"}')
    head = text[:end]
    body = text[end:].removeprefix("\n")
    lines = _key_lines(head, 1, r'^\s*"([^"]+)"\s*:')
    return Post(meta, lines, body, head.count("\n") + 2)


def _pelican(lines: list[str]) -> Post:
    meta, where = {}, {}
    for index, line in enumerate(lines):
        match = _PELICAN_KEY.match(line)
        if not line.strip() or not match:
            break
        key = match.group(1).strip().lower()
        meta[key], where[key] = match.group(2).strip() or None, index + 1
    else:
        index = len(lines)
    if not meta:
        return Post({}, {}, "\n".join(lines), 1)
    start = index + 1 if index < len(lines) and not lines[index].strip() else index
    return Post(meta, where, "\n".join(lines[start:]), start + 1)


def _key_lines(text: str, first_line: int, pattern: str) -> dict[str, int]:
    found: dict[str, int] = {}
    regex = re.compile(pattern)
    for number, line in enumerate(text.split("\n")):
        match = regex.match(line)
        if match:
            found.setdefault(match.group(1), first_line + number)
    return found
