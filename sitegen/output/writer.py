"""Publish the output folder: the only module that writes to it.

``sync_output`` double-buffers: an idle sibling folder (``.output.standby``)
is brought up to date with the new site — unchanged files as hard links to
the live ones, changed files written fresh — and then swapped with
``output/`` in one atomic step (``swap``).  A build killed at any moment
leaves ``output/`` holding the complete old or the complete new site, never
a temp file, and the next publish finishes or discards what was cut off.
Dot entries of ``output/`` outside the new site (a gh-pages worktree's
``.git``) move along at each swap.  A mount point cannot be swapped: there
the files are replaced one by one (``inplace``) and the report says so.
Paths are checked to stay inside the output folder; a folder that is not a
built site is never replaced.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from sitegen.output import swap
from sitegen.output.inplace import sync_in_place, write_atomic
from sitegen.output.lock import OutputBusy, lock_output
from sitegen.output.paths import (Layout, UnsafeOutputError, UnsafePathError, check_path, is_leftover,
                                  refuse_foreign, site_dirs)
from sitegen.output.scan import Scan, scan
from sitegen.output.standby import Standby, clean, remove

__all__ = ["SyncReport", "sync_output", "publish_error", "lock_output", "OutputBusy", "UnsafeOutputError",
           "UnsafePathError", "check_path", "write_atomic"]

Fault = Callable[[str], None]


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: counts of files ``written`` (changed), ``unchanged``,
    ``deleted``, the ``removed`` paths (relative to the output folder),
    ``notes``: warnings for the user (one English line each, e.g. that the
    folder could not be swapped atomically), ``dots``: the dot entries
    outside the site that the folder still holds (``scan.Scan.dots``), and
    ``copied``: unchanged files copied (new inodes) where there are no hard links."""

    written: int
    unchanged: int
    deleted: int
    removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    dots: tuple[str, ...] = ()
    copied: int = 0


def sync_output(out: Path, files: Mapping[str, bytes], keep: Iterable[str] = (),
                advance: Callable[[int], None] | None = None, fault: Fault | None = None) -> SyncReport:
    """Make ``out`` hold exactly ``files`` ({relative POSIX path: bytes}) and
    ``keep`` (paths whose live file is already right, carried over) plus its
    dot entries, in one atomic swap.  ``advance(1)`` is called per file of
    ``files`` (a progress bar); ``fault(step)`` before each step (tests raise
    from it to simulate a kill: "write <path>", "link <path>", "clean",
    "carry <path>", "swap", "swapped").

    Raises before touching anything ``UnsafePathError`` (a path outside the
    folder) or ``UnsafeOutputError`` (``out`` is not a built site); raises
    ``OSError`` naming the file (``filename``, in ``out`` or its standby)
    when the disk refuses, and then ``out`` is unchanged (``publish_error``
    words it).  The caller must hold ``lock_output(out)``.
    """
    try:
        return _sync(out, files, keep, advance, fault)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = _file_at(exc, Layout.of(out))
        raise


# What the publish says when the disk refuses: (what happened, what to do).
DISK_ERRORS = {
    errno.ENOSPC: ("the disk is full", "free some space and build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or ask for a larger quota, and build again"),
    errno.EROFS: ("the disk is read-only", "build into a writable folder, e.g. --output /tmp/site"),
    errno.EACCES: ("permission denied", "check the owner and permissions of the folder (ls -ld), "
                                        "or build into another one with --output DIR"),
    errno.EPERM: ("permission denied", "check the owner and permissions of the folder (ls -ld), "
                                       "or build into another one with --output DIR"),
}


def publish_error(exc: OSError, out: Path, shown: str) -> str:
    """One line for a refused publish into ``out`` (``shown``: the folder as
    the user names it, e.g. ``output``): what happened, the file, what to do.

    ``error: the disk is full while writing output/news/x/index.html —
    output/ was not changed; free some space and build again``.
    """
    what, todo = DISK_ERRORS.get(exc.errno, (exc.strerror or str(exc), "check free space and permissions"))
    return f"error: {what} while writing {_in_output(exc.filename, out, shown)} — {shown}/ was not changed; {todo}"


def environment_error(exc: OSError) -> str:
    """One line for an ``OSError`` outside the publish (the lock file, the
    store): ``error: permission denied: /site/.output.lock — check the owner
    and permissions of the folder (ls -ld), or build into another one with --output DIR``."""
    what, todo = DISK_ERRORS.get(exc.errno, (exc.strerror or str(exc), "check free space and permissions"))
    return f"error: {what}: {exc.filename or ''} — {todo}" if exc.filename else f"error: {what} — {todo}"


def _in_output(name, out: Path, shown: str) -> str:
    """The file as the user knows it: ``output/news/x/index.html`` for a file
    of the output folder or of its standby (same relative path), else as named."""
    if not name:
        return f"{shown}/"
    path = Path(name)
    if not path.is_absolute():
        return f"{shown}/{path.as_posix()}"
    for folder in (out, Layout.of(out).out, Layout.of(out).standby):
        if folder in path.parents:
            return f"{shown}/{path.relative_to(folder).as_posix()}"
    return str(path)


def _file_at(exc: OSError, layout: Layout) -> str | None:
    """The file the publish was at when ``exc`` was raised (a ``rel`` in its
    stack, as a path in the output folder), or None."""
    from sitegen.lastresort import file_in_stack
    rel = file_in_stack(exc.__traceback__)
    return str(layout.out / rel) if rel and not os.path.isabs(rel) else rel or None


def _sync(out: Path, files: Mapping[str, bytes], keep: Iterable[str],
          advance: Callable[[int], None] | None, fault: Fault | None) -> SyncReport:
    safe = _checked(files)
    kept = {check_path(rel) for rel in keep} - set(safe)
    site = set(safe) | kept
    dirs = site_dirs(site)
    layout = Layout.of(out)
    fault = fault or _no_fault
    swap.recover(layout)
    refuse_foreign(layout)
    layout.out.mkdir(parents=True, exist_ok=True)
    live = scan(layout.out, site, dirs)
    removed = tuple(sorted(rel for rel in live.entries if rel not in site and not is_leftover(_name(rel))))
    if is_mount_point(layout.out):
        note = (f"{layout.out.name}/ is a mount point, so it cannot be swapped in one step: its files were replaced "
                "one by one (a build cut off there leaves a mix of old and new pages) — publish into a folder inside it")
        return _in_place(layout, live, safe, kept, dirs, fault, advance, removed, note)
    try:
        buffer = _fill_standby(layout, live, safe, kept, dirs, fault, advance)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # give the space back: the standby is only a buffer
            shutil.rmtree(layout.standby, ignore_errors=True)
        raise
    if buffer.written == 0 and _clean_already(live, site, dirs):
        return SyncReport(0, buffer.unchanged, 0, dots=tuple(live.dots))
    try:
        _swap_in(layout, live.dots, fault)
    except OSError as exc:
        swap.recover(layout)  # puts moved dot entries back
        if exc.errno not in swap.NO_RENAME:
            raise
        remove(layout.standby)
        note = (f"{layout.out.name}/ cannot be swapped in one step ({exc.strerror}): its files were replaced one by "
                "one (a build cut off there leaves a mix of old and new pages)")
        return _in_place(layout, live, safe, kept, dirs, fault, None, removed, note)
    notes = (f"warning: the filesystem of {layout.out.name}/ has no hard links: {buffer.copied} unchanged files "
             "were copied (slower; their inodes change)",) if buffer.copied else ()
    return SyncReport(buffer.written, buffer.unchanged, len(removed), removed, notes, tuple(live.dots), buffer.copied)


def _checked(files: Mapping[str, bytes]) -> Mapping[str, bytes]:
    """``files`` with every path checked (``check_path``): the same mapping
    when the paths are already normal (its bytes are not read here)."""
    names = {check_path(rel): rel for rel in files}
    if all(safe == rel for safe, rel in names.items()) and len(names) == len(files):
        return files
    return {safe: files[rel] for safe, rel in names.items()}


def _no_fault(step: str) -> None:
    pass


def _name(rel: str) -> str:
    return rel.rpartition("/")[2]


def _fill_standby(layout: Layout, live: Scan, files: Mapping[str, bytes], keep: set[str], dirs: set[str],
                  fault: Fault, advance) -> Standby:
    """Clean the standby folder and bring it up to date with the new site."""
    site = set(files) | keep
    if os.path.lexists(layout.standby) and (layout.standby.is_symlink() or not layout.standby.is_dir()):
        remove(layout.standby)
    layout.standby.mkdir(exist_ok=True)
    tree = scan(layout.standby, site, dirs)
    fault("clean")
    clean(layout.standby, tree, site, dirs)
    buffer = Standby(layout.standby, tree, layout.out, live, fault)
    buffer.update(files, keep, advance)
    return buffer


def _clean_already(live: Scan, site: set[str], dirs: set[str]) -> bool:
    """True when the live folder holds nothing outside the new site (so an
    unchanged site needs no swap)."""
    holders: set[str] = set()  # folders that hold a dot entry, and their parents
    for rel in live.dots:
        parent = rel.rpartition("/")[0]
        while parent and parent not in holders:
            holders.add(parent)
            parent = parent.rpartition("/")[0]
    return all(rel in site for rel in live.entries) and all(rel in dirs or rel in holders for rel in live.dirs)


def _swap_in(layout: Layout, dots: list[str], fault: Fault) -> None:
    """Move the live dot entries into the standby, swap, forget the journal."""
    if dots:
        swap.write_journal(layout, dots)
    keep_owner_and_mode(layout.out, layout.standby)
    swap.carry(layout, dots, fault)
    swap.swap(layout, fault)
    swap.finish(layout)


def keep_owner_and_mode(live: Path, standby: Path) -> None:
    """Give the standby folder the live folder's mode, owner and group, so a
    web server's permissions survive the swap (best effort: a user may not
    chown, then the group stays the user's)."""
    try:
        found, mine = os.stat(live), os.stat(standby)
        if (found.st_uid, found.st_gid) != (mine.st_uid, mine.st_gid):
            os.chown(standby, found.st_uid, found.st_gid)
        if stat.S_IMODE(found.st_mode) != stat.S_IMODE(mine.st_mode):
            os.chmod(standby, stat.S_IMODE(found.st_mode))
    except OSError:
        pass


def _in_place(layout: Layout, live: Scan, files: Mapping[str, bytes], keep: set[str], dirs: set[str],
              fault: Fault, advance, removed: tuple[str, ...], note: str) -> SyncReport:
    written, unchanged = sync_in_place(layout.out, live, files, keep, dirs, fault, advance)
    return SyncReport(written, unchanged, len(removed), removed, (f"warning: {note}",), tuple(live.dots))


def is_mount_point(path: Path) -> bool:
    """True when ``path`` is a mount point (bind mounts included, from
    ``/proc/self/mountinfo`` where there is one)."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
            points = {_unescape(line.split(" ")[4]) for line in handle if line.count(" ") >= 4}
    except OSError:
        return False
    return str(path) in points


def _unescape(field: str) -> str:
    """``/a\\040b`` → ``/a b`` (mountinfo escapes space, tab, newline, backslash in octal)."""
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field
