"""Find the site's Markdown sources under ``content/`` (``content/reading``
reads them).

Articles live under ``content/news/``, pages under ``content/pages/``, both
searched recursively.  Editor swap, backup and lock files are never read as
sources.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

from sitegen.problems import Problem, error, warning

class EntryKind(enum.StrEnum):
    """What a source file is: an article (``content/news/``) or a page (``content/pages/``)."""

    ARTICLE = "article"
    PAGE = "page"


KIND_DIRS = {"news": EntryKind.ARTICLE, "pages": EntryKind.PAGE}
# A file changed this close before a check is read again even when its stat is
# unchanged: an edit within the same timestamp tick can keep it (git's "racy" rule).
RACY_NS = 2_000_000_000
# Markdown file names read as sources (Jekyll and Hugo read .markdown and .mdown too).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
# Text formats other generators read that this one does not: skipped with a
# warning, so an imported archive never loses posts without a word.  Images
# and other files next to an article are assets and are not mentioned.
SKIPPED_SUFFIXES = (".html", ".htm", ".txt", ".rst", ".adoc", ".asciidoc", ".org", ".textile",
                    ".mkd", ".mkdn", ".mdwn", ".ipynb", ".pdc", ".rmd")


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

    The sources of ``find_sources`` without its problems.
    """
    return find_sources(root, content_dir)[0]


def find_sources(root: Path, content_dir: str = "content") -> tuple[list[Found], list[Problem]]:
    """Every Markdown source (``MARKDOWN_SUFFIXES``) with its stat, sorted by
    path, and the problems met (a warning for each file of another text format,
    ``SKIPPED_SUFFIXES``, which is not read).

    Dot folders and editor artifacts are skipped; files outside ``news/`` and
    ``pages/`` are not sources; no file is opened.  Sources are confined to
    the site folder ``root``: a link (to a file or folder) whose target lies
    outside it is an error and is not followed, a link inside it is followed
    (a folder already read is skipped with a warning, so link loops end).  A
    FIFO, device or socket named ``*.md`` is an error (opening a FIFO would
    wait forever); a link that points nowhere is a warning.
    """
    base = os.path.join(root, content_dir)
    tops = [(os.path.join(base, folder), kind) for folder, kind in KIND_DIRS.items()]
    tops = [(top, kind) for top, kind in tops if os.path.isdir(top)]
    walk = _Walk(Path(root), os.path.realpath(root), [os.path.realpath(top) for top, _ in tops])
    for top, kind in tops:
        if walk.inside(top, os.path.realpath(top)):
            walk.folder(top, kind)
    return sorted(walk.found, key=lambda f: f.path), walk.problems


class _Walk:
    """State of one scan: the sources found, the problems, the linked folders read."""

    def __init__(self, root: Path, real_root: str, real_tops: list[str]):
        self.root, self.real_root, self.real_tops = root, real_root, real_tops
        self.prefix = os.path.join(root, "")
        self.found: list[Found] = []
        self.problems: list[Problem] = []
        self.seen: set[str] = set()

    def rel(self, path: str) -> str:
        """``path`` relative to the site folder, with ``/``."""
        rest = path[len(self.prefix):]  # a plain path below the folder: as relpath gives it, without abspath
        if path.startswith(self.prefix) and "/." not in "/" + rest and "//" not in rest and os.sep == "/":
            return rest
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def enter(self, path: str) -> bool:
        """True when the linked folder ``path`` lies inside the site and is not read otherwise."""
        target = os.path.realpath(path)
        if not self.inside(path, target):
            return False
        if target in self.seen or any(_within(top, target) for top in self.real_tops):
            self.problems.append(warning(self.rel(path), 0, f"the link points to {self.rel(target)}, which is already read; it is skipped",
                                         "remove the link"))
            return False
        self.seen.add(target)
        return True

    def inside(self, path: str, target: str) -> bool:
        """True when ``target`` lies in the site folder; else an error for the link ``path``."""
        if _within(self.real_root, target):
            return True
        self.problems.append(error(self.rel(path), 0, f"the link points outside the site, to {target}; it is not read",
                                   "copy the file into content/ instead of linking to it"))
        return False

    def folder(self, top: str, kind: str) -> None:
        """Add the sources below the folder ``top`` (recursively, links checked),
        in the order of ``os.walk(top, followlinks=True)``: one ``scandir`` per
        folder, whose listing gives each entry's type (a source costs one ``stat``)."""
        try:
            with os.scandir(top) as listing:
                entries = sorted(listing, key=lambda e: e.name)  # sorted: the same link wins each time
        except OSError:  # as os.walk: a folder that cannot be listed is skipped
            return
        dirs, files = [], []
        for entry in entries:
            (dirs if _is_dir(entry) else files).append(entry)
        dirs = [d for d in dirs if not is_editor_artifact(d.name) and (not d.is_symlink() or self.enter(d.path))]
        for entry in files:
            name = entry.name
            if is_editor_artifact(name):
                continue
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                self.file(entry.path, kind, entry)
            elif name.lower().endswith(SKIPPED_SUFFIXES):
                self.problems.append(warning(
                    self.rel(entry.path), 0,
                    f"this file is not read: only Markdown files ({', '.join(MARKDOWN_SUFFIXES)}) are sources",
                    "convert it to Markdown and rename it to .md, or move it out of content/"))
        for entry in dirs:
            self.folder(entry.path, kind)

    def file(self, path: str, kind: str, entry: os.DirEntry) -> None:
        """Add the source file ``path`` (listed as ``entry``) when it is a regular file inside the site."""
        rel = self.rel(path)
        if entry.is_symlink() and not self.inside(path, os.path.realpath(path)):
            return
        try:
            stat = entry.stat()
        except OSError:
            self.problems.append(warning(rel, 0, f"the link points to {os.readlink(path)}, which does not exist; it is skipped",
                                         "remove the link or restore its target"))
            return
        if not S_ISREG(stat.st_mode):
            self.problems.append(error(rel, 0, f"this is not a regular file but a {_file_type(stat.st_mode)}; it is not read",
                                       "remove it from content/; sources are plain files"))
            return
        self.found.append(Found(rel, kind, stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino))


def _is_dir(entry: os.DirEntry) -> bool:
    """As os.walk decides: a folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _within(folder: str, path: str) -> bool:
    """True when the real path ``path`` is ``folder`` or lies below it."""
    return os.path.commonpath([folder, path]) == folder


def _file_type(mode: int) -> str:
    """A short name for a non-regular file's type (``stat.S_IS*``)."""
    for test, name in ((S_ISFIFO, "FIFO (named pipe)"), (S_ISDIR, "folder"), (S_ISSOCK, "socket"),
                       (S_ISCHR, "character device"), (S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"
