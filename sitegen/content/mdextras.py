"""Markdown syntax that real archives use beyond CommonMark.

Two rules, both as Hugo, Jekyll, Hexo and Pelican read them:

* ``<!-- more -->`` (also ``<!--more-->``, any case) marks the teaser break:
  the plain text before it is the article's summary when the front matter
  has no ``summary:``; the marker itself never shows (Hugo's "manual summary
  splitting", Jekyll's and Hexo's excerpt separator).
* A heading ending in ``{#id}`` (Pandoc / kramdown / Hugo heading attributes,
  e.g. ``## Zinsen {#zinsen}``) takes that id; the ``{#id}`` text is not
  shown.  Classes and other attributes in the braces are dropped.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

_MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.IGNORECASE)
# {#id} or {#id .class key=value} at the end of a heading; ids of at most 100
# characters (letters, digits, - _ . :), which keeps every id a valid, short fragment
_ATTRS = re.compile(r"\s*\{\s*#([A-Za-z0-9][\w.:-]{0,99})(?:\s+[^{}]*)?\}\s*$")


def is_more_marker(token: Token) -> bool:
    """True for an HTML block or inline HTML token that is a ``<!-- more -->`` marker."""
    return token.type in ("html_block", "html_inline") and bool(_MORE.match(token.content))


def split_at_more(tokens: list[Token]) -> tuple[list[Token], int | None]:
    """Remove every ``<!-- more -->`` marker from the token stream.

    Returns ``(tokens, index)``: the block tokens without marker blocks and
    with marker children removed from inline tokens (changed in place), and
    the index in the returned list of the first block token after the first
    marker, or None when there is none.  A marker inside a paragraph breaks
    after that paragraph.
    """
    kept: list[Token] = []
    first: int | None = None
    for token in tokens:
        if is_more_marker(token):
            first = len(kept) if first is None else first
            continue
        if token.type == "inline" and token.children and any(map(is_more_marker, token.children)):
            token.children = [c for c in token.children if not is_more_marker(c)]
            if first is None:
                first = -1  # after the paragraph's closing token, set below
        kept.append(token)
        if first == -1 and token.type.endswith("_close") and token.level == 0:
            first = len(kept)
    return kept, (None if first == -1 else first)


def heading_id(inline: Token) -> str | None:
    """Remove a trailing ``{#id}`` from a heading's inline token; return the id.

    Returns None (and leaves the token unchanged) when the heading has none.
    """
    children = inline.children or []
    if not children or children[-1].type != "text":
        return None
    match = _ATTRS.search(children[-1].content)
    if not match:
        return None
    last = children[-1]
    last.content = last.content[: match.start()]
    inline.content = _ATTRS.sub("", inline.content)
    if not last.content:
        inline.children = children[:-1]
    return match.group(1)
