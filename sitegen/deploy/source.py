"""What ``deploy`` copies: the output folder exactly as the last complete build published it.

A build records its state in ``.cache`` only after its publish finished
(``store.buildstate``; it forgets the state before it starts writing).  So
the folder is deployed only when that state exists and every file it lists
still has the stamp it had then.  A publish cut off by a kill is first
finished or rolled back (``output.swap.recover``, under the output folder's
lock) — its state was forgotten, so the folder is then refused until the
next build.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Mapping


class NotPublished(Exception):
    """The output folder is not a complete build's; ``str()`` is the one-line error."""


@dataclass(frozen=True)
class Published:
    """A completely published output folder: ``folder`` (absolute), its
    ``files`` (sorted output paths), ``built`` (aware UTC time the build
    finished), ``pages`` ({article page output path: source path}, from the
    removal guard's record), and ``extra`` top-level dot entries in the
    folder that no build wrote (``.git`` of a gh-pages worktree: never deployed)."""

    folder: Path
    files: tuple[str, ...]
    built: datetime
    pages: Mapping[str, str]
    extra: tuple[str, ...]


@contextlib.contextmanager
def published(config, folder: Path, shown: str) -> Iterator[Published]:
    """Hold the lock of the output ``folder`` (shown to the user as
    ``shown``) while the deploy runs, after recovering a cut-off publish.
    Raises ``NotPublished`` when no complete build published the folder, and
    ``output.lock.OutputBusy`` when a build holds it."""
    from sitegen.output import swap
    from sitegen.output.paths import Layout
    from sitegen.output.writer import lock_output
    with lock_output(folder):
        swap.recover(Layout.of(folder))
        yield _check(config, folder, shown)


def _check(config, folder: Path, shown: str) -> Published:
    from sitegen.output.guard import load_published
    from sitegen.store import db
    from sitegen.store.buildstate import StateSlot, load_state, stamp
    again = "run .venv/bin/python build.py build first (a build with --no-cache records nothing)"
    if not folder.is_dir():
        raise NotPublished(f"error: {shown}/ does not exist — {again}")
    cache = config.root / ".cache"
    store = db.shared(cache) if cache.is_dir() else None
    state = load_state(StateSlot(folder, store)) if store is not None else None
    if state is None:
        raise NotPublished(f"error: no complete build published {shown}/ (the last build was cut off, failed "
                           f"or was made by another version) — {again}")
    changed = [rel for rel, recorded in sorted(state.outputs.items()) if stamp(str(folder / rel)) != recorded]
    if changed:
        raise NotPublished(f"error: {shown}/{changed[0]} changed after the last build "
                           f"({len(changed)} file{'s' * (len(changed) != 1)} in all) — build again, then deploy")
    files = tuple(sorted(state.outputs))
    built = datetime.fromtimestamp(state.finished_ns / 1e9, timezone.utc)
    tops = {rel.split("/", 1)[0] for rel in files}
    extra = tuple(sorted(n for n in os.listdir(folder) if n not in tops and n.startswith(".")))
    strays = sorted(set(_walk(folder, extra)) - set(files))
    if strays:
        raise NotPublished(f"error: {shown}/{strays[0]} was not written by the last build — remove it or build "
                           "again, then deploy")
    return Published(folder, files, built, load_published(store, folder), extra)


def _walk(folder: Path, skip: tuple[str, ...]) -> Iterator[str]:
    """Output paths of every file and symlink below ``folder``, but the top-level entries ``skip``."""
    for base, dirs, names in os.walk(folder):
        rel = os.path.relpath(base, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        if not prefix:
            dirs[:] = [d for d in dirs if d not in skip]
            names = [n for n in names if n not in skip]
        yield from (prefix + n for n in names)
        yield from (prefix + d for d in dirs if os.path.islink(os.path.join(base, d)))
