"""The theme as a reader sees it: the home page's lead story, favicon and touch
icon, the publisher logo in the structured data, and the warnings an editor
gets about images for rich results and accessible bodies."""

from __future__ import annotations

import io
import json
from pathlib import Path

from lxml import html as lxml_html

from conftest import BASE_CONFIG, article, problem_lines, run_build, snapshot

NOW = ("--now", "2024-07-01 12:00")


def png(size=(320, 180), colour=(201, 162, 39)) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def with_picture(title: str, date: str, extra: str = "") -> str:
    return article(title, date=date, extra=f"image: bild.png\nimage_alt: Ein Goldbarren\nsummary: Teaser zu {title}\n"
                                             + extra)


def build(make_site, files: dict, config: str = BASE_CONFIG, *args: str, name: str = "site"):
    site = make_site({"content/news/bild.png": png(), **files}, config, name)
    run = run_build(site, *NOW, *args)
    assert run.code == 0, run.err
    return site, run


def home(site: Path, path: str = "index.html"):
    return lxml_html.fromstring((site / "output" / path).read_text(encoding="utf-8"))


def lead_title(doc) -> str | None:
    found = doc.xpath('//article[@class="lead-story"]//h2')
    return found[0].text_content().strip() if found else None


def listed(doc) -> list[str]:
    return [h.text_content().strip() for h in doc.xpath('//ol[@class="article-list"]//h2')]


# ----------------------------------------------------------------------------------------- the lead story

def test_the_newest_unsponsored_article_with_a_picture_leads_with_picture_and_teaser(make_site):
    site, _ = build(make_site, {
        "content/news/a.md": with_picture("Alt mit Bild", "01.06.2024"),
        "content/news/b.md": with_picture("Neuer mit Bild", "02.06.2024"),
        "content/news/c.md": with_picture("Anzeige mit Bild", "03.06.2024", "sponsored: true\n"),
        "content/news/d.md": article("Neueste ohne Bild", date="04.06.2024"),
    })
    doc = home(site)
    assert lead_title(doc) == "Neuer mit Bild"
    lead = doc.xpath('//article[@class="lead-story"]')[0]
    img = lead.xpath(".//img")[0]
    assert img.get("alt") == "Ein Goldbarren" and img.get("width") == "320" and img.get("height") == "180"
    assert (site / "output" / img.get("src").lstrip("/")).is_file()
    assert lead.xpath('.//p[@class="lead-story-summary"]')[0].text == "Teaser zu Neuer mit Bild"
    assert lead.xpath(".//h2/a")[0].get("href") == "/news/neuer-mit-bild/"
    assert listed(doc) == ["Neueste ohne Bild", "Anzeige mit Bild", "Alt mit Bild"]  # not repeated below


def test_an_article_marked_featured_wins_even_older_and_without_a_picture(make_site):
    site, _ = build(make_site, {
        "content/news/a.md": article("Älterer Aufmacher", date="01.06.2024", extra="featured: true"),
        "content/news/b.md": article("Noch älterer Aufmacher", date="20.05.2024", extra="featured: true"),
        "content/news/c.md": with_picture("Neuer mit Bild", "02.06.2024"),
    })
    doc = home(site)
    assert lead_title(doc) == "Älterer Aufmacher"
    assert doc.xpath('//article[@class="lead-story"]//img') == []
    assert listed(doc) == ["Neuer mit Bild", "Noch älterer Aufmacher"]


def test_without_a_candidate_the_home_page_is_the_plain_list(make_site):
    site, _ = build(make_site, {
        "content/news/a.md": article("Ohne Bild", date="01.06.2024"),
        "content/news/b.md": with_picture("Anzeige mit Bild", "02.06.2024", "sponsored: true\n"),
    })
    doc = home(site)
    assert lead_title(doc) is None
    assert listed(doc) == ["Anzeige mit Bild", "Ohne Bild"]


def test_the_lead_is_left_out_of_page_one_only(make_site):
    config = BASE_CONFIG + "pagination:\n  page_size: 2\n"
    site, _ = build(make_site, {
        "content/news/a.md": article("Eins", date="01.06.2024"),
        "content/news/b.md": article("Zwei", date="02.06.2024"),
        "content/news/c.md": with_picture("Drei mit Bild", "03.06.2024"),
    }, config)
    first, second = home(site), home(site, "seite/2/index.html")
    assert lead_title(first) == "Drei mit Bild" and listed(first) == ["Zwei"]
    assert lead_title(second) is None and listed(second) == ["Eins"]


def test_featured_must_be_true_or_false(make_site):
    site = make_site({"content/news/a.md": article("Gold", extra="featured: ja bitte")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run)[0] == "content/news/a.md:6: 'featured' must be true or false, not 'ja bitte' — featured: true"


def test_marking_an_article_featured_rebuilds_the_home_page_as_a_clean_build_does(make_site):
    files = {"content/news/a.md": article("Alt", date="01.06.2024"),
             "content/news/b.md": with_picture("Neu mit Bild", "02.06.2024")}
    site, _ = build(make_site, files)
    assert lead_title(home(site)) == "Neu mit Bild"
    (site / "content/news/a.md").write_text(article("Alt", date="01.06.2024", extra="featured: true"), "utf-8")
    assert run_build(site, *NOW).code == 0
    clean, _ = build(make_site, {**files, "content/news/a.md": article("Alt", date="01.06.2024", extra="featured: true")},
                     name="clean")
    assert lead_title(home(site)) == "Alt"
    assert snapshot(site / "output") == snapshot(clean / "output")
