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


class DamagedImage(ValueError):
    """Pillow could read the header but not decode the pixels (a truncated or
    corrupt file); ``str()`` is Pillow's reason, e.g. "image file is truncated"."""


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
    Decodes every pixel before anything is encoded; raises ``DamagedImage``
    when Pillow cannot (``media`` only checks the header and the structure)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DamagedImage(str(exc) or type(exc).__name__) from exc
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


def plan(data: bytes, source_format: str, formats: tuple[str, ...] = ("webp",), share: bool = False
         ) -> tuple[tuple[int, str], ...]:
    """The (width, format) of every variant ``make_variants`` makes of ``data``:
    ``formats`` at each target width, the widest in the fallback format when
    ``share``, and the fallback last."""
    width, _, alpha = header(data)
    fallback = "png" if alpha or source_format == "PNG" else "jpeg"
    widths = target_widths(width)
    chosen = [(w, fmt) for fmt in formats for w in widths]
    chosen += [(widths[-1], fallback)] if share else []
    return (*chosen, (min(FALLBACK_WIDTH, width), fallback))


def encode_all(data: bytes, wanted: list[tuple[int, str]],
               encoder: Callable[[Image.Image, int, str], bytes] = encode) -> list[bytes]:
    """The bytes of each (width, format) in ``wanted``, decoding ``data`` once;
    raises ``DamagedImage`` when the pixels cannot be decoded."""
    picture = oriented(data)
    return [encoder(picture, width, fmt) for width, fmt in wanted]


def make_variants(data: bytes, stem: str, source_format: str, store: VariantStore | None,
                  formats: tuple[str, ...] = ("webp",), share: bool = False,
                  encoder: Callable[[Image.Image, int, str], bytes] = encode) -> Variants:
    """Every variant of the raster image ``data`` (file stem ``stem``, Pillow
    format name ``source_format``), taken from ``store`` where present and
    encoded with ``encoder`` otherwise (then put into ``store``).  Raises
    ``DamagedImage`` for undecodable pixels (nothing is put into ``store``)."""
    digest = hashlib.sha256(data).hexdigest()
    wanted = plan(data, source_format, formats, share)
    keys = [variant_key(digest, width, fmt) for width, fmt in wanted]
    found = {key: store.get(key) if store is not None else None for key in keys}
    missing = [(spec, key) for spec, key in zip(wanted, keys) if found[key] is None]
    if missing:
        for (spec, key), made in zip(missing, encode_all(data, [spec for spec, _ in missing], encoder)):
            found[key] = made
            if store is not None:
                store.put(key, made)
    width, height = header(data)[:2]
    made = [Variant(f"{stem}.{key[:10]}-w{w}{SUFFIX[fmt]}", fmt, w, max(1, round(height * w / width)), found[key])
            for (w, fmt), key in zip(wanted, keys)]
    modern = tuple(made[:len(formats) * len(target_widths(width))])
    return Variants(modern, made[-1], made[-2] if share else None)


def header(data: bytes) -> tuple[int, int, bool]:
    """(width, height, has transparency) after the EXIF orientation, read from
    the file's header without decoding the pixels."""
    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
        turned = opened.getexif().get(0x0112) in (5, 6, 7, 8)
        alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
    return (height, width, alpha) if turned else (width, height, alpha)
