"""Parsed entries kept between builds, so a rebuild reads and parses only
the sources that changed.

One ``Record`` per source path: its stat, content hash, draft flag, parsed
``Entry`` and problems.  A source is trusted unchanged when its stat (mtime
and ctime in ns, size, inode — what git's index compares) equals the
record's and it was not changed within 2 s before the scan that checked it
(an edit in the same timestamp tick could keep the stat, git's "racy" rule);
otherwise it is read again, and a record with an equal content hash is
still reused.  ``serve`` keeps one store in memory; the
``build`` command and ``serve`` also keep it in ``.cache/entries/`` as 32
pickle shards, so saving after a one-file edit rewrites one shard.  The
store also keeps the last related-article selection (``related.Selection``,
reused by ``site`` only when its input key is equal).

A shard file is trusted only when its header names this exact code version
(the code of the parse modules, Python and parser library versions) and parse options
(time zone, raw HTML); a damaged, truncated or foreign shard is ignored and
its sources parsed again.  Never raises for a bad cache.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import zlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sitegen.content.entry import Entry
from sitegen.gcpause import paused_gc
from sitegen.problems import Problem
from sitegen.site.related import Selection
from sitegen.content.sources import RACY_NS, Found
from sitegen.output.writer import write_atomic

FORMAT = 2
SHARDS = 32
MAGIC = "sitegen-entries"
# The modules whose code shapes what the store keeps (sources → front matter → Markdown → Entry;
# the related selection).
PARSE_MODULES = ("entrystore", "sources", "frontmatter", "yamltext", "dates", "slugs", "markdown", "content",
                 "problems", "related", "site")


@dataclass(frozen=True)
class Record:
    """What parsing one source gave: ``kind``, the stat it was read with
    (``sources.Found.stat``: mtime and ctime in ns, size in bytes, inode),
    ``checked_ns`` (when that stat was last confirmed, ns since the epoch),
    ``digest`` (SHA-256 of the text), ``draft`` (front matter says draft,
    read leniently), and ``entry`` (None on a front matter error) with its
    ``problems``."""

    kind: str
    stat: tuple[int, int, int, int]
    checked_ns: int
    digest: str
    draft: bool
    entry: Entry | None
    problems: tuple[Problem, ...]


def code_version() -> str:
    """A digest of everything a record depends on besides its source: the
    code of ``PARSE_MODULES``, the Python version and the parser libraries."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for lib in ("pyyaml", "markdown-it-py", "mdit-py-plugins", "python-slugify", "tzdata"):
        digest.update(f"|{lib}={version(lib)}".encode())
    here = Path(__file__).resolve().parents[1]
    for path in sorted(here.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _shard(path: str) -> int:
    return zlib.crc32(path.encode()) % SHARDS


class EntryStore:
    """Records by source path, for one set of parse ``options``.

    ``folder`` None keeps the store in memory only.
    """

    def __init__(self, options: tuple = (), folder: Path | None = None, version: str = ""):
        self.options = options
        self.folder = folder
        self.version = version or (code_version() if folder else "")
        self.records: dict[str, Record] = {}
        self.related: Selection | None = None
        self._saved_related: Selection | None = None
        self._dirty: set[int] = set()
        self._loaded = False

    def use_options(self, options: tuple) -> None:
        """Forget every record when the parse options differ; load the shards
        from ``folder`` the first time."""
        if options != self.options and self._loaded:
            self.records, self._loaded = {}, False
            self._dirty = set(range(SHARDS))
        self.options = options
        if not self._loaded:
            self._loaded = True
            self._load()

    def unchanged(self, found: Found) -> Record | None:
        """The record of ``found`` when its stat proves it unchanged, else None."""
        record = self.records.get(found.path)
        if (record is None or record.kind != found.kind or record.stat != found.stat
                or found.changed_ns >= record.checked_ns - RACY_NS):
            return None
        return record

    def same_text(self, found: Found, digest: str, now_ns: int) -> Record | None:
        """The record of ``found`` when its text hash is ``digest``, with the
        new stat and check time, else None."""
        record = self.records.get(found.path)
        if record is None or record.kind != found.kind or record.digest != digest:
            return None
        return Record(found.kind, found.stat, now_ns, digest, record.draft, record.entry, record.problems)

    def replace(self, records: dict[str, Record]) -> None:
        """Make ``records`` the whole store; shards whose records differ are
        marked for ``save``."""
        for path in self.records.keys() | records.keys():
            if self.records.get(path) is not records.get(path):
                self._dirty.add(_shard(path))
        self.records = records

    def save(self) -> None:
        """Write the changed shards (errors writing are ignored: a cache that
        cannot be written only costs speed)."""
        if self.folder is None:
            self._dirty.clear()
            return
        by_shard: dict[int, dict[str, Record]] = {n: {} for n in self._dirty}
        for path, record in self.records.items():
            if _shard(path) in by_shard:
                by_shard[_shard(path)][path] = record
        for number, records in by_shard.items():
            _write(self.folder / f"shard-{number:02d}.pickle", (MAGIC, self.version, self.options, number), records)
        self._dirty.clear()
        if self.related is not self._saved_related and self.related is not None:
            _write(self.folder / "related.pickle", (MAGIC, self.version, "related"), self.related)
            self._saved_related = self.related

    def _load(self) -> None:
        if self.folder is None:
            return
        with paused_gc(freeze=True):  # records hold no cycles; see gcpause
            self._load_shards()

    def _load_shards(self) -> None:
        for number in range(SHARDS):
            records = _read_shard(self.folder / f"shard-{number:02d}.pickle",
                                  (MAGIC, self.version, self.options, number))
            if records is None:
                self._dirty.add(number)
            else:
                self.records.update(records)
        related = _read(self.folder / "related.pickle", (MAGIC, self.version, "related"))
        if isinstance(related, Selection) and isinstance(related.slugs, dict):
            self.related = self._saved_related = related


def _write(path: Path, header: tuple, payload) -> None:
    try:
        write_atomic(path, pickle.dumps((header, payload), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError):
        pass


def _read(path: Path, header: tuple):
    """The payload of a file ``_write`` wrote with ``header``, or None when it
    is missing, damaged or foreign."""
    try:
        found_header, payload = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 — any damage (truncation, foreign bytes, old classes) means "not cached"
        return None
    return payload if found_header == header else None


def _read_shard(path: Path, header: tuple) -> dict[str, Record] | None:
    """The records of one shard file, or None when it is missing, damaged or foreign."""
    records = _read(path, header)
    if not isinstance(records, dict):
        return None
    if not all(isinstance(k, str) and isinstance(r, Record) and _shard(k) == header[3] for k, r in records.items()):
        return None
    return records
