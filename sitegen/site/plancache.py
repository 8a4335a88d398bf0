"""The page plan of a build, or the last build's plan when only bodies changed.

``serve`` keeps the plan in memory between rebuilds; a one-shot build reads the
one the last build saved (``store/plans.py``).  Either way the pages are the
same as ``plan_pages`` would give: only fingerprints are refreshed.
"""

from __future__ import annotations

import hashlib

from sitegen.caching import PlanMemo
from sitegen.config.settings import Config, site_key
from sitegen.problems import Problem
from sitegen.site.planner import PlannedPage, plan_pages, refresh_fingerprints
from sitegen.site.visibility import is_future


def plan_or_reuse(site, config: Config, memo: PlanMemo | None) -> tuple[list[PlannedPage], list[Problem]]:
    """``plan_pages``, or the memo's plan with refreshed fingerprints when
    only entry bodies changed (the same pages either way)."""
    if memo is None:
        return plan_pages(site, config)
    key = plan_key(site, config)
    stored = memo.fetch(key) if memo.fetch is not None and key != memo.key else None
    if stored is not None:  # a one-shot build: the plan the last build saved (store.plans)
        memo.key, memo.digests, memo.planned, memo.problems = stored.key, stored.digests, stored.planned, stored.problems
    digests = {e.path: e.digest for e in (*site.articles, *site.pages)}
    if key == memo.key:
        changed = {path for path, digest in digests.items() if memo.digests.get(path) != digest}
        planned, problems = refresh_fingerprints(list(memo.planned), site, changed), list(memo.problems)
    else:
        planned, problems = plan_pages(site, config)
    memo.key, memo.digests, memo.planned, memo.problems = key, digests, tuple(planned), tuple(problems)
    return planned, problems


def plan_key(site, config: Config) -> str:
    """Digest of everything ``plan_pages`` reads except entry bodies."""
    now = site.now
    rows = [site_key(config)]
    rows += [f"a|{e.path}|{e.slug}|{e.front_digest}|{is_future(e, now)}"
             for e in site.articles]
    rows += [f"p|{e.path}|{e.slug}|{e.front_digest}" for e in site.pages]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()
