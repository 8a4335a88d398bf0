"""Typed reading of config values: text, numbers, booleans, mappings, lists.

The helpers ``settings`` uses to validate ``config.yaml`` key by key, each
problem collected with the line of the key at fault (MkDocs' config
validation is the model); when a key is missing, the line of the mapping
that should hold it.  The checks of single values (URLs, locales, patterns)
are in ``values``.
"""

from __future__ import annotations

import unicodedata

import difflib
from typing import Any, Callable, Mapping

from sitegen.problems import Problem, error, warning
from sitegen.config.yamltext import Node

SHOWN_LIMIT = 40  # characters of a value quoted in a message


def shown(text: str, limit: int = SHOWN_LIMIT) -> str:
    """``text`` quoted for a one-line message: control characters escaped
    (``\\t``, ``\\x00``), cut after ``limit`` characters with the full length
    named, e.g. ``'99999…' (5000 characters)``."""
    clean = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    if len(text) > limit:
        return f"'{clean[:limit]}…' ({len(text)} characters)"
    return f"'{clean}'"


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "empty"


class Reader:
    """Reads typed values from ``Node`` values of one file, collecting problems.

    ``path`` is the file name problems carry (``config.yaml``); ``problems``
    the list they are appended to.  No method raises for bad input.
    """

    def __init__(self, path: str, problems: list[Problem]):
        self.path, self.problems = path, problems

    def error(self, line: int, message: str, hint: str = "") -> None:
        """Collect an error at ``line`` (1-based) of the file."""
        self.problems.append(error(self.path, line, message, hint))

    def warn(self, line: int, message: str, hint: str = "") -> None:
        """Collect a warning at ``line`` (1-based) of the file."""
        self.problems.append(warning(self.path, line, message, hint))

    def text(self, node: Node | None, key: str, default: str = "", required: bool = False,
             at: int = 1, example: str = "...") -> str:
        """The scalar text of ``node``, or ``default`` when it is absent.

        ``key`` is the dotted name (``newsletter.consent``).  An error when
        the value is a list or mapping; with ``required``, also when it is
        missing (reported at ``at``, the line of the parent key) or empty.
        """
        leaf = key.rsplit(".", 1)[-1]
        if node is None or node.value is None or (required and isinstance(node.value, str)
                                                  and not node.value.strip()):
            if required:
                where = f" below '{key.rsplit('.', 1)[0]}:'" if "." in key else ""
                self.error(node.line if node else at, f"{key} is {'empty' if node else 'missing'}",
                           f"add e.g. '{leaf}: {example}'{where}")
            return default
        if not isinstance(node.value, str):
            self.error(node.line, f"{key} must be text, not {_kind(node.value)}",
                       f"put the text in double quotes, e.g. {leaf}: \"{example}\"")
            return default
        control = sorted({f"U+{ord(c):04X}" for c in node.value if unicodedata.category(c) == "Cc" and c not in "\t\n"})
        if control:
            self.error(node.line, f"{key} contains the control character{'s' * (len(control) > 1)} {', '.join(control)}",
                       "delete it; it is invisible in most editors, and pages and feeds cannot carry it")
            return default
        return node.value

    def integer(self, node: Node | None, key: str, default: int | None, minimum: int = 0,
                maximum: int = 1000, example: int | None = None) -> int | None:
        """A whole number (ASCII digits) from ``minimum`` to ``maximum``;
        ``default`` when absent or wrong (``example``, else ``default``, goes
        in the hint).  A long digit string is refused by
        its length before it is converted (Python refuses > 4,300 digits)."""
        if node is None or node.value is None:
            return default
        text = self.text(node, key, "")
        digits = text.lstrip("0") or "0"
        if text.isascii() and text.isdigit() and len(digits) <= len(str(maximum)) \
                and minimum <= int(digits) <= maximum:
            return int(digits)
        if isinstance(node.value, str):
            example = example if example is not None else default if default is not None else minimum
            self.error(node.line, f"{key} must be a whole number from {minimum} to {maximum}, not {shown(text)}",
                       f"e.g. {key.rsplit('.', 1)[-1]}: {example}")
        return default

    def boolean(self, node: Node | None, key: str, default: bool) -> bool:
        """``true``/``yes`` or ``false``/``no`` (any case); an error otherwise."""
        if node is None or node.value is None:
            return default
        text = self.text(node, key, "")
        if text.lower() in ("true", "yes", "false", "no"):
            return text.lower() in ("true", "yes")
        if isinstance(node.value, str):
            self.error(node.line, f"{key} must be true or false, not {shown(text)}",
                       f"e.g. {key.rsplit('.', 1)[-1]}: {'true' if default else 'false'}")
        return default

    def mapping(self, node: Node | None, key: str, known: set[str] | None) -> dict[str, Node]:
        """The keys of a mapping ``node`` ({} when absent or empty); unknown
        keys get a warning (no check when ``known`` is None)."""
        if node is None or node.value is None:
            return {}
        if not isinstance(node.value, dict):
            self.error(node.line, f"{key} must be a mapping of keys to values, not {_describe(node.value)}",
                       f"write each value on its own indented line below '{key.rsplit('.', 1)[-1]}:'")
            return {}
        if known is not None:
            self.unknown_keys(node.value, known, prefix=f"{key}.")
        return node.value

    def items(self, node: Node | None, key: str, make: Callable[[dict[str, Node], int], Any],
              known: set[str], example: str) -> tuple:
        """A list of mappings, each turned into an object by ``make(mapping,
        line)``; () when absent.  An item that is not a mapping is an error
        at its line (``example`` shows a good one) and is left out."""
        if node is None or node.value is None:
            return ()
        if not isinstance(node.value, list):
            self.error(node.line, f"{key} must be a list, not {_describe(node.value)}",
                       f"write one '- ' line per entry, e.g. {example}")
            return ()
        made = []
        for item in node.value:
            if not isinstance(item.value, dict):
                self.error(item.line, f"each entry of {key} must be a mapping, not {_describe(item.value)}",
                           f"e.g. {example}")
                continue
            made.append(make(self.mapping(item, key, known), item.line))
        return tuple(made)

    def unknown_keys(self, mapping: Mapping[str, Node], known: set[str], prefix: str = "") -> None:
        """Warn about each key not in ``known``, suggesting the nearest known key."""
        for key, node in mapping.items():
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
                hint = f"did you mean '{prefix}{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
                self.warn(node.line, f"unknown config key {shown(prefix + key)} is ignored", hint)


def _describe(value: Any) -> str:
    return f"the text {shown(value)}" if isinstance(value, str) else _kind(value)
