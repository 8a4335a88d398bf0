"""Find and read the site's Markdown sources under ``content/``.

Articles live under ``content/news/``, pages under ``content/pages/``, both
searched recursively.  Text is normalised on reading: a UTF-8 BOM is dropped,
CRLF and CR become LF, and decomposed umlauts (NFD) are composed (NFC), so
every later stage sees clean UTF-8 text.  Editor swap, backup and lock files
are never read as sources.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, error

ARTICLE = "article"
PAGE = "page"
KIND_DIRS = {"news": ARTICLE, "pages": PAGE}


@dataclass(frozen=True)
class Source:
    """One Markdown file as read from disk.

    ``path`` is relative to the project root with ``/`` (``content/news/x.md``);
    ``kind`` is ``"article"`` or ``"page"``; ``text`` is normalised (LF, NFC, no
    BOM); ``digest`` is the SHA-256 hex digest of ``text``.
    """

    path: str
    kind: str
    text: str
    digest: str


def is_editor_artifact(name: str) -> bool:
    """True for editor temp, swap, backup and lock files (vim, Emacs, JetBrains).

    Examples: ``.x.md.swp``, ``x.md~``, ``4913``, ``.#x.md``, ``#x.md#``,
    ``x.md___jb_tmp___``; also every dotfile.
    """
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", "___"))
            or name == "4913" or "___jb_" in name)


def find_sources(root: Path, content_dir: str = "content") -> list[tuple[str, str]]:
    """List ``(relative path, kind)`` of every ``.md`` source, sorted by path.

    Dot folders and editor artifacts are skipped; symlinks that point nowhere
    are skipped too.  Files outside ``news/`` and ``pages/`` are not sources.
    """
    found = []
    base = root / content_dir
    for folder, kind in KIND_DIRS.items():
        top = base / folder
        if not top.is_dir():
            continue
        for path in top.rglob("*.md"):
            rel = path.relative_to(root)
            if any(is_editor_artifact(part) for part in rel.parts) or not path.is_file():
                continue
            found.append((rel.as_posix(), kind))
    return sorted(found)


def normalise_text(raw: bytes) -> str:
    """Decode UTF-8 bytes into LF-only NFC text without a BOM.

    Raises ``UnicodeDecodeError`` for bytes that are not UTF-8.
    """
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_source(root: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    """Read one source file; returns ``(source, problems)``.

    Bytes that are not UTF-8 give an error naming the line of the first bad
    byte; the file is then skipped.
    """
    raw = (root / rel).read_bytes()
    try:
        text = normalise_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(rel, line, "the file is not valid UTF-8 text",
                            "save it as UTF-8 in your editor")]
    return Source(rel, kind, text, hashlib.sha256(text.encode()).hexdigest()), []


def read_sources(root: Path, content_dir: str = "content") -> tuple[list[Source], list[Problem]]:
    """Find and read every source under ``root/content_dir``, in path order."""
    sources, problems = [], []
    for rel, kind in find_sources(root, content_dir):
        source, found = read_source(root, rel, kind)
        problems.extend(found)
        if source:
            sources.append(source)
    return sources, problems
