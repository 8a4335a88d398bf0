"""Every date shape seen in real archives, converted exactly to Berlin wall time."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.importer.when import DateShapeError, name_date, parse_when, to_yaml_lines

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize("value, zone, expected", [
    ("2013-11-22 5:00:00 +0000", None, ["date: 2013-11-22", 'time: "06:00"']),
    ("2022-05-12T5:00:00+02:00", None, ["date: 2022-05-12", 'time: "05:00"']),
    ("2011-04-27 17:20:00 +01:00", None, ["date: 2011-04-27", 'time: "18:20"']),
    ("2019-04-14T20:00:00+01:00", None, ["date: 2019-04-14", 'time: "21:00"']),
    ("1998-11-19T09:00:00Z", None, ["date: 1998-11-19", 'time: "10:00"']),
    ("2009-12-25 10:41:06 +0000", None, ["date: 2009-12-25", 'time: "11:41:06"']),
    ("2024-04-25T14:48", None, ["date: 2024-04-25", 'time: "14:48"']),
    ("2024-04-25 14:48:00.123456+02:00", None, ["date: 2024-04-25", 'time: "14:48"']),
    ("2007-08-21 10:00:00", UTC, ["date: 2007-08-21", 'time: "12:00"']),
    ("2007-08-21 10:00:00", None, ["date: 2007-08-21", 'time: "10:00"']),
    ("2012-01-03", None, ["date: 2012-01-03"]),
    ("2012/1/3", None, ["date: 2012-01-03"]),
    ("2024-04-25 12:48 UTC", None, ["date: 2024-04-25", 'time: "14:48"']),
    ("1714049280", None, ["date: 2024-04-25", 'time: "14:48"']),
    (1714049280, None, ["date: 2024-04-25", 'time: "14:48"']),
    (datetime(2024, 4, 25, 12, 48, tzinfo=timezone.utc), None, ["date: 2024-04-25", 'time: "14:48"']),
    (date(2024, 4, 25), None, ["date: 2024-04-25"]),
    # the hour repeated in autumn: the offset is written, so the instant stays exact
    ("2024-10-27T01:30:00Z", None, ["date: 2024-10-27T02:30:00+01:00"]),
    ("2024-10-27T00:30:00Z", None, ["date: 2024-10-27", 'time: "02:30"']),
])
def test_date_shapes(value, zone, expected):
    when = parse_when(value, zone or ZoneInfo("Europe/Berlin"))
    assert to_yaml_lines(when) == expected


def test_time_in_the_spring_gap_is_flagged():
    when = parse_when("2023-03-26 02:30")
    assert to_yaml_lines(when) == ["date: 2023-03-26", 'time: "03:30"'] and when.skipped
    assert not parse_when("2023-03-26 03:30").skipped


@pytest.mark.parametrize("value", ["bald", "2024-02-30", "2024-04-25 25:00", "", True, None, "25.04.2024x"])
def test_not_a_date(value):
    with pytest.raises(DateShapeError):
        parse_when(value)


@pytest.mark.parametrize("path, expected", [
    ("_posts/2001-01-18-title.md", date(2001, 1, 18)),
    ("content/posts/1988-11-19-title/index.md", date(1988, 11, 19)),
    ("_posts/title.md", None),
    ("_posts/2001-02-30-x.md", None),
])
def test_date_from_the_file_or_folder_name(path, expected):
    assert name_date(path) == expected
