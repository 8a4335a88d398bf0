"""Authors for templates and JSON-LD: bylines, author pages, ``Person``/``Organization``.

Profiles come from config ``authors:`` (``config/newsroom.py``); an article
names them with ``authors:`` (slugs, checked in ``site/disclosure.py``).
Plain ``author:`` text keeps working: a desk's name ("Redaktion",
"Redaktion Wirtschaft", or config ``seo.publisher``) is typed
``Organization`` in JSON-LD, any other name ``Person`` (schema.org
``author``: Person or Organization).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from sitegen.config.newsroom import Author
from sitegen.config.settings import Config
from sitegen.site.urls import PageKind, absolute_url, route

if TYPE_CHECKING:
    from sitegen.render.views import ImageView

DESK = "Redaktion"


@dataclass(frozen=True)
class AuthorLink:
    """An author for bylines and pages: ``slug``, ``name``, ``url`` (root-
    relative author page), ``role``, ``bio``, ``links`` (sameAs URLs),
    ``kind`` ("person" or "organization"), ``count`` of shown articles
    (0 where not counted) and ``photo`` (``render/authorphotos.py``) or None."""

    slug: str
    name: str
    url: str
    role: str = ""
    bio: str = ""
    links: tuple[str, ...] = ()
    kind: str = "person"
    count: int = 0
    photo: "ImageView | None" = None

    def photo_markup(self):
        """``<picture>`` of the photo for the theme ("" without one; ``render/authorphotos.py``)."""
        from sitegen.render.authorphotos import photo_html
        return photo_html(self.photo)


def author_link(author: Author, config: Config, count: int = 0, photo: "ImageView | None" = None) -> AuthorLink:
    """The ``AuthorLink`` of one profile."""
    return AuthorLink(author.slug, author.name, route(config, PageKind.AUTHOR, author.slug).url, author.role,
                      author.bio, author.links, author.kind, count, photo)


def author_links(slugs: tuple[str, ...], config: Config, photos: Mapping[str, "ImageView"] | None = None
                 ) -> tuple[AuthorLink, ...]:
    """The links of ``slugs`` in their order (unknown slugs, already reported, are left out), with
    their published ``photos`` ({slug: view})."""
    profiles, photos = {a.slug: a for a in config.authors}, photos or {}
    return tuple(author_link(profiles[s], config, photo=photos.get(s)) for s in slugs if s in profiles)


def is_desk(name: str, config: Config) -> bool:
    """True for a desk's name: "Redaktion", "Redaktion …", or ``seo.publisher``/the site title."""
    folded = name.strip().casefold()
    publisher = (config.publishing.publisher or config.title).casefold()
    return folded == DESK.casefold() or folded.startswith(DESK.casefold() + " ") or folded == publisher


def author_json_ld(bylines: tuple[AuthorLink, ...], author: str, config: Config) -> dict | list:
    """schema.org ``author`` of an article: from its profiles (``url`` the
    absolute author page, ``sameAs`` the profile links), else from the
    plain ``author:`` text, else the publisher as ``Organization``; ``image``
    is the absolute URL of the author's photo (its fallback variant)."""
    if bylines:
        made = []
        for link in bylines:
            item = {"@type": "Organization" if link.kind == "organization" else "Person", "name": link.name,
                    "url": absolute_url(config, link.url)}
            if link.links:
                item["sameAs"] = list(link.links)
            if link.photo is not None:
                item["image"] = absolute_url(config, link.photo.url)
            made.append(item)
        return made[0] if len(made) == 1 else made
    if not author:
        return {"@type": "Organization", "name": config.publishing.publisher or config.title}
    return {"@type": "Organization" if is_desk(author, config) else "Person", "name": author}
