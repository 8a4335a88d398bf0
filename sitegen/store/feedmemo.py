"""The topic feeds of the last build, kept in the store between one-shot builds.

``serve`` keeps its topic-feed memo (``render.topicfeeds``: {(tag slug, key):
files}) in memory; a one-shot ``build`` uses ``StoredFeeds``, the same
protocol over the store: one row per tag (namespace ``topicfeeds``, key the
tag's slug), valid only for the memo key it was made with (the key — config,
and every shown entry's file, URL, tags, published body and last-modified
moment — is part of the row's version, with the code of the feed modules).
A tag whose key is unchanged is not made again; a remade tag's row is
rewritten.  The bytes are the same as without the memo.
"""

from __future__ import annotations

import json

from sitegen.store.versions import code_version

NAMESPACE = "topicfeeds"
VERSION_MODULES = ("sitegen.render.topicfeeds", "sitegen.render.feeds", "sitegen.store.feedmemo")


def _version(key: str) -> str:
    return f"{code_version(*VERSION_MODULES)}|{key}"


def encode(files: dict[str, bytes]) -> bytes:
    """``files`` as one value: a JSON list of [path, size], a NUL, then the bytes."""
    head = json.dumps([[path, len(data)] for path, data in files.items()]).encode()
    return head + b"\0" + b"".join(files.values())


def decode(value: bytes) -> dict[str, bytes] | None:
    """The files ``encode`` made ``value`` from, or None when it does not fit."""
    head, _, body = value.partition(b"\0")
    try:
        sizes = json.loads(head)
        files, at = {}, 0
        for path, size in sizes:
            if type(path) is not str or type(size) is not int or size < 0:
                return None
            files[path], at = body[at:at + size], at + size
    except (ValueError, TypeError):
        return None
    return files if at == len(body) else None


class StoredFeeds:
    """A topic-feed memo kept in ``store`` (a ``db.Store``): ``get((slug,
    key))`` the saved files, ``update({(slug, key): files})`` saves the tags
    made anew (the caller commits); ``clear`` forgets nothing kept."""

    def __init__(self, store):
        self.store = store
        self.found: set[tuple[str, str]] = set()

    def get(self, memo_key: tuple[str, str]) -> dict[str, bytes] | None:
        """The files saved for the tag ``slug`` under ``key``, or None."""
        slug, key = memo_key
        value = self.store.get(NAMESPACE, slug, _version(key))
        files = decode(value) if value is not None else None
        if files is not None:
            self.found.add(memo_key)
        return files

    def clear(self) -> None:
        """Nothing to forget: a row applies only to its own key."""

    def update(self, kept: dict) -> None:
        """Save the tags whose files were made in this build."""
        for (slug, key), files in sorted(kept.items()):
            if (slug, key) not in self.found:
                self.store.put(NAMESPACE, slug, _version(key), encode(files))
