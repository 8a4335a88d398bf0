"""Read a WordPress WXR export ("Tools → Export") into import items.

The XML is parsed with lxml without entity expansion, DTD loading or network
access, and without ``huge_tree`` (lxml's limits on depth and text size
stay on); the file is refused above ``MAX_WXR_BYTES``; items are read one by
one (``iterparse``) and cleared.  Posts (``wp:post_type`` post) become
articles, pages pages; attachments, menus and revisions are skipped.
``wp:status``: publish → published, draft/pending/private → ``draft: true``,
future → its future date, trash → not imported.  Dates come from
``wp:post_date_gmt`` (exact), else ``wp:post_date`` in Berlin time.  Slugs
from ``wp:post_name``; the old URL from ``<link>``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from sitegen.content.slugs import slugify
from sitegen.importer.mapping import Mapped, Note
from sitegen.importer.posts import Item, name_items
from sitegen.importer.when import DateShapeError, parse_when
from sitegen.importer.wphtml import to_markdown

MAX_WXR_BYTES = 200_000_000
KINDS = {"post": "article", "page": "page"}
DRAFT_STATES = {"draft", "pending", "private", "auto-draft"}


class WxrError(ValueError):
    """The export cannot be read; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def read_wxr(path: Path) -> tuple[list[Item], list[Note], dict]:
    """Items of the export at ``path``, a ``Note`` (with its XML line) for each item refused, and
    the channel facts ``{"link": site URL}``.  Authors are shown by their display name
    (``wp:author``).  Raises ``WxrError``."""
    if path.stat().st_size > MAX_WXR_BYTES:
        raise WxrError(0, "the export is larger than 200 MB", "export one year at a time (Tools → Export → dates)")
    items, refused, channel, authors = [], [], {"link": ""}, {}
    events = etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        for _, element in events:
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if name == "author" and etree.QName(element).namespace and "wordpress.org" in element.tag:
                facts = _fields(element)
                authors[facts.get("author_login", "")] = facts.get("author_display_name", "")
            elif name == "item":
                item, note = _item(element, authors)
                if item is not None:
                    items.append(item)
                elif note is not None:
                    refused.append(note)
                element.clear()
            elif name == "link" and element.getparent() is not None and \
                    etree.QName(element.getparent()).localname == "channel":
                channel["link"] = (element.text or "").strip()
    except etree.XMLSyntaxError as exc:
        raise _syntax(exc) from None
    name_items(items)
    return items, refused, channel


def _syntax(exc: etree.XMLSyntaxError) -> WxrError:
    """One readable error for a parser failure (an entity bomb is refused by libxml2 itself)."""
    message = re.sub(r",? line \d+, column \d+$", "", exc.msg or "").rstrip(". ")
    if "amplification" in message or "entit" in message.lower():
        return WxrError(exc.lineno or 0, "the export declares XML entities that expand too far; it was not read",
                        "export it again from WordPress (Tools → Export)")
    return WxrError(exc.lineno or 0, f"the export is not valid XML: {message}",
                    "export again; a cut-off file is the usual cause")


def _fields(element) -> dict[str, str]:
    found: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str):
            found.setdefault(etree.QName(child).localname, (child.text or "").strip())
    found["content"] = _child_text(element, "encoded", "content")
    found["excerpt"] = _child_text(element, "encoded", "excerpt")
    return found


def _child_text(element, local: str, ns_part: str) -> str:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == local and \
                ns_part in (etree.QName(child).namespace or ""):
            return child.text or ""
    return ""


def _item(element, authors: dict[str, str]) -> tuple[Item | None, Note | None]:
    f = _fields(element)
    kind = KINDS.get(f.get("post_type", ""))
    if kind is None:
        return None, None
    line = element.sourceline or 0
    if f.get("status") == "trash":
        return None, Note(line, "in the trash", f"'{f.get('title', '')}' is in WordPress's trash and was not imported",
                          "restore it in WordPress and export again if it should come along")
    login = f.get("creator", "")
    m = Mapped(title=" ".join(f.get("title", "").split()), author=authors.get(login) or login)
    m.when = _date(f)
    if kind == "article" and m.when is None:
        return None, Note(line, "no date", f"'{m.title}' has no date", "set a date in WordPress and export again",
                          person=True, blocking=True)
    for cat in element:
        if isinstance(cat.tag, str) and etree.QName(cat).localname == "category" and (cat.text or "").strip():
            value = " ".join(cat.text.split())
            if value not in m.tags and value != "Uncategorized":
                m.tags.append(value)
            if cat.get("domain") == "category":
                m.categories.append(value)
    m.summary = " ".join(f["excerpt"].split())
    m.slug = slugify(unquote(f.get("post_name", ""))) or slugify(m.title)
    m.draft = f.get("status") in DRAFT_STATES
    link = urlsplit(f.get("link", ""))
    old = link.path if link.path and not link.query else ""
    body = to_markdown(f["content"])
    if not m.title:
        m.title = "Ohne Titel"
        m.notes.append(Note(1, "no title", "the post has no title", "add a title", person=True))
    return Item(f"#{f.get('post_id', '')}", kind, m, old, body, notes=list(m.notes)), None


def _date(f: dict[str, str]):
    for key, zone_utc in (("post_date_gmt", True), ("post_date", False)):
        value = f.get(key, "")
        if value and not value.startswith("0000"):
            try:
                return parse_when(value + (" +0000" if zone_utc else ""))
            except DateShapeError:
                continue
    return None
