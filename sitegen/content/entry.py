"""Turn read sources into ``Entry`` records: front matter + rendered body.

This is where a source's stages meet: split → type front matter → render
Markdown.  Each entry holds only facts of its own file, so an unchanged file
gives an equal entry (the seam for caching).  Links between entries (tags,
related, URLs) are made later in ``site``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from sitegen.content.a11ycheck import body_warnings
from sitegen.content.dates import PATH_DATE_TOLERANCE, path_date
from sitegen.content.frontmatter import FrontMatter, parse_front_matter, split_source
from sitegen.content.markdown import RenderedBody, render_markdown, smart_quotes
from sitegen.problems import Problem, error, warning
from sitegen.content.slugs import slugify
from sitegen.content.sources import Source

Renderer = Callable[[str, bool], RenderedBody]
# Texts later stages look for in the body HTML of every entry (render/imagenotes: pictures, render/dataplace:
# data blocks): looked for once when parsing (and kept in the store), not in all 10,000 bodies at each build.
IMG_MARK, DATA_MARK = "<img ", 'class="sitegen-daten"'
HTML_MARKS = (IMG_MARK, DATA_MARK)


@dataclass(frozen=True)
class Entry:
    """An article or a page, ready for the site model.

    ``kind`` is "article" or "page"; ``slug`` is final (from ``slug:`` or the
    title); ``title`` and ``summary`` carry German typographic quotes;
    ``body_line`` is the file line where the Markdown body starts;
    ``digest`` is the SHA-256 hex digest of the whole source text and
    ``front_digest`` that of its front matter text alone.
    """

    path: str
    kind: str
    slug: str
    title: str
    summary: str
    front: FrontMatter
    body: RenderedBody
    body_line: int
    digest: str
    front_digest: str = ""
    marks: tuple[str, ...] | None = None  # the ``HTML_MARKS`` in ``body.html``; None: not looked for


def may_contain(entry: Entry, mark: str) -> bool:
    """False only when ``entry``'s body HTML is known not to contain ``mark``
    (one of ``HTML_MARKS``); True when it does or may."""
    return entry.marks is None or mark not in HTML_MARKS or mark in entry.marks


def parse_entry(source: Source, zone: ZoneInfo, allow_html: bool,
                render: Renderer = render_markdown) -> tuple[Entry | None, list[Problem]]:
    """Parse one source into an ``Entry``; returns ``(entry, problems)``.

    ``render`` is the Markdown stage (a cache may wrap it; it must be pure).
    ``entry`` is None when the front matter has an error.  Draft status is
    still reported through ``draft_of`` so errors in drafts can be softened.
    """
    split, problems = split_source(source.text, source.path)
    if split is None:
        return None, problems
    front, found = parse_front_matter(split, source.path, source.kind, zone)
    problems += found
    if front is None:  # still report the body's problems, so one run lists all of this file's
        problems += _body_notes(source.path, split.body_line, render(split.body, allow_html))
        return None, problems
    slug = front.slug or slugify(front.title)
    if not slug:
        problems.append(error(source.path, front.lines.get("title", 1),
                              f"the title '{front.title}' gives an empty slug",
                              "add slug: with letters or digits, e.g. slug: gold-news"))
        return None, problems
    problems += _path_date_warning(source.path, front)
    body = render(split.body, allow_html)
    problems += _body_notes(source.path, split.body_line, body)
    entry = Entry(source.path, source.kind, slug, smart_quotes(front.title), smart_quotes(front.summary or body.teaser),
                  front, body, split.body_line, source.digest, hashlib.sha256(split.yaml.encode()).hexdigest(),
                  tuple(mark for mark in HTML_MARKS if mark in body.html))
    return entry, problems + body_warnings((entry,))


def _body_notes(path: str, body_line: int, body: RenderedBody) -> list[Problem]:
    """The Markdown stage's notes as warnings at their file lines."""
    return [warning(path, body_line + note.line, note.message, note.hint) for note in body.notes]


def _path_date_warning(path: str, front: FrontMatter) -> list[Problem]:
    """A warning when the date in the path and ``date:`` are more than
    ``PATH_DATE_TOLERANCE`` apart (a post copied into a wrong dated file or
    folder, or a mistyped date)."""
    in_path = path_date(path)
    if in_path is None or front.published is None:
        return []
    day = front.published.when.date()
    if abs(day - in_path) <= PATH_DATE_TOLERANCE:
        return []
    return [warning(path, front.lines.get("date", 1),
                    f"the date in the file path ({in_path:%d.%m.%Y}) is {abs(day - in_path).days} days from "
                    f"date: ({day:%d.%m.%Y}); the article is dated {day:%d.%m.%Y}",
                    "correct date: or rename the file")]


def is_draft_source(source: Source) -> bool:
    """True when a source's front matter says ``draft: true`` or ``yes``.

    Read leniently (line by line), so even a source with errors elsewhere in
    its front matter can be recognised as a draft.
    """
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return False
    for line in lines[1:]:
        if line.rstrip() == "---":
            break
        key, _, value = line.partition(":")
        if key.strip() == "draft" and value.strip().strip("'\"").lower() in ("true", "yes"):
            return True
    return False
