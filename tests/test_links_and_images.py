"""Links between articles and published images, as they come out of a build.

Editors link another article by its source file (``gold.md``) or a site path
(``/themen/gold/``); the built page must hold the right URL under
``base_url``.  Broken links are errors at their file line.  Images next to an
article are published under ``/bilder/`` with a content hash and their size.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import lxml.html
from PIL import Image

from conftest import BASE_CONFIG, article, run_build

NOW = ("--now", "2024-05-01 12:00")
# article(): --- (1), title (2), date (3), time (4), tags (5), --- (6), body from line 7.
BODY = 7

GOLD = article("Gold", body="Einleitung.\n\n## Fazit\n\nGold glänzt.\n")


def png(width: int = 640, height: int = 360) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (212, 175, 55)).save(buf, "PNG")
    return buf.getvalue()


def build(make_site, files, config=BASE_CONFIG, *args, name="site"):
    site = make_site(files, config, name=name)
    return site, run_build(site, *NOW, *args)


def built(make_site, files, config=BASE_CONFIG, *args) -> Path:
    site, run = build(make_site, files, config, *args)
    assert run.code == 0, run.err
    return site / "output"


def doc(out: Path, url: str):
    return lxml.html.fromstring((out / url.strip("/") / "index.html").read_bytes())


def prose_links(out: Path, url: str) -> dict[str, str]:
    """{link text: href} of the links in an article's body."""
    return {a.text_content(): a.get("href") for a in doc(out, url).xpath('//div[@class="prose"]//a')}


def error_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith(("warning:", "build failed"))]


# --- links ---------------------------------------------------------------------------------

def test_links_to_article_sources_and_site_paths_resolve(make_site):
    out = built(make_site, {
        "content/news/gold.md": GOLD,
        "content/news/silber.md": article("Silber", date="24.04.2024", body=(
            "[Nachbar](gold.md), [Fazit](../news/gold.md#fazit), [Thema](/themen/gold/), "
            "[Archiv](/archiv/), [Feed](/feed.xml), [Extern](https://www.bundesbank.de/de?x=1#y), "
            "[Mail](mailto:info@example.de) und [oben](#ende).\n\n## Ende\n")),
    })
    assert prose_links(out, "/news/silber/") == {
        "Nachbar": "/news/gold/", "Fazit": "/news/gold/#fazit", "Thema": "/themen/gold/", "Archiv": "/archiv/",
        "Feed": "/feed.xml", "Extern": "https://www.bundesbank.de/de?x=1#y", "Mail": "mailto:info@example.de",
        "oben": "#ende"}
    assert doc(out, "/news/gold/").xpath('//h2[@id="fazit"]'), "the anchor target exists"


def test_links_resolve_under_a_sub_path_base_url(make_site):
    out = built(make_site, {
        "content/news/gold.md": GOLD,
        "content/news/silber.md": article("Silber", date="24.04.2024",
                                          body="[Nachbar](gold.md#fazit) und [Thema](/themen/gold/).\n"),
    }, BASE_CONFIG, "--base-url", "https://example.org/blog/")
    assert prose_links(out, "/news/silber/") == {"Nachbar": "/blog/news/gold/#fazit", "Thema": "/blog/themen/gold/"}


def test_link_to_a_static_page_source(make_site):
    out = built(make_site, {
        "content/pages/ueber-uns.md": "---\ntitle: Über uns\n---\nWir.\n",
        "content/news/gold.md": article("Gold", body="Mehr [über uns](../pages/ueber-uns.md).\n"),
    })
    assert prose_links(out, "/news/gold/") == {"über uns": "/ueber-uns/"}


def _broken(make_site, body_line_3: str, extra_files=None):
    """Build a site whose article ``silber.md`` has ``body_line_3`` on its third body line."""
    files = {"content/news/gold.md": GOLD,
             "content/news/silber.md": article("Silber", date="24.04.2024",
                                               body=f"Erster Absatz.\n\n{body_line_3}\n"),
             **(extra_files or {})}
    site, run = build(make_site, files)
    assert run.code == 1, run.err
    assert not (site / "output").exists(), "nothing is written when a link is broken"
    lines = error_lines(run)
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"content/news/silber.md:{BODY + 2}: "), lines[0]
    assert " — " in lines[0], "with a hint"
    return lines[0]


def test_link_to_a_missing_source_is_an_error_at_its_line(make_site):
    line = _broken(make_site, "Siehe [Platin](platin.md).")
    assert "platin.md" in line


def test_link_to_a_draft_is_an_error_at_its_line(make_site):
    line = _broken(make_site, "Siehe [Entwurf](entwurf.md).",
                   {"content/news/entwurf.md": article("Entwurf", extra="draft: true")})
    assert "entwurf.md" in line and "not published" in line


def test_link_to_a_scheduled_article_is_an_error_at_its_line(make_site):
    line = _broken(make_site, "Siehe [Bald](bald.md).",
                   {"content/news/bald.md": article("Bald", date="02.05.2024")})
    assert "bald.md" in line and "not published" in line


def test_link_to_a_missing_anchor_in_another_article(make_site):
    line = _broken(make_site, "Siehe [dort](gold.md#ausblick).")
    assert "#ausblick" in line and "#fazit" in line, "the hint lists the headings there"


def test_link_to_a_missing_anchor_on_the_same_page(make_site):
    line = _broken(make_site, "Siehe [oben](#nirgends).")
    assert "#nirgends" in line


def test_site_path_link_to_a_missing_anchor(make_site):
    line = _broken(make_site, "Siehe [dort](/news/gold/#ausblick).")
    assert "#ausblick" in line


def test_link_to_a_site_path_that_does_not_exist(make_site):
    line = _broken(make_site, "Siehe [Platin](/themen/platin/).")
    assert "/themen/platin/" in line


def test_each_broken_link_of_a_file_is_reported(make_site):
    site, run = build(make_site, {"content/news/gold.md": GOLD, "content/news/silber.md": article(
        "Silber", date="24.04.2024", body="[a](fehlt.md)\n\n[b](/nirgends/)\n\n[c](gold.md#nix)\n")})
    assert run.code == 1
    assert [line.split(": ", 1)[0] for line in error_lines(run)] == [
        f"content/news/silber.md:{BODY}", f"content/news/silber.md:{BODY + 2}", f"content/news/silber.md:{BODY + 4}"]


# --- lead image ----------------------------------------------------------------------------

def test_lead_image_is_published_with_hash_size_and_alt(make_site):
    data = png()
    out = built(make_site, {
        "content/news/chart.png": data,
        "content/news/gold.md": article("Gold", extra='image: chart.png\nimage_alt: "Goldkurs seit 2020"'),
    })
    imgs = doc(out, "/news/gold/").xpath('//figure[@class="lead-image"]/picture//img')
    assert len(imgs) == 1
    img = imgs[0]
    digest = hashlib.sha256(data).hexdigest()[:10]
    assert re.fullmatch(r"/bilder/chart\.[0-9a-f]{10}-w640\.png", img.get("src"))  # the fallback (pictures.py)
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("640", "360", "Goldkurs seit 2020")
    with Image.open(out / img.get("src").lstrip("/")) as fallback:
        assert (fallback.format, fallback.size) == ("PNG", (640, 360))
    assert not (out / "bilder" / f"chart.{digest}.png").exists()
    assert not (out / "news" / "gold" / "chart.png").exists()


def test_lead_image_from_content_images_under_a_sub_path(make_site):
    data = png(320, 200)
    out = built(make_site, {
        "content/images/barren.png": data,
        "content/news/gold.md": article("Gold", extra="image: barren.png\nimage_alt: Barren"),
    }, BASE_CONFIG, "--base-url", "https://example.org/blog/")
    img = doc(out, "/news/gold/").xpath('//figure[@class="lead-image"]/picture//img')[0]
    assert re.fullmatch(r"/blog/bilder/barren\.[0-9a-f]{10}-w320\.png", img.get("src"))
    assert (img.get("width"), img.get("height")) == ("320", "200")
    with Image.open(out / img.get("src")[len("/blog/"):]) as fallback:
        assert fallback.size == (320, 200) and len(data) > 0


def test_image_without_alt_is_an_error_at_the_image_line(make_site):
    site, run = build(make_site, {"content/news/chart.png": png(),
                                  "content/news/gold.md": article("Gold", extra="image: chart.png")})
    assert run.code == 1
    assert error_lines(run)[0].startswith("content/news/gold.md:6: 'image' needs 'image_alt'"), run.err


def test_missing_image_file_is_an_error_at_its_line(make_site):
    site, run = build(make_site, {"content/news/gold.md": article(
        "Gold", extra="image_alt: Kurs\nimage: fehlt.png")})
    assert run.code == 1
    lines = error_lines(run)
    assert len(lines) == 1 and lines[0].startswith("content/news/gold.md:7: "), run.err
    assert "fehlt.png" in lines[0]


def test_body_image_is_published_like_the_lead_image(make_site):
    data = png()
    out = built(make_site, {
        "content/news/chart.png": data,
        "content/news/gold.md": article("Gold", body="Text.\n\n![Kurs](chart.png)\n"),
    })
    imgs = doc(out, "/news/gold/").xpath('//div[@class="prose"]//img')
    assert len(imgs) == 1
    assert re.fullmatch(r"/bilder/chart\.[0-9a-f]{10}-w640\.png", imgs[0].get("src")) and imgs[0].get("alt") == "Kurs"
    with Image.open(out / imgs[0].get("src").lstrip("/")) as fallback:
        assert fallback.size == (640, 360) and len(data) > 0


def test_missing_body_image_is_an_error_at_its_line(make_site):
    site, run = build(make_site, {"content/news/gold.md": article("Gold", body="Text.\n\n![Kurs](weg.png)\n")})
    assert run.code == 1
    lines = error_lines(run)
    assert len(lines) == 1 and lines[0].startswith(f"content/news/gold.md:{BODY + 2}: "), run.err
    assert "weg.png" in lines[0]


def test_default_image_is_og_image_on_pages_without_their_own(make_site):
    og, lead = png(1200, 630), png()
    config = BASE_CONFIG + "seo:\n  default_image: images/og.png\n"
    out = built(make_site, {
        "content/images/og.png": og,
        "content/news/chart.png": lead,
        "content/news/gold.md": article("Gold", extra="image: chart.png\nimage_alt: Kurs"),
        "content/news/silber.md": article("Silber", date="24.04.2024"),
    }, config)
    default = f"https://www.example.de/bilder/og.{hashlib.sha256(og).hexdigest()[:10]}.png"
    own = r"https://www\.example\.de/bilder/chart\.[0-9a-f]{10}-w640\.png"  # the widest variant (pictures.py)

    def og_image(url):
        return doc(out, url).xpath('//head/meta[@property="og:image"]/@content')

    assert og_image("/") == [default]
    assert og_image("/news/silber/") == [default]
    assert og_image("/themen/gold/") == [default]
    assert len(og_image("/news/gold/")) == 1 and re.fullmatch(own, og_image("/news/gold/")[0]) and lead
    assert (out / default.split("example.de/", 1)[1]).read_bytes() == og


# --- files that are not images ---------------------------------------------------------------

NOT_IMAGE = "save it as JPEG, PNG, GIF, WebP or SVG"
SEO_LINE = len(BASE_CONFIG.splitlines()) + 2  # "seo:" then "  default_image: …"


def test_default_image_that_is_not_an_image_is_an_error_at_its_config_line(make_site):
    for data, why in ((b"kein Bild\n", "its bytes are not JPEG, PNG, GIF or WebP data"), (b"", "the file is empty")):
        site, run = build(make_site, {"content/images/og.png": data, "content/news/gold.md": GOLD},
                          BASE_CONFIG + "seo:\n  default_image: images/og.png\n", name=f"site{len(data)}")
        assert run.code == 1 and not (site / "output").exists()
        assert error_lines(run) == [
            f"config.yaml:{SEO_LINE}: seo.default_image 'images/og.png' is not an image ({why}) — {NOT_IMAGE}"]


def test_default_image_naming_a_folder_is_an_error_at_its_config_line(make_site):
    site, run = build(make_site, {"content/images/og.png/leer.txt": "x", "content/news/gold.md": GOLD},
                      BASE_CONFIG + "seo:\n  default_image: images/og.png\n")
    assert run.code == 1
    assert error_lines(run) == [f"config.yaml:{SEO_LINE}: seo.default_image 'images/og.png' is not an image "
                                "(it is a folder) — name a file in it, e.g. images/chart.png"]


def test_lead_and_body_images_that_do_not_decode_are_errors_at_their_lines(make_site):
    site, run = build(make_site, {
        "content/news/lead.png": b"GIF89a kaputt", "content/news/leer.webp": b"",
        "content/news/gold.md": article("Gold", extra="image: lead.png\nimage_alt: Kurs",
                                        body="Text mit\nzwei Zeilen ![Kurs](leer.webp).\n")})
    assert run.code == 1 and not (site / "output").exists()
    assert error_lines(run) == [
        f"content/news/gold.md:6: image 'lead.png' is not an image (its bytes are not JPEG, PNG, GIF or WebP data) "
        f"— {NOT_IMAGE}",
        f"content/news/gold.md:{BODY + 3}: image 'leer.webp' is not an image (the file is empty) — {NOT_IMAGE}"]


# --- the line of a broken link is the link's own line -------------------------------------------

def test_broken_links_are_reported_at_their_own_line_in_paragraphs_tables_and_footnotes(make_site):
    body = ("Erste Zeile,\nzweite mit [a](fehlt-a.md),\n![Alt\ntext](weg.png) und [b](fehlt-b.md).\n\n"
            "| Kurs | Quelle |\n|---|---|\n| 1 | [c](fehlt-c.md) |\n\nText[^1]\n\n"
            "[^1]: Fußnote\n    mit [d](fehlt-d.md)\n")
    site, run = build(make_site, {"content/news/gold.md": article("Gold", body=body)})
    assert run.code == 1
    assert [(line.split(": ", 1)[0], line.split()[3 if " link to " in line else 2].strip("':"))
            for line in error_lines(run)] == [
        (f"content/news/gold.md:{BODY + 1}", "fehlt-a.md"), (f"content/news/gold.md:{BODY + 2}", "weg.png"),
        (f"content/news/gold.md:{BODY + 3}", "fehlt-b.md"), (f"content/news/gold.md:{BODY + 7}", "fehlt-c.md"),
        (f"content/news/gold.md:{BODY + 12}", "fehlt-d.md")]


def test_image_without_a_file_name_is_an_error_at_its_line(make_site):
    site, run = build(make_site, {"content/news/gold.md": article("Gold", body="Text.\n\n![Kurs]() und ![Top](#oben)\n")})
    assert run.code == 1
    assert error_lines(run) == [f"content/news/gold.md:{BODY + 2}: image '{target}' names no file "
                                "— write ![description](chart.png)" for target in ("#oben", "")]
