"""``news-sitemap.xml``: the Google News sitemap of the last 48 hours by the
build's clock, and the scheduled build that drops an article once it is
older than that although no file changed (issue 12, item 6).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import BASE_CONFIG, article, run_build

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

SITE = {
    "content/news/jetzt.md": article('"Gold & Silber: Eilmeldung"', date="01.05.2024", time="12:00"),
    "content/news/gestern.md": article("Zinsentscheid der EZB", date="29.04.2024", time="12:01"),
    "content/news/alt.md": article("Zu alte Meldung", date="29.04.2024", time="12:00"),
    "content/news/datum.md": article("Wochenrückblick", date="30.04.2024", time=""),
    "content/news/zukunft.md": article("Kommende Meldung", date="01.05.2024", time="12:01"),
    "content/news/entwurf.md": article("Geheimer Entwurf", date="01.05.2024", time="09:00", extra="draft: true"),
}


def news(out: Path) -> dict[str, dict[str, str]]:
    """``{loc: {field: text}}`` of the news sitemap, checked as XML in the two namespaces."""
    root = ET.fromstring((out / "news-sitemap.xml").read_bytes())
    assert root.tag == f"{SM}urlset"
    rows = {}
    for url in root.findall(f"{SM}url"):
        item = url.find(f"{NEWS}news")
        rows[url.findtext(f"{SM}loc")] = {
            "name": item.findtext(f"{NEWS}publication/{NEWS}name"),
            "language": item.findtext(f"{NEWS}publication/{NEWS}language"),
            "date": item.findtext(f"{NEWS}publication_date"),
            "title": item.findtext(f"{NEWS}title")}
    return rows


def test_news_sitemap_lists_the_articles_of_the_last_48_hours(make_site, tmp_path):
    site = make_site(SITE)
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    rows = news(site / "output")
    assert rows == {
        "https://www.example.de/news/gold-silber-eilmeldung/": {
            "name": "Testseite", "language": "de", "date": "2024-05-01T12:00:00+02:00",
            "title": "Gold & Silber: Eilmeldung"},
        "https://www.example.de/news/zinsentscheid-der-ezb/": {
            "name": "Testseite", "language": "de", "date": "2024-04-29T12:01:00+02:00",
            "title": "Zinsentscheid der EZB"},
        "https://www.example.de/news/wochenrueckblick/": {
            "name": "Testseite", "language": "de", "date": "2024-04-30", "title": "Wochenrückblick"},
    }
    assert list(rows)[0] == "https://www.example.de/news/gold-silber-eilmeldung/"  # newest first
    raw = (site / "output/news-sitemap.xml").read_text()
    assert "<news:title>Gold &amp; Silber: Eilmeldung</news:title>" in raw
    assert 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in raw
    preview = tmp_path / "preview"
    assert run_build(site, "--now", "2024-05-01 12:00", "--drafts", "--future", "--output", str(preview)).code == 0
    assert news(preview) == rows  # drafts and scheduled articles shown in a preview stay out


def test_publication_name_and_language_come_from_config(make_site):
    config = BASE_CONFIG.replace("title: Testseite", "title: Testseite\nlanguage: de_AT") + \
        "news:\n  publication: Testverlag Nachrichten\n"
    site = make_site({"content/news/jetzt.md": SITE["content/news/jetzt.md"]}, config)
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    [row] = news(site / "output").values()
    assert (row["name"], row["language"]) == ("Testverlag Nachrichten", "de")


def test_without_new_articles_the_news_sitemap_is_an_empty_urlset(make_site):
    site = make_site({"content/news/alt.md": SITE["content/news/alt.md"]})
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
    assert news(site / "output") == {}
    assert "Sitemap: https://www.example.de/news-sitemap.xml" in (site / "output/robots.txt").read_text()


def test_a_scheduled_build_without_changed_files_drops_an_article_after_48_hours(make_site, monkeypatch):
    """The build state skips a build whose inputs did not change; the news
    sitemap's next change (the article turning 48 h old) must end that."""
    import time
    from sitegen.store import buildstate
    # the state trusts no input changed within 2 s of a build: let builds "finish" 60 s later
    monkeypatch.setattr(buildstate, "finished_now_ns", lambda: time.time_ns() + 60 * 10**9)
    site = make_site({"content/news/jetzt.md": SITE["content/news/jetzt.md"],
                      "content/news/alt.md": SITE["content/news/alt.md"]})
    url = "https://www.example.de/news/gold-silber-eilmeldung/"
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
    assert list(news(site / "output")) == [url]
    assert run_build(site, "--now", "2024-05-03 11:59").code == 0  # 47 h 59 min: still news
    assert list(news(site / "output")) == [url]
    later = run_build(site, "--now", "2024-05-03 13:00")  # T + 49 h, no file changed
    assert later.code == 0, later.err
    assert "(1 file written," in later.out
    assert news(site / "output") == {}
