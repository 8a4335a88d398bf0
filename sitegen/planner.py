"""Plan the pages of a build: what goes where, from which template and inputs.

A ``PlannedPage`` names its route, template, the object it shows and the
sources it was made from (``inputs``), so an incremental build can tell
which pages an edit affects.  Two pages with one output path are an error
naming both sources; a page never lands outside the output folder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .config import Config
from .problems import Problem, error
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
    """

    route: Route
    template: str
    kind: str
    key: str
    inputs: frozenset[str]
    source: str = ""


def plan_pages(site: Site, config: Config) -> tuple[list[PlannedPage], list[Problem]]:
    """Plan every page of ``site``, sorted by output path.

    Returns ``(pages, problems)``; output path collisions and reserved page
    slugs are errors, and colliding pages are left out of the plan.
    """
    planned = [PlannedPage(route(config, HOME), "index.html", HOME, "", frozenset({LIST_INPUT}))]
    for article in site.articles:
        inputs = {article.path, *(r.path for r in site.related[article.slug])}
        planned.append(PlannedPage(route(config, ARTICLE, article.slug), "article.html", ARTICLE,
                                   article.slug, frozenset(inputs), article.path))
    for page in site.pages:
        planned.append(PlannedPage(route(config, PAGE, page.slug), "page.html", PAGE, page.slug,
                                   frozenset({page.path}), page.path))
    planned.append(PlannedPage(route(config, TAG_INDEX), "tags.html", TAG_INDEX, "", frozenset({LIST_INPUT})))
    for tag in site.tags:
        planned.append(PlannedPage(route(config, TAG, tag.slug), "tag.html", TAG, tag.slug,
                                   frozenset(a.path for a in tag.articles)))
    problems = _reserved(site)
    kept, collisions = _without_collisions(planned)
    return sorted(kept, key=lambda p: p.route.output_path), problems + collisions


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
                problems.append(error(page.source, 1, f"two sources make the same page {page.route.url} "
                                      f"(slug '{page.key}'): {page.source} and {others}",
                                      "give one of them another slug: or title"))
    return kept, problems
