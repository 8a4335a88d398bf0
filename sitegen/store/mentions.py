"""Which entries' body HTML names one of the company's own products, kept between builds.

``site.disclosure`` looks for ``disclosure.own_products`` in the HTML of every
shown article (one regular expression, case-insensitive: about 30 µs per
article, 0.3 s at 10,000); the answer depends only on the body's HTML and
the product names.  ``MentionMemo`` keeps it by entry digest (the body's
HTML is a function of the source text for one version of the entry store:
parse code and options), for one ``scope``: that version and the names.
``serve`` keeps the memo in memory; a one-shot build loads the one the last
build saved (namespace ``mentions``, one row, its version the scope and
this module's code) and saves it when it changed.  The answers are the
same as without the memo.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sitegen.store.versions import code_version

NAMESPACE = KEY = "mentions"
VERSION_MODULES = ("sitegen.store.mentions", "sitegen.site.disclosure")


@dataclass
class MentionMemo:
    """{entry digest: True when its body HTML matches the product pattern},
    valid for ``scope``; ``version`` is the entry store's (set by the
    pipeline before each use); ``load(scope)`` gives a saved table or None."""

    version: str = ""
    scope: str = ""
    found: dict[str, bool] = field(default_factory=dict)
    changed: bool = False
    load: Callable[[str], dict | None] | None = None

    def table(self, forms: Iterable[str]) -> dict[str, bool]:
        """The table for the product ``forms`` (a new one when the scope differs)."""
        scope = hashlib.sha256(f"{self.version}|{json.dumps(sorted(forms))}".encode()).hexdigest()
        if scope != self.scope:
            loaded = self.load(scope) if self.load is not None else None
            self.scope, self.found, self.changed = scope, loaded if loaded is not None else {}, loaded is None
        return self.found

    def keep_only(self, digests: set[str]) -> None:
        """Forget the answers for entries no longer shown."""
        gone = [digest for digest in self.found if digest not in digests]
        for digest in gone:
            del self.found[digest]
        self.changed = self.changed or bool(gone)


def _version(scope: str) -> str:
    return f"{code_version(*VERSION_MODULES)}|{scope}"


def stored(store) -> Callable[[str], dict | None]:
    """``load`` for a ``MentionMemo``: the table ``store`` (a ``db.Store``) keeps for a scope, or None."""
    def load(scope: str) -> dict | None:
        data = store.get(NAMESPACE, KEY, _version(scope))
        try:
            table = json.loads(data) if data is not None else None
        except ValueError:
            return None
        if not isinstance(table, dict) or not all(type(v) is bool for v in table.values()):
            return None
        return table
    return load


def save(store, memo: MentionMemo) -> None:
    """Put ``memo``'s table into ``store`` when it changed; the caller commits."""
    if memo.changed and memo.scope:
        store.put(NAMESPACE, KEY, _version(memo.scope), json.dumps(memo.found, sort_keys=True).encode())
        memo.changed = False
