"""Find the theme: its template folders and its static files.

Templates are looked up first in the site's own ``templates/`` folder, then
in ``themes/<theme>/templates/``, so a site can override one template of a
theme.  Static files come from ``themes/<theme>/static/`` and are published
under ``/assets/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .sources import is_editor_artifact


@dataclass(frozen=True)
class Theme:
    """A theme on disk: template folders in lookup order, and its static files.

    ``static`` maps a path below ``static/`` (``css/site.css``) to its bytes.
    """

    name: str
    template_dirs: tuple[Path, ...]
    static: tuple[tuple[str, bytes], ...]


class ThemeError(Exception):
    """The configured theme folder does not exist (an environment error)."""


def load_theme(config: Config) -> Theme:
    """Read the theme named in ``config``; raises ``ThemeError`` when missing."""
    base = config.root / "themes" / config.theme
    if not (base / "templates").is_dir():
        raise ThemeError(f"theme '{config.theme}' not found: {base / 'templates'} is not a folder")
    dirs = tuple(d for d in (config.root / "templates", base / "templates") if d.is_dir())
    static_dir = base / "static"
    files = []
    if static_dir.is_dir():
        for path in sorted(static_dir.rglob("*")):
            rel = path.relative_to(static_dir)
            if path.is_file() and not any(is_editor_artifact(p) for p in rel.parts):
                files.append((rel.as_posix(), path.read_bytes()))
    return Theme(config.theme, dirs, tuple(files))
