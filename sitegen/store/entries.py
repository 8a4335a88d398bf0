"""Parsed entries kept between builds, so a rebuild reads and parses only
the sources that changed.

One ``Record`` per source path: its stat, content hash, draft flag, parsed
``Entry`` and problems.  A source is trusted unchanged when its stat (mtime
and ctime in ns, size, inode — what git's index compares) equals the
record's and it was not changed within 2 s before the scan that checked it
(an edit in the same timestamp tick could keep the stat, git's "racy" rule);
otherwise it is read again, and a record with an equal content hash is
still reused.  ``serve`` keeps one store in memory between its rebuilds.
The store also keeps the last related-article selection
(``related.Selection``, reused by ``site`` only when its input key is equal).

In the store (``db.Store``): namespace ``entries``, one row per source path
(so saving after a one-file edit writes one row), ``entrystat`` (per path
the text hash and the newer stat of a record whose text did not change: a
fresh clone gives every file a new stat, and rewriting 10,000 records with
their bodies' HTML took 1.3 s; a stat row is a few dozen bytes), and
``related`` (one row).  Their version is ``VERSION_MODULES``' code version (the parse stages
and everything they import, the parser libraries, Python), the codec's field
lists, and for records the parse options: time zone (and its tz data) and
``allow_html``.  Loading is one SELECT; a row that fails its checksum,
version or decoding is parsed again.  Never raises for a bad cache.
"""

from __future__ import annotations

import hashlib
import os
import zoneinfo
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sitegen.content import entry as content_stage
from sitegen.content.entry import Entry, Renderer
from sitegen.content.frontmatter import FrontMatter
from sitegen.content.disclosure import Conflict, Disclosure, Instrument
from sitegen.content.dates import Moment
from sitegen.content.timeline import Breaking, Correction
from sitegen.content.markdown import Heading, Link, Note, RenderedBody
from sitegen.content.sources import RACY_NS, EntryKind, Found, Source
from sitegen.gcpause import paused_gc
from sitegen.problems import Problem
from sitegen.site.related import Selection
from sitegen.store import db
from sitegen.store.codec import Codec
from sitegen.store.versions import code_version

NAMESPACE, RELATED, STATS = "entries", "related", "entrystat"
# The modules whose code shapes what the store keeps (sources → front matter → Markdown → Entry,
# this module's record making, the related selection); their imports count too.
VERSION_MODULES = ("sitegen.store.entries", "sitegen.content.entry", "sitegen.content.sources",
                   "sitegen.site.related")


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


ALLOWED = (Record, Entry, FrontMatter, Moment, Disclosure, Instrument, Conflict, RenderedBody, Heading, Note, Link,
           Problem, Selection, Breaking, Correction)
ENUMS = {(Record, "kind"): EntryKind, (Entry, "kind"): EntryKind}
RECORDS = Codec(Record, ALLOWED, ENUMS, texts=((RenderedBody, "html"), (RenderedBody, "first_paragraph")))
SELECTIONS = Codec(Selection, ALLOWED)


def parse_record(found: Found, source: Source, zone: ZoneInfo, allow_html: bool, render: Renderer,
                 now_ns: int) -> Record:
    """Parse ``source`` (found as ``found``, read at ``now_ns``) into its record."""
    entry, problems = content_stage.parse_entry(source, zone, allow_html, render)
    return Record(found.kind, found.stat, now_ns, source.digest, content_stage.is_draft_source(source), entry,
                  tuple(problems))


def code_version_of_records() -> str:
    """The version of records and selections, before the parse options."""
    text = f"{code_version(*VERSION_MODULES)}|{RECORDS.schema}|{SELECTIONS.schema}"
    return hashlib.sha256(text.encode()).hexdigest()


def zone_data(key: str) -> str:
    """A digest of the tz database file of time zone ``key`` (its rules
    shape every local date), "" when not found."""
    if not isinstance(key, str) or not key or ".." in key or key.startswith("/"):
        return ""
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, key)
        try:
            if os.path.isfile(path):
                with open(path, "rb") as file:
                    return hashlib.sha256(file.read()).hexdigest()
        except OSError:
            continue
    return ""  # from the tzdata package: its version is part of the code version


class EntryStore:
    """Records by source path, for one set of parse ``options``.

    ``store`` is the ``db.Store`` to keep them in (None: memory only).
    """

    def __init__(self, options: tuple = (), store: db.Store | None = None, version: str = ""):
        self.options = options
        self._store = store
        self._version = version
        self.records: dict[str, Record] = {}
        self.related: Selection | None = None
        self._saved_related: Selection | None = None
        self._dirty: set[str] = set()
        self._saved: dict[str, Record] = {}  # as the store's ``entries`` rows hold them (stat aside)
        self._loaded = False
        self.rejected = 0  # rows kept but not usable (checksum, version or shape)

    @property
    def store(self) -> db.Store:
        """The ``db.Store`` the records are kept in."""
        if self._store is None:
            self._store = db.Store.memory()
        return self._store

    @store.setter
    def store(self, store: db.Store) -> None:
        """Keep the records in ``store`` from now on (all of them, at the next ``save``)."""
        if store is not self._store:
            if self._store is not None:
                self._dirty |= self.records.keys()
                self._saved_related = None
            self._store = store

    @property
    def version(self) -> str:
        """The version of the records: code, codec and parse options."""
        if not self._version:
            self._version = code_version_of_records()
        return hashlib.sha256(f"{self._version}|{self.options!r}|{self._zone_data()}".encode()).hexdigest()

    def _zone_data(self) -> str:
        return zone_data(self.options[0]) if self.options else ""

    def use_options(self, options: tuple) -> None:
        """Forget every record when the parse options differ; load the
        records kept for these options the first time."""
        if options != self.options and self._loaded:
            self._dirty |= self.records.keys()
            self.records, self._loaded = {}, False
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
        """Make ``records`` the whole store; paths whose records differ are
        marked for ``save``."""
        old = self.records
        self._dirty.update(path for path in old.keys() | records.keys() if old.get(path) is not records.get(path))
        self.records = records

    def save(self) -> None:
        """Write the changed records and the related selection and commit
        (a store that cannot be written only costs speed)."""
        store = self.store
        if self._dirty:
            version = self.version
            for path in sorted(self._dirty):
                record, saved = self.records.get(path), self._saved.get(path)
                if record is None:
                    store.delete(NAMESPACE, path)
                    store.delete(STATS, path)
                    self._saved.pop(path, None)
                elif saved is not None and _same_but_stat(saved, record):
                    store.put(STATS, path, version, _stat_text(record).encode())
                else:
                    store.put(NAMESPACE, path, version, RECORDS.encode(record))
                    store.delete(STATS, path)
                    self._saved[path] = record
            self._dirty.clear()
        if self.related is not self._saved_related and self.related is not None:
            store.put(RELATED, RELATED, self._version or code_version_of_records(),
                      SELECTIONS.encode(self.related))
            self._saved_related = self.related
        store.commit()

    def _load(self) -> None:
        store = self.store
        if not store.on_disk:
            return
        version = self.version
        stale: list[str] = []
        with paused_gc(freeze=True):  # records hold no cycles; see gcpause
            decode = RECORDS.decode
            for path, data in store.items(NAMESPACE, version, stale):
                try:
                    self.records[path] = decode(data)
                except ValueError:
                    stale.append(path)
        self.rejected += len(stale)
        self._dirty.update(stale)  # rewritten if the source is still there, else deleted
        self._saved = dict(self.records)
        for path, data in store.items(STATS, version):
            record = self.records.get(path)
            newer = _with_stat(record, data) if record is not None else None
            if newer is not None:
                self.records[path] = newer
        related = store.get(RELATED, RELATED, self._version or code_version_of_records())
        if related is not None:
            try:
                self.related = self._saved_related = SELECTIONS.decode(related)
            except ValueError:
                self.rejected += 1


def _same_but_stat(saved: Record, record: Record) -> bool:
    """True when ``record`` differs from ``saved`` at most in its stat and check time."""
    return (saved.digest == record.digest and saved.kind == record.kind and saved.draft == record.draft
            and saved.entry is record.entry and saved.problems == record.problems)


def _stat_text(record: Record) -> str:
    """A stat row's value: the text hash, the stat's four numbers and the check time."""
    return " ".join([record.digest, *map(str, record.stat), str(record.checked_ns)])


def _with_stat(record: Record, data: bytes) -> Record | None:
    """``record`` with the stat of a stat row, or None when the row is not
    for this record's text or does not parse."""
    parts = data.decode("ascii", "replace").split(" ")
    if len(parts) != 6 or parts[0] != record.digest or not all(p.isdigit() for p in parts[1:]):
        return None
    numbers = tuple(int(p) for p in parts[1:])
    return Record(record.kind, numbers[:4], numbers[4], record.digest, record.draft, record.entry, record.problems)
