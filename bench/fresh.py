"""Scenario 7: a fresh clone of the site with a restored cache and no output.

What a CI job sees after ``git clone`` and a cache restore
(``actions/cache``, ``cache:`` in GitLab): every file of the site — content,
theme, configuration — is new on disk (new inode, mtime and ctime = now),
the cache folders come back as they were saved (files with their old mtimes,
as ``tar`` restores them), and there is no output folder.

:func:`fresh_clone` makes that copy of a tool's site in a new folder; the
tool's :attr:`~bench.tools.Tool.outputs` are left out, its
:attr:`~bench.tools.Tool.caches` copied as they are.  For ours that is the
site without ``out/`` (and ``.out.*``) plus ``.cache/``; for Hugo the
site without ``public/`` plus ``hugo_cache/`` (its ``--cacheDir``) and
``resources/``.  The copy is made before the timed build and is not timed.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from pathlib import Path

from bench.tools import Tool


def _top_level_ignore(root: Path, patterns: tuple[str, ...]):
    """A ``copytree`` ignore function that drops ``patterns`` in ``root`` itself only."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder) != root:
            return set()
        return {name for name in names if any(fnmatch.fnmatch(name, p) for p in patterns)}
    return ignore


def touch_tree(folder: Path) -> None:
    """Set the mtime of every file and folder below ``folder`` to now (like a checkout)."""
    for path, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            if not os.path.islink(os.path.join(path, name)):
                os.utime(os.path.join(path, name))
        os.utime(path)


def restore(source: Path, target: Path) -> None:
    """Copy one cache file or folder as it is (``copy2``: content and mtimes)."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=shutil.copy2)
    elif source.exists():
        shutil.copy2(source, target, follow_symlinks=False)


def fresh_clone(tool: Tool, dest: Path) -> Tool:
    """Copy ``tool``'s site to the new folder ``dest`` as clone + cache restore; return the tool on it."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    skip = _top_level_ignore(tool.site, tool.outputs + tool.caches)
    shutil.copytree(tool.site, dest, symlinks=True, ignore=skip, copy_function=shutil.copy)
    touch_tree(dest)
    for name in tool.caches:
        for source in sorted(tool.site.glob(name)):
            restore(source, dest / source.name)
    return tool.on(dest)
