"""Which posts a source site itself publishes, by each generator's rules.

Written apart from ``sitegen.importer`` so the count does not share its
mistakes.  Each ``SourcePost`` has ``key`` (the path below SOURCE, for
WordPress ``#post_id``: the importer's item key), ``published``, ``markup``
("md", "html", "wp" or "other") and ``body`` (the text after the front matter).

Rules: Jekyll — files named ``YYYY-MM-DD-x.ext`` below a ``_posts`` folder,
hidden by ``published: false`` or a date after now (``future: false``, the
default); Hugo — content files below ``content/`` except ``_index`` and
bundle resources, hidden by ``draft``, a date/publishDate after now
(``buildFuture: false``), an expiryDate before now, ``headless``; Hexo —
``source/_posts``, hidden by ``published: false`` (future posts are shown,
``future: true``); Pelican — files of the MARKUP kinds below ``content/``
outside ``pages/``, hidden by ``Status: draft|hidden`` (a ``{% notebook %}`` tag
counts as the notebook's text: its Markdown cells, code and text outputs); WordPress — items of
type ``post`` with status ``publish``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from lxml import etree

MD = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
SKIP = {".git", "node_modules", "_site", "public", "vendor", "themes", "output"}
_DATED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-.+\.\w+$")


@dataclass(frozen=True)
class SourcePost:
    key: str
    published: bool
    markup: str
    body: str


def source_posts(root: Path, kind: str, now: datetime) -> list[SourcePost]:
    """Every post of the archive at ``root`` and whether its generator publishes it at ``now``."""
    if kind == "wordpress":
        return _wordpress(root)
    files = sorted(p for p in root.rglob("*") if p.is_file() and not SKIP & set(p.relative_to(root).parts)
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    rels = [p.relative_to(root).as_posix() for p in files]
    chooser = {"jekyll": _jekyll, "hugo": _hugo, "hexo": _hexo, "pelican": _pelican}[kind]
    return [post for rel in rels if (post := chooser(root, rel, rels, now)) is not None]


def _markup(rel: str) -> str:
    lower = rel.lower()
    return "md" if lower.endswith(MD) else "html" if lower.endswith((".html", ".htm")) else "other"


def split(text: str, pelican: bool = False) -> tuple[dict, str]:
    """``(front matter as data, body)`` of a source file (YAML, TOML, JSON or Pelican lines)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].strip() in ("---", "+++"):
        fence = lines[0].strip()
        for end in range(1, len(lines)):
            if lines[end].rstrip() == fence:
                head, body = "\n".join(lines[1:end]), "\n".join(lines[end + 1:])
                return _data(head, fence), body
    if text.startswith("{"):
        try:
            data, end = json.JSONDecoder().raw_decode(text)
            return (data if isinstance(data, dict) else {}), text[end:]
        except ValueError:
            return {}, text
    if pelican:
        meta, index = {}, 0
        for index, line in enumerate(lines):
            match = re.match(r"^([A-Za-z][\w -]*):\s*(.*)$", line)
            if not match:
                break
            meta[match.group(1).strip().lower()] = match.group(2).strip()
        return meta, "\n".join(lines[index:])
    return {}, text


def _data(head: str, fence: str) -> dict:
    try:
        data = tomllib.loads(head) if fence == "+++" else yaml.safe_load(head)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
        return {}
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


def _when(value) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    match = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(value or ""))
    return datetime(*map(int, match.groups())) if match else None


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8", errors="replace")


def _false(value) -> bool:
    return str(value).strip().lower() in ("false", "no", "0")


def _jekyll(root, rel, rels, now):
    parts = rel.split("/")
    if "_posts" not in parts[:-1] or not _DATED.match(parts[-1]):
        return None
    meta, body = split(_read(root, rel))
    day = _when(meta.get("date")) or datetime(*map(int, _DATED.match(parts[-1]).groups()[:3]))
    shown = not _false(meta.get("published", True)) and day <= now
    return SourcePost(rel, shown, _markup(rel), body)


def _hugo(root, rel, rels, now):
    if not rel.startswith("content/") or _markup(rel) == "other" and not rel.endswith((".adoc", ".org", ".rst")):
        return None
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("_index."):
        return None
    folder = rel.rsplit("/", 1)[0]
    if not name.startswith("index.") and any(f"{folder}/".startswith(r.rsplit("/", 1)[0] + "/")
                                             for r in rels if r.rsplit("/", 1)[-1].startswith("index.")
                                             and r.startswith("content/") and r != rel):
        return None  # a resource of a page bundle, not a page
    meta, body = split(_read(root, rel))
    when = _when(meta.get("publishdate")) or _when(meta.get("date"))
    expired = _when(meta.get("expirydate"))
    build = meta.get("_build") or meta.get("build") or {}
    hidden = (str(meta.get("draft", "")).lower() == "true" or (when is not None and when > now)
              or (expired is not None and expired < now) or str(meta.get("headless", "")).lower() == "true"
              or isinstance(build, dict) and str(build.get("render", "")).lower() in ("never", "false"))
    return SourcePost(rel, not hidden, _markup(rel), body)


def _hexo(root, rel, rels, now):
    if not rel.startswith("source/_posts/") or _markup(rel) == "other":
        return None
    meta, body = split(_read(root, rel))
    return SourcePost(rel, not _false(meta.get("published", True)), _markup(rel), body)


def _pelican(root, rel, rels, now):
    kinds = _pelican_markup(root)
    if not rel.startswith("content/") or rel.startswith("content/pages/") or rel.rsplit(".", 1)[-1] not in kinds:
        return None
    meta, body = split(_read(root, rel), pelican=True)
    body = re.sub(r"\{%\s*notebook\s+(\S+?)(?:\s+cells\[(-?\d*):(-?\d*)\])?\s*%\}",
                  lambda m: _notebook(root, m.group(1), m.group(2), m.group(3)), body)
    return SourcePost(rel, str(meta.get("status", "")).lower() not in ("draft", "hidden"), _markup(rel), body)


def _notebook(root: Path, path: str, start: str, end: str) -> str:
    """What the notebook tag shows: Markdown cells, code and text outputs (as code blocks)."""
    for candidate in (root / "content" / path, root / "content" / "notebooks" / path):
        if candidate.is_file():
            data = json.loads(candidate.read_text(encoding="utf-8"))
            break
    else:
        return ""
    cells = data.get("cells") or data.get("worksheets", [{}])[0].get("cells", [])
    out = []
    for cell in cells[slice(int(start) if start else None, int(end) if end else None)]:
        join = lambda v: "".join(v) if isinstance(v, list) else (v or "")  # noqa: E731
        if cell.get("cell_type") == "markdown":
            out.append(join(cell.get("source")))
        elif cell.get("cell_type") == "code":
            out.append("```\n" + join(cell.get("source") or cell.get("input")) + "\n```")
            for output in cell.get("outputs", []):
                text = join(output.get("text")) or join(output.get("data", {}).get("text/plain"))
                if text:
                    out.append("```\n" + text + "\n```")
    return "\n\n".join(out)


def _pelican_markup(root: Path) -> tuple[str, ...]:
    conf = root / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8", errors="replace") if conf.is_file() else ""
    match = re.search(r"^MARKUP\s*=\s*[\[(]([^\])]*)", text, re.M)
    names = re.findall(r"['\"](\w+)['\"]", match.group(1)) if match else ["rst", "md", "markdown", "mkd", "mdown",
                                                                              "html", "htm"]
    return tuple(names) + (("markdown", "mkd", "mdown") if "md" in names else ())


def _wordpress(path: Path) -> list[SourcePost]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    found = []
    for item in root.iter("item"):
        fields = {etree.QName(c).localname: (c.text or "") for c in item if isinstance(c.tag, str)}
        if fields.get("post_type") != "post":
            continue
        body = next((c.text or "" for c in item if isinstance(c.tag, str) and etree.QName(c).localname == "encoded"
                     and "content" in (etree.QName(c).namespace or "")), "")
        found.append(SourcePost(f"#{fields.get('post_id', '')}", fields.get("status") == "publish", "wp", body))
    return found
