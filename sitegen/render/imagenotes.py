"""Warnings about pictures, summarised per kind: one line each for the
images without a credit and the images without alt text, with a count and
the first few places — so an imported archive of thousands of articles
still builds and its log stays readable.

A credit is ``image_credit`` for the lead image and the part of a body
image's title starting with "Foto:", "Bild:", "Grafik:" … (``render.responsive``).
A missing credit risks a warning letter: under § 13 UrhG the photographer
decides whether and how they are named.  Alt text is what a screen reader
reads (WCAG 1.1.1); ``![-](ornament.png)`` marks a decorative picture,
which needs none.  The importer writes ``![](…)`` when the archive had no
alt text; that is reported here like any other.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from sitegen.content.entry import IMG_MARK, Entry, may_contain
from sitegen.problems import Problem, warning
from sitegen.render.responsive import split_title

FIRST = 3  # places named per summary line
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')
NO_CREDIT = ("no credit (§ 13 UrhG: the photographer decides how they are named)",
             'add image_credit: "Foto: Name" to the front matter, or write ![Alt](bild.jpg "Caption | Foto: Name")')
NO_ALT = ("no alt text (a screen reader can only say \"image\")",
          "describe the picture in the [] of ![…](bild.jpg), or write ![-](bild.jpg) for a purely decorative one")


def image_places(entry: Entry) -> Iterable[tuple[int, str, str]]:
    """(line, alt, credit) of the lead image and of each local body image of ``entry``."""
    front = entry.front
    if front.image:
        yield front.lines.get("image", 1), front.image_alt or "x", front.image_credit
    lines: dict[str, list[int]] = {}  # {target: its lines in order}: the same picture may appear twice
    for link in entry.body.links:
        if link.kind == "img":
            lines.setdefault(link.target, []).append(entry.body_line + link.line)
    for match in _IMG.finditer(entry.body.html) if may_contain(entry, IMG_MARK) else ():
        target = html.unescape(match.group(1))
        if _EXTERNAL.match(target):
            continue
        found = lines.get(target) or [entry.body_line]
        line = found.pop(0) if len(found) > 1 else found[0]
        alt = html.unescape(match.group(2)).strip()
        yield line, alt, split_title(html.unescape(match.group(3) or ""))[1]


def image_warnings(entries: Iterable[Entry]) -> list[Problem]:
    """At most two summary warnings (path "", line 0) for the images of ``entries``."""
    no_credit, no_alt = [], []
    for entry in sorted(entries, key=lambda e: e.path):
        for line, alt, credit in image_places(entry):
            if not credit:
                no_credit.append(f"{entry.path}:{line}")
            if not alt:
                no_alt.append(f"{entry.path}:{line}")
    return [summary(places, *texts) for places, texts in ((no_credit, NO_CREDIT), (no_alt, NO_ALT)) if places]


def summary(places: list[str], what: str, hint: str) -> Problem:
    """``N images have <what> — <hint>; first: a.md:5, b.md:3, …``."""
    count = len(places)
    subject = "1 image has" if count == 1 else f"{count:,} images have"
    more = ", …" if count > FIRST else ""
    return warning("", 0, f"{subject} {what}", f"{hint}; first: {', '.join(places[:FIRST])}{more}")


