"""The Pagefind search index kept in the store (``.cache/store.sqlite3``).

One row per shard (``render.searchshards``), namespace ``search``, key
``index/<shard>`` (``preview/<shard>`` for ``serve``): its ``version`` is the
shard's key (``searchshards.shard_key``: the Pagefind version, the config and
the output path and bytes of each of the shard's documents), so a shard is
reused exactly when none of its articles changed, and a stale row is never
read.  The value is plain data: a JSON list ``[[path, length], …]``,
a NUL byte, then the files' bytes one after the other.  Anything that does
not decode into files below ``pagefind/`` is treated as missing.
"""

from __future__ import annotations

import json
import re

NS, KEY, PREVIEW_KEY = "search", "index", "preview"
_PATH = re.compile(r"^pagefind/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+){0,2}$")


def encode_files(files: dict[str, bytes]) -> bytes:
    """``{output path: bytes}`` → the stored value (paths in sorted order)."""
    names = sorted(files)
    head = json.dumps([[name, len(files[name])] for name in names], separators=(",", ":")).encode()
    return head + b"\0" + b"".join(files[name] for name in names)


def decode_files(value: bytes) -> dict[str, bytes]:
    """The stored value → ``{output path: bytes}``; raises ``ValueError``
    when it is damaged (a path outside ``pagefind/``, wrong lengths)."""
    head, sep, body = value.partition(b"\0")
    rows = json.loads(head.decode()) if sep else None
    if not isinstance(rows, list):
        raise ValueError("no file list")
    files, at = {}, 0
    for row in rows:
        if (not isinstance(row, list) or len(row) != 2 or not isinstance(row[0], str)
                or not _PATH.match(row[0]) or not isinstance(row[1], int) or row[1] < 0):
            raise ValueError("bad file entry")
        files[row[0]] = body[at:at + row[1]]
        at += row[1]
    if at != len(body):
        raise ValueError("length mismatch")
    return files


def _row(preview: bool, shard: str) -> str:
    return f"{PREVIEW_KEY if preview else KEY}/{shard}" if shard else (PREVIEW_KEY if preview else KEY)


def load_index(store, key: str, preview: bool = False, shard: str = "") -> dict[str, bytes] | None:
    """The index files kept for ``key`` in ``store`` (a ``store.db.Store`` or
    None; ``preview``: the rows of ``serve``; ``shard``: the shard's row), or
    None when there are none, they belong to another key, or the value is damaged."""
    value = store.get(NS, _row(preview, shard), key) if store is not None else None
    if value is None:
        return None
    try:
        return decode_files(value)
    except (ValueError, UnicodeDecodeError):
        return None


def save_index(store, key: str, files: dict[str, bytes], preview: bool = False, shard: str = "") -> None:
    """Keep ``files`` for ``key`` (replacing the shard's index of any other key)."""
    if store is not None:
        store.put(NS, _row(preview, shard), key, encode_files(files))
