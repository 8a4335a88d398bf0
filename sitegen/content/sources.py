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
import re
import os
import unicodedata
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


# C0 and C1 control characters other than Tab and LF (CR is normalised away):
# Markdown turns NUL into U+FFFD and feeds drop the others, so they would
# change the editor's text without a word (XML 1.0, section 2.2).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _body_start(text: str) -> int:
    """Index where the Markdown body starts: after the closing ``---`` of YAML front matter, else 0."""
    if not text.startswith("---"):
        return 0
    end = text.find("\n---", 3)
    return 0 if end < 0 else end + 4


def normalise_text(raw: bytes) -> str:
    """Decode UTF-8 bytes into LF-only NFC text without a BOM.

    Raises ``UnicodeDecodeError`` for bytes that are not UTF-8.
    """
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# Limits no real source reaches (the longest article of the site is ~20 kB,
# its longest paragraph ~2,000 characters), so a file above them is a mistake
# (a pasted data dump, an embedded image): refusing it keeps the memory and
# time of one build bounded, including Markdown's superlinear worst cases,
# which grow with the length of a line.  Bytes: decimal MB, as file managers show.
MAX_SOURCE_BYTES = 2_000_000
MAX_LINE_CHARS = 100_000


def read_source(root: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    """Read one source file; returns ``(source, problems)``.

    A file above ``MAX_SOURCE_BYTES`` is refused before it is read (at most
    that many bytes are ever read), one that is not a regular file is never
    read (a FIFO is opened without waiting), and a line above
    ``MAX_LINE_CHARS`` characters is an error; bytes that are not UTF-8 give
    an error naming the line of the first bad byte.  The file is then
    skipped.  Raises ``FileNotFoundError`` when the file is gone.
    """
    raw, problem = _read_bounded(root / rel, rel, kind)
    if problem is not None:
        return None, [problem]
    try:
        text = normalise_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(rel, line, "the file is not valid UTF-8 text",
                            "save it as UTF-8 in your editor")]
    control = _CONTROL.search(text, _body_start(text))  # the front matter's YAML reader names its own
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [error(rel, line, f"the text holds the control character U+{ord(control.group()):04X}, which "
                                       "pages and feeds cannot show", "delete it; it is invisible in most editors")]
    long_line = _long_line(text)
    if long_line:
        line, length = long_line
        return None, [error(rel, line, f"the line has {length:,} characters; one line may have at most {MAX_LINE_CHARS:,}",
                            "break it into several lines, or link large data as a file")]
    return Source(rel, kind, text, hashlib.sha256(text.encode()).hexdigest()), []


def _read_bounded(path: Path, rel: str, kind: str) -> tuple[bytes, Problem | None]:
    """At most ``MAX_SOURCE_BYTES + 1`` bytes of a regular file, or a problem."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        return b"", error(rel, 1, f"the file cannot be read ({exc.strerror})", "check its permissions")
    with os.fdopen(fd, "rb") as handle:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):
            return b"", error(rel, 1, f"this is not a regular file but a {_file_type(stat.st_mode)}; it is not read",
                              "remove it from content/; sources are plain files")
        raw = handle.read(MAX_SOURCE_BYTES + 1) if stat.st_size <= MAX_SOURCE_BYTES else b""
        size = max(stat.st_size, len(raw))
    if size > MAX_SOURCE_BYTES:
        return b"", error(rel, 1, f"the file is {size / 1e6:.1f} MB; one {kind} may be at most {MAX_SOURCE_BYTES / 1e6:g} MB",
                          "split it or link large data as a file")
    return raw, None


def _long_line(text: str) -> tuple[int, int] | None:
    """``(line, length)`` of the first line above ``MAX_LINE_CHARS``, or None."""
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            return number, end - start
        start, number = end + 1, number + 1
    return None
