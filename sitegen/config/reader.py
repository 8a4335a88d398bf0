"""Typed reading of config values: text, numbers, booleans, lists, URLs, zones.

The helpers ``config`` uses to validate ``config.yaml`` key by key, each
problem collected with its line (MkDocs' config validation is the model).
"""

from __future__ import annotations

import difflib
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.problems import Problem, error, warning
from sitegen.config.yamltext import Node


class Reader:
    """Reads typed values from a mapping ``Node``, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path, self.problems = path, problems

    def text(self, node: Node | None, key: str, default: str = "", required: bool = False) -> str:
        """The scalar text of ``node`` (``default`` when absent); an error when
        it is a list or mapping, or when ``required`` and missing."""
        if node is None or node.value is None:
            if required:
                self.problems.append(error(self.path, node.line if node else 1,
                                           f"'{key}' is required", f"add e.g. {key}: ..."))
            return default
        if not isinstance(node.value, str):
            self.problems.append(error(self.path, node.line, f"'{key}' must be text"))
            return default
        return node.value

    def integer(self, node: Node | None, key: str, default: int, minimum: int = 0) -> int:
        """A whole number (ASCII digits) of at least ``minimum``."""
        text = self.text(node, key, str(default))
        if text.isascii() and text.isdigit() and int(text) >= minimum:
            return int(text)
        self.problems.append(error(self.path, node.line,
                                   f"'{key}' must be a whole number of at least {minimum}, not '{text}'",
                                   f"e.g. {key.split('.')[-1]}: {max(default, minimum)}"))
        return default

    def boolean(self, node: Node | None, key: str, default: bool) -> bool:
        """``true``/``yes`` or ``false``/``no`` (any case); an error otherwise."""
        text = self.text(node, key, "true" if default else "false").lower()
        if text in ("true", "yes", "false", "no"):
            return text in ("true", "yes")
        self.problems.append(error(self.path, node.line, f"'{key}' must be true or false, not '{text}'"))
        return default

    def mapping(self, node: Node | None, key: str, known: set[str]) -> dict[str, Node]:
        """The keys of a mapping ``node`` ({} when absent); unknown keys get a warning."""
        if node is None or node.value is None:
            return {}
        if not isinstance(node.value, dict):
            self.problems.append(error(self.path, node.line, f"'{key}' must be a mapping of keys to values"))
            return {}
        self.unknown_keys(node.value, known, prefix=f"{key}.")
        return node.value

    def items(self, node: Node | None, key: str, make: Callable[[dict[str, Node]], Any],
              known: set[str]) -> tuple:
        """A list of mappings, each turned into an object by ``make``; () when absent."""
        if node is None or node.value is None:
            return ()
        if not isinstance(node.value, list):
            self.problems.append(error(self.path, node.line, f"'{key}' must be a list"))
            return ()
        return tuple(make(self.mapping(item, key, known)) for item in node.value)

    def unknown_keys(self, mapping: Mapping[str, Node], known: set[str], prefix: str = "") -> None:
        """Warn about each key not in ``known``, suggesting the nearest known key."""
        for key, node in mapping.items():
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
                hint = f"did you mean '{prefix}{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
                self.problems.append(warning(self.path, node.line, f"unknown config key '{prefix}{key}' is ignored", hint))


def missing(r: Reader, key: str) -> str:
    """Report a missing required top-level key; returns ""."""
    r.problems.append(error(r.path, 1, f"'{key}' is required", f"add e.g. {key}: Meine Seite"))
    return ""


def base_url(r: Reader, node: Node | None) -> str:
    """``base_url``: must start with http:// or https://; always ends in ``/``."""
    url = r.text(node, "base_url", "http://localhost:8000/")
    if not url.startswith(("http://", "https://")):
        r.problems.append(error(r.path, node.line, f"base_url '{url}' must start with https:// or http://",
                                "e.g. base_url: https://www.example.de/"))
    return url if url.endswith("/") else url + "/"


def zone(r: Reader, node: Node | None) -> str:
    """``timezone``: an IANA name known to tzdata (default Europe/Berlin)."""
    name = r.text(node, "timezone", "Europe/Berlin")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        r.problems.append(error(r.path, node.line, f"timezone '{name}' is not a known time zone",
                                "use an IANA name, e.g. Europe/Berlin"))
        return "Europe/Berlin"
    return name


def permalink(r: Reader, node: Node | None) -> str:
    """``permalinks.article``: starts and ends with ``/`` and contains ``{slug}``."""
    pattern = r.text(node, "permalinks.article", "/news/{slug}/")
    if "{slug}" not in pattern or not pattern.startswith("/") or not pattern.endswith("/"):
        r.problems.append(error(r.path, node.line, f"permalinks.article '{pattern}' must start and end with / and contain {{slug}}",
                                "e.g. /news/{slug}/"))
        return "/news/{slug}/"
    return pattern
