"""How big the published site is, against the limits of the configured host.

``HOST_LIMITS`` (``deploy.host``, see ``config.deploy.HOSTS``):

- GitHub Pages: "Published GitHub Pages sites may be no larger than 1 GB"
  (docs.github.com, "GitHub Pages limits");
- Cloudflare Pages: 20,000 files per site on the free plan (developers.cloudflare.com,
  "Pages limits");
- Netlify, S3 and Apache webspace document no size or file-count limit for a
  static site; only the size line is printed.

A limit is reached "nearly" at ``WARN_SHARE`` (80 %).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

WARN_SHARE = 0.8


@dataclass(frozen=True)
class Limit:
    """A host's limits: ``name`` as shown, ``max_bytes`` and ``max_files`` (0 = none)."""

    name: str
    max_bytes: int = 0
    max_files: int = 0


HOST_LIMITS = {
    "github": Limit("GitHub Pages", max_bytes=10**9),
    "cloudflare": Limit("Cloudflare Pages (free plan)", max_files=20_000),
}


def measure(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files below ``folder``; folders starting
    with "." (a gh-pages worktree's ``.git``) are not counted, nor symlinks
    (one ``lstat`` per file: type comes with the directory listing)."""
    total = count = 0
    pending = [str(folder)]
    while pending:
        try:
            listing = os.scandir(pending.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                try:
                    if entry.is_symlink():
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if not entry.name.startswith("."):
                            pending.append(entry.path)
                        continue
                    total, count = total + entry.stat(follow_symlinks=False).st_size, count + 1
                except OSError:
                    continue
    return total, count


def known_size(folder: Path, stamps: Mapping[str, str], dots: Iterable[str]) -> tuple[int, int]:
    """``measure(folder)`` right after a publish, without walking it again:
    the site's files from their ``stamps`` ({relative path: "size:mtime:inode",
    "" when gone}, ``store.buildstate.stamp``) and the dot entries the publish
    carried along (``dots``, relative paths: a dot file is counted, a dot
    folder is not).  As in ``measure``, nothing below a folder starting with
    "." counts."""
    total = count = 0
    for rel, found in stamps.items():
        if found and not _in_dot_folder(rel):
            total, count = total + int(found.split(":", 1)[0]), count + 1
    for rel in dots:
        if _in_dot_folder(rel):
            continue
        try:
            info = os.lstat(os.path.join(folder, rel))
        except OSError:
            continue
        if not stat.S_ISLNK(info.st_mode) and not stat.S_ISDIR(info.st_mode):  # as ``measure`` counts
            total, count = total + info.st_size, count + 1
    return total, count


def _in_dot_folder(rel: str) -> bool:
    """True when a folder on the way to ``rel`` starts with "."."""
    parent = rel.rpartition("/")[0]
    return parent.startswith(".") or "/." in parent


def megabytes(size: int) -> str:
    """``12_345_678`` → ``"12.3 MB"``, ``10**9`` → ``"1.0 GB"``, ``95_400`` → ``"95.4 kB"``
    (decimal units, as hosts state their limits)."""
    if size >= 10**9:
        return f"{size / 10**9:,.1f} GB"
    return f"{size / 10**6:,.1f} MB" if size >= 10**6 else f"{size / 10**3:,.1f} kB"


def size_lines(folder: Path, host: str, limits: dict[str, Limit] = HOST_LIMITS,
               measured: tuple[int, int] | None = None) -> tuple[str, ...]:
    """The line ``output: 12.3 MB in 245 files`` and, when ``host``'s limit in
    ``limits`` is reached to ``WARN_SHARE`` or more, one warning per limit
    (``measured``: the folder's (bytes, files) when known, see ``known_size``)."""
    size, files = measured if measured is not None else measure(folder)
    lines = [f"output: {megabytes(size)} in {files:,} files"]
    limit = limits.get(host)
    if limit is None:
        return tuple(lines)
    if limit.max_bytes and size >= WARN_SHARE * limit.max_bytes:
        lines.append(f"warning: the output is {megabytes(size)}, {size * 100 // limit.max_bytes} % of "
                     f"the {limit.name} limit of {megabytes(limit.max_bytes)} per site — publish large files "
                     "(videos, PDFs) elsewhere or remove old ones")
    if limit.max_files and files >= WARN_SHARE * limit.max_files:
        lines.append(f"warning: the output has {files:,} files, {files * 100 // limit.max_files} % of "
                     f"the {limit.name} limit of {limit.max_files:,} files per site — "
                     "use fewer tag pages or a host without this limit")
    return tuple(lines)
