"""The site's own ``static/`` folder (beside ``content/``), copied as it is.

As in Hugo, every file below ``static/`` lands at the same path in the
output: ``static/ads.txt`` → ``ads.txt``, ``static/downloads/agb.pdf`` →
``downloads/agb.pdf`` (for ads.txt, verification files, PDFs,
``.well-known/security.txt``), unchanged and without a content hash.

Rules: hidden files and folders (a name starting with ``.``) are skipped,
except the folder ``.well-known/`` (RFC 8615) and the file ``.htaccess``;
editor temp and backup files are skipped as for sources
(``content/sources.is_editor_artifact``).  A symlink to a file inside the
site folder is copied; a symlink that leaves the site folder, points at a
hidden path or at a folder is an error, as is anything that is not a regular
file (a pipe would hang the build) or a file above ``media.MAX_FILE_BYTES``.  A static file with the output path of a
generated page or file (``index.html``, ``feed.xml``, ``robots.txt`` …) is an
error naming both; the generated one is never replaced silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, MutableMapping

from sitegen.config.settings import Config
from sitegen.content.sources import is_editor_artifact
from sitegen.problems import Problem, error
from sitegen.render.media import Unpublishable, read_limited
from sitegen.site.planner import PlannedPage

STATIC_DIR = "static"
KEPT_HIDDEN_DIRS = frozenset({".well-known"})
KEPT_HIDDEN_FILES = frozenset({".htaccess"})


def site_static(config: Config) -> tuple[dict[str, bytes], list[Problem]]:
    """Read ``<root>/static/``; returns ``({output path: bytes}, problems)``.

    Output paths are relative with ``/`` (``.well-known/security.txt``),
    sorted; problems name ``static/<path>`` with line 0.  Never raises.
    """
    base = config.root / STATIC_DIR
    if not base.is_dir():
        return {}, []
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    _walk(base, "", config.root.resolve(), files, problems)
    return dict(sorted(files.items())), problems


def _walk(folder: Path, prefix: str, root: Path, files: dict[str, bytes], problems: list[Problem]) -> None:
    """Add the files below ``folder`` (output paths start with ``prefix``)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(error(f"{STATIC_DIR}/{prefix}", 0, f"{STATIC_DIR}/{prefix} cannot be read ({exc.strerror})",
                              "check the folder's permissions"))
        return
    for entry in entries:
        rel = prefix + entry.name
        try:
            folder_entry = entry.is_dir(follow_symlinks=False)
            if _skipped(entry.name, folder_entry):
                continue
            if folder_entry:
                _walk(Path(entry.path), rel + "/", root, files, problems)
                continue
            problem = _refused(Path(entry.path), rel, root)
            if problem is None:
                files[rel] = read_limited(Path(entry.path))
        except Unpublishable as exc:
            problem = error(f"{STATIC_DIR}/{rel}", 0, f"{STATIC_DIR}/{rel} {exc}", exc.hint)
        except (OSError, RuntimeError) as exc:  # unreadable, name too long, symlink loop
            problem = error(f"{STATIC_DIR}/{rel}", 0,
                            f"{STATIC_DIR}/{rel} cannot be read ({getattr(exc, 'strerror', None) or exc})",
                            "check the file's permissions")
        if problem is not None:
            problems.append(problem)


def _skipped(name: str, folder: bool) -> bool:
    """True for hidden names (but ``.well-known/`` and ``.htaccess``) and editor artifacts."""
    if name.startswith("."):
        return name not in (KEPT_HIDDEN_DIRS if folder else KEPT_HIDDEN_FILES)
    return is_editor_artifact(name)


def _refused(path: Path, rel: str, root: Path) -> Problem | None:
    """The error for a symlink that leaves the site, or a non-regular file; None if fine."""
    where = f"{STATIC_DIR}/{rel}"
    if path.is_symlink():
        target = path.resolve()
        if root not in target.parents:
            return error(where, 0, f"{where} is a symlink to {target}, outside the site folder",
                         "copy the file into static/ instead of linking to it")
        if any(part.startswith(".") for part in target.relative_to(root).parts):
            return error(where, 0, f"{where} is a symlink to a hidden path ({target})", "link a file without a leading dot")
        if target.is_dir():
            return error(where, 0, f"{where} is a symlink to a folder", "static/ follows symlinks to files only: "
                         "copy the folder into static/")
    if not path.is_file():
        return error(where, 0, f"{where} is not a regular file (a pipe, socket or device)", "remove it from static/")
    return None


def merge_static(files: Mapping[str, bytes], static: Mapping[str, bytes],
                 planned: list[PlannedPage]) -> tuple[MutableMapping[str, bytes], list[Problem]]:
    """``files`` (every generated output file) plus the ``static`` files.

    Returns ``(files, problems)``: a static file whose output path is a
    planned page's (rendered or kept from the last build) or a generated
    file's is an error naming both, and is left out.
    """
    pages = {page.route.output_path: page for page in planned}
    merged, problems = files.copy() if isinstance(files, MutableMapping) else dict(files), []  # pages stay spooled
    for rel, data in static.items():
        page, where = pages.get(rel), f"{STATIC_DIR}/{rel}"
        if page is not None:
            made = f"made from {page.source}" if page.source else f"the {page.kind.replace('_', ' ')} page"
            problems.append(error(where, 0, f"{where} has the same output path as the page {page.route.url} ({made})",
                                  f"rename or remove {where}"))
        elif rel in merged:
            problems.append(error(where, 0, f"{where} has the same output path as the generated file {rel}",
                                  f"rename or remove {where}; the site makes {rel} itself"))
        else:
            merged[rel] = data
    return merged, problems
