"""Moments that change the site with the clock alone: expiries, banner ends, corrections.

An article's ``expires:`` takes it off every page at that moment
(``site.visibility.is_expired``); a breaking-news banner ends
``news.breaking_hours`` after the article's date or at ``breaking: {until}``;
a correction dated after the build's clock is shown from its moment on.
Each such moment still ahead is registered with the build state
(``BuildResult.next_change``), so a scheduled build with no changed file
applies it, and listed by ``build.py schedule``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from sitegen.content.entry import Entry

MAX_BANNERS = 3  # breaking items shown at once, newest first (wire services rarely run more)


@dataclass(frozen=True)
class Moment:
    """One upcoming change: ``when`` (aware), ``what`` ("expires", "banner ends",
    "correction shown"), the article's ``path`` and ``title``."""

    when: datetime
    what: str
    path: str
    title: str


def breaking_end(entry: Entry, hours: int) -> datetime | None:
    """When ``entry``'s banner ends: ``breaking.until``, else its date plus
    ``hours``; None when it is not breaking news or has no date."""
    flag, published = entry.front.breaking, entry.front.published
    if flag is None or published is None:
        return None
    return flag.until.when if flag.until is not None else published.when + timedelta(hours=hours)


def breaking_now(articles: Iterable[Entry], now: datetime | None, hours: int) -> tuple[Entry, ...]:
    """The shown articles whose banner runs at ``now`` (published ≤ now < end),
    newest first (the order of ``articles``), at most ``MAX_BANNERS``."""
    if now is None:
        return ()
    running = [a for a in articles if (end := breaking_end(a, hours)) is not None
               and a.front.published.when <= now < end]
    return tuple(running[:MAX_BANNERS])


def upcoming(entries: Iterable[Entry], now: datetime | None, hours: int) -> list[Moment]:
    """Every expiry, banner end and correction after ``now`` of the non-draft
    ``entries``, soonest first (then by path)."""
    if now is None:
        return []
    found = []
    for entry in entries:
        if entry.front.draft:
            continue
        expires, end = entry.front.expires, breaking_end(entry, hours)
        if expires is not None and expires.when > now:
            found.append(Moment(expires.when, "expires", entry.path, entry.front.title))
        if end is not None and end > now and (expires is None or end < expires.when):
            found.append(Moment(end, "banner ends", entry.path, entry.front.title))
        found += [Moment(c.when.when, "correction shown", entry.path, entry.front.title)
                  for c in entry.front.corrections if c.when.when > now]
    return sorted(found, key=lambda m: (m.when, m.path, m.what))


def next_moment(entries: Iterable[Entry], now: datetime | None, hours: int) -> datetime | None:
    """The earliest of ``upcoming``, or None."""
    found = upcoming(entries, now, hours)
    return found[0].when if found else None


def note_lines(entries: Iterable[Entry], now: datetime | None, hours: int) -> tuple[str, ...]:
    """The build's summary lines for the next expiry and the next banner end (none when there is none)."""
    found = upcoming(entries, now, hours)
    lines = []
    for what, text in (("expires", "next expiry"), ("banner ends", "next breaking-news banner end")):
        first = next((m for m in found if m.what == what), None)
        if first is not None:
            lines.append(f"{text}: {first.path} at {first.when:%Y-%m-%d %H:%M} ({first.when:%z}) "
                         "— build again after that time to apply it")
    return tuple(lines)


def shown_corrections(entry: Entry, now: datetime | None) -> tuple:
    """``entry``'s corrections dated at or before ``now`` (all without a clock), oldest first."""
    return tuple(c for c in entry.front.corrections if now is None or c.when.when <= now)


def last_modified(entry: Entry, now: datetime | None) -> datetime:
    """The latest of ``date``, ``updated:`` and the shown corrections (for
    ``dateModified`` and a feed entry's ``updated``); aware."""
    front = entry.front
    moments = [front.published.when, *(m.when for m in (front.updated,) if m),
               *(c.when.when for c in shown_corrections(entry, now))]
    return max(moments, key=lambda when: when.timestamp())
