"""Build-time checks of article and page bodies that the build can know, as warnings.

* a heading that skips a level (the title is the ``h1``; ``## A`` then
  ``#### B`` skips ``h3``) — WCAG 1.3.1, screen reader users move by levels;
* a table without a header row (no ``<th>``, or only empty ones) — WCAG 1.3.1;
* a link whose text does not say where it goes ("hier", "mehr", "klicken Sie
  hier", "weiterlesen", "link", "click here" …) — WCAG 2.4.4, at the link's
  file line.

Images without alt text are checked where images are published (pictures).
The checks read the rendered body HTML of our own Markdown renderer, whose
shape is known, in one linear pass.  ``content.entry.parse_entry`` runs them,
so their warnings are kept with the file's record in the store and an
unchanged file is not checked again.
Each kind is summarised to one line when it is frequent (``KINDS``, for
``problems_summary.summarise``).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Iterable

from sitegen.problems import Problem, warning

if TYPE_CHECKING:  # content.entry imports this module
    from sitegen.content.entry import Entry

# Link texts that say nothing out of context (German and English), compared
# lower-case without punctuation; WCAG 2.4.4 technique F84 names "click here" and "more".
VAGUE_LINK_TEXTS = frozenset({
    "hier", "mehr", "link", "klicken sie hier", "hier klicken", "klick hier", "hier lesen", "weiterlesen",
    "weiter lesen", "mehr lesen", "mehr erfahren", "mehr dazu", "mehr infos", "mehr informationen", "zum artikel",
    "dieser link", "diesen link", "here", "click here", "more", "read more", "learn more", "this link"})

_LONGEST_VAGUE = 80  # characters of a link's HTML content that can still hold a vague text with markup around it
HEADING_KIND = "headings that skip a level"
TABLE_KIND = "tables without a header row"
LINK_KIND = "link texts that do not say where the link goes"
KINDS = (HEADING_KIND, TABLE_KIND, LINK_KIND)

_HREF = re.compile(r'\bhref="([^"]*)"')
_HEADER_CELL = re.compile(r"<th\b[^>]*>([^<]*(?:<(?!/th>)[^<]*)*)</th>")
_TAG = re.compile(r"<[^>]+>")


def body_warnings(entries: Iterable[Entry]) -> list[Problem]:
    """The warnings of every entry's body (articles and pages), in entry order."""
    problems: list[Problem] = []
    for entry in entries:
        problems += heading_warnings(entry) + table_warnings(entry) + link_warnings(entry)
    return problems


def heading_warnings(entry: Entry) -> list[Problem]:
    """One warning per heading that is more than one level below the one before it (the title is h1)."""
    problems, before = [], 1
    for heading in entry.body.headings:
        if heading.level > before + 1:
            problems.append(warning(entry.path, 0,
                                    f"heading '{heading.text}' skips a level (h{before} → h{heading.level})",
                                    f"make it h{before + 1} ({'#' * (before + 1)} in Markdown): screen reader "
                                    "users move through an article by heading levels (WCAG 1.3.1)"))
        before = heading.level
    return problems


def table_warnings(entry: Entry) -> list[Problem]:
    """One warning per body table without a header row (no ``<th>`` with text)."""
    problems = []
    for number, table in enumerate(_elements(entry.body.html, "<table", "</table>"), start=1):
        if not any(_plain(cell) for cell in _HEADER_CELL.findall(table)):
            problems.append(warning(entry.path, 0, f"table {number} has no header row",
                                    "give its first row the column names (in Markdown the row above |---|): "
                                    "screen readers read them with each cell (WCAG 1.3.1)"))
    return problems


def link_warnings(entry: Entry) -> list[Problem]:
    """One warning per body link whose text is in ``VAGUE_LINK_TEXTS``, at its file line when known."""
    problems: list[Problem] = []
    if "<a " not in entry.body.html:
        return problems
    lines: dict[str, int] = {}
    for link in entry.body.links:
        if link.kind == "a":
            lines.setdefault(link.target, entry.body_line + link.line)
    for element in _elements(entry.body.html, "<a ", "</a>"):
        tag, _, content = element.partition(">")
        if len(content) > _LONGEST_VAGUE:  # a longer text (markup included) is never vague: skip the work
            continue
        href = _HREF.search(tag)
        text = _plain(content)
        if href is not None and _normal(text) in VAGUE_LINK_TEXTS:
            problems.append(warning(entry.path, lines.get(href.group(1), 0),
                                    f"link text '{text}' does not say where the link goes",
                                    "name the target instead, e.g. [Zinsentscheid der EZB](…) rather than "
                                    "[hier](…): many readers jump from link to link (WCAG 2.4.4)"))
    return problems


def kind_of(problem: Problem) -> str | None:
    """The summary kind of one of this module's warnings (see ``KINDS``), else None."""
    message = problem.message
    if message.startswith("heading '") and " skips a level (h" in message:
        return HEADING_KIND
    if message.startswith("table ") and message.endswith(" has no header row"):
        return TABLE_KIND
    if message.startswith("link text '") and message.endswith("' does not say where the link goes"):
        return LINK_KIND
    return None


def _elements(text: str, start: str, end: str) -> list[str]:
    """Each ``start``…``end`` stretch of ``text`` without ``start`` (the attributes and content),
    in one linear pass: an unclosed element runs to the next ``start``."""
    return [part.split(end, 1)[0] for part in text.split(start)[1:]]


def _plain(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _normal(text: str) -> str:
    """``text`` lower-case without punctuation around and inside (»Hier!« → hier, „mehr…“ → mehr)."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
