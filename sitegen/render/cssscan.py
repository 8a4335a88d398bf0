"""What a piece of CSS loads: ``url(...)``, ``@import`` and ``image-set()``.

Used for theme stylesheets (``render/audit.py``) and for ``<style>`` blocks
and ``style`` attributes of pages (``render/validate.py``).  Comments are
blanked first (a commented-out ``@import`` loads nothing), CSS escapes are
decoded (``https\\:\\/\\/`` is ``https://``, CSS Syntax Level 3 §4.3.7),
``@namespace`` rules are skipped (a namespace name is never fetched).  Works
line by line in linear time, whatever the input.
"""

from __future__ import annotations

import re

_CSS_LOAD = re.compile(r"""url\(\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^'")\s]+))"""
                       r"""|@import\s+(?:"([^"\n]*)"|'([^'\n]*)')""", re.I)
_IMAGE_SET = re.compile(r"image-set\(([^)]*)\)", re.I)
_CSS_STRING = re.compile(r""""([^"\n]*)"|'([^'\n]*)'""")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t]?|\\([^\n0-9a-fA-F])")
_NAMESPACE_RULE = re.compile(r"@namespace\b[^;\n]*", re.I)


def css_loads(css: str) -> list[tuple[int, str]]:
    """``[(line, url)]`` of what a stylesheet loads, in order (lines 1-based)."""
    text = _NAMESPACE_RULE.sub(lambda m: " " * len(m.group()), blank_comments(css))
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = _CSS_ESCAPE.sub(_css_unescape, line)
        found += [(number, next(g for g in m.groups() if g is not None).strip())
                  for m in _CSS_LOAD.finditer(line)]
        for match in _IMAGE_SET.finditer(line):
            found += [(number, a or b) for a, b in _CSS_STRING.findall(match.group(1))]
    return found


def blank_comments(css: str) -> str:
    """``css`` with every ``/* … */`` replaced by spaces (newlines kept, so
    lines stay where they were); an unclosed comment runs to the end."""
    parts, start = [], 0
    while (opening := css.find("/*", start)) != -1:
        closing = css.find("*/", opening + 2)
        end = len(css) if closing == -1 else closing + 2
        parts += [css[start:opening], re.sub(r"[^\n]", " ", css[opening:end])]
        start = end
    parts.append(css[start:])
    return "".join(parts)


def _css_unescape(match: re.Match) -> str:
    if match.group(2) is not None:
        return match.group(2)
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
