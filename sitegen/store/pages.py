"""Rendered pages kept in memory by ``serve`` between rebuilds.

A hook between stages, never inside them: a planned page whose fingerprint
(see ``planner``) and render key (config, theme, page set) are unchanged
reuses its bytes.  Parsed entries are kept by ``store.entries``; everything
that depends on other files (site model, plan) is recomputed, so a cached
build gives the same bytes as a clean one.
"""

from __future__ import annotations


class PageCache:
    """Rendered pages that passed validation, by output path: (fingerprint, bytes).

    Valid only for one render key (config, theme and page set); a new key
    empties it.  A page is reused when its planned fingerprint is equal.
    """

    def __init__(self) -> None:
        self._key = ""
        self._pages: dict[str, tuple[str, bytes]] = {}
        self._env = None

    def for_key(self, key: str) -> dict[str, tuple[str, bytes]]:
        """The page memo for ``key`` (emptied, with the template environment,
        when the key changed)."""
        if key != self._key:
            self._key, self._pages, self._env = key, {}, None
        return self._pages

    def environment(self, make):
        """The Jinja2 environment for the current key, made by ``make()`` once."""
        if self._env is None:
            self._env = make()
        return self._env
