"""Publish files under content-hashed names: theme assets and images.

A file's published name carries the first 10 hex digits of the SHA-256 of
its bytes (``css/site.css`` → ``assets/css/site.3f2a9c01de.css``), so hosts
may cache it for a year and a changed file gets a new URL.  Images also get
their pixel size (Pillow) for ``width``/``height`` attributes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from PIL import Image, UnidentifiedImageError

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.problems import Problem, error
from sitegen.render.theme import Theme
from sitegen.site.urls import PageKind, route
from sitegen.render.views import ImageView

IMAGE_ROOT = "bilder"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}


@dataclass(frozen=True)
class MediaFile:
    """A published file: ``output_path``, root-relative ``url``, pixel size
    (0 when not an image or unknown) and ``data``."""

    output_path: str
    url: str
    width: int
    height: int
    data: bytes


def hashed_name(rel: str, data: bytes) -> str:
    """``css/site.css`` + bytes → ``css/site.<10 hex digits>.css``."""
    path = PurePosixPath(rel)
    digest = hashlib.sha256(data).hexdigest()[:10]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def static_files(theme: Theme, config: Config) -> tuple[dict[str, str], dict[str, bytes]]:
    """Fingerprint the theme's static files.

    Returns ``(names, files)``: ``names`` maps ``css/site.css`` to its
    published URL, ``files`` maps output paths to bytes.
    """
    names, files = {}, {}
    for rel, data in theme.static:
        published = route(config, PageKind.ASSET, hashed_name(rel, data))
        names[rel] = published.url
        files[published.output_path] = data
    return names, files


def publish_media(config: Config, entry_path: str, target: str, what: str = "image"
                  ) -> tuple[MediaFile | None, str, str]:
    """Publish the file ``target`` (as written in ``entry_path``'s front matter,
    body or the config) under ``/bilder/``: the one way every image and file
    from ``content/`` is published.  Looked up next to ``entry_path``, then
    in ``content/images/``.  Returns ``(media, message, hint)``: ``media`` is
    None with a one-line ``message`` and ``hint`` when the file is missing,
    unreadable or not a readable image; never raises."""
    found = find_in_content(config, entry_path, target)
    if found is None:
        return None, f"{what} '{target}' not found", "put the file next to the article or in content/images/"
    try:
        return media_file(found, config), "", ""
    except (OSError, ValueError) as exc:
        return None, str(exc), "save it as JPEG, PNG, WebP or SVG"


def media_file(source: Path, config: Config) -> MediaFile:
    """Publish one file from ``content/`` under ``/bilder/``; raises ``OSError``
    when it cannot be read and ``ValueError`` for an image Pillow cannot read."""
    data = source.read_bytes()
    width = height = 0
    if source.suffix.lower() in IMAGE_SUFFIXES - {".svg"}:
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
        except (UnidentifiedImageError, OSError) as exc:
            raise ValueError(f"{source.name} is not a readable image") from exc
    published = route(config, PageKind.FILE, f"{IMAGE_ROOT}/{hashed_name(source.name, data)}")
    return MediaFile(published.output_path, published.url, width, height, data)


def find_in_content(config: Config, entry_path: str, target: str) -> Path | None:
    """Find ``target`` next to the entry, then under ``content/images/``.

    Returns None when not found or when the path would leave ``content/``.
    """
    content = (config.root / "content").resolve()
    base = posixpath.dirname(entry_path)
    for candidate in (config.root / base / target, content / "images" / target):
        resolved = candidate.resolve()
        if resolved.is_file() and (resolved == content or content in resolved.parents):
            return resolved
    return None


def lead_images(entries: Iterable[Entry], config: Config) -> tuple[dict[str, ImageView], dict[str, bytes], list[Problem]]:
    """Publish each entry's ``image:``; returns ({entry path: view}, files, problems)."""
    views, files, problems = {}, {}, []
    for entry in entries:
        if not entry.front.image:
            continue
        media, message, hint = publish_media(config, entry.path, entry.front.image)
        if media is None:
            problems.append(error(entry.path, entry.front.lines.get("image", 1), message, hint))
            continue
        files[media.output_path] = media.data
        views[entry.path] = ImageView(media.url, media.width, media.height, entry.front.image_alt)
    return views, files, problems


def default_image(config: Config) -> tuple[str, dict[str, bytes], list[Problem]]:
    """Publish ``seo.default_image`` (a path below ``content/``); returns (URL, files, problems)."""
    rel = config.publishing.default_image
    if not rel:
        return "", {}, []
    media, message, hint = publish_media(config, "content/x.md", rel, "seo.default_image")
    if media is None:
        return "", {}, [error(config.file, 0, message.replace("not found", "not found below content/"),
                              "e.g. seo: {default_image: images/og-standard.png}" if "not found" in message else hint)]
    return media.url, {media.output_path: media.data}, []
