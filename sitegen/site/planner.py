"""Plan the pages of a build: what goes where, from which template and inputs.

A ``PlannedPage`` names its route, template, the object it shows and the
sources it was made from (``inputs``), so an incremental build can tell
which pages an edit affects.  Two pages with one output path are an error
naming both sources; a page never lands outside the output folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from sitegen.config.settings import Config
from sitegen.problems import Problem, error
from sitegen.content.entry import Entry
from sitegen.site.model import Site
from sitegen.site.lead import choose_lead
from sitegen.content.dates import Moment
from sitegen.site.urls import PageKind, RESERVED_PAGE_SLUGS, Route, article_route, route
from sitegen.site.visibility import is_future

@dataclass(frozen=True)
class PlannedPage:
    """One HTML page to render.

    ``kind`` is home, article, page, tag, tag_index, archive, archive_index
    or notfound; ``key`` is the slug of the article, page or tag shown, or the
    archive period ("2024", "2024/04"); ``number`` and ``count`` place a page
    of a paginated list (1-based); ``items`` are the slugs of the articles it
    lists (for an article: the newer and the older neighbour, "" if none).
    ``source``/``line`` name the file that asked for the
    page, for error messages.  ``fingerprint`` is a SHA-256 hex digest of
    everything the page shows from the content (the entries' paths and
    hashes, tag names, scheduled flags): with equal templates and config, an
    equal fingerprint means equal bytes; it is made from the entries at
    ``shows`` (paths) and the text ``salt`` (see ``refresh_fingerprints``).
    ``lastmod`` (a ``dates.Moment``) feeds the sitemap; ``noindex`` pages
    stay out of it.
    """

    route: Route
    template: str
    kind: PageKind
    key: str
    source: str = ""
    fingerprint: str = ""
    line: int = 1
    number: int = 1
    count: int = 1
    items: tuple[str, ...] = ()
    lastmod: Moment | None = None
    noindex: bool = False
    shows: tuple[str, ...] = ()
    salt: str = ""
    lead: str = ""  # home page 1: the lead article's slug (site/lead.py), left out of ``items``


_WHEN = attrgetter("when")


def plan_pages(site: Site, config: Config) -> tuple[list[PlannedPage], list[Problem]]:
    """Plan every page of ``site``, sorted by output path.

    Returns ``(pages, problems)``; output path collisions and reserved page
    slugs are errors, and colliding pages are left out of the plan.
    """
    facts = _Facts(site)
    size = config.publishing.page_size
    planned = _with_lead(_paginated(config, facts, PageKind.HOME, "", "index.html", list(site.articles), size),
                         choose_lead(site.articles), facts)
    planned += [_article_page(config, facts, site, index) for index in range(len(site.articles))]
    for page in site.pages:
        updated = page.front.updated
        planned.append(PlannedPage(route(config, PageKind.PAGE, page.slug), "page.html", PageKind.PAGE, page.slug,
                                   page.path, line=_slug_line(page),
                                   lastmod=updated, noindex=page.front.draft, **facts.fingerprint((page,))))
    planned.append(PlannedPage(route(config, PageKind.TAG_INDEX), "tags.html", PageKind.TAG_INDEX, "",
                               lastmod=_newest(site.articles), **facts.of_tags(site)))
    for tag in site.tags:
        planned += _paginated(config, facts, PageKind.TAG, tag.slug, "tag.html", list(tag.articles), size, tag.name)
    planned += _archives(config, facts, site, size)
    planned += _authors(config, facts, site, size)
    planned.append(PlannedPage(route(config, PageKind.FILE, "404.html"), "404.html", PageKind.NOTFOUND, "",
                               noindex=True, **facts.fingerprint(())))
    if config.search.enabled:  # the search page shows no entry: its bytes change with config and theme only
        planned.append(PlannedPage(route(config, PageKind.SEARCH), "search.html", PageKind.SEARCH, "",
                                   **facts.fingerprint(())))
    problems = _reserved(site)
    kept, collisions = _without_collisions(planned)
    return sorted(kept, key=lambda p: p.route.output_path), problems + collisions


def refresh_fingerprints(planned: list[PlannedPage], site: Site, changed: set[str]) -> list[PlannedPage]:
    """``planned`` (made by ``plan_pages`` for a site of equal structure) with
    new fingerprints for the pages that show an entry at a ``changed`` path;
    ``site`` holds the current entries.  Equal to planning anew as long as no
    slug, title, date, tag, ``related:``, draft flag or page set changed
    (``pipeline`` checks that with a key over every entry's front matter)."""
    if not changed:
        return planned
    facts = _Facts(site)
    by_path = {e.path: e for e in (*site.articles, *site.pages)}
    shown: dict[tuple[str, ...], bytes] = {}  # the tag index, the author index …: the same 10,000 entries

    def fingerprint(page: PlannedPage) -> str:
        if page.shows not in shown:
            shown[page.shows] = "".join([facts.of(by_path[s]) + "\n" for s in page.shows]).encode()
        digest = hashlib.sha256(page.salt.encode())
        digest.update(shown[page.shows])  # as ``_Facts.of_all``
        return digest.hexdigest()
    return [dataclasses.replace(p, fingerprint=fingerprint(p)) if not changed.isdisjoint(p.shows) else p
            for p in planned]


def _article_page(config: Config, facts: "_Facts", site: Site, index: int) -> PlannedPage:
    article = site.articles[index]
    newer = site.articles[index - 1] if index > 0 else None
    older = site.articles[index + 1] if index + 1 < len(site.articles) else None
    related = site.related[article.slug]
    shown = (article, *related, *(n for n in (newer, older) if n))
    return PlannedPage(article_route(config, article), "article.html", PageKind.ARTICLE, article.slug,
                       article.path, line=_slug_line(article),
                       items=(newer.slug if newer else "", older.slug if older else ""),
                       lastmod=article.front.updated or article.front.published,
                       noindex=article.front.draft or is_future(article, facts.site.now), **facts.fingerprint(shown))


def _paginated(config: Config, facts: "_Facts", kind: PageKind, key: str, template: str, articles: list[Entry],
               size: int, extra: str = "") -> list[PlannedPage]:
    """The pages of one list: 1 … N, ``size`` articles each (page 1 even if empty)."""
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)] or [[]]
    return [PlannedPage(route(config, kind, key, number), template, kind, key,
                        **facts.fingerprint(chunk, f"{extra}|{number}/{len(chunks)}"), number=number, count=len(chunks), items=tuple(a.slug for a in chunk),
                        lastmod=_newest(chunk))
            for number, chunk in enumerate(chunks, start=1)]


def _with_lead(pages: list[PlannedPage], lead: Entry | None, facts: "_Facts") -> list[PlannedPage]:
    """The home pages with ``lead`` on page 1: shown above its list, not again in it."""
    if lead is None:
        return pages
    first = pages[0]
    by_slug = {a.slug: a for a in facts.site.articles}
    listed = [by_slug[slug] for slug in first.items if slug != lead.slug]
    shown = (lead, *listed)
    return [dataclasses.replace(first, lead=lead.slug, items=tuple(a.slug for a in listed),
                                **facts.fingerprint(shown, f"lead|{first.salt}")), *pages[1:]]


def _archives(config: Config, facts: "_Facts", site: Site, size: int) -> list[PlannedPage]:
    periods: dict[str, list[Entry]] = defaultdict(list)
    for article in site.articles:
        when = article.front.published.when
        periods[f"{when:%Y}"].append(article)
        periods[f"{when:%Y/%m}"].append(article)
    planned = [PlannedPage(route(config, PageKind.ARCHIVE_INDEX), "archive_index.html", PageKind.ARCHIVE_INDEX, "",
                           lastmod=_newest(site.articles), **facts.of_tags(site),
                           items=tuple(sorted(periods, key=_period_order, reverse=True)))]
    for period in sorted(periods):
        planned += _paginated(config, facts, PageKind.ARCHIVE, period, "archive.html", periods[period], size)
    return planned


def _authors(config: Config, facts: "_Facts", site: Site, size: int) -> list[PlannedPage]:
    """``/autoren/`` and one paginated list per profile of config ``authors:`` (none without profiles)."""
    if not config.authors:
        return []
    planned = [PlannedPage(route(config, PageKind.AUTHOR_INDEX), "authors.html", PageKind.AUTHOR_INDEX, "",
                           lastmod=_newest(site.articles), **facts.of_tags(site))]
    for author in config.authors:
        articles = [a for a in site.articles if author.slug in a.front.authors]
        planned += _paginated(config, facts, PageKind.AUTHOR, author.slug, "author.html", articles, size)
    return planned


def _period_order(key: str) -> tuple[str, str]:
    """Sort key that puts a year before its months when reversed: "2024" > "2024/12"."""
    year, _, month = key.partition("/")
    return year, month or "99"


def _newest(articles) -> Moment | None:
    """The latest ``updated``/``date`` of ``articles`` (for sitemap lastmod)."""
    moments = [a.front.updated or a.front.published for a in articles]
    return max(moments, key=_WHEN, default=None)


def _slug_line(entry: Entry) -> int:
    """The line that gives an entry its slug: ``slug:``, else ``title:``."""
    return entry.front.lines.get("slug", entry.front.lines.get("title", 1))


class _Facts:
    """What a page shows of each entry, as text for fingerprints."""

    def __init__(self, site: Site):
        self.site = site
        self._memo: dict[str, str] = {}
        self._lines: dict[str, str] = {}  # {path: ``of`` and a newline}
        self._every = b""  # the lines of all ``site.articles`` (the tag, archive and author indexes show them all)

    def of(self, entry: Entry) -> str:
        if entry.path not in self._memo:
            tags = "|".join(f"{t.slug}={t.name}" for t in self.site.tags_of.get(entry.slug, ()))
            self._memo[entry.path] = f"{entry.path}:{entry.digest}:{is_future(entry, self.site.now)}:{tags}"
        return self._memo[entry.path]

    def _joined(self, entries: tuple) -> bytes:
        """The lines of ``entries`` as one text, encoded (what ``of_all`` hashes)."""
        if entries is self.site.articles and self._every:
            return self._every
        lines = self._lines
        for entry in entries:
            if entry.path not in lines:
                lines[entry.path] = self.of(entry) + "\n"
        text = "".join([lines[entry.path] for entry in entries]).encode()
        if entries is self.site.articles:
            self._every = text
        return text

    def fingerprint(self, entries, salt: str = "") -> dict:
        """The ``fingerprint`` of a page showing ``entries``, and what it read
        (``shows``: their paths, ``salt``), as keyword arguments."""
        entries = tuple(entries)
        return {"fingerprint": self.of_all(entries, salt), "shows": tuple(e.path for e in entries), "salt": salt}

    def of_all(self, entries, extra: str = "") -> str:
        digest = hashlib.sha256(extra.encode())
        digest.update(self._joined(entries))  # the same bytes, one update
        return digest.hexdigest()

    def of_tags(self, site: Site) -> dict:
        return self.fingerprint(site.articles, "|".join(f"{t.slug}={t.name}:{len(t.articles)}" for t in site.tags))


def _reserved(site: Site) -> list[Problem]:
    return [error(p.path, p.front.lines.get("slug", p.front.lines.get("title", 1)),
                  f"slug '{p.slug}' is reserved for the site's own pages",
                  f"choose another, e.g. slug: {p.slug}-info")
            for p in site.pages if p.slug in RESERVED_PAGE_SLUGS]


def _without_collisions(planned: list[PlannedPage]) -> tuple[list[PlannedPage], list[Problem]]:
    by_path: dict[str, list[PlannedPage]] = defaultdict(list)
    for page in planned:
        by_path[page.route.output_path].append(page)
    kept, problems = [], []
    for path, pages in by_path.items():
        if len(pages) == 1:
            kept.append(pages[0])
            continue
        names = sorted(p.source or f"the {p.kind.replace('_', ' ')} page" for p in pages)
        for page in pages:
            if page.source:
                others = ", ".join(n for n in names if n != page.source)
                problems.append(error(page.source, page.line, f"two sources make the same page {page.route.url} "
                                      f"(slug '{page.key}'): {page.source} and {others}",
                                      "give one of them another slug: or title"))
    return kept, problems
