"""Problem records: every error or warning a build finds, with file and line.

Stages never print and rarely raise; they return ``Problem`` records, and the
command line formats them in one place (``format_problem``).  The format is
``path:line: message — hint``, as compilers and Hugo print it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the site's sources, config or templates.

    ``path`` is relative to the project root with ``/`` separators (e.g.
    ``content/news/gold.md``); ``line`` is 1-based, counted in that file with
    the opening ``---`` as line 1, or 0 when no line applies.
    """

    path: str
    line: int
    severity: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        """True for errors (the build fails), False for warnings."""
        return self.severity == ERROR


def error(path: str, line: int, message: str, hint: str = "") -> Problem:
    """Return an error ``Problem``; see ``Problem`` for the shapes."""
    return Problem(path, line, ERROR, message, hint)


def warning(path: str, line: int, message: str, hint: str = "") -> Problem:
    """Return a warning ``Problem``; see ``Problem`` for the shapes."""
    return Problem(path, line, WARNING, message, hint)


def format_problem(problem: Problem) -> str:
    """Format one problem as ``path:line: message — hint``.

    Warnings get a ``warning: `` prefix so an editor can tell them apart;
    the line is left out when it is 0.  A message or hint longer than
    ``MAX_PART`` characters (a long value quoted in it) is cut there.
    Every line break or other control character in the path, message or
    hint is printed escaped (``\\n``, ``\\t``, ``\\x07``, ``\\u2028``), so each
    problem is exactly one line, whatever an editor typed into a title or key.
    """
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    text = f"{where}: {_bounded(problem.message)}" if where else _bounded(problem.message)  # a summary
    if problem.hint:
        text += f" — {_bounded(problem.hint)}"
    text = one_line(text)
    return text if problem.is_error else f"warning: {text}"


MAX_PART = 500  # characters of a message or hint: a quoted value of 10,000 characters must not fill the terminal


def _bounded(text: str) -> str:
    """``text`` cut to ``MAX_PART`` characters, saying how much was left out."""
    if len(text) <= MAX_PART:
        return text
    return f"{text[:MAX_PART]}… ({len(text) - MAX_PART:,} more characters)"


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters escaped, Python-style.

    Escaped are Unicode categories Cc (C0/C1 controls, including LF, CR, Tab,
    NEL), Zl and Zp (U+2028, U+2029): everything a terminal may break a line at.
    """
    return "".join(_escape(c) if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any of ``problems`` is an error."""
    return any(p.is_error for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return ``problems`` without duplicates, ordered by path, line, message."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message, p.severity))

