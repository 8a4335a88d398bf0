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


def test_serve_makes_only_the_feeds_of_an_edited_articles_tags_again_and_they_equal_a_clean_build(make_site,
                                                                                                     monkeypatch,
                                                                                                     tmp_path):
    from datetime import datetime

    from conftest import tree
    from sitegen.preview.session import PreviewSession
    from sitegen.render import topicfeeds
    made = []
    real = topicfeeds._tag_files
    monkeypatch.setattr(topicfeeds, "_tag_files", lambda tag, *rest: made.append(tag.slug) or real(tag, *rest))
    site = make_site({"content/news/gold.md": article("Gold steigt", tags="[Gold, Zinsen]"),
                      "content/news/silber.md": article("Silber fällt", date="24.04.2024", tags="[Silber]")})
    preview = tmp_path / "preview"
    session = PreviewSession(site / "config.yaml", preview, now=datetime(2024, 5, 1, 12, 0))
    assert session.rebuild().ok
    assert sorted(made) == ["gold", "silber", "zinsen"]
    made.clear()
    (site / "content/news/silber.md").write_text(article("Silber fällt", date="24.04.2024", tags="[Silber]",
                                                         body="Ein neuer Absatz über Silber.\n"))
    assert session.rebuild().ok
    assert made == ["silber"]  # the feeds of gold and zinsen are kept from the last rebuild
    assert "Ein neuer Absatz über Silber." in (preview / "themen/silber/feed.xml").read_text()
    assert run_build(site, "--now", "2024-05-01 12:00", "--output", str(tmp_path / "clean"), "--no-cache").code == 0
    clean = tree(tmp_path / "clean")
    assert {p: b for p, b in tree(preview).items() if p.startswith("themen/")} == \
        {p: b for p, b in clean.items() if p.startswith("themen/")}
