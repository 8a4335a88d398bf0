"""Issue 13: dates and times formatted once per day or time of day give what
Babel gives for each moment (``render.momenttext``)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_datetime

from sitegen.render.momenttext import moment_text

PATTERNS = ["dd.MM.yyyy", "HH:mm 'Uhr'", "EEEE, d. MMMM y", "h:mm a", "d. MMM y, HH:mm", "HH:mm z", "w/Y",
            "dd.MM.yyyy HH:mm:ss.SSS", "'Stand:' HH:mm", "QQQ y", "B h:mm"]


@pytest.mark.parametrize("language", ["de", "en", "de_AT", "ar"])
def test_kept_texts_equal_formatting_each_moment(language):
    rng = random.Random(language)
    zones = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
    start = datetime(2019, 1, 1)
    for _ in range(400):
        zone = rng.choice(zones)
        when = (start + timedelta(minutes=rng.randint(0, 60 * 24 * 2500), microseconds=rng.randint(0, 999_999))
                ).replace(tzinfo=zone)
        for pattern in PATTERNS:
            assert moment_text(when, pattern, language) == \
                format_datetime(when, pattern, tzinfo=when.tzinfo, locale=Locale.parse(language)), (when, pattern)
