"""Encode the picture variants a build lacks on all cores, before the pages.

``prewarm`` finds every lead and body image of the shown entries, asks the
store which variants are missing (``pictures.plan``) and, when at least
``MIN_PARALLEL`` images lack some, encodes them on ``jobs`` processes and puts
the bytes into the store; the later, sequential pass (``responsive``) then
finds them all there.  Workers get the file's path, not its bytes (memory
stays bounded by the images in flight), and return the SHA-256 of what they
read, so a file changed in between is stored under its new hash.  Fewer
images are left to that sequential pass: starting workers costs more.  The
bytes are those of ``pictures.encode`` either way (deterministic).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.parallel import start_worker
from sitegen.render.media import Unpublishable, locate, media_file
from sitegen.render.pictures import DamagedImage, encode_all, plan, variant_key
from sitegen.render.responsive import SOURCE_FORMATS

MIN_PARALLEL = 4  # images with missing variants; fewer are encoded in this process
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def image_targets(entries: Iterable[Entry]) -> list[tuple[str, str, bool]]:
    """(entry path, target as written, lead image?) of every local image of ``entries``."""
    found = []
    for entry in entries:
        if entry.front.image:
            found.append((entry.path, entry.front.image, True))
        for link in entry.body.links:
            path = unquote(link.target).partition("#")[0]
            if link.kind == "img" and path and not _EXTERNAL.match(path) and not path.startswith("/"):
                found.append((entry.path, path, False))
    return found


def _encode(task: tuple[str, list[tuple[int, str]]]) -> tuple[str, list[bytes]]:
    """(SHA-256 of the file, encoded variants); no variants for a file that
    cannot be read or decoded (the sequential pass reports it at its line)."""
    try:
        data = Path(task[0]).read_bytes()
        return hashlib.sha256(data).hexdigest(), encode_all(data, task[1])
    except (DamagedImage, OSError):
        return "", []


def prewarm(config: Config, entries: Iterable[Entry], store, jobs: int, method: str = "fork",
            progress=None) -> int:
    """Encode the missing variants of ``entries``' images into ``store`` (a
    ``store.images.VariantCache``) on ``jobs`` processes; returns how many
    images were encoded here (0: none missing, too few, or ``jobs`` ≤ 1).
    Images that cannot be published are skipped (the later pass reports them)."""
    tasks, seen = [], set()
    for entry_path, target, lead in image_targets(entries):
        missing = _missing(config, entry_path, target, lead, store)
        if missing and (missing[0], lead) not in seen:
            seen.add((missing[0], lead))
            tasks.append((missing[0], missing[1]))
    if jobs <= 1 or len(tasks) < MIN_PARALLEL:
        return 0
    advance = progress.stage("pictures", len(tasks)) if progress else (lambda n: None)
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context, initializer=start_worker) as pool:
        for (_, wanted), (digest, results) in zip(tasks, pool.map(_encode, tasks)):
            for (width, fmt), made in zip(wanted, results):
                store.put(variant_key(digest, width, fmt), made)
            advance(1)
    return len(tasks)


def _missing(config: Config, entry_path: str, target: str, lead: bool, store) -> tuple:
    """(resolved path as text, [(width, format) missing]) or () when
    nothing is missing or the file is not published as variants."""
    found, _, _ = locate(config, entry_path, target)
    if found is None or posixpath.splitext(found.name)[1].lower() not in SOURCE_FORMATS:
        return ()
    try:
        data = media_file(found, config, image=True).data
    except (Unpublishable, OSError):
        return ()
    digest = hashlib.sha256(data).hexdigest()
    kind = SOURCE_FORMATS[posixpath.splitext(found.name)[1].lower()]
    wanted = [spec for spec in plan(data, kind, config.image_formats, lead) if store.get(variant_key(digest, *spec)) is None]
    return (str(found), wanted) if wanted else ()
