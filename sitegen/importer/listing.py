"""Find the posts and pages of an archive folder, safely.

Where each generator keeps them: Jekyll ``_posts/`` and ``_drafts/``, also below
category folders (``finanzen/_posts/``; pages:
other Markdown files outside ``_`` folders); Hugo ``content/`` (top-level
files and files without a date are pages, ``_index.md`` section lists are
skipped); Hexo ``source/_posts/`` and ``source/_drafts/`` (pages:
``source/<name>/index.md``, as ``hexo new page`` makes them); Pelican ``content/`` (pages: ``content/pages/``).
Symlinks are never followed (a link could leave SOURCE); at most
``MAX_FILES`` files are looked at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
OTHER_TEXT = (".html", ".htm", ".rst", ".textile", ".adoc", ".org")
SKIP_DIRS = {"node_modules", "vendor", ".git", "public", "_site", "output", "themes", "resources"}
MAX_FILES = 200_000
LINK_MARK = "\0"


@dataclass(frozen=True)
class Candidate:
    """A source file: ``rel`` path below SOURCE with ``/``; ``kind`` "article"
    or "page"; ``draft`` for Jekyll/Hexo ``_drafts``; ``markdown`` False for
    files of other markup (listed, not imported)."""

    rel: str
    kind: str
    draft: bool = False
    markdown: bool = True
    link: bool = False


def walk(root: Path, top: str) -> list[str]:
    """Files below ``root/top`` as sorted relative paths, symlinks prefixed with
    ``LINK_MARK`` (never followed); no dot or skipped folders."""
    found: list[str] = []
    base = root / top if top else root
    if base.is_symlink() or not base.is_dir():
        return found
    for here, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and not os.path.islink(os.path.join(here, d)))
        rel_dir = os.path.relpath(here, root).replace(os.sep, "/")
        for name in files:
            path = os.path.join(here, name)
            if name.startswith("."):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            found.append(f"{LINK_MARK}{rel}" if os.path.islink(path) else rel)
            if len(found) >= MAX_FILES:
                return sorted(found)
    return sorted(found)


def candidates(root: Path, kind: str) -> list[Candidate]:
    """Every post and page of the archive at ``root`` made by ``kind``."""
    if kind == "jekyll":
        return _jekyll(root)
    if kind == "hexo":
        return _hexo(root)
    if kind == "pelican":
        return _in(root, "content", lambda rel: "page" if rel.startswith("content/pages/") else "article")
    return _hugo(root)


def _text_kind(rel: str) -> bool | None:
    """True for Markdown, False for other markup, None for anything else."""
    lower = rel.lower()
    if lower.endswith(MARKDOWN):
        return True
    return False if lower.endswith(OTHER_TEXT) else None


def _in(root: Path, top: str, kind_of, draft: bool = False) -> list[Candidate]:
    out = []
    for rel in walk(root, top):
        link = rel.startswith(LINK_MARK)
        rel = rel.removeprefix(LINK_MARK)
        markdown = _text_kind(rel)
        if markdown is not None:
            out.append(Candidate(rel, kind_of(rel), draft, markdown, link))
    return out


def jekyll_categories(rel: str) -> list[str]:
    """The categories Jekyll reads from a post's path: the folders above its
    ``_posts`` (or ``_drafts``) folder, ``finanzen/gold/_posts/x.md`` →
    ``["finanzen", "gold"]``; folders below ``_posts`` give none (Jekyll 3/4,
    ``Document#categories_from_path``; jekyllrb.com/docs/posts/#categories)."""
    parts = rel.split("/")
    for index, part in enumerate(parts[:-1]):
        if part in ("_posts", "_drafts"):
            return parts[:index]
    return []


def _jekyll(root: Path) -> list[Candidate]:
    posts, pages = [], []
    for rel in walk(root, ""):
        link = rel.startswith(LINK_MARK)
        rel = rel.removeprefix(LINK_MARK)
        parts = rel.split("/")
        special = next((p for p in parts[:-1] if p in ("_posts", "_drafts")), "")
        if special and _text_kind(rel) is not None and not any(p.startswith("_") for p in parts[:parts.index(special)]):
            posts.append(Candidate(rel, "article", special == "_drafts", bool(_text_kind(rel)), link))
            continue
        if link:
            continue
        if any(p.startswith("_") for p in parts) or not rel.lower().endswith(MARKDOWN):
            continue
        if parts[-1].lower().rsplit(".", 1)[0] in ("readme", "license", "changelog", "404", "index"):
            continue
        pages.append(Candidate(rel, "page"))
    return posts + pages


def _hexo(root: Path) -> list[Candidate]:
    posts = _in(root, "source/_posts", lambda rel: "article") + _in(root, "source/_drafts", lambda rel: "article", True)
    pages = [Candidate(rel, "page") for rel in walk(root, "source")
             if rel.endswith("/index.md") and rel.count("/") == 2 and not rel.startswith(LINK_MARK) and not any(p.startswith("_") for p in rel.split("/"))]
    return posts + pages


def _hugo(root: Path) -> list[Candidate]:
    def kind_of(rel: str) -> str:
        return "page" if rel.count("/") == 1 else "article"
    return _in(root, "content", kind_of)
