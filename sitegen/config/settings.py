"""Load and validate ``config.yaml`` into a frozen ``Config``.

Like MkDocs' config schema: every key is typed, every problem is collected
with its line, and an unknown key is a warning that suggests the near miss.
Values are read without YAML 1.1 implicit typing (see ``yamltext``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from sitegen.config import yamltext
from sitegen.config.reader import Reader, base_url, missing, permalink, zone
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
DEFAULT_DISCLAIMER = ("Hinweis: Dieser Beitrag dient nur der Information und ist keine Anlageberatung "
                      "und keine Aufforderung zum Kauf oder Verkauf von Wertpapieren oder Edelmetallen.")


@dataclass(frozen=True)
class Publishing:
    """Settings for publishing: feeds, pagination, SEO, privacy, deploy files.

    ``allowed_hosts`` may be loaded from by pages (privacy check);
    ``default_image`` is a path below ``content/`` for OpenGraph; ``logo`` a
    theme static path (``img/logo.png``) for JSON-LD; ``cname`` the custom
    domain written to ``CNAME`` ("" = no file).
    """

    feeds_limit: int = 20
    page_size: int = 10
    allowed_hosts: tuple[str, ...] = ()
    cname: str = ""
    default_image: str = ""
    publisher: str = ""
    logo: str = ""
    disclaimer: str = DEFAULT_DISCLAIMER


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
    impressum: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    datenschutz: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    file: str = "config.yaml"

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
        "impressum", "datenschutz"}


def load_config(path: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate the config file at ``path``.

    Returns ``(config, problems)``; ``config`` is None when an error was
    found.  Raises ``OSError`` when the file cannot be read (the command line
    turns it into exit code 2).
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
    return (None if any(p.is_error for p in problems) else config), problems


def _build(top: dict[str, Node], root: Path, r: Reader) -> Config:
    r.unknown_keys(top, _TOP)
    get = top.get
    perma = r.mapping(get("permalinks"), "permalinks", {"article"})
    formats = r.mapping(get("formats"), "formats", {"date", "time"})
    markdown = r.mapping(get("markdown"), "markdown", {"allow_html"})
    contact = r.mapping(get("contact"), "contact", {"phone", "label"})
    config = Config(
        root=root,
        title=r.text(get("title"), "title", required=True) if "title" in top else missing(r, "title"),
        description=r.text(get("description"), "description"),
        base_url=base_url(r, get("base_url")),
        language=r.text(get("language"), "language", "de"),
        timezone=zone(r, get("timezone")),
        theme=_theme(r, get("theme"), root),
        output_dir=r.text(get("output_dir"), "output_dir", "output"),
        article_permalink=permalink(r, perma.get("article")),
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
        publishing=_publishing(r, top),
        impressum=_legal(r, get("impressum"), "impressum", IMPRESSUM_KEYS),
        datenschutz=_legal(r, get("datenschutz"), "datenschutz", DATENSCHUTZ_KEYS),
        params=MappingProxyType(yamltext.to_plain(get("params"))),
        file=r.path,
    )
    return config


def _theme(r: Reader, node: Node | None, root: Path) -> str:
    name = r.text(node, "theme", "default")
    if not (root / "themes" / name / "templates").is_dir():
        found = sorted(p.parent.name for p in (root / "themes").glob("*/templates") if p.is_dir())
        r.problems.append(error(r.path, node.line if node else 1, f"theme '{name}' not found in themes/",
                                f"available: {', '.join(found)}" if found else "create themes/<name>/templates/"))
    return name


def _publishing(r: Reader, top: dict[str, Node]) -> Publishing:
    feeds = r.mapping(top.get("feeds"), "feeds", {"limit"})
    pages = r.mapping(top.get("pagination"), "pagination", {"page_size"})
    privacy = r.mapping(top.get("privacy"), "privacy", {"allowed_hosts"})
    seo = r.mapping(top.get("seo"), "seo", {"default_image", "publisher", "logo"})
    deploy = r.mapping(top.get("deploy"), "deploy", {"cname"})
    hosts = privacy.get("allowed_hosts")
    return Publishing(
        feeds_limit=r.integer(feeds.get("limit"), "feeds.limit", 20, minimum=1),
        page_size=r.integer(pages.get("page_size"), "pagination.page_size", 10, minimum=1),
        allowed_hosts=tuple(h.value.lower() for h in (hosts.value if hosts and isinstance(hosts.value, list) else [])
                            if isinstance(h.value, str)),
        cname=r.text(deploy.get("cname"), "deploy.cname"),
        default_image=r.text(seo.get("default_image"), "seo.default_image"),
        publisher=r.text(seo.get("publisher"), "seo.publisher"),
        logo=r.text(seo.get("logo"), "seo.logo"),
        disclaimer=r.text(top.get("disclaimer"), "disclaimer", DEFAULT_DISCLAIMER),
    )


def _legal(r: Reader, node: Node | None, key: str, keys: tuple[str, ...]) -> Mapping[str, str]:
    """Read ``impressum``/``datenschutz``; which keys are required is checked
    by ``legal`` when the page exists."""
    values = r.mapping(node, key, set(keys))
    return MappingProxyType({k: r.text(values.get(k), f"{key}.{k}") for k in keys if k in values})


def _newsletter(r: Reader, node: Node | None) -> Newsletter | None:
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
