"""Dates and times as text, formatted once per distinct value (issue 13).

Babel's ``format_datetime`` costs ~10 µs a call, and every article shows a
date and a time in lists, related cards and its own page: 10,000 articles
made 20,000 calls for every build that lists them all.  A pattern made of
date fields only (``dd.MM.yyyy``) gives the same text for every moment of
one local day, and one of time-of-day fields only (``HH:mm 'Uhr'``) for one
local time of day, so those texts are kept by day or time; any other
pattern (a zone, a date with a time) is formatted every time.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timezone

from babel import Locale
from babel.dates import format_date, format_datetime, tokenize_pattern

DATE_FIELDS = frozenset("GyYuQqMLwWdDFEec")   # read only the local date
TIME_FIELDS = frozenset("HhKkmsSAabB")        # read only the local time of day


def moment_text(when: datetime, pattern: str, language: str) -> str:
    """``when`` (aware) formatted with the CLDR ``pattern`` in ``language``,
    in its own zone: what ``format_datetime(when, pattern, tzinfo=when.tzinfo)`` gives."""
    part = _part(pattern)
    if part == "date":
        return _date_text(when.date(), pattern, language)
    if part == "time":
        return _time_text(when.time(), pattern, language)
    return format_datetime(when, pattern, tzinfo=when.tzinfo, locale=locale(language))


@functools.lru_cache(maxsize=8)
def locale(name: str) -> Locale:
    """The parsed CLDR locale (parsing it on every call cost 25 µs a date)."""
    return Locale.parse(name)


@functools.lru_cache(maxsize=64)
def _part(pattern: str) -> str:
    """"date" or "time" when every field of ``pattern`` reads only that, else ""."""
    fields = {value[0] for kind, value in tokenize_pattern(pattern) if kind == "field"}
    return "date" if fields <= DATE_FIELDS else "time" if fields <= TIME_FIELDS else ""


@functools.lru_cache(maxsize=16_384)
def _date_text(day: date, pattern: str, language: str) -> str:
    return format_date(day, pattern, locale=locale(language))


@functools.lru_cache(maxsize=16_384)
def _time_text(moment: time, pattern: str, language: str) -> str:
    when = datetime.combine(date(2000, 1, 3), moment, timezone.utc)  # any day: the fields read the time only
    return format_datetime(when, pattern, tzinfo=timezone.utc, locale=locale(language))
