"""Render planned pages with the theme's Jinja2 templates, in memory.

Autoescape is on and undefined names raise (``StrictUndefined``), so a typo
such as ``article.titel`` fails the build at its template line instead of
printing nothing.  Template errors become ``Problem`` records naming the
template file and line, and the page being rendered.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .config import Config
from .planner import PlannedPage
from .problems import Problem, error
from .site import Site
from .theme import Theme
from .urls import ASSET, PAGE, join_base, phone_href, route
from .views import article_view, page_view, tag_view

LEGAL_SLUGS = (("impressum", "Impressum"), ("datenschutz", "Datenschutz"))
DESCRIPTION_LIMIT = 160


@dataclass(frozen=True)
class PageMeta:
    """What ``<head>`` needs: ``title``, ``description`` (≤ 160 characters),
    root-relative ``url``, page ``kind`` and ``noindex``."""

    title: str
    description: str
    url: str
    kind: str
    noindex: bool = False


def describe(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut plain text at a word to at most ``limit`` characters, adding "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def make_environment(theme: Theme, config: Config, site: Site) -> jinja2.Environment:
    """Create the Jinja2 environment with the globals every template gets."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    pages = {p.slug: p for p in site.pages}
    env.globals.update(
        site=config, phone_href=phone_href(config.phone),
        url_for=lambda kind, slug="": route(config, kind, slug).url,
        link=lambda path: join_base(config, path),
        asset=lambda path: route(config, ASSET, path).url,
        footer_links=[{"title": title, "url": route(config, PAGE, slug).url}
                      for slug, title in LEGAL_SLUGS if slug in pages],
        privacy_url=route(config, PAGE, "datenschutz").url if "datenschutz" in pages else None,
    )
    return env


def render_pages(planned: list[PlannedPage], site: Site, config: Config, theme: Theme,
                 env: jinja2.Environment | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every planned page; returns ``({output path: UTF-8 bytes}, problems)``.

    ``env`` may be an environment from ``make_environment`` kept from an
    earlier build with the same config, theme and pages (compiled templates).
    Each template error is reported once (file and line), with the first page
    it broke.
    """
    env = env or make_environment(theme, config, site)
    contexts = _Contexts(site, config)
    files: dict[str, bytes] = {}
    problems: dict[tuple[str, int, str], Problem] = {}
    for page in planned:
        try:
            html = env.get_template(page.template).render(contexts.of(page))
        except jinja2.TemplateError as exc:
            problem = template_problem(exc, config.root, theme, page)
            problems.setdefault((problem.path, problem.line, problem.message), problem)
            continue
        files[page.route.output_path] = html.encode("utf-8")
    return files, list(problems.values())


class _Contexts:
    """Builds the template context of each kind of planned page."""

    def __init__(self, site: Site, config: Config):
        self.site, self.config = site, config
        self.entries = {a.slug: a for a in site.articles}
        self.pages = {p.slug: p for p in site.pages}
        self.tags = {t.slug: t for t in site.tags}
        self._brief: dict[str, Any] = {}

    def brief(self, slug: str):
        """The view of an article for lists (without its related list), made once."""
        if slug not in self._brief:
            self._brief[slug] = article_view(self.entries[slug], self.site, self.config, False)
        return self._brief[slug]

    def of(self, page: PlannedPage) -> dict[str, Any]:
        title, config = self.config.title, self.config
        if page.kind == "article":
            view = article_view(self.entries[page.key], self.site, config)
            lead = view.summary or self.entries[page.key].body.first_paragraph
            return {"page": PageMeta(f"{view.title} | {title}", describe(lead),
                                     view.url, page.kind, view.draft or view.future), "article": view}
        if page.kind == "page":
            entry = self.pages[page.key]
            view = page_view(entry, config)
            return {"page": PageMeta(f"{view.title} | {title}", describe(view.summary or entry.body.first_paragraph),
                                     view.url, page.kind, entry.front.draft), "static_page": view}
        if page.kind == "tag":
            tag = self.tags[page.key]
            view = tag_view(tag, config, self.brief)
            return {"page": PageMeta(f"Thema: {view.name} | {title}", f"Nachrichten zum Thema {view.name}",
                                     view.url, page.kind), "tag": view}
        if page.kind == "tag_index":
            tags = [tag_view(t, config, self.brief) for t in self.site.tags]
            return {"page": PageMeta(f"Themen | {title}", "Alle Themen im Überblick", page.route.url, page.kind),
                    "tags": sorted(tags, key=lambda t: t.slug)}
        newest = [self.brief(a.slug) for a in self.site.articles]
        return {"page": PageMeta(title, config.description, page.route.url, page.kind), "articles": newest}


def template_problem(exc: jinja2.TemplateError, root: Path, theme: Theme, page: PlannedPage) -> Problem:
    """Turn a Jinja2 error into a ``Problem`` at the template's file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if any(f.filename.startswith(str(d)) for d in theme.template_dirs)]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    path = _relative(filename, root) if filename else f"themes/{theme.name}/templates/{page.template}"
    return error(path, line or 0, f"template error: {exc.message or exc}",
                 f"while rendering {page.route.url}" + (f" from {page.source}" if page.source else ""))


def _relative(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root).as_posix()
    except ValueError:
        return filename
