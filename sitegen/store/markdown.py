"""Rendered Markdown kept between builds (namespace ``markdown`` of the store).

Key: ``allow_html`` and the SHA-256 of the body text alone (so title, date
and tag edits do not re-render it).  Version: the code version of
``sitegen.content.markdown`` — its source and that of every module it
imports (``content/slugs.py``: heading ids), the versions of the libraries
they import (markdown-it-py, mdit-py-plugins, python-slugify and what those
require), Python — and the codec's field lists.  A value whose checksum,
version or shape is wrong is rendered again; never an error.
"""

from __future__ import annotations

import hashlib

from sitegen.content import markdown
from sitegen.content.markdown import Heading, Link, Note, RenderedBody
from sitegen.store import db
from sitegen.store.codec import Codec
from sitegen.store.versions import code_version

NAMESPACE = "markdown"
BODIES = Codec(RenderedBody, (RenderedBody, Heading, Note, Link), texts=((RenderedBody, "html"),))


def renderer_version() -> str:
    """A digest naming the exact Markdown renderer (code, libraries, codec)."""
    return hashlib.sha256(f"{code_version('sitegen.content.markdown')}|{BODIES.schema}".encode()).hexdigest()


def body_key(body: str, allow_html: bool) -> str:
    """The cache key of one body: ``allow_html`` and the SHA-256 of its text."""
    return f"{int(bool(allow_html))}:{hashlib.sha256(body.encode()).hexdigest()}"


def prerender(cache: "MarkdownCache", bodies: list[str], allow_html: bool, jobs: int, method: str = "fork",
              progress=None) -> int:
    """Render every body the cache lacks, on ``jobs`` processes; returns how
    many.  ``progress`` (a ``progress.Progress`` or None) shows a bar."""
    from sitegen.content.parallel import render_many
    missing = list(dict.fromkeys(b for b in bodies if cache.lookup(b, allow_html) is None))
    advance = progress.stage("Markdown", len(missing)) if progress and missing else None
    for body, result in zip(missing, render_many([(b, allow_html) for b in missing], jobs, method, advance)):
        cache.store(body, allow_html, result)
    return len(missing)


class MarkdownCache:
    """Rendered bodies in the store, plus the ones rendered during this build.

    ``render(body, allow_html)`` is a drop-in ``content.Renderer``.
    ``hits``/``misses`` count lookups.  ``store`` is a ``db.Store``; None
    keeps nothing on disk (``--no-cache``): it only holds this build's results.
    """

    folder = None  # no compiled-template folder (``pipeline._render`` still asks)

    def __init__(self, store: db.Store | None):
        self.db = store if store is not None else db.Store.memory()
        self.renderer = renderer_version()
        self.hits = self.misses = 0
        self._fresh: dict[str, RenderedBody] = {}

    def lookup(self, body: str, allow_html: bool) -> RenderedBody | None:
        """The cached result for ``body``, or None."""
        key = body_key(body, allow_html)
        if key in self._fresh:
            return self._fresh[key]
        data = self.db.get(NAMESPACE, key, self.renderer) if self.db.on_disk else None
        if data is None:
            return None
        try:
            found = BODIES.decode(data)
        except ValueError:
            return None
        self._fresh[key] = found
        return found

    def store(self, body: str, allow_html: bool, result: RenderedBody) -> None:
        """Remember ``result``, and keep it in the store at its next commit."""
        key = body_key(body, allow_html)
        self._fresh[key] = result
        if self.db.on_disk:
            self.db.put(NAMESPACE, key, self.renderer, BODIES.encode(result))

    def render(self, body: str, allow_html: bool) -> RenderedBody:
        """Return the cached rendering of ``body``, rendering it on a miss."""
        found = self.lookup(body, allow_html)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        result = markdown.render_markdown(body, allow_html)
        self.store(body, allow_html, result)
        return result
