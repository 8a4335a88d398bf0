"""The words a reader sees: of a source post, and of our built page's body.

Source: template code a reader never sees is removed (Liquid ``{% … %}`` and
``{{ … }}``, Hugo shortcode delimiters ``{{< … >}}`` / ``{{% … %}}`` — the
text between an opening and a closing shortcode stays), except what
``{% raw %}`` or Hugo's ``{{</* … */>}}`` shows literally; kramdown
attribute lists (``{: .x}``, ``{#id}``) and WordPress shortcodes
(``[caption …]``) and oEmbed URLs (a URL alone on its line, which WordPress
shows as the embedded video or post) are removed; Markdown is rendered with markdown-it
(CommonMark, tables, raw HTML), HTML read with BeautifulSoup; scripts,
styles and comments are not text.  Ours: the text of ``div.prose``.  Words:
``\\w+`` runs, lower-cased, counted with repetition.
"""

from __future__ import annotations

import re
from collections import Counter

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

BLOCKS = {"p", "div", "li", "td", "th", "tr", "pre", "br", "blockquote", "dd", "dt", "figcaption", "section",
          "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr", "img", "code"}
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_HUGO_LITERAL = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}", re.S)
_IAL = re.compile(r"\{:[^}\n]*\}|\{#[\w:-]+[^}\n]*\}")
_WP_SHORTCODE = re.compile(r"\[/?[a-z_][\w-]*(?:\s[^\]]*)?\]")
_WORD = re.compile(r"\w+")
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.M | re.S)
_OEMBED = re.compile(r"^[ \t]*https?://\S+[ \t]*$|\[embed[^\]]*\].*?\[/embed\]", re.M)


def source_words(body: str, markup: str) -> Counter:
    """The visible words of a source post's body (``markup`` "md", "html" or "wp")."""
    literal: list[str] = []

    def keep(text: str) -> str:
        literal.append(text)
        return f" zzliteral{len(literal) - 1}zz "

    text = _RAW.sub(lambda m: keep(m.group(1)), body)
    text = _HUGO_LITERAL.sub(lambda m: keep("{{" + m.group(1) + m.group(2) + m.group(3) + "}}"), text)
    text = _TEMPLATE.sub(" ", text)
    text = _IAL.sub(" ", text)
    if markup == "wp":  # a URL alone on its line is an oEmbed: the reader saw the embed, not the URL
        text = _WP_SHORTCODE.sub(" ", _OEMBED.sub(" ", text))
    html = _MD.render(text) if markup == "md" else text
    words = _words(_text(BeautifulSoup(html, "html.parser")))
    for index, value in enumerate(literal):
        marker = f"zzliteral{index}zz"
        if words[marker]:
            words += Counter({w: n * words[marker] for w, n in _words(value).items()})
            del words[marker]
    return words


def literal_tags(body: str, kind: str) -> set[str]:
    """The template tags a source post shows literally, whitespace collapsed: inside
    ``{% raw %}`` or ``{{</* … */>}}``, and for Hexo inside fenced code (Hexo's
    ``backtick_code_block`` filter protects code blocks from its tag plugins)."""
    shown = [m.group(1) for m in _RAW.finditer(body)]
    if kind == "hexo":
        shown += [m.group(0) for m in _FENCED.finditer(body)]
    shown += ["{{" + m.group(1) + m.group(2) + m.group(3) + "}}" for m in _HUGO_LITERAL.finditer(body)]
    return {" ".join(m.group(0).split()) for text in shown for m in _TEMPLATE.finditer(text)}


def page_words(page: str) -> Counter:
    """The words of our built page's body (``div.prose``)."""
    soup = BeautifulSoup(page, "html.parser")
    prose = soup.select_one("main div.prose") or soup.select_one("div.prose")
    return _words(_text(prose)) if prose is not None else Counter()


def survival(theirs: Counter, ours: Counter) -> float:
    """The share of ``theirs`` (with repetition) found in ``ours``; 1.0 for an empty source."""
    total = sum(theirs.values())
    return sum((theirs & ours).values()) / total if total else 1.0


def _text(soup) -> str:
    for hidden in soup.find_all(["script", "style", "template"]):
        hidden.decompose()
    for block in soup.find_all(BLOCKS):
        block.insert_after(" ")
        block.insert_before(" ")
    return soup.get_text("")


def _words(text: str) -> Counter:
    return Counter(word.lower() for word in _WORD.findall(text))
