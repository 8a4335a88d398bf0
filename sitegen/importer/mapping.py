"""Their front matter keys to ours.

Keys are matched case-insensitively (Hugo's ``Title``/``Aliases``).  Dates:
``date`` (Pelican ``Date``), else the file or folder name's date; a later
``publishDate`` wins (Hugo publishes then), the other is kept as
``created``; ``lastmod``/``updated``/``modified``/``last_modified_at`` →
``updated`` (dropped to ``lastmod`` when before the date); ``expiryDate`` →
``expires``.  ``description``/``summary``/``excerpt`` → ``summary``.  ``aliases`` (Hugo) and
``redirect_from`` (jekyll-redirect-from) → ``aliases`` as site paths.
``tags``, ``categories``, ``category`` → ``tags``; a single string is one tag,
except in Pelican, whose ``Tags:`` header is comma-separated.  ``draft``,
``published: false`` and ``status: draft`` → ``draft: true``.  Empty values
are dropped; every other key is kept as it is (the build keeps it in extras).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.content.slugs import slugify
from sitegen.importer.reading import Post
from sitegen.importer.when import DateShapeError, When, name_date, parse_when

TAG_KEYS = ("tags", "categories", "category")
UPDATED_KEYS = ("lastmod", "updated", "modified", "last_modified_at")
SUMMARY_KEYS = ("description", "summary", "excerpt")
IMAGE_KEYS = ("image", "cover", "featured_image", "thumbnail")
USED = {"title", "date", "publishdate", "expirydate", "expires", "slug", "draft", "published", "status",
        "author", "authors", "aliases", "redirect_from", "image_alt", *TAG_KEYS, *UPDATED_KEYS, *SUMMARY_KEYS, *IMAGE_KEYS}


@dataclass
class Note:
    """Something the report lists: ``line`` in the source, ``kind`` (the
    summary group), ``message`` and ``hint``; ``person`` True when an editor
    must act."""

    line: int
    kind: str
    message: str
    hint: str = ""
    person: bool = False
    blocking: bool = False


@dataclass
class Mapped:
    """A post's front matter in our terms (values already typed)."""

    title: str = ""
    when: When | None = None
    updated: When | None = None
    expires: When | None = None
    created: When | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary: str = ""
    author: str = ""
    slug: str = ""
    draft: bool = False
    image: str = ""
    image_alt: str = ""
    aliases: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def map_post(post: Post, rel: str, zone, comma_tags: bool = False) -> Mapped:
    """Map ``post`` (read from the archive path ``rel``); naive times are in ``zone``
    (a ``ZoneInfo``); ``comma_tags`` splits a tag string at commas (Pelican)."""
    meta = {k.lower(): v for k, v in post.meta.items() if not _empty(v)}
    line = {k.lower(): n for k, n in post.lines.items()}
    out = Mapped(notes=[Note(line.get(k.lower(), 1), "duplicate key", f"'{k}' is given twice; the last value is used",
                             "check that the right one was imported") for k in post.duplicates])
    out.title = " ".join(_text(meta.get("title")).split())
    out.extra = {k: v for k, v in post.meta.items() if k.lower() not in USED and not _empty(v)}
    _dates(out, meta, line, rel, zone)
    for key in TAG_KEYS:
        values = _list(meta.get(key), comma_tags)
        (out.categories if key in ("categories", "category") else []).extend(values)
        out.tags.extend(v for v in values if v not in out.tags)
    out.summary = next((" ".join(_text(meta[k]).split()) for k in SUMMARY_KEYS if k in meta), "")
    authors = _list(meta.get("author") or meta.get("authors"), comma=False)
    out.author = ", ".join(authors)
    out.slug = slugify(_text(meta.get("slug")))
    out.draft = _is_draft(meta)
    image_key = next((k for k in IMAGE_KEYS if isinstance(meta.get(k), str)), "")
    out.image, out.image_alt = _text(meta.get(image_key)), _text(meta.get("image_alt"))
    out.aliases = [_site_path(a) for a in (*_list(meta.get("aliases"), comma=False),
                                          *_list(meta.get("redirect_from"), comma=False))]
    for group in (SUMMARY_KEYS, UPDATED_KEYS, ("author", "authors")):
        for key in [k for k in group if k in meta][1:]:
            out.extra[f"source_{key}"] = meta[key]
    for key in IMAGE_KEYS:
        if key in meta and key != image_key:
            out.extra[f"source_{key}"] = meta[key]
    return out


def _dates(out: Mapped, meta: dict, line: dict, rel: str, zone) -> None:
    parsed: dict[str, When] = {}
    for key in ("date", "publishdate", "expirydate", "expires", *UPDATED_KEYS):
        if key in meta:
            try:
                parsed[key] = parse_when(meta[key], zone)
            except DateShapeError:
                day = name_date(rel) if key == "date" else None
                if day is not None:
                    parsed[key] = When(day)
                out.notes.append(Note(line.get(key, 1), "unreadable date", f"'{key}: {meta[key]}' is not a date"
                                      + ("; the date in the file name was used" if day else ""),
                                      "check the date" if day else
                                      "write it as 2024-04-25 14:48 in the source and import again",
                                      person=True, blocking=key == "date" and day is None))
    when = parsed.get("date")
    if when is not None and when.skipped:
        out.notes.append(Note(line.get("date", 1), "time in the summer-time gap", f"'{meta['date']}' does not exist "
                              "(clocks skip that hour); read as winter time", "check the time"))
    if when is None and "date" not in meta:
        day = name_date(rel)
        when = When(day) if day else None
    publish = parsed.get("publishdate")
    if publish and (when is None or publish.sort_key() > when.sort_key()):
        out.created, when = when, publish
    out.when = when
    out.expires = parsed.get("expirydate") or parsed.get("expires")
    updated = next((parsed[k] for k in UPDATED_KEYS if k in parsed), None)
    if updated and when and updated.sort_key() < when.sort_key():
        out.notes.append(Note(line.get("lastmod", 1), "update before date", "the last update is before the date; "
                              "kept as 'lastmod'", "check both dates"))
        out.extra["lastmod"] = meta[next(k for k in UPDATED_KEYS if k in parsed)]
    elif updated:
        out.updated = updated


def _site_path(alias: str) -> str:
    """An alias as a site path: ``old/x/`` → ``/old/x/``; ``https://host/old/x/`` → ``/old/x/``."""
    if "://" in alias:
        alias = "/" + alias.split("://", 1)[1].partition("/")[2]
    return "/" + alias.lstrip("/")


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict)) and not value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("title") or "")
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def _list(value: Any, comma: bool) -> list[str]:
    """Tags as a list of non-empty strings; a string is one tag unless ``comma``."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [_text(v) for v in value]
    elif comma and isinstance(value, str):
        items = value.split(",")
    else:
        items = [_text(value)]
    return [" ".join(i.split()) for i in items if i and i.strip()]


def _is_draft(meta: dict) -> bool:
    draft = str(meta.get("draft", "")).strip().lower() in ("true", "yes", "1")
    unpublished = str(meta.get("published", "")).strip().lower() in ("false", "no", "0")
    status = str(meta.get("status", "")).strip().lower() in ("draft", "private", "pending")
    return draft or unpublished or status
