"""The last page plan, kept in the store between one-shot builds.

``serve`` keeps its ``caching.PlanMemo`` in memory; a ``build`` loads the
one the previous build saved here, so a body edit reuses the plan (with
fresh fingerprints for the pages that show the edited entry, see
``pipeline._plan``) instead of planning 16,000 pages anew.

The value lives in namespace ``plan`` under key ``plan`` (one slot: the
memo's ``key`` — config and every visible entry's path, slug, front matter
and scheduled flag — decides whether it applies at all, so a build with
other options simply plans anew and overwrites it).  Its version is the
code of the planner and of this module (``versions.code_version``) and the
codec's field lists.  It is saved only when the memo's ``key`` changed:
a saved plan with its own entry digests stays consistent however many
bodies were edited since (the next build refreshes every page whose entry's
digest differs from the saved one).
"""

from __future__ import annotations

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


PLANS = Codec(PlanRecord, (PlanRecord, PlannedPage, Route, Moment, Problem), {(PlannedPage, "kind"): PageKind})


def plan_version() -> str:
    """The version saved plans must carry (code of the planner, codec schema)."""
    return hashlib.sha256(f"{code_version(*VERSION_MODULES)}|{PLANS.schema}".encode()).hexdigest()


def load_plan(store) -> PlanRecord | None:
    """The plan the last build saved in ``store`` (a ``db.Store``), or None
    when there is none, or it was made by other code or does not decode."""
    data = store.get(NAMESPACE, KEY, plan_version())
    if data is None:
        return None
    try:
        return PLANS.decode(data)
    except ValueError:
        return None


def save_plan(store, memo, loaded_key: str) -> None:
    """Put ``memo`` (a ``caching.PlanMemo``) into ``store`` when its key is
    not ``loaded_key`` (the key of the plan this build started from); the
    caller commits."""
    if not memo.key or memo.key == loaded_key:
        return
    record = PlanRecord(memo.key, dict(memo.digests), tuple(memo.planned), tuple(memo.problems))
    store.put(NAMESPACE, KEY, plan_version(), PLANS.encode(record))
