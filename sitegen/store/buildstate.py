"""Build state: skip a build whose inputs did not change since the last one.

Like Lektor's build state, but coarse: after a successful build we record a
digest of every input's (path, mtime/ctime in ns, size, inode) — content, theme, site
templates, config — plus the build options, the clock, when the next
scheduled article falls due, the size of every file written and each
page's fingerprint.  The next build with the same digest, a clock that has
not passed that moment, and an intact output folder has nothing to do; a
build with changed inputs keeps the pages whose fingerprint is unchanged.
Any doubt (a file changed within 2 s of the last build, a damaged or
missing state) means a full build.

Kept in the store (``db.Store``), namespace ``build``, one row per output
folder; its version is the code version of the whole product
(``versions.product_version``: every ``sitegen`` module, the libraries
they import, Python) and the codec's field list, so any code change or
library upgrade means a full build.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping

from sitegen.content.sources import RACY_NS
from sitegen.store import db
from sitegen.store.places import folder_key
from sitegen.store.codec import Codec
from sitegen.store.versions import product_version

NAMESPACE = "build"


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw and wrote.

    ``key`` digests options, config and input stats; ``now`` and
    ``next_due`` are ISO 8601 with offset ("" for none); ``next_due`` is the
    earlier of the next scheduled article and the next change of output
    that changes with the clock alone (the news sitemap's 48 hours, an
    expiry, a breaking-news banner's end, a correction's moment: ``site.timeline``); ``outputs`` maps
    output paths to the stamp of the file published there (``stamp``: size,
    mtime and inode — a page edited in place, or checked out again by git, no
    longer matches); ``summary``/``warnings`` are the lines it
    printed (stderr, and extra stdout lines); ``finished_ns`` is wall-clock
    time in ns; ``render_key`` and ``pages`` ({output path: fingerprint})
    let the next build keep pages whose fingerprint did not change.
    """

    key: str
    now: str
    next_due: str
    outputs: Mapping[str, str]
    summary: Mapping[str, int]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    finished_ns: int
    render_key: str = ""
    pages: Mapping[str, str] = field(default_factory=dict)


def _walk(folder: Path) -> Iterable[tuple[str, int, str]]:
    """(path, change time in ns — the later of mtime and ctime —, "size|inode") of every file below ``folder``."""
    if not folder.exists():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield _stamped(entry.path, entry.stat())


def input_key(root: Path, config_path: Path, theme: str, options: str) -> tuple[str, int]:
    """Digest of every input's stat and ``options``; also the newest change time (ns).
    (The product's code is the version of the kept state, see ``load_state``.)"""
    digest = hashlib.sha256(options.encode())
    newest = 0
    folders = [root / "content", root / "static", root / "themes" / theme, root / "templates",
               root / "data"]  # data/: tables and charts (content/datafiles.py)
    for path, mtime, size in [*(x for f in folders for x in _walk(f)), *_walk_file(config_path)]:
        digest.update(f"{path}|{mtime}|{size}\n".encode())
        newest = max(newest, mtime)
    return digest.hexdigest(), newest


def _walk_file(path: Path) -> Iterable[tuple[str, int, str]]:
    yield _stamped(str(path), path.stat())


def _stamped(path: str, stat: os.stat_result) -> tuple[str, int, str]:
    return path, max(stat.st_mtime_ns, stat.st_ctime_ns), f"{stat.st_size}|{stat.st_ino}"


STATES = Codec(BuildState, (BuildState,))


def state_version() -> str:
    """The version of a kept build state: the whole product's code and the codec."""
    return hashlib.sha256(f"{product_version()}|{STATES.schema}".encode()).hexdigest()


@dataclass(frozen=True)
class StateSlot:
    """Where the state of builds into the output folder ``out`` is kept: a row of ``store``."""

    out: Path
    store: db.Store

    @property
    def key(self) -> str:
        return folder_key(self.store, self.out)


def load_state(slot: StateSlot) -> BuildState | None:
    """The recorded state, or None when missing, damaged or made by other code."""
    data = slot.store.get(NAMESPACE, slot.key, state_version())
    if data is None:
        return None
    try:
        return STATES.decode(data)
    except ValueError:
        return None


def save_state(slot: StateSlot, state: BuildState) -> None:
    """Record ``state`` and commit (a failure to write only costs speed next time)."""
    slot.store.put(NAMESPACE, slot.key, state_version(), STATES.encode(state))
    slot.store.commit()


def forget_state(slot: StateSlot) -> None:
    """Remove the recorded state and commit (before the output folder is
    written: if writing fails or is cut off, the next build trusts nothing in it)."""
    slot.store.delete(NAMESPACE, slot.key)
    slot.store.commit()


def still_valid(state: BuildState | None, key: str, newest_ns: int, now: datetime, out: Path) -> bool:
    """True when a build with ``key`` at ``now`` would write exactly what ``state`` wrote."""
    if state is None or state.key != key or newest_ns >= state.finished_ns - RACY_NS:
        return False
    if now < datetime.fromisoformat(state.now) or (state.next_due and now >= datetime.fromisoformat(state.next_due)):
        return False
    folder = str(out)
    return all(stamp(os.path.join(folder, rel)) == recorded for rel, recorded in state.outputs.items())


def intact_pages(state: BuildState | None, out: Path) -> dict[str, str]:
    """{output path: fingerprint} of the last build's pages still intact in ``out``
    (present with the stamp they had when that build published them)."""
    if state is None:
        return {}
    return {rel: state.pages[rel] for rel in intact_stamps(state, out)}


def intact_stamps(state: BuildState | None, out: Path) -> dict[str, str]:
    """{output path: stamp} of the last build's pages still intact in ``out``
    (``intact_pages``).  A page the next publish keeps is carried over as
    the same inode, so this stays its stamp: the build records it without
    a second ``stat`` (a page changed meanwhile is then found changed next time)."""
    if state is None:
        return {}
    intact, folder, outputs = {}, str(out), state.outputs
    for rel in state.pages:
        found = stamp(os.path.join(folder, rel))
        if found and found == outputs.get(rel):
            intact[rel] = found
    return intact


def stamp(path: str) -> str:
    """``"size:mtime_ns:inode"`` of a published file, ``""`` when it is gone
    (the publish never rewrites a file in place, so an equal stamp means the
    bytes it published)."""
    try:
        found = os.stat(path)
    except OSError:
        return ""
    return f"{found.st_size}:{found.st_mtime_ns}:{found.st_ino}"


def finished_now_ns() -> int:
    """Wall-clock time in ns (for ``BuildState.finished_ns``)."""
    return time.time_ns()
