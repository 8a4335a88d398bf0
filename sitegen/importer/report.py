"""The import report an editor reads (stdout), one line per finding.

Order: files not imported (``source:line: what — what to do``), conflicts,
things a person must look at in imported files (``content/…:line: …``),
warnings summarised by kind (a count and the first ``SHOWN`` files), and one
summary line.  Lines are sorted, so the same import prints the same report.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sitegen.cli.messages import plural
from sitegen.importer.convert import Output
from sitegen.importer.mapping import Note
from sitegen.importer.plan import CONFLICT, IMPORTED, UNCHANGED, Outcome

SHOWN = 3


def where(path: str, line: int) -> str:
    """``path:line``, or ``path`` when the line is 0."""
    return f"{path}:{line}" if line else path


def finding(path: str, note: Note) -> str:
    """``path:line: message — hint``."""
    return f"{where(path, note.line)}: {note.message}" + (f" — {note.hint}" if note.hint else "")


def report_lines(kind: str, refused: list[tuple[str, Note]], outputs: list[Output],
                 outcome: Outcome, dry_run: bool) -> list[str]:
    """Every report line; ``refused`` holds (path as shown, Note) for each source not imported."""
    lines = [finding(path, note) for path, note in sorted(refused, key=lambda r: (r[0], r[1].line))]
    for out, clashes in sorted(outcome.conflicts.items()):
        lines += [f"{clash}: exists with other content, not overwritten — compare it with the import "
                  f"(--dry-run), then rename or delete one of them and import again" for clash in clashes]
    person, groups = [], defaultdict(list)
    unknown = _unknown_keys(outputs)
    for output in outputs:
        item = output.item
        if outcome.state.get(item.out) == CONFLICT:
            continue
        for note in item.notes:
            if note.person:
                person.append((item.out, note.line, finding(item.out, note)))
            else:
                groups[note.kind].append(item.out)
        if item.mapped.extra:
            groups[f"unknown keys kept as they are ({unknown}; the build keeps them as extras)"].append(item.out)
        if item.mapped.expires:
            groups["'expires:' kept from expiryDate (the build takes the article down at that time)"].append(item.out)
    lines += [text for _, _, text in sorted(person, key=lambda p: p[:2])]
    for kind_name, files in sorted(groups.items()):
        unique = list(dict.fromkeys(files))
        more = ", …" if len(unique) > SHOWN else ""
        lines.append(f"warning: {plural(len(unique), 'post')}: {kind_name} — {', '.join(unique[:SHOWN])}{more}")
    lines.append(_summary(kind, outcome, len(refused), len({p[0] for p in person}), dry_run))
    return lines


def _unknown_keys(outputs: list[Output]) -> str:
    """The most common unknown keys, e.g. ``layout, comments, …``."""
    counts = Counter(key for output in outputs for key in output.item.mapped.extra)
    names = [key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ", ".join(names[:SHOWN]) + (", …" if len(names) > SHOWN else "")


def _summary(kind: str, outcome: Outcome, refused: int, person: int, dry_run: bool) -> str:
    states = list(outcome.state.values())
    counts = (f"{states.count(IMPORTED)} imported, {states.count(UNCHANGED)} unchanged, "
              f"{plural(states.count(CONFLICT), 'conflict')}, {refused} not imported")
    tail = " (dry run: nothing was written)" if dry_run else ""
    return f"import from {kind}: {plural(len(states) + refused, 'file')}: {counts}; {person} to check by a person{tail}"
