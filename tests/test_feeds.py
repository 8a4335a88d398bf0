"""Atom ``feed.xml`` and RSS 2.0 ``rss.xml`` as feed readers see them.

Built with the real command line; parsed with feedparser (as readers do) and
with ``xml.etree`` (strict XML).  The summer/winter articles follow case 037
(feed dates under a German locale and TZ=UTC, with offsets).
"""

from __future__ import annotations

import email.utils
import locale
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest

from conftest import BASE_CONFIG, article, run_build
from sitegen.config.settings import Config
from sitegen.render.feeds import absolute_html, xml_text

NOW = ("--now", "2024-05-01 12:00")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"

SUMMER = """\
---
title: "Meta setzt auf offene KI-Modelle"
date: 25.04.2024
time: 14:48
tags: [KI, Aktien]
summary: "Der Konzern verschenkt sein Sprachmodell – mit Kalkül."
author: Erika Muster
---
Ein Artikel im Frühling (Sommerzeit).

## Hintergrund

Mehr zum [Thema KI](/themen/ki/) und [oben](#hintergrund).
"""

WINTER = """\
---
title: "Jahresauftakt an der Börse"
date: 02.01.2024
time: "09:05"
tags: [Börse]
updated: 2024-01-03 10:15
---
Ein Artikel im Winter (Normalzeit).

Zweiter Absatz.
"""

DRAFT = article("Entwurf zum Gold", date="20.04.2024", extra="draft: true")
FUTURE = article("Zukunft des Silbers", date="01.06.2024", tags="[Silber]")

SITE = {"content/news/a-fruehling.md": SUMMER, "content/news/b-winter.md": WINTER,
        "content/news/c-entwurf.md": DRAFT, "content/news/d-zukunft.md": FUTURE}

SUMMER_URL = "https://www.example.de/news/meta-setzt-auf-offene-ki-modelle/"
WINTER_URL = "https://www.example.de/news/jahresauftakt-an-der-boerse/"


def build(make_site, files=SITE, config=BASE_CONFIG, *args, env=None, name="site") -> Path:
    site = make_site(files, config, name=name)
    run = run_build(site, *NOW, *args, env=env)
    assert run.code == 0, run.err
    return site / "output"


def parse(out: Path):
    """Both feeds, checked as strict XML and with feedparser (bozo must be 0)."""
    atom_bytes, rss_bytes = (out / "feed.xml").read_bytes(), (out / "rss.xml").read_bytes()
    atom_xml, rss_xml = ET.fromstring(atom_bytes), ET.fromstring(rss_bytes)
    atom, rss = feedparser.parse(atom_bytes), feedparser.parse(rss_bytes)
    assert atom.bozo == 0, atom.get("bozo_exception")
    assert rss.bozo == 0, rss.get("bozo_exception")
    assert atom.version == "atom10" and rss.version == "rss20"
    return atom, rss, atom_xml, rss_xml


def displayed(detail) -> str:
    """The text a feed reader shows for a feedparser text construct: HTML
    (RSS elements, Atom ``type="html"``) is rendered, so markup is gone and
    entities are decoded; plain text (Atom ``type="text"``) is shown as is."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html", detail.type
    return lxml.html.fragment_fromstring(detail.value or " ", create_parent="div").text_content().strip()


def test_feeds_hold_visible_articles_newest_first_with_absolute_links(make_site):
    atom, rss, atom_xml, rss_xml = parse(build(make_site))
    for feed in (atom, rss):
        assert [e.title for e in feed.entries] == ["Meta setzt auf offene KI-Modelle", "Jahresauftakt an der Börse"]
        assert [e.link for e in feed.entries] == [SUMMER_URL, WINTER_URL]
        assert feed.feed.title == "Testseite"
        assert feed.feed.link == "https://www.example.de/"
    assert [link.get("href") for link in atom_xml.findall(f"{ATOM}link")] == [
        "https://www.example.de/feed.xml", "https://www.example.de/"]
    assert atom_xml.find(f"{ATOM}link[@rel='self']").get("href") == "https://www.example.de/feed.xml"
    assert rss_xml.find(f"channel/{ATOM}link[@rel='self']").get("href") == "https://www.example.de/rss.xml"
    assert rss_xml.findtext("channel/link") == "https://www.example.de/"
    first = atom.entries[0]
    assert first.summary == "Der Konzern verschenkt sein Sprachmodell – mit Kalkül."
    assert first.author == "Erika Muster"
    assert [t.term for t in first.tags] == ["KI", "Aktien"]
    assert [c.text for c in rss_xml.findall("channel/item")[0].findall("category")] == ["KI", "Aktien"]
    assert rss.entries[0].author == "Erika Muster"  # dc:creator
    # no summary in front matter: the first paragraph
    assert atom.entries[1].summary == "Ein Artikel im Winter (Normalzeit)."
    assert rss_xml.findall("channel/item")[1].findtext("description") == "Ein Artikel im Winter (Normalzeit)."


def test_drafts_and_future_articles_stay_out_even_in_previews(make_site, tmp_path):
    out = build(make_site)
    preview = tmp_path / "preview"
    site = out.parent
    assert run_build(site, *NOW, "--drafts", "--future", "--output", str(preview)).code == 0
    for folder in (out, preview):
        text = (folder / "feed.xml").read_text() + (folder / "rss.xml").read_text()
        assert "Entwurf" not in text and "Zukunft" not in text
    assert (preview / "news" / "entwurf-zum-gold" / "index.html").exists()  # the preview shows it


@pytest.mark.parametrize("env", [{}, {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8", "TZ": "UTC"},
                                 {"LC_TIME": "de_DE.UTF-8", "TZ": "America/New_York"}])
def test_dates_are_english_rfc822_and_rfc3339_with_offsets_whatever_the_locale(make_site, env):
    atom, rss, atom_xml, rss_xml = parse(build(make_site, env=env))
    items = rss_xml.findall("channel/item")
    assert [i.findtext("pubDate") for i in items] == ["Thu, 25 Apr 2024 14:48:00 +0200",
                                                     "Tue, 02 Jan 2024 09:05:00 +0100"]
    assert email.utils.parsedate_to_datetime(items[0].findtext("pubDate")).isoformat() == "2024-04-25T14:48:00+02:00"
    assert rss_xml.findtext("channel/lastBuildDate") == "Thu, 25 Apr 2024 14:48:00 +0200"
    entries = atom_xml.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}published") for e in entries] == ["2024-04-25T14:48:00+02:00",
                                                                "2024-01-02T09:05:00+01:00"]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2024-04-25T14:48:00+02:00",
                                                              "2024-01-03T10:15:00+01:00"]
    assert atom_xml.findtext(f"{ATOM}updated") == "2024-04-25T14:48:00+02:00"  # newest entry, not build time


def test_feed_updated_is_the_latest_update_of_any_entry(make_site):
    files = {**SITE, "content/news/b-winter.md": WINTER.replace("updated: 2024-01-03 10:15",
                                                                "updated: 2024-04-30 08:00")}
    _, rss, atom_xml, rss_xml = parse(build(make_site, files))
    assert atom_xml.findtext(f"{ATOM}updated") == "2024-04-30T08:00:00+02:00"
    assert rss_xml.findtext("channel/lastBuildDate") == "Tue, 30 Apr 2024 08:00:00 +0200"


def test_feeds_are_byte_identical_between_builds(make_site):
    first, second = build(make_site, name="one"), build(make_site, name="two")
    for name in ("feed.xml", "rss.xml", "sitemap.xml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert b"python-feedgen" not in (first / "feed.xml").read_bytes() + (first / "rss.xml").read_bytes()


def ids(out: Path) -> list[tuple[str, str]]:
    atom, rss, _, rss_xml = parse(out)
    assert [e.id for e in atom.entries] == [e.id for e in rss.entries]
    assert all(g.get("isPermaLink") == "false" for g in rss_xml.iter("guid"))
    return [(e.id, e.link) for e in atom.entries]


def test_entry_id_stays_when_title_body_and_tags_are_edited(make_site):
    out = build(make_site)
    before = ids(out)
    assert before[0][0] == "tag:www.example.de,2024-04-25:content/news/a-fruehling"
    assert before[1][0] == "tag:www.example.de,2024-01-02:content/news/b-winter"
    edited = (SUMMER.replace('"Meta setzt auf offene KI-Modelle"', '"Meta setzt weiter auf offene KI"')
              .replace("[KI, Aktien]", "[KI]").replace("im Frühling", "im Mai, überarbeitet,"))
    (out.parent / "content/news/a-fruehling.md").write_text(edited, encoding="utf-8")
    assert run_build(out.parent, *NOW).code == 0
    after = ids(out)
    assert after[0] == (before[0][0], "https://www.example.de/news/meta-setzt-weiter-auf-offene-ki/")
    assert after[1] == before[1]


def test_hostile_characters_keep_both_feeds_strict_xml(make_site):
    nasty = ("---\ntitle: 'Gold </script> & Silber ]]> Öl'\ndate: 24.04.2024\ntime: \"10:00\"\n"
             "summary: 'Zusammenfassung ]]> mit & und <b>'\n---\n"
             "Glocke hier, ]]> und <script>alert(1)</script> & mehr.\n")
    out = build(make_site, {**SITE, "content/news/nasty.md": nasty})
    atom, rss, atom_xml, rss_xml = parse(out)
    raw = (out / "feed.xml").read_bytes() + (out / "rss.xml").read_bytes()
    assert b"]]>" not in raw
    for feed in (atom, rss):
        entry = next(e for e in feed.entries if "Silber" in e.title)
        assert displayed(entry.title_detail) == "Gold </script> & Silber ]]> Öl"
        assert displayed(entry.summary_detail) == "Zusammenfassung ]]> mit & und <b>"
    item = next(i for i in rss_xml.findall("channel/item") if "Silber" in i.findtext("title"))
    assert item.findtext("description") == "Zusammenfassung ]]&gt; mit &amp; und &lt;b&gt;"  # HTML, as readers take it
    assert item.findtext(CONTENT).startswith("<p>Glocke hier, ]]&gt; und &lt;script&gt;alert(1)&lt;/script&gt;")
    entry = next(e for e in atom_xml.findall(f"{ATOM}entry") if "Silber" in e.findtext(f"{ATOM}title"))
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert entry.findtext(f"{ATOM}content").startswith("<p>Glocke hier, ]]&gt; und &lt;script&gt;")


def test_content_is_full_html_with_absolute_links_and_the_risk_notice(make_site):
    config = BASE_CONFIG + 'disclaimer: "Keine Anlageberatung – nur Information & Meinung."\n'
    files = {**SITE, "content/news/b-winter.md": WINTER.replace("updated:", "disclaimer: false\nupdated:")}
    _, _, atom_xml, rss_xml = parse(build(make_site, files, config))
    notice = "<p><em>Keine Anlageberatung – nur Information &amp; Meinung.</em></p>"
    summer_atom, winter_atom = (e.findtext(f"{ATOM}content") for e in atom_xml.findall(f"{ATOM}entry"))
    summer_rss, winter_rss = (i.findtext(CONTENT) for i in rss_xml.findall("channel/item"))
    for summer, winter in ((summer_atom, winter_atom), (summer_rss, winter_rss)):
        assert summer.startswith("<p>Ein Artikel im Frühling (Sommerzeit).</p>")
        assert summer.endswith("\n" + notice)
        assert 'href="https://www.example.de/themen/ki/"' in summer
        # an anchor in the entry itself stays in the entry, under the entry's prefix
        assert '<h2 id="meta-setzt-auf-offene-ki-modelle-hintergrund">Hintergrund</h2>' in summer
        assert 'href="#meta-setzt-auf-offene-ki-modelle-hintergrund"' in summer
        assert 'href="/' not in summer and 'id="hintergrund"' not in summer
        assert "Zweiter Absatz." in winter and "Anlageberatung" not in winter


def test_feeds_limit_from_config(make_site):
    files = {**SITE, "content/news/e-neu.md": article("Neuester Artikel", date="30.04.2024")}
    atom, rss, _, _ = parse(build(make_site, files, BASE_CONFIG + "feeds:\n  limit: 2\n"))
    for feed in (atom, rss):
        assert [e.title for e in feed.entries] == ["Neuester Artikel", "Meta setzt auf offene KI-Modelle"]


def test_site_without_articles_has_valid_empty_feeds(make_site):
    out = build(make_site, {"content/pages/ueber-uns.md": "---\ntitle: Über uns\n---\nWir.\n"})
    atom, rss, atom_xml, rss_xml = parse(out)
    assert atom.entries == [] and rss.entries == []
    assert atom_xml.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"  # required by RFC 4287
    assert rss_xml.find("channel/lastBuildDate") is None  # optional in RSS: left out


def test_everything_in_feeds_moves_under_a_sub_path(make_site):
    out = build(make_site, SITE, BASE_CONFIG, "--base-url", "https://example.org/blog/")
    atom, rss, atom_xml, rss_xml = parse(out)
    assert atom_xml.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/blog/feed.xml"
    assert rss_xml.find(f"channel/{ATOM}link[@rel='self']").get("href") == "https://example.org/blog/rss.xml"
    for feed in (atom, rss):
        assert feed.feed.link == "https://example.org/blog/"
        assert feed.entries[0].link == "https://example.org/blog/news/meta-setzt-auf-offene-ki-modelle/"
        assert feed.entries[0].id == "tag:example.org,2024-04-25:content/news/a-fruehling"


# -- units -------------------------------------------------------------------------------------

def test_absolute_html_under_a_sub_path():
    config = Config(root=Path("."), title="T", base_url="https://example.org/blog/")
    body = ('<p><a href="/blog/themen/gold/">Gold</a> <a href="#teil">Teil</a> <img src="/blog/bilder/a.png" '
            'alt=""> <a href="https://other.example/x">x</a> <a href="//cdn.example/y">y</a> '
            '<a href="mailto:a@b.de">m</a></p><pre><code>href="/nicht"</code></pre>')
    assert absolute_html(body, config, "https://example.org/blog/news/a/") == (
        '<p><a href="https://example.org/blog/themen/gold/">Gold</a> '
        '<a href="https://example.org/blog/news/a/#teil">Teil</a> '
        '<img src="https://example.org/blog/bilder/a.png" alt=""> <a href="https://other.example/x">x</a> '
        '<a href="//cdn.example/y">y</a> <a href="mailto:a@b.de">m</a></p><pre><code>href="/nicht"</code></pre>')


def test_xml_text_removes_only_characters_xml_forbids():
    assert xml_text("a\x00b\x07c\x1fd\te\nf\rg\ufffeh\uffffi ]]> </script> €😀") == \
        "abcd\te\nf\rghi ]]> </script> €😀"


def _german_locale() -> str | None:
    for name in ("de_DE.UTF-8", "de_DE.utf8", "de_DE"):
        try:
            old = locale.setlocale(locale.LC_ALL)
            locale.setlocale(locale.LC_ALL, name)
            locale.setlocale(locale.LC_ALL, old)
            return name
        except locale.Error:
            continue
    return None


@pytest.mark.skipif(_german_locale() is None, reason="locale de_DE.UTF-8 is not installed here")
def test_german_process_locale_does_not_leak_into_rss_dates(make_site):
    """In-process with the German locale really set for the whole process (as a
    site might set it for month names): RSS dates stay English."""
    from sitegen.engine import Engine, Options
    site = make_site(SITE)
    old = locale.setlocale(locale.LC_ALL)
    locale.setlocale(locale.LC_ALL, _german_locale())
    try:
        outcome = Engine(Options(site / "config.yaml", now=datetime(2024, 5, 1, 12), cache=False)).run()
        assert outcome.ok, outcome.problems
        assert datetime(2024, 4, 25).strftime("%a") == "Do"  # the locale is really German here
        rss = (site / "output" / "rss.xml").read_text("utf-8")
        assert "<pubDate>Thu, 25 Apr 2024 14:48:00 +0200</pubDate>" in rss
        assert "<pubDate>Tue, 02 Jan 2024 09:05:00 +0100</pubDate>" in rss
        assert not re.search(r"<(pubDate|lastBuildDate)>(Mo|Di|Mi|Do|Fr|Sa|So)", rss)
        assert locale.setlocale(locale.LC_ALL) != "C"  # feedgen restores the process locale
    finally:
        locale.setlocale(locale.LC_ALL, old)
