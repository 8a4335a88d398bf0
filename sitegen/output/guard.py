"""The removal guard: a publish never removes many article pages by accident.

An article page that disappears breaks every link to it (search engines,
newsletters, other sites).  Before anything is published, ``check_removals``
compares the article pages live in the output folder with the new site and
explains each removal by its source file:

* removals an editor asked for are listed, not counted: the source file was
  deleted, it now says ``draft: true``, or its ``expires:`` has passed
  (state "expired", ``news.expired: remove``);
* every other removal is counted: an article dated after the build's clock
  (``--now`` in the past), a new title that moved the URL, a page whose
  source is unknown (no record of the last build, e.g. ``--no-cache``).

When more are counted than the limit — by default 10 % of the published
article pages or 20, whichever is larger (``deploy: removal_limit:`` in
``config.yaml`` overrides it) — the run stops before publishing until it is
repeated with ``--allow-removals``.  The same check serves ``build`` and any
later publishing command (``deploy``).

Which source made which article page is kept per output folder in the
store (namespace ``published``), written after each successful publish.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping
from sitegen.store.places import folder_key

NAMESPACE, VERSION = "published", "1"
SHOWN = 10  # removals listed by name; the rest are counted ("… and N more")
MINIMUM_LIMIT, SHARE = 20, 0.10


@dataclass(frozen=True)
class Removal:
    """One article page that the publish removes: its site path ``url``
    (``/news/gold/``), the ``source`` file that made it ("" unknown), the
    ``reason`` ("deleted", "draft", "expired", "scheduled", "moved", "unknown"), and the
    ``new_url`` of a moved article ("" otherwise)."""

    url: str
    source: str
    reason: str
    new_url: str = ""

    @property
    def requested(self) -> bool:
        """True when an editor asked for it (deleted the file, set ``draft: true`` or an expiry)."""
        return self.reason in ("deleted", "draft", "expired")

    def describe(self) -> str:
        """``removed /news/gold/ (content/news/gold.md was deleted)``."""
        why = {"deleted": f"{self.source} was deleted",
               "draft": f"{self.source} is marked draft: true",
               "expired": f"{self.source} has expired",
               "scheduled": f"{self.source} is dated after the time of this build",
               "moved": f"{self.source} now has the URL {self.new_url}"}.get(self.reason)
        return f"removed {self.url} ({why})" if why else f"removed {self.url}"

    def warning(self) -> str:
        """The warning line of a published removal, with what to do."""
        if self.reason == "moved":
            slug = self.url.rstrip("/").rpartition("/")[2]
            return (f"warning: {self.describe()} — links to the old URL now fail; "
                    f"to keep it, set slug: {slug} in the article")
        return f"warning: {self.describe()} — links to this URL now fail"


@dataclass(frozen=True)
class RemovalCheck:
    """The result of ``check_removals``: every ``removals`` (sorted by URL),
    the ``limit`` of counted ones, ``published``: article pages live before
    the publish, and ``backdated``: the ``--now`` of a build into the deploy
    folder that is earlier than the clock ("" otherwise) — then no article
    may be removed as scheduled (it is published by the clock)."""

    removals: tuple[Removal, ...]
    limit: int
    published: int
    backdated: str = ""

    @property
    def counted(self) -> int:
        """Removals no editor asked for."""
        return sum(not r.requested for r in self.removals)

    @property
    def hidden(self) -> int:
        """Removals of articles a ``backdated`` build would hide (0 otherwise)."""
        return sum(r.reason == "scheduled" for r in self.removals) if self.backdated else 0

    @property
    def blocked(self) -> bool:
        """True when more removals are counted than the limit allows, or a
        backdated build would hide an article."""
        return self.counted > self.limit or self.hidden > 0

    def warnings(self, shown: int = SHOWN) -> tuple[str, ...]:
        """One warning line per removal (the first ``shown``), then ``… and N more``."""
        lines = [r.warning() for r in self.removals[:shown]]
        return (*lines, *(f"warning: {m}" for m in _more(len(self.removals) - shown)))

    def refusal(self, folder: str, shown: int = SHOWN) -> str:
        """The error of a blocked run: the counts, what to do, the removals
        (the first ``shown``, indented) — ``folder`` is the output folder as shown."""
        if self.hidden:
            why = (f"error: --now {self.backdated} is earlier than the clock and would remove "
                   f"{self.hidden} published article page{'s' * (self.hidden != 1)} from the deploy folder")
        else:
            pages = "page that was" if self.counted == 1 else "pages that were"
            why = (f"error: this build would remove {self.counted} published article {pages} not deleted "
                   f"or marked draft (the limit is {self.limit})")
        head = (f"{why} — {folder}/ was not changed; check the list, then build again with --allow-removals "
                "if that is intended")
        lines = [f"  {r.describe()}" for r in self.removals[:shown]]
        return "\n".join((head, *lines, *(f"  {m}" for m in _more(len(self.removals) - shown))))


def _more(count: int) -> tuple[str, ...]:
    return (f"… and {count} more removed article pages",) if count > 0 else ()


def default_limit(published: int, configured: int | None = None) -> int:
    """How many unrequested removals a publish may make: ``configured``
    (``deploy.removal_limit`` in config.yaml, ``config.publishing.removal_limit``) when set, else 10 % of ``published``
    article pages (rounded up) or 20, whichever is larger."""
    if configured is not None:
        return configured
    return max(MINIMUM_LIMIT, math.ceil(published * SHARE))


def check_removals(live: Iterable[str], site: Iterable[str], before: Mapping[str, str],
                   states: Mapping[str, str], pages: Mapping[str, str], root: Path, base_path: str,
                   limit: int | None = None) -> RemovalCheck:
    """Explain the article pages a publish would remove.

    ``live``: output paths of the article pages in the folder now
    (``news/gold/index.html``); ``site``: every output path of the new site;
    ``before``: {output path: source path} of the last publish (may be
    empty); ``states``: {article source path: "shown", "draft", "expired"
    or "scheduled"} of this build; ``pages``: {output path: source path} of its
    article pages, and of those its hidden articles would have; ``root`` the site folder (a source missing there was
    deleted); ``base_path`` the site's path prefix ("/" or "/blog/");
    ``limit`` the configured limit or None (``default_limit``).  Pure apart
    from checking whether source files exist.
    """
    live, site = set(live), set(site)
    new_urls = {source: _url(base_path, path) for path, source in pages.items() if states.get(source) == "shown"}
    removals = []
    for path in sorted(live - site):
        source = before.get(path) or pages.get(path, "")
        state = states.get(source, "")
        if not source or (not state and os.path.lexists(root / source)):
            reason = "unknown"
        else:
            reason = {"": "deleted", "shown": "moved"}.get(state, state)
        removals.append(Removal(_url(base_path, path), source, reason, new_urls.get(source, "")))
    return RemovalCheck(tuple(removals), default_limit(len(live), limit), len(live))


def _url(base_path: str, output_path: str) -> str:
    return base_path + output_path[: -len("index.html")]


def live_article_pages(folder: Path, before: Mapping[str, str], prefix: str) -> set[str]:
    """Output paths of the article pages in ``folder``: those the last
    publish recorded (``before``) that are still there, or, without a
    record, every ``<prefix>…/index.html`` one folder below ``prefix``
    (``news/``, from the permalink)."""
    if before:
        return {p for p in before if os.path.isfile(os.path.join(folder, p))}
    top = folder / prefix
    try:
        names = sorted(os.listdir(top))
    except OSError:
        return set()
    return {f"{prefix}{name}/index.html" for name in names
            if not name.startswith(".") and os.path.isfile(top / name / "index.html")}


def load_published(store, folder: Path) -> dict[str, str]:
    """{output path: source path} recorded for ``folder`` by the last publish ({} when none)."""
    data = store.get(NAMESPACE, folder_key(store, folder), VERSION) if store is not None else None
    try:
        found = json.loads(data) if data else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def save_published(store, folder: Path, pages: Mapping[str, str], states: Mapping[str, str]) -> None:
    """Record {output path: source path} of the article pages just published
    into ``folder``: those of ``pages`` whose source ``states`` says "shown"."""
    if store is not None:
        shown = {path: source for path, source in sorted(pages.items()) if states.get(source) == "shown"}
        store.put(NAMESPACE, folder_key(store, folder), VERSION, json.dumps(shown).encode())
