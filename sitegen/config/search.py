"""The ``search:`` block of ``config.yaml``: the static search page ``/suche/``.

``search: {enabled: true}`` builds the page and a Pagefind index of the
published articles (see ``render.search``); absent or ``enabled: false``
builds neither (as with Hugo or Pelican, search is something a site opts into).
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.config.reader import Reader
from sitegen.config.yamltext import Node


@dataclass(frozen=True)
class Search:
    """Search settings: ``enabled`` builds ``/suche/`` and its index."""

    enabled: bool = False


def read_search(r: Reader, node: Node | None) -> Search:
    """``search`` ({} when absent); unknown keys get the usual warning, a
    value that is not true/false an error at its line."""
    found = r.mapping(node, "search", {"enabled"})
    return Search(enabled=r.boolean(found.get("enabled"), "search.enabled", False))
