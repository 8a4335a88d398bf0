"""What one deploy changes at its target, how it is listed, and the removal guard.

The listing is one line per file — ``add news/gold/index.html``, ``change
index.html``, ``delete news/alt/index.html`` — at most ``SHOWN`` per kind,
then ``… and N more to add``.  The guard is ``build``'s (``output.guard``):
article pages that the target has and the new site lacks are explained by
the source file that made them, as recorded by the last deploy to the same
target (store namespace ``deployed``); more unrequested removals than the
limit stop the deploy until ``--allow-removals``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Mapping

NAMESPACE, VERSION = "deployed", "1"
SHOWN = 20  # lines per kind; the rest are counted


@dataclass(frozen=True)
class Plan:
    """The files (output paths, sorted) a deploy adds, changes and deletes
    at the target, and how many stay ``unchanged``."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        """True when the target already holds the site."""
        return not (self.added or self.changed or self.deleted)

    def lines(self, shown: int = SHOWN) -> list[str]:
        """The listing: ``add PATH``, ``change PATH``, ``delete PATH`` (the first ``shown`` of each kind)."""
        out = []
        for verb, paths in (("add", self.added), ("change", self.changed), ("delete", self.deleted)):
            out += [f"{verb} {p}" for p in paths[:shown]]
            if len(paths) > shown:
                out.append(f"… and {len(paths) - shown} more to {verb}")
        return out

    def counts(self) -> str:
        """``3 added, 1 changed, 0 deleted, 250 unchanged``."""
        return (f"{len(self.added)} added, {len(self.changed)} changed, {len(self.deleted)} deleted, "
                f"{self.unchanged} unchanged")


def article_pattern(config) -> re.Pattern:
    """Output paths of article pages: one folder below the permalink's prefix (``news/<slug>/index.html``)."""
    prefix = config.article_permalink.split("{slug}")[0].lstrip("/")
    return re.compile(re.escape(prefix) + r"[^/]+/index\.html")


def removals(plan: Plan, config, site: tuple[str, ...], pages: Mapping[str, str], before: Mapping[str, str]):
    """The removal guard for ``plan`` (an ``output.guard.RemovalCheck``):
    ``site`` the output paths deployed, ``pages`` {article page: source} of
    the build, ``before`` {article page: source} of the last deploy to this
    target.  Limit: ``deploy.removal_limit`` or the default rule."""
    from sitegen.output.guard import check_removals
    pattern = article_pattern(config)
    added = set(plan.added)
    articles = set(pages) or {p for p in site if pattern.fullmatch(p)}
    live = {p for p in articles if p not in added} | {p for p in plan.deleted if pattern.fullmatch(p)}
    states = {source: "shown" for source in pages.values()}
    return check_removals(live, site, before, states, pages, config.root, config.base_path,
                          config.publishing.removal_limit)


def refusal(check, target: str, shown: int = SHOWN) -> str:
    """The error of a deploy stopped by the guard (``check`` blocked): the
    count and what to do, then the removals indented (the first ``shown``) —
    the wording of ``RemovalCheck.refusal``, for a deploy to ``target``."""
    pages = "page that was" if check.counted == 1 else "pages that were"
    head = (f"error: this deploy would remove {check.counted} published article {pages} not deleted or marked "
            f"draft (the limit is {check.limit}) — {target} was not changed; check the list, then deploy again "
            "with --allow-removals if that is intended")
    more = len(check.removals) - shown
    return "\n".join((head, *(f"  {r.describe()}" for r in check.removals[:shown]),
                      *((f"  … and {more} more removed article pages",) if more > 0 else ())))


def load_deployed(store, key: str) -> dict[str, str]:
    """{article page: source} recorded by the last deploy to the target ``key`` ({} when none or damaged)."""
    data = store.get(NAMESPACE, key, VERSION) if store is not None else None
    try:
        found = json.loads(data) if data else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def save_deployed(store, key: str, pages: Mapping[str, str]) -> None:
    """Record the article pages just deployed to the target ``key``."""
    if store is not None:
        store.put(NAMESPACE, key, VERSION, json.dumps(dict(sorted(pages.items()))).encode())
        store.commit()
