"""Rendered page bytes parked on disk until the publish copies them.

A build of 10,000 articles renders ~1 GB of pages at 50,000; holding them all
in memory until the publish made the build's peak memory grow with the site.
So pages go to a spool: unlinked temporary files (nothing is left behind by a
build that is killed), one per worker process, each written by that worker
only; the build result's ``files`` (``SpooledFiles``) is a mapping that
reads a page's bytes back when asked for them.  Reading gives exactly the
bytes written, so the output is the same as with every page in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import MutableMapping
from pathlib import Path
from typing import Iterator


class Spool:
    """``count`` unlinked temporary files in ``folder`` (the store's folder,
    ``.cache/``; None: the system's temporary folder), each appended to by
    one writer (``writer(slot)``) and read by anyone (``read(ref)``)."""

    def __init__(self, folder: Path | None, count: int = 1):
        self._files = [tempfile.TemporaryFile(dir=folder, prefix="spool-") for _ in range(max(1, count))]

    @property
    def slots(self) -> int:
        """How many files (writers) there are."""
        return len(self._files)

    def writer(self, slot: int) -> "SpoolWriter":
        """The writer of file ``slot``: only one process may use it."""
        return SpoolWriter(slot, self._files[slot].fileno())

    def read(self, ref: tuple[int, int, int]) -> bytes:
        """The bytes at ``ref`` (slot, offset, length) as written."""
        slot, offset, length = ref
        data = os.pread(self._files[slot].fileno(), length, offset)
        while len(data) < length:  # a short read (never seen on a regular file)
            more = os.pread(self._files[slot].fileno(), length - len(data), offset + len(data))
            if not more:
                raise OSError(f"the page spool ended early at {offset + len(data)} of slot {slot}")
            data += more
        return data

    def close(self) -> None:
        """Close (and so remove) every file."""
        for handle in self._files:
            handle.close()


class SpoolWriter:
    """Appends to one spool file; ``put(data)`` returns where the bytes are."""

    def __init__(self, slot: int, fd: int):
        self.slot, self._fd = slot, fd
        self._offset = os.lseek(fd, 0, os.SEEK_END)

    def put(self, data: bytes) -> tuple[int, int, int]:
        """Append ``data``; returns its ``(slot, offset, length)``."""
        view, start = memoryview(data), self._offset
        while view:
            written = os.pwrite(self._fd, view, self._offset)
            view, self._offset = view[written:], self._offset + written
        return self.slot, start, len(data)


class SpooledFiles(MutableMapping):
    """``{output path: bytes}`` where a value is held in memory or in a
    ``Spool`` (read back at each access).  Keeps insertion order like a dict;
    ``copy()`` shares the spool.  ``close()`` removes the spool's files."""

    def __init__(self, spool: Spool | None, items: dict | None = None):
        self._spool = spool
        self._items: dict[str, object] = dict(items or {})

    def spooled(self, path: str, ref: tuple[int, int, int]) -> None:
        """Add the file at ``path`` whose bytes are at ``ref`` in the spool."""
        self._items[path] = ref

    def __getitem__(self, path: str) -> bytes:
        value = self._items[path]
        return value if isinstance(value, bytes) else self._spool.read(value)

    def __setitem__(self, path: str, data: bytes) -> None:
        self._items[path] = bytes(data)

    def __delitem__(self, path: str) -> None:
        del self._items[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, path: object) -> bool:
        return path in self._items

    def copy(self) -> "SpooledFiles":
        """A new mapping with the same files (the spool is shared)."""
        return SpooledFiles(self._spool, self._items)

    def close(self) -> None:
        """Remove the spool (its values cannot be read afterwards)."""
        if self._spool is not None:
            self._spool.close()
