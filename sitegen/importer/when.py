"""Every date shape found in real archives, converted to Berlin wall time.

Shapes (see ``../shared`` research and the tests): ``2024-04-25``,
``2024-4-5``, ``2024/04/25``, ``2013-11-22 5:00:00 +0000`` (one-digit hour,
offset without colon), ``2011-04-27 17:20:00 +01:00``,
``1998-11-19T09:00:00Z``, ``2024-04-25T14:48`` (no seconds), fractions of a
second, ``UTC``/``GMT`` suffixes, epoch seconds (``1714049280``) and TOML's
``date``/``datetime`` values.  A value without an offset is read in the
source site's zone (its config's ``timezone``; Europe/Berlin when it has
none).  The instant is then converted exactly with ``zoneinfo``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_SHAPE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$", re.IGNORECASE)
_EPOCH = re.compile(r"^\d{9,11}$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class When:
    """A date in site time: ``day``; ``clock`` is None for a bare date;
    ``offset_needed`` is True when the wall time happens twice (autumn) and
    the offset must be written to keep the instant; ``skipped`` is True for a
    source time without offset that does not exist in its zone (the hour
    skipped in spring; read with the offset before the change, as zoneinfo does)."""

    day: date
    clock: time | None = None
    offset_needed: bool = False
    instant: datetime | None = None
    skipped: bool = False

    def sort_key(self) -> datetime:
        """An aware datetime for comparisons (00:00 Berlin for a bare date)."""
        return self.instant or datetime.combine(self.day, self.clock or time(0), BERLIN)


class DateShapeError(ValueError):
    """A value that is not a date in any known shape."""


def parse_when(value, source_zone: ZoneInfo = BERLIN) -> When:
    """``value`` (str, int, ``date`` or ``datetime``) → ``When`` in Berlin time.

    Raises ``DateShapeError`` for anything that is not a date.
    """
    if isinstance(value, datetime):
        return _instant(value if value.tzinfo else value.replace(tzinfo=source_zone))
    if isinstance(value, date):
        return When(value)
    if isinstance(value, bool) or value is None:
        raise DateShapeError(str(value))
    text = str(value).strip().strip('"').strip()
    if _EPOCH.match(text):
        try:
            return _instant(datetime.fromtimestamp(int(text), timezone.utc))
        except (OverflowError, OSError, ValueError):
            raise DateShapeError(text) from None
    match = _SHAPE.match(text)
    if not match:
        raise DateShapeError(text)
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is None:
            return When(day_value)
        clock = time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise DateShapeError(text) from None
    aware = datetime.combine(day_value, clock, _zone(zone, source_zone))
    when = _instant(aware)
    if zone is None and aware.astimezone(timezone.utc).astimezone(source_zone).time() != clock:
        return When(when.day, when.clock, when.offset_needed, when.instant, skipped=True)
    return when


def name_date(path: str) -> date | None:
    """The last ``YYYY-MM-DD`` in a file or folder name of ``path`` (Jekyll's
    ``2001-01-18-title.md``, Hugo's ``2001-01-18-title/index.md``), or None."""
    for part in reversed(path.split("/")):
        match = _NAME_DATE.search(part)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def _zone(text: str | None, source_zone: ZoneInfo):
    if text is None:
        return source_zone
    if text.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
    return timezone(sign * timedelta(minutes=minutes))


def _instant(aware: datetime) -> When:
    """Exact conversion to Berlin; the offset is kept where the wall time repeats."""
    try:
        local = aware.astimezone(timezone.utc).astimezone(BERLIN)
    except (OverflowError, ValueError):
        raise DateShapeError(str(aware)) from None
    wall = local.replace(tzinfo=None)
    first = wall.replace(tzinfo=BERLIN, fold=0).astimezone(timezone.utc)
    return When(local.date(), local.time().replace(microsecond=0), first != aware.astimezone(timezone.utc), local)


def to_yaml_lines(when: When) -> list[str]:
    """Our front matter lines for ``when``: ``date: 2024-04-25`` and ``time: "14:48"``,
    or one ISO 8601 ``date`` with offset where the Berlin wall time happens twice."""
    if when.clock is None:
        return [f"date: {when.day.isoformat()}"]
    if when.offset_needed:
        return [f"date: {when.instant.isoformat(timespec='seconds')}"]
    lines = [f"date: {when.day.isoformat()}"]
    text = when.clock.strftime("%H:%M:%S" if when.clock.second else "%H:%M")
    return lines + [f'time: "{text}"']
