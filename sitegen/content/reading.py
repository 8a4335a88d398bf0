"""Read one Markdown source found by ``content/sources``, bounded and normalised.

Text is normalised on reading: a UTF-8 BOM is dropped, CRLF and CR become
LF, and decomposed umlauts (NFD) are composed (NFC), so every later stage
sees clean UTF-8 text.  Files too large, with too long lines, not UTF-8 or
holding control characters are refused with one problem each.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from stat import S_ISREG

from sitegen.content.sources import Source, _file_type
from sitegen.problems import Problem, error


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
