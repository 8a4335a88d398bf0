"""The Markdown stage: body text in, body HTML and facts about it out.

A pure function of (Markdown text, options), so its result can be cached by
the hash of the body.  Rules: CommonMark (markdown-it-py) plus GFM tables,
strikethrough and footnotes (mdit-py-plugins); heading ids by the slug rule,
unique per page; German typographic quotes „…“ ‚…‘ and the apostrophe ’
outside code (markdown-it's smartquotes).  Raw HTML is escaped unless allowed;
allowed raw HTML is sanitised (``content/sanitise.py``), each removal a warning.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.content.datablocks import fence_rule
from sitegen.content.mdextras import heading_id, split_at_more
from sitegen.content.sanitise import removals, sanitise
from sitegen.content.slugs import slugify, unique_id

GERMAN_QUOTES = "„“‚‘"
# ids the theme uses on every page; a body heading with the same text gets "-2"
RESERVED_IDS = frozenset({"inhalt", "newsletter", "newsletter-email", "newsletter-consent", "newsletter-heading",
                          "related-heading", "menu", "sitegen-fehler", "anbieter", "kontakt", "register",
                          "umsatzsteuer", "verantwortlich", "verantwortlicher"})
# markdown-it's validateLink leaves these links as text: [x](javascript:…),
# [x]: javascript:… (a reference definition), <javascript:…> (an autolink)
_BLOCKED_LINK = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)\s*(javascript|vbscript|file|data):", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    """A heading of the body: ``level`` 2–6, its ``id`` and plain ``text``."""

    level: int
    id: str
    text: str

    def __reduce__(self):
        return Heading, (self.level, self.id, self.text)  # positional: pickles ~5× faster than a dataclass' state dict


@dataclass(frozen=True)
class Note:
    """A warning found while rendering; ``line`` is 0-based within the body."""

    line: int
    message: str
    hint: str = ""

    def __reduce__(self):
        return Note, (self.line, self.message, self.hint)  # positional: pickles ~5× faster than a dataclass' state dict


@dataclass(frozen=True)
class Link:
    """A link or image target in the body: ``kind`` "a" or "img", the
    ``target`` exactly as it appears (normalised) in the HTML attribute, and
    its 0-based body ``line``."""

    kind: str
    target: str
    line: int

    def __reduce__(self):
        return Link, (self.kind, self.target, self.line)  # positional: pickles ~5× faster than a dataclass' state dict


@dataclass(frozen=True)
class RenderedBody:
    """What the Markdown stage returns for one body.

    ``html`` is the body HTML; ``word_count`` counts the words of its plain
    text; ``first_paragraph`` is the plain text of the first paragraph;
    ``notes`` the warnings, with body-relative lines; ``links`` every link
    and image target, for ``links`` to resolve and check; ``teaser`` the
    plain text before a ``<!-- more -->`` marker ("" without one).
    """

    html: str
    headings: tuple[Heading, ...]
    word_count: int
    first_paragraph: str
    notes: tuple[Note, ...]
    links: tuple[Link, ...] = ()
    teaser: str = ""


@functools.lru_cache(maxsize=4)
def _parser(allow_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "quotes": GERMAN_QUOTES, "html": True})
    md.enable(["table", "strikethrough", "smartquotes"]).use(footnote_plugin)
    md.add_render_rule("fence", fence_rule(type(md.renderer).fence))  # data blocks: content/datablocks.py
    if not allow_html:
        md.add_render_rule("html_block", lambda self, tokens, idx, options, env:
                           "<p>" + escapeHtml(tokens[idx].content.rstrip("\n")) + "</p>\n")
        md.add_render_rule("html_inline", lambda self, tokens, idx, options, env:
                           escapeHtml(tokens[idx].content))
    return md


@functools.lru_cache(maxsize=1)
def _inline_quotes() -> MarkdownIt:
    return MarkdownIt("zero", {"typographer": True, "quotes": GERMAN_QUOTES}).enable("smartquotes")


def smart_quotes(text: str) -> str:
    """Return ``text`` with German typographic quotes and apostrophes.

    Used for titles and summaries, which are plain text (no Markdown):
    ``Der "sichere Hafen"`` → ``Der „sichere Hafen“``.
    """
    if "'" not in text and '"' not in text:
        return text
    tokens = _inline_quotes().parseInline(text)
    return "".join(child.content for child in tokens[0].children or [])


def render_markdown(body: str, allow_html: bool = False) -> RenderedBody:
    """Render one Markdown body (LF text) to HTML.

    Never raises for any input: CommonMark has no syntax errors.  Problems an
    editor should know about (raw HTML escaped, or with ``allow_html`` parts
    of it removed; a ``javascript:`` link left as text; an unclosed code
    fence; a level-1 heading) come back as ``notes``.
    """
    md = _parser(allow_html)
    env: dict = {}
    tokens, more_at = split_at_more(md.parse(body, env))
    notes: list[Note] = []
    headings = _assign_heading_ids(tokens, notes)
    positions = _positions(tokens)
    notes.extend(_raw_html_notes(tokens, positions) if not allow_html else _removed_html_notes(tokens, positions))
    notes.extend(_blocked_link_notes(positions))
    notes.extend(_unclosed_fences(tokens, body.split("\n")))
    _align_classes(tokens)
    html = md.renderer.render(tokens, md.options, env)
    if allow_html:
        html = sanitise(html)
    text, first = _plain_text(tokens)
    teaser = _plain_text(tokens[:more_at])[0] if more_at is not None else ""
    notes.sort(key=lambda n: (n.line, n.message))
    return RenderedBody(html, tuple(headings), len(text.split()), first, tuple(notes), _links(positions), teaser)


def _align_classes(tokens: list[Token]) -> None:
    """Turn a GFM table column's ``style="text-align:right"`` into ``class="align-right"``
    in place: the site's CSP (``render/headers.py``) blocks inline styles."""
    for token in tokens:
        if token.type in ("th_open", "td_open") and str(token.attrGet("style") or "").startswith("text-align:"):
            align = str(token.attrGet("style")).split(":", 1)[1]
            token.attrs.pop("style")
            token.attrSet("class", f"align-{align}")


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _assign_heading_ids(tokens: list[Token], notes: list[Note]) -> list[Heading]:
    taken = set(RESERVED_IDS)
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        if token.tag == "h1":
            notes.append(Note(token.map[0], "a level-1 heading in the body is shown as a section heading (h2)",
                              "the title is the page's only h1; start sections with ##"))
            token.tag = tokens[index + 2].tag = "h2"
        given = heading_id(tokens[index + 1])
        text = _inline_text(tokens[index + 1])
        if given and given in taken:
            notes.append(Note(token.map[0], f"the heading id '{given}' is already used on this page; "
                              "this heading gets another", "give each heading its own {#id}"))
        anchor = unique_id(given or slugify(text) or "abschnitt", taken)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), anchor, text))
    return headings


def _raw_html_notes(tokens: list[Token], positions: list[tuple[Token, int]]) -> list[Note]:
    """One warning per HTML block, and per line with inline HTML, at that line."""
    lines = sorted({t.map[0] for t in tokens if t.type == "html_block" and t.map}
                   | {line for child, line in positions if child.type == "html_inline"})
    return [Note(line, "raw HTML is shown as text, not run",
                 "write it in Markdown, or set markdown.allow_html: true in config.yaml") for line in lines]


def _unclosed_fences(tokens: list[Token], lines: list[str]) -> list[Note]:
    notes = []
    for token in tokens:
        if token.type != "fence" or not token.map:
            continue
        start, end = token.map
        last = lines[end - 1].strip() if end - 1 < len(lines) else ""
        marker = token.markup
        closed = end - start >= 2 and last.startswith(marker) and not last.strip(marker[0])
        if not closed:
            notes.append(Note(start, f"the code block opened with {marker} is never closed",
                              f"add a line containing only {marker} after the code"))
    return notes


def _positions(tokens: list[Token]) -> list[tuple[Token, int]]:
    """Every child of every inline token with its 0-based body line: the
    block's first line (``map``) plus the line breaks before the child,
    an image's alt text included.  (Line breaks inside a code span are
    turned into spaces by markdown-it and not counted.)"""
    found: list[tuple[Token, int]] = []

    def walk(children: list[Token], line: int) -> int:
        for child in children:
            found.append((child, line))
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("html_inline", "text"):
                line += child.content.count("\n")
            if child.children:
                line = walk(child.children, line)
        return line

    for token in tokens:
        if token.type == "inline" and token.map:
            walk(token.children or [], token.map[0])
    return found


def _links(positions: list[tuple[Token, int]]) -> tuple[Link, ...]:
    found = []
    for child, line in positions:
        if child.type == "link_open" and child.attrGet("href") is not None:
            found.append(Link("a", str(child.attrGet("href")), line))
        elif child.type == "image" and child.attrGet("src") is not None:
            found.append(Link("img", str(child.attrGet("src")), line))
    return tuple(found)


def _removed_html_notes(tokens: list[Token], positions: list[tuple[Token, int]]) -> list[Note]:
    """A warning at the line of each part of raw HTML that ``sanitise`` removes."""
    raw = [(t, t.map[0]) for t in tokens if t.type == "html_block" and t.map]
    raw += [(child, line) for child, line in positions if child.type == "html_inline"]
    return [Note(line + offset, message, hint) for token, line in raw
            for offset, message, hint in removals(token.content)]


def _blocked_link_notes(positions: list[tuple[Token, int]]) -> list[Note]:
    """A warning for each ``[x](javascript:…)`` that markdown-it left as text."""
    texts: dict[int, list[str]] = {}
    for child, line in positions:
        if child.type == "text":
            texts.setdefault(line, []).append(child.content)
    return [Note(line, f"link to a {match.group(1).lower()}: address is shown as text, not as a link",
                 "javascript:, vbscript:, file: and data: links are never published; link a page or an https address")
            for line, parts in texts.items() for match in _BLOCKED_LINK.finditer("".join(parts))]


def _plain_text(tokens: list[Token]) -> tuple[str, str]:
    parts, first = [], ""
    for index, token in enumerate(tokens):
        if token.type == "inline":
            text = _inline_text(token)
            parts.append(text)
            if not first and index and tokens[index - 1].type == "paragraph_open" and token.level == 1:
                first = text
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
    return " ".join(" ".join(parts).split()), " ".join(first.split())
