"""Render planned pages with the theme's Jinja2 templates, in memory.

Autoescape is on and undefined names raise (``StrictUndefined``), so a typo
such as ``article.titel`` fails the build at its template line instead of
printing nothing.  Template errors become ``Problem`` records naming the
template file and line, and the page being rendered.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import traceback
from pathlib import Path
from typing import Callable, Mapping

import jinja2

from sitegen.config.settings import Config
from sitegen.site.planner import PlannedPage
from sitegen.problems import Problem, error
from sitegen.site.model import Site
from sitegen.render.theme import Theme
from sitegen.site.urls import PageKind, join_base, phone_href, route
from sitegen.render import contexts as _contexts
from sitegen.render import views as _views
from sitegen.render.contexts import Contexts
from sitegen.render.seo import news_article
from sitegen.render.icons import logo_url, site_icons
from sitegen.render.numbers import filters as number_filters

LEGAL_SLUGS = (("impressum", "Impressum"), ("datenschutz", "Datenschutz"))


def make_environment(theme: Theme, config: Config, site: Site,
                     asset_names: Mapping[str, str] | None = None) -> jinja2.Environment:
    """Create the Jinja2 environment with the globals every template gets.

    ``asset_names`` maps a theme static path (``css/site.css``) to its
    fingerprinted URL; ``asset()`` of an unknown path fails the template.
    Compiled templates are code and nothing in ``.cache`` is ever executed,
    so every run compiles the templates it uses (``serve`` keeps its
    environment, and so its compiled templates, in memory).
    """
    names = asset_names if asset_names is not None else {rel: route(config, PageKind.ASSET, rel).url for rel, _ in theme.static}

    def asset(path: str) -> str:
        if path not in names:
            raise jinja2.TemplateRuntimeError(f"asset '{path}' is not in themes/{theme.name}/static/")
        return names[path]

    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    pages = {p.slug: p for p in site.pages}
    logo = logo_url(config, names)
    env.globals.update(
        site=config, phone_href=phone_href(config.phone),
        url_for=lambda kind, slug="": route(config, kind, slug).url,
        link=lambda path: join_base(config, path),
        asset=asset,
        footer_links=[{"title": title, "url": route(config, PageKind.PAGE, slug).url}
                      for slug, title in LEGAL_SLUGS if slug in pages]
        + [{"title": "Korrekturen", "url": route(config, PageKind.CORRECTIONS).url}],
        privacy_url=route(config, PageKind.PAGE, "datenschutz").url if "datenschutz" in pages else None,
        json_ld=lambda article, page: news_article(article, page, config, logo),
        icons=site_icons(config, names),
    )
    env.filters.update(number_filters(config.language))  # zahl, waehrung, prozent: render/numbers.py
    return env


def render_pages(planned: list[PlannedPage], site: Site, config: Config, theme: Theme,
                 env: jinja2.Environment | None = None,
                 contexts: Contexts | None = None,
                 advance: Callable[[int], None] | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every planned page; returns ``({output path: UTF-8 bytes}, problems)``.

    ``env`` may be an environment from ``make_environment`` kept from an
    earlier build with the same config, theme and pages (compiled templates).
    Each template error is reported once (file and line), with the first page
    it broke.  ``advance(1)`` is called after each page (for a progress bar).
    """
    env = env or make_environment(theme, config, site)
    contexts = contexts or Contexts(site, config)
    files: dict[str, bytes] = {}
    problems: dict[tuple[str, int, str], Problem] = {}
    for page in planned:
        data, problem = render_page(page, config, theme, env, contexts)
        if problem is not None:
            problems.setdefault((problem.path, problem.line, problem.message), problem)
            continue
        files[page.route.output_path] = data
        if advance:
            advance(1)
    return files, list(problems.values())


def render_page(page: PlannedPage, config: Config, theme: Theme, env: jinja2.Environment,
                contexts: Contexts) -> tuple[bytes | None, Problem | None]:
    """One page: ``(UTF-8 bytes, None)``, or ``(None, problem)`` for a template error."""
    try:
        html = env.get_template(page.template).render(contexts.of(page))
    except jinja2.TemplateError as exc:
        return None, template_problem(exc, config.root, theme, page)
    return html.encode("utf-8"), None


def template_problem(exc: jinja2.TemplateError, root: Path, theme: Theme, page: PlannedPage) -> Problem:
    """Turn a Jinja2 error into a ``Problem`` at the template's file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if any(f.filename.startswith(str(d)) for d in theme.template_dirs)]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    path = _relative(filename, root) if filename else f"themes/{theme.name}/templates/{page.template}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(path, line or 0, f"template syntax error: {exc.message}",
                     "check the {{ … }} and {% … %} tags on this line")
    message, hint = explain_undefined(str(exc.message or exc))
    where = f"while rendering {page.route.url}" + (f" from {page.source}" if page.source else "")
    return error(path, line or 0, f"template error: {message}", f"{hint} ({where})" if hint else where)


_NO_ATTRIBUTE = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$")


def explain_undefined(message: str) -> tuple[str, str]:
    """Reword Jinja's "'sitegen.render.views.ArticleView object' has no attribute
    'titel'" for an editor, with the closest field as a hint."""
    match = _NO_ATTRIBUTE.match(message)
    view = getattr(_views, match.group(1), None) or getattr(_contexts, match.group(1), None) if match else None
    if view is None or not dataclasses.is_dataclass(view):
        return message, ""
    fields = [f.name for f in dataclasses.fields(view)]
    close = difflib.get_close_matches(match.group(2), fields, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"fields: {', '.join(fields)}"
    return f"{match.group(1)} has no field '{match.group(2)}'", hint


def _relative(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root).as_posix()
    except ValueError:
        return filename
