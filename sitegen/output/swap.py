"""Swap the standby and the live output folder in one step.

Linux ``renameat2(..., RENAME_EXCHANGE)`` exchanges the two folders
atomically: a reader (or a build killed at any moment) sees the complete old
or the complete new site.  Where the kernel or filesystem cannot exchange,
three renames do it (``out`` → ``.out.aside``, standby → ``out``, aside →
standby); ``recover`` at the start of the next publish completes a swap cut
off between them.  Dot entries of the live folder (``.git``) move into the
standby right before the swap; a journal lists them, so ``recover`` puts
them back if the swap never happened.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import platform
import sys
from pathlib import Path
from typing import Callable

from sitegen.output.paths import Layout
from sitegen.output.standby import failed, remove

RENAME_EXCHANGE = 2
AT_FDCWD = -100
SYS_RENAMEAT2 = {"x86_64": 316, "amd64": 316, "aarch64": 276, "arm64": 276, "riscv64": 276, "loongarch64": 276,
                 "i386": 353, "i686": 353, "armv7l": 382, "ppc64le": 357, "ppc64": 357, "s390x": 347}
NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}  # use the three renames
NO_RENAME = {errno.EXDEV, errno.EBUSY}  # a mount point: only the in-place sync works


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is not None:
        func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        func.restype = ctypes.c_int
        return func
    number = SYS_RENAMEAT2.get(platform.machine().lower())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    return lambda *args: syscall(ctypes.c_long(number), ctypes.c_int(args[0]), ctypes.c_char_p(args[1]),
                                 ctypes.c_int(args[2]), ctypes.c_char_p(args[3]), ctypes.c_uint(args[4]))


def exchange(first: Path, second: Path) -> None:
    """Atomically exchange two existing paths; ``OSError`` (``ENOSYS`` where
    the system has no ``renameat2``) when it cannot."""
    func = _renameat2()
    if func is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(first))
    if func(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def write_journal(layout: Layout, carried: list[str]) -> None:
    """Record the dot entries about to move into the standby."""
    tmp = layout.sibling("journal.tmp")
    tmp.write_text(json.dumps({"carry": carried}), "utf-8")
    os.replace(tmp, layout.journal)


def carry(layout: Layout, dots: list[str], fault: Callable[[str], None]) -> None:
    """Move ``dots`` (relative paths) from the live folder into the standby."""
    for rel in dots:
        fault(f"carry {rel}")
        target = layout.standby / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(layout.out / rel, target)
        except OSError as exc:
            raise failed(exc, layout.out / rel) from exc


def swap(layout: Layout, fault: Callable[[str], None]) -> None:
    """Swap standby and live folder: one exchange, else three renames.
    Raises ``OSError`` with an errno of ``NO_RENAME`` when neither works."""
    fault("swap")
    try:
        exchange(layout.standby, layout.out)
    except OSError as exc:
        if exc.errno not in NO_EXCHANGE:
            raise
        _three_renames(layout, fault)
    fault("swapped")


def _three_renames(layout: Layout, fault: Callable[[str], None]) -> None:
    if os.path.lexists(layout.aside):
        remove(layout.aside)
    fault("swap 1/3")
    os.rename(layout.out, layout.aside)
    fault("swap 2/3")
    os.rename(layout.standby, layout.out)
    fault("swap 3/3")
    os.rename(layout.aside, layout.standby)


def recover(layout: Layout) -> None:
    """Finish what a cut-off publish left: a swap between its renames, dot
    entries moved into the standby but never swapped in, the journal."""
    out, standby, aside = (os.path.lexists(p) for p in (layout.out, layout.standby, layout.aside))
    if aside:
        if not out and standby:
            os.rename(layout.standby, layout.out)
            os.rename(layout.aside, layout.standby)
        elif not out:
            os.rename(layout.aside, layout.out)
        elif not standby:
            os.rename(layout.aside, layout.standby)
        else:  # cannot happen between the renames; never trusted
            remove(layout.aside)
    if os.path.lexists(layout.journal):
        for rel in _journal(layout):
            back = layout.out / rel
            if os.path.lexists(layout.standby / rel) and not os.path.lexists(back) and layout.out.is_dir():
                back.parent.mkdir(parents=True, exist_ok=True)
                os.rename(layout.standby / rel, back)
        layout.journal.unlink()


def _journal(layout: Layout) -> list[str]:
    try:
        carried = json.loads(layout.journal.read_text("utf-8"))["carry"]
        return [rel for rel in carried if isinstance(rel, str) and ".." not in rel.split("/") and rel[:1] != "/"]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def finish(layout: Layout) -> None:
    """Forget the journal once the swap is done."""
    layout.journal.unlink(missing_ok=True)
