"""Data blocks in Markdown: a table or a chart from a data file, without raw HTML.

An editor writes a fenced block whose info string is the block kind and the
data file's name, and options on the lines inside::

    ```tabelle goldpreis-2024
    spalten: monat, preis
    titel: Goldpreis 2024
    ```

    ```diagramm goldpreis-2024
    typ: linie
    ```

Kinds (``KINDS``): ``tabelle`` (or ``table``) and ``diagramm`` (or
``chart``).  Options (``OPTIONS``): ``spalten`` (the columns shown, in this
order; a chart takes the first as its axis and the second as its values;
default: all, or the first two), ``titel`` (caption; default the data
file's ``titel``, else its name), ``quelle`` (source line; default the data
file's ``quelle``), ``typ`` (chart only: ``linie`` or ``balken``; default
``linie``).

The Markdown stage cannot see the data files (its result is cached by the
body's hash alone), so it leaves a placeholder element holding the block's
body line and text; ``render/dataplace.py`` replaces it after the cache,
when the data files are known.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

KINDS = {"tabelle": "tabelle", "table": "tabelle", "diagramm": "diagramm", "chart": "diagramm"}
OPTIONS = ("quelle", "spalten", "titel", "typ")
CHART_TYPES = ("linie", "balken")
MAX_OPTION = 300  # characters of one option line
PLACEHOLDER = re.compile(r'<div class="sitegen-daten" title="(\d+):([0-9a-f]*)"></div>\n?')


@dataclass(frozen=True)
class Block:
    """One data block: ``kind`` "tabelle" | "diagramm", the data file ``name``,
    its ``options`` as ((key, value, file line), …) and the file ``line`` of its fence."""

    kind: str
    name: str
    options: tuple[tuple[str, str, int], ...]
    line: int


def is_data_fence(info: str) -> bool:
    """True when a fence's info string starts with a data block kind."""
    words = info.split()
    return bool(words) and words[0].lower() in KINDS


def fence_rule(default):
    """A markdown-it ``fence`` render rule: data blocks become placeholders, other fences ``default``."""
    def render(self, tokens, idx, options, env):
        token = tokens[idx]
        if not is_data_fence(token.info) or not token.map:
            return default(self, tokens, idx, options, env)
        text = (token.info.strip() + "\n" + token.content).encode("utf-8").hex()
        return f'<div class="sitegen-daten" title="{token.map[0]}:{text}"></div>\n'
    return render


def parse_placeholder(line: str, text: str, body_line: int) -> tuple[Block | None, list[tuple[int, str, str]]]:
    """The ``Block`` a placeholder stands for; ``body_line`` is the file line of the body's first line.

    Returns ``(block, errors)``, errors as ``(file line, message, hint)``;
    block is None when the fence names no data file (then with an error) or
    the text is not a placeholder this module wrote (no error).
    """
    start = body_line + int(line)
    try:
        lines = bytes.fromhex(text).decode("utf-8").split("\n")
    except ValueError:  # not ours: raw HTML (markdown.allow_html) that looks like a placeholder
        return None, []
    words = lines[0].split()
    if not words or words[0].lower() not in KINDS:
        return None, []
    kind = KINDS[words[0].lower()]
    if len(words) != 2:
        return None, [(start, f"the {words[0]} block needs exactly one data file name after '{words[0]}'",
                       f"e.g. ```{words[0]} goldpreis-2024 (the file data/goldpreis-2024.csv)")]
    options, errors = [], []
    for offset, raw in enumerate(lines[1:], start=1):
        if not raw.strip():
            continue
        key, sep, value = raw.partition(":")
        key = key.strip().lower()
        if not sep or key not in OPTIONS:
            close = difflib.get_close_matches(key, OPTIONS, n=1, cutoff=0.6)
            errors.append((start + offset, f"'{raw.strip()[:60]}' is not an option of the {words[0]} block",
                           f"did you mean '{close[0]}:'?" if sep and close else
                           f"write key: value lines; options: {', '.join(OPTIONS)}"))
        elif len(value) > MAX_OPTION:
            errors.append((start + offset, f"the option '{key}' is longer than {MAX_OPTION} characters",
                           "keep titles and sources short"))
        else:
            options.append((key, value.strip(), start + offset))
    return Block(kind, words[1], tuple(options), start), errors
