"""``favicon`` and ``touch_icon`` in ``config.yaml``: the site's own icons.

Both name a file of the site's ``static/`` folder, written with the folder
(``favicon: static/favicon.svg``, ``touch_icon: static/apple-touch-icon.png``);
``static/`` is published as it is (``render/static.py``), so the icon's URL is
the path after ``static/``.  Without ``favicon`` the theme's own
``favicon.svg`` is linked, so a page view never asks for an icon that is not
there (Lighthouse "best practices"); without ``touch_icon`` no touch icon is
linked (iOS asks for one only when a reader adds the page to the home screen).
Rules: the favicon is SVG, PNG or ICO; the touch icon PNG (what iOS reads,
180 × 180 pixels recommended by Apple's Safari web content guide).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sitegen.config.reader import Reader
from sitegen.config.yamltext import Node

FAVICON_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
TOUCH_ICON_TYPES = {".png": "image/png"}
EXAMPLES = {"favicon": "static/favicon.svg", "touch_icon": "static/apple-touch-icon.png"}


def icon_path(r: Reader, node: Node | None, key: str, root: Path) -> str:
    """The ``favicon``/``touch_icon`` value as written ("" when absent or wrong).

    Errors (at the key's line, through ``r``): not below ``static/``, ``..``
    or a hidden part, a file type outside ``FAVICON_TYPES``/``TOUCH_ICON_TYPES``,
    or no such file below the site folder ``root``.
    """
    text = r.text(node, key, example=EXAMPLES[key])
    if not text:
        return ""
    line, example = node.line, EXAMPLES[key]
    path = PurePosixPath(text)
    types = FAVICON_TYPES if key == "favicon" else TOUCH_ICON_TYPES
    if path.is_absolute() or path.parts[:1] != ("static",) or len(path.parts) < 2 or any(
            p == ".." or p.startswith(".") for p in path.parts):
        r.error(line, f"{key} '{text}' is not a file below static/", f"e.g. {key}: {example}")
        return ""
    if path.suffix.lower() not in types:
        r.error(line, f"{key} '{text}' is not a {' or '.join(t[1:].upper() for t in types)} file",
                f"e.g. {key}: {example}")
        return ""
    if not (root / path).is_file():
        r.error(line, f"{key} '{text}' not found", f"put the file into the site's static/ folder, e.g. {example}")
        return ""
    return text


def icon_type(path: str) -> str:
    """The MIME type of an icon path by its suffix (``image/svg+xml`` …)."""
    return FAVICON_TYPES.get(PurePosixPath(path).suffix.lower(), "image/png")
