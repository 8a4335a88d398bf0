"""Responsive variants of one raster image (Pillow): WebP at a few widths and
one fallback in the original format.

Widths are ``WIDTHS`` (480, 800, 1200) no wider than the original, plus the
original width when it is narrower than 1200 — never upscaled.  The
fallback (the ``<img src>`` for browsers without WebP) is at most
``FALLBACK_WIDTH`` wide: JPEG, or PNG when the picture has transparency or
was a PNG.  Before scaling, the EXIF orientation is applied
(``ImageOps.exif_transpose``); every variant is saved without EXIF, XMP or
text chunks (GPS positions never leave the newsroom), with fixed encoder
settings, so the same source gives the same bytes on every run.

A variant's name carries the first 10 hex digits of the SHA-256 of the
source bytes, the width, the format and ``ENCODER`` (``chart.3f2a9c01de-w800.webp``);
its bytes are kept in the store (``store.images``), so a rebuild re-encodes
nothing.  GIF and SVG are not handled here (``render.media`` publishes them
unchanged).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Callable, Protocol

from PIL import Image, ImageOps, __version__ as PILLOW_VERSION

WIDTHS = (480, 800, 1200)
FALLBACK_WIDTH = 800
QUALITY = {"webp": 80, "jpeg": 82, "avif": 60}
MIME = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}
SUFFIX = {"webp": ".webp", "avif": ".avif", "jpeg": ".jpg", "png": ".png"}
ENCODER = f"pillow-{PILLOW_VERSION}|q{sorted(QUALITY.items())}|lanczos|webp-m4|avif-s6"
# 50 megapixels: far more than any camera picture a news site needs; Pillow's own
# guard (Image.MAX_IMAGE_PIXELS, ~89 MP) only warns below twice that size
MAX_PIXELS = 50_000_000
SIZES = "(min-width: 800px) 760px, 100vw"  # the theme's text column is at most 760 px wide


class VariantStore(Protocol):
    """Where encoded variants are kept between builds (``store.images.VariantCache``)."""

    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class Variant:
    """One encoded file: ``name`` (file name without folder), ``fmt`` ("webp",
    "jpeg", …), pixel ``width``/``height`` and ``data``."""

    name: str
    fmt: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Variants:
    """All variants of one source: ``modern`` (WebP, narrowest first), the
    ``fallback`` and, when asked for, ``share``: the widest in the fallback
    format (for ``og:image``)."""

    modern: tuple[Variant, ...]
    fallback: Variant
    share: Variant | None = None


def target_widths(width: int) -> tuple[int, ...]:
    """The widths made of an image ``width`` px wide: ``WIDTHS`` up to it, plus
    ``width`` itself when below the largest (600 → (480, 600); 2400 → (480, 800, 1200))."""
    chosen = {w for w in WIDTHS if w <= width}
    if width < WIDTHS[-1]:
        chosen.add(width)
    return tuple(sorted(chosen))


def oriented(data: bytes) -> Image.Image:
    """The decoded picture with its EXIF orientation applied, in RGB or RGBA.
    Raises what Pillow raises for bad data (the caller checked the file first)."""
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        picture = ImageOps.exif_transpose(opened)
    alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    return picture.convert("RGBA" if alpha else "RGB")


def encode(picture: Image.Image, width: int, fmt: str) -> bytes:
    """``picture`` scaled to ``width`` px (Lanczos, height kept in proportion)
    and saved as ``fmt`` without any metadata; deterministic."""
    height = max(1, round(picture.height * width / picture.width))
    scaled = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
    clean = Image.new(scaled.mode, scaled.size)
    clean.paste(scaled)  # a new image: no info, EXIF, XMP or ICC carried over
    if fmt == "jpeg" and clean.mode != "RGB":
        clean = clean.convert("RGB")
    out = io.BytesIO()
    options = {"webp": {"quality": QUALITY["webp"], "method": 4},
               "avif": {"quality": QUALITY["avif"], "speed": 6, "max_threads": 1},
               "jpeg": {"quality": QUALITY["jpeg"], "optimize": True, "progressive": True},
               "png": {"optimize": False, "compress_level": 9}}[fmt]
    clean.save(out, format=fmt.upper(), **options)
    return out.getvalue()


def variant_key(digest: str, width: int, fmt: str) -> str:
    """The store key of one variant: source SHA-256, width, format and ``ENCODER``."""
    return hashlib.sha256(f"{digest}|{width}|{fmt}|{ENCODER}".encode()).hexdigest()


def make_variants(data: bytes, stem: str, source_format: str, store: VariantStore | None,
                  formats: tuple[str, ...] = ("webp",), share: bool = False,
                  encoder: Callable[[Image.Image, int, str], bytes] = encode) -> Variants:
    """Every variant of the raster image ``data`` (file stem ``stem``, Pillow
    format name ``source_format``), taken from ``store`` where present and
    encoded with ``encoder`` otherwise (then put into ``store``).  Raises what
    Pillow raises for undecodable data."""
    digest = hashlib.sha256(data).hexdigest()
    picture: list[Image.Image] = []  # decoded only when a variant is missing
    size = header(data)

    def one(width: int, fmt: str) -> Variant:
        key = variant_key(digest, width, fmt)
        found = store.get(key) if store is not None else None
        if found is None:
            if not picture:
                picture.append(oriented(data))
            found = encoder(picture[0], width, fmt)
            if store is not None:
                store.put(key, found)
        height = max(1, round(size[1] * width / size[0]))
        name = f"{stem}.{key[:10]}-w{width}{SUFFIX[fmt]}"
        return Variant(name, fmt, width, height, found)

    fallback_fmt = "png" if size[2] or source_format == "PNG" else "jpeg"
    widths = target_widths(size[0])
    modern = tuple(one(w, fmt) for fmt in formats for w in widths)
    shared = one(widths[-1], fallback_fmt) if share else None
    return Variants(modern, one(min(FALLBACK_WIDTH, size[0]), fallback_fmt), shared)


def header(data: bytes) -> tuple[int, int, bool]:
    """(width, height, has transparency) after the EXIF orientation, read from
    the file's header without decoding the pixels."""
    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
        turned = opened.getexif().get(0x0112) in (5, 6, 7, 8)
        alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
    return (height, width, alpha) if turned else (width, height, alpha)
