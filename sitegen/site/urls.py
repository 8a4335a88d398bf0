"""Every page's output path and URL, from one function.

Templates get URLs only from here (``url_for``, ``asset``, ``link``), so the
whole site moves with ``base_url`` (also under a sub-path such as
``https://example.org/blog/``).  Output paths are relative to the output
folder, use ``/``, and end in ``index.html`` for pages.
"""

from __future__ import annotations

import enum
import functools
import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime

from sitegen.config.settings import Config



class PageKind(enum.StrEnum):
    """Every kind of output page or file (its value is what templates pass to ``url_for``)."""

    HOME = "home"
    ARTICLE = "article"
    PAGE = "page"
    TAG = "tag"
    TAG_INDEX = "tag_index"
    ARCHIVE = "archive"
    ARCHIVE_INDEX = "archive_index"
    ASSET = "asset"
    FILE = "file"
    NOTFOUND = "notfound"
    AUTHOR = "author"
    AUTHOR_INDEX = "author_index"
    CORRECTIONS = "corrections"
    SEARCH = "search"


TAG_ROOT = "/themen/"
ASSET_ROOT = "/assets/"
ARCHIVE_ROOT = "/archiv/"
AUTHOR_ROOT = "/autoren/"
SEARCH_ROOT = "/suche/"
PAGE_SEGMENT = "seite"
CORRECTIONS_ROOT = "/korrekturen/"
RESERVED_PAGE_SLUGS = frozenset({"themen", "assets", "news", "seite", "archiv", "feed", "index", "bilder",
                                 "rss", "sitemap", "robots", "404", "autoren", "korrekturen"})


@dataclass(frozen=True)
class Route:
    """Where a page goes: ``output_path`` (``news/gold/index.html``) and
    ``url`` (root-relative with the base path, e.g. ``/blog/news/gold/``)."""

    output_path: str
    url: str


def site_path(config: Config, kind: PageKind | str, slug: str = "", number: int = 1,
              when: datetime | None = None) -> str:
    """The path of a page below the site root, e.g. ``/news/gold/``.

    ``kind`` is one of home, article, page, tag, tag_index, archive
    (``slug`` "2024" or "2024/04"), archive_index, asset, corrections, file (``slug`` a
    file at the root, e.g. ``feed.xml``).  ``number`` > 1 is a later page of
    a paginated list: ``/seite/2/``, ``/themen/gold/seite/2/``.  ``when``
    (an article's date, aware, in site time) fills the permalink's
    ``{year}``/``{month}``/``{day}`` (see ``article_path``).  Raises
    ``ValueError`` for an unknown kind (a template or programming error).
    """
    if number > 1:
        return f"{site_path(config, kind, slug, when=when)}{PAGE_SEGMENT}/{number}/"
    if kind == PageKind.HOME:
        return "/"
    if kind == PageKind.ARCHIVE:
        return f"{ARCHIVE_ROOT}{slug}/"
    if kind == PageKind.ARCHIVE_INDEX:
        return ARCHIVE_ROOT
    if kind == PageKind.FILE:
        return "/" + slug.lstrip("/")
    if kind == PageKind.ARTICLE:
        return article_path(config.article_permalink, slug, when)
    if kind == PageKind.PAGE:
        return f"/{slug}/"
    if kind == PageKind.TAG:
        return f"{TAG_ROOT}{slug}/"
    if kind == PageKind.TAG_INDEX:
        return TAG_ROOT
    if kind == PageKind.AUTHOR:
        return f"{AUTHOR_ROOT}{slug}/"
    if kind == PageKind.AUTHOR_INDEX:
        return AUTHOR_ROOT
    if kind == PageKind.SEARCH:
        return SEARCH_ROOT
    if kind == PageKind.ASSET:
        return ASSET_ROOT + slug.lstrip("/")
    if kind == PageKind.CORRECTIONS:
        return CORRECTIONS_ROOT
    raise ValueError(f"unknown page kind '{kind}' — use one of home, article, page, tag, tag_index, "
                     "archive, archive_index, author, author_index, asset, file, search")


def article_path(permalink: str, slug: str, when: datetime | None) -> str:
    """Expand an article permalink (``/news/{year}/{month}/{slug}/``, checked
    by ``config.values.permalink``) to ``/news/2024/04/gold/``: ``{year}``
    four digits, ``{month}`` and ``{day}`` two (Hugo's ``:year``/``:month``/
    ``:day``), from ``when`` (the article's date in site time).  Without a
    date (a template asking by slug alone) the date tokens stay as written."""
    path = permalink.replace("{slug}", slug)
    if when is not None:
        path = (path.replace("{year}", f"{when.year:04d}").replace("{month}", f"{when.month:02d}")
                .replace("{day}", f"{when.day:02d}"))
    return path


def article_route(config: Config, entry) -> Route:
    """The ``Route`` of an article ``Entry`` (its slug and date, see ``article_path``)."""
    published = entry.front.published
    return route(config, PageKind.ARTICLE, entry.slug, when=published.when if published else None)


def route(config: Config, kind: PageKind | str, slug: str = "", number: int = 1,
          when: datetime | None = None) -> Route:
    """Return the ``Route`` of one page (see ``site_path`` for kinds and ``when``).

    Memoised (a plan asks about 6 times per article): the result depends only
    on ``config.article_permalink``, ``config.base_path`` and the arguments,
    ``when`` only through its calendar date in its own zone."""
    day = when.date() if when is not None else None
    return _route(config.article_permalink, config.base_path, str(kind), slug, number, day)


@functools.lru_cache(maxsize=1 << 17)
def _route(permalink: str, base_path: str, kind: str, slug: str, number: int, day: date | None) -> Route:
    """``route`` as a pure function of hashable values (a bounded cache, no other state)."""
    config = _RouteConfig(permalink, base_path)
    path = site_path(config, kind, slug, number, day)
    output = path.lstrip("/")
    if path.endswith("/"):
        output += "index.html"
    return Route(posixpath.normpath(output), join_base(config, path))


@dataclass(frozen=True)
class _RouteConfig:
    """The two settings ``site_path`` and ``join_base`` read from a ``Config``."""

    article_permalink: str
    base_path: str


def join_base(config: Config, path: str) -> str:
    """Prefix a site path (``/themen/``) with the base path (``/blog/themen/``);
    an absolute URL (``https://…``, ``//host/…``, ``mailto:…``) stays as it is."""
    if _ABSOLUTE.match(path):
        return path
    return config.base_path.rstrip("/") + "/" + path.lstrip("/")


_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def absolute_url(config: Config, url: str) -> str:
    """Turn a root-relative URL from ``route`` into an absolute one."""
    return config.origin + url


def phone_href(phone: str) -> str:
    """``tel:`` URI of a phone number as people write it (RFC 3966):
    ``+49 30 1234567-0`` → ``tel:+493012345670``."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")
