"""Check rendered pages before anything is written.

Rules: exactly one ``h1`` per page; no duplicate ``id`` in a page; nothing
that the browser would load from another host (privacy: no third-party
requests).  Pages are scanned with regular expressions, which is safe for
our own output: Jinja2 and markdown-it-py quote every attribute and escape
every ``<`` in text.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from sitegen.problems import Problem, error
from sitegen.render.cssscan import css_loads

LOAD_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
              "video": ("src", "poster"), "audio": ("src",), "iframe": ("src",), "embed": ("src",),
              "object": ("data",), "input": ("src",), "track": ("src",)}
LOAD_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch",
             "apple-touch-icon", "shortcut"}


# Inside a tag, quoted attribute values may hold ">" (``alt="Kurs > 2000"``).  The
# patterns are "unrolled" (``[^>"']*(?:QUOTED[^>"']*)*``): the same language as
# ``(?:[^>"']|QUOTED)*``, but runs of plain characters are one class match, not one
# alternation per character (which made the scan the slowest part of a build).
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_IN_TAG = r"""[^>"']*+(?:""" + _QUOTED + r"""[^>"']*+)*+"""
_LOADING = ("h1", "script", "img", "source", "video", "audio", "iframe", "embed", "object", "input", "track", "link",
            "style")
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}  # what else re.I lets match these letters


def _any_case(word: str) -> str:
    """``word`` as a pattern matching what ``re.I`` would, without the flag
    (which slows the scan: the search for ``<`` is no longer a plain one)."""
    return "".join(f"[{c}{c.upper()}{_FOLDS.get(c, '')}]" if c.isalpha() else c for c in word)


_TAG = re.compile(r"<(" + "|".join(map(_any_case, _LOADING)) + r")\b(" + _IN_TAG + r")>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _first_attr(name: str) -> re.Pattern:
    """``<tag … name="value"``: the first quoted ``name`` attribute of a tag
    (what ``<[a-zA-Z]IN_TAG*?\\sname\\s*=\\s*QUOTED`` finds, without trying the
    attribute at every character: plain characters and quoted values are
    skipped in runs, a space only when ``name=`` does not follow it)."""
    value = r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
    skip = r"""(?:\s(?!""" + name + r"""\s*=\s*["'])|""" + _QUOTED + ")"
    return re.compile(r"""<[a-zA-Z][^>"'\s]*+(?:""" + skip + r"""[^>"'\s]*+)*+\s""" + name + value)


_ID = _first_attr("id")
_STYLE_ATTR = _first_attr("style")
_MAYBE_STYLE = re.compile(r"style\s*=")  # needed for a _STYLE_ATTR match, and found fast (a plain prefix)
_STYLE_BLOCK = re.compile(f"<{_any_case('style')}\\b[^>]*>(.*?)</{_any_case('style')}>", re.S)


@dataclass(frozen=True)
class PageScan:
    """What a page contains that the rules look at: h1 count, ids, loaded URLs."""

    h1: int
    ids: Counter
    loads: tuple[str, ...]


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR.finditer(text)}


def scan_page(page: str) -> PageScan:
    """Scan one generated HTML page (regular expressions over our own,
    well-formed output: about 10× faster than a full HTML parser)."""
    h1, loads = 0, []
    for match in _TAG.finditer(page):
        tag, values = match.group(1).lower(), _attrs(match.group(2))
        h1 += tag == "h1"
        for attr in LOAD_ATTRS.get(tag, ()):
            if values.get(attr):
                loads += [part.split()[0] for part in values[attr].split(",") if part.strip()]
        if tag == "link" and LOAD_RELS & set(values.get("rel", "").lower().split()):
            loads.append(values.get("href", ""))
    for match in (_STYLE_ATTR.finditer(page) if _MAYBE_STYLE.search(page) else ()):  # a fast test first
        loads += css_urls(html.unescape(match.group(1) or match.group(2) or ""))
    for match in _STYLE_BLOCK.finditer(page):
        loads += css_urls(match.group(1))
    ids = Counter(html.unescape(m.group(1) or m.group(2) or "") for m in _ID.finditer(page))
    return PageScan(h1, ids, tuple(loads))


def css_urls(css: str) -> list[str]:
    """URLs a piece of CSS loads (``url(...)``, ``@import``, ``image-set()``;
    comments skipped, escapes decoded: see ``cssscan``)."""
    return [url for _, url in css_loads(css)]


def is_external(url: str, allowed: set[str] | str) -> bool:
    """True when ``url`` loads from a host not in ``allowed`` (absolute or
    protocol-relative URLs; ``data:`` URLs are inline, not loads)."""
    allowed = {allowed} if isinstance(allowed, str) else allowed
    url = url.strip().lower()
    if url.startswith("//"):
        host = url[2:].split("/", 1)[0]
    elif re.match(r"^[a-z][a-z0-9+.-]*://", url):
        host = url.split("://", 1)[1].split("/", 1)[0]
    else:
        return False
    return host.split("@")[-1].split(":")[0] not in {h.lower() for h in allowed}


def validate_page(path: str, data: bytes, allowed: set[str] | str, source: str = "",
                  lines: Mapping[str, int] | None = None) -> list[Problem]:
    """Check one HTML page (``path`` relative to the output folder).

    ``lines`` maps URLs written in the source's Markdown to their file line,
    so a third-party load from an article is reported at its line.
    """
    problems = []
    scan = scan_page(data.decode("utf-8"))
    where = source or f"output/{path}"
    if scan.h1 != 1:
        problems.append(error(where, 0, f"page /{path} has {scan.h1} h1 headings, not exactly one",
                              "the theme must show the title as the only h1"))
    for ident, count in sorted(scan.ids.items()):
        if count > 1:
            problems.append(error(where, 0, f"id '{ident}' appears {count} times on page /{path}",
                                  "each id must be unique on a page"))
    for url in scan.loads:
        if is_external(url, allowed):
            line = (lines or {}).get(html.unescape(url), 0)
            problems.append(error(where if line else f"output/{path}" if not source else where, line,
                                  f"page /{path} would load {url} from another host",
                                  "serve the file from this site, or add the host to privacy.allowed_hosts "
                                  "in config.yaml (privacy: no third-party requests)"))
    return problems


_LOAD_MESSAGE = re.compile(r"^page (/\S*) would load (\S+) from another host$")


def group_template_loads(problems: list[Problem], theme: str) -> list[Problem]:
    """Report a third-party load found on several pages without a Markdown
    line once, as coming from the templates, instead of once per page."""
    pages: dict[str, list[tuple[str, Problem]]] = {}
    rest = []
    for problem in problems:
        match = _LOAD_MESSAGE.match(problem.message)
        if match and problem.line == 0:
            pages.setdefault(match.group(2), []).append((match.group(1), problem))
        else:
            rest.append(problem)
    for url, found in sorted(pages.items()):
        if len(found) == 1:
            rest.append(found[0][1])
            continue
        where = [page for page, _ in found]
        example = ", ".join(sorted(where)[:2])
        rest.append(error(f"themes/{theme}/templates", 0,
                          f"{len(where)} page{'s' if len(where) != 1 else ''} would load {url} from another host "
                          f"(e.g. {example})",
                          "it is not in any article, so a template adds it: serve the file from this site, "
                          "or add the host to privacy.allowed_hosts in config.yaml"))
    return rest
