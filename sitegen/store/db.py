"""The one store for everything kept between builds: ``.cache/store.sqlite3``.

SQLite through the standard library, in WAL mode, one table::

    kept(ns, key, version, checksum, value, expires)   -- primary key (ns, key)

``value`` is bytes of a safe encoding (JSON, see ``codec``): nothing read
from ``.cache`` is ever executed.  ``checksum`` is the SHA-256 of (ns, key,
version, value); a row whose checksum or version does not match what the
reader expects, or whose ``expires`` (ns since the epoch, NULL: never) has
passed, is treated as missing — recomputed, never published.  The checksum
finds damage (a flipped bit, a half-written or edited value), not forgery:
the cache is not signed, and whoever can write ``.cache/`` can write a value
with a matching checksum.

Opening never opens anything but a regular file: the store file and its
``-wal``, ``-shm`` and ``-journal`` companions are ``lstat``-ed first and
removed (``unlink`` opens nothing) when they are FIFOs, devices, sockets,
symlinks or folders.  A damaged, truncated, foreign or old-format database,
and any ``sqlite3.Error``, only costs speed: the file is replaced by an empty
store, or — when that fails, ``.cache`` cannot be written, or another
process holds the write lock longer than ``BUSY_SECONDS`` — this process
keeps its values in memory only.  ``Store.memory()`` (``--no-cache``)
never touches the disk.

Writes are kept in memory until ``commit()``, which writes them in one short
transaction; reads see them at once.  Reads outside a transaction see the
last committed state, so a ``serve`` and a ``build`` may share the file.
"""

from __future__ import annotations

import atexit
import os
import stat
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

from sitegen.store import files
from sitegen.store.checks import CHUNK, checksum, valid, verified
from sitegen.store.connect import (  # noqa: F401 - importable from here as before
    APPLICATION_ID, BUSY_SECONDS, FORMAT, WAL_LIMIT, busy, connect, full)

FILE = "store.sqlite3"
PENDING_BYTES = 32 << 20  # uncommitted value bytes that trigger a commit

_DELETED = None  # a pending delete


class Store:
    """Values by (namespace, key), each valid for one ``version``.

    Use ``Store.open(cache_folder)`` or ``Store.memory()``.  ``stats``
    counts ``read`` (valid values returned), ``missing``, ``rejected``
    (wrong checksum, version or expired), ``written``, ``deleted`` and
    ``errors`` (SQLite errors survived); ``fallback`` says why a store meant
    for the disk keeps values in memory only ("" when it does not).
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self.stats: Counter[str] = Counter()
        self.fallback = ""
        self._db = None
        self._pending: dict[tuple[str, str], tuple[str, bytes, int | None] | None] = {}
        self._cleared: set[str] = set()
        self._pending_bytes = 0

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def memory(cls) -> "Store":
        """A store that reads and writes nothing on disk."""
        return cls(None)

    @classmethod
    def open(cls, folder: Path) -> "Store":
        """The store in ``folder`` (``.cache/``), made when missing; never
        raises and never hangs (see the module docstring)."""
        store = cls(Path(folder) / FILE)
        try:
            prepared = files.prepare_folder(Path(folder))
        except OSError as exc:
            prepared = f"cannot use {folder}: {exc.strerror or exc}"
        if prepared:
            store.fallback = prepared
            return store
        store._connect()
        return store

    @property
    def on_disk(self) -> bool:
        """True while values are read from and written to the file."""
        return self._db is not None

    def _connect(self, retry: bool = True) -> None:
        self._db, reason = connect(self.path, retry)
        if self._db is None:
            self._memory_only(reason)

    def _memory_only(self, reason: str) -> None:
        self.close()
        self.fallback = reason

    def _failed(self, exc: Exception) -> None:
        """An SQLite error while in use: locked or disk full → memory only for
        this process (the file is kept); damaged → replace the file by an
        empty store."""
        import sqlite3
        self.stats["errors"] += 1
        if isinstance(exc, sqlite3.OperationalError) and busy(exc):
            self._memory_only(f"{self.path} is locked by another process")
            return
        if isinstance(exc, sqlite3.OperationalError) and full(exc):  # the disk, not the file: keep it
            self._memory_only(f"{self.path} cannot grow: {exc}")
            return
        self._memory_only(f"{self.path} failed: {exc}")
        if isinstance(exc, sqlite3.DatabaseError) and files.remove_files(self.path):
            self._connect(retry=False)
            if self._db is not None:
                self.fallback = ""

    # --- reading ---------------------------------------------------------------------------------

    def get(self, ns: str, key: str, version: str) -> bytes | None:
        """The value of ``key`` in ``ns`` made by ``version``, or None."""
        pending = self._pending.get((ns, key), False)
        if pending is not False:
            return self._valid_pending(pending, version)
        if self._db is None or ns in self._cleared:
            self.stats["missing"] += 1
            return None
        try:
            row = self._db.execute("SELECT version, checksum, value, expires FROM kept WHERE ns=? AND key=?",
                                   (ns, key)).fetchone()
        except Exception as exc:  # noqa: BLE001 — sqlite3.Error, or a damaged value
            self._failed(exc)
            row = None
        if row is None:
            self.stats["missing"] += 1
            return None
        return self._checked(ns, key, version, *row)

    def items(self, ns: str, version: str, rejected: list[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Every valid (key, value) of ``ns`` made by ``version``, in key order
        (rows read in batches: a few MB in memory at a time); the keys of rows
        that are not valid are appended to ``rejected``."""
        pending = {k: v for (n, k), v in self._pending.items() if n == ns}
        if self._db is not None and ns not in self._cleared:
            for key, value in verified(ns, version, self._batches(ns, pending)):
                if value is not None:
                    self.stats["read"] += 1
                    yield key, value
                else:
                    self.stats["rejected"] += 1
                    if rejected is not None:
                        rejected.append(key)
        for key in sorted(pending):
            value = self._valid_pending(pending[key], version)
            if value is not None:
                yield key, value

    def _batches(self, ns: str, skip) -> Iterator[list]:
        """The rows of ``ns`` (key, version, checksum, value, expires) in key
        order, ``CHUNK`` at a time, without those whose key is in ``skip``;
        an SQLite error ends them (see ``_failed``)."""
        try:
            cursor = self._db.execute("SELECT key, version, checksum, value, expires FROM kept WHERE ns=? "
                                      "ORDER BY key", (ns,))
            while True:
                batch = cursor.fetchmany(CHUNK)
                if not batch:
                    return
                yield [row for row in batch if row[0] not in skip]
        except Exception as exc:  # noqa: BLE001 — sqlite3.Error: what was read stays valid
            self._failed(exc)

    def _checked(self, ns: str, key: str, version: str, found_version, found_checksum, value, expires) -> bytes | None:
        if not valid(ns, key, version, found_version, found_checksum, value, expires, time.time_ns()):
            self.stats["rejected"] += 1
            return None
        self.stats["read"] += 1
        return value

    def _valid_pending(self, pending, version: str) -> bytes | None:
        if pending is _DELETED or pending[0] != version or (pending[2] is not None and pending[2] <= time.time_ns()):
            self.stats["missing"] += 1
            return None
        self.stats["read"] += 1
        return pending[1]

    # --- writing ---------------------------------------------------------------------------------

    def put(self, ns: str, key: str, version: str, value: bytes, expires: int | None = None) -> None:
        """Keep ``value`` for ``key`` in ``ns``, valid for ``version`` (and
        until ``expires``, ns since the epoch, when given).  More than
        ``PENDING_BYTES`` waiting are committed at once (every value is valid
        on its own, so any commit point is safe; it bounds the memory of a cold build)."""
        value = bytes(value)
        old = self._pending.get((ns, key))
        self._pending[(ns, key)] = (version, value, expires)
        if self._db is not None:
            self._pending_bytes += len(value) - (len(old[1]) if old else 0)
            if self._pending_bytes > PENDING_BYTES:
                self.commit()

    def delete(self, ns: str, key: str) -> None:
        """Forget ``key`` in ``ns``."""
        self._pending[(ns, key)] = _DELETED

    def clear(self, ns: str) -> None:
        """Forget everything in ``ns``."""
        self._pending = {k: v for k, v in self._pending.items() if k[0] != ns}
        self._cleared.add(ns)

    def commit(self) -> bool:
        """Write what was put, deleted and cleared since the last commit, in
        one transaction; returns False when it was not written (only speed is lost)."""
        if self._db is None:
            return False
        if not self._pending and not self._cleared:
            return True
        puts = [(ns, key, v[0], checksum(ns, key, v[0], v[1]), v[1], v[2])
                for (ns, key), v in self._pending.items() if v is not _DELETED]
        deletes = [key for key, v in self._pending.items() if v is _DELETED]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("DELETE FROM kept WHERE ns=?", [(ns,) for ns in sorted(self._cleared)])
                self._db.executemany("DELETE FROM kept WHERE ns=? AND key=?", deletes)
                self._db.executemany("INSERT OR REPLACE INTO kept VALUES (?, ?, ?, ?, ?, ?)", puts)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        except Exception as exc:  # noqa: BLE001 — sqlite3.Error: only costs speed
            self._failed(exc)
            return False
        self.stats["written"] += len(puts)
        self.stats["deleted"] += len(deletes)
        self._pending.clear()
        self._cleared.clear()
        self._pending_bytes = 0
        return True

    def close(self) -> None:
        """Close the file (uncommitted values are dropped)."""
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001
                pass
            self._db = None


_shared: dict[str, tuple[Store, tuple[int, int] | None]] = {}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def shared(folder: Path | None) -> Store:
    """The store of this process for ``folder`` (``.cache/``): opened on
    first use, and again when its file was removed or replaced since (a
    deleted ``.cache`` means a build from nothing); a new memory-only store
    for None."""
    if folder is None:
        return Store.memory()
    key = os.path.abspath(folder)
    store, identity = _shared.get(key, (None, None))
    if store is not None and (not store.on_disk or identity != _identity(store.path)):
        store.close()
        store = None
    if store is None:
        store = Store.open(Path(key))
        _shared[key] = (store, _identity(store.path) if store.on_disk else None)
        from sitegen.store import versions
        versions.attach(store)
    return store


def forget_shared() -> None:
    """Close every shared store (at exit, and in tests; a later ``shared``
    opens them anew).  Closing the last connection moves the WAL into the
    file, so ``.cache/store.sqlite3`` alone holds everything."""
    for store, _ in _shared.values():
        store.close()
    _shared.clear()


atexit.register(forget_shared)
