"""Find and read the site's Markdown sources under ``content/``.

Articles live under ``content/news/``, pages under ``content/pages/``, both
searched recursively.  Text is normalised on reading: a UTF-8 BOM is dropped,
CRLF and CR become LF, and decomposed umlauts (NFD) are composed (NFC), so
every later stage sees clean UTF-8 text.  Editor swap, backup and lock files
are never read as sources.
"""

from __future__ import annotations

import enum

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from sitegen.problems import Problem, error



class EntryKind(enum.StrEnum):
    """What a source file is: an article (``content/news/``) or a page (``content/pages/``)."""

    ARTICLE = "article"
    PAGE = "page"


KIND_DIRS = {"news": EntryKind.ARTICLE, "pages": EntryKind.PAGE}
# A file changed this close before a check is read again even when its stat is
# unchanged: an edit within the same timestamp tick can keep it (git's "racy" rule).
RACY_NS = 2_000_000_000


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


@dataclass(frozen=True)
class Found:
    """A source file found on disk, not yet read: ``path`` relative to the
    project root with ``/``, ``kind``, and its stat: ``mtime_ns`` and
    ``ctime_ns`` (ns since the epoch; a restored mtime still changes the
    ctime, as git relies on), ``size`` in bytes, ``inode``."""

    path: str
    kind: str
    mtime_ns: int
    size: int
    ctime_ns: int = 0
    inode: int = 0

    @property
    def stat(self) -> tuple[int, int, int, int]:
        """``(mtime_ns, size, ctime_ns, inode)``: equal stats mean an unchanged file."""
        return self.mtime_ns, self.size, self.ctime_ns, self.inode

    @property
    def changed_ns(self) -> int:
        """When the file last changed: the later of mtime and ctime (ns)."""
        return max(self.mtime_ns, self.ctime_ns)


def scan_sources(root: Path, content_dir: str = "content") -> list[Found]:
    """Every ``.md`` source with its stat, sorted by path (no file is read).

    Dot folders and editor artifacts are skipped, symlinked folders are not
    followed (as ``Path.rglob``), symlinks that point nowhere are skipped.
    Files outside ``news/`` and ``pages/`` are not sources.
    """
    found = []
    base = os.path.join(root, content_dir)
    for folder, kind in KIND_DIRS.items():
        top = os.path.join(base, folder)
        for here, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not is_editor_artifact(d)]
            rel_dir = os.path.relpath(here, root).replace(os.sep, "/")
            for name in files:
                if not name.endswith(".md") or is_editor_artifact(name):
                    continue
                try:
                    stat = os.stat(os.path.join(here, name))
                except OSError:
                    continue
                if S_ISREG(stat.st_mode):
                    found.append(Found(f"{rel_dir}/{name}", kind, stat.st_mtime_ns, stat.st_size,
                                       stat.st_ctime_ns, stat.st_ino))
    return sorted(found, key=lambda f: f.path)


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
