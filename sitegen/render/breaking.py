"""Breaking-news banners: which pages show which banner, and their fingerprints.

A running banner (``site.timeline.breaking_now``: published, not yet at its
end, newest first, at most three) is shown on the first home page, on the
tag pages of its article's tags and on the article itself — not on every
page, so its start and end rewrite a handful of files.  The banner set is
added to those pages' fingerprints, so a build after the end rewrites them
and an incremental build equals a clean one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from sitegen.content.entry import Entry
from sitegen.site.model import Site
from sitegen.site.planner import PlannedPage
from sitegen.site.urls import PageKind


@dataclass(frozen=True)
class Banner:
    """One banner for templates: the article's ``title`` (with "Anzeige: " when sponsored) and ``url``."""

    title: str
    url: str


def banner_entries(page: PlannedPage, running: tuple[Entry, ...], site: Site) -> tuple[Entry, ...]:
    """The running breaking items ``page`` shows (see the module's rule)."""
    if page.kind == PageKind.HOME and page.number == 1:
        return running
    if page.kind == PageKind.TAG:
        return tuple(e for e in running if any(t.slug == page.key for t in site.tags_of.get(e.slug, ())))
    if page.kind == PageKind.ARTICLE:
        return tuple(e for e in running if e.slug == page.key)
    return ()


def with_banners(planned: list[PlannedPage], running: tuple[Entry, ...], site: Site) -> list[PlannedPage]:
    """``planned`` with the banner set added to the fingerprint of each page that shows one."""
    if not running:
        return planned
    result = []
    for page in planned:
        shown = banner_entries(page, running, site)
        if shown:
            text = f"{page.fingerprint}|breaking|" + "|".join(f"{e.path}:{e.digest}" for e in shown)
            page = dataclasses.replace(page, fingerprint=hashlib.sha256(text.encode()).hexdigest())
        result.append(page)
    return result
