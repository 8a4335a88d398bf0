"""One stat-level walk of an output tree (live or standby): no file is read.

Dot entries that are not part of the new site (a gh-pages worktree's
``.git``, an editor's ``.keep``) are recorded in ``dots`` and not walked
into; leftovers of a cut-off write (``.x.tmp``, the old manifest) are plain
entries, so they are removed like any file the new site does not have.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.output.paths import is_leftover


@dataclass
class Scan:
    """What is below a folder: ``entries`` {relative path: lstat} of every
    non-folder (files, symlinks), ``dirs`` (relative paths of folders walked
    into) and ``dots`` (dot entries outside the new site, not walked into)."""

    entries: dict[str, os.stat_result] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    dots: list[str] = field(default_factory=list)

    def is_file(self, rel: str) -> bool:
        """True when ``rel`` is a regular file of this tree."""
        st = self.entries.get(rel)
        return st is not None and stat.S_ISREG(st.st_mode)

    def same_inode(self, rel: str, other: "Scan") -> bool:
        """True when ``rel`` is the same regular file (inode) in both trees."""
        mine, theirs = self.entries.get(rel), other.entries.get(rel)
        return (mine is not None and theirs is not None and stat.S_ISREG(mine.st_mode)
                and (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev))


def scan(folder: Path, site: set[str], site_dirs: set[str]) -> Scan:
    """Walk ``folder`` (missing: empty).  ``site`` and ``site_dirs`` are the
    new site's files and folders, which decide what counts as a dot entry
    to keep apart."""
    found = Scan()
    if folder.is_dir() and not folder.is_symlink():
        _walk(str(folder), "", site, site_dirs, found)
    found.dots.sort()
    return found


def _walk(path: str, prefix: str, site: set[str], site_dirs: set[str], found: Scan) -> None:
    entries, dirs, dots = found.entries, found.dirs, found.dots
    with os.scandir(path) as listing:
        for entry in listing:
            name = entry.name
            rel = prefix + name
            if name[0] == "." and rel not in site and rel not in site_dirs and not is_leftover(name):
                dots.append(rel)
            elif entry.is_dir(follow_symlinks=False):
                dirs.add(rel)
                _walk(entry.path, rel + "/", site, site_dirs, found)
            else:
                entries[rel] = entry.stat(follow_symlinks=False)


def same_bytes(path: Path, st: os.stat_result | None, data: bytes) -> bool:
    """True when ``path`` (stat ``st``) is a regular file holding exactly
    ``data``; read only when the size matches."""
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False
