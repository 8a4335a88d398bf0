"""Corrections (press-code practice, Pressekodex Ziffer 3): the box on the
article and the site's ``/korrekturen/`` page.

Each correction is dated (date and time in the site's formats).  On the
article the box lists them oldest first, as they happened; ``/korrekturen/``
lists the newest ``MAX_LISTED`` across the site, newest first, each with a
link to its article.  A correction dated after the build's clock is not shown
yet (``site.timeline.shown_corrections``); its moment is registered with the
build state like a scheduled article, so it appears on the next build after
it.  Shown corrections are added to the fingerprints of the pages that show
them, so an incremental build equals a clean one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.timeline import Correction
from sitegen.render.views import format_moment, iso
from sitegen.site.model import Site
from sitegen.site.planner import PlannedPage
from sitegen.site.timeline import shown_corrections
from sitegen.site.urls import PageKind, article_route, route

MAX_LISTED = 100  # corrections on /korrekturen/


@dataclass(frozen=True)
class CorrectionView:
    """One correction for templates: ``date_text`` ("26.04.2024"), ``time_text``
    ("09:30 Uhr", None for a bare date), ``datetime`` (ISO 8601), ``text``; on
    ``/korrekturen/`` also the article's ``title`` and ``url``."""

    date_text: str
    time_text: str | None
    datetime: str
    text: str
    title: str = ""
    url: str = ""


def correction_view(entry: Entry, correction: Correction, config: Config) -> CorrectionView:
    """The ``CorrectionView`` of one correction of ``entry``."""
    when = correction.when
    return CorrectionView(format_moment(when, config.date_format, config),
                          format_moment(when, config.time_format, config) if when.has_time else None,
                          iso(when), correction.text, entry.title, article_route(config, entry).url)


def article_corrections(entry: Entry, now: datetime | None, config: Config) -> tuple[CorrectionView, ...]:
    """The shown corrections of ``entry``, oldest first."""
    return tuple(correction_view(entry, c, config) for c in shown_corrections(entry, now))


def corrected_after_update(entry: Entry, now: datetime | None) -> str | None:
    """ISO 8601 of ``entry``'s newest shown correction when it is later than
    ``updated:`` (or there is none), else None."""
    shown = shown_corrections(entry, now)
    if not shown:
        return None
    newest, updated = shown[-1].when, entry.front.updated
    return iso(newest) if updated is None or updated.when < newest.when else None


def recent(site: Site) -> list[tuple[Entry, Correction]]:
    """The shown corrections of every visible article, newest first (then by
    path), at most ``MAX_LISTED``."""
    found = [(e, c) for e in site.articles for c in shown_corrections(e, site.now)]
    found.sort(key=lambda item: (-item[1].when.when.timestamp(), item[0].path, item[1].line))
    return found[:MAX_LISTED]


def corrections_page(site: Site, config: Config) -> PlannedPage:
    """The planned ``/korrekturen/`` page (planned always: the footer links it)."""
    listed = recent(site)
    text = "|".join(f"{e.path}:{e.digest}:{e.title}:{c.line}" for e, c in listed)
    return PlannedPage(route(config, PageKind.CORRECTIONS), "korrekturen.html", PageKind.CORRECTIONS, "",
                       fingerprint=hashlib.sha256(f"corrections|{text}".encode()).hexdigest(),
                       lastmod=listed[0][1].when if listed else None)


def with_corrections(planned: list[PlannedPage], site: Site) -> list[PlannedPage]:
    """``planned`` with the number of shown corrections added to each article page's fingerprint."""
    counts = {e.slug: len(shown_corrections(e, site.now)) for e in site.articles if e.front.corrections}
    result = []
    for page in planned:
        if page.kind == PageKind.ARTICLE and counts.get(page.key):
            text = f"{page.fingerprint}|corrections|{counts[page.key]}"
            page = dataclasses.replace(page, fingerprint=hashlib.sha256(text.encode()).hexdigest())
        result.append(page)
    return result
