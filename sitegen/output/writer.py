"""Sync the output folder: the only module that writes to it.

Writes only files whose bytes differ, each through a temp file in the same
folder and ``os.replace`` (never a half-written file); deletes files the
previous build made that are no longer produced (from a manifest, as Lektor
keeps build state); leaves dotfiles alone (a gh-pages worktree keeps its
``.git``).  Paths are checked to stay inside the output folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

MANIFEST = ".sitegen-manifest.json"


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: counts of files ``written``, ``unchanged``, ``deleted``,
    and the ``removed`` paths (relative to the output folder)."""

    written: int
    unchanged: int
    deleted: int
    removed: tuple[str, ...] = ()


class UnsafePathError(ValueError):
    """An output path that would leave the output folder (``..``, absolute)."""


def check_path(rel: str) -> str:
    """Return ``rel`` if it is a safe relative POSIX path, else raise ``UnsafePathError``."""
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or "\\" in rel or norm.startswith("..") or norm == "." or ":" in rel:
        raise UnsafePathError(f"refusing to write outside the output folder: {rel!r}")
    return norm


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temp file and ``os.replace``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_manifest(out: Path) -> set[str]:
    """The files the previous build wrote (empty when there is no valid manifest)."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        return {check_path(p) for p in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def sync_output(out: Path, files: Mapping[str, bytes], keep: Iterable[str] = (),
                advance: Callable[[int], None] | None = None) -> SyncReport:
    """Make ``out`` hold exactly ``files`` ({relative path: bytes}) and
    ``keep`` (paths the previous build wrote, left untouched) plus dotfiles.
    ``advance(1)`` is called after each file (for a progress bar).

    Raises ``UnsafePathError`` before writing anything if a path is unsafe,
    and ``OSError`` when the disk refuses a write.
    """
    safe = {check_path(rel): data for rel, data in files.items()}
    kept = {check_path(rel) for rel in keep} - set(safe)
    out.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    for rel in sorted(safe):
        if advance:
            advance(1)
        target = out / rel
        if _holds(target, safe[rel]):
            unchanged += 1
            continue
        write_atomic(target, safe[rel])
        written += 1
    stale = sorted(read_manifest(out) - set(safe) - kept)
    for rel in stale:
        (out / rel).unlink(missing_ok=True)
        _remove_empty_parents(out, (out / rel).parent)
    manifest = json.dumps({"files": sorted(set(safe) | kept)}, indent=0).encode()
    if not (out / MANIFEST).is_file() or (out / MANIFEST).read_bytes() != manifest:
        write_atomic(out / MANIFEST, manifest)
    return SyncReport(written, unchanged + len(kept), len(stale), tuple(stale))


def _holds(target: Path, data: bytes) -> bool:
    """True when ``target`` is a file with exactly ``data`` (read only when
    the size matches)."""
    try:
        if os.stat(target).st_size != len(data):
            return False
        return target.is_file() and target.read_bytes() == data
    except OSError:
        return False


def _remove_empty_parents(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
