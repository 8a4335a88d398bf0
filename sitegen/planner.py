"""Plan the pages of a build: what goes where, from which template and inputs.

A ``PlannedPage`` names its route, template, the object it shows and the
sources it was made from (``inputs``), so an incremental build can tell
which pages an edit affects.  Two pages with one output path are an error
naming both sources; a page never lands outside the output folder.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from .config import Config
from .problems import Problem, error
from .content import Entry
from .site import Site
from .urls import ARTICLE, HOME, PAGE, RESERVED_PAGE_SLUGS, TAG, TAG_INDEX, Route, route

LIST_INPUT = "list:articles"


@dataclass(frozen=True)
class PlannedPage:
    """One HTML page to render.

    ``kind`` is home, article, page, tag or tag_index; ``key`` is the slug of
    the article, page or tag shown ("" for home and tag index); ``inputs`` are
    source paths plus ``list:articles`` for pages that list all articles.
    ``source`` is the file that asked for this page, for error messages.
    ``fingerprint`` is a SHA-256 hex digest of everything the page shows from
    the content (the entries' paths and hashes, tag names, scheduled flags):
    with equal templates and config, an equal fingerprint means equal bytes.
    """

    route: Route
    template: str
    kind: str
    key: str
    inputs: frozenset[str]
    source: str = ""
    fingerprint: str = ""
    line: int = 1


def plan_pages(site: Site, config: Config) -> tuple[list[PlannedPage], list[Problem]]:
    """Plan every page of ``site``, sorted by output path.

    Returns ``(pages, problems)``; output path collisions and reserved page
    slugs are errors, and colliding pages are left out of the plan.
    """
    facts = _Facts(site)
    everything = facts.of_all(site.articles)
    planned = [PlannedPage(route(config, HOME), "index.html", HOME, "", frozenset({LIST_INPUT}),
                           fingerprint=everything)]
    for article in site.articles:
        related = site.related[article.slug]
        inputs = {article.path, *(r.path for r in related)}
        planned.append(PlannedPage(route(config, ARTICLE, article.slug), "article.html", ARTICLE,
                                   article.slug, frozenset(inputs), article.path, facts.of_all((article, *related)),
                                   _slug_line(article)))
    for page in site.pages:
        planned.append(PlannedPage(route(config, PAGE, page.slug), "page.html", PAGE, page.slug,
                                   frozenset({page.path}), page.path, facts.of_all((page,)), _slug_line(page)))
    planned.append(PlannedPage(route(config, TAG_INDEX), "tags.html", TAG_INDEX, "", frozenset({LIST_INPUT}),
                               fingerprint=facts.of_tags(site)))
    for tag in site.tags:
        planned.append(PlannedPage(route(config, TAG, tag.slug), "tag.html", TAG, tag.slug,
                                   frozenset(a.path for a in tag.articles),
                                   fingerprint=facts.of_all(tag.articles, tag.name)))
    problems = _reserved(site)
    kept, collisions = _without_collisions(planned)
    return sorted(kept, key=lambda p: p.route.output_path), problems + collisions


def _slug_line(entry: Entry) -> int:
    """The line that gives an entry its slug: ``slug:``, else ``title:``."""
    return entry.front.lines.get("slug", entry.front.lines.get("title", 1))


class _Facts:
    """What a page shows of each entry, as text for fingerprints."""

    def __init__(self, site: Site):
        self.site = site
        self._memo: dict[str, str] = {}

    def of(self, entry: Entry) -> str:
        if entry.path not in self._memo:
            tags = "|".join(f"{t.slug}={t.name}" for t in self.site.tags_of.get(entry.slug, ()))
            published = entry.front.published
            future = bool(published and self.site.now and published.when > self.site.now)
            self._memo[entry.path] = f"{entry.path}:{entry.digest}:{future}:{tags}"
        return self._memo[entry.path]

    def of_all(self, entries, extra: str = "") -> str:
        digest = hashlib.sha256(extra.encode())
        for entry in entries:
            digest.update(self.of(entry).encode() + b"\n")
        return digest.hexdigest()

    def of_tags(self, site: Site) -> str:
        return self.of_all(site.articles, "|".join(f"{t.slug}={t.name}:{len(t.articles)}" for t in site.tags))


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
