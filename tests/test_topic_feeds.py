"""Topic feeds: Atom and RSS per tag, valid, holding that tag's articles only,
linked from the tag page's head and visibly."""

from __future__ import annotations

import feedparser
from lxml import html

from conftest import NOW, article, run_build


def test_each_tag_has_valid_atom_and_rss_feeds_of_its_articles(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt", tags="[Gold, Zinsen]"),
                      "content/news/silber.md": article("Silber fällt", date="24.04.2024", tags="[Silber]"),
                      "content/news/zins.md": article("Zinsen sinken", date="23.04.2024", tags="[Zinsen]"),
                      "content/news/plan.md": article("Gold später", date="20.05.2024", tags="[Gold]")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = site / "output/themen/zinsen"
    atom, rss = feedparser.parse((out / "feed.xml").read_bytes()), feedparser.parse((out / "rss.xml").read_bytes())
    assert (atom.bozo, rss.bozo) == (0, 0)
    assert atom.version == "atom10" and rss.version == "rss20"
    assert [e.title for e in atom.entries] == ["Gold steigt", "Zinsen sinken"]
    assert [e.title for e in rss.entries] == ["Gold steigt", "Zinsen sinken"]
    assert atom.feed.title == "Testseite – Thema: Zinsen"
    assert atom.feed.link == "https://www.example.de/themen/zinsen/"
    gold = feedparser.parse((site / "output/themen/gold/feed.xml").read_bytes())
    assert [e.title for e in gold.entries] == ["Gold steigt"]  # the scheduled one stays out


def test_the_tag_page_links_its_feeds(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    assert run_build(site, *NOW).code == 0
    page = html.fromstring((site / "output/themen/gold/index.html").read_bytes())
    alternates = {(e.get("type"), e.get("href"), e.get("title")) for e in page.xpath("//head/link[@rel='alternate']")}
    assert ("application/atom+xml", "/themen/gold/feed.xml", "Thema Gold (Atom)") in alternates
    assert ("application/rss+xml", "/themen/gold/rss.xml", "Thema Gold (RSS)") in alternates
    visible = page.xpath("//main//a[@href='/themen/gold/feed.xml']")
    assert [a.text_content() for a in visible] == ["Feed zum Thema Gold abonnieren"]
