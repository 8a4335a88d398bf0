"""Links between posts and files referenced by posts, in converted bodies.

Links to old URLs of posts in the archive (site-absolute, or absolute on the
old site's host) and the link tags of each generator (Jekyll ``{% post_url %}``
and ``{% link %}``, Hugo ``{{< ref >}}``/``{{< relref >}}``, Hexo
``{% post_link %}``, Pelican ``{filename}``) become relative ``.md`` links to
the imported file, which the build resolves.  Site-absolute files that exist
in the archive's static folders (and relative files next to the post) are
copied next to the article and linked by name.  Other site-absolute links
(pages of the old site that are not posts) become absolute links to the old
site, so they keep working and the build does not stop on them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sitegen.content.slugs import slugify

MAX_ASSET_BYTES = 20_000_000
STATIC_ROOTS = {"wordpress": (),"jekyll": ("",), "hugo": ("static", "assets", "content"), "hexo": ("source",),
                "pelican": ("content",)}
_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"\s>%]+)\"?\s*[>%]\}\}")
_IN_LINK_REF = re.compile(r"\]\(\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"\s>%]+)\"?\s*[>%]\}\}")
_POST_LINK = re.compile(r"\{%\s*post_link\s+(\S+)(?:\s+(.*?))?\s*%\}")
_PELICAN = re.compile(r"[{|](filename|static|attach)[}|]([^)\s\"'>]+)")
_RESIZED = re.compile(r"-\d+x\d+(\.\w+)$")
_MD_TARGET = re.compile(r"(\]\()(<?)([^)\s>]+)(>?)((?:\s+\"[^\"]*\")?\))")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*<?)([^\s>]+)(.*)$", re.M)
_HTML_TARGET = re.compile(r"\b(href|src)=\"([^\"]+)\"")
WP_ID_KEYS = ("p", "page_id")


@dataclass
class Index:
    """All imported posts: ``by_url`` (normalised old site path → our path),
    ``by_source`` (source rel path → our path), ``by_stem`` (file name without
    extension → our path), ``titles`` (our path → title), ``hosts`` (the old
    site's host names), ``old_site`` (its URL, ``https://host``, or "")."""

    by_url: dict[str, str] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)
    by_stem: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    old_site: str = ""


def norm_url(path: str) -> str:
    """``/2013/11/22/x.html`` and ``/2013/11/22/x/index.html`` → ``/2013/11/22/x``."""
    path = unquote(path.split("#")[0].split("?")[0])
    for tail in ("index.html", "index.htm", ".html", ".htm", "/"):
        path = path.removesuffix(tail)
    return path or "/"


@dataclass
class Linker:
    """Rewrites the links of one post.  ``here`` is our path of the post
    (``content/news/x.md``), ``source`` its source rel path; ``assets`` collects
    ``{name next to the article: source file}``, ``absolute`` the old-site paths
    linked absolutely."""

    root: Path | None
    kind: str
    index: Index
    here: str
    source: str
    old: str = ""
    assets: dict[str, Path] = field(default_factory=dict)
    absolute: list[str] = field(default_factory=list)
    unknown_ids: list[str] = field(default_factory=list)

    def rewrite(self, text: str) -> str:
        """All link tags and link targets of prose ``text`` rewritten."""
        text = _POST_URL.sub(lambda m: self._to(self.index.by_stem.get(_stem(m.group(1)))) or m.group(0), text)
        text = _LINK.sub(lambda m: self._to(self.index.by_source.get(m.group(1).lstrip("/"))) or m.group(0), text)
        text = _IN_LINK_REF.sub(lambda m: ("](" + self._ref(m.group(1))) if self._ref(m.group(1)) else m.group(0),
                                text)
        text = _REF.sub(self._bare_ref, text)
        text = _POST_LINK.sub(self._post_link, text)
        text = _PELICAN.sub(lambda m: self._pelican(m.group(1), m.group(2)) or m.group(0), text)
        text = _MD_TARGET.sub(lambda m: m.group(1) + m.group(2) + self.target(m.group(3)) + m.group(4) + m.group(5),
                              text)
        text = _REF_DEF.sub(lambda m: m.group(1) + self.target(m.group(2)) + m.group(3), text)
        return _HTML_TARGET.sub(lambda m: f'{m.group(1)}="{self.target(m.group(2))}"', text)

    def target(self, url: str) -> str:
        """One link target: an old post URL → ``.md`` link, a file → its copy's name."""
        original, parts = url, urlsplit(url)
        by_id = self._wordpress_id(parts)
        if by_id:
            return by_id
        if parts.scheme in ("http", "https") and parts.hostname in self.index.hosts:
            url = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        elif url.startswith("#"):
            return _anchor(url[1:])
        elif parts.scheme or url.startswith("//") or not url:
            return url
        path, _, fragment = url.partition("#")
        anchor = _anchor(fragment) if fragment else ""
        if path.startswith("/"):
            found = self.index.by_url.get(norm_url(path))
            if found:
                return self._to(found) + anchor
            return self._asset_abs(path) or self._old_site(path, anchor) or original
        return self._relative(path, anchor) or self._old_relative(path, anchor) or original

    def _wordpress_id(self, parts) -> str:
        """A WordPress link by post id (``/?p=123``, ``/?page_id=45``, absolute on the old
        site or root-relative) → the imported post's ``.md`` link (its ``wp:post_id``); an id
        not in the export is kept (made absolute on the old site) and noted in ``unknown_ids``."""
        if self.kind != "wordpress" or parts.path not in ("", "/", "/index.php") or not parts.query:
            return ""
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("http", "https") or parts.hostname not in self.index.hosts:
                return ""
        query = parse_qs(parts.query)
        ids = [query[key][0] for key in WP_ID_KEYS if key in query and query[key][0].isdigit()]
        if not ids:
            return ""
        found = self.index.by_source.get(f"#{ids[0]}")
        if found:
            return self._to(found) + (_anchor(parts.fragment) if parts.fragment else "")
        self.unknown_ids.append(ids[0])
        if self.index.old_site and not parts.netloc:
            return self._old_site(f"/?{parts.query}", f"#{parts.fragment}" if parts.fragment else "")
        return ""

    def _old_site(self, path: str, anchor: str) -> str:
        """A page or file of the old site that is not in the archive: an absolute link to it
        there (an image there becomes a link to it in ``tags.remote_images_to_links``)."""
        if not self.index.old_site:
            return ""
        self.absolute.append(path)
        return self.index.old_site + path + anchor

    def _old_relative(self, path: str, anchor: str) -> str:
        """A relative link to an old-site page that is not in the archive, made absolute
        against this post's old URL (a ``.md`` link is one of ours and stays)."""
        if not self.old or not self.index.old_site or path.endswith(".md"):
            return ""
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.old.rstrip("/") + "/x"), path))
        return self._old_site(joined + ("/" if path.endswith("/") else ""), anchor)

    def _to(self, ours: str | None) -> str:
        if not ours:
            return ""
        return posixpath.relpath(ours, posixpath.dirname(self.here))

    def _ref(self, ref: str) -> str:
        path, _, fragment = ref.partition("#")
        path = path.lstrip("/")
        found = (self.index.by_source.get(f"content/{path}")
                 or self.index.by_source.get(posixpath.normpath(posixpath.join(posixpath.dirname(self.source), path)))
                 or self.index.by_stem.get(_stem(path)))
        return self._to(found) + (f"#{fragment}" if fragment and found else "")

    def _bare_ref(self, match: re.Match) -> str:
        """A ref outside a link prints its URL in Hugo; here it becomes a link named by the title."""
        found = self._ref(match.group(1))
        if not found:
            return match.group(0)
        ours = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), found.split("#")[0]))
        return f"[{self.index.titles.get(ours, match.group(1))}]({found})"

    def _post_link(self, match: re.Match) -> str:
        found = self.index.by_stem.get(_stem(match.group(1)))
        if not found:
            return match.group(0)
        title = (match.group(2) or "").strip().strip("\"'") or self.index.titles.get(found, match.group(1))
        return f"[{title}]({self._to(found)})"

    def _pelican(self, what: str, path: str) -> str:
        path, _, fragment = path.partition("#")
        base = "content" if path.startswith("/") else posixpath.dirname(self.source)
        rel = posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/")))
        if what == "filename" and rel in self.index.by_source:
            return self._to(self.index.by_source[rel]) + (_anchor(fragment) if fragment else "")
        return "" if fragment else self._copy(rel)

    def _relative(self, path: str, anchor: str) -> str:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), unquote(path)))
        if rel.startswith("../"):
            return ""
        if rel in self.index.by_source:
            return self._to(self.index.by_source[rel]) + anchor
        return self._copy(rel)

    def _asset_abs(self, path: str) -> str:
        if self.kind == "wordpress":
            return self._upload(unquote(path))
        for top in STATIC_ROOTS.get(self.kind, ("",)):
            name = self._copy(posixpath.normpath(posixpath.join(top, unquote(path).lstrip("/"))))
            if name:
                return name
        return ""

    def _upload(self, path: str) -> str:
        """A WordPress upload (``/wp-content/uploads/2020/01/x.png``) from ``--uploads``;
        a missing resized copy (``x-300x200.png``) falls back to the original."""
        if "/wp-content/uploads/" not in path:
            return ""
        rel = posixpath.normpath(path.split("/wp-content/uploads/", 1)[1])
        return self._copy(rel) or self._copy(_RESIZED.sub(r"\1", rel))

    def _copy(self, rel: str) -> str:
        """Register the archive file ``rel`` for copying; its name next to the article, or ""."""
        if self.root is None or rel.startswith("..") or rel.lower().endswith((".md", ".markdown", ".html", ".htm")):
            return ""
        path = self.root / rel
        if not _safe_file(self.root, path):
            return ""
        name = posixpath.basename(rel)
        if self.assets.get(name, path) != path:
            name = f"{posixpath.basename(posixpath.dirname(rel))}-{name}"
        self.assets[name] = path
        return name


def _safe_file(root: Path, path: Path) -> bool:
    """A regular, not too large file inside ``root`` reached without symlinks."""
    try:
        if root not in path.parents:
            return False
        probe = path
        while probe != root:
            if probe.is_symlink():
                return False
            probe = probe.parent
        return path.is_file() and path.stat().st_size <= MAX_ASSET_BYTES
    except (OSError, ValueError):
        return False


def _anchor(fragment: str) -> str:
    """``#Install-Hexo`` → ``#install-hexo``: the build's heading ids follow the slug rule."""
    better = slugify(unquote(fragment))
    return f"#{better or fragment}"


def _stem(ref: str) -> str:
    name = ref.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name
