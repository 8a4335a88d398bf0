"""Raw HTML in Markdown bodies (``markdown.allow_html: true``): what is kept.

The body HTML is cleaned with nh3 (the Python binding of the Rust library
ammonia, an allow-list sanitiser built on the html5ever parser).  Kept:
ammonia's default tags (text markup, lists, tables, ``figure``/``figcaption``,
``details``/``summary``, ``abbr``, ``time`` …) plus ``section`` (footnotes);
``id``, ``class``, ``title``, ``lang`` and ``dir`` on every tag, ammonia's
per-tag attributes plus ``title`` on links, ``loading`` on images and
``style="text-align: …"`` on table cells; URLs relative or with the schemes
http, https, mailto and tel.  Removed: ``script`` and ``style`` with their
content, every other tag (``iframe``, ``object``, ``embed``, ``form``,
``input``, ``svg`` …) keeping its text, event handlers (``on…=``), other
attributes, ``javascript:``/``data:`` and other URLs, and HTML comments.
Embeds stay out on purpose: pages load nothing from third parties (see
``render/validate.py``).

``removals`` lists what the cleaning removes from one raw HTML fragment, so
the editor gets a warning at its line; comments are not reported (they are
never shown anyway).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset(nh3.ALLOWED_TAGS | {"section"})
CONTENT_TAGS = frozenset({"script", "style"})
GENERIC = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["a"] = ATTRIBUTES.get("a", set()) | {"title"}
ATTRIBUTES["img"] = ATTRIBUTES.get("img", set()) | {"title", "loading"}
for _cell in ("th", "td"):
    ATTRIBUTES[_cell] = ATTRIBUTES.get(_cell, set()) | {"style"}
ATTRIBUTES["*"] = set(GENERIC)
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "background", "longdesc",
                            "srcset", "xlink:href", "data"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
HINT = "markdown.allow_html keeps plain markup only (see README: Raw HTML)"


def sanitise(html: str) -> str:
    """Return the body ``html`` with everything outside the allow-list above removed."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(CONTENT_TAGS), attributes=ATTRIBUTES,
                     link_rel=None, url_schemes=set(SCHEMES), filter_style_properties={"text-align"})


def removals(fragment: str) -> list[tuple[int, str, str]]:
    """What ``sanitise`` removes from one raw HTML ``fragment`` (a token's text).

    Returns ``[(line, message, hint)]`` with ``line`` 0-based within the
    fragment, in document order, e.g. ``(0, "<script> removed from raw
    HTML", "…")``.  Never raises.
    """
    scan = _Scan()
    try:
        scan.feed(fragment)
        scan.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; a failure only costs the warning
        pass
    return scan.found


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []

    def _add(self, message: str, hint: str) -> None:
        self.found.append((self.getpos()[0] - 1, message, hint))

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            kept = "with its content" if tag in CONTENT_TAGS else "its text is kept"
            self._add(f"<{tag}> removed from raw HTML ({kept})",
                      "scripts never run on the site's pages; " + HINT if tag == "script" else HINT)
            return
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _attribute(self, tag: str, name: str, value: str) -> None:
        allowed = name in GENERIC or name in ATTRIBUTES.get(tag, ())
        if name.startswith("on"):
            self._add(f"event handler {name}= removed from raw HTML <{tag}>",
                      "scripts never run on the site's pages; " + HINT)
        elif not allowed:
            self._add(f"attribute {name}= removed from raw HTML <{tag}>", HINT)
        elif name in URL_ATTRIBUTES:
            scheme = _SCHEME.match(_INVISIBLE.sub("", value))
            if scheme and scheme.group(1).lower() not in SCHEMES:
                self._add(f"{scheme.group(1).lower()}: URL removed from raw HTML <{tag} {name}>",
                          "link an http(s), mailto or tel address, or a page of the site")
