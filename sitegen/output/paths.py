"""Names and checks of the publish: safe relative paths, the sibling folders
and files next to the output folder, and the refusal to replace a folder
that is not a built site.

For an output folder ``site/output`` the publish uses, in ``site/``:
``.output.standby`` (the idle copy that the next build fills and swaps in),
``.output.aside`` (only between the two renames of the fallback swap),
``.output.journal`` (dot entries moved out of ``output/`` for the swap) and
``.output.lock`` (who is building, see ``lock``).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

LEGACY_MANIFEST = ".sitegen-manifest.json"  # written into the output folder by older versions


class UnsafePathError(ValueError):
    """An output path that would leave the output folder (``..``, absolute)."""


class UnsafeOutputError(ValueError):
    """An output folder that must not be replaced (not a built site, or not a folder)."""


def check_path(rel: str) -> str:
    """Return ``rel`` normalised if it is a safe relative POSIX path, else raise ``UnsafePathError``."""
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or "\\" in rel or norm.startswith("..") or norm == "." or ":" in rel:
        raise UnsafePathError(f"refusing to write outside the output folder: {rel!r}")
    return norm


def site_dirs(site: Iterable[str]) -> set[str]:
    """Every folder (relative path) that holds a file of ``site``; raises
    ``UnsafePathError`` when a path is both a file and a folder."""
    dirs: set[str] = set()
    for rel in site:
        parent = rel.rpartition("/")[0]
        while parent and parent not in dirs:
            dirs.add(parent)
            parent = parent.rpartition("/")[0]
    clash = sorted(dirs.intersection(site))
    if clash:
        raise UnsafePathError(f"output path is both a file and a folder: {clash[0]!r}")
    return dirs


def is_leftover(name: str) -> bool:
    """True for a temp file of a cut-off write (``.index.html.x1y2.tmp``) or the old manifest."""
    return (name.startswith(".") and name.endswith(".tmp")) or name == LEGACY_MANIFEST


@dataclass(frozen=True)
class Layout:
    """The live output folder ``out`` (absolute) and its siblings."""

    out: Path

    @classmethod
    def of(cls, out: Path) -> "Layout":
        """The layout for ``out``; a symlinked output folder is followed (its
        target is swapped, the link stays).  Raises ``UnsafeOutputError`` for ``/``."""
        path = Path(os.path.abspath(out))
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        if path == path.parent or not path.name:
            raise UnsafeOutputError(f"refusing to replace {path}: choose a folder below it, e.g. {path / 'site'}")
        return cls(path)

    def sibling(self, kind: str) -> Path:
        """``.<name>.<kind>`` next to the output folder."""
        return self.out.parent / f".{self.out.name}.{kind}"

    @property
    def standby(self) -> Path:
        return self.sibling("standby")

    @property
    def aside(self) -> Path:
        return self.sibling("aside")

    @property
    def journal(self) -> Path:
        return self.sibling("journal")


def refuse_foreign(layout: Layout) -> None:
    """Raise ``UnsafeOutputError`` unless the output folder is missing,
    empty, a folder with ``index.html`` at its top, a fresh gh-pages worktree
    (nothing but dot entries, one of them ``.git``), or a folder published
    before whose top-level names are all in its standby (the previous site)
    — so ``--output ~`` can never wipe a home folder, and a folder made anew
    where a site was, holding other files, is not taken for it."""
    out = layout.out
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise UnsafeOutputError(f"refusing to replace {out}: it is not a folder — choose a folder")
    if (out / "index.html").is_file():
        return
    names = set(os.listdir(out))
    if not names or (".git" in names and all(name.startswith(".") for name in names)):
        return
    if layout.standby.is_dir() and not layout.standby.is_symlink() and names <= set(os.listdir(layout.standby)):
        return
    raise UnsafeOutputError(f"refusing to replace {out}: it is not empty and holds no index.html, so it is not "
                            "a built site — choose an empty folder or the site's output folder")
