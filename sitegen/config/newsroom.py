"""Config sections of the finance newsroom: ``disclosure:`` and ``authors:``.

``disclosure`` (Art. 20 MAR, Delegated Regulation (EU) 2016/958 Art. 2–6)
names the producer of recommendations, the person responsible, the kinds
of conflict of interest an article may declare (id → German sentence) and
the company's own products.  The kind with the fixed id ``sells`` is "the
company sells this product": an article naming an own product without it
gets a warning.  ``authors`` maps an author slug to a profile (name, role,
bio, photo, links, type person or organization).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.config.reader import Reader
from sitegen.config.yamltext import Node

SELLS = "sells"
DISCLOSURE_KEYS = {"producer", "responsible", "kinds", "own_products"}
AUTHOR_KEYS = {"name", "role", "bio", "photo", "links", "type"}
MAX_AUTHORS = 500
MAX_KINDS = 50
MAX_PRODUCTS = 500
MAX_LINKS = 20
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


@dataclass(frozen=True)
class DisclosureConfig:
    """``producer`` and ``responsible`` (Art. 2 and 3 of 2016/958); ``kinds``
    are ``(id, German sentence)`` pairs in file order; ``own_products`` are
    names or ISINs (matched case-insensitively in article titles and bodies)."""

    producer: str = ""
    responsible: str = ""
    kinds: tuple[tuple[str, str], ...] = ()
    own_products: tuple[str, ...] = ()

    def kind_text(self, kind: str) -> str:
        """The German sentence of ``kind`` ("" when unknown)."""
        return dict(self.kinds).get(kind, "")


@dataclass(frozen=True)
class Author:
    """One author profile: ``slug`` (the key), ``name``, ``role``, ``bio``,
    ``photo`` (a site path or ""), ``links`` (sameAs URLs) and ``kind``
    "person" or "organization" (a desk such as "Redaktion")."""

    slug: str
    name: str
    role: str = ""
    bio: str = ""
    photo: str = ""
    links: tuple[str, ...] = ()
    kind: str = "person"


def read_disclosure(r: Reader, node: Node | None) -> DisclosureConfig:
    """The ``disclosure:`` section (all empty when absent); bad values are errors at their lines."""
    section = r.mapping(node, "disclosure", DISCLOSURE_KEYS)
    kinds = r.mapping(section.get("kinds"), "disclosure.kinds", None)
    if len(kinds) > MAX_KINDS:
        r.error(section["kinds"].line, f"disclosure.kinds has {len(kinds)} entries; at most {MAX_KINDS} are allowed")
        kinds = {}
    pairs = []
    for kind, value in kinds.items():
        if not _ID.fullmatch(kind):
            r.error(value.line, f"conflict kind '{kind[:40]}' is not an id (a-z, 0-9, - and _)", "e.g. position:")
            continue
        pairs.append((kind, r.text(value, f"disclosure.kinds.{kind}", required=True, at=value.line,
                                   example="Der Autor hält eine Position in diesem Instrument.")))
    return DisclosureConfig(
        producer=r.text(section.get("producer"), "disclosure.producer"),
        responsible=r.text(section.get("responsible"), "disclosure.responsible"),
        kinds=tuple(pairs),
        own_products=_texts(r, section.get("own_products"), "disclosure.own_products", MAX_PRODUCTS))


def read_authors(r: Reader, node: Node | None) -> tuple[Author, ...]:
    """The ``authors:`` section: slug → profile, in file order."""
    section = r.mapping(node, "authors", None)
    if len(section) > MAX_AUTHORS:
        r.error(node.line, f"authors has {len(section)} entries; at most {MAX_AUTHORS} are allowed")
        return ()
    made = []
    for slug, value in section.items():
        if not _ID.fullmatch(slug):
            r.error(value.line, f"author slug '{slug[:40]}' is not a slug (a-z, 0-9, - and _)", "e.g. erika-muster:")
            continue
        made.append(_author(r, slug, value))
    return tuple(made)


def _author(r: Reader, slug: str, node: Node) -> Author:
    key = f"authors.{slug}"
    given = r.mapping(node, key, AUTHOR_KEYS)
    kind = r.text(given.get("type"), f"{key}.type", "person").lower()
    if kind not in ("person", "organization"):
        r.error(given["type"].line, f"{key}.type must be person or organization, not '{kind[:40]}'",
                "type: organization for a desk such as Redaktion")
        kind = "person"
    links = _texts(r, given.get("links"), f"{key}.links", MAX_LINKS)
    for link in links:
        if urlsplit(link).scheme not in ("https", "http") or not urlsplit(link).netloc:
            r.error(given["links"].line, f"{key}.links: '{link[:80]}' is not a web address",
                    "e.g. - https://www.linkedin.com/in/erika-muster")
    return Author(slug, r.text(given.get("name"), f"{key}.name", required=True, at=node.line, example="Erika Muster"),
                  r.text(given.get("role"), f"{key}.role"), r.text(given.get("bio"), f"{key}.bio"),
                  r.text(given.get("photo"), f"{key}.photo"), links, kind)


def _texts(r: Reader, node: Node | None, key: str, limit: int) -> tuple[str, ...]:
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        r.error(node.line, f"{key} must be a list", "write one '- ' line per entry")
        return ()
    if len(node.value) > limit:
        r.error(node.line, f"{key} has {len(node.value)} entries; at most {limit} are allowed")
        return ()
    return tuple(t for t in (r.text(item, key).strip() for item in node.value) if t)
