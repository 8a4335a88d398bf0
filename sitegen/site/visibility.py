"""Which entries a build shows: the one filter for drafts and scheduled articles.

``now`` is read once per build (the wall clock, or ``--now``) and passed in,
so a build is a pure function of its sources and its clock.  The filter runs
before anything else sees the entries: drafts and articles dated after
``now`` appear on no page, list, tag or related block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # only a type here: importing content would load the Markdown parser on every start
    from sitegen.content.entry import Entry


@dataclass(frozen=True)
class Visibility:
    """The build's rules: ``now`` is timezone-aware; flags include drafts/future."""

    now: datetime
    drafts: bool = False
    future: bool = False


def is_future(entry: Entry, now: datetime | None) -> bool:
    """True for an article whose date (and time) is after ``now`` (never when
    ``now`` is None).  The one answer to "is this article scheduled?"."""
    published = entry.front.published
    return now is not None and published is not None and published.when > now


def is_expired(entry: Entry, now: datetime | None) -> bool:
    """True for an article whose ``expires:`` is at or before ``now`` (never when ``now`` is None)."""
    expires = entry.front.expires
    return now is not None and expires is not None and expires.when <= now


def visible(entries: Iterable[Entry], rules: Visibility) -> list[Entry]:
    """Return the entries this build shows, in the given order (expired
    articles are off every list, page and feed: ``site.expiry``)."""
    return [e for e in entries
            if (rules.drafts or not e.front.draft) and (rules.future or not is_future(e, rules.now))
            and not is_expired(e, rules.now)]


def next_scheduled(entries: Iterable[Entry], rules: Visibility) -> Entry | None:
    """The hidden future article that falls due first, or None."""
    waiting = [e for e in entries if is_future(e, rules.now) and not e.front.draft]
    return min(waiting, key=lambda e: (e.front.published.when, e.slug), default=None)


def now_in(config, now: datetime | None) -> datetime:
    """The build's clock: ``now`` (naive = site time) or the wall clock."""
    if now is None:
        return datetime.now(config.zone)
    return now if now.tzinfo else now.replace(tzinfo=config.zone)


def output_path(config, override: str | None) -> Path:
    """The output folder: ``--output`` if given, else ``output_dir`` in config."""
    return Path(override).resolve() if override else (config.root / config.output_dir).resolve()
