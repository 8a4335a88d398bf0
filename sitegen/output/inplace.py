"""The fallback publish for an output folder that cannot be swapped (a mount
point): files are replaced one by one in the live folder, each through a
temp file and ``os.replace``.  A build cut off here leaves a mix of old and
new pages (never a half-written file); the next publish completes it and
removes the temp files such a cut leaves.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping

from sitegen.output.scan import Scan, same_bytes
from sitegen.output.standby import failed, remove


def sync_in_place(out: Path, live: Scan, files: Mapping[str, bytes], keep: set[str], site_dirs: set[str],
                  fault: Callable[[str], None], advance: Callable[[int], None] | None) -> tuple[int, int]:
    """Make ``out`` (scanned as ``live``) hold ``files`` and ``keep`` plus
    its dot entries; returns ``(written, unchanged)``.  Raises ``OSError``
    naming the file that failed."""
    written = 0
    for rel in sorted(rel for rel in live.entries if rel in site_dirs):  # a file where a folder must go
        remove(out / rel)
    for rel in sorted(files):
        if advance:
            advance(1)
        data = files[rel]  # read once: the pages are read back from the spool
        if same_bytes(out / rel, live.entries.get(rel), data):
            continue
        written += 1
        fault(f"write {rel}")
        target = out / rel
        if target.is_dir() and not target.is_symlink():
            remove(target)
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise failed(exc, target) from exc
    fault("clean")
    site = set(files) | keep
    for rel in sorted(live.entries):
        if rel not in site and rel not in site_dirs:  # (those went first)
            remove(out / rel)
    for rel in sorted(live.dirs - site_dirs, reverse=True):
        try:
            os.rmdir(out / rel)
        except OSError:  # still holds a dot entry, or is a file of the new site now
            pass
    return written, len(files) - written + len(keep & set(live.entries))


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temp file and ``os.replace``
    (never a half-written file); creates the folder.  Raises ``OSError``."""
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
