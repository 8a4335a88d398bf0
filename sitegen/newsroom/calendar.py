"""The editorial calendar: drafts and scheduled articles, and their iCalendar file.

Entries are read exactly as a build reads them (``content/loading.load_entries``: the
same sources, front matter parser and problems, errors in drafts softened to
warnings); only the Markdown bodies are not rendered, the calendar needs no
HTML.  "Scheduled" is ``site.visibility.is_future``, the build's own answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from sitegen.newsroom.clock import relative

DURATION = "PT15M"  # an article's slot in a calendar


@dataclass(frozen=True)
class Row:
    """One line of the calendar: ``when`` aware in site time (None for a page
    or article without a date), ``path`` of the source, its ``title`` as the
    editor wrote it, ``draft``, and ``slug`` (its URL's last part)."""

    when: datetime | None
    path: str
    title: str
    draft: bool
    slug: str


@dataclass(frozen=True)
class Calendar:
    """``scheduled`` (the next due first) and ``drafts`` (dated ones by date,
    then undated by path), with every ``problem`` of the sources; ``moments``
    are the coming expiries, banner ends and corrections (``site.timeline.Moment``)."""

    scheduled: tuple[Row, ...]
    drafts: tuple[Row, ...]
    problems: tuple
    moments: tuple = ()


def read_calendar(config, now: datetime) -> Calendar:
    """The calendar of the site ``config`` at ``now`` (aware); raises
    ``OSError`` when sources cannot be read (as a build does)."""
    from sitegen.caching import Speed
    from sitegen.content.markdown import RenderedBody
    from sitegen.content.loading import load_entries
    from sitegen.site.visibility import Visibility, is_future
    from sitegen.site.timeline import upcoming
    skip_body = lambda text, allow_html: RenderedBody("", (), 0, "", ())  # noqa: E731 - no HTML needed
    entries, problems = load_entries(config, Visibility(now), skip_body, None, Speed())
    rows = [(e, Row(e.front.published.when if e.front.published else None, e.path, e.front.title,
                    e.front.draft, e.slug)) for e in entries]
    scheduled = sorted((r for e, r in rows if not r.draft and is_future(e, now)), key=_order)
    drafts = sorted((r for _, r in rows if r.draft), key=_order)
    moments = upcoming(entries, now, config.publishing.breaking_hours)
    return Calendar(tuple(scheduled), tuple(drafts), tuple(problems), tuple(moments))


def _order(row: Row):
    return (row.when is None, row.when or datetime.min.replace(tzinfo=timezone.utc), row.path)


def terminal_lines(calendar: Calendar, now: datetime, zone) -> list[str]:
    """The calendar as printed: a heading per group, one row per entry::

        scheduled (1):
          2024-05-02 09:00  in 20 h     content/news/x.md  Titel
        drafts: none
        expiries, banner ends and corrections (1):
          2030-06-30 18:00  in 5 years    expires           content/news/y.md  Titel
    """
    lines = []
    for name, rows in (("scheduled", calendar.scheduled), ("drafts", calendar.drafts)):
        lines.append(f"{name} ({len(rows)}):" if rows else f"{name}: none")
        lines += [_row_line(row, now, zone) for row in rows]
    moments = calendar.moments
    if moments:  # the group only when there is one, so a plain calendar reads as before
        lines.append(f"expiries, banner ends and corrections ({len(moments)}):")
    lines += [f"  {m.when.astimezone(zone):%Y-%m-%d %H:%M}  {relative(m.when, now):<12}  {m.what:<16}  "
              f"{m.path}  {printable(m.title)}" for m in moments]
    return lines


def _row_line(row: Row, now: datetime, zone) -> str:
    if row.when is None:
        when, rel = "no date".ljust(16), ""
    else:
        when, rel = f"{row.when.astimezone(zone):%Y-%m-%d %H:%M}", relative(row.when, now)
    return f"  {when}  {rel:<12}  {row.path}  {printable(row.title)}"


def printable(text: str) -> str:
    """``text`` with control characters shown as ``?`` (a title must not move the terminal's cursor)."""
    return "".join("?" if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in text)


def ics_text(calendar: Calendar, now: datetime, name: str, url_of, version: str) -> bytes:
    """The iCalendar file (RFC 5545) of ``calendar``: one VEVENT per scheduled
    article (STATUS:CONFIRMED) and per draft dated after ``now``
    (STATUS:TENTATIVE, "Draft: " before its title).  Times in UTC; the UID is
    stable (a hash of the source path), DTSTAMP is ``now``, so the same
    sources and ``--now`` give the same bytes.  ``url_of(row)`` is the
    article's absolute URL.  Lines end in CRLF and are folded at 75 octets."""
    stamp = _utc(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//sitegen//schedule {version}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    planned = [*calendar.scheduled, *(r for r in calendar.drafts if r.when is not None and r.when > now)]
    for row in sorted(planned, key=_order):
        uid = hashlib.sha256(row.path.encode()).hexdigest()[:32]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@sitegen", f"DTSTAMP:{stamp}", f"DTSTART:{_utc(row.when)}",
                  f"DURATION:{DURATION}", f"SUMMARY:{escape(('Draft: ' if row.draft else '') + row.title)}",
                  f"DESCRIPTION:{escape(row.path)}", f"URL:{escape(url_of(row))}",
                  f"STATUS:{'TENTATIVE' if row.draft else 'CONFIRMED'}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def _utc(when: datetime) -> str:
    return f"{when.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): ``\\``, ``;``, ``,`` and newlines escaped,
    other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(c for c in text if ord(c) >= 32 and ord(c) != 0x7F)


def fold(line: str, limit: int = 75) -> bytes:
    """One content line as UTF-8 bytes ending in CRLF, folded (RFC 5545, 3.1):
    no physical line is longer than ``limit`` octets, continuation lines start
    with a space, and a character's bytes are never split."""
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts).encode() + b"\r\n"
