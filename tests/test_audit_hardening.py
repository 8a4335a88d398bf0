"""Hardening of what a build publishes besides pages: feeds as readers show
them, theme CSS/JS under the privacy rule, menu and newsletter targets.

Feeds are parsed with feedparser, as readers do; what a reader *shows* is
the plain text for Atom ``type="text"`` and the rendered HTML for RSS
elements and Atom ``type="html"``.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import lxml.html
import pytest

from conftest import BASE_CONFIG, article, problem_lines, run_build, tree
from sitegen.problems import format_problem
from sitegen.render.audit import asset_problems

NOW = ("--now", "2024-05-01 12:00")
CONFIG = re.sub(r"action_url: .*", "action_url: https://newsletter.example.net/anmelden", BASE_CONFIG)
LOCAL_FORM = re.sub(r"action_url: .*", "action_url: /newsletter/anmelden", BASE_CONFIG)
PRIVACY_HINT = ("serve the file from this site, or add the host to privacy.allowed_hosts in config.yaml "
                "(privacy: no third-party requests)")
CSS = "themes/default/static/css/site.css"


def feeds(out: Path):
    """(atom, rss) as feedparser reads them; neither may be ``bozo``."""
    parsed = [feedparser.parse((out / name).read_bytes()) for name in ("feed.xml", "rss.xml")]
    for feed in parsed:
        assert feed.bozo == 0, feed.get("bozo_exception")
    return parsed


def displayed(detail) -> str:
    """What a feed reader shows for a feedparser text construct."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html", detail.type
    return lxml.html.fragment_fromstring(detail.value or " ", create_parent="div").text_content().strip()


def built(make_site, files, config=CONFIG):
    site = make_site(files, config)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    return site, run


# --------------------------------------------------------------------------- 1, 5: feed text

# (straight quotes become German ones on purpose, see content/entry.py)
TITLES = ["Gold & Silber", "Kurs <b>fett</b> & <script>alert(1)</script>", "Ende ]]> hier", "A &amp; B",
          "Emoji 🥇 & <3"]


@pytest.mark.parametrize("title", TITLES)
def test_readers_show_titles_and_summaries_exactly_as_written(make_site, title):
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    summary = "Achtung <script>alert(1)</script> & <i>Kurs</i> ]]> Ende"
    text = article(title, extra=f"summary: '{summary}'")
    text = text.replace(f"title: {title}\n", f"title: {quoted}\n", 1)
    site, _ = built(make_site, {"content/news/a.md": text})
    atom, rss = feeds(site / "output")
    for feed in (atom, rss):
        entry = feed.entries[0]
        assert displayed(entry.title_detail) == title
        assert displayed(entry.summary_detail) == summary
    raw = (site / "output" / "rss.xml").read_text(encoding="utf-8")
    assert "<description>Achtung &amp;lt;script&amp;gt;alert" in raw  # escaped as HTML, then as XML


def test_readers_show_the_site_title_and_description_as_written(make_site):
    config = CONFIG.replace("title: Testseite\n", "title: \"Gold & Co <Kurier>\"\n", 1).replace(
        "description: Eine kleine Testseite\n", "description: \"Kurse <b>live</b> & mehr\"\n", 1)
    site, _ = built(make_site, {"content/news/a.md": article("Gold")}, config)
    for feed in feeds(site / "output"):
        assert displayed(feed.feed.title_detail) == "Gold & Co <Kurier>"
        assert displayed(feed.feed.subtitle_detail) == "Kurse <b>live</b> & mehr"


def test_control_characters_in_front_matter_keep_feeds_valid_and_are_reported(make_site):
    text = ('---\ntitle: "Gold \\v Silber \\x1f Platin"\ndate: 25.04.2024\ntime: "14:48"\n'
            'summary: "Kurz \\x0c knapp"\ntags:\n  - Silber\n  - "Go\\x01ld"\n---\nText ]]> Ende hier.\n')
    site, run = built(make_site, {"content/news/a.md": text})
    assert problem_lines(run) == [
        "warning: content/news/a.md:2: in double quotes, \\v is read as a control character — for a backslash "
        "write \\\\, or use single quotes: title: 'Gold \\v Silber \\x1f Platin'",
        "warning: content/news/a.md:2: title contains U+000B, U+001F, characters feeds cannot carry; the feeds "
        "leave them out — delete it from the front matter (it is invisible in most editors)",
        "warning: content/news/a.md:5: summary contains U+000C, a character feeds cannot carry; the feeds leave "
        "it out — delete it from the front matter (it is invisible in most editors)",
        "warning: content/news/a.md:8: tag 'Gold' contains U+0001, a character feeds cannot carry; the feeds leave "
        "it out — delete it from the front matter (it is invisible in most editors)",
    ]
    atom, rss = feeds(site / "output")
    for feed in (atom, rss):
        assert displayed(feed.entries[0].title_detail) == "Gold  Silber  Platin"
        assert displayed(feed.entries[0].summary_detail) == "Kurz  knapp"
        assert "Text ]]> Ende hier." in displayed(feed.entries[0].content[0])
    raw = (site / "output" / "feed.xml").read_bytes() + (site / "output" / "rss.xml").read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw) and b"]]>" not in raw


# --------------------------------------------------------------------------- 2: footnote ids per entry

FOOTNOTES = "Erster Satz[^1] und zweiter[^2].\n\n## Quellen\n\nSiehe [oben](#quellen).\n\n[^1]: Eins.\n[^2]: Zwei.\n"


def test_footnote_ids_are_unique_per_entry_and_every_entry_link_finds_its_target(make_site):
    files = {"content/news/a.md": article("Gold steigt", body=FOOTNOTES),
             "content/news/b.md": article("Silber fällt", date="24.04.2024", body=FOOTNOTES)}
    site, _ = built(make_site, files)
    page = (site / "output" / "news" / "gold-steigt" / "index.html").read_text(encoding="utf-8")
    assert 'id="fn1"' in page and 'href="#fn1"' in page  # the article's own page keeps its ids
    for name in ("feed.xml", "rss.xml"):
        entries = [e.content[0].value for e in feedparser.parse((site / "output" / name).read_bytes()).entries]
        ids = [i for body in entries for i in re.findall(r'\sid="([^"]*)"', body)]
        assert len(ids) == len(set(ids)) == 2 * 5, ids  # fnref1, fnref2, fn1, fn2, quellen per entry
        for body, slug in zip(entries, ("gold-steigt", "silber-faellt")):
            local = re.findall(r'href="#([^"]*)"', body)
            assert sorted(local) == sorted(f"{slug}-{x}" for x in ("fn1", "fn2", "fnref1", "fnref2", "quellen"))
            assert all(f'id="{target}"' in body for target in local)


# --------------------------------------------------------------------------- 3: theme CSS and JS

CSS_LOADS = [
    ("@import url(https://fonts.googleapis.com/css2?family=Roboto);", "https://fonts.googleapis.com/css2?family=Roboto"),
    ('@import "https://fonts.googleapis.com/css2?family=Lato";', "https://fonts.googleapis.com/css2?family=Lato"),
    ("@import url('//fonts.googleapis.com/css?family=Open+Sans');", "//fonts.googleapis.com/css?family=Open+Sans"),
    ("@font-face { font-family: R;\n  src: url(\"https://fonts.gstatic.com/s/roboto.woff2\") format('woff2'); }",
     "https://fonts.gstatic.com/s/roboto.woff2"),
    (".hero { background: #000 url(https://img.example.net/hero.jpg) no-repeat; }", "https://img.example.net/hero.jpg"),
    (".b { background-image: image-set(\"https://img.example.net/b.avif\" 1x); }", "https://img.example.net/b.avif"),
    (".e { background: url(https\\:\\/\\/img.example.net/escaped.png); }", "https://img.example.net/escaped.png"),
]


@pytest.mark.parametrize("rule,url", CSS_LOADS, ids=[u.rsplit("/", 1)[-1] for _, u in CSS_LOADS])
def test_a_third_party_load_in_theme_css_fails_the_build_at_its_line(make_site, rule, url):
    site, _ = built(make_site, {"content/news/a.md": article("Gold")})
    before = tree(site / "output")
    css = site / CSS
    css.write_text("/* Kopf */\nbody { margin: 0; }\n" + rule + "\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 1, run.err
    line = 3 + rule.count("\n")
    assert problem_lines(run) == [f"{CSS}:{line}: loads {url} from another host — {PRIVACY_HINT}"]
    assert tree(site / "output") == before


def test_theme_javascript_may_not_fetch_from_another_host(make_site):
    script = ("// Quelle: https://example.org/doku (only a comment)\n"
              "const ns = 'http://www.w3.org/2000/svg';\n"
              "fetch(\"https://api.tracker.example/collect\");\n"
              "import('//cdn.example.com/module.js');\n"
              "s.src = \"https:\\/\\/cdn.example.com\\/s.js\"; fetch('/api/lokal'); fetch('https://www.example.de/x');\n")
    site = make_site({"content/news/a.md": article("Gold"), "themes/default/static/js/app.js": script}, CONFIG)
    run = run_build(site, *NOW)
    assert run.code == 1
    where = "themes/default/static/js/app.js"
    assert problem_lines(run) == [
        f"{where}:3: loads https://api.tracker.example/collect from another host — {PRIVACY_HINT}",
        f"{where}:4: loads //cdn.example.com/module.js from another host — {PRIVACY_HINT}",
        f"{where}:5: loads https://cdn.example.com/s.js from another host — {PRIVACY_HINT}",
    ]


def test_allowed_hosts_own_host_comments_and_inline_data_pass(make_site):
    css = ("/* @import url(https://fonts.googleapis.com/css); */\n"
           "@namespace svg url(http://www.w3.org/2000/svg);\n"
           "a[href^=\"https://\"]::after { content: \"↗\"; }\n"
           ".a { background: url(/assets/a.png), url(data:image/png;base64,AAAA); }\n"
           ".b { background: url(https://www.example.de/b.png); }\n"
           "@font-face { font-family: F; src: url(https://fonts.erlaubt.example/f.woff2); }\n")
    config = CONFIG + "privacy:\n  allowed_hosts: [fonts.erlaubt.example]\n"
    site = make_site({"content/news/a.md": article("Gold"), CSS: css}, config)
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")


# --------------------------------------------------------------------------- 4: menu and newsletter targets

def test_a_menu_entry_to_a_missing_page_is_an_error_at_its_config_line(make_site):
    config = CONFIG.replace("  - {title: Themen, url: /themen/}\n",
                            "  - {title: Themen, url: /themen/}\n  - {title: Über uns, url: /ueber-uns/}\n"
                            "  - {title: Shop, url: \"https://shop.example.de/\"}\n"
                            "  - {title: Feed, url: /rss.xml}\n  - {title: Gold, url: /themen/gold/#neu}\n")
    site = make_site({"content/news/a.md": article("Gold")}, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "config.yaml:16: menu entry 'Über uns' links to /ueber-uns/, which no page or file of the site answers "
        "— fix the menu url in config.yaml, or add the page"]
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "ueber-uns.md").write_text("---\ntitle: Über uns\n---\nWir.\n", encoding="utf-8")
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")


def test_a_newsletter_form_posting_to_a_missing_path_warns_at_its_config_line(make_site):
    site = make_site({"content/news/a.md": article("Gold")}, LOCAL_FORM)
    run = run_build(site, *NOW)
    assert run.code == 0
    assert problem_lines(run) == [
        "warning: config.yaml:19: the newsletter form posts to /newsletter/anmelden, which no file of the site "
        "answers (a static host rejects the sign-up) — set newsletter.action_url to the full https:// address "
        "of your newsletter service, unless your host runs a function at that path"]
    assert 'action="/newsletter/anmelden"' in (site / "output" / "index.html").read_text(encoding="utf-8")


def test_any_published_asset_is_checked_under_the_name_the_editor_knows():
    assets = [("static/js/widget.js", b"const a = 1;\nimport('https://cdn.example.com/w.js');\n"),
              ("static/css/extra.css", b"@import url(//fonts.googleapis.com/css);\n"),
              ("static/fonts/f.woff2", b"url(https://nicht.example/geladen)")]
    assert [format_problem(p) for p in asset_problems(assets, {"www.example.de"})] == [
        f"static/js/widget.js:2: loads https://cdn.example.com/w.js from another host — {PRIVACY_HINT}",
        f"static/css/extra.css:1: loads //fonts.googleapis.com/css from another host — {PRIVACY_HINT}"]
