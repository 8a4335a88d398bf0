"""Each post's URL on the old site, from the source generator's permalink rules.

Jekyll ``permalink:`` (styles ``date``, ``pretty``, ``ordinal``, ``none`` or a
pattern with ``:year``, ``:month``, ``:day``, ``:title``, ``:slug``,
``:categories``…; jekyllrb.com/docs/permalinks), Hugo ``[permalinks]`` per
section (``:year``, ``:month``, ``:day``, ``:slug``, ``:title``,
``:filename``, ``:section``; default ``/section/filename/``), Hexo
``permalink:`` (default ``:year/:month/:day/:title/``), Pelican
``ARTICLE_URL``/``PAGE_URL`` (default ``{slug}.html`` / ``pages/{slug}.html``).
A post's own ``permalink:`` (Jekyll, Hexo) or ``url:`` (Hugo) wins.  Dates
in URLs are the source site's wall time.
"""

from __future__ import annotations

import re
from datetime import date

from slugify import slugify as ascii_slug

from sitegen.importer.detect import Archive
from sitegen.importer.mapping import Mapped

JEKYLL_STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext",
                 "pretty": "/:categories/:year/:month/:day/:title/",
                 "ordinal": "/:categories/:year/:y_day/:title:output_ext",
                 "none": "/:categories/:title:output_ext"}
_NAME_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_TOKEN = re.compile(r":([a-z_]+)")
_PELICAN_TOKEN = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def file_slug(rel: str) -> str:
    """The name part of a source path: ``_posts/2001-01-18-x.md`` → ``x``;
    ``content/posts/y/index.md`` → ``y``."""
    parts = rel.split("/")
    name = parts[-1].rsplit(".", 1)[0]
    if name in ("index", "_index") and len(parts) > 1:
        name = parts[-2]
    return _NAME_DATE.sub("", name)


def old_url(archive: Archive, rel: str, kind: str, mapped: Mapped, meta: dict) -> str:
    """The site path (``/2013/11/22/x.html``) the post had; "" when unknown."""
    own = {k.lower(): v for k, v in meta.items()}
    override = own.get("url" if archive.kind == "hugo" else "permalink")
    if isinstance(override, str) and override.strip():
        return _clean(override.strip())
    day = _source_day(archive, mapped)
    rule = {"jekyll": _jekyll, "hugo": _hugo, "hexo": _hexo, "pelican": _pelican}.get(archive.kind)
    return _clean(rule(archive.settings, rel, kind, mapped, day)) if rule else ""


def _source_day(archive: Archive, mapped: Mapped):
    when = mapped.created or mapped.when
    if when is None:
        return None
    if when.instant is not None:
        return when.instant.astimezone(archive.zone)
    return when.day


def _clean(path: str) -> str:
    path = "/" + path.lstrip("/")
    return re.sub(r"/{2,}", "/", path)


def _fill(pattern: str, values: dict[str, str]) -> str:
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)


def _date_tokens(day) -> dict[str, str]:
    if day is None:
        return {}
    d = day if isinstance(day, date) else day.date()
    return {"year": f"{d.year:04d}", "month": f"{d.month:02d}", "day": f"{d.day:02d}",
            "i_month": str(d.month), "i_day": str(d.day), "short_year": f"{d.year % 100:02d}",
            "y_day": f"{d.timetuple().tm_yday:03d}", "monthname": d.strftime("%B").lower()}


def _jekyll(settings, rel, kind, mapped, day) -> str:
    base = str(settings.get("baseurl") or "").rstrip("/")
    if kind == "page":
        name = rel.rsplit(".", 1)[0]
        return f"{base}/{name}.html"
    style = str(settings.get("permalink") or "date").strip()
    pattern = JEKYLL_STYLES.get(style, style)
    title = file_slug(rel)
    cats = "/".join(dict.fromkeys(c.lower().replace(" ", "%20") for c in mapped.categories))
    values = {**_date_tokens(day), "title": title, "slug": mapped.slug or ascii_slug(title),
              "name": title, "categories": cats, "output_ext": ".html"}
    return base + _fill(pattern, values)


def _hugo(settings, rel, kind, mapped, day) -> str:
    parts = rel.split("/")[1:]  # below content/
    section = parts[0] if len(parts) > 1 else ""
    name = file_slug(rel)
    slug = mapped.slug or _urlize(mapped.title) or name
    rules = {str(k).lower(): v for k, v in (settings.get("permalinks") or {}).items() if isinstance(v, str)}
    pattern = rules.get(section.lower())
    if not pattern:
        bundle = parts[-1].startswith("index.")
        folders = parts[:-2] if bundle else parts[:-1]
        return "/" + "/".join([*folders, mapped.slug or name]) + "/"
    values = {**_date_tokens(day), "slug": slug, "title": _urlize(mapped.title) or name, "filename": name,
              "slugorfilename": mapped.slug or name, "contentbasename": name,
              "section": section, "sections": "/".join(parts[:-1])}
    return _fill(pattern, values)


def _urlize(title: str) -> str:
    """Hugo's ``urlize`` as far as it matters here: lowercase, spaces → ``-``, punctuation dropped."""
    text = re.sub(r"[^\w\s-]", "", title.lower(), flags=re.UNICODE)
    return re.sub(r"[\s]+", "-", text.strip())


def _hexo(settings, rel, kind, mapped, day) -> str:
    root = str(settings.get("root") or "/").rstrip("/")
    if kind == "page":
        return f"{root}/{rel.removeprefix('source/').rsplit('/', 1)[0]}/"
    title = re.sub(r"^source/_(posts|drafts)/", "", rel).rsplit(".", 1)[0]
    pattern = str(settings.get("permalink") or ":year/:month/:day/:title/")
    values = {**_date_tokens(day), "title": title, "name": title.rsplit("/", 1)[-1],
              "post_title": ascii_slug(mapped.title), "category": "/".join(ascii_slug(c) for c in mapped.categories),
              "hash": "", "id": ""}
    return f"{root}/{_fill(pattern, values)}"


def _pelican(settings, rel, kind, mapped, day) -> str:
    key = "PAGE_URL" if kind == "page" else "ARTICLE_URL"
    pattern = settings.get(key) or ("pages/{slug}.html" if kind == "page" else "{slug}.html")
    slug = mapped.slug or ascii_slug(mapped.title) or file_slug(rel)
    category = ascii_slug(mapped.categories[0]) if mapped.categories else "misc"

    def one(match: re.Match) -> str:
        name, fmt = match.group(1), match.group(2)
        if name == "date" and day is not None:
            return day.strftime(fmt or "%Y-%m-%d")
        return {"slug": slug, "category": category, "lang": "en", "author": ascii_slug(mapped.author)}.get(name, "")
    return _PELICAN_TOKEN.sub(one, pattern)
