"""Author photos: config ``authors.<slug>.photo`` published through the picture pipeline.

A photo is a path below ``content/`` (looked up as ``seo.default_image`` is:
``content/`` then ``content/images/``), published like a lead image
(``render.responsive.publish_picture``: WebP variants, a fallback of at most
800 px, EXIF orientation applied, metadata stripped) with the alt text
"Porträt von <name>".  The author page shows it, ``/autoren/`` shows it small,
and JSON-LD ``Person``/``Organization`` of the author gets ``image`` (the
fallback's absolute URL).  Every page can show an author (bylines, JSON-LD),
so ``photos_key`` goes into the render key of all pages: a changed photo file
(same name, new bytes, new variant names) renders every page again, as a clean
build would.
"""

from __future__ import annotations

import hashlib
from typing import Mapping

from markupsafe import Markup

from sitegen.config.settings import Config
from sitegen.problems import Problem, error
from sitegen.render.pictures import VariantStore
from sitegen.render.responsive import picture_html, publish_picture
from sitegen.render.views import ImageView

PHOTO_SIZES = "8rem"  # the theme shows a photo at most 8rem (128 px) wide


def author_photos(config: Config, store: VariantStore | None
                  ) -> tuple[dict[str, ImageView], dict[str, bytes], list[Problem]]:
    """Publish the photo of every profile that names one: returns ({slug:
    view}, {output path: bytes}, problems).  A missing or unreadable photo is
    an error at the profile's line in the config file, e.g.
    ``config.yaml:76: authors.lena-brandt.photo 'lena.jpg' not found below
    content/ — put the file in content/images/ and write photo: images/lena.jpg``."""
    views: dict[str, ImageView] = {}
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for author in config.authors:
        if not author.photo:
            continue
        view, made, message, hint = publish_picture(config, "content/x.md", author.photo,
                                                    f"Porträt von {author.name}", store)
        if view is None:
            message = message.replace("image '", f"authors.{author.slug}.photo '", 1)
            if message.endswith("not found"):
                message, hint = message + " below content/", \
                    f"put the file in content/images/ and write photo: images/{author.photo.rsplit('/', 1)[-1]}"
            problems.append(error(config.file, _photo_line(config, author.slug), message, hint))
            continue
        views[author.slug] = view
        files.update(made)
    return views, files, problems


def photos_key(views: Mapping[str, ImageView]) -> str:
    """A digest of every published photo (its variant URLs carry the file's hash); "" without photos."""
    if not views:
        return ""
    return hashlib.sha256(repr(sorted(views.items())).encode()).hexdigest()


def photo_html(view: ImageView | None) -> Markup:
    """``<picture>`` of an author photo for the theme (``sizes`` 8rem, lazy), "" for None."""
    if view is None:
        return Markup("")
    return picture_html(view, sizes=PHOTO_SIZES)


def _photo_line(config: Config, slug: str) -> int:
    """The line of ``photo:`` inside the profile ``slug`` (the profile's line when not found)."""
    start = config.line_of(f"authors.{slug}")
    try:
        lines = (config.root / config.file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return start
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip()) if 0 < start <= len(lines) else 0
    for number in range(start + 1, min(len(lines), start + 60) + 1):
        text = lines[number - 1]
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break  # the next profile or section
        if text.strip().startswith("photo:"):
            return number
    return start
