"""Answers of external URLs kept in the project store (``.cache/store.sqlite3``,
namespace ``external-links``) for ``check.external_cache_hours``; the
store's ``expires`` drops them after that time."""

from __future__ import annotations

import json
import time

from sitegen.check.probe import Answer

NAMESPACE = "external-links"
VERSION = "1"


def cached(store, url: str) -> Answer | None:
    """The kept answer for ``url``, or None (missing, expired or damaged)."""
    raw = store.get(NAMESPACE, url, VERSION)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return Answer(int(data["status"]), str(data["failure"]), str(data["moved"]), int(data["moved_status"]))
    except (ValueError, KeyError, TypeError):
        return None


def keep(store, url: str, answer: Answer, hours: int) -> None:
    """Keep ``answer`` for ``url`` for ``hours`` hours (nothing when 0); the caller commits."""
    if hours <= 0:
        return
    value = json.dumps({"status": answer.status, "failure": answer.failure, "moved": answer.moved,
                        "moved_status": answer.moved_status}, sort_keys=True).encode()
    store.put(NAMESPACE, url, VERSION, value, expires=time.time_ns() + hours * 3600 * 10**9)
