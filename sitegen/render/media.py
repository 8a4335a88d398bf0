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
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from sitegen.config.settings import Config
from sitegen.problems import Problem, error
from sitegen.render.theme import Theme
from sitegen.site.urls import PageKind, route
from sitegen.render.pictures import MAX_PIXELS

IMAGE_ROOT = "bilder"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SVG_SCRIPT = re.compile(rb"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
# GitHub blocks files larger than 100 MiB (docs.github.com: "About large files on GitHub")
MAX_FILE_BYTES = 100 * 2**20
ONLY_CONTENT = "only files below content/ are published: put the file next to the article or in content/images/"


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
    in ``content/images/``; ``what`` names it in messages ("image", "link
    target", "seo.default_image"), and anything but "link target" must be a
    decodable image.  Returns ``(media, message, hint)``: ``media`` is None
    with a one-line ``message`` and ``hint`` when the path has a control
    character, leaves ``content/`` (also through a symlink), names a hidden
    file (a part starting with ``.``, never published, as in Hugo and
    Pelican), or the file is missing, unreadable or not an image; never raises."""
    shown = printable(target)
    found, message, hint = locate(config, entry_path, target, what)
    if found is None:
        return None, message, hint
    try:
        return media_file(found, config, image=what != "link target"), "", ""
    except Unpublishable as exc:
        return None, f"{what} '{shown}' {exc}", exc.hint
    except OSError as exc:
        return None, f"{what} '{shown}' cannot be read ({exc.strerror or exc})", "check the file's permissions"


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` (a NUL byte as ``\\x00``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def locate(config: Config, entry_path: str, target: str, what: str = "image") -> tuple[Path | None, str, str]:
    """Find ``target`` next to ``entry_path``, then under ``content/images/``.

    Returns ``(path, "", "")`` with the resolved file, or ``(None, message,
    hint)`` when the target is refused or missing (see ``publish_media``).
    """
    shown = printable(target)
    if _CONTROL.search(target):
        return None, f"{what} '{shown}' contains a control character", "remove it from the path"
    if target.startswith("/"):
        return None, f"{what} '{shown}' is an absolute path", "write it relative to the article or to content/images/"
    inside = [rel for rel in (posixpath.normpath(posixpath.join(posixpath.dirname(entry_path), target)),
                              posixpath.normpath(posixpath.join("content/images", target)))
              if rel.startswith("content/")]
    if not inside:
        return None, f"{what} '{shown}' points outside content/", ONLY_CONTENT
    if any(_hidden(rel) for rel in inside):
        return None, f"{what} '{shown}' is a hidden file (a name starting with '.') and is never published", \
            "rename it without the leading dot"
    folder = False
    for rel in inside:
        try:
            candidate = config.root / rel
            folder = folder or candidate.is_dir()
            if not candidate.is_file():
                continue
            resolved, content = candidate.resolve(), (config.root / "content").resolve()
        except (OSError, RuntimeError) as exc:  # name too long, symlink loop
            return None, f"{what} '{shown}' cannot be read ({getattr(exc, 'strerror', None) or exc})", \
                "shorten the file name (at most 255 bytes) or fix the symlink"
        if content not in resolved.parents:
            return None, f"{what} '{shown}' is a symlink to {resolved}, outside content/", \
                "copy the file into content/ instead of linking to it"
        if _hidden(resolved.relative_to(content).as_posix()):
            return None, f"{what} '{shown}' is a symlink to a hidden file ({resolved})", "link a file without a leading dot"
        return resolved, "", ""
    if folder:
        message = "is not an image (it is a folder)" if what != "link target" else "is a folder, not a file"
        return None, f"{what} '{shown}' {message}", "name a file in it, e.g. images/chart.png"
    return None, f"{what} '{shown}' not found", "put the file next to the article or in content/images/"


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in rel.split("/"))


class Unpublishable(ValueError):
    """A file that is not published; ``str()`` continues "image 'x.png' …", ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "save it as JPEG, PNG, GIF, WebP or SVG"):
        super().__init__(message)
        self.hint = hint


def read_limited(source: Path) -> bytes:
    """The bytes of ``source``; raises ``Unpublishable`` above ``MAX_FILE_BYTES``
    (before reading it) and ``OSError`` when it cannot be read."""
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unpublishable(f"is larger than {MAX_FILE_BYTES // 2**20} MiB ({size:,} bytes)",
                            "hosts such as GitHub Pages refuse files this large: link it from elsewhere")
    return source.read_bytes()


def media_file(source: Path, config: Config, image: bool = False) -> MediaFile:
    """Publish one file from ``content/`` under ``/bilder/``; raises ``OSError``
    when it cannot be read and ``Unpublishable`` when it is larger than
    ``MAX_FILE_BYTES`` or should be an image (``image``, or an image suffix)
    and is not: empty, no ``<svg`` in an SVG (or a script in it), or Pillow
    cannot open and verify it (more than ``Image.MAX_IMAGE_PIXELS`` pixels
    counts as not an image)."""
    data = read_limited(source)
    width = height = 0
    suffix = source.suffix.lower()
    if image or suffix in IMAGE_SUFFIXES:
        width, height = _image_size(data, suffix == ".svg")
    published = route(config, PageKind.FILE, f"{IMAGE_ROOT}/{hashed_name(source.name, data)}")
    return MediaFile(published.output_path, published.url, width, height, data)


def _image_size(data: bytes, svg: bool) -> tuple[int, int]:
    """(width, height) in pixels, (0, 0) for SVG; raises ``Unpublishable`` (also
    for an SVG with a script: served from our own host it could run there)."""
    if not data:
        raise Unpublishable("is not an image (the file is empty)")
    if svg:
        if b"<svg" not in data:
            raise Unpublishable("is not an image (there is no <svg> element in it)")
        if _SVG_SCRIPT.search(data):
            raise Unpublishable("contains a script (<script>, an on…= handler or a javascript: link), "
                                "which a browser runs when the file is opened",
                                "remove the script from the SVG, or save it as PNG")
        return 0, 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                size = opened.size
                if size[0] * size[1] > MAX_PIXELS:
                    raise Unpublishable(f"has {size[0]}×{size[1]} pixels, more than {MAX_PIXELS // 10**6} megapixels: "
                                        "refused as a possible decompression bomb",
                                        f"scale it down to at most {MAX_PIXELS // 10**6} megapixels, e.g. 2400 px wide")
                opened.verify()
    except Unpublishable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unpublishable(f"has more than {Image.MAX_IMAGE_PIXELS:,} pixels: refused as a possible decompression "
                            "bomb", f"scale it down to at most {MAX_PIXELS // 10**6} megapixels, e.g. 2400 px wide") from exc
    except UnidentifiedImageError as exc:
        raise Unpublishable("is not an image (its bytes are not JPEG, PNG, GIF or WebP data)") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise Unpublishable(f"is not an image (it is damaged: {exc})") from exc
    return size


def default_image(config: Config) -> tuple[str, dict[str, bytes], list[Problem]]:
    """Publish ``seo.default_image`` (a path below ``content/``); returns (URL,
    files, problems), a problem at the key's line in the config file."""
    rel = config.publishing.default_image
    if not rel:
        return "", {}, []
    media, message, hint = publish_media(config, "content/x.md", rel, "seo.default_image")
    if media is None:
        if message.endswith("not found"):
            message, hint = message + " below content/", "e.g. seo: {default_image: images/og-standard.png}"
        return "", {}, [error(config.file, config_line(config, "default_image"), message, hint)]
    return media.url, {media.output_path: media.data}, []


def config_line(config: Config, key: str) -> int:
    """The 1-based line of the config file where ``key:`` first appears, 0 if none."""
    try:
        text = (config.root / config.file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    pattern = re.compile(rf"(^|[\s{{,]){re.escape(key)}\s*:")
    return next((number for number, line in enumerate(text.splitlines(), 1) if pattern.search(line)), 0)
