"""Archetypes: the text a new article or page starts from (as Hugo's ``archetypes/``).

``archetypes/<kind>.md`` in the site wins over the theme's
``themes/<theme>/archetypes/<kind>.md``; without either a built-in text is
used.  Placeholders are ``{{ title }}`` (YAML-quoted), ``{{ date }}``
(``25.04.2024``, as the sample articles write it), ``{{ time }}``
(``14:48``) and ``{{ slug }}``; they are replaced as plain text, no template
engine runs.  The filled text is checked with the build's own front matter
parser before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.content.frontmatter import parse_front_matter, split_source
from sitegen.content.reading import normalise_text
from sitegen.problems import Problem, error

MAX_BYTES = 64 * 1024  # an archetype is a page of front matter and a few lines
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
NAMES = ("title", "date", "time", "slug")
BUILT_IN = {
    "article": '---\ntitle: {{ title }}\ndate: {{ date }}\ntime: {{ time }}\ntags: []\ndraft: true\n---\n\n',
    "page": "---\ntitle: {{ title }}\ndraft: true\n---\n\n",
}


@dataclass(frozen=True)
class Archetype:
    """An archetype's text (LF, NFC) and where it came from: ``shown`` is its
    path relative to the site folder (``archetypes/article.md``), or
    ``built-in archetype``."""

    text: str
    shown: str


def find_archetype(root: Path, theme: str, kind: str) -> tuple[Archetype | None, list[Problem]]:
    """Read the archetype of ``kind`` ("article" or "page") for the site in
    ``root`` with theme ``theme``; returns ``(archetype, problems)``.

    An archetype larger than ``MAX_BYTES``, not UTF-8 or not a readable file
    is an error (then the archetype is None).
    """
    for rel in (f"archetypes/{kind}.md", f"themes/{theme}/archetypes/{kind}.md"):
        path = root / rel
        if path.exists() or path.is_symlink():
            return _read(path, rel)
    return Archetype(BUILT_IN[kind], "built-in archetype"), []


def _read(path: Path, rel: str) -> tuple[Archetype | None, list[Problem]]:
    try:
        if not path.is_file():
            return None, [error(rel, 0, "the archetype is not a file", f"make {rel} a Markdown file or remove it")]
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [error(rel, 0, f"cannot read the archetype ({exc.strerror or exc})", "check its permissions")]
    if len(raw) > MAX_BYTES:
        return None, [error(rel, 0, f"the archetype is larger than {MAX_BYTES // 1024} KB",
                            "keep front matter and a short text in it")]
    try:
        return Archetype(normalise_text(raw), rel), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(rel, line, "the archetype is not valid UTF-8 text", "save it as UTF-8 in your editor")]


def fill(archetype: Archetype, title: str, when: datetime, slug: str) -> tuple[str, list[Problem]]:
    """The archetype's text with its placeholders replaced; returns
    ``(text, problems)``, an error for each unknown placeholder (at its line).

    ``when`` is the aware publication time in site time.  The title is
    written as a YAML double-quoted scalar (JSON is valid YAML 1.2), so quotes,
    colons and ``#`` in it stay text.
    """
    values = {"title": json.dumps(title, ensure_ascii=False), "date": f"{when:%d.%m.%Y}",
              "time": f"{when:%H:%M}", "slug": slug}
    problems = []
    for number, line in enumerate(archetype.text.split("\n"), start=1):
        for found in PLACEHOLDER.finditer(line):
            if found.group(1) not in values:
                problems.append(error(archetype.shown, number, f"unknown placeholder '{found.group(0)[:40]}'",
                                      "use " + ", ".join("{{ %s }}" % name for name in NAMES)))
    text = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), archetype.text)
    return text, problems


def check(text: str, archetype: Archetype, target: str, kind: str, zone) -> list[Problem]:
    """The problems the build would find in the front matter of ``text``,
    shown at the archetype's lines (placeholders keep lines, so the line
    numbers agree), and an error when it does not set ``draft: true``."""
    split, problems = split_source(text, target)
    front = None
    if split is not None:
        front, found = parse_front_matter(split, target, kind, zone)
        problems += found
    problems = [Problem(archetype.shown, p.line, p.severity, p.message, p.hint) for p in problems]
    if front is not None and not front.draft:
        problems.append(error(archetype.shown, 1, "the archetype does not set draft: true",
                              "add the line draft: true to its front matter, so a new article is not "
                              "published before it is written"))
    return problems
