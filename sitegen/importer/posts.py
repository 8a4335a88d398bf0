"""Read and map every post of an archive (stage 1 of the import).

Each candidate file becomes an ``Item`` (our path, mapped front matter, old
URL, body) or a blocking ``Note`` saying why it cannot be imported.  Limits:
a file over ``MAX_FILE_BYTES`` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sitegen.content.slugs import slugify
from sitegen.importer import listing
from sitegen.importer.detect import Archive
from sitegen.importer.mapping import Mapped, Note, map_post
from sitegen.importer.permalinks import file_slug, old_url
from sitegen.importer.reading import ReadError, normalise, read_post
from sitegen.importer.when import When

MAX_FILE_BYTES = 2_000_000


@dataclass
class Item:
    """One post or page on its way in: ``source`` rel path in the archive,
    ``kind`` "article"/"page", ``mapped`` front matter, ``old`` URL (""),
    ``body`` and ``stem`` (our file name without ``.md``)."""

    source: str
    kind: str
    mapped: Mapped
    old: str
    body: str
    stem: str = ""
    out: str = ""
    notes: list[Note] = field(default_factory=list)


def read_items(archive: Archive) -> tuple[list[Item], list[tuple[str, Note]]]:
    """All importable items of ``archive`` and ``(source rel, Note)`` for each file refused."""
    items, refused = [], []
    for cand in listing.candidates(archive.root, archive.kind):
        item, note = _one(archive, cand)
        if item is None and note is not None:
            refused.append((cand.rel, note))
        elif item is None:
            continue
        else:
            items.append(item)
    name_items(items)
    return items, refused


def _one(archive: Archive, cand: listing.Candidate) -> tuple[Item | None, Note | None]:
    try:
        return _read_one(archive, cand)
    except OSError as exc:
        return None, Note(0, "unreadable", f"the file cannot be read: {exc.strerror or exc}",
                          "check that it exists and is readable, then import again", person=True, blocking=True)


def _read_one(archive: Archive, cand: listing.Candidate) -> tuple[Item | None, Note | None]:
    path = archive.root / cand.rel
    if archive.kind == "hugo" and cand.rel.rsplit("/", 1)[-1].startswith("_index."):
        return None, Note(0, "section list", "a Hugo section list page is not imported",
                          "the build makes its own lists (home, tags, archive); copy any text you need by hand")
    if cand.link:
        return None, Note(0, "symlink", "the file is a symbolic link and was not followed",
                          "copy the file itself into the archive and import again", person=True, blocking=True)
    if not cand.markdown:
        return None, Note(0, "not Markdown", f"'{path.suffix}' files are not imported",
                          "convert the file to Markdown by hand", person=True, blocking=True)
    if path.stat().st_size > MAX_FILE_BYTES:
        return None, Note(0, "too large", "the file is larger than 2 MB and was not imported",
                          "split it or shorten it, then import again", person=True, blocking=True)
    try:
        post = read_post(normalise(path.read_bytes()), pelican=archive.kind == "pelican",
                         hexo=archive.kind == "hexo")
    except UnicodeDecodeError:
        return None, Note(0, "not UTF-8", "the file is not UTF-8 text", "save it as UTF-8 and import again",
                          person=True, blocking=True)
    except ReadError as exc:
        return None, Note(exc.line, "unreadable front matter", exc.message, exc.hint, person=True, blocking=True)
    if not post.meta and cand.kind == "page" and archive.kind == "jekyll":
        return None, None
    mapped = map_post(post, cand.rel, archive.zone, comma_tags=archive.kind == "pelican")
    mapped.draft = mapped.draft or cand.draft
    if archive.kind == "jekyll" and cand.kind == "article":
        _add_path_categories(mapped, listing.jekyll_categories(cand.rel))
    kind = cand.kind
    if kind == "article" and mapped.when is None and archive.kind == "hugo":
        kind = "page"
    blocking = [n for n in mapped.notes if n.blocking]
    if blocking:
        return None, blocking[0]
    if kind == "article" and mapped.when is None and cand.draft:
        mapped.when = When(date.fromtimestamp(path.stat().st_mtime))
        mapped.notes.append(Note(1, "draft dated by file time", "the draft has no date; the file's date was used",
                                 "set the date before publishing", person=False))
    if kind == "article" and mapped.when is None:
        return None, Note(post.lines.get("date", 1), "no date", "the post has no date, neither in 'date:' nor in "
                          "its file name", "add date: 2024-04-25 to the source and import again",
                          person=True, blocking=True)
    if not mapped.title:
        mapped.title = file_slug(cand.rel).replace("-", " ").strip().capitalize() or "Ohne Titel"
        mapped.notes.append(Note(1, "title from file name", f"no title; '{mapped.title}' was made from the "
                                 "file name", "check the title", person=True))
    return Item(cand.rel, kind, mapped, old_url(archive, cand.rel, kind, mapped, post.meta), post.body,
                notes=list(mapped.notes)), None


def _add_path_categories(mapped: Mapped, folders: list[str]) -> None:
    """Jekyll's folder categories come first, then the front matter's (Jekyll
    merges both, ``Document#merge_categories!``); each is also a tag."""
    mapped.categories = list(dict.fromkeys([*folders, *mapped.categories]))
    mapped.tags = list(dict.fromkeys([*folders, *mapped.tags]))


def name_items(items: list[Item]) -> None:
    """Give each item a unique slug and file stem (``2024-04-25-slug`` for articles)."""
    taken: set[str] = set()
    for item in items:
        m = item.mapped
        base = m.slug or slugify(file_slug(item.source)) or slugify(m.title) or "beitrag"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        if slug != (m.slug or base):
            item.notes.append(Note(1, "slug changed", f"slug '{base}' is used by another post; '{slug}' is used",
                                   "check the slug"))
        m.slug = slug
        item.stem = f"{m.when.day.isoformat()}-{slug}" if item.kind == "article" else slug
