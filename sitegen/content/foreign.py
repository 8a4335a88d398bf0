"""Front matter keys of other generators (Hugo, Jekyll, Hexo, Pelican) read
the way their users expect, each with a word, never ignored in silence.

Applied to the raw keys before they are typed, so every check of our own key
(date formats, ``updated`` not before ``date``) applies to the adopted value
and problems name the line the editor wrote.  Decisions (README, "Keys of
other generators"):

* ``description`` is the summary when ``summary:`` is absent (Hugo uses it
  for the meta description); with both, a warning that it is ignored.
* ``lastmod`` is ``updated`` when ``updated:`` is absent (Hugo's meaning).
* ``publishDate`` (Hugo; ``publishdate`` too) is when the article goes
  online: it becomes ``date:`` (replacing a different ``date:``, with a
  warning), so a future ``publishDate`` is scheduled, never published at once.
* ``expiryDate`` (Hugo) is ``expires`` when ``expires:`` is absent.
* ``categories`` (articles) are merged into ``tags`` after them, with a
  warning: this site has one taxonomy.

Keys are matched case-insensitively, as Hugo does.
"""

from __future__ import annotations

from sitegen.config.yamlnode import Node
from sitegen.content.sources import EntryKind
from sitegen.problems import Problem, error, warning


def adopt_foreign_keys(keys: dict[str, Node], kind: str, path: str) -> tuple[dict[str, Node], list[Problem]]:
    """Return ``(keys with adopted values, problems)``; ``keys`` is not changed.

    ``kind`` is "article" or "page"; problems point at the foreign key's line.
    """
    keys, problems = dict(keys), []
    found = {key.lower(): key for key in keys}
    _take(keys, found.get("description"), "summary", path, problems)
    _take(keys, found.get("lastmod"), "updated", path, problems)
    publish = found.get("publishdate")
    if publish and kind == EntryKind.ARTICLE:
        _publish_date(keys, publish, path, problems)
    expiry = found.get("expirydate")
    if expiry and keys[expiry].value and kind != EntryKind.ARTICLE:
        problems.append(error(path, keys[expiry].line, f"'{expiry}' works for articles only: a page would stay "
                              "online after that date", f"remove {expiry}: and take the page offline yourself "
                              "(draft: true or delete the file) when it expires"))
    elif expiry:
        _take(keys, expiry, "expires", path, problems)
    categories = found.get("categories")
    if categories and kind == EntryKind.ARTICLE:
        _merge_categories(keys, categories, path, problems)
    return keys, problems


def _take(keys: dict[str, Node], foreign: str | None, ours: str, path: str, problems: list[Problem]) -> None:
    """Use ``keys[foreign]`` as ``keys[ours]`` when ours is absent or empty."""
    if not foreign or keys[foreign].value is None:
        return
    if ours in keys and keys[ours].value is not None:
        problems.append(warning(path, keys[foreign].line, f"'{foreign}' is ignored: '{ours}' is given",
                                f"remove {foreign}: or move its text into {ours}:"))
        return
    keys[ours] = keys[foreign]


def _publish_date(keys: dict[str, Node], publish: str, path: str, problems: list[Problem]) -> None:
    node, date = keys[publish], keys.get("date")
    if node.value is None:
        return
    if date is not None and date.value is not None and date.value != node.value:
        problems.append(warning(path, node.line, f"'{publish}' ({node.value}) is used as the publication date; "
                                f"date: ({date.value}) is ignored", f"write the publication date in date: and "
                                f"remove {publish}:"))
    keys["date"] = node


def _merge_categories(keys: dict[str, Node], categories: str, path: str, problems: list[Problem]) -> None:
    items = _items(keys[categories])
    if not items:
        return
    tags = _items(keys["tags"]) if "tags" in keys else []
    if tags is None:
        return  # a malformed tags: is reported when it is typed
    keys["tags"] = Node(tags + items, keys.get("tags", keys[categories]).line)
    problems.append(warning(path, keys[categories].line, f"'{categories}' are added to the tags "
                            "(this site has tags only)", f"move them into tags: and remove {categories}:"))


def _items(node: Node) -> list[Node] | None:
    """The entries of a list or comma-separated text, each with its line; None for a mapping."""
    if node.value is None:
        return []
    if isinstance(node.value, str):
        return [Node(part.strip(), node.line) for part in node.value.split(",") if part.strip()]
    if isinstance(node.value, list):
        return list(node.value)
    return None
