"""Find the theme: its template folders and its static files.

Templates are looked up first in the site's own ``templates/`` folder, then
in ``themes/<theme>/templates/``, so a site can override one template of a
theme.  Static files come from ``themes/<theme>/static/`` and are published
under ``/assets/``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sitegen.config.settings import Config
from sitegen.content.sources import is_editor_artifact


@dataclass(frozen=True)
class Theme:
    """A theme on disk: template folders in lookup order, and its static files.

    ``static`` maps a path below ``static/`` (``css/site.css``) to its bytes;
    ``digest`` is a SHA-256 hex digest of every template and static file, so a
    changed theme can be told apart from an unchanged one.
    """

    name: str
    template_dirs: tuple[Path, ...]
    static: tuple[tuple[str, bytes], ...]
    digest: str = ""


class ThemeError(Exception):
    """The configured theme folder does not exist (an environment error)."""


def load_theme(config: Config) -> Theme:
    """Read the theme named in ``config``; raises ``ThemeError`` when missing."""
    base = config.root / "themes" / config.theme
    if not (base / "templates").is_dir():
        raise ThemeError(f"theme '{config.theme}' not found: {base / 'templates'} is not a folder")
    dirs = tuple(d for d in (config.root / "templates", base / "templates") if d.is_dir())
    static_dir = base / "static"
    files = _files(static_dir) if static_dir.is_dir() else []
    digest = hashlib.sha256()
    for number, folder in enumerate(dirs):
        for rel, data in _files(folder):
            digest.update(f"{number}:{rel}:{len(data)}:".encode() + data)
    for rel, data in files:
        digest.update(f"static:{rel}:{len(data)}:".encode() + data)
    return Theme(config.theme, dirs, tuple(files), digest.hexdigest())


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(is_editor_artifact(x) for x in p.relative_to(folder).parts)]
