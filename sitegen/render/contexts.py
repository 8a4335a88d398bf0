"""Template contexts: what each kind of planned page hands its template.

Every template gets ``page`` (a ``PageMeta``: title, description, URLs for
``<head>``) plus the object it shows: ``article``, ``static_page``, ``tag``,
``tags``, ``articles`` with ``pagination``, ``archive`` or ``archives``.
Views are made lazily and once per build.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from sitegen.config.settings import Config
from sitegen.site.planner import PlannedPage
from sitegen.site.model import Site
from sitegen.site.urls import PageKind, absolute_url, route
from sitegen.render.authors import author_link
from sitegen.render.views import ArticleView, Extras, article_view, format_moment, page_view, tag_link, tag_view

DESCRIPTION_LIMIT = 160


@dataclass(frozen=True)
class Pagination:
    """Where a list page stands: ``number`` of ``count``; URLs of the
    previous and next page ("" when there is none)."""

    number: int
    count: int
    prev_url: str
    next_url: str


@dataclass(frozen=True)
class PageMeta:
    """What ``<head>`` needs: ``title``, ``description`` (≤ 160 characters),
    root-relative ``url`` and absolute ``canonical``, page ``kind``,
    ``noindex``, ``og_type`` ("article" or "website"), absolute ``image`` URL
    ("" for none), and ``prev_url``/``next_url`` for paginated lists."""

    title: str
    description: str
    url: str
    kind: str
    noindex: bool = False
    canonical: str = ""
    og_type: str = "website"
    image: str = ""
    prev_url: str = ""
    next_url: str = ""


@dataclass(frozen=True)
class ArchiveLink:
    """An archive period for templates: ``label`` ("April 2024"), ``url``, ``count``."""

    key: str
    label: str
    url: str
    count: int


def describe(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut plain text at a word to at most ``limit`` characters, adding "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def period_label(key: str, language: str) -> str:
    """``2024`` → "2024"; ``2024/04`` → "April 2024" (CLDR month names)."""
    if "/" not in key:
        return key
    year, month = (int(x) for x in key.split("/"))
    return format_date(date(year, month, 1), "MMMM yyyy", locale=language)


class Contexts:
    """Builds the template context of each kind of planned page for one build.

    ``extras`` gives each entry's resolved body and lead image;
    ``default_image`` is the absolute URL of the OpenGraph fallback image.
    """

    def __init__(self, site: Site, config: Config, extras: Extras | None = None, default_image: str = "",
                 breaking: tuple = (), expired: tuple = ()):
        self.site, self.config = site, config
        self.breaking = breaking  # running breaking-news articles (render/breaking.py)
        self.expired = {e.slug: e for e in expired}  # expired articles kept with a notice (site/expiry.py)
        self._notice_site = dataclasses.replace(site, related={**site.related, **{s: () for s in self.expired}},
                                                tags_of={**site.tags_of, **{s: () for s in self.expired}}) \
            if expired else site
        self.extras = extras or Extras()
        self.default_image = default_image
        self.entries = {a.slug: a for a in site.articles}
        self.pages = {p.slug: p for p in site.pages}
        self.tags = {t.slug: t for t in site.tags}
        self._brief: dict[str, ArticleView] = {}
        self._tag_links = {t.slug: tag_link(t, config) for t in site.tags}

    def brief(self, slug: str) -> ArticleView:
        """The view of an article for lists and related cards (without its
        related list), made once per build."""
        if slug not in self._brief:
            self._brief[slug] = article_view(self.entries[slug], self.site, self.config, False, self.extras,
                                             tag_links=self._tag_links)
        return self._brief[slug]

    def warm(self) -> None:
        """Make every article's brief now: list pages need them all, and
        workers forked afterwards share them instead of each making its own
        (``pagework``: less memory copied and allocated twice)."""
        for slug in self.entries:
            self.brief(slug)

    def meta(self, page: PlannedPage, title: str, description: str, **more: Any) -> PageMeta:
        """``PageMeta`` for ``page``; the site title is appended to ``title``."""
        full = f"{title} | {self.config.title}" if title else self.config.title
        image = more.pop("image", "") or self.default_image
        return PageMeta(full, describe(description), page.route.url, page.kind, page.noindex,
                        absolute_url(self.config, page.route.url), image=image, **more)

    def of(self, page: PlannedPage) -> dict[str, Any]:
        """The context for ``page`` (with ``breaking``: its banners, see ``render.breaking``)."""
        from sitegen.render.breaking import Banner, banner_entries
        banners = tuple(Banner(self.brief(e.slug).title, self.brief(e.slug).url)
                        for e in banner_entries(page, self.breaking, self.site))
        return {"breaking": banners, **getattr(self, f"_{page.kind}")(page)}

    def _article(self, page: PlannedPage) -> dict[str, Any]:
        entry = self.entries.get(page.key) or self.expired[page.key]
        view = article_view(entry, self._notice_site if page.key in self.expired else self.site, self.config,
                            True, self.extras, lambda r: self.brief(r.slug), self._tag_links)
        newer, older = (self.brief(s) if s else None for s in page.items)
        image = absolute_url(self.config, view.image.share_url or view.image.url) if view.image else ""
        meta = self.meta(page, view.title, view.summary or entry.body.first_paragraph, og_type="article",
                         image=image)
        from sitegen.render.corrections import article_corrections, corrected_after_update
        corrections = article_corrections(entry, self.site.now, self.config)
        modified = corrected_after_update(entry, self.site.now)
        if modified:  # dateModified and article:modified_time: the latest of updated and the corrections
            view = dataclasses.replace(view, updated_datetime=modified)
        expired = format_moment(entry.front.expires, f"{self.config.date_format}, {self.config.time_format}",
                                self.config) if page.key in self.expired else ""
        return {"page": meta, "article": view, "newer": newer, "older": older, "corrections": corrections,
                "expired": expired}

    def _corrections(self, page: PlannedPage) -> dict[str, Any]:
        from sitegen.render.corrections import correction_view, recent
        listed = [correction_view(e, c, self.config) for e, c in recent(self.site)]
        return {"page": self.meta(page, "Korrekturen", "Korrekturen unserer Beiträge, die neuesten zuerst"),
                "corrections": listed}

    def _page(self, page: PlannedPage) -> dict[str, Any]:
        entry = self.pages[page.key]
        view = page_view(entry, self.config, self.extras)
        return {"page": self.meta(page, view.title, view.summary or entry.body.first_paragraph),
                "static_page": view}

    def _listing(self, page: PlannedPage, title: str, description: str) -> dict[str, Any]:
        prev_url = route(self.config, page.kind, page.key, page.number - 1).url if page.number > 1 else ""
        next_url = route(self.config, page.kind, page.key, page.number + 1).url if page.number < page.count else ""
        suffix = f" – Seite {page.number}" if page.number > 1 else ""
        return {"page": self.meta(page, title + suffix if title else suffix.lstrip(" –"), description,
                                  prev_url=prev_url, next_url=next_url),
                "articles": [self.brief(s) for s in page.items],
                "pagination": Pagination(page.number, page.count, prev_url, next_url)}

    def _home(self, page: PlannedPage) -> dict[str, Any]:
        context = self._listing(page, "", self.config.description)
        return {**context, "lead": self.brief(page.lead) if page.lead else None}

    def _tag(self, page: PlannedPage) -> dict[str, Any]:
        view = tag_view(self.tags[page.key], self.config)
        context = self._listing(page, f"Thema: {view.name}", f"Nachrichten zum Thema {view.name}")
        from sitegen.render.topicfeeds import topic_paths
        return {**context, "tag": view, "topic_feeds": topic_paths(self.config, view.slug)}

    def _tag_index(self, page: PlannedPage) -> dict[str, Any]:
        tags = [tag_view(t, self.config) for t in self.site.tags]
        return {"page": self.meta(page, "Themen", "Alle Themen im Überblick"), "tags": tags}

    def _archive(self, page: PlannedPage) -> dict[str, Any]:
        label = period_label(page.key, self.config.language)
        context = self._listing(page, f"Archiv {label}", f"Alle Nachrichten aus {label}")
        link = ArchiveLink(page.key, label, route(self.config, PageKind.ARCHIVE, page.key).url, 0)
        return {**context, "archive": link}

    def _archive_index(self, page: PlannedPage) -> dict[str, Any]:
        months: dict[tuple[int, int], list] = {}  # (year, month): [a date in it, count]: one strftime per month
        for article in self.site.articles:
            when = article.front.published.when
            month = months.setdefault((when.year, when.month), [when, 0])
            month[1] += 1
        counts: dict[str, int] = {}
        for when, count in months.values():
            for key in (f"{when:%Y}", f"{when:%Y/%m}"):
                counts[key] = counts.get(key, 0) + count
        links = [ArchiveLink(k, period_label(k, self.config.language), route(self.config, PageKind.ARCHIVE, k).url, counts[k])
                 for k in page.items]
        return {"page": self.meta(page, "Archiv", "Alle Nachrichten nach Jahr und Monat"), "archives": links}

    def _author(self, page: PlannedPage) -> dict[str, Any]:
        author = author_link(next(a for a in self.config.authors if a.slug == page.key), self.config,
                             photo=self.extras.author_photos.get(page.key))
        context = self._listing(page, author.name, author.bio or f"Beiträge von {author.name}")
        return {**context, "author": author}

    def _author_index(self, page: PlannedPage) -> dict[str, Any]:
        authors = [author_link(a, self.config, sum(a.slug in e.front.authors for e in self.site.articles),
                               self.extras.author_photos.get(a.slug))
                   for a in self.config.authors]
        return {"page": self.meta(page, "Autoren", "Die Autorinnen, Autoren und Redaktionen im Überblick"),
                "authors": authors}

    def _notfound(self, page: PlannedPage) -> dict[str, Any]:
        return {"page": self.meta(page, "Seite nicht gefunden", "Diese Seite gibt es nicht (mehr).")}

    def _search(self, page: PlannedPage) -> dict[str, Any]:
        return {"page": self.meta(page, "Suche", f"Alle Nachrichten von {self.config.title} durchsuchen")}
