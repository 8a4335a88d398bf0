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
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, Mapping

from sitegen.store.versions import product_version

NAMESPACE = "page"
DICTIONARY = "pagedict"
DICTIONARY_BYTES = 32 << 10  # zlib's largest window: a longer dictionary is not used
BATCH = 500  # more wanted pages than this: read all rows in one query
LEVEL = 1  # fastest: 10,000 pages in about 1 s on one core; higher levels save little here


class StoredPages:
    """The rendered pages of ``store`` (a ``db.Store``) for one render key.

    ``take(paths_and_fingerprints)`` returns the stored bytes of those whose
    fingerprint matches; ``keep(pages)`` stores validated pages.  The caller
    commits the store.
    """

    def __init__(self, store, render_key: str):
        self.store = store
        self.render_key = render_key
        self._base = f"{product_version()}|{render_key}"
        self._zdict: bytes | None = store.get(DICTIONARY, "zdict", self._base)

    def _version(self) -> str:
        return f"{self._base}|{hashlib.sha256(self._zdict or b'').hexdigest()[:16]}"

    def take(self, wanted: Iterable[tuple[str, str]]) -> dict[str, bytes]:
        """{output path: bytes} of the ``(path, fingerprint)`` pairs stored
        with that fingerprint (others are missing from the result).  The rows
        are read in one query; they are inflated on a few threads (zlib lets
        go of the GIL)."""
        wanted = dict(wanted)
        if self._zdict is None or not wanted:
            return {}
        version = self._version()
        if len(wanted) > BATCH:  # one query over every row beats thousands of lookups
            rows = ((path, value) for path, value in self.store.items(NAMESPACE, version) if path in wanted)
        else:
            rows = ((path, self.store.get(NAMESPACE, path, version)) for path in sorted(wanted))
        hits = []
        for path, value in rows:
            fingerprint, _, packed = (value or b"").partition(b"\n")
            if fingerprint == wanted[path].encode():
                hits.append((path, packed))
        with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
            inflated = list(pool.map(self._inflate, [packed for _, packed in hits], chunksize=64))
        return {path: data for (path, _), data in zip(hits, inflated) if data is not None}

    def _inflate(self, packed: bytes) -> bytes | None:
        try:
            inflate = zlib.decompressobj(zdict=self._zdict)
            data = inflate.decompress(packed) + inflate.flush()
        except zlib.error:
            return None
        return data if inflate.eof else None

    def packer(self, sample: Callable[[], bytes | None]) -> Callable[[bytes], bytes] | None:
        """A function compressing a page for ``keep_packed``; the dictionary
        is the stored one, else made from ``sample()`` (a page of this build;
        None: no dictionary can be made and nothing is kept)."""
        if self._zdict is None:
            first = sample()
            if not first:
                return None
            self._zdict = first[-DICTIONARY_BYTES:]
            self.store.put(DICTIONARY, "zdict", self._base, self._zdict)
        return functools.partial(_deflate, self._zdict)

    def keep_packed(self, pages: Mapping[str, tuple[str, bytes]]) -> None:
        """Store ``pages`` ({output path: (fingerprint, bytes packed by ``packer``)})."""
        version = self._version()
        for path in sorted(pages):
            fingerprint, packed = pages[path]
            self.store.put(NAMESPACE, path, version, fingerprint.encode() + b"\n" + packed)

    def keep(self, pages: Mapping[str, str], files: Mapping[str, bytes]) -> None:
        """Store ``pages`` ({output path: fingerprint}) with their bytes from
        ``files`` (read one at a time: the pages may wait in a spool, see
        ``store.spool``), each valid for its fingerprint under this render key."""
        if not pages:
            return
        pack = self.packer(lambda: files[min(pages)])
        if pack is not None:
            self.keep_packed({path: (fingerprint, pack(files[path])) for path, fingerprint in pages.items()})


def _deflate(zdict: bytes, data: bytes) -> bytes:
    deflate = zlib.compressobj(LEVEL, zdict=zdict)
    return deflate.compress(data) + deflate.flush()
