"""The preview's publish after its first: only what changed since the last one.

``serve`` publishes into a folder it owns (``.cache/preview-<port>``, locked
by its session) and knows every file it published last (``caching.Memory``).
There, a rebuild needs no walk of the folder and no standby: the changed
files are replaced one by one (each through a temp file and ``os.replace``,
never a half-written file) and the files the new site no longer has are
removed, with the folders they leave empty.  The caller uses it only while
the folder is the one it published into (same device and inode) and falls
back to ``writer.sync_output`` otherwise, or when the disk refuses here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Mapping

from sitegen.output.inplace import write_atomic
from sitegen.output.paths import check_path, site_dirs
from sitegen.output.standby import failed, remove
from sitegen.output.writer import SyncReport


def folder_id(out: Path) -> tuple[int, int] | None:
    """(device, inode) of the folder ``out``, None when it is not a folder
    (a swap or a user replaces the folder: its inode changes)."""
    try:
        found = os.lstat(out)
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if os.path.isdir(out) and not os.path.islink(out) else None


def patch_output(out: Path, files: Mapping[str, bytes], unchanged: int, removed: Iterable[str],
                 advance: Callable[[int], None] | None = None,
                 fault: Callable[[str], None] | None = None) -> SyncReport:
    """Write ``files`` ({relative path: bytes}, the changed ones) into ``out``
    and remove ``removed`` (relative paths); ``unchanged`` counts the files
    left as they are.  Raises ``UnsafePathError`` for a path outside the
    folder (before touching anything) and ``OSError`` naming the file that failed."""
    safe = {check_path(rel): data for rel, data in files.items()}
    gone = sorted({check_path(rel) for rel in removed} - set(safe))
    site_dirs(safe)  # a path that is both a file and a folder is refused, as by sync_output
    fault = fault or (lambda step: None)
    for rel in gone:
        fault(f"remove {rel}")
        remove(out / rel)
        _prune(out, rel)
    for rel in sorted(safe):
        if advance:
            advance(1)
        fault(f"write {rel}")
        target = out / rel
        try:
            if target.is_dir() and not target.is_symlink():
                remove(target)
            write_atomic(target, safe[rel])
        except OSError as exc:
            raise failed(exc, target) from exc
    return SyncReport(len(safe), unchanged, len(gone), tuple(gone))


def _prune(out: Path, rel: str) -> None:
    """Remove the folders above ``rel`` that its removal left empty."""
    parent = rel.rpartition("/")[0]
    while parent:
        try:
            os.rmdir(out / parent)
        except OSError:  # not empty (or gone): the folders above are not empty either
            return
        parent = parent.rpartition("/")[0]
