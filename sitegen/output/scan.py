"""One directory-level walk of an output tree (live or standby): no file is
read, and no file is even stat-ed — type and inode come with the directory
listing (``os.DirEntry``); a size is asked for only where bytes are compared.

Dot entries that are not part of the new site (a gh-pages worktree's
``.git``, an editor's ``.keep``) are recorded in ``dots`` and not walked
into; leftovers of a cut-off write (``.x.tmp``, the old manifest) are plain
entries, so they are removed like any file the new site does not have.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.output.paths import is_leftover


@dataclass
class Scan:
    """What is below a folder: ``entries`` {relative path: ``os.DirEntry``} of
    every non-folder (files, symlinks), ``dirs`` (relative paths of folders
    walked into) and ``dots`` (dot entries outside the new site, not walked
    into)."""

    entries: dict[str, os.DirEntry] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    dots: list[str] = field(default_factory=list)

    def is_file(self, rel: str) -> bool:
        """True when ``rel`` is a regular file of this tree."""
        entry = self.entries.get(rel)
        return entry is not None and entry.is_file(follow_symlinks=False)

    def same_inode(self, rel: str, other: "Scan") -> bool:
        """True when ``rel`` is the same regular file (inode) in both trees
        (the trees are siblings on one filesystem, so the inode number alone
        names the file)."""
        mine, theirs = self.entries.get(rel), other.entries.get(rel)
        return (mine is not None and theirs is not None and mine.is_file(follow_symlinks=False)
                and mine.inode() == theirs.inode())


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
                entries[rel] = entry


def same_bytes(path: Path, entry: os.DirEntry | None, data: bytes) -> bool:
    """True when ``path`` (listed as ``entry``) is a regular file holding
    exactly ``data``; read only when the size matches."""
    try:
        if entry is None or not entry.is_file(follow_symlinks=False) or \
                entry.stat(follow_symlinks=False).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False
