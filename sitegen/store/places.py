"""How the store names an output folder, so a record survives moving the site."""

from __future__ import annotations

from pathlib import Path


def folder_key(store, folder: Path) -> str:
    """The store key of the output folder ``folder`` (absolute).

    Relative to the site folder — the parent of ``.cache/`` that holds
    ``store`` — when ``folder`` is inside it (``./output``), so what a build
    recorded (its state, which source made which page) is still found after
    the site folder is moved or copied; else the absolute path.  A store in
    memory (``--no-cache``) has no site folder: the absolute path.
    """
    path = getattr(store, "path", None)
    if path is None:
        return str(folder)
    site = Path(path).parent.parent
    try:
        return "./" + Path(folder).relative_to(site).as_posix()
    except ValueError:
        return str(folder)
