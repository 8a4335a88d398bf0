"""Dates and times of articles, in the site's time zone.

Accepted ``date`` values: ``2024-04-25``, ``25.04.2024``, ``2024-04-25 14:48``,
``25.04.2024 14:48`` and ISO 8601 / RFC 3339 with an offset
(``2024-04-25T14:48:00+02:00`` or ``...Z``), which is converted to site time.
Accepted ``time`` values: ``14:48``, ``9:05``.  Local times take the offset
of their own date from the IANA zone (``zoneinfo`` with ``tzdata``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

DATE_HINT = "use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024"
TIME_HINT = "use HH:MM with hours 00–23, e.g. 14:48"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


class DateError(ValueError):
    """A date or time value that cannot be used; ``str()`` is the message,
    ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Moment:
    """When an article is published or updated.

    ``when`` is timezone-aware in site time; ``has_time`` is False for a bare
    date (then ``when`` is 00:00 local time of that day).  ``ambiguous`` is
    True for a time in the hour repeated when summer time ends.
    """

    when: datetime
    has_time: bool
    ambiguous: bool = False


def parse_date(value: str) -> tuple[date, time | None, datetime | None]:
    """Split a ``date`` value into ``(day, local time or None, aware or None)``.

    The third item is set only for ISO 8601 values with an offset.
    Raises ``DateError`` for an unknown format or an impossible date.
    """
    value = value.strip()
    if "T" in value or _OFFSET.search(value[10:]):
        return _parse_iso(value)
    day_text, _, time_text = value.partition(" ")
    day = _parse_day(day_text.strip(), value)
    return day, parse_time(time_text.strip()) if time_text.strip() else None, None


def _parse_iso(value: str) -> tuple[date, time | None, datetime | None]:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DateError(f"date '{value}' is not a valid date and time",
                        "use ISO 8601 with an offset, e.g. 2024-04-25T14:48:00+02:00") from None
    if parsed.tzinfo is None:
        return parsed.date(), parsed.time(), None
    return parsed.date(), parsed.time(), parsed


def _parse_day(text: str, whole: str) -> date:
    iso, german = _ISO_DATE.match(text), _DE_DATE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif german:
        day, month, year = (int(g) for g in german.groups())
    else:
        raise DateError(f"date '{whole}' is not a date", DATE_HINT)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"date '{whole}' does not exist", DATE_HINT) from None


def parse_time(value: str) -> time:
    """Parse ``14:48`` or ``9:05`` (24-hour clock) into a ``time``.

    Raises ``DateError`` for anything else, including ``24:00`` and ``17.30``.
    """
    match = _TIME.match(value.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        second = int(match.group(3) or 0)
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise DateError(f"time '{value}' is not a valid time", TIME_HINT)


def localize(day: date, clock: time | None, zone: ZoneInfo) -> Moment:
    """Attach the site zone's offset for that date to a local date and time.

    A bare date becomes 00:00 with ``has_time=False``.  Raises ``DateError``
    for a time skipped when summer time begins; a time in the hour repeated in
    autumn takes summer time (the earlier instant) and sets ``ambiguous``;
    also ``DateError`` when the instant leaves the years 1–9999.
    """
    naive = datetime.combine(day, clock or time(0, 0))
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    try:
        back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    except OverflowError:  # year 1 before UTC, year 9999 after it
        raise _out_of_range(day) from None
    if back != naive:
        raise DateError(
            f"time {clock:%H:%M} on {day:%d.%m.%Y} does not exist in {zone.key} "
            "(the clocks skip that hour when summer time begins)",
            f"use {(naive + timedelta(hours=1)):%H:%M} or a time before {naive:%H}:00")
    ambiguous = first.utcoffset() != second.utcoffset()
    return Moment(first, clock is not None, ambiguous)


def to_zone(aware: datetime, zone: ZoneInfo) -> Moment:
    """Convert an aware datetime (from an ISO 8601 value) to site time.
    Raises ``DateError`` when that leaves the years 1–9999."""
    try:
        return Moment(aware.astimezone(zone), True)
    except OverflowError:
        raise _out_of_range(aware.date()) from None


def _out_of_range(day: date) -> DateError:
    return DateError(f"the date {day.day:02d}.{day.month:02d}.{day.year:04d} lies outside the years a page can show",
                     "use a real publication date, e.g. 2024-04-25")


def offset_conflict(aware: datetime, zone: ZoneInfo) -> tuple[str, str] | None:
    """``(message, hint)`` when a typed offset is not the site zone's offset on that day.

    ``2019-04-14T20:00:00+01:00`` in Europe/Berlin (summer time, +02:00) is
    shown as 21:00, not the typed 20:00: the zone's winter offset typed by
    hand in summer (or its summer offset in winter).  Other offsets (UTC as
    export tools write it, a reporter's own zone) are deliberate instants and
    converted without a word, as is the zone's right offset: None then.
    """
    offset = aware.utcoffset()
    try:
        shown = aware.astimezone(zone)
        seasons = {datetime(aware.year, month, 1, 12, tzinfo=zone).utcoffset() for month in (1, 7)}
    except (OverflowError, ValueError):
        return None
    if offset == shown.utcoffset() or offset not in seasons:
        return None
    own, zone_offset = _offset_text(aware), _offset_text(shown)
    return (f"the offset {own} is not {zone.key}'s offset on {aware:%d.%m.%Y} ({zone_offset}): "
            f"the article shows {shown:%H:%M}, not the typed {aware:%H:%M}",
            f"if {aware:%H:%M} is meant, write {zone_offset} or leave the offset out")


def _offset_text(moment: datetime) -> str:
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:5]}"


_PATH_DATE = re.compile(r"(?:^|/)(\d{4})[-/](\d{2})[-/](\d{2})(?=[-_/])")
PATH_DATE_TOLERANCE = timedelta(days=3)


_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-.")


def name_date(path: str) -> date | None:
    """The date a file name starts with, as Jekyll's ``_posts`` and Hugo's
    ``:filename`` date read it: ``2001-01-18-x.md``, or for a page bundle
    ``2001-01-18-x/index.md`` its folder's name; None when there is none or
    it does not exist (``2001-02-30-x.md``)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-2] if len(parts) > 1 and parts[-1].rsplit(".", 1)[0] in ("index", "_index") else parts[-1]
    found = _NAME_DATE.match(name)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def path_date(path: str) -> date | None:
    """The date in a source path, as Jekyll and Hugo archives name files:
    ``2019-04-14-x.md`` or ``2019/04/14/x.md`` (the last one in the path);
    None when there is none or it does not exist."""
    found = _PATH_DATE.findall(path)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found[-1]))
    except ValueError:
        return None
