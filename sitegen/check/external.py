"""Check external links: concurrent, polite per host, answers cached.

``check_external`` asks each URL once (``probe``) on a thread pool, at most
``per_host`` at once and ``per_second`` starts per second per host
(``hosts``), reuses answers younger than ``external_cache_hours``
(``cache``), and returns one ``Problem`` per place a URL stands:

* an error for a dead link (4xx/5xx, host not found, no answer in time),
* a warning for a permanent redirect (301/308), naming the new URL.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import responses
from urllib.parse import urlsplit

from sitegen.check.cache import cached, keep
from sitegen.check.collect import MAX_URL_CHARS, Place
from sitegen.check.hosts import HostLimits
from sitegen.check.probe import Answer, probe
from sitegen.check.settings import CheckSettings
from sitegen.problems import Problem, error, warning

THREADS = 16  # requests in flight over all hosts
SHOWN_URL = 200  # characters of a URL shown in a message


@dataclass
class Tally:
    """Counts for the summary line: URLs ``asked``, answered ``from_cache``,
    ``skipped`` over the limit, ``dead``, ``moved``."""

    asked: int = 0
    from_cache: int = 0
    skipped: int = 0
    dead: int = 0
    moved: int = 0
    problems: list[Problem] = field(default_factory=list)


def check_external(links: dict[str, list[Place]], settings: CheckSettings, store) -> Tally:
    """Check every URL of ``links`` (``collect.external_links``); the first
    ``settings.limit`` URLs in sorted order are asked, the rest are counted
    in ``Tally.skipped``.  ``store`` is a ``store.db.Store`` (committed here)."""
    tally = Tally()
    urls = list(links)[: settings.limit]
    tally.skipped = len(links) - len(urls)
    answers: dict[str, Answer] = {}
    for url in urls:
        found = cached(store, url) if settings.cache_hours else None
        if found is not None:
            answers[url] = found
            tally.from_cache += 1
    todo = [u for u in urls if u not in answers]
    tally.asked = len(todo)
    limits = HostLimits(settings.per_host, settings.per_second)
    with ThreadPoolExecutor(max_workers=min(THREADS, max(1, len(todo)))) as pool:
        for url, answer in zip(todo, pool.map(lambda u: _ask(u, settings, limits), todo)):
            answers[url] = answer
            keep(store, url, answer, settings.cache_hours)
    store.commit()
    for url in urls:
        _report(url, answers[url], links[url], tally)
    return tally


def _ask(url: str, settings: CheckSettings, limits: HostLimits) -> Answer:
    if len(url) > MAX_URL_CHARS:
        return Answer(0, f"the URL is longer than {MAX_URL_CHARS} characters")
    host = (urlsplit(url).hostname or "").lower()
    with limits.slot(host):
        return probe(url, settings.timeout, limits.wait)


def _report(url: str, answer: Answer, places: list[Place], tally: Tally) -> None:
    shown = url if len(url) <= SHOWN_URL else url[:SHOWN_URL] + "…"
    if answer.moved:
        tally.moved += 1
        target = answer.moved if len(answer.moved) <= SHOWN_URL else answer.moved[:SHOWN_URL] + "…"
        for p in places:
            tally.problems.append(warning(p.path, p.line, f"link {shown} moved permanently ({answer.moved_status})",
                                          f"update the link to {target}"))
    elif answer.dead:
        tally.dead += 1
        why = answer.failure or f"answers {answer.status} {responses.get(answer.status, '')}".rstrip()
        for p in places:
            tally.problems.append(error(p.path, p.line, f"dead link {shown}: {why}",
                                        "fix or remove the link"))
