"""Write the corpus's articles as a Hugo site and as a Pelican site.

Both get the articles of :func:`bench.corpus.article` (same seed, same
order, same text) and a minimal theme doing comparable work to ours: article
page (title, date, tags, body, 5 related links), home list paginated by 10,
tag pages paginated by 10 and a tag index.  Feeds, sitemaps, archives and
section lists are switched off in both (our tool still writes its own feeds,
sitemap and month archives, so it does a little more work).

Hugo: ``hugo.toml``, ``content/news/*.md`` with TOML front matter (RFC 3339
dates with the Berlin offset), ``layouts/`` in the site, related links by
Hugo's own ``.Related`` on its tags index (as its documentation recommends), or none (``related=False``).  Pelican: ``pelicanconf.py`` (Europe/Berlin,
pagination 10, no feeds, content cache on), ``content/*.md`` with Pelican
metadata, a tiny Jinja theme in ``theme/``, "same tag" links (Pelican has no
related-posts feature without a plug-in).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.content.slugs import slugify

BERLIN = ZoneInfo("Europe/Berlin")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class Article:
    """One article, parsed back from the corpus text of our tool."""

    title: str
    when: datetime
    tags: list[str]
    summary: str
    body: str

    @property
    def slug(self) -> str:
        return slugify(self.title)


def parse(text: str) -> Article:
    """Parse an article written by ``corpus.article`` (its simple front matter)."""
    match = _FRONT.match(text)
    fields = dict(line.split(": ", 1) for line in match.group(1).splitlines())
    when = datetime.strptime(f"{fields['date']} {fields['time']}", "%d.%m.%Y %H:%M").replace(tzinfo=BERLIN)
    tags = [t.strip() for t in fields["tags"].strip("[]").split(",")]
    return Article(json.loads(fields["title"]), when, tags, fields["summary"], text[match.end():].lstrip("\n"))


def hugo_text(a: Article) -> str:
    """The article as a Hugo content file (TOML front matter)."""
    def q(s: str) -> str:
        return json.dumps(s, ensure_ascii=False)
    return (f"+++\ntitle = {q(a.title)}\ndate = {a.when.isoformat()}\nslug = {q(a.slug)}\n"
            f"tags = [{', '.join(q(t) for t in a.tags)}]\nsummary = {q(a.summary)}\n+++\n\n{a.body}")


def pelican_text(a: Article) -> str:
    """The article as a Pelican Markdown file (metadata lines)."""
    return (f"Title: {a.title}\nDate: {a.when:%Y-%m-%d %H:%M}\nTags: {', '.join(a.tags)}\n"
            f"Slug: {a.slug}\nSummary: {a.summary}\n\n{a.body}")


HUGO_CONFIG = """baseURL = "https://www.example.de/"
languageCode = "de"
title = "Edelmetall-Kompass"
timeZone = "Europe/Berlin"
disableKinds = ["rss", "sitemap", "robotstxt", "section", "404"]

[pagination]
pagerSize = 10

[taxonomies]
tag = "tags"

[permalinks.page]
news = "/news/:slug/"

[permalinks.term]
tags = "/themen/:slug/"

[permalinks.taxonomy]
tags = "/themen/"

[related]
includeNewer = true
threshold = 1
toLower = false
[[related.indices]]
name = "tags"
weight = 100

[markup.goldmark]
"""

_HUGO_BASE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a> · <a href="/themen/">Themen</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>© {{ .Site.Title }}</footer></body></html>
"""
# The related block as Hugo's documentation shows it: the related-content index on tags ([related] in
# hugo.toml) queried with .Site.RegularPages.Related, the first 5.  write_hugo(related=False) leaves it
# out (the "Hugo without related" column of the benchmark).
HUGO_RELATED = '\n<aside><h2>Wissenswertes zum Thema</h2><ul>{{ range first 5 (.Site.RegularPages.Related .) }}\n' \
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>'
_HUGO_LIST_ITEM = ('<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
                   '<time>{{ .Date.Format "02.01.2006 15:04" }}</time><p>{{ .Summary }}</p></article>')
_HUGO_PAGER = ('{{ with .Paginator }}<nav>{{ with .Prev }}<a href="{{ .URL }}">Neuer</a>{{ end }} '
               'Seite {{ .PageNumber }} von {{ .TotalPages }} '
               '{{ with .Next }}<a href="{{ .URL }}">Älter</a>{{ end }}</nav>{{ end }}')
HUGO_LAYOUTS = {
    "baseof.html": _HUGO_BASE,
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02.01.2006 15:04" }} Uhr</time>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{RELATED}{{ end }}
""",
    "home.html": ('{{ define "main" }}{{ $p := .Paginate (where .Site.RegularPages "Section" "news") }}'
                  '{{ range $p.Pages }}' + _HUGO_LIST_ITEM + '{{ end }}' + _HUGO_PAGER + '{{ end }}\n'),
    "term.html": ('{{ define "main" }}<h1>Thema: {{ .Title }}</h1>{{ range (.Paginate .Pages).Pages }}'
                  + _HUGO_LIST_ITEM + '{{ end }}' + _HUGO_PAGER + '{{ end }}\n'),
    "taxonomy.html": ('{{ define "main" }}<h1>Themen</h1><ul>{{ range .Data.Terms.Alphabetical }}'
                      '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>'
                      '{{ end }}</ul>{{ end }}\n'),
}

PELICAN_CONFIG = """# Pelican settings of the benchmark site (written by bench.othersites).
AUTHOR = "Redaktion"
SITENAME = "Edelmetall-Kompass"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
THEME = "theme"
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": 10, "tag": 10, "category": None, "author": None}
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
TAG_URL = "themen/{slug}/"
TAG_SAVE_AS = "themen/{slug}/index.html"
TAGS_SAVE_AS = "themen/index.html"
DIRECT_TEMPLATES = ["index", "tags"]
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
PAGE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
# python-markdown (Pelican's default reader) with tables and heading ids, like the other two tools
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
            "output_format": "html5"}
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = "cache"
"""

_PELICAN_ITEM = ('<article><h2><a href="/{{ a.url }}">{{ a.title }}</a></h2>'
                 '<time>{{ a.date.strftime("%d.%m.%Y %H:%M") }}</time><p>{{ a.summary }}</p></article>')
_PELICAN_PAGER = ('<nav>{% if articles_page.has_previous() %}<a href="/{{ articles_previous_page.url }}">Neuer</a>'
                  '{% endif %} Seite {{ articles_page.number }} von {{ articles_paginator.num_pages }} '
                  '{% if articles_page.has_next() %}<a href="/{{ articles_next_page.url }}">Älter</a>{% endif %}</nav>')
PELICAN_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="/theme/style.css"></head>
<body><header><a href="/">{{ SITENAME }}</a> · <a href="/themen/">Themen</a></header>
<main>{% block content %}{% endblock %}</main><footer>© {{ SITENAME }}</footer></body></html>
""",
    "article.html": """{% extends "base.html" %}{% block title %}{{ article.title }} – {{ SITENAME }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<time datetime="{{ article.date.isoformat() }}">{{ article.date.strftime("%d.%m.%Y %H:%M") }} Uhr</time>
<ul class="tags">{% for t in article.tags %}<li><a href="/{{ t.url }}">{{ t }}</a></li>{% endfor %}</ul>
{{ article.content }}</article>
<aside><h2>Wissenswertes zum Thema</h2><ul>{% for t, same in tags if t == article.tags[0] %}
{% for a in (same[:4] | rejectattr("slug", "equalto", article.slug) | list)[:3] %}
<li><a href="/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}{% endfor %}</ul></aside>{% endblock %}
""",
    "index.html": ('{% extends "base.html" %}{% block content %}{% for a in articles_page.object_list %}'
                   + _PELICAN_ITEM + '{% endfor %}' + _PELICAN_PAGER + '{% endblock %}\n'),
    "tag.html": ('{% extends "base.html" %}{% block content %}<h1>Thema: {{ tag }}</h1>'
                 '{% for a in articles_page.object_list %}' + _PELICAN_ITEM + '{% endfor %}'
                 + _PELICAN_PAGER + '{% endblock %}\n'),
    "tags.html": ('{% extends "base.html" %}{% block content %}<h1>Themen</h1><ul>{% for t, arts in tags|sort %}'
                  '<li><a href="/{{ t.url }}">{{ t }}</a> ({{ arts|count }})</li>{% endfor %}</ul>{% endblock %}\n'),
}
STYLE = "body{font-family:sans-serif;max-width:60rem;margin:auto}table{border-collapse:collapse}\n"


def _fresh(folder: Path, *names: str) -> None:
    for name in names:
        if (folder / name).is_dir():
            shutil.rmtree(folder / name)


def write_hugo(out: Path, articles: list[tuple[str, str]], related: bool = True) -> None:
    """Write a Hugo site with ``articles`` (``(file name, our text)`` pairs) into ``out``;
    ``related=False`` leaves the related block (:data:`HUGO_RELATED`) out of the article page."""
    _fresh(out, "content", "layouts", "static", "public", "resources", "hugo_cache")
    (out / "content" / "news").mkdir(parents=True)
    (out / "layouts").mkdir()
    (out / "static").mkdir()
    (out / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        text = text.replace("{RELATED}", HUGO_RELATED if related else "")
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    (out / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    for name, text in articles:
        (out / "content" / "news" / name).write_text(hugo_text(parse(text)), encoding="utf-8")


def write_pelican(out: Path, articles: list[tuple[str, str]]) -> None:
    """Write a Pelican site with ``articles`` (``(file name, our text)`` pairs) into ``out``."""
    _fresh(out, "content", "theme", "output", "cache")
    (out / "content").mkdir(parents=True)
    (out / "theme" / "templates").mkdir(parents=True)
    (out / "theme" / "static").mkdir()
    (out / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (out / "theme" / "templates" / name).write_text(text, encoding="utf-8")
    (out / "theme" / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    for name, text in articles:
        (out / "content" / name).write_text(pelican_text(parse(text)), encoding="utf-8")
