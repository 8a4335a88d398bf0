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
    return article(title, date=date, extra=f"image: bild.png\nimage_alt: Ein Goldbarren\nimage_credit: \"Foto: Redaktion\"\nsummary: Teaser zu {title}\n"
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


def test_the_lead_story_picture_is_responsive_like_the_articles_and_loads_first(make_site):
    site = make_site({"content/news/bild.png": png((1600, 900)),
                      "content/news/a.md": with_picture("Aufmacher", "02.06.2024"),
                      "content/news/b.md": article("Ohne Bild", date="01.06.2024")}, BASE_CONFIG)
    assert run_build(site, *NOW).code == 0
    lead = home(site).xpath('//article[@class="lead-story"]')[0]
    source, img = lead.xpath(".//picture/source")[0], lead.xpath(".//picture//img")[0]
    widths = [part.split()[1] for part in source.get("srcset").split(", ")]
    assert source.get("type") == "image/webp" and widths == ["480w", "800w", "1200w"] and source.get("sizes")
    for url in [part.split()[0] for part in source.get("srcset").split(", ")] + [img.get("src")]:
        assert (site / "output" / url.lstrip("/")).is_file(), url
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("800", "450", "Ein Goldbarren")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None  # the page's largest picture
    page = home(site, "news/aufmacher/index.html").xpath('//figure[@class="lead-image"]//picture')[0]
    assert lxml_html.tostring(lead.xpath(".//picture")[0], with_tail=False) == lxml_html.tostring(page, with_tail=False)  # same markup as the article
    assert home(site).xpath('//ol[@class="article-list"]//img[not(@loading="lazy")]') == []


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


# ----------------------------------------------------------------------------------------- icons and logo

def head_links(doc, rel: str) -> list[str]:
    return [link.get("href") for link in doc.xpath(f'//head/link[@rel="{rel}"]')]


def test_every_page_links_the_themes_favicon_by_default(make_site):
    site, _ = build(make_site, {"content/news/a.md": article("Gold")})
    for path in ("index.html", "news/gold/index.html", "themen/index.html", "404.html"):
        doc = home(site, path)
        (favicon,) = head_links(doc, "icon")
        assert doc.xpath('//head/link[@rel="icon"]/@type') == ["image/svg+xml"]
        assert (site / "output" / favicon.lstrip("/")).read_bytes().startswith(b"<svg")
        assert head_links(doc, "apple-touch-icon") == []  # only with touch_icon: (a PNG) in the config


def test_favicon_and_touch_icon_from_config_are_files_of_static(make_site):
    config = BASE_CONFIG + "favicon: static/icon.png\ntouch_icon: static/icons/touch.png\n"
    site = make_site({"content/news/a.md": article("Gold"), "static/icon.png": png((48, 48)),
                      "static/icons/touch.png": png((180, 180))}, config)
    assert run_build(site, *NOW).code == 0
    doc = home(site)
    assert head_links(doc, "icon") == ["/icon.png"] and doc.xpath('//head/link[@rel="icon"]/@type') == ["image/png"]
    assert head_links(doc, "apple-touch-icon") == ["/icons/touch.png"]
    assert (site / "output/icon.png").is_file() and (site / "output/icons/touch.png").is_file()


def test_a_wrong_icon_setting_is_an_error_at_its_line(make_site):
    lines = BASE_CONFIG.count("\n")
    config = BASE_CONFIG + "favicon: bilder/icon.svg\ntouch_icon: static/touch.svg\n"
    site = make_site({"content/news/a.md": article("Gold"), "static/touch.svg": "<svg/>"}, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        f"config.yaml:{lines + 1}: favicon 'bilder/icon.svg' is not a file below static/ — e.g. favicon: static/favicon.svg",
        f"config.yaml:{lines + 2}: touch_icon 'static/touch.svg' is not a PNG file — e.g. touch_icon: static/apple-touch-icon.png"]
    (site / "config.yaml").write_text(BASE_CONFIG + "favicon: static/fehlt.ico\n", "utf-8")
    run = run_build(site, *NOW)
    assert problem_lines(run) == [f"config.yaml:{lines + 1}: favicon 'static/fehlt.ico' not found — put the file "
                                  "into the site's static/ folder, e.g. static/favicon.svg"]


def json_ld(doc) -> dict:
    return json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)


def test_the_publisher_logo_in_json_ld_is_the_published_file(make_site):
    config = BASE_CONFIG + "seo:\n  logo: img/logo.png\n"
    site = make_site({"content/news/a.md": article("Gold"), "themes/default/static/img/logo.png": png((600, 60))},
                     config)
    assert run_build(site, *NOW).code == 0
    logo = json_ld(home(site, "news/gold/index.html"))["publisher"]["logo"]["url"]
    assert logo.startswith("https://www.example.de/assets/img/logo.") and logo.endswith(".png")
    published = site / "output" / logo.removeprefix("https://www.example.de/")
    assert published.read_bytes() == (site / "themes/default/static/img/logo.png").read_bytes()


def test_a_logo_that_is_not_in_the_theme_is_a_warning_and_left_out(make_site):
    config = BASE_CONFIG + "seo:\n  default_image: bild.png\n  logo: img/logo.png\n"
    site = make_site({"content/news/a.md": article("Gold"), "content/bild.png": png()}, config)
    run = run_build(site, *NOW)
    assert run.code == 0
    assert problem_lines(run) == [
        f"warning: config.yaml:{BASE_CONFIG.count(chr(10)) + 3}: seo.logo 'img/logo.png' is not a file of "
        "themes/default/static/ — put the logo there (e.g. static/img/logo.png → seo: {logo: img/logo.png}); "
        "until then the structured data names no publisher logo"]
    assert "logo" not in json_ld(home(site, "news/gold/index.html"))["publisher"]


# ----------------------------------------------------------------------------------------- warnings

NO_IMAGE = ("the article has no image for search results and link previews — set image: (with image_alt:) in its "
            "front matter, or seo.default_image in the config: Google shows an article as a rich result only with "
            "an image")


SEO = BASE_CONFIG + "seo:\n  publisher: Testverlag GmbH\n"


def test_an_article_without_any_image_is_a_warning(make_site):
    site = make_site({"content/news/a.md": article("Gold")}, SEO)
    run = run_build(site, *NOW)
    assert run.code == 0 and problem_lines(run) == [f"warning: content/news/a.md:2: {NO_IMAGE}"]
    assert home(site, "news/gold/index.html").xpath('//meta[@property="og:image"]') == []


def test_many_articles_without_an_image_are_one_summary_line(make_site):
    site = make_site({f"content/news/a{n}.md": article(f"Gold {n}") for n in range(5)}, SEO)
    run = run_build(site, *NOW)
    assert run.code == 0
    assert problem_lines(run) == [
        "warning: articles without any image for rich results (5 files: content/news/a0.md:2, content/news/a1.md:2, "
        "content/news/a2.md:2 and 2 more) — set image: (with image_alt:) in its front matter, or seo.default_image "
        "in the config: Google shows an article as a rich result only with an image"]


def test_seo_default_image_or_a_lead_image_silences_the_warning(make_site):
    site, run = build(make_site, {"content/news/a.md": with_picture("Gold", "01.06.2024")}, SEO)
    assert problem_lines(run) == []
    config = SEO + "  default_image: bild.png\n"
    site = make_site({"content/news/a.md": article("Gold"), "content/bild.png": png()}, config, "other")
    run = run_build(site, *NOW)
    assert run.code == 0 and problem_lines(run) == []
    site = make_site({"content/news/a.md": article("Gold")}, BASE_CONFIG, "no-seo")
    run = run_build(site, *NOW)
    assert run.code == 0 and problem_lines(run) == []  # a site without seo: aims at no rich results


def test_body_checks_name_skipped_headings_tables_without_header_and_vague_links(make_site):
    body = ("Einleitung.\n\n## Lage\n\n#### Details\n\nMehr steht [hier](https://www.example.de/a/).\n\n"
            "Und [weiterlesen …](/news/silber/) oder [der Silberbericht](/news/silber/).\n\n"
            "<table><tr><td>1</td><td>2</td></tr></table>\n\n"
            "| Metall | Preis |\n|---|---|\n| Gold | 2.300 |\n")
    config = BASE_CONFIG + "markdown:\n  allow_html: true\nseo:\n  default_image: bild.png\n"
    site = make_site({"content/news/a.md": article("Gold", body=body), "content/bild.png": png(),
                      "content/news/silber.md": article("Silber")}, config)
    first, run = run_build(site, *NOW), run_build(site, *NOW)  # the second from the store's records
    assert first.code == run.code == 0 and first.err == run.err
    assert problem_lines(run) == [
        "warning: content/news/a.md: heading 'Details' skips a level (h2 → h4) — make it h3 (### in Markdown): "
        "screen reader users move through an article by heading levels (WCAG 1.3.1)",
        "warning: content/news/a.md: table 1 has no header row — give its first row the column names (in Markdown "
        "the row above |---|): screen readers read them with each cell (WCAG 1.3.1)",
        "warning: content/news/a.md:13: link text 'hier' does not say where the link goes — name the target "
        "instead, e.g. [Zinsentscheid der EZB](…) rather than [hier](…): many readers jump from link to link "
        "(WCAG 2.4.4)",
        "warning: content/news/a.md:15: link text 'weiterlesen …' does not say where the link goes — name the "
        "target instead, e.g. [Zinsentscheid der EZB](…) rather than [hier](…): many readers jump from link to "
        "link (WCAG 2.4.4)"]


def test_summarise_keeps_errors_and_small_groups_and_sums_up_large_ones():
    from sitegen.problems import error, warning
    from sitegen.problems_summary import summarise
    vague = [warning(f"content/news/{n}.md", 7, f"link text 'hier' does not say where the link goes", "Tipp")
             for n in range(5)]
    problems = [error("content/news/x.md", 3, "kaputt", "reparieren"), *vague,
                warning("content/news/y.md", 2, "etwas anderes")]
    kind = lambda p: "vage Linktexte" if "link text" in p.message else None  # noqa: E731
    assert summarise(problems, kind) == [
        "content/news/x.md:3: kaputt — reparieren",
        "warning: vage Linktexte (5 files: content/news/0.md:7, content/news/1.md:7, content/news/2.md:7 and 2 more) — Tipp",
        "warning: content/news/y.md:2: etwas anderes"]
    assert summarise(vague[:3], kind) == [f"warning: content/news/{n}.md:7: link text 'hier' does not say where "
                                          "the link goes — Tipp" for n in range(3)]
