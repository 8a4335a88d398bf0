"""Template views: the plain, read-only shapes templates see.

Kept apart from the domain records (as Zola separates its serialised page
from its ``Page``), so a template change never reaches into the model and
every field a template may use is listed here.  Dates are formatted with
Babel's CLDR patterns from config, in site time, whatever the machine's
locale or ``TZ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

from markupsafe import Markup

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.dates import Moment
from sitegen.render.authors import author_links
from sitegen.render.disclosure import box_html
from sitegen.render.momenttext import moment_text
from sitegen.site.model import Site, Tag
from sitegen.site.urls import PageKind, article_route, route
from sitegen.site.visibility import is_future

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class TagLink:
    """A tag as templates see it: ``name``, ``slug`` and ``url``."""

    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class ImageView:
    """A published image: root-relative ``url`` (for a responsive picture the
    fallback, at most 800 px), ``width``/``height`` in pixels of that file,
    ``alt`` text; ``sources`` are (MIME type, ``srcset``) of its variants,
    ``share_url`` the widest variant a crawler reads (``og:image``), and
    ``caption``/``credit`` the text under it (``render.responsive``)."""

    url: str
    width: int
    height: int
    alt: str
    sources: tuple[tuple[str, str], ...] = ()
    share_url: str = ""
    caption: str = ""
    credit: str = ""

    def markup(self, lead: bool = False) -> Markup:
        """``<picture>`` markup (``render.responsive.picture_html``)."""
        from sitegen.render.responsive import picture_html
        return picture_html(self, lead)

    def figcaption(self) -> Markup:
        """``<figcaption>`` with caption and credit, "" when neither."""
        from sitegen.render.responsive import caption_html
        return caption_html(self)


@dataclass(frozen=True)
class Extras:
    """What later stages add to an entry's view: ``body_html(entry)`` (links
    resolved), ``image(entry)`` (its lead ``ImageView`` or None) and
    ``author_photos`` ({author slug: ``ImageView``}, render/authorphotos.py)."""

    body_html: Callable[[Entry], str] = lambda entry: entry.body.html
    image: Callable[[Entry], "ImageView | None"] = lambda entry: None
    author_photos: Mapping[str, ImageView] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleView:
    """An article for templates.

    ``date_text`` ("25.04.2024") and ``time_text`` ("14:48 Uhr", None without
    a time) follow ``formats`` in config; ``datetime`` is ISO 8601 with the
    offset of that date ("2024-04-25T14:48:00+02:00", or "2024-04-25" without
    a time); ``body`` is safe HTML; ``related`` are views without their own
    related lists; ``draft`` and ``future`` are True only in previews built
    with ``--drafts`` / ``--future`` (the page then gets a badge and noindex);
    ``sponsored`` marks an "Anzeige"; ``reading_minutes`` is words / 200,
    rounded up, at least 1; ``disclaimer`` is the risk notice ("" when the
    article switched it off); ``image`` is the lead image or None.
    """

    title: str
    url: str
    date_text: str
    time_text: str | None
    datetime: str
    summary: str
    author: str
    tags: tuple[TagLink, ...]
    body: Markup
    related: tuple["ArticleView", ...]
    draft: bool
    future: bool
    sponsored: bool
    reading_minutes: int
    disclaimer: str
    image: ImageView | None
    updated_text: str | None
    updated_datetime: str | None
    word_count: int
    extra: Mapping[str, Any]
    disclosure: Markup = Markup("")  # render/disclosure.py: the Art. 20 MAR box ("" without a recommendation)
    bylines: tuple = ()  # render/authors.py: AuthorLink of each authors: slug


@dataclass(frozen=True)
class PageView:
    """A static page (Impressum, Datenschutz …): ``slug``, ``title``, ``url``, safe ``body``."""

    slug: str
    title: str
    url: str
    summary: str
    body: Markup
    extra: Mapping[str, Any]


@dataclass(frozen=True)
class TagView:
    """A tag: ``name``, ``slug``, ``url``, ``count`` of its visible articles,
    and their views in ``articles`` (empty in the tag index, which shows counts)."""

    name: str
    slug: str
    url: str
    articles: tuple[ArticleView, ...]
    count: int = 0


def format_moment(moment: Moment, pattern: str, config: Config) -> str:
    """Format a moment with a CLDR ``pattern`` in the site's language and zone
    (``render.momenttext``: formatted once per day or time of day)."""
    return moment_text(moment.when, pattern, config.language)


def iso(moment: Moment) -> str:
    """ISO 8601 of a moment: with time and offset, or the bare date."""
    when: datetime = moment.when
    return when.isoformat(timespec="seconds") if moment.has_time else when.date().isoformat()


def tag_link(tag: Tag, config: Config) -> TagLink:
    """The ``TagLink`` of a tag."""
    return TagLink(tag.name, tag.slug, route(config, PageKind.TAG, tag.slug).url)


def reading_minutes(words: int) -> int:
    """Reading time in whole minutes at 200 words a minute, at least 1."""
    return max(1, -(-words // WORDS_PER_MINUTE))


def article_view(entry: Entry, site: Site, config: Config, with_related: bool = True,
                 extras: Extras | None = None, brief: Callable[[Entry], ArticleView] | None = None,
                 tag_links: Mapping[str, TagLink] | None = None) -> ArticleView:
    """Build the view of one visible article.

    ``brief(entry)`` gives the view of a related article (default: built
    here, without its own related list) and ``tag_links`` maps a tag slug to
    its ``TagLink``; ``contexts`` passes both, made once per build.
    """
    front, extras = entry.front, extras or Extras()
    brief = brief or (lambda other: article_view(other, site, config, False, extras))
    related = tuple(brief(r) for r in site.related[entry.slug]) if with_related else ()
    tags = tuple(tag_links[t.slug] if tag_links else tag_link(t, config) for t in site.tags_of[entry.slug])
    updated = front.updated
    return ArticleView(
        title=entry.title, url=article_route(config, entry).url,
        date_text=format_moment(front.published, config.date_format, config),
        time_text=format_moment(front.published, config.time_format, config) if front.published.has_time else None,
        datetime=iso(front.published), summary=entry.summary, author=front.author,
        tags=tags,
        body=Markup(extras.body_html(entry)), related=related, draft=front.draft,
        future=is_future(entry, site.now),
        sponsored=front.sponsored, reading_minutes=reading_minutes(entry.body.word_count),
        disclaimer=config.publishing.disclaimer if front.disclaimer else "", image=extras.image(entry),
        updated_text=format_moment(updated, config.date_format, config) if updated else None,
        updated_datetime=iso(updated) if updated else None,
        word_count=entry.body.word_count, extra=front.extra, disclosure=box_html(entry, config),
        bylines=author_links(front.authors, config, extras.author_photos))


def page_view(entry: Entry, config: Config, extras: Extras | None = None) -> PageView:
    """Build the view of one static page."""
    extras = extras or Extras()
    return PageView(entry.slug, entry.title, route(config, PageKind.PAGE, entry.slug).url, entry.summary,
                    Markup(extras.body_html(entry)), entry.front.extra)


def tag_view(tag: Tag, config: Config, view_of: Callable[[str], ArticleView] | None = None) -> TagView:
    """Build the view of one tag; ``view_of(slug)`` gives an article's list view
    (without it, ``articles`` stays empty and only ``count`` is set)."""
    articles = tuple(view_of(a.slug) for a in tag.articles) if view_of else ()
    return TagView(tag.name, tag.slug, route(config, PageKind.TAG, tag.slug).url, articles, len(tag.articles))
