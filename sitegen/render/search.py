"""The search index of ``/suche/``: Pagefind run over the published articles.

Pagefind (pagefind.app, from PyPI: ``pagefind[extended]``, which ships its
binary as ``pagefind_bin_extended``) indexes HTML files and writes a static
bundle (``pagefind.js``, WebAssembly, index chunks, one fragment per page)
that the search page queries in the reader's browser: no server, no other
host.  The extended build stems German words ("Zinsen" finds "Zins").

Only published articles are indexed: for each planned article page that is
not ``noindex`` (drafts and scheduled articles only appear in previews, as
noindex) a small document is written at the page's output path in a
temporary folder — title, date and teaser as Pagefind metadata, teaser and
body as the searchable text — and Pagefind runs over that folder alone; its
output is handed to the publish as ordinary files below ``pagefind/``.
Nothing is written into the output folder here.

The index comes in shards by publication date (``render.searchshards``):
one bundle per shard below ``pagefind/<shard>/``, each kept in the store
(``store.searchindex``) under a key of its own documents, so a new article
re-indexes its shard only; the browser merges the shards.  For the same
input Pagefind's files are byte-identical (documents written in sorted order).
"""

from __future__ import annotations

import hashlib
import html
import os
import subprocess
import tempfile
from pathlib import Path

from sitegen.config.settings import Config, site_key
from sitegen.render.contexts import Contexts, describe
from sitegen.site.planner import PlannedPage
from sitegen.render.media import hashed_name
from sitegen.site.urls import PageKind, route
from sitegen.render import searchshards
from sitegen.store.searchindex import load_index, save_index

PAGEFIND_VERSION = "1.4.0"  # pinned in requirements.lock; part of the index key
DOC_VERSION = "1"           # the layout of the documents below; part of the index key
BUNDLE = "pagefind"         # the bundle's folder in the output
SCRIPT = "js/search.js"     # the theme's script of the search page (published only with search on)
TEASER_LIMIT = 200          # characters of the first paragraph when an article has no summary
TIMEOUT_SECONDS = 900       # one Pagefind run at most (10,000 articles take a few seconds)
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
             "pagefind-highlight.js")  # Pagefind's own UI: the theme's script uses the JS API instead
INSTALL_HINT = ("install it with: .venv/bin/pip install 'pagefind[extended]==1.4.0', "
                "or set search: {enabled: false} in config.yaml")


class SearchToolError(OSError):
    """Pagefind is missing or failed: an environment error (exit 2); its
    text is one line naming what happened and what to do."""


def without_search_script(theme, config: Config, names: dict[str, str], files: dict[str, bytes]
                          ) -> tuple[dict[str, str], dict[str, bytes]]:
    """The theme's static ``(names, files)`` (``media.static_files``) without
    the search page's script ``SCRIPT``: a site with search off publishes no
    file of it (as Hugo publishes only the resources a page uses)."""
    names, files = dict(names), dict(files)
    for rel, data in theme.static:
        if rel == SCRIPT:
            names.pop(rel, None)
            files.pop(route(config, PageKind.ASSET, hashed_name(rel, data)).output_path, None)
    return names, files


def indexed_pages(planned: list[PlannedPage]) -> list[PlannedPage]:
    """The article pages that go into the index (published: not noindex), by output path."""
    return sorted((p for p in planned if p.kind == PageKind.ARTICLE and not p.noindex),
                  key=lambda p: p.route.output_path)


def index_key(config: Config) -> str:
    """The part of every shard's key (``searchshards.shard_key``) that all
    shards share: Pagefind's and the documents' versions and the config
    (date formats, language, base URL)."""
    return hashlib.sha256(f"{PAGEFIND_VERSION}|{DOC_VERSION}|{site_key(config)}".encode()).hexdigest()


def search_files(config: Config, planned: list[PlannedPage], contexts: Contexts, store,
                 preview: bool = False) -> dict[str, bytes]:
    """``{output path: bytes}`` of the search bundle for ``planned``'s
    published articles: one Pagefind bundle per shard below
    ``pagefind/<shard>/`` and the list ``pagefind/shards.json`` (see
    ``render.searchshards``).  Each shard comes from ``store`` (a
    ``store.db.Store`` or None) when kept under the same key — made of its
    documents' bytes, or with ``preview`` (``serve``) of their output paths
    only, so the preview re-indexes a shard when an article appears, goes or
    moves, not on each save of its text — else Pagefind indexes that shard
    alone and it is kept.  Raises ``SearchToolError`` when Pagefind is
    missing or fails."""
    documents = index_documents(config, planned, contexts)
    dated = {page.route.output_path: contexts.brief(page.key).datetime for page in indexed_pages(planned)}
    base, files = index_key(config), {}
    shards = searchshards.split(dated)
    for shard, paths in shards.items():
        mine = {path: documents[path] for path in paths}
        key = searchshards.shard_key(base, shard, mine, with_text=not preview)
        bundle = load_index(store, key, preview, shard)
        if bundle is None:
            bundle = searchshards.in_folder(shard, run_pagefind(mine))
            save_index(store, key, bundle, preview, shard)
        files.update(bundle)
    files[searchshards.SHARD_LIST] = searchshards.shard_list(list(shards))
    return files


def index_documents(config: Config, planned: list[PlannedPage], contexts: Contexts) -> dict[str, bytes]:
    """``{output path: HTML}``: one small document per indexed article page
    (see the module docstring), UTF-8."""
    return {page.route.output_path: _document(config, contexts, page.key) for page in indexed_pages(planned)}


def _document(config: Config, contexts: Contexts, slug: str) -> bytes:
    view = contexts.brief(slug)
    teaser = view.summary or describe(contexts.entries[slug].body.first_paragraph, TEASER_LIMIT)
    date = view.date_text + (f", {view.time_text}" if view.time_text else "")
    esc = html.escape
    return (f'<!DOCTYPE html>\n<html lang="{esc(config.language_tag)}">\n<head><meta charset="utf-8">'
            f"<title>{esc(view.title)}</title></head>\n<body><main data-pagefind-body>\n"
            f'<meta data-pagefind-meta="date[content]" content="{esc(date)}">\n'
            f'<meta data-pagefind-meta="datetime[content]" content="{esc(view.datetime)}">\n'
            f'<meta data-pagefind-meta="teaser[content]" content="{esc(teaser)}">\n'
            f'<h1 data-pagefind-meta="title">{esc(view.title)}</h1>\n<p>{esc(view.summary)}</p>\n'
            f"{view.body}\n</main></body>\n</html>\n").encode()


def executable() -> Path:
    """The Pagefind binary of the ``pagefind_bin_extended`` wheel; raises
    ``SearchToolError`` when it is not installed."""
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        missing = "the package pagefind_bin_extended" if isinstance(exc, ImportError) else "its binary pagefind_extended"
        raise SearchToolError(f"search: Pagefind is not installed ({missing} is missing) — {INSTALL_HINT}") from None


def run_pagefind(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Index ``documents`` ({output path: HTML}) with Pagefind in a temporary
    folder; returns the bundle as ``{"pagefind/…": bytes}`` without
    Pagefind's own UI files.  Raises ``SearchToolError`` when the binary is
    missing, cannot run, fails or takes longer than ``TIMEOUT_SECONDS``."""
    binary = executable()
    with tempfile.TemporaryDirectory(prefix="sitegen-search-", dir=_scratch()) as work:
        site, out = Path(work, "site"), Path(work, "bundle")
        for path in sorted(documents):
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(documents[path])
        site.mkdir(exist_ok=True)
        command = [str(binary), "--site", str(site), "--output-path", str(out), "--silent"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise SearchToolError(f"search: Pagefind did not finish within {TIMEOUT_SECONDS} s — "
                                  "build again; if it persists, set search: {enabled: false}") from None
        except OSError as exc:
            raise SearchToolError(f"search: cannot run Pagefind at {binary} ({exc.strerror or exc}) — "
                                  f"{INSTALL_HINT}") from None
        if done.returncode != 0:
            said = _first_line(done.stderr.decode("utf-8", "replace") or done.stdout.decode("utf-8", "replace"))
            raise SearchToolError(f"search: Pagefind failed with exit code {done.returncode}"
                                  f"{': ' + said if said else ''} — {INSTALL_HINT}")
        return {f"{BUNDLE}/{f.relative_to(out).as_posix()}": f.read_bytes()
                for f in sorted(out.rglob("*")) if f.is_file() and f.name not in _UI_FILES}


def _scratch() -> str | None:
    """A folder in memory (``/dev/shm``) for Pagefind's documents and bundle
    when there is a writable one, else None (the system's temporary folder):
    writing and removing thousands of small files on disk cost more than
    the documents' generation (measured; README "Search")."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _first_line(text: str, limit: int = 200) -> str:
    """The first non-empty line of ``text``, at most ``limit`` characters."""
    line = next((row.strip() for row in text.splitlines() if row.strip()), "")
    return line[:limit]
