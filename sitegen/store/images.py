"""Encoded image variants kept between builds (namespace ``images`` of the store).

Key: ``render.pictures.variant_key`` — the SHA-256 of the source bytes, the
width, the format and the encoder settings (``pictures.ENCODER``, which names
the Pillow version).  Version: the code version of ``sitegen.render.pictures``.
A value whose checksum or version is wrong is encoded again; never an error.
``encoded`` counts the variants put during this build (tests, progress).
"""

from __future__ import annotations

from sitegen.store import db
from sitegen.store.versions import code_version

NAMESPACE = "images"


class VariantCache:
    """``get``/``put`` of encoded variants in ``store`` (a ``db.Store``; None:
    kept in memory for this build only)."""

    def __init__(self, store: db.Store | None):
        self.db = store if store is not None else db.Store.memory()
        self.version = code_version("sitegen.render.pictures")
        self.encoded = 0

    def get(self, key: str) -> bytes | None:
        """The variant stored under ``key``, or None."""
        return self.db.get(NAMESPACE, key, self.version)

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (written with the store's next commit)."""
        self.encoded += 1
        self.db.put(NAMESPACE, key, self.version, data)
