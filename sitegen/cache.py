"""In-memory caches that let a rebuild skip work an edit did not touch.

Two hooks between stages, never inside them:
- ``SourceCache``: a file whose (mtime in ns, size) is unchanged is not read
  again; a changed stat, or a file modified within 2 s of the last scan
  (an edit in the same timestamp tick could keep both), is read and
  compared by content hash.
- ``EntryCache``: a source whose content hash, site time zone and Markdown
  options are unchanged reuses its parsed ``Entry`` (front matter, body).
- ``PageCache``: a planned page whose fingerprint (see ``planner``) and
  render key (config, theme, page set) are unchanged reuses its bytes.
Everything that depends on other files (site model, plan, templates) is
recomputed, so a cached build gives the same bytes as a clean one.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from .content import Entry
from .problems import Problem
from .sources import Source, find_sources, read_source

ParseFn = Callable[[Source], tuple[Entry | None, list[Problem]]]


class SourceCache:
    """Reads sources, skipping files whose stat is unchanged since last time."""

    RACY_NS = 2_000_000_000  # a file changed this close to the last scan is read again (as git does)

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, int, Source]] = {}
        self._scanned_ns = 0

    def read_all(self, root: Path, content_dir: str = "content") -> tuple[list[Source], list[Problem]]:
        """Like ``sources.read_sources``: every source in path order, plus problems."""
        sources, problems, seen = [], [], {}
        scanned_ns = time.time_ns()
        for rel, kind in find_sources(root, content_dir):
            try:
                stat = (root / rel).stat()
            except FileNotFoundError:
                continue  # deleted between the scan and now
            known = self._known.get(rel)
            racy = stat.st_mtime_ns >= self._scanned_ns - self.RACY_NS
            if known and not racy and known[:2] == (stat.st_mtime_ns, stat.st_size) and known[2].kind == kind:
                source = known[2]
            else:
                source, found = read_source(root, rel, kind)
                problems += found
                if source is None:
                    continue
            seen[rel] = (stat.st_mtime_ns, stat.st_size, source)
            sources.append(source)
        self._known, self._scanned_ns = seen, scanned_ns
        return sources, problems


class EntryCache:
    """Remembers parsed entries by (path, content hash, options)."""

    def __init__(self) -> None:
        self._entries: dict[tuple, tuple[Entry | None, list[Problem]]] = {}
        self.hits = 0
        self.misses = 0

    def parse(self, source: Source, options: tuple, parse: ParseFn) -> tuple[Entry | None, list[Problem]]:
        """Return ``parse(source)``, reusing an earlier result for equal input."""
        key = (source.path, source.kind, source.digest, options)
        if key in self._entries:
            self.hits += 1
        else:
            self.misses += 1
            self._entries[key] = parse(source)
        return self._entries[key]

    def has(self, source: Source, options: tuple) -> bool:
        """True when ``source`` with ``options`` is remembered."""
        return (source.path, source.kind, source.digest, options) in self._entries

    def keep_only(self, sources: list[Source], options: tuple) -> None:
        """Forget entries of sources that no longer exist or changed."""
        wanted = {(s.path, s.kind, s.digest, options) for s in sources}
        self._entries = {k: v for k, v in self._entries.items() if k in wanted}


class PageCache:
    """Rendered pages that passed validation, by output path: (fingerprint, bytes).

    Valid only for one render key (config, theme and page set); a new key
    empties it.  A page is reused when its planned fingerprint is equal.
    """

    def __init__(self) -> None:
        self._key = ""
        self._pages: dict[str, tuple[str, bytes]] = {}
        self._env = None

    def for_key(self, key: str) -> dict[str, tuple[str, bytes]]:
        """The page memo for ``key`` (emptied, with the template environment,
        when the key changed)."""
        if key != self._key:
            self._key, self._pages, self._env = key, {}, None
        return self._pages

    def environment(self, make):
        """The Jinja2 environment for the current key, made by ``make()`` once."""
        if self._env is None:
            self._env = make()
        return self._env
