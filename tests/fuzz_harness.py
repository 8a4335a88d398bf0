"""Run one generated site through ``build.py build`` in a forked, limited child
and check what an editor would see.

``run_case(base, case, timeout)`` writes ``case`` (``{relative path: bytes}``,
a ``config.yaml`` among them or not) over a copy of the tiny site ``base``,
forks, and in the child sets ``RLIMIT_AS`` (``MEMORY`` bytes, or the parent's
size plus ``HEADROOM``), ``RLIMIT_FSIZE`` and a watchdog (``faulthandler``
dumps every thread and exits after ``timeout`` seconds, ``SIGALRM`` two
seconds later as a backstop), and runs ``build.main`` as the command line does.
The parent waits at most ``timeout + GRACE`` seconds, so an input that hangs
or explodes ends its own child, never the test run.

The rules a ``Result`` is checked against are in ``fuzz_properties``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import importlib.util
import io
import json
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 1536 << 20        # bytes of address space for one build (the issue: "bounded memory") …
HEADROOM = 1024 << 20      # … or the parent's own size plus this, when the parent is already large
FILE_SIZE = 256 << 20      # bytes: the largest file one build may write
GRACE = 5                  # seconds the parent waits beyond the child's own watchdog
NOW = "2024-05-01 12:00"
ARGV = ["build", "--now", NOW, "--jobs", "1", "--no-cache"]

BASE_ARTICLE = b"""---
title: Gold steigt weiter
date: 25.04.2024
time: 14:48
tags: [Gold, Zinsen]
summary: Der Goldpreis legt zu.
---
Ein Absatz mit einem [Link](/themen/).
"""


@dataclass(frozen=True)
class Result:
    """What one build showed: exit ``code`` (None when the child died),
    ``out``/``err`` text, ``died`` (why the child ended abnormally, or ""),
    ``dump`` (the watchdog's traceback of a hang) and ``index`` (True when
    ``output/index.html`` exists afterwards)."""

    code: int | None
    out: str
    err: str
    died: str = ""
    dump: str = ""
    index: bool = False


def base_site(folder: Path) -> Path:
    """Write the tiny valid site every case starts from into ``folder``: the
    project's ``config.yaml``, theme, legal pages and one article."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    shutil.copytree(ROOT / "themes" / "default", folder / "themes" / "default")
    shutil.copytree(ROOT / "content" / "pages", folder / "content" / "pages")
    shutil.copytree(ROOT / "content" / "images", folder / "content" / "images")  # config.yaml's seo.default_image
    (folder / "content" / "news").mkdir(parents=True)
    (folder / "content" / "news" / "2024-04-25-gold.md").write_bytes(BASE_ARTICLE)
    return folder


def prepare(base: Path, case: dict[str, bytes], into: Path) -> Path:
    """A fresh copy of ``base`` at ``into`` (files hard-linked) with ``case``
    written over it; returns ``into``."""
    shutil.copytree(base, into, copy_function=os.link)
    for rel, data in case.items():
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # never write through a hard link into the base site
        path.write_bytes(data)
    return into


@functools.cache
def cli():
    """``build.py`` imported as a module, once, in the parent (children share it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("sitegen_build_py_fuzz", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import sitegen.cli.build  # noqa: F401 - imported before forking, so each child starts warm
    return module


def warm_up(base: Path, into: Path) -> tuple[int, str]:
    """Build a copy of ``base`` at ``into`` in this process (stdout/stderr captured), so
    that every forked child starts with what a build loads already in memory (about
    3 times faster).  Returns (exit code, stderr)."""
    site, err = prepare(base, {}, into), io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(site)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = cli().main(list(ARGV))
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def run_case(base: Path, case: dict[str, bytes], timeout: int = 20) -> Result:
    """Build ``base`` + ``case`` in a forked child; see the module docstring."""
    main = cli().main
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        site = prepare(base, case, Path(tmp) / "site")
        dump_path = Path(tmp) / "watchdog.txt"
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(reader)
            _child(main, site, dump_path, writer, timeout)
        os.close(writer)
        payload, killed = _collect(pid, reader, timeout + GRACE)
        _, status = os.waitpid(pid, 0)
        dump = dump_path.read_text(errors="replace") if dump_path.exists() else ""
        index = (site / "output" / "index.html").is_file()
    return _result(payload, status, killed, dump, index, timeout)


def _child(main, site: Path, dump_path: Path, writer: int, timeout: int) -> None:
    """In the forked child: limit, build, send ``{code, out, err, error}`` as JSON, ``_exit``."""
    code, out, err, error = None, io.StringIO(), io.StringIO(), ""
    try:
        os.chdir(site)
        limit = max(MEMORY, _address_space() + HEADROOM)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE, FILE_SIZE))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        dump = open(dump_path, "w")
        faulthandler.dump_traceback_later(timeout, exit=True, file=dump)
        signal.alarm(timeout + 2)
        sys.stdout, sys.stderr = out, err
        try:
            code = main(list(ARGV))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) or exc.code is None else 1
            code = code or 0
        except MemoryError:
            error = "MemoryError"
            traceback.print_exc(file=err)
        except BaseException:  # noqa: BLE001 - what the interpreter would print
            traceback.print_exc(file=err)
            code = 1
    except BaseException as exc:  # noqa: BLE001 - the harness itself failed in the child
        error = f"harness: {exc!r}"
    try:
        data = json.dumps({"code": code, "out": _clip(out.getvalue()), "err": _clip(err.getvalue()),
                           "error": error}).encode()
        while data:
            data = data[os.write(writer, data):]
    finally:
        os._exit(0)


def _address_space() -> int:
    """Bytes of virtual memory this process maps now (``VmSize`` of /proc/self/status; 0 if unknown)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(ln.split()[1]) * 1024 for ln in status if ln.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _clip(text: str, longest: int = 20_000, lines: int = 400) -> str:
    """``text`` kept readable and bounded: a line longer than ``longest`` keeps its
    start and end (path and hint) around ``[…]``; of more than ``lines`` lines the
    first and last halves are kept (a traceback's end names the exception)."""
    half = longest // 2
    kept = [ln if len(ln) <= longest else f"{ln[:half]}[…]{ln[-half:]}" for ln in text.splitlines()]
    if len(kept) > lines:
        kept = kept[:lines // 2] + kept[-lines // 2:]
    return "\n".join(kept) + ("\n" if text.endswith("\n") else "")


def _collect(pid: int, reader: int, limit: float) -> tuple[bytes, bool]:
    """Read the child's JSON until EOF; SIGKILL it after ``limit`` seconds.
    Returns (bytes read, whether it was killed)."""
    chunks, end = [], time.monotonic() + limit
    with os.fdopen(reader, "rb", buffering=0) as pipe:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return b"".join(chunks), True
            ready, _, _ = select.select([pipe], [], [], left)
            if ready:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    return b"".join(chunks), False
                chunks.append(chunk)


def _result(payload: bytes, status: int, killed: bool, dump: str, index: bool, timeout: int) -> Result:
    """The ``Result`` from what the child sent and how it ended."""
    if killed:
        return Result(None, "", "", f"no result after {timeout + GRACE} s (killed)", dump, index)
    if os.WIFSIGNALED(status):
        sig = signal.Signals(os.WTERMSIG(status)).name
        reason = f"timeout after {timeout} s" if sig == "SIGALRM" else f"killed by {sig}"
        return Result(None, "", "", reason, dump, index)
    if not payload:
        reason = f"timeout after {timeout} s" if dump.strip() else f"child exited {os.WEXITSTATUS(status)} silently"
        return Result(None, "", "", reason, dump, index)
    sent = json.loads(payload)
    if sent["error"] == "MemoryError":  # the traceback is the dump: where the memory ran out
        return Result(None, sent["out"], "", "out of memory (MemoryError under the address-space limit)",
                      sent["err"], index)
    return Result(sent["code"], sent["out"], sent["err"], sent["error"], dump, index)
