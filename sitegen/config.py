"""Load and validate ``config.yaml`` into a frozen ``Config``.

Like MkDocs' config schema: every key is typed, every problem is collected
with its line, and an unknown key is a warning that suggests the near miss.
Values are read without YAML 1.1 implicit typing (see ``yamltext``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import yamltext
from .problems import Problem, error, warning
from .yamltext import Node


@dataclass(frozen=True)
class Badge:
    """A trust badge in the header: ``value`` ("150.000", may be "") above ``label``."""

    value: str
    label: str


@dataclass(frozen=True)
class MenuItem:
    """A menu entry; ``url`` is a site path such as ``/themen/`` (base URL added later)."""

    title: str
    url: str


@dataclass(frozen=True)
class Newsletter:
    """The newsletter sign-up block; ``action_url`` is where the form posts."""

    heading: str
    text: str
    action_url: str
    consent: str
    button: str


@dataclass(frozen=True)
class Config:
    """The validated site configuration.

    Paths are relative to ``root`` (the folder holding ``config.yaml``).
    ``base_url`` always ends in ``/``; ``article_permalink`` contains
    ``{slug}`` and ends in ``/``; formats are CLDR patterns (Babel).
    """

    root: Path
    title: str
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "de"
    timezone: str = "Europe/Berlin"
    theme: str = "default"
    output_dir: str = "output"
    article_permalink: str = "/news/{slug}/"
    date_format: str = "dd.MM.yyyy"
    time_format: str = "HH:mm 'Uhr'"
    related_count: int = 3
    allow_html: bool = False
    phone: str = ""
    phone_label: str = "Kostenlose Beratung"
    badges: tuple[Badge, ...] = ()
    menu: tuple[MenuItem, ...] = ()
    newsletter: Newsletter | None = None
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone (IANA, from tzdata)."""
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``: ``/`` or e.g. ``/blog/``."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


class _Reader:
    """Reads typed values from a mapping ``Node``, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path, self.problems = path, problems

    def text(self, node: Node | None, key: str, default: str = "", required: bool = False) -> str:
        if node is None or node.value is None:
            if required:
                self.problems.append(error(self.path, node.line if node else 1,
                                           f"'{key}' is required", f"add e.g. {key}: ..."))
            return default
        if not isinstance(node.value, str):
            self.problems.append(error(self.path, node.line, f"'{key}' must be text"))
            return default
        return node.value

    def integer(self, node: Node | None, key: str, default: int) -> int:
        text = self.text(node, key, str(default))
        if text.isdigit():
            return int(text)
        self.problems.append(error(self.path, node.line, f"'{key}' must be a whole number, not '{text}'"))
        return default

    def boolean(self, node: Node | None, key: str, default: bool) -> bool:
        text = self.text(node, key, "true" if default else "false").lower()
        if text in ("true", "yes", "false", "no"):
            return text in ("true", "yes")
        self.problems.append(error(self.path, node.line, f"'{key}' must be true or false, not '{text}'"))
        return default

    def mapping(self, node: Node | None, key: str, known: set[str]) -> dict[str, Node]:
        if node is None or node.value is None:
            return {}
        if not isinstance(node.value, dict):
            self.problems.append(error(self.path, node.line, f"'{key}' must be a mapping of keys to values"))
            return {}
        self.unknown_keys(node.value, known, prefix=f"{key}.")
        return node.value

    def items(self, node: Node | None, key: str, make: Callable[[dict[str, Node]], Any],
              known: set[str]) -> tuple:
        if node is None or node.value is None:
            return ()
        if not isinstance(node.value, list):
            self.problems.append(error(self.path, node.line, f"'{key}' must be a list"))
            return ()
        return tuple(make(self.mapping(item, key, known)) for item in node.value)

    def unknown_keys(self, mapping: Mapping[str, Node], known: set[str], prefix: str = "") -> None:
        for key, node in mapping.items():
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
                hint = f"did you mean '{prefix}{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
                self.problems.append(warning(self.path, node.line, f"unknown config key '{prefix}{key}' is ignored", hint))


_TOP = {"title", "description", "base_url", "language", "timezone", "theme", "output_dir",
        "permalinks", "formats", "related_count", "markdown", "contact", "badges", "menu",
        "newsletter", "params"}


def load_config(path: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate the config file at ``path``.

    Returns ``(config, problems)``; ``config`` is None when an error was
    found.  Raises ``OSError`` when the file cannot be read (the command line
    turns it into exit code 2).
    """
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    name = path.name
    root_node, problems = yamltext.parse_yaml(text, name, 1)
    if problems:
        return None, problems
    if root_node is None or not isinstance(root_node.value, dict):
        return None, [error(name, 1, "the config must be a mapping of keys to values", "start with e.g. title: Meine Seite")]
    config = _build(root_node.value, path.parent.resolve(), _Reader(name, problems))
    return (None if any(p.is_error for p in problems) else config), problems


def _build(top: dict[str, Node], root: Path, r: _Reader) -> Config:
    r.unknown_keys(top, _TOP)
    get = top.get
    perma = r.mapping(get("permalinks"), "permalinks", {"article"})
    formats = r.mapping(get("formats"), "formats", {"date", "time"})
    markdown = r.mapping(get("markdown"), "markdown", {"allow_html"})
    contact = r.mapping(get("contact"), "contact", {"phone", "label"})
    config = Config(
        root=root,
        title=r.text(get("title"), "title", required=True) if "title" in top else _missing(r, "title"),
        description=r.text(get("description"), "description"),
        base_url=_base_url(r, get("base_url")),
        language=r.text(get("language"), "language", "de"),
        timezone=_zone(r, get("timezone")),
        theme=r.text(get("theme"), "theme", "default"),
        output_dir=r.text(get("output_dir"), "output_dir", "output"),
        article_permalink=_permalink(r, perma.get("article")),
        date_format=r.text(formats.get("date"), "formats.date", "dd.MM.yyyy"),
        time_format=r.text(formats.get("time"), "formats.time", "HH:mm 'Uhr'"),
        related_count=r.integer(get("related_count"), "related_count", 3),
        allow_html=r.boolean(markdown.get("allow_html"), "markdown.allow_html", False),
        phone=r.text(contact.get("phone"), "contact.phone"),
        phone_label=r.text(contact.get("label"), "contact.label", "Kostenlose Beratung"),
        badges=r.items(get("badges"), "badges", lambda m: Badge(
            r.text(m.get("value"), "badges.value"), r.text(m.get("label"), "badges.label", required=True)),
            {"value", "label"}),
        menu=r.items(get("menu"), "menu", lambda m: MenuItem(
            r.text(m.get("title"), "menu.title", required=True), r.text(m.get("url"), "menu.url", required=True)),
            {"title", "url"}),
        newsletter=_newsletter(r, get("newsletter")),
        params=MappingProxyType(_plain(get("params"))),
    )
    return config


def _missing(r: _Reader, key: str) -> str:
    r.problems.append(error(r.path, 1, f"'{key}' is required", f"add e.g. {key}: Meine Seite"))
    return ""


def _base_url(r: _Reader, node: Node | None) -> str:
    url = r.text(node, "base_url", "http://localhost:8000/")
    if not url.startswith(("http://", "https://")):
        r.problems.append(error(r.path, node.line, f"base_url '{url}' must start with https:// or http://",
                                "e.g. base_url: https://www.example.de/"))
    return url if url.endswith("/") else url + "/"


def _zone(r: _Reader, node: Node | None) -> str:
    name = r.text(node, "timezone", "Europe/Berlin")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        r.problems.append(error(r.path, node.line, f"timezone '{name}' is not a known time zone",
                                "use an IANA name, e.g. Europe/Berlin"))
        return "Europe/Berlin"
    return name


def _permalink(r: _Reader, node: Node | None) -> str:
    pattern = r.text(node, "permalinks.article", "/news/{slug}/")
    if "{slug}" not in pattern or not pattern.startswith("/") or not pattern.endswith("/"):
        r.problems.append(error(r.path, node.line, f"permalinks.article '{pattern}' must start and end with / and contain {{slug}}",
                                "e.g. /news/{slug}/"))
        return "/news/{slug}/"
    return pattern


def _newsletter(r: _Reader, node: Node | None) -> Newsletter | None:
    if node is None:
        return None
    m = r.mapping(node, "newsletter", {"heading", "text", "action_url", "consent", "button"})
    return Newsletter(
        heading=r.text(m.get("heading"), "newsletter.heading", "Newsletter"),
        text=r.text(m.get("text"), "newsletter.text"),
        action_url=r.text(m.get("action_url"), "newsletter.action_url", required=True) if "action_url" in m
        else _missing(r, "newsletter.action_url"),
        consent=r.text(m.get("consent"), "newsletter.consent", required=True) if "consent" in m
        else _missing(r, "newsletter.consent"),
        button=r.text(m.get("button"), "newsletter.button", "Abschicken"),
    )


def _plain(node: Node | None) -> Any:
    """Turn a ``Node`` tree into plain str/list/dict values for templates."""
    if node is None:
        return {}
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value
