"""One build, stage by stage, entirely in memory.

config → sources → front matter + Markdown (``content``) → visibility filter
→ site model → page plan → templates → validation.  The result is the full
set of output files and every problem found; the caller decides whether to
hand the files to ``writer`` (only when there is no error).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Mapping

from . import content as content_stage
from .config import Config
from .cache import EntryCache, PageCache, SourceCache
from .content import Entry, Renderer
from .markdown import render_markdown
from .planner import plan_pages
from .problems import Problem, has_errors, sort_problems, warning
from .render import make_environment, render_pages
from .site import build_site
from .sources import Source, read_sources
from .theme import load_theme
from .urls import ASSET, route
from .validate import validate_page
from .visibility import Visibility, next_scheduled, visible


@dataclass(frozen=True)
class BuildResult:
    """The outcome of one build.

    ``files`` maps output paths to bytes (empty when there are errors);
    ``problems`` are sorted; ``articles`` counts visible articles;
    ``next_due`` is the hidden article that is published next, if any.
    """

    files: Mapping[str, bytes]
    problems: list[Problem]
    articles: int = 0
    next_due: Entry | None = None
    entries: tuple[Entry, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not has_errors(self.problems)


@dataclass
class Caches:
    """Optional caches a long-running session (``serve``) keeps between builds."""

    sources: SourceCache = field(default_factory=SourceCache)
    entries: EntryCache = field(default_factory=EntryCache)
    pages: PageCache = field(default_factory=PageCache)


def _render_key(config: Config, theme, site) -> str:
    """What every page depends on besides its own content: config, theme, pages."""
    text = f"{config!r}|{theme.digest}|{[p.slug for p in site.pages]}"
    return hashlib.sha256(text.encode()).hexdigest()


def parse_entries(sources: list[Source], config: Config, drafts: bool, render: Renderer = render_markdown,
                  cache: EntryCache | None = None) -> tuple[list[Entry], list[Problem]]:
    """Parse every source; errors in drafts become warnings unless ``drafts``."""
    entries, problems = [], []
    options = (config.timezone, config.allow_html)
    for source in sources:
        def parse(s: Source = source):
            return content_stage.parse_entry(s, config.zone, config.allow_html, render)
        entry, found = cache.parse(source, options, parse) if cache else parse()
        if has_errors(found) and not drafts and content_stage.is_draft_source(source):
            found = [warning(p.path, p.line, p.message + " (in a draft)", p.hint) for p in found]
        problems += found
        if entry is not None:
            entries.append(entry)
    return entries, problems


def build(config: Config, rules: Visibility, render: Renderer = render_markdown,
          caches: Caches | None = None) -> BuildResult:
    """Run every stage for ``config``; never writes to disk.

    ``caches`` (kept by ``serve``) skip reading and parsing unchanged sources;
    the result is the same as without them.  Raises ``theme.ThemeError`` when
    the theme is missing and ``OSError`` when sources cannot be read
    (environment errors).
    """
    theme = load_theme(config)
    if caches:
        sources, problems = caches.sources.read_all(config.root)
        caches.entries.keep_only(sources, (config.timezone, config.allow_html))
    else:
        sources, problems = read_sources(config.root)
    entries, found = parse_entries(sources, config, rules.drafts, render, caches.entries if caches else None)
    problems += found
    shown = visible(entries, rules)
    site, found = build_site(shown, {e.slug for e in entries if e.kind == "article"}, config.related_count,
                                 rules.now)
    problems += found
    planned, found = plan_pages(site, config)
    problems += found
    key = _render_key(config, theme, site)
    memo = caches.pages.for_key(key) if caches else None
    todo = [p for p in planned if memo is None or memo.get(p.route.output_path, ("",))[0] != p.fingerprint]
    env = caches.pages.environment(lambda: make_environment(theme, config, site)) if caches else None
    files, found = render_pages(todo, site, config, theme, env)
    problems += found
    own_host = config.base_url.split("://", 1)[1].split("/", 1)[0]
    for page in todo:
        if page.route.output_path in files:
            checked = validate_page(page.route.output_path, files[page.route.output_path], own_host, page.source)
            problems += checked
            if memo is not None and not checked:
                memo[page.route.output_path] = (page.fingerprint, files[page.route.output_path])
    if memo is not None:
        rendered = {p.route.output_path for p in todo}
        files.update({p.route.output_path: memo[p.route.output_path][1]
                      for p in planned if p.route.output_path not in rendered})
    for rel, data in theme.static:
        files[route(config, ASSET, rel).output_path] = data
    problems = sort_problems(problems)
    return BuildResult(files if not has_errors(problems) else {}, problems, len(site.articles),
                       next_scheduled(entries, rules), tuple(entries))


def now_in(config: Config, now: datetime | None) -> datetime:
    """The build's clock: ``now`` (naive = site time) or the wall clock."""
    if now is None:
        return datetime.now(config.zone)
    return now if now.tzinfo else now.replace(tzinfo=config.zone)


def output_path(config: Config, override: str | None) -> Path:
    """The output folder: ``--output`` if given, else ``output_dir`` in config."""
    return Path(override).resolve() if override else (config.root / config.output_dir).resolve()
