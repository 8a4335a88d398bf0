"""YAML without implicit typing: every scalar stays the text the editor wrote.

PyYAML's constructors apply YAML 1.1's implicit types (``14:48`` → 888,
``no`` → False, ``18.000`` → 18.0).  We only *compose* the document with
libyaml (``CSafeLoader``) and keep each scalar's source text; the stage that
knows a key's type converts it (see ``frontmatter`` and ``config``).  This is
the YAML 1.2 "failsafe schema" (YAML 1.2, section 10.1): strings, sequences,
mappings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

import yaml

from sitegen.problems import Problem, error

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Value = Union[None, str, list, dict]


@dataclass(frozen=True)
class Node:
    """One YAML value with the file line it starts on (1-based).

    ``value`` is ``None`` (empty, ``~`` or ``null``), a ``str`` (the scalar's
    text, quotes removed), a ``list[Node]`` or a ``dict[str, Node]``.
    ``quoted`` is True for a quoted scalar.
    """

    value: Value
    line: int
    quoted: bool = False


def to_plain(node: Node | None) -> Any:
    """A ``Node`` tree as plain str/list/dict/None values (for templates); None → {}."""
    if node is None:
        return {}
    if isinstance(node.value, dict):
        return {k: to_plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [to_plain(v) for v in node.value]
    return node.value


_NULLS = {"", "~", "null", "Null", "NULL"}


def parse_yaml(text: str, path: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into ``Node`` values.

    ``first_line`` is the file line of the document's first line, so every
    line in a ``Node`` or ``Problem`` is counted in the file (1-based).
    Returns ``(root, problems)``; ``root`` is None when the YAML is invalid
    or empty.  Duplicate keys and non-text keys are errors.
    """
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, path, first_line)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks
        return None, [error(path, first_line, f"invalid YAML: {exc}")]
    if root is None:
        return None, []
    problems: list[Problem] = []
    return _convert(root, path, first_line, problems), problems


def _convert(node: yaml.Node, path: str, first: int, problems: list[Problem]) -> Node:
    line = first + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        quoted = node.style in ("'", '"', "|", ">")
        if not quoted and node.value in _NULLS:
            return Node(None, line)
        return Node(node.value, line, quoted)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(n, path, first, problems) for n in node.value], line)
    mapping: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key_line = first + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(path, key_line, "a key must be plain text"))
            continue
        key = key_node.value
        if key in mapping:
            problems.append(error(
                path, key_line, f"duplicate key '{key}'",
                f"it was first given on line {mapping[key].line}; keep one of them"))
            continue
        value = _convert(value_node, path, first, problems)
        mapping[key] = Node(value.value, key_line, value.quoted)
    return Node(mapping, line)


_INDICATORS = set("@`*&!|>%")
_KEY_VALUE = re.compile(r"^(\s*-?\s*[\w-]+):\s+(.+?)\s*$")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, first: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    lines = text.split("\n")
    index = min(mark.line, len(lines) - 1) if mark else 0
    source_line = lines[index] if lines else ""
    reason = exc.problem or exc.context or "syntax error"
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in reason:
        return error(path, first + index, "invalid YAML: a Tab is used for indentation",
                     "indent with spaces, not Tab characters")
    return error(path, first + index, f"invalid YAML: {_explain(reason, source_line)}",
                 _quote_hint(source_line))


def _explain(reason: str, source_line: str) -> str:
    match = _KEY_VALUE.match(source_line)
    value = match.group(2) if match else ""
    if value[:1] in _INDICATORS:
        return f"a value cannot start with '{value[0]}' unless it is quoted ({reason})"
    if ": " in value:
        return f"a value containing ': ' must be quoted ({reason})"
    return reason


def _quote_hint(source_line: str) -> str:
    match = _KEY_VALUE.match(source_line)
    if not match:
        return "check the quoting and indentation of this line"
    key, value = match.groups()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'put the value in double quotes: {key.strip()}: "{escaped}"'
