"""Load and validate ``config.yaml`` into a frozen ``Config``.

Like MkDocs' config schema: every key is typed, every problem is collected
with its line, and an unknown key is a warning that suggests the near miss.
Values are read without YAML 1.1 implicit typing (see ``yamltext``).
"""

from __future__ import annotations

import dataclasses

import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from sitegen.config import values, yamltext
from sitegen.config.newsroom import Author, DisclosureConfig, read_authors, read_disclosure
from sitegen.config.publishing import (  # noqa: F401 - importable from here as before
    DEFAULT_DISCLAIMER, MAX_FEED_ENTRIES, MAX_PAGE_SIZE, MAX_REMOVAL_LIMIT, Publishing, read_publishing)
from sitegen.config.images import image_formats
from sitegen.config.reader import Reader
from sitegen.config.icons import icon_path
from sitegen.config.search import Search, read_search
from sitegen.problems import Problem, error
from sitegen.config.yamltext import Node


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


IMPRESSUM_KEYS = ("company", "address", "email", "phone", "register", "vat_id", "responsible")
DATENSCHUTZ_KEYS = ("controller", "email")


@dataclass(frozen=True)
class Config:
    """The validated site configuration.

    Paths are relative to ``root`` (the folder holding the config file,
    whose name is ``file``, e.g. ``config.yaml``; problems name it).
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
    publishing: Publishing = Publishing()
    image_formats: tuple[str, ...] = ("webp",)  # images.formats (config.images)
    search: Search = Search()
    impressum: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    datenschutz: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    disclosure: DisclosureConfig = DisclosureConfig()  # config/newsroom.py
    authors: tuple[Author, ...] = ()  # config/newsroom.py
    favicon: str = ""     # config/icons.py: a file below static/ ("" = the theme's)
    touch_icon: str = ""  # config/icons.py: a PNG below static/ ("" = the theme's)
    file: str = "config.yaml"
    key_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    def line_of(self, key: str) -> int:
        """The line in ``file`` of the dotted ``key`` (``seo.default_image``);
        of its nearest parent key when it is missing (``seo``); else 1.
        For problems that later stages find in config values."""
        while key:
            if key in self.key_lines:
                return self.key_lines[key]
            key = key.rpartition(".")[0]
        return 1

    @property
    def language_tag(self) -> str:
        """``language`` as a BCP 47 tag for HTML ``lang``, JSON-LD and feeds
        (``de_DE`` → ``de-DE``; RFC 5646, HTML's lang attribute)."""
        return self.language.replace("_", "-")

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone (IANA, from tzdata)."""
        return ZoneInfo(self.timezone)

    @functools.cached_property
    def origin(self) -> str:
        """Scheme and host of ``base_url``: ``https://example.org``."""
        scheme, rest = self.base_url.split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}"

    @functools.cached_property
    def base_path(self) -> str:
        """The path part of ``base_url``: ``/`` or e.g. ``/blog/``."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


_TOP = {"title", "description", "base_url", "language", "timezone", "theme", "output_dir",
        "permalinks", "formats", "related_count", "markdown", "contact", "badges", "menu",
        "newsletter", "params", "feeds", "pagination", "privacy", "seo", "deploy", "disclaimer",
        "impressum", "datenschutz", "check", "news", "disclosure", "authors", "images", "favicon", "touch_icon",
        "search"}
MAX_RELATED = 100         # related articles under one article


def site_key(config: Config) -> str:
    """The config as text for cache keys: every setting, but not the site
    folder's absolute path (``root``), which no page shows — so a copy of
    the site in another folder (a fresh clone with ``.cache/`` restored)
    reuses what the first folder's builds kept."""
    return repr(dataclasses.replace(config, root=Path(".")))


def load_config(path: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate the config file at ``path``.

    Returns ``(config, problems)``; ``config`` is None when an error was
    found.  Every problem carries the line of the key at fault (the parent
    key's line when a key is missing, line 1 for a missing top-level key).
    Raises ``OSError`` when the file cannot be read (the command line turns
    it into exit code 2).
    """
    raw, name = path.read_bytes(), path.name
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:  # e.g. saved as Latin-1 on Windows
        return None, [error(name, raw[: exc.start].count(b"\n") + 1, "the file is not valid UTF-8 text",
                            "save it as UTF-8 in your editor")]
    root_node, problems = yamltext.parse_yaml(text, name, 1)
    if any(p.is_error for p in problems):
        return None, problems
    if root_node is None or not isinstance(root_node.value, dict):
        return None, [error(name, 1, "the config must be a mapping of keys to values", "start with e.g. title: Meine Seite")]
    config = _build(root_node.value, path.parent.resolve(), Reader(name, problems))
    problems.sort(key=lambda p: p.line)  # in file order, as an editor reads them
    return (None if any(p.is_error for p in problems) else config), problems


def _build(top: dict[str, Node], root: Path, r: Reader) -> Config:
    r.unknown_keys(top, _TOP)
    get = top.get
    perma = r.mapping(get("permalinks"), "permalinks", {"article"})
    formats = r.mapping(get("formats"), "formats", {"date", "time"})
    markdown = r.mapping(get("markdown"), "markdown", {"allow_html"})
    contact = r.mapping(get("contact"), "contact", {"phone", "label"})
    return Config(
        root=root,
        title=r.text(get("title"), "title", required=True, example="Meine Seite"),
        description=r.text(get("description"), "description"),
        base_url=values.base_url(r, get("base_url")),
        language=values.language(r, get("language")),
        timezone=values.zone(r, get("timezone")),
        theme=_theme(r, get("theme"), root),
        output_dir=values.output_dir(r, get("output_dir"), root),
        article_permalink=values.permalink(r, perma.get("article")),
        date_format=values.pattern(r, formats.get("date"), "formats.date", "dd.MM.yyyy"),
        time_format=values.pattern(r, formats.get("time"), "formats.time", "HH:mm 'Uhr'"),
        related_count=r.integer(get("related_count"), "related_count", 3, maximum=MAX_RELATED),
        allow_html=r.boolean(markdown.get("allow_html"), "markdown.allow_html", False),
        phone=r.text(contact.get("phone"), "contact.phone"),
        phone_label=r.text(contact.get("label"), "contact.label", "Kostenlose Beratung"),
        badges=r.items(get("badges"), "badges", lambda m, line: Badge(
            r.text(m.get("value"), "badges.value"),
            r.text(m.get("label"), "badges.label", required=True, at=line, example="Kunden")),
            {"value", "label"}, "- {value: \"150.000\", label: Kunden}"),
        menu=r.items(get("menu"), "menu", lambda m, line: MenuItem(
            r.text(m.get("title"), "menu.title", required=True, at=line, example="Themen"),
            values.link(r, m.get("url"), "menu.url", line, "/themen/", ("mailto", "tel"))),
            {"title", "url"}, "- {title: Themen, url: /themen/}"),
        newsletter=_newsletter(r, get("newsletter")),
        publishing=read_publishing(r, top),
        image_formats=image_formats(r, get("images")),
        search=read_search(r, get("search")),
        impressum=_legal(r, get("impressum"), "impressum", IMPRESSUM_KEYS),
        datenschutz=_legal(r, get("datenschutz"), "datenschutz", DATENSCHUTZ_KEYS),
        params=_params(r, get("params")),
        disclosure=read_disclosure(r, get("disclosure")),
        authors=read_authors(r, get("authors")),
        favicon=icon_path(r, get("favicon"), "favicon", root),
        touch_icon=icon_path(r, get("touch_icon"), "touch_icon", root),
        file=r.path,
        key_lines=MappingProxyType(_key_lines(top)),
    )


def _key_lines(top: dict[str, Node]) -> dict[str, int]:
    """``{"seo": 40, "seo.default_image": 41, …}``: the line of each key and
    each key of a mapping below it (two levels, as config keys go)."""
    lines = {}
    for key, node in top.items():
        lines[key] = node.line
        if isinstance(node.value, dict):
            lines.update({f"{key}.{sub}": child.line for sub, child in node.value.items()})
    return lines


def _theme(r: Reader, node: Node | None, root: Path) -> str:
    """``theme``: one folder below ``themes/`` that has ``templates/``."""
    before = len(r.problems)
    name = values.folder_name(r, node, "theme", "default")
    if len(r.problems) == before and not (root / "themes" / name / "templates").is_dir():
        found = sorted(p.parent.name for p in (root / "themes").glob("*/templates") if p.is_dir())
        r.error(node.line if node else 1, f"theme '{name}' not found in themes/",
                f"available: {', '.join(found)}" if found else "create themes/<name>/templates/")
    return name


def _params(r: Reader, node: Node | None) -> Mapping[str, Any]:
    """``params``: free values for templates; empty or ``~`` is {} (as in Hugo)."""
    if node is None or node.value is None:
        return MappingProxyType({})
    r.mapping(node, "params", None)
    return MappingProxyType(yamltext.to_plain(node) if isinstance(node.value, dict) else {})


def _legal(r: Reader, node: Node | None, key: str, keys: tuple[str, ...]) -> Mapping[str, str]:
    """Read ``impressum``/``datenschutz``; which keys are required is checked
    by ``legal`` when the page exists."""
    found = r.mapping(node, key, set(keys))
    return MappingProxyType({k: r.text(found.get(k), f"{key}.{k}") for k in keys if k in found})


def _newsletter(r: Reader, node: Node | None) -> Newsletter | None:
    """``newsletter`` (None when absent or empty): ``action_url`` and ``consent`` are required."""
    if node is None or node.value is None:
        return None
    m, line = r.mapping(node, "newsletter", {"heading", "text", "action_url", "consent", "button"}), node.line
    return Newsletter(
        heading=r.text(m.get("heading"), "newsletter.heading", "Newsletter"),
        text=r.text(m.get("text"), "newsletter.text"),
        action_url=values.link(r, m.get("action_url"), "newsletter.action_url", line, "https://newsletter.example.net/anmelden"),
        consent=r.text(m.get("consent"), "newsletter.consent", required=True, at=line,
                       example="Ich möchte den Newsletter per E-Mail erhalten."),
        button=r.text(m.get("button"), "newsletter.button", "Abschicken"),
    )
