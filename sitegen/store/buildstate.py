"""Build state: skip a build whose inputs did not change since the last one.

Like Lektor's build state, but coarse: after a successful build we record a
digest of every input's (path, mtime/ctime in ns, size, inode) — content, theme, site
templates, config — plus the engine's own code, the build options, the
clock, when the next scheduled article falls due, and the size of every
file written.  The next build with the same digest, a clock that has not
passed that moment, and an intact output folder has nothing to do.  Any
doubt (a file changed within 2 s of the last build, a damaged state file)
means a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping

from sitegen.content.sources import RACY_NS
from sitegen.output.writer import write_atomic

ENGINE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw and wrote.

    ``key`` digests options, config, engine code and input stats; ``now`` and
    ``next_due`` are ISO 8601 with offset ("" for none); ``outputs`` maps
    output paths to sizes in bytes; ``summary``/``warnings`` are the lines it
    printed (stderr, and extra stdout lines); ``finished_ns`` is wall-clock
    time in ns; ``render_key`` and ``pages`` ({output path: fingerprint})
    let the next build keep pages whose fingerprint did not change.
    """

    key: str
    now: str
    next_due: str
    outputs: Mapping[str, int]
    summary: Mapping[str, int]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    finished_ns: int
    render_key: str = ""
    pages: Mapping[str, str] = field(default_factory=dict)


def _walk(folder: Path) -> Iterable[tuple[str, int, str]]:
    """(path, change time in ns — the later of mtime and ctime —, "size|inode") of every file below ``folder``."""
    if not folder.exists():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield _stamped(entry.path, entry.stat())


def input_key(root: Path, config_path: Path, theme: str, options: str) -> tuple[str, int]:
    """Digest of every input's stat and the engine's code; also the newest mtime (ns)."""
    digest = hashlib.sha256(options.encode())
    newest = 0
    folders = [root / "content", root / "themes" / theme, root / "templates"]
    for path, mtime, size in [*(x for f in folders for x in _walk(f)), *_walk_file(config_path)]:
        digest.update(f"{path}|{mtime}|{size}\n".encode())
        newest = max(newest, mtime)
    for path in sorted(ENGINE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest(), newest


def _walk_file(path: Path) -> Iterable[tuple[str, int, str]]:
    yield _stamped(str(path), path.stat())


def _stamped(path: str, stat: os.stat_result) -> tuple[str, int, str]:
    return path, max(stat.st_mtime_ns, stat.st_ctime_ns), f"{stat.st_size}|{stat.st_ino}"


def state_path(root: Path, out: Path) -> Path:
    """Where the state of builds into ``out`` is kept (``.cache/``)."""
    return root / ".cache" / f"build-state-{hashlib.sha256(str(out).encode()).hexdigest()[:16]}.json"


def load_state(path: Path) -> BuildState | None:
    """The recorded state, or None when missing or damaged."""
    try:
        raw = json.loads(path.read_text("utf-8"))
        return BuildState(str(raw["key"]), str(raw["now"]), str(raw["next_due"]),
                          {str(k): int(v) for k, v in raw["outputs"].items()},
                          {str(k): int(v) for k, v in raw["summary"].items()},
                          tuple(str(w) for w in raw["warnings"]), tuple(str(n) for n in raw["notes"]),
                          int(raw["finished_ns"]), str(raw["render_key"]),
                          {str(k): str(v) for k, v in raw["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_state(path: Path, state: BuildState) -> None:
    """Record ``state`` (a failure to write only costs speed next time)."""
    try:
        plain = {f.name: getattr(state, f.name) for f in fields(state)}  # asdict would deep-copy 10,000s of items
        write_atomic(path, json.dumps({k: dict(v) if isinstance(v, Mapping) else v for k, v in plain.items()},
                                      sort_keys=True).encode())
    except OSError:
        pass


def forget_state(path: Path) -> None:
    """Remove the recorded state (before the output folder is written: if
    writing fails or is cut off, the next build trusts nothing in it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def still_valid(state: BuildState | None, key: str, newest_ns: int, now: datetime, out: Path) -> bool:
    """True when a build with ``key`` at ``now`` would write exactly what ``state`` wrote."""
    if state is None or state.key != key or newest_ns >= state.finished_ns - RACY_NS:
        return False
    if now < datetime.fromisoformat(state.now) or (state.next_due and now >= datetime.fromisoformat(state.next_due)):
        return False
    folder = str(out)
    for rel, size in state.outputs.items():
        try:
            if os.stat(os.path.join(folder, rel)).st_size != size:
                return False
        except OSError:
            return False
    return True


def intact_pages(state: BuildState | None, out: Path) -> dict[str, str]:
    """{output path: fingerprint} of the last build's pages still intact in ``out``
    (present with the size that build wrote)."""
    if state is None:
        return {}
    intact, folder = {}, str(out)
    for rel, fingerprint in state.pages.items():
        try:
            if os.stat(os.path.join(folder, rel)).st_size == state.outputs.get(rel, -1):
                intact[rel] = fingerprint
        except OSError:
            continue
    return intact


def finished_now_ns() -> int:
    """Wall-clock time in ns (for ``BuildState.finished_ns``)."""
    return time.time_ns()
