"""YAML without implicit typing: every scalar stays the text the editor wrote.

PyYAML's constructors apply YAML 1.1's implicit types (``14:48`` → 888,
``no`` → False, ``18.000`` → 18.0).  We only *parse* the document with
libyaml (``CSafeLoader``) and build ``Node`` values from its events
(``yamlbuild``), keeping each scalar's source text; the stage that knows a
key's type converts it (see ``frontmatter`` and ``config``).  This is the
YAML 1.2 "failsafe schema" (YAML 1.2, section 10.1): strings, sequences,
mappings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from sitegen.config.yamlbuild import Builder, parse_events
from sitegen.config.yamlnode import Node, Value
from sitegen.config.yamlnotes import KEY_VALUE, line_of, line_starts, quote_hint
from sitegen.problems import Problem, error

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A config.yaml holds a few hundred values; front matter a few dozen
# (``frontmatter.MAX_VALUES``).  Past this, the YAML is refused.
CONFIG_MAX_VALUES = 100_000

__all__ = ["Node", "Value", "parse_yaml", "to_plain", "CONFIG_MAX_VALUES"]


def to_plain(node: Node | None) -> Any:
    """A ``Node`` tree as plain str/list/dict/None values (for templates); None → {}."""
    if node is None:
        return {}
    if isinstance(node.value, dict):
        return {k: to_plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [to_plain(v) for v in node.value]
    return node.value


def parse_yaml(text: str, path: str, first_line: int, max_values: int = CONFIG_MAX_VALUES,
               text_notes: bool = False) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into ``Node`` values.

    ``first_line`` is the file line of the document's first line, so every
    line in a ``Node`` or ``Problem`` is counted in the file (1-based).
    ``max_values`` bounds the values (aliases expanded); ``text_notes`` warns
    about text YAML changes (``yamlnotes.Notes``).  Returns ``(root, problems)``;
    ``root`` is None when the YAML is invalid or empty.  Duplicate keys,
    non-text keys, nesting deeper than ``yamlbuild.MAX_DEPTH`` and self-
    referring aliases are errors; dropped text is a warning (``yamlnotes``).
    """
    odd = _ODD_BREAK.search(text)
    if odd:
        return None, [_odd_break_problem(odd, text, path, first_line)]
    builder = Builder(text, path, first_line, max_values, text_notes)
    try:
        parse_events(text, builder, Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [p for p in builder.problems if p.is_error] + [_syntax_problem(exc, text, path, first_line)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, path, first_line)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks
        return None, [error(path, first_line, "invalid YAML: " + str(exc).split("\n")[0])]
    if any(p.is_error for p in builder.problems):
        return None, builder.problems
    return builder.root, builder.problems


# YAML 1.1 (which libyaml follows) also breaks lines at CR, NEL, U+2028 and
# U+2029; editors show none of them as a line break, so YAML would split or
# fold the text where the editor sees none.
_ODD_BREAK = re.compile("[\r\x85\u2028\u2029]")
_BREAK_NAMES = {"\r": "a carriage return (CR)", "\x85": "the line break NEL (U+0085)",
                "\u2028": "the line separator U+2028", "\u2029": "the paragraph separator U+2029"}


def _odd_break_problem(match: re.Match, text: str, path: str, first: int) -> Problem:
    """An error for an invisible line break character, at its line."""
    line = first + text.count("\n", 0, match.start())
    return error(path, line, f"this line holds {_BREAK_NAMES[match.group()]}, which YAML reads as a line break",
                 "delete it; it is invisible in most editors and often comes with text copied from Word or the web")


def _reader_problem(exc, text: str, path: str, first: int) -> Problem:
    """A character YAML does not allow (a control character), at its line."""
    line = first + text.count("\n", 0, max(exc.position, 0))
    return error(path, line, f"the character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
                 "delete it; it is invisible in most editors")


_INDICATORS = set("@`*&!|>%")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, first: int) -> Problem:
    lines, starts = text.split("\n"), line_starts(text)
    reason = exc.problem or exc.context or "syntax error"
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        index = min(line_of(starts, exc.context_mark.index), len(lines) - 1)
        return error(path, first + index, "invalid YAML: a quoted value is never closed",
                     "end it with the same quote mark on this line, or write a quote inside as \\\" or ''")
    index = min(line_of(starts, mark.index), len(lines) - 1) if mark else 0
    source_line = lines[index] if lines else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in reason:
        return error(path, first + index, "invalid YAML: a Tab is used for indentation",
                     "indent with spaces, not Tab characters")
    return error(path, first + index, f"invalid YAML: {_explain(reason, source_line)}",
                 _hint(reason, source_line))


def _explain(reason: str, source_line: str) -> str:
    match = KEY_VALUE.match(source_line)
    value = match.group(2) if match else ""
    if value[:1] in _INDICATORS:
        return f"a value cannot start with '{value[0]}' unless it is quoted ({reason})"
    if ": " in value:
        return f"a value containing ': ' must be quoted ({reason})"
    return reason


def _hint(reason: str, source_line: str) -> str:
    match = KEY_VALUE.match(source_line)
    value = match.group(2) if match else ""
    if match and (value[:1] in _INDICATORS or ": " in value or "escape" in reason or set(value) & set("\"'[]{}#")):
        return quote_hint(source_line)
    return "check the indentation: keys of one mapping start in the same column, list entries with '- '"
