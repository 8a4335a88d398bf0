"""The newsroom's clock: ``--now`` and the quarter hour a new article gets.

All times are in the site's time zone (``timezone`` in config.yaml,
Europe/Berlin by default).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

QUARTER = timedelta(minutes=15)
NOW_FORMAT = "%Y-%m-%d %H:%M"


def now_argument(text: str) -> datetime:
    """argparse type of ``--now``: "YYYY-MM-DD HH:MM" (site time) → naive
    ``datetime``; raises ``argparse.ArgumentTypeError`` with the message
    ``build.py build --now`` gives for the same text."""
    try:
        return datetime.strptime(text.strip(), NOW_FORMAT)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time — use \"YYYY-MM-DD HH:MM\", e.g. \"2024-04-25 14:48\"") from None


def next_quarter(now: datetime) -> datetime:
    """``now`` (timezone-aware) rounded up to the next quarter hour (a time
    already on a quarter hour, with 0 seconds, stays), in ``now``'s zone.

    Rounded in UTC, so the result exists even on the day summer time begins
    (every zone's offset is a multiple of 15 minutes, so quarter hours agree).
    """
    utc = now.astimezone(timezone.utc)
    start = utc.replace(minute=0, second=0, microsecond=0)
    steps = -(-(utc - start) // QUARTER)  # ceiling division of timedeltas
    return (start + steps * QUARTER).astimezone(now.tzinfo)


def relative(when: datetime, now: datetime) -> str:
    """How far ``when`` is from ``now`` in words: ``in 45 min``, ``in 20 h``,
    ``in 3 days``, ``2 h ago``, ``now`` (both aware; rounded down)."""
    seconds = int((when - now).total_seconds())
    ahead, span = seconds >= 0, abs(seconds)
    if span < 60:
        return "now"
    if span < 3600:
        text = f"{span // 60} min"
    elif span < 48 * 3600:
        text = f"{span // 3600} h"
    else:
        text = f"{span // 86400} days"
    return f"in {text}" if ahead else f"{text} ago"
