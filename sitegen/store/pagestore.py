"""Rendered pages kept in the store between one-shot builds (namespace ``page``).

``serve`` keeps its rendered pages in memory (``store.pages``); a ``build``
keeps every page it rendered and validated here, so a build into an empty
output folder — a fresh clone with ``.cache/`` restored, as in CI — copies
pages whose inputs did not change instead of rendering them again.

Key: the page's output path.  Version: the whole product's code
(``versions.product_version``), the render key (config, theme, page set:
``pipeline._render_key``) and the digest of the compression dictionary.
Value: the page's planned fingerprint (every input the page shows), a
newline, the compressed bytes.  So a value is used only for a page whose
bytes a clean build would make identical; any other page is rendered
again, never an error.

Values are zlib (RFC 1950) level 1 with a preset dictionary: the last
32 KiB of the first page rendered for a render key, kept in one slot
(``pagedict``, ``zdict``) whose version is that render key.  Pages share their theme's markup, so the
dictionary makes them about 5× smaller than the HTML (10,000 articles:
216 MB of pages, about 40 MB stored).
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from typing import Callable, Iterable

from sitegen.store.versions import product_version

NAMESPACE = "page"
DICTIONARY = "pagedict"
DICTIONARY_BYTES = 32 << 10  # zlib's largest window: a longer dictionary is not used
BATCH = 500  # more wanted pages than this: read all rows in one query
LEVEL = 1  # fastest: 10,000 pages in about 1 s on one core; higher levels save little here


class StoredPages:
    """The rendered pages of ``store`` (a ``db.Store``) for one render key.

    ``take(paths_and_fingerprints)`` returns the stored bytes of those whose
    fingerprint matches; ``put`` stores a validated page packed by
    ``packer``.  The caller commits the store.
    """

    def __init__(self, store, render_key: str):
        self.store = store
        self._base = f"{product_version()}|{render_key}"
        self._zdict: bytes | None = None
        self._use(store.get(DICTIONARY, "zdict", self._base))

    def _use(self, zdict: bytes | None) -> None:
        """Make ``zdict`` the dictionary; the rows' version names its digest (computed once, not per page)."""
        self._zdict = zdict
        self._version = f"{self._base}|{hashlib.sha256(zdict or b'').hexdigest()[:16]}"

    def take(self, wanted: Iterable[tuple[str, str]]) -> dict[str, bytes]:
        """{output path: bytes} of the ``(path, fingerprint)`` pairs stored
        with that fingerprint (others are missing from the result); more than
        ``BATCH`` are read in one query."""
        wanted = dict(wanted)
        if self._zdict is None or not wanted:
            return {}
        version = self._version
        if len(wanted) > BATCH:  # one query over every row beats thousands of lookups
            rows = ((path, value) for path, value in self.store.items(NAMESPACE, version) if path in wanted)
        else:
            rows = ((path, self.store.get(NAMESPACE, path, version)) for path in sorted(wanted))
        hits = []
        for path, value in rows:
            fingerprint, _, packed = (value or b"").partition(b"\n")
            if fingerprint == wanted[path].encode():
                hits.append((path, packed))
        inflated = ((path, self._inflate(packed)) for path, packed in hits)
        return {path: data for path, data in inflated if data is not None}

    def _inflate(self, packed: bytes) -> bytes | None:
        try:
            inflate = zlib.decompressobj(zdict=self._zdict)
            data = inflate.decompress(packed) + inflate.flush()
        except zlib.error:
            return None
        return data if inflate.eof else None

    def packer(self, sample: Callable[[], bytes | None]) -> Callable[[bytes], bytes] | None:
        """A function compressing a page for ``put``; the dictionary
        is the stored one, else made from ``sample()`` (a page of this build;
        None: no dictionary can be made and nothing is kept)."""
        if self._zdict is None:
            first = sample()
            if not first:
                return None
            self._use(first[-DICTIONARY_BYTES:])
            self.store.put(DICTIONARY, "zdict", self._base, self._zdict)
        return functools.partial(_deflate, self._zdict)

    def put(self, path: str, fingerprint: str, packed: bytes) -> None:
        """Store one page's bytes packed by ``packer``, valid for ``fingerprint``."""
        self.store.put(NAMESPACE, path, self._version, fingerprint.encode() + b"\n" + packed)


def _deflate(zdict: bytes, data: bytes) -> bytes:
    deflate = zlib.compressobj(LEVEL, zdict=zdict)
    return deflate.compress(data) + deflate.flush()
