"""A persistent cache of rendered Markdown in ``.cache/markdown/``.

Key: SHA-256 of the body text alone (so title, date and tag edits do not
re-render it), the Markdown options, and the renderer's version (the source
of ``markdown.py`` and the versions of markdown-it-py and mdit-py-plugins).
Each entry is one small JSON file, written through a temp file and rename.
A corrupt, truncated or foreign file is ignored and rendered again — the
cache is never trusted beyond a full check of its shape and key.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from sitegen.content import markdown
from sitegen.content.markdown import Heading, Link, Note, RenderedBody
from sitegen.output.writer import write_atomic

FORMAT = 2


def renderer_version() -> str:
    """A digest naming the exact Markdown renderer (code and libraries)."""
    code = Path(markdown.__file__).read_bytes()
    libs = f"{version('markdown-it-py')}|{version('mdit-py-plugins')}|{FORMAT}"
    return hashlib.sha256(code + libs.encode()).hexdigest()


def body_key(body: str, allow_html: bool, renderer: str) -> str:
    """The cache key of one body (hex SHA-256)."""
    return hashlib.sha256(f"{renderer}|{allow_html}|".encode() + body.encode()).hexdigest()


def to_json(key: str, body: RenderedBody) -> bytes:
    """Serialise a ``RenderedBody`` (with its key, to detect foreign files)."""
    return json.dumps({"key": key, "html": body.html, "headings": [list(h.__dict__.values()) for h in body.headings],
                       "word_count": body.word_count, "first_paragraph": body.first_paragraph,
                       "notes": [list(n.__dict__.values()) for n in body.notes],
                       "links": [list(k.__dict__.values()) for k in body.links]},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(key: str, data: bytes) -> RenderedBody | None:
    """Parse a cache file; None unless it is complete and belongs to ``key``."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw["key"] != key:
            return None
        body = RenderedBody(
            str(raw["html"]), tuple(Heading(int(a), str(b), str(c)) for a, b, c in raw["headings"]),
            int(raw["word_count"]), str(raw["first_paragraph"]),
            tuple(Note(int(a), str(b), str(c)) for a, b, c in raw["notes"]),
            tuple(Link(str(a), str(b), int(c)) for a, b, c in raw["links"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return body


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
    """Rendered bodies on disk, plus the ones rendered during this build.

    ``render(body, allow_html)`` is a drop-in ``content.Renderer``.
    ``hits``/``misses`` count lookups.  With ``folder`` None nothing is read
    from or written to disk (``--no-cache``): it only holds this build's results.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.renderer = renderer_version()
        self.hits = self.misses = 0
        self._fresh: dict[str, RenderedBody] = {}

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def lookup(self, body: str, allow_html: bool) -> RenderedBody | None:
        """The cached result for ``body``, or None."""
        key = body_key(body, allow_html, self.renderer)
        if key in self._fresh:
            return self._fresh[key]
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        found = from_json(key, data)
        if found is not None:
            self._fresh[key] = found
        return found

    def store(self, body: str, allow_html: bool, result: RenderedBody) -> None:
        """Remember ``result`` and write it to disk (errors writing are ignored:
        a cache that cannot be written only costs speed)."""
        key = body_key(body, allow_html, self.renderer)
        self._fresh[key] = result
        if self.folder is None:
            return
        try:
            write_atomic(self._path(key), to_json(key, result))
        except OSError:
            pass

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
