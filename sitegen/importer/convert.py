"""Turn read items into the files to write (stage 2 of the import).

Pass 1 finds each post's files to copy (a post with files becomes a folder
``content/news/<stem>/index.md`` with the files next to it, which the build
finds as relative images; others a single ``content/news/<stem>.md``).  Pass 2
converts the bodies with every post's new path known, so links between posts
become relative ``.md`` links.  Notes about what is left for a person are
counted on the written file's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.reading import _CONTROL
from sitegen.importer import emit, tags
from sitegen.importer.anchors import fix_fragments
from sitegen.importer.notebooks import expand_notebooks
from sitegen.importer.detect import Archive
from sitegen.importer.links import Index, Linker, norm_url
from sitegen.importer.mapping import Note
from sitegen.importer.permalinks import file_slug
from sitegen.importer.posts import Item

_EMPTY_ALT = re.compile(r"!\[\]\(|<img\b(?![^>]*\balt=\"[^\"]+\")[^>]*>")
_MISSING_IMAGE = re.compile(r"!\[[^\]]*\]\(<?/|<img\b[^>]*\bsrc=\"/")
_REMOTE_IMAGE = re.compile(r"\[Bild(?:: [^\]]*)?\](?:\(<?https?://|\[)")
FOLDERS = {"article": "content/news", "page": "content/pages"}


@dataclass
class Output:
    """One item ready to write: ``text`` of the ``.md`` file at ``item.out``
    and ``assets`` {our path: source file}."""

    item: Item
    text: str
    assets: dict[str, Path]


def convert_all(archive: Archive, items: list[Item], article_permalink: str = "/news/{slug}/") -> list[Output]:
    """Convert every item of ``archive``; see the module docstring.  An old URL
    equal to the post's new one (``article_permalink``, pages ``/{slug}/``) is no alias."""
    hosts = _hosts(archive.settings)
    for item in items:
        probe = _linker(archive, Index(hosts=hosts), item, "x/x.md")
        _body(probe, item.body)
        if item.mapped.image:
            probe.target(item.mapped.image)
        folder = FOLDERS[item.kind]
        item.out = f"{folder}/{item.stem}/index.md" if probe.assets else f"{folder}/{item.stem}.md"
    index = _index(archive, items)
    return fix_fragments([_convert(archive, index, item, article_permalink) for item in items])


def _linker(archive: Archive, index: Index, item: Item, here: str) -> Linker:
    return Linker(archive.root, archive.kind, index, here, item.source, item.old)


def _index(archive: Archive, items: list[Item]) -> Index:
    index = Index(hosts=_hosts(archive.settings), old_site=_old_site(archive.settings))
    for item in items:
        if item.old:
            index.by_url.setdefault(norm_url(item.old), item.out)
        for alias in item.mapped.aliases:
            index.by_url.setdefault(norm_url(alias), item.out)
        index.by_source[item.source] = item.out
        name = item.source.rsplit("/", 1)[-1]
        index.by_stem.setdefault(name.rsplit(".", 1)[0], item.out)
        index.by_stem.setdefault(file_slug(item.source), item.out)
        index.titles[item.out] = item.mapped.title
    return index


def _site_urls(settings: dict) -> list[str]:
    """The old site's URL settings (keys matched case-insensitively, as Hugo does)."""
    return [v for k, v in settings.items() if k.lower() in ("url", "baseurl", "siteurl") and isinstance(v, str)]


def _hosts(settings: dict) -> set[str]:
    hosts = set()
    for value in _site_urls(settings):
        if isinstance(value, str) and "://" in value:
            host = value.split("://", 1)[1].split("/", 1)[0].split(":")[0].lower()
            hosts |= {host, host.removeprefix("www."), "www." + host.removeprefix("www.")}
    return hosts


def _old_site(settings: dict) -> str:
    """The old site's URL without a trailing ``/`` (Jekyll ``url`` + ``baseurl``, Hugo
    ``baseURL``, Hexo ``url`` + ``root``, Pelican ``SITEURL``, WordPress ``<link>``), or ""."""
    for value in _site_urls(settings):
        if value.startswith(("http://", "https://")):
            parts = value.split("://", 1)
            return f"{parts[0]}://{parts[1].split('/', 1)[0]}"
    return ""


def _body(linker: Linker, body: str) -> str:
    parts = tags.prose_parts(tags.convert_blocks(body))
    text = tags.join_parts([(code, text if code else _prose(linker, text)) for code, text in parts])
    return tags.remote_ref_images_to_links(text)


def _prose(linker: Linker, text: str) -> str:
    return tags.remote_images_to_links(linker.rewrite(tags.convert_inline(text)))


def _convert(archive: Archive, index: Index, item: Item, article_permalink: str) -> Output:
    linker = _linker(archive, index, item, item.out)
    body = _body(linker, _with_notebooks(archive, item, _without_controls(item)))
    if linker.absolute:
        item.notes.append(Note(1, f"links to old-site pages not in the archive now point to {index.old_site}",
                               "", "import or recreate those pages, then change the links"))
    for post_id in dict.fromkeys(linker.unknown_ids):
        item.notes.append(Note(1, "link to a post not in the export", f"a link to WordPress post id {post_id} "
                               f"(?p={post_id}) names no post of this export; it still points to the old site",
                               "link the article by its .md file, or export that post too", person=True))
    m = item.mapped
    if m.image:
        m.image = linker.target(m.image)
        if not m.image_alt:
            item.notes.append(Note(1, "lead image without description", "the lead image has no description; "
                                   "kept as 'source_image'", "rename it to image: and add image_alt:", person=True))
    new = article_permalink if item.kind == "article" else "/{slug}/"
    new = _same(new.replace("{slug}", m.slug))
    aliases = [a for a in dict.fromkeys([*m.aliases, *([item.old] if item.old else [])]) if _same(a) != new]
    aliases = _usable_aliases(item, aliases)
    lines = emit.front_matter(m, item.kind, aliases)
    text = emit.document(lines, body)
    _body_notes(item, text, len(lines) + 4)
    folder = item.out.rsplit("/", 1)[0]
    return Output(item, text, {f"{folder}/{name}": path for name, path in sorted(linker.assets.items())})


def _with_notebooks(archive: Archive, item: Item, body: str) -> str:
    """Pelican notebook tags replaced by the notebook's cells (``notebooks``)."""
    if archive.kind != "pelican":
        return body
    body, pictures = expand_notebooks(archive.root, item.source, archive.settings, body)
    if pictures:
        item.notes.append(Note(1, "pictures of notebook outputs not imported",
                               f"{pictures} pictures of notebook outputs were not imported", person=False))
    return body


def _without_controls(item: Item) -> str:
    """The body without control characters the build refuses (``content.sources``):
    C1 bytes as their Windows-1252 letters (text decoded with the wrong code
    page: U+0092 → ’), vertical tab and form feed as line breaks, others removed;
    noted for the report."""
    found = _CONTROL.findall(item.body)
    if not found:
        return item.body
    names = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:3])
    item.notes.append(Note(1, "control characters replaced", f"invisible control characters ({names}) were replaced"))
    return _CONTROL.sub(_control_to_text, item.body)


def _control_to_text(match: re.Match) -> str:
    char = match.group()
    if char in "\x0b\x0c":
        return "\n"
    if "\x80" <= char <= "\x9f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


def _usable_aliases(item, aliases: list[str]) -> list[str]:
    """The aliases the build accepts (``site.redirects.alias_reason``); each
    other one is left out and listed for a person, so the import never writes
    a file the next build refuses."""
    from sitegen.site.redirects import alias_reason
    usable = []
    for alias in aliases:
        reason = alias_reason(alias)
        if reason:
            shown = alias if len(alias) <= 80 else alias[:79] + "…"
            item.notes.append(Note(1, "old URL not kept", f"the old URL {shown!r} is not kept as an alias: it {reason}",
                                   "add a redirect for it by hand if it is still linked", person=True))
        else:
            usable.append(alias)
    return usable


def _same(path: str) -> str:
    """A site path for comparing aliases: ``/x/``, ``/x`` and ``/x/index.html`` are one page."""
    return path.removesuffix("index.html").rstrip("/") or "/"


def _body_notes(item: Item, text: str, first_body_line: int) -> None:
    """Template tags left, images without alt text and remote images, on the written file's lines."""
    for line, tag in tags.leftover_tags(text):
        if line + 1 >= first_body_line:
            item.notes.append(Note(line + 1, "template tag kept", f"template tag '{_short(tag)}' is kept as text",
                                   "replace it with Markdown or delete it", person=True, blocking=False))
    for number, row in enumerate(text.split("\n")[first_body_line - 1:], first_body_line):
        if _EMPTY_ALT.search(row):
            item.notes.append(Note(number, "image without alt text", "an image has no alt text",
                                   "describe the picture in the [] of ![](…), for screen readers", person=True))
        if _MISSING_IMAGE.search(row):
            item.notes.append(Note(number, "image not in the archive", "an image was not found in the archive",
                                   "copy it next to the article and link it by name", person=True))
        if _REMOTE_IMAGE.search(row):
            item.notes.append(Note(number, "remote image", "an image from another site became a link to it "
                                   "(the site loads nothing from other hosts)", "put a copy next to the article "
                                   "and show it with ![…](name) (WordPress: import again with --uploads DIR)",
                                   person=True))


def _short(tag: str) -> str:
    return tag if len(tag) <= 60 else tag[:57] + "…"
