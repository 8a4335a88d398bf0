"""Bring the standby tree up to date with the new site, touching nothing live.

A file whose bytes equal the live file's (or that the caller keeps) becomes
a hard link to the live inode: its bytes, inode and mtime carry over, and an
rsync-style deploy sees it unchanged.  A changed file is written through a
temp file and ``os.replace`` — never into an existing inode, since the two
trees share them.  Everything the new site does not have is removed first
(stale temp files of a cut-off run included).
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from sitegen.output.scan import Scan, same_bytes

Fault = Callable[[str], None]
NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}  # no hard links here


def failed(exc: OSError, path: Path | str) -> OSError:
    """``exc`` again, naming ``path`` as the file that failed (for the caller's message)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def clean(root: Path, tree: Scan, site: set[str], site_dirs: set[str]) -> None:
    """Remove from ``root`` (scanned as ``tree``) whatever is not a file or
    folder of the new site.  Raises ``OSError`` naming what could not go."""
    extra = [rel for rel, entry in tree.entries.items() if rel not in site or not entry.is_file(follow_symlinks=False)]
    for rel in sorted(tree.dots + [d for d in tree.dirs if d not in site_dirs] + extra):
        parent = rel.rpartition("/")[0]
        if not parent or parent in site_dirs:  # else it goes with its folder
            remove(root / rel)


def remove(path: Path) -> None:
    """Remove a file, symlink or folder tree; raises ``OSError`` naming it."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        raise failed(exc, exc.filename or path) from exc  # rmtree names the file inside that failed


@dataclass
class Standby:
    """The standby folder ``root`` (scanned as ``tree``, already cleaned) and
    the live folder ``live_root`` (scanned as ``live``) its files link to."""

    root: Path
    tree: Scan
    live_root: Path
    live: Scan
    fault: Fault
    written: int = 0
    unchanged: int = 0
    copied: int = 0
    made: set[str] = field(default_factory=set)

    def update(self, files: Mapping[str, bytes], keep: set[str], advance: Callable[[int], None] | None) -> None:
        """Make the standby hold ``files`` ({path: bytes}) and ``keep`` (live
        files carried over); counts ``written`` and ``unchanged``.  Raises
        ``OSError`` naming the standby file that failed."""
        self.made = {""} | self.tree.dirs
        for rel in sorted(set(files) | keep):
            if rel in files:
                if advance:
                    advance(1)
                data = files[rel]  # read once: the pages are read back from the spool
                self._put(rel, data, same_bytes(self.live_root / rel, self.live.entries.get(rel), data))
            elif self.live.is_file(rel):
                self._put(rel, None, True)
            else:  # a kept file that is gone from the live folder: not part of the new site
                remove(self.root / rel)

    def _put(self, rel: str, data: bytes | None, same: bool) -> None:
        if same:
            self.unchanged += 1
            if not self.tree.same_inode(rel, self.live):
                self.fault(f"link {rel}")
                self._link(rel)
        else:
            self.written += 1
            if not same_bytes(self.root / rel, self.tree.entries.get(rel), data):
                self.fault(f"write {rel}")
                self._write(rel, data)

    def _folder(self, rel: str) -> None:
        parent = rel.rpartition("/")[0]
        if parent not in self.made:
            (self.root / parent).mkdir(parents=True, exist_ok=True)
            while parent:
                self.made.add(parent)
                parent = parent.rpartition("/")[0]

    def _link(self, rel: str) -> None:
        target = self.root / rel
        try:
            self._folder(rel)
            target.unlink(missing_ok=True)
            os.link(self.live_root / rel, target)
        except OSError as exc:
            if exc.errno not in NO_LINKS:
                raise failed(exc, target) from exc
            self._copy(rel)

    def _copy(self, rel: str) -> None:
        """Where the filesystem has no hard links: a copy with the live file's mtime."""
        target = self.root / rel
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            shutil.copy2(self.live_root / rel, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise failed(exc, target) from exc
        self.copied += 1

    def _write(self, rel: str, data: bytes) -> None:
        """A new inode for ``rel`` (the old one may be shared with the live
        tree, so it is unlinked, never written into).  No temp file and
        rename: the standby is never served, and a file cut off here differs
        from what the next publish wants, so it is written again then."""
        target = self.root / rel
        try:
            self._folder(rel)
            target.unlink(missing_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
            try:
                os.fchmod(fd, 0o644)  # whatever the umask
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        except OSError as exc:
            raise failed(exc, target) from exc
