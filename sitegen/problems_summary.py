"""Summarise many warnings of one kind into one line.

An imported archive of 5,000 articles without pictures must not print 5,000
lines: warnings whose ``kind_of`` is a text are grouped by it, and a group of
more than ``SHOWN`` becomes one line with the count and the first few places::

    warning: articles without any image for rich results (5,000 files: content/news/a.md, content/news/b.md, content/news/c.md and 4,997 more) — set image: …

Errors are never summarised: each one needs its own fix.
"""

from __future__ import annotations

from typing import Callable, Iterable

from sitegen.problems import Problem, format_problem, one_line

SHOWN = 3  # places named in a summary line; a group this small is printed in full


def summarise(problems: Iterable[Problem], kind_of: Callable[[Problem], str | None]) -> list[str]:
    """The lines to print for ``problems`` (in their order), one per problem
    except for warnings of one kind: ``kind_of(problem)`` is the kind's text
    (used as the summary's message) or None for a problem printed on its own.
    A group of more than ``SHOWN`` warnings is printed as one line, where its
    first member stood, with the hint of its first member."""
    problems = list(problems)
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        kind = None if problem.is_error else kind_of(problem)
        if kind is not None:
            groups.setdefault(kind, []).append(problem)
    lines, done = [], set()
    for problem in problems:
        kind = None if problem.is_error else kind_of(problem)
        group = groups.get(kind) if kind is not None else None
        if group is None or len(group) <= SHOWN:
            lines.append(format_problem(problem))
        elif kind not in done:
            done.add(kind)
            lines.append(_summary(kind, group))
    return lines


def _summary(kind: str, group: list[Problem]) -> str:
    """One ``warning:`` line for ``group``: the count, the first ``SHOWN`` places, the first hint."""
    places = [f"{p.path}:{p.line}" if p.line else p.path for p in group[:SHOWN]]
    files = len({p.path for p in group})
    count = f"{len(group):,} in {files:,} file{'s' * (files != 1)}" if files != len(group) else f"{files:,} files"
    text = f"{kind} ({count}: {', '.join(places)} and {len(group) - SHOWN:,} more)"
    hint = group[0].hint
    return "warning: " + one_line(f"{text} — {hint}" if hint else text)
