"""Privacy check: nothing in the output may load from another host.

Each kind of load is put into a copy of the theme (or into Markdown) and the
build must fail with exit 1, naming the page and the URL (and the source file
and line for Markdown), leaving the output folder as it was.  Plain links,
canonical and alternate links are not loads.
"""

from __future__ import annotations

import pytest

from conftest import BASE_CONFIG, article, run_build, tree

NOW = ("--now", "2024-05-01 12:00")
FILES = {"content/news/gold.md": article("Gold", body="Ein Absatz.\n")}

LOADS = [
    ('<script src="https://cdn.example.com/x.js"></script>', "https://cdn.example.com/x.js"),
    ('<SCRIPT SRC="https://cdn.example.com/upper.js"></SCRIPT>', "https://cdn.example.com/upper.js"),
    ('<img src="https://img.example.net/a.png" alt="">', "https://img.example.net/a.png"),
    ("<img src='https://img.example.net/single.png' alt=''>", "https://img.example.net/single.png"),
    ('<img src=https://img.example.net/unquoted.png alt="">', "https://img.example.net/unquoted.png"),
    ('<img alt="Kurs > 2000" src="https://img.example.net/gt.png">', "https://img.example.net/gt.png"),
    ('<img src="/lokal.png" srcset="/lokal.png 1x, https://img.example.net/a2.png 2x" alt="">',
     "https://img.example.net/a2.png"),
    ('<picture><source srcset="https://img.example.net/a.webp" type="image/webp"><img src="/a.png" alt=""></picture>',
     "https://img.example.net/a.webp"),
    ('<video poster="https://media.example.net/p.jpg"></video>', "https://media.example.net/p.jpg"),
    ('<video><source src="https://media.example.net/v.mp4"></video>', "https://media.example.net/v.mp4"),
    ('<audio src="https://media.example.net/a.mp3"></audio>', "https://media.example.net/a.mp3"),
    ('<iframe src="https://www.youtube.com/embed/xyz" title="Video"></iframe>', "https://www.youtube.com/embed/xyz"),
    ('<embed src="https://media.example.net/x.swf">', "https://media.example.net/x.swf"),
    ('<object data="https://media.example.net/x.pdf"></object>', "https://media.example.net/x.pdf"),
    *[(f'<link rel="{rel}" href="https://fonts.example.net/{rel}">', f"https://fonts.example.net/{rel}")
      for rel in ("stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch")],
    ('<link href="https://fonts.example.net/order.css" rel="Stylesheet">', "https://fonts.example.net/order.css"),
    ('<link rel="shortcut icon" href="https://fonts.example.net/fav.ico">', "https://fonts.example.net/fav.ico"),
    ("<style>body { background: url(https://img.example.net/bg.png); }</style>", "https://img.example.net/bg.png"),
    ("<style>.x { background: url('https://img.example.net/q.png') }</style>", "https://img.example.net/q.png"),
    ('<style>@import "https://fonts.example.net/import.css";</style>', "https://fonts.example.net/import.css"),
    ("<style>@import url(https://fonts.example.net/import-url.css);</style>",
     "https://fonts.example.net/import-url.css"),
    ('<div style="background-image: url(\'https://img.example.net/inline.png\')"></div>',
     "https://img.example.net/inline.png"),
    ('<div style="background: url(&quot;https://img.example.net/entity.png&quot;)"></div>',
     "https://img.example.net/entity.png"),
    ('<p style="@import \'https://fonts.example.net/inline-import.css\'"></p>',
     "https://fonts.example.net/inline-import.css"),
    ('<script src="//cdn.example.com/protocol-relative.js"></script>', "//cdn.example.com/protocol-relative.js"),
    ('<img src="//img.example.net/pr.png" alt="">', "//img.example.net/pr.png"),
    ("<style>.y { background: url(//img.example.net/pr-css.png) }</style>", "//img.example.net/pr-css.png"),
    ("<style>.e { background: url(https\\:\\/\\/img.example.net/escaped.png) }</style>",
     "https://img.example.net/escaped.png"),
    ('<style>.s { background: image-set("https://img.example.net/set.avif" 1x) }</style>',
     "https://img.example.net/set.avif"),
]


def _with_snippet(make_site, snippet: str, template: str = "404.html"):
    """A site that builds cleanly once, then gets ``snippet`` in a theme template."""
    site = make_site(FILES)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    before = tree(site / "output")
    path = site / "themes" / "default" / "templates" / template
    text = path.read_text(encoding="utf-8")
    marker = "{% block content %}\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + snippet + "\n", 1), encoding="utf-8")
    return site, before


@pytest.mark.parametrize("snippet,url", LOADS, ids=[u.rsplit("/", 1)[-1] for _, u in LOADS])
def test_each_third_party_load_in_a_template_fails_the_build(make_site, snippet, url):
    site, before = _with_snippet(make_site, snippet)
    run = run_build(site, *NOW)
    assert run.code == 1, run.err
    lines = [line for line in run.err.splitlines() if "would load" in line]
    assert len(lines) == 1, run.err
    assert f"page /404.html would load {url} from another host" in lines[0]
    assert "privacy.allowed_hosts" in lines[0], "the hint names the allow-list"
    assert tree(site / "output") == before, "the output folder is left as it was"


def test_a_load_in_the_base_template_is_reported_for_every_page(make_site):
    site, before = _with_snippet(make_site, "", "404.html")
    base = site / "themes" / "default" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</head>", '<script src="https://cdn.example.com/tracker.js"></script>\n</head>'), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "would load" in line]
    assert len(lines) == 1, "one message for the template, not one per page"
    assert lines[0].startswith("themes/default/templates: ")
    assert " pages would load https://cdn.example.com/tracker.js from another host (e.g. /404.html, " in lines[0]
    assert "a template adds it" in lines[0]
    assert tree(site / "output") == before


def test_not_loads_plain_links_canonical_and_alternate(make_site):
    snippet = ('<a href="https://other.example/">Partner</a> <a href="//other.example/x">Mehr</a>\n'
               '<link rel="alternate" type="application/rss+xml" href="https://other.example/feed.xml">\n'
               '<link rel="canonical-like" href="https://other.example/x">\n'
               '<form action="https://other.example/newsletter" method="post"></form>\n'
               '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">\n'
               '<img src="https://www.example.de/eigene.png" alt="">\n'
               '<style>/* @import url(https://fonts.googleapis.com/css); */ a[href^="https://"] { color: red }</style>')
    site, _ = _with_snippet(make_site, snippet)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert "https://other.example/" in (site / "output" / "404.html").read_text(encoding="utf-8")


def test_markdown_image_from_another_host_names_source_file_and_line(make_site):
    files = {"content/news/gold.md": article("Gold", body="Ein Absatz.\n\n![Kurs](https://img.example.com/a.png)\n")}
    site = make_site(files)
    run = run_build(site, *NOW)
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "would load" in line]
    assert lines == [line for line in lines if line.startswith("content/news/gold.md:9: ")], run.err
    assert len(lines) == 1
    assert "page /news/gold/index.html would load https://img.example.com/a.png" in lines[0]
    assert not (site / "output").exists()


def test_markdown_image_with_query_string_names_its_line(make_site):
    files = {"content/news/gold.md": article(
        "Gold", body="Eins.\n\nZwei.\n\n![Kurs](https://img.example.com/a.png?w=1&h=2)\n")}
    run = run_build(make_site(files), *NOW)
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "would load" in line]
    assert len(lines) == 1 and lines[0].startswith("content/news/gold.md:11: "), run.err


def test_allowed_host_may_be_loaded(make_site):
    config = BASE_CONFIG + "privacy:\n  allowed_hosts: [img.example.com]\n"
    files = {"content/news/gold.md": article("Gold", body="![Kurs](https://img.example.com/a.png)\n\n"
                                                          "![Andere](https://img.example.org/b.png)\n")}
    site = make_site(files, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "https://img.example.org/b.png" in run.err and "https://img.example.com/a.png" not in run.err

    files = {"content/news/gold.md": article("Gold", body="![Kurs](https://IMG.example.com/a.png)\n")}
    site = make_site(files, config, name="allowed")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert 'src="https://IMG.example.com/a.png"' in (site / "output" / "news" / "gold" / "index.html").read_text()


def test_external_link_in_markdown_is_not_a_load(make_site):
    files = {"content/news/gold.md": article("Gold", body="Quelle: [Bundesbank](https://www.bundesbank.de/).\n")}
    run = run_build(make_site(files), *NOW)
    assert run.code == 0, run.err
