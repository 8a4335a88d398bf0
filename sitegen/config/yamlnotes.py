"""Warnings for what YAML silently drops or changes in a value.

An editor writes ``title: Gold steigt # Rekord`` and YAML reads ``Gold
steigt``; ``&Co`` becomes an anchor, ``!wichtig`` a tag, ``~`` no value, and
``"C:\\new"`` a line break.  Each is reported at its line with the quoted
spelling that keeps the text (YAML 1.2, sections 6.6 comments, 6.9 node
properties, 7.3.1 double-quoted escapes, 10.1 failsafe schema).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from sitegen.problems import Problem, warning

KEY_VALUE = re.compile(r"^(\s*-?\s*[\w-]+):\s+(.+?)\s*$")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPE_NAMES = {"n": "a line break", "r": "a line break", "t": "a Tab", "0": "a NUL character",
                 "N": "a line break", "L": "a line break", "P": "a line break"}
_NULL_WORDS = {"~", "null", "Null", "NULL"}


def quote_hint(source_line: str) -> str:
    """``put the value in double quotes: key: "value"`` for a ``key: value`` line.

    Backslashes and quotes are escaped so the hint is valid YAML; a line that
    is ``- value`` gets the quoted entry, any other line a general hint.
    """
    match = KEY_VALUE.match(source_line)
    if not match:
        item = source_line.strip()
        if item.startswith("- ") and item[2:].strip():
            escaped = item[2:].strip().replace("\\", "\\\\").replace('"', '\\"')
            return f'put the value in double quotes: - "{escaped}"'
        return "check the quoting and indentation of this line"
    key, value = match.groups()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'put the value in double quotes: {key.strip()}: "{escaped}"'


def _single_quote_hint(source_line: str) -> str:
    match = KEY_VALUE.match(source_line)
    if not match:
        return "for a backslash write \\\\, or use single quotes"
    key, value = match.groups()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return f"for a backslash write \\\\, or use single quotes: {key.strip()}: '{value.replace(chr(39), chr(39) * 2)}'"


def line_starts(text: str) -> list[int]:
    """The character offsets where the lines of ``text`` start (split at LF only)."""
    return [0] + [match.end() for match in re.finditer("\n", text)]


def line_of(starts: list[int], index: int) -> int:
    """The 0-based line of character ``index``, counting LF only.

    libyaml also breaks lines at CR, NEL, U+2028 and U+2029 (YAML 1.1's line
    breaks), so its marks' ``line`` can differ from the line an editor
    shows; the character ``index`` of a mark cannot.
    """
    return bisect.bisect_right(starts, index) - 1


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


class Notes:
    """Collects the warnings of one document (``problems``).

    ``text`` is the YAML text whose first line is file line ``first``;
    ``text_notes`` switches on the warnings about a value's text (a comment
    after a plain value, ``~``/``null``, escapes making control characters):
    on for front matter, which editors write; off for config.yaml, where
    comments and ``~`` are common idioms and whose reader checks the
    characters of each value itself.  Tags and unused anchors are always
    reported.
    """

    def __init__(self, text: str, path: str, first: int, text_notes: bool):
        self.text, self.lines = text, text.split("\n")
        self.starts = line_starts(text)
        self.path, self.first, self.text_notes = path, first, text_notes
        self.problems: list[Problem] = []

    def line_at(self, index: int) -> int:
        """The file line of character ``index`` of the text (see ``line_of``)."""
        return self.first + line_of(self.starts, index)

    def source(self, line: int) -> str:
        """The text of file line ``line`` ("" outside the document)."""
        index = line - self.first
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def warn(self, line: int, message: str, hint: str) -> None:
        """Record a warning at file line ``line``."""
        self.problems.append(warning(self.path, line, message, hint))

    def tag(self, event, line: int) -> None:
        """A tag (``!foo``, ``!!str``) given on a value: it is ignored."""
        if event.tag:
            self.warn(line, f"the YAML tag '{event.tag}' is ignored; every value is read as text",
                      quote_hint(self.source(line)))

    def unused_anchor(self, name: str, line: int) -> None:
        """An ``&name`` no alias refers to: the editor probably meant it as text."""
        self.warn(line, f"'&{name}' is read as a YAML anchor and is not part of the text",
                  quote_hint(self.source(line)))

    def scalar(self, event, line: int, plain: bool) -> None:
        """Warnings for one value scalar (not a key): null words, comments, escapes."""
        if not self.text_notes:
            return
        if plain and event.value in _NULL_WORDS:
            self.warn(line, f"'{event.value}' means \"no value\" in YAML, so this value is empty",
                      quote_hint(self.source(line)))
        if plain:
            self._comment(event)
        if event.style == '"' and any(_is_control(c) for c in event.value):
            self._escape(event, line)

    def _comment(self, event) -> None:
        end = event.end_mark.index
        stop = self.text.find("\n", end)
        rest = self.text[end: stop if stop >= 0 else len(self.text)]
        if rest[:1] in (" ", "\t") and rest.strip().startswith("#"):
            line = self.line_at(end)
            self.warn(line, "the text after ' #' is a YAML comment and is not part of the value",
                      quote_hint(self.source(line)))

    def _escape(self, event, line: int) -> None:
        """A one-letter escape making a control character: a backslash meant
        literally (``C:\\new``, ``\\temp``).  ``\\x..``/``\\u....`` codes are
        deliberate and left to the stage that reads the value."""
        raw = self.text[event.start_mark.index: event.end_mark.index]
        for match in _ESCAPE.finditer(raw):
            code = match.group(1)
            if code in _ESCAPE_NAMES or code in "abvfe":
                what = _ESCAPE_NAMES.get(code, "a control character")
                self.warn(line, f"in double quotes, \\{code} is read as {what}",
                          _single_quote_hint(self.source(line)))
                return
