"""The last page plan, kept in the store between one-shot builds.

``serve`` keeps its ``caching.PlanMemo`` in memory; a ``build`` loads the
one the previous build saved here, so a body edit reuses the plan (with
fresh fingerprints for the pages that show the edited entry, see
``site/plancache.plan_or_reuse``) instead of planning 16,000 pages anew.

The value lives in namespace ``plan`` under key ``plan`` (one slot: the
memo's ``key`` — config and every visible entry's path, slug, front matter
and scheduled flag — decides whether it applies at all, so a build with
other options simply plans anew and overwrites it).  Its version is the
code of the planner and of this module (``versions.code_version``) and the
codec's field lists, and the memo's key (so a build with another key
decodes nothing).  It is saved only when the memo's ``key`` changed:
a saved plan with its own entry digests stays consistent however many
bodies were edited since (the next build refreshes every page whose entry's
digest differs from the saved one).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Mapping

from sitegen.content.dates import Moment
from sitegen.problems import Problem
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import PageKind, Route
from sitegen.store.codec import Codec
from sitegen.store.versions import code_version

NAMESPACE = KEY = "plan"
VERSION_MODULES = ("sitegen.site.planner", "sitegen.store.plans")


@dataclass(frozen=True)
class PlanRecord:
    """What ``caching.PlanMemo`` holds, as a frozen value for the codec."""

    key: str
    digests: Mapping[str, str]
    planned: tuple[PlannedPage, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Packed:
    """A ``PlanRecord`` as saved: every page's ``shows`` and ``items`` as
    numbers into ``texts`` (a list page repeats the same paths and slugs that
    many other pages show: saved once each, the value is about half as big)."""

    key: str
    digests: Mapping[str, str]
    texts: tuple[str, ...]
    planned: tuple[PlannedPage, ...]  # with shows=() and items=()
    shows: tuple[tuple[int, ...], ...]
    items: tuple[tuple[int, ...], ...]
    problems: tuple[Problem, ...]


PLANS = Codec(_Packed, (_Packed, PlannedPage, Route, Moment, Problem), {(PlannedPage, "kind"): PageKind})


def _pack(record: PlanRecord) -> _Packed:
    table: dict[str, int] = {}
    number = lambda text: table.setdefault(text, len(table))  # noqa: E731
    shows = tuple(tuple(number(path) for path in page.shows) for page in record.planned)
    items = tuple(tuple(number(slug) for slug in page.items) for page in record.planned)
    bare = tuple(_bare(page) for page in record.planned)
    return _Packed(record.key, record.digests, tuple(table), bare, shows, items, record.problems)


def _bare(page: PlannedPage) -> PlannedPage:
    """``page`` with ``shows`` and ``items`` empty (``dataclasses.replace`` without its
    ``__init__`` call: a frozen page has no other state, and 16,000 of them are copied)."""
    copy = object.__new__(PlannedPage)
    copy.__dict__.update(page.__dict__, shows=(), items=())
    return copy


def _unpack(packed: _Packed) -> PlanRecord:
    """Raises ``ValueError`` when the numbers do not fit the table or the pages."""
    texts = packed.texts
    if not len(packed.planned) == len(packed.shows) == len(packed.items):
        raise ValueError("plan: pages and their shows/items differ in number")
    try:
        for page, shows, items in zip(packed.planned, packed.shows, packed.items):
            # the pages were just decoded and are seen nowhere else: filled in place (as the codec
            # makes them), not copied with dataclasses.replace (16,000 pages: 0.1 s)
            page.__dict__.update(shows=tuple([texts[i] for i in shows]), items=tuple([texts[i] for i in items]))
    except (IndexError, TypeError) as exc:
        raise ValueError(f"plan: {exc}") from None
    return PlanRecord(packed.key, packed.digests, packed.planned, packed.problems)


def plan_version() -> str:
    """The version saved plans must carry (code of the planner, codec schema)."""
    return hashlib.sha256(f"{code_version(*VERSION_MODULES)}|{PLANS.schema}".encode()).hexdigest()


class StoredPlans:
    """The plans of ``store`` (a ``db.Store``) for one build: ``fetch(key)``
    decodes the saved plan only when it was made for ``key`` (the key is
    part of the row's version, so another key costs no decoding), ``save``
    keeps a memo whose key differs from the one fetched."""

    def __init__(self, store):
        self.store = store
        self.fetched = ""

    def fetch(self, key: str) -> PlanRecord | None:
        """The saved plan for ``key``, or None (none, other code, other key, or it does not decode)."""
        data = self.store.get(NAMESPACE, KEY, f"{plan_version()}|{key}")
        if data is None:
            return None
        try:
            record = _unpack(PLANS.decode(data))
        except ValueError:
            return None
        if record.key != key:
            return None
        self.fetched = key
        return record

    def save(self, memo) -> None:
        """Put ``memo`` (a ``caching.PlanMemo``) into the store when it holds
        a plan other than the one fetched; the caller commits."""
        if not memo.key or memo.key == self.fetched:
            return
        record = PlanRecord(memo.key, dict(memo.digests), tuple(memo.planned), tuple(memo.problems))
        self.store.put(NAMESPACE, KEY, f"{plan_version()}|{memo.key}", PLANS.encode(_pack(record)))
