"""Write the converted files into the site, never overwriting (stage 3).

For each post: every target file (the ``.md`` and its copied files) is
compared with what the site holds.  All absent → written ("imported"); all
present with the same bytes → "unchanged"; any present with other bytes →
a conflict, and nothing of that post is written.  Files are created with
exclusive mode, so a file that appears meanwhile is not overwritten either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.importer.convert import Output

IMPORTED, UNCHANGED, CONFLICT = "imported", "unchanged", "conflict"


@dataclass
class Outcome:
    """What happened to each post: ``state`` per our path and the
    conflicting files per our path."""

    state: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, list[str]] = field(default_factory=dict)


def apply(site: Path, outputs: list[Output], dry_run: bool) -> Outcome:
    """Write ``outputs`` below ``site`` (nothing when ``dry_run``); returns the ``Outcome``.

    Raises ``OSError`` when a file cannot be written (the caller reports it).
    """
    outcome = Outcome()
    for output in outputs:
        files = {output.item.out: output.text.encode("utf-8")}
        files.update({rel: source for rel, source in output.assets.items()})
        states = {rel: _state(site / rel, data) for rel, data in files.items()}
        clashes = [rel for rel, state in states.items() if state == CONFLICT]
        key = output.item.out
        if clashes:
            outcome.state[key], outcome.conflicts[key] = CONFLICT, clashes
        elif all(state == UNCHANGED for state in states.values()):
            outcome.state[key] = UNCHANGED
        else:
            outcome.state[key] = IMPORTED
            if not dry_run:
                for rel, data in files.items():
                    if states[rel] != UNCHANGED:
                        _create(site / rel, data)
    return outcome


def _bytes(data) -> bytes:
    return data if isinstance(data, bytes) else Path(data).read_bytes()


def _state(target: Path, data) -> str:
    if not os.path.lexists(target):
        return IMPORTED
    if target.is_symlink() or not target.is_file():
        return CONFLICT
    if isinstance(data, Path) and target.stat().st_size != data.stat().st_size:
        return CONFLICT
    return UNCHANGED if target.read_bytes() == _bytes(data) else CONFLICT


def _create(target: Path, data) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(_bytes(data))
