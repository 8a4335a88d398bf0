"""Run one command and measure wall time and peak memory of its process tree.

Peak memory is the largest sum of the proportional set sizes (PSS, the
``Pss:`` line of ``/proc/PID/smaps_rollup``) of the command and all its
descendants, sampled every 50 ms (children found through
``/proc/PID/task/TID/children``).  PSS divides a page shared by k processes
by k, so forked workers sharing the parent's memory are not counted k times
(summed RSS would be; issue 13).  Where ``smaps_rollup`` cannot be read
(kernel < 4.14) the RSS of ``/proc/PID/statm`` is used instead and
:data:`METHOD` says so.  A process that lives shorter than one sample can be
missed.  (A cgroup's ``memory.peak`` would be exact, but it needs a writable
cgroup v2 hierarchy with the memory controller, which the benchmark machine
does not offer to an unprivileged user.)  A command that
exits non-zero raises :class:`BuildFailed` carrying its last stderr line.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.05
_ROLLUP = Path("/proc/self/smaps_rollup").exists()
METHOD = ("peak PSS summed over the process tree (/proc/PID/smaps_rollup, sampled every 50 ms)" if _ROLLUP
          else "peak RSS summed over the process tree (/proc/PID/statm, sampled every 50 ms)")


@dataclass
class Result:
    """One measured run: seconds of wall time, peak MB of the tree, its output."""

    seconds: float
    peak_mb: float
    output: str


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return kids


def _rss(pid: int) -> int:
    """The process's PSS in bytes (its RSS where smaps_rollup is missing); 0 once it is gone."""
    if _ROLLUP:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            return 0
        return 0
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def tree_rss(root: int) -> int:
    """Summed PSS (or RSS, see :data:`METHOD`) in bytes of ``root`` and all its descendants right now."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        todo.extend(_children(pid))
    return total


class Sampler:
    """Samples :func:`tree_rss` of a process in a thread until :meth:`stop`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(INTERVAL)

    def stop(self) -> int:
        """Stop sampling; returns the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


class BuildFailed(RuntimeError):
    """A measured command exited non-zero (or was killed at its timeout).

    ``last_line`` is the last non-empty line it wrote to stderr (its stdout's
    when stderr was empty): what the report shows for a failed scenario.
    """

    def __init__(self, cmd: list[str], cwd: Path, code: int, stderr: str, stdout: str) -> None:
        self.code = code
        self.last_line = last_line(stderr) or last_line(stdout) or "(no output)"
        super().__init__(f"{' '.join(cmd)} (in {cwd}) exited {code}:\n{(stderr or stdout)[-3000:]}")

    @property
    def summary(self) -> str:
        """``exit CODE: last stderr line``, for tables."""
        return f"exit {self.code}: {self.last_line}"


def last_line(text: str) -> str:
    """The last non-empty line of ``text`` (stripped), or ``""``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _drain(stream, chunks: list[bytes]) -> threading.Thread:
    """Read ``stream`` to its end into ``chunks`` in a thread (keeps the pipe from filling up)."""
    thread = threading.Thread(target=lambda: chunks.extend(iter(lambda: stream.read(65536), b"")), daemon=True)
    thread.start()
    return thread


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 3600) -> Result:
    """Run ``cmd`` in ``cwd``; raise :class:`BuildFailed` if it exits non-zero or times out."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [_drain(proc.stdout, out), _drain(proc.stderr, err)]
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = sampler.stop() if _ROLLUP else max(sampler.stop(), usage.ru_maxrss * 1024)
    for reader in readers:
        reader.join(10)
    stdout, stderr = (b"".join(c).decode("utf-8", "replace") for c in (out, err))
    if proc.returncode != 0:
        if seconds > timeout:
            stderr += f"\nkilled after the benchmark's timeout of {timeout:.0f} s"
        raise BuildFailed(cmd, cwd, proc.returncode, stderr, stdout)
    return Result(seconds, peak / 2**20, stdout + stderr)
