"""Publish an image as a responsive picture and write its markup.

``publish_picture`` checks the file like every published file
(``media.publish_media``) and, for JPEG, PNG, WebP and AVIF, publishes the
variants of ``render.pictures`` instead of the original: WebP at 480, 800
and 1200 px (never wider than the original) and one fallback of at most
800 px in the original format.  GIF and SVG are published unchanged.

``picture_html`` writes ``<picture>`` with a ``<source type="image/webp"
srcset=… sizes=…>`` and an ``<img>`` with ``width``/``height`` (layout
without shift); a lead image gets ``fetchpriority="high"``, every other
``loading="lazy" decoding="async"``.  ``body_pictures`` does the same for
the ``<img>`` tags of an article body: an image alone in its paragraph
becomes a ``<figure>`` with its caption and credit from the image title
(``![Alt](chart.png "Caption | Foto: Name")``, see README "Pictures").
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import posixpath
import re
from typing import Mapping

from markupsafe import Markup, escape

from sitegen.config.settings import Config
from sitegen.render.media import IMAGE_ROOT, Unpublishable, printable, publish_media
from sitegen.render.pictures import MIME, SIZES, DamagedImage, VariantStore, make_variants
from sitegen.render.views import ImageView
from sitegen.site.urls import PageKind, route

PASSED_THROUGH = (".svg", ".gif")
SOURCE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".avif": "AVIF"}
CREDIT_WORDS = ("Foto:", "Bild:", "Grafik:", "Illustration:", "Quelle:", "Karte:")
DECORATIVE = "-"  # ![-](ornament.png): a picture that says nothing, alt=""
_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')
_ALONE = re.compile(r'<p>(<img src="[^"]*" alt="[^"]*"(?: title="[^"]*")? />)</p>')


def publish_picture(config: Config, entry_path: str, target: str, alt: str, store: VariantStore | None,
                    share: bool = False) -> tuple[ImageView | None, dict[str, bytes], str, str]:
    """Publish ``target`` (as written in ``entry_path``) with its variants.

    Returns ``(view, files, message, hint)``: ``view`` None with the
    one-line problem of ``media.publish_media`` (missing, not an image,
    larger than 50 megapixels: "decompression bomb", …) or of pixels that
    cannot be decoded ("is not an image (it is damaged: …)"); ``files`` maps
    output paths to bytes.  ``share`` (lead images) also makes the widest
    variant in the fallback format, ``view.share_url``, for ``og:image`` and
    JSON-LD (not every reader of those takes WebP).
    """
    media, message, hint = publish_media(config, entry_path, target)
    if media is None:
        return None, {}, message, hint
    suffix = posixpath.splitext(media.output_path)[1].lower()
    if suffix in PASSED_THROUGH or suffix not in SOURCE_FORMATS:
        return ImageView(media.url, media.width, media.height, alt, share_url=media.url), \
            {media.output_path: media.data}, "", ""
    stem = posixpath.splitext(posixpath.basename(target))[0] or "bild"
    try:
        made = make_variants(media.data, stem, SOURCE_FORMATS[suffix], store, config.image_formats, share)
    except DamagedImage as exc:  # a truncated file passes Pillow's verify() and fails only when decoded
        return None, {}, f"image '{printable(target)}' is not an image (it is damaged: {exc})", Unpublishable("").hint
    files, urls = {}, {}
    for variant in (*made.modern, made.fallback, *((made.share,) if made.share else ())):
        published = route(config, PageKind.FILE, f"{IMAGE_ROOT}/{variant.name}")
        files[published.output_path], urls[variant.name] = variant.data, published.url
    sources = tuple((MIME[fmt], ", ".join(f"{urls[v.name]} {v.width}w" for v in made.modern if v.fmt == fmt))
                    for fmt in sorted(dict.fromkeys(v.fmt for v in made.modern), key=lambda f: f != "avif"))
    fallback = made.fallback
    return ImageView(urls[fallback.name], fallback.width, fallback.height, alt, sources=sources,
                     share_url=urls[made.share.name] if made.share else urls[fallback.name]), files, "", ""


def picture_html(view: ImageView, lead: bool = False, sizes: str = SIZES) -> Markup:
    """``<picture>`` markup of ``view`` (an ``<img>`` alone for GIF and SVG);
    ``sizes`` the displayed width (CSS lengths), the text column by default."""
    loading = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
    size = f' width="{view.width}" height="{view.height}"' if view.width and view.height else ""
    img = f'<img src="{escape(view.url)}" alt="{escape(view.alt)}"{size} {loading}>'
    if not view.sources:
        return Markup(img)
    sources = "".join(f'<source type="{mime}" srcset="{escape(srcset)}" sizes="{escape(sizes)}">'
                      for mime, srcset in view.sources)
    return Markup(f"<picture>{sources}{img}</picture>")


def caption_html(view: ImageView) -> Markup:
    """``<figcaption>`` with the caption and the credit (``<small class="credit">``)
    parted by " · " (it reads "Caption · Foto: Name" also without CSS), or "" when neither."""
    if not view.caption and not view.credit:
        return Markup("")
    parts = [str(escape(view.caption))] if view.caption else []
    if view.credit:
        parts.append(f'<small class="credit">{escape(view.credit)}</small>')
    return Markup(f"<figcaption>{' · '.join(parts)}</figcaption>")


def split_title(title: str) -> tuple[str, str]:
    """``"Caption | Foto: Name"`` → ("Caption", "Foto: Name"); a part starting
    with one of ``CREDIT_WORDS`` is the credit, the other the caption."""
    caption, credit = [], []
    for part in (p.strip() for p in title.split("|")):
        if part:
            (credit if part.startswith(CREDIT_WORDS) else caption).append(part)
    return " ".join(caption), " · ".join(credit)


def body_alt(alt: str) -> str:
    """The alt text an editor wrote, with the decorative marker ``-`` as ""."""
    return "" if alt.strip() == DECORATIVE else alt


def body_pictures(body: str, views: Mapping[str, ImageView]) -> str:
    """``body`` HTML with each ``<img>`` whose ``src`` is in ``views`` (by
    published URL) replaced by its ``<picture>``; an image alone in its
    paragraph becomes a ``<figure>`` with its caption and credit."""
    if not views:
        return body

    def picture(match: re.Match, alone: bool) -> str:
        view = views.get(html.unescape(match.group(1)))
        if view is None:
            return match.group(0)
        caption, credit = split_title(html.unescape(match.group(3) or ""))
        view = dataclasses.replace(view, alt=body_alt(html.unescape(match.group(2))), caption=caption, credit=credit)
        if not alone:  # no figure inside a sentence: the title stays the img's title, as written
            title = f' title="{match.group(3)}"' if match.group(3) else ""
            return str(picture_html(view)).replace("<img ", f"<img{title} ", 1)
        return f'<figure class="picture">{picture_html(view)}{caption_html(view)}</figure>'

    body = _ALONE.sub(lambda m: _IMG.sub(lambda i: picture(i, True), m.group(1)), body)
    return _IMG.sub(lambda m: picture(m, False), body)


def lead_pictures(entries, config: Config, store: VariantStore | None
                  ) -> tuple[dict[str, ImageView], dict[str, bytes], list]:
    """Publish each entry's ``image:`` with ``image_alt``, ``image_caption``
    and ``image_credit``; returns ({entry path: view}, files, problems at the
    ``image:`` line)."""
    from sitegen.problems import error
    views, files, problems = {}, {}, []
    for entry in entries:
        front = entry.front
        if not front.image:
            continue
        view, made, message, hint = publish_picture(config, entry.path, front.image, front.image_alt, store, True)
        if view is None:
            problems.append(error(entry.path, front.lines.get("image", 1), message, hint))
            continue
        files.update(made)
        views[entry.path] = dataclasses.replace(view, caption=front.image_caption, credit=front.image_credit)
    return views, files, problems


def with_pictures(page, views: Mapping[str, ImageView]):
    """``page`` (a ``PlannedPage``) with the lead pictures of the entries it
    shows in its fingerprint: a replaced image file with the same name
    changes the page's variant URLs, so the page must be rendered again."""
    shown = [repr(views[path]) for path in page.shows if path in views]
    if not shown:
        return page
    extra = hashlib.sha256(f"{page.fingerprint}|{shown}".encode()).hexdigest()
    return dataclasses.replace(page, fingerprint=extra)


_SOURCE = re.compile(r'<source type="[^"]*" srcset="[^"]*" sizes="[^"]*">')


def without_sources(body: str) -> str:
    """``body`` without the ``<source>`` elements of its pictures: feeds carry
    only the ``<img>`` fallback (feed readers drop ``srcset`` or cannot resolve
    its root-relative URLs)."""
    return _SOURCE.sub("", body)
