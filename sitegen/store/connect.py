"""Opening ``.cache/store.sqlite3`` for ``db.Store``: the file checks, the
table layout, and what replaces a damaged, foreign or old-format file.

``connect`` never raises and never hangs longer than ``BUSY_SECONDS``; what
it cannot open it names, and the store keeps its values in memory only
(see the docstring of ``db``).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.store import files

APPLICATION_ID = 0x53475354  # "SGST"
FORMAT = 1  # PRAGMA user_version: the table layout
BUSY_SECONDS = 2.0
WAL_LIMIT = 16 << 20  # bytes of -wal file kept after a checkpoint

_SCHEMA = """CREATE TABLE IF NOT EXISTS kept (
    ns TEXT NOT NULL,
    key TEXT NOT NULL,
    version TEXT NOT NULL,
    checksum BLOB NOT NULL,
    value BLOB NOT NULL,
    expires INTEGER,
    PRIMARY KEY (ns, key))"""


def connect(path: Path, retry: bool = True):
    """Open the store file at ``path`` in WAL mode, made with its table when
    new.  Returns ``(sqlite3.Connection, "")``, or ``(None, reason)`` when
    it keeps to memory: the file is special (a FIFO, a link …), locked by
    another process, or cannot be opened or replaced.  A damaged, foreign or
    old-format file is removed and made anew once (``retry``)."""
    import sqlite3
    try:
        reason = files.clear_special(path)
        if reason:
            return None, reason
        db = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        return None, f"cannot open {path}: {exc}"
    try:
        _prepare(db)
    except sqlite3.DatabaseError as exc:  # OperationalError too: locked, not a database, damaged, foreign
        db.close()
        if isinstance(exc, sqlite3.OperationalError) and busy(exc):
            return None, f"{path} is locked by another process"
        if retry and files.remove_files(path):
            return connect(path, retry=False)
        return None, f"cannot use {path}: {exc}"
    return db, ""


def _prepare(db) -> None:
    """Check the layout of the open ``db`` (a new file gets the table);
    raises ``sqlite3.DatabaseError`` for a foreign or old-format database."""
    import sqlite3
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
    application, layout = db.execute("PRAGMA application_id").fetchone()[0], \
        db.execute("PRAGMA user_version").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if (application, layout) != (APPLICATION_ID, FORMAT) and (tables or application or layout):
        raise sqlite3.DatabaseError("a foreign or old-format database")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    if not tables:
        db.execute("BEGIN IMMEDIATE")
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={FORMAT}")
        db.execute("COMMIT")


def full(exc: Exception) -> bool:
    """True when the SQLite error ``exc`` says the disk is full (or failed)."""
    text = str(exc).lower()
    return "full" in text or "disk i/o" in text or "no space" in text


def busy(exc: Exception) -> bool:
    """True when the SQLite error ``exc`` says another process holds the lock."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text
