"""``images.formats``: which modern formats the picture variants are made in.

WebP always (every current browser reads it); AVIF only when asked for
(``images: {formats: [webp, avif]}``) — smaller files, but slower to encode
— and only when this Pillow can write it (``PIL.features.check("avif")``).
"""

from __future__ import annotations

from sitegen.config.reader import Reader
from sitegen.config.yamltext import Node

FORMATS = ("webp", "avif")
DEFAULT = ("webp",)


def image_formats(r: Reader, node: Node | None) -> tuple[str, ...]:
    """The formats of ``images.formats`` in the order written, WebP included;
    an error at its line for an unknown or duplicate name, or AVIF when
    Pillow cannot encode it (``DEFAULT`` in their place)."""
    images = r.mapping(node, "images", {"formats"})
    formats = images.get("formats")
    if formats is None:
        return DEFAULT
    if not isinstance(formats.value, list):
        r.error(formats.line, "images.formats must be a list of formats", "e.g. images: {formats: [webp, avif]}")
        return DEFAULT
    if not formats.value:
        r.error(formats.line, "images.formats must name at least one format", "e.g. formats: [webp]")
        return DEFAULT
    chosen: list[str] = []
    for item in formats.value:
        name = item.value.strip().lower() if isinstance(item.value, str) else ""
        if name not in FORMATS or name in chosen:
            r.error(item.line, f"images.formats: {str(item.value)[:40]!r} is not a format we make, or is repeated",
                    f"use each of {', '.join(FORMATS)} at most once")
            return DEFAULT
        chosen.append(name)
    if "avif" in chosen and not _avif():
        r.error(formats.line, "images.formats: this Pillow cannot write AVIF",
                "install a Pillow built with libavif (11.2 or later), or remove avif")
        return DEFAULT
    return tuple(dict.fromkeys(["webp", *chosen]))


def _avif() -> bool:
    from PIL import features
    return bool(features.check("avif"))
