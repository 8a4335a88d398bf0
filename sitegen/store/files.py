"""The files around the store: checked with ``lstat`` and removed without
ever being opened (a FIFO, device, socket, symlink or folder in place of the
store file is removed, not read), and what older versions kept in ``.cache/``.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files beside the store file
OLD_FOLDERS = ("entries", "markdown", "templates")  # caches before the one store
OLD_FILES = "build-state-"


def is_regular(path: Path) -> bool | None:
    """True for a regular file, None when nothing is there, False for anything else."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


def remove(path: Path) -> None:
    """Remove whatever is at ``path`` without opening it (a folder with everything in it)."""
    mode = os.lstat(path).st_mode
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def clear_special(path: Path) -> str:
    """Remove the store file or a companion when it is not a regular file;
    returns why the store cannot be used ("" when it can)."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
        try:
            if is_regular(candidate) is False:
                remove(candidate)
        except OSError as exc:
            return f"cannot remove {candidate} (not a regular file): {exc.strerror or exc}"
    return ""


def remove_files(path: Path) -> bool:
    """Remove a damaged store file and its companions; False when that fails."""
    try:
        for candidate in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
            if is_regular(candidate) is not None:
                remove(candidate)
    except OSError:
        return False
    return True


def prepare_folder(folder: Path) -> str:
    """Make ``folder`` and remove what older versions kept there; returns why
    the store cannot be kept there ("" when it can)."""
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        return ""
    if not stat.S_ISDIR(mode):
        return f"{folder} is not a folder"
    for name in OLD_FOLDERS:
        try:
            remove(folder / name)
        except OSError:
            pass
    try:
        old = [e.path for e in os.scandir(folder) if e.name.startswith(OLD_FILES) and e.name.endswith(".json")]
    except OSError:
        old = []
    for path in old:
        try:
            os.unlink(path)
        except OSError:
            pass
    return ""
