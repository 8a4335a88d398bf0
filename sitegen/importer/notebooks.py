"""Pelican's ``{% notebook x.ipynb [cells[a:b]] %}`` (liquid_tags / ipynb plug-ins): the notebook's text.

The tag shows a Jupyter notebook in the post; most of such a post's words live
in the ``.ipynb`` file.  Here the notebook is read (JSON, nbformat 3 and 4;
at most ``MAX_NOTEBOOK_BYTES``, inside the archive, no symlinks) and its
cells (the ``cells[a:b]`` slice as Python slices it) become Markdown:
Markdown cells as they are, code cells as fenced code, their text outputs as
fenced blocks after them.  Pictures in outputs are not imported (they are
counted for the report).  A notebook that cannot be read leaves the tag as
it is, which the report lists.  Paths: ``content/<NOTEBOOK_DIR>/<path>``,
``content/<path>``, then next to the post (``NOTEBOOK_DIR`` from
pelicanconf.py, default ``notebooks``).
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from sitegen.importer.links import _safe_file

MAX_NOTEBOOK_BYTES = 20_000_000
MAX_CELLS = 5_000
_TAG = re.compile(r"\{%\s*notebook\s+(\S+?)(?:\s+cells\[(-?\d*):(-?\d*)\])?\s*%\}")


def expand_notebooks(root: Path | None, source: str, settings: dict, body: str) -> tuple[str, int]:
    """``body`` with each readable notebook tag replaced by the notebook's cells, and the
    number of output pictures left out."""
    if root is None or "notebook" not in body:
        return body, 0
    pictures = [0]

    def expand(match: re.Match) -> str:
        cells = _cells(_find(root, source, settings, match.group(1)))
        if cells is None:
            return match.group(0)
        start, end = (int(v) if v else None for v in (match.group(2), match.group(3)))
        text, skipped = _markdown(cells[slice(start, end)])
        pictures[0] += skipped
        return text

    return _TAG.sub(expand, body), pictures[0]


def _find(root: Path, source: str, settings: dict, path: str) -> Path | None:
    folder = str(settings.get("NOTEBOOK_DIR") or settings.get("notebook_dir") or "notebooks")
    for base in (f"content/{folder}", "content", posixpath.dirname(source)):
        rel = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if not rel.startswith(".."):
            candidate = root / rel
            if _safe_file(root, candidate) and candidate.stat().st_size <= MAX_NOTEBOOK_BYTES:
                return candidate
    return None


def _cells(path: Path | None) -> list | None:
    """The notebook's cells (nbformat 4 ``cells`` or 3 ``worksheets[0].cells``), None when unreadable."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    cells = data.get("cells")
    if cells is None and isinstance(data.get("worksheets"), list) and data["worksheets"]:
        sheet = data["worksheets"][0]
        cells = sheet.get("cells") if isinstance(sheet, dict) else None
    return [c for c in cells[:MAX_CELLS] if isinstance(c, dict)] if isinstance(cells, list) else None


def _markdown(cells: list[dict]) -> tuple[str, int]:
    parts, pictures = [], 0
    for cell in cells:
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(_text(cell.get("source")).strip())
        elif kind == "code":
            code = _text(cell.get("source", cell.get("input"))).rstrip()
            if code:
                parts.append(_fence(code, "python"))
            for output in cell.get("outputs") or []:
                text, picture = _output(output)
                pictures += picture
                if text.strip():
                    parts.append(_fence(text.rstrip(), ""))
    return "\n\n".join(p for p in parts if p), pictures


def _output(output) -> tuple[str, int]:
    """The text of one output (``stream``, results, errors) and 1 when it holds a picture."""
    if not isinstance(output, dict):
        return "", 0
    data = output.get("data") if isinstance(output.get("data"), dict) else output
    picture = int(any(key in data for key in ("image/png", "image/jpeg", "image/svg+xml", "png", "jpeg", "svg")))
    text = _text(output.get("text")) or _text(data.get("text/plain"))
    return text, picture


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _fence(code: str, lang: str) -> str:
    ticks = "````" if "```" in code else "```"
    return f"{ticks}{lang}\n{code}\n{ticks}"
