"""Write our front matter: YAML the build reads back to the same values.

Strings are written as JSON strings (a JSON string is a valid YAML
double-quoted scalar, so no value can change type: ``no``, ``14:48`` and
``0755`` stay text); lists and mappings of extras are written as JSON flow
collections.  Keys come in a fixed order, extras last in source order; an
extra named like one of our keys (``time``, ``related``…) gets ``source_``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from sitegen.content.frontmatter import ARTICLE_KEYS, PAGE_KEYS
from sitegen.importer.mapping import Mapped
from sitegen.importer.when import When, to_yaml_lines

# Keys the build types (a source's reading ``time: 5 min`` must not become our ``time``).
RESERVED = {k.lower() for k in (*ARTICLE_KEYS, *PAGE_KEYS)} | {"time"}
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def quote(value: Any) -> str:
    """``value`` as a one-line YAML scalar or flow collection (JSON syntax)."""
    return json.dumps(value, ensure_ascii=False, default=_plain, sort_keys=False)


def _plain(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def when_text(when: When) -> str:
    """A ``When`` as one value: ``2024-04-25``, ``2024-04-25 14:48`` or ISO 8601 with offset."""
    lines = to_yaml_lines(when)
    if len(lines) == 1:
        return lines[0].removeprefix("date: ")
    return f"{when.day.isoformat()} {lines[1].removeprefix('time: ').strip(chr(34))}"


def front_matter(m: Mapped, kind: str, aliases: list[str]) -> list[str]:
    """The YAML lines (without the ``---`` fences) for an article or page."""
    out = [f"title: {quote(m.title)}"]
    extra = dict(m.extra)
    if kind == "article":
        out += to_yaml_lines(m.when) if m.when else []
    elif m.when:
        extra.setdefault("source_date", when_text(m.when))
    if m.updated:
        out.append(f"updated: {when_text(m.updated)}")
    if m.tags and kind == "article":
        out.append(f"tags: {quote(m.tags)}")
    elif m.tags:
        extra.setdefault("source_tags", m.tags)
    for key, value in (("summary", m.summary), ("author", m.author), ("slug", m.slug)):
        if value:
            out.append(f"{key}: {quote(value)}")
    if m.draft:
        out.append("draft: true")
    if m.image and m.image_alt and kind == "article":
        out += [f"image: {quote(m.image)}", f"image_alt: {quote(m.image_alt)}"]
    elif m.image:
        extra.setdefault("source_image", m.image)
    if aliases:
        out.append(f"aliases: {quote(aliases)}")
    if m.expires and kind == "article":  # the build takes the article down then (content/timeline.py)
        out.append(f"expires: {quote(when_text(m.expires))}")
    for key, when in (("expires", m.expires if kind != "article" else None), ("original_date", m.created)):
        if when:
            extra.setdefault(key, when_text(when))
    for key, value in extra.items():
        key = f"source_{key}" if key.lower() in RESERVED else key
        out.append(f"{key if _PLAIN_KEY.match(key) else quote(key)}: {quote(value)}")
    return out


def document(lines: list[str], body: str) -> str:
    """The whole file: fenced front matter, a blank line, the body, one final newline."""
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body.strip("\n") + "\n"
