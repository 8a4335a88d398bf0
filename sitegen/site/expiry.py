"""Expired articles: removed, or kept at their URL with a notice (``news.expired``).

From its ``expires:`` moment an article is on no list, tag page, archive,
feed, sitemap, news sitemap or related block (``site.visibility.visible``).
With ``news.expired: remove`` (the default: an Anzeige whose contract ends
must disappear) its page goes too, which the removal guard counts as asked
for; with ``notice`` its page stays at its URL with "Dieser Beitrag ist
abgelaufen …", ``noindex``, without tags, neighbours or related articles.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.sources import EntryKind
from sitegen.site.planner import PlannedPage
from sitegen.site.timeline import shown_corrections
from sitegen.site.urls import PageKind, article_route
from sitegen.site.visibility import Visibility, is_expired, is_future

NOTICE, REMOVE = "notice", "remove"


def expired_articles(entries: Iterable[Entry], rules: Visibility) -> list[Entry]:
    """The articles this build would show but for their expiry, in the given order."""
    return [e for e in entries if e.kind == EntryKind.ARTICLE and is_expired(e, rules.now)
            and (rules.drafts or not e.front.draft) and (rules.future or not is_future(e, rules.now))]


def kept_and_removed(config: Config, expired: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """``(articles kept with a notice, articles whose page is removed)`` under ``news.expired``."""
    return (expired, []) if config.publishing.expired == NOTICE else ([], expired)


def notice_pages(config: Config, kept: list[Entry], taken: set[str], now: datetime | None) -> list[PlannedPage]:
    """The planned pages of the expired articles kept with a notice (``noindex``;
    none whose output path another page of ``taken`` already has)."""
    pages = []
    for entry in kept:
        where = article_route(config, entry)
        if where.output_path in taken:
            continue
        text = f"expired|{entry.path}|{entry.digest}|{len(shown_corrections(entry, now))}"
        pages.append(PlannedPage(where, "article.html", PageKind.ARTICLE, entry.slug, entry.path,
                                 hashlib.sha256(text.encode()).hexdigest(), items=("", ""),
                                 noindex=True, shows=(entry.path,), salt="expired"))
    return pages
