"""The search index in shards: one Pagefind bundle per time bucket of articles.

Pagefind cannot add a page to an index, so one index over the whole archive
means a full re-index (tens of seconds at 10,000 articles) for every new
article.  Instead the published articles are split by publication date into
shards, each indexed by its own Pagefind run into ``pagefind/<shard>/`` and
kept in the store under a key of its own documents only; the search page
loads the newest shard and merges the others in the browser with Pagefind's
``mergeIndex`` (pagefind.app/docs/multisite/), which ranks the hits of all
shards together by score.

The buckets (``shard_of``): one shard per calendar month for the year of the
newest article, one per year before it.  A new article (dated now) re-indexes
its month only — a few hundred articles at most for a busy news site — and the
browser loads at most 12 + (years − 1) shards.  Once a year, the first
article of a new year turns the previous year's months into one year shard
(one larger re-index).  ``pagefind/shards.json`` lists the shards, newest
first: ``{"shards": ["2024-11", …, "2019"]}``.
"""

from __future__ import annotations

import hashlib
import json

SHARD_LIST = "pagefind/shards.json"  # read by the theme's js/search.js
UNDATED = "0000"                      # the shard of an article without a date (not expected)


def shard_of(datetime_text: str, newest_year: str) -> str:
    """The shard name of an article published at ``datetime_text`` (ISO 8601,
    e.g. ``2024-03-08T09:30:00+01:00``): ``YYYY-MM`` in ``newest_year``,
    else ``YYYY``."""
    year = datetime_text[:4] or UNDATED
    return datetime_text[:7] if year == newest_year and len(datetime_text) >= 7 else year


def split(dated: dict[str, str]) -> dict[str, list[str]]:
    """``{output path: ISO datetime}`` → ``{shard: [output paths, sorted]}``
    (see ``shard_of``), shards in name order."""
    newest = max((when[:4] for when in dated.values() if when), default=UNDATED)
    shards: dict[str, list[str]] = {}
    for path in sorted(dated):
        shards.setdefault(shard_of(dated[path], newest), []).append(path)
    return dict(sorted(shards.items()))


def shard_key(base: str, shard: str, documents: dict[str, bytes], with_text: bool = True) -> str:
    """SHA-256 hex of what a shard's bundle depends on: ``base`` (the
    Pagefind and document versions, the config), the shard's name and each
    document's output path and — with ``with_text`` — its bytes (``serve``
    leaves the text out; see ``render.search.index_key``)."""
    digest = hashlib.sha256(f"{base}|{shard}".encode())
    for path in sorted(documents):
        digest.update(f"\n{path}|".encode())
        if with_text:
            digest.update(hashlib.sha256(documents[path]).digest())
    return digest.hexdigest()


def in_folder(shard: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's ``{"pagefind/…": bytes}`` moved below ``pagefind/<shard>/``."""
    return {f"pagefind/{shard}/{path.removeprefix('pagefind/')}": data for path, data in files.items()}


def shard_list(shards: list[str]) -> bytes:
    """The bytes of ``pagefind/shards.json``: the shard names, newest first."""
    return (json.dumps({"shards": sorted(shards, reverse=True)}, separators=(",", ":")) + "\n").encode()
