"""Every source of a site → entries, reusing the store's records of unchanged files.

The first stages of a build (``pipeline.build``) and of the newsroom calendar
(``newsroom/calendar.py``): find the sources, read the changed ones, parse them
(bodies rendered on several processes when there are many) and keep the records.
"""

from __future__ import annotations

import time

from sitegen.caching import Caches, Speed
from sitegen.config.settings import Config
from sitegen.content.entry import Renderer
from sitegen.content.frontmatter import split_source
from sitegen.content.reading import read_source
from sitegen.content.sources import find_sources
from sitegen.problems import has_errors, warning
from sitegen.site.visibility import Visibility
from sitegen.store.entries import EntryStore, Record, parse_record
from sitegen.store.markdown import MarkdownCache, prerender


def load_entries(config: Config, rules: Visibility, render: Renderer, caches: Caches | None, speed: Speed):
    """Parse every source, reusing the store's records of unchanged ones.

    Returns ``(entries, problems)`` in path order; errors in drafts become
    warnings unless ``rules.drafts``.
    """
    store = caches.entries if caches else EntryStore()
    store.use_options((config.timezone, config.allow_html))
    now_ns = time.time_ns()
    records, fresh = {}, []
    sources, problems = find_sources(config.root)
    for found in sources:
        record = store.unchanged(found)
        if record is None:
            try:
                source, read = read_source(config.root, found.path, found.kind)
            except FileNotFoundError:
                continue  # deleted between the scan and now
            problems += read
            record = source and store.same_text(found, source.digest, now_ns)
            if source and not record:
                fresh.append((found, source))
        if record:
            records[found.path] = record
    records.update(_parse_fresh(fresh, config, render, speed, now_ns))
    store.replace(dict(sorted(records.items())))
    entries = []
    for record in store.records.values():
        found = list(record.problems)
        if has_errors(found) and not rules.drafts and record.draft:
            found = [warning(p.path, p.line, p.message + " (in a draft)", p.hint) for p in found]
        problems += found
        if record.entry is not None:
            entries.append(record.entry)
    return entries, problems


def _parse_fresh(fresh: list, config: Config, render: Renderer, speed: Speed, now_ns: int) -> dict[str, Record]:
    """Records of the sources no record matched; their bodies are rendered
    first on ``speed.jobs`` processes when there are several."""
    markdown = speed.markdown or (MarkdownCache(None) if speed.jobs > 1 else None)
    if markdown is not None and fresh:
        bodies = [split.body for split in (split_source(s.text, s.path)[0] for _, s in fresh) if split]
        prerender(markdown, bodies, config.allow_html, speed.jobs, speed.method, speed.progress)
        render = markdown.render
    return {found.path: parse_record(found, source, config.zone, config.allow_html, render, now_ns)
            for found, source in fresh}
