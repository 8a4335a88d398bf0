"""One build, stage by stage, entirely in memory.

config → sources → front matter + Markdown (``content``) → visibility filter
→ site model → page plan → templates → validation.  The result is the full
set of output files and every problem found; the caller decides whether to
hand the files to ``writer`` (only when there is no error).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from sitegen.caching import Caches, Speed
from sitegen.content.loading import load_entries
from sitegen.site.plancache import plan_or_reuse
from sitegen.config.settings import Config, site_key
from sitegen.content.entry import Entry
from sitegen.content.markdown import render_markdown
from sitegen.render.media import default_image, static_files
from sitegen.render.imagenotes import image_warnings
from sitegen.render.picturepool import prewarm
from sitegen.render.authorphotos import author_photos, photos_key
from sitegen.render.responsive import lead_pictures, with_pictures
from sitegen.store.images import VariantCache
from sitegen.store.pagestore import StoredPages
from sitegen.render.contexts import Contexts
from sitegen.content.datafiles import load_data
from sitegen.render.dataplace import place_data, with_data
from sitegen.site.legal import legal_problems
from sitegen.site.disclosure import newsroom_problems
from sitegen.render.disclosure import disclosure_files
from sitegen.site.links import Resolved, resolve_links
from sitegen.site.planner import PlannedPage
from sitegen.problems import Problem, has_errors, sort_problems
from sitegen.render.audit import audit_build
from sitegen.render.newsmap import news_files, next_change
from sitegen.render.publish import publish_files
from sitegen.render.hostfiles import htaccess_text
from sitegen.render.redirects import redirect_files
from sitegen.site.redirects import plan_redirects
from sitegen.site.urlrecord import lock_text, moved_redirects, read_lock
from sitegen.render.static import merge_static, site_static
from sitegen.render.templates import make_environment, render_page
from sitegen.render.pagework import PageJob, render_all
from sitegen.render.contentchecks import content_warnings
from sitegen.site.model import build_site, resolve_slug_clashes
from sitegen.render.theme import load_theme
from sitegen.site.urls import PageKind, absolute_url, article_route, route
from sitegen.render.validate import group_template_loads
from sitegen.render.views import Extras
from sitegen.site.visibility import Visibility, is_expired, is_future, next_scheduled, visible
from sitegen.site import timeline
from sitegen.render.breaking import with_banners
from sitegen.site.expiry import expired_articles, kept_and_removed, notice_pages
from sitegen.render.corrections import corrections_page, with_corrections
from sitegen.content.sources import EntryKind


@dataclass(frozen=True)
class BuildResult:
    """The outcome of one build.

    ``files`` maps output paths to bytes (empty when there are errors): a
    ``store.spool.SpooledFiles``, rendered pages are read back from disk
    when asked for, until its ``close()``;
    ``problems`` are sorted; ``articles`` counts visible articles;
    ``next_due`` is the hidden article that is published next, if any;
    ``kept`` are output paths left as the previous build wrote them (their
    fingerprints did not change, see ``Previous``); ``render_key`` and
    ``fingerprints`` ({output path: fingerprint} of every page) are what the
    next build compares with.  ``sources`` ({article source path: "shown",
    "draft", "scheduled" or "expired"}) and ``article_pages`` ({article output path:
    source path}, for hidden articles the path they would have) explain
    removed pages (``output.guard``).  ``next_change`` is when output that
    changes with the clock alone changes next (the news sitemap;
    an expiry, a banner end or a correction: ``site.timeline``), if ever.
    ``url_lock`` is the new text of ``urls.lock`` (``site.urlrecord``),
    written by a build into the deploy folder.
    """

    files: Mapping[str, bytes]
    problems: list[Problem]
    articles: int = 0
    next_due: Entry | None = None
    kept: frozenset[str] = frozenset()
    render_key: str = ""
    fingerprints: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    article_pages: Mapping[str, str] = field(default_factory=dict)
    next_change: datetime | None = None
    url_lock: str = ""
    notes: tuple[str, ...] = ()  # summary lines: next expiry, next banner end (site.timeline)

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not has_errors(self.problems)


def _render_key(config: Config, theme, site) -> str:
    """What every page depends on besides its own content: config, theme, pages
    (not the site folder's absolute path: a copy of the site renders the same bytes)."""
    text = f"{site_key(config)}|{theme.digest}|{[p.slug for p in site.pages]}"
    return hashlib.sha256(text.encode()).hexdigest()


def build(config: Config, rules: Visibility, caches: Caches | None = None, speed: Speed = Speed()) -> BuildResult:
    """Run every stage for ``config``; never writes to disk.

    ``caches`` (kept by ``serve``) skip reading, parsing and rendering what
    did not change; the result is the same as without them.  Raises
    ``theme.ThemeError`` when the theme is missing and ``OSError`` when
    sources cannot be read (environment errors).
    """
    theme = load_theme(config)
    entries, problems = load_entries(config, rules, render_markdown, caches, speed)
    entries, clashes = resolve_slug_clashes(entries)
    problems += clashes
    shown = visible(entries, rules)
    site, found = build_site(shown, {e.slug for e in entries if e.kind == EntryKind.ARTICLE}, config.related_count,
                             rules.now, caches.entries.related if caches else None)
    if caches:
        caches.entries.related = site.selection
    mentions = caches.mentions if caches else None
    if mentions is not None:
        mentions.version = caches.entries.version  # the body HTML an entry digest stands for
    problems += found + legal_problems(site, config) + newsroom_problems(site, config, mentions)
    planned, found = plan_or_reuse(site, config, caches.plans if caches else None)
    problems += found
    noticed, removed = kept_and_removed(config, expired_articles(entries, rules))
    planned = planned + notice_pages(config, noticed, {p.route.output_path for p in planned}, rules.now)
    asset_names, static = static_files(theme, config)
    if not config.search.enabled:  # the theme's search script is published only with the search page
        from sitegen.render.search import without_search_script
        asset_names, static = without_search_script(theme, config, asset_names, static)
    variants = VariantCache(speed.markdown.db if speed.markdown is not None else None)
    prewarm(config, shown, variants, speed.jobs, speed.method, speed.progress)
    images, image_files, found = lead_pictures(shown, config, variants)
    photos, photo_files, more = author_photos(config, variants)  # render/authorphotos.py
    image_files, found = {**image_files, **photo_files}, found + more
    og_image, og_files, more = default_image(config)
    problems += found + more
    site_files, found = site_static(config)
    problems += found
    disclosed = disclosure_files(site, config)  # /offenlegung.json (render/disclosure.py)
    resolved, found = resolve_links(config, entries, [*shown, *noticed], planned,
                                    [*static, *site_files, "feed.xml", "rss.xml", *disclosed],
                                    variants=variants, removed=removed)
    problems += found
    data, found = load_data(config.root)
    placed = place_data([*shown, *noticed], data, config.language, resolved.body_html)
    problems += found + list(placed.problems)
    extras = Extras(lambda e: placed.html[e.path] if e.path in placed.html else resolved.body_html(e),
                    lambda e: images.get(e.path), photos)
    planned = [with_pictures(with_data(_with_links(p, resolved), placed), images) for p in planned]
    running = timeline.breaking_now(site.articles, rules.now, config.publishing.breaking_hours)
    planned = with_corrections(with_banners(planned, running, site), site) + [corrections_page(site, config)]
    contexts = Contexts(site, config, extras, absolute_url(config, og_image) if og_image else "", running,
                        tuple(noticed))
    key = _render_key(config, theme, site) + photos_key(photos)  # a new photo file renders every page again
    files, kept, found = _render(planned, site, config, theme, contexts, asset_names, resolved, caches, speed, key)
    problems += found
    files.update({**static, **image_files, **og_files, **resolved.files})
    files.update(publish_files(site, planned, config, extras, caches.feeds if caches else None))
    files.update(news_files(site, planned, config))
    files.update(disclosed)
    files, found = merge_static(files, site_files, planned)
    problems += found
    lock, found = read_lock(config.root)
    moved, more = moved_redirects(config, site.articles, lock)
    problems += found + more
    redirects, found = plan_redirects(config, (*site.articles, *site.pages), _taken(files, planned), moved)
    files.update(redirect_files(config, redirects))
    if ".htaccess" in files and redirects:  # deploy.host: apache reads its redirects from there
        files[".htaccess"] = htaccess_text(planned, config, [(r.old, r.new) for r in redirects]).encode()
    problems += found + audit_build(config, theme, site, {*files, *(p.route.output_path for p in planned)},
                                    site_files)
    problems = sort_problems(problems)
    if has_errors(problems):
        files.close()  # removes the spooled pages
        return BuildResult({}, problems, len(site.articles), next_scheduled(entries, rules))
    # advice for the whole site comes after errors only (fix those first): pictures, images for rich results
    problems = sort_problems(problems + image_warnings(shown) + content_warnings(site, config, og_image, asset_names))
    if config.search.enabled:  # Pagefind runs only for a build that will be published
        from sitegen.render.search import search_files
        preview = caches is not None and caches.pages is not None  # only serve keeps rendered pages
        files.update(search_files(config, planned, contexts, caches.entries.store if caches else None, preview))
    states = {**_article_states(entries, rules), **{e.path: "shown" for e in noticed}}  # kept with a notice
    return BuildResult(files, problems, len(site.articles), next_scheduled(entries, rules),
                       frozenset(kept), key, {p.route.output_path: p.fingerprint for p in planned},
                       states, _article_paths(config, entries, planned),
                       min(filter(None, (next_change(site, planned, rules.now), timeline.next_moment(  # expiries,
                           entries, rules.now, config.publishing.breaking_hours))), default=None),  # banner ends
                       lock_text(config, entries, states, redirects, lock),
                       timeline.note_lines(entries, rules.now, config.publishing.breaking_hours))


def _taken(files: Mapping[str, bytes], planned: list[PlannedPage]) -> dict[str, str]:
    """{output path: source path, "" for files and list pages} of everything the site publishes."""
    return {**{path: "" for path in files}, **{p.route.output_path: p.source for p in planned}}


def _article_paths(config: Config, entries: list[Entry], planned: list[PlannedPage]) -> dict[str, str]:
    """{output path: source path} of every article page, and of the page every
    hidden article would have (a shown article's page wins a shared path)."""
    paths = {article_route(config, e).output_path: e.path for e in entries
             if e.kind == EntryKind.ARTICLE}
    return {**paths, **{p.route.output_path: p.source for p in planned if p.kind == PageKind.ARTICLE}}


def _article_states(entries, rules: Visibility) -> dict[str, str]:
    """{article source path: "draft", "scheduled", "expired" or "shown"} under ``rules``."""
    return {e.path: "draft" if e.front.draft and not rules.drafts
            else "scheduled" if is_future(e, rules.now) and not rules.future
            else "expired" if is_expired(e, rules.now) else "shown"
            for e in entries if e.kind == EntryKind.ARTICLE}


def _with_links(page: PlannedPage, resolved: Resolved) -> PlannedPage:
    """Add the page's resolved link targets to its fingerprint (another
    article's new slug changes this page's bytes)."""
    rewrites = resolved.rewrites.get(page.source)
    if not rewrites:
        return page
    extra = hashlib.sha256(f"{page.fingerprint}|{sorted(rewrites.items())}".encode()).hexdigest()
    return dataclasses.replace(page, fingerprint=extra)


def _render(planned, site, config, theme, contexts, asset_names, resolved, caches, speed, key):
    """Render what changed (all without caches), validate it, reuse the rest.

    Returns ``(files, kept, problems)``: ``kept`` are pages unchanged since
    the previous build into the same folder (``speed.previous``), not rendered.
    """
    memo = caches.pages.for_key(key) if caches and caches.pages else None
    before = speed.previous.pages if speed.previous and speed.previous.render_key == key else {}
    kept = {p.route.output_path for p in planned if before.get(p.route.output_path) == p.fingerprint}
    todo = [p for p in planned if p.route.output_path not in kept
            and (memo is None or memo.get(p.route.output_path, ("",))[0] != p.fingerprint)]
    # a one-shot build keeps its rendered pages in the store (serve keeps them in ``memo``)
    stored = StoredPages(caches.entries.store, key) if memo is None and caches and caches.entries.store.on_disk \
        else None
    # the store holds what the last build into this folder rendered: a page that build made otherwise is not in it
    reused = stored.take((p.route.output_path, p.fingerprint) for p in todo if p.route.output_path not in before) \
        if stored else {}
    todo = [p for p in todo if p.route.output_path not in reused]
    make = lambda: make_environment(theme, config, site, asset_names)  # noqa: E731
    env = caches.pages.environment(make) if caches and caches.pages else make()
    advance = speed.progress.stage("pages", len(todo)) if speed.progress and todo else (lambda n: None)
    own_host = config.base_url.split("://", 1)[1].split("/", 1)[0]
    pack = stored.packer(lambda: render_page(todo[0], config, theme, env, contexts)[0]) if stored and todo else None
    job = PageJob(tuple(todo), config, theme, env, contexts, {own_host.lower(), *config.publishing.allowed_hosts},
                  resolved.lines, pack)
    fingerprints = {p.route.output_path: p.fingerprint for p in todo} if pack else {}
    keep = (lambda path, packed: stored.put(path, fingerprints[path], packed)) if pack else None
    files, problems, _ = render_all(job, _spool_folder(speed), speed.jobs, speed.method, memo, advance, keep)
    files.update(reused)
    problems = group_template_loads(problems, theme.name)
    if memo is not None:
        rendered = {p.route.output_path for p in todo} | kept
        files.update({p.route.output_path: memo[p.route.output_path][1]
                      for p in planned if p.route.output_path not in rendered})
    return files, kept, problems


def _spool_folder(speed: Speed):
    """Where rendered pages wait for the publish: the store's folder (``.cache/``) when it is on disk."""
    store = speed.markdown.db if speed.markdown is not None else None
    return store.path.parent if store is not None and store.on_disk else None
