"""Responsive pictures: variants, markup, credits and captions, the store, metadata."""

from __future__ import annotations

import io
import json

import pytest
from lxml import html as lxml_html
from PIL import Image

from conftest import NOW, article, run_build
from sitegen.render import pictures


def jpeg(width: int = 1600, height: int = 900, exif: bytes | None = None) -> bytes:
    """A drawn JPEG: left half red, right half blue (so a rotation shows)."""
    picture = Image.new("RGB", (width, height), (200, 30, 30))
    picture.paste((30, 30, 200), (width // 2, 0, width, height))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    return out.getvalue()


def gps_exif(orientation: int = 1) -> bytes:
    """EXIF with a camera model, a GPS position and an ``orientation``."""
    exif = Image.Exif()
    exif[0x0110] = "Testkamera"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 0.0)}
    return exif.tobytes()


LEAD = ('image: gold.jpg\nimage_alt: "Rote und blaue Fläche"\n'
        'image_caption: Der Goldpreis im Jahresverlauf\nimage_credit: "Foto: Erika Muster"')
BODY = ('Ein Absatz.\n\n![Balken in Rot und Blau](chart.jpg "Umsatz je Quartal | Grafik: Redaktion")\n\n'
        'Noch ein Satz mit ![-](deko.png "Zierlinie | Grafik: Redaktion") darin.\n')


def png(width: int = 300, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 120, 10, 128)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def site(make_site):
    return make_site({
        "content/news/gold.md": article("Gold steigt", extra=LEAD, body=BODY),
        "content/news/gold.jpg": jpeg(2400, 1600, gps_exif()),
        "content/news/chart.jpg": jpeg(1000, 500),
        "content/news/deko.png": png(),
    })


def page(site) -> lxml_html.HtmlElement:
    files = list((site / "output" / "news").glob("*/index.html"))
    assert len(files) == 1
    return lxml_html.fromstring(files[0].read_bytes())


def published(site, url: str) -> bytes:
    return (site / "output" / url.lstrip("/")).read_bytes()


def test_lead_image_is_a_picture_with_webp_widths_and_a_small_fallback(site):
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    doc = page(site)
    source = doc.xpath("//figure[@class='lead-image']/picture/source")[0]
    assert source.get("type") == "image/webp"
    widths = [entry.rsplit(" ", 1)[1] for entry in source.get("srcset").split(", ")]
    assert widths == ["480w", "800w", "1200w"]
    assert source.get("sizes") == pictures.SIZES
    img = doc.xpath("//figure[@class='lead-image']/picture//img")[0]
    assert (img.get("width"), img.get("height")) == ("800", "533")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("src").endswith("-w800.jpg")
    with Image.open(io.BytesIO(published(site, img.get("src")))) as fallback:
        assert fallback.size == (800, 533) and fallback.format == "JPEG"
    for entry in source.get("srcset").split(", "):
        url, width = entry.split(" ")
        with Image.open(io.BytesIO(published(site, url))) as variant:
            assert variant.format == "WEBP" and f"{variant.width}w" == width
    for path in (site / "output" / "bilder").glob("gold.*"):  # the 2400 px original is never published
        with Image.open(path) as variant:
            assert variant.width <= 1200, path.name


def test_lead_image_caption_credit_and_json_ld(site):
    assert run_build(site, *NOW).code == 0
    doc = page(site)
    caption = doc.xpath("//figure[@class='lead-image']/figcaption")[0]
    assert caption.text_content() == "Der Goldpreis im Jahresverlauf · Foto: Erika Muster"
    assert caption.xpath("small[@class='credit']")[0].text == "Foto: Erika Muster"
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
    image = data["image"][0]
    assert image["creditText"] == "Foto: Erika Muster" and image["copyrightNotice"] == "Foto: Erika Muster"
    og = doc.xpath('//meta[@property="og:image"]')[0].get("content")
    assert image["url"] == og and og.endswith("-w1200.jpg")


def test_body_image_alone_is_a_figure_and_inline_one_a_lazy_picture(site):
    assert run_build(site, *NOW).code == 0
    doc = page(site)
    figure = doc.xpath("//div[@class='prose']/figure[@class='picture']")[0]
    assert figure.xpath("figcaption")[0].text_content() == "Umsatz je Quartal · Grafik: Redaktion"
    img = figure.xpath("picture//img")[0]
    assert img.get("alt") == "Balken in Rot und Blau"
    assert (img.get("width"), img.get("height"), img.get("loading"), img.get("decoding")) == \
        ("800", "400", "lazy", "async")
    srcset = figure.xpath("picture/source")[0].get("srcset")
    assert [e.rsplit(" ", 1)[1] for e in srcset.split(", ")] == ["480w", "800w", "1000w"]
    inline = doc.xpath("//div[@class='prose']/p/picture//img")[0]
    assert inline.get("alt") == "" and inline.get("src").endswith("-w300.png")
    assert inline.get("title") == "Zierlinie | Grafik: Redaktion"  # inside a sentence: no figure, title kept
    assert (inline.get("width"), inline.get("height")) == ("300", "100")


def test_gps_and_exif_are_stripped_and_orientation_applied(make_site):
    site = make_site({
        "content/news/gold.md": article("Gold steigt", extra=LEAD.replace("gold.jpg", "hoch.jpg")),
        "content/news/hoch.jpg": jpeg(1600, 900, gps_exif(orientation=6)),  # stored lying, shown upright
    })
    assert run_build(site, *NOW).code == 0
    files = sorted((site / "output" / "bilder").glob("hoch.*"))
    assert len(files) == 5  # 480, 800, 1200 WebP, the 800 fallback, the 1200 for og:image
    for path in files:
        with Image.open(path) as variant:
            assert not variant.getexif() and "exif" not in variant.info, path.name
            assert variant.height > variant.width, path.name
            top = variant.convert("RGB").getpixel((variant.width // 2, 5))
            assert top[0] > top[2], f"{path.name}: the red half should be on top after turning"
    img = page(site).xpath("//figure[@class='lead-image']/picture//img")[0]
    assert (img.get("width"), img.get("height")) == ("800", "1422")


def test_a_rebuild_encodes_nothing(site, monkeypatch):
    calls = []
    real = pictures.encode
    monkeypatch.setattr(pictures, "encode", lambda *a: calls.append(a[1:]) or real(*a))
    monkeypatch.setattr(pictures.make_variants, "__defaults__",
                        (("webp",), False, pictures.encode))
    assert run_build(site, *NOW).code == 0
    first = sorted(calls)
    assert (1200, "webp") in first and (800, "jpeg") in first
    before = {p.name: p.read_bytes() for p in (site / "output" / "bilder").iterdir()}
    calls.clear()
    (site / "content/news/gold.md").write_text(article("Gold steigt weiter", extra=LEAD, body=BODY))
    assert run_build(site, *NOW).code == 0
    assert calls == []
    assert {p.name: p.read_bytes() for p in (site / "output" / "bilder").iterdir()} == before


def test_variants_are_byte_identical_across_encodes():
    data = jpeg(1300, 700, gps_exif())
    one = pictures.make_variants(data, "x", "JPEG", None, share=True)
    two = pictures.make_variants(data, "x", "JPEG", None, share=True)
    assert one == two


def test_widths_never_upscale():
    assert pictures.target_widths(2400) == (480, 800, 1200)
    assert pictures.target_widths(600) == (480, 600)
    assert pictures.target_widths(300) == (300,)
    assert pictures.target_widths(1200) == (480, 800, 1200)


def test_a_picture_above_50_megapixels_is_refused_at_the_image_line(make_site):
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG")
    site = make_site({"content/news/gold.md": article("Gold steigt", extra=LEAD.replace("gold.jpg", "riesig.png")),
                      "content/news/riesig.png": out.getvalue()})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "content/news/gold.md:6: image 'riesig.png' has 8000×7000 pixels, more than 50 megapixels: refused as a " \
           "possible decompression bomb — scale it down to at most 50 megapixels, e.g. 2400 px wide" in run.err


def test_warnings_are_summarised_per_kind(make_site):
    files = {f"content/news/n{i}.md": article(f"Nachricht {i}", date=f"{10 + i}.04.2024",
                                              body=f"Text.\n\n![](chart.jpg)\n\n![Kurve {i}](chart.jpg)\n")
             for i in range(4)}
    files["content/news/chart.jpg"] = jpeg(500, 300)
    files["content/news/gold.md"] = article("Gold steigt", extra=LEAD, body=BODY)
    files["content/news/gold.jpg"] = jpeg(900, 600)
    files["content/news/chart.jpg"] = jpeg(1000, 500)
    files["content/news/deko.png"] = png()
    site = make_site(files)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if line.startswith("warning:")]
    assert warnings == [  # sorted like every problem: by path (none), line, message
        'warning: 4 images have no alt text (a screen reader can only say "image") — describe the picture in '
        "the [] of ![…](bild.jpg), or write ![-](bild.jpg) for a purely decorative one; "
        "first: content/news/n0.md:9, content/news/n1.md:9, content/news/n2.md:9, …",
        "warning: 8 images have no credit (§ 13 UrhG: the photographer decides how they are named) — "
        'add image_credit: "Foto: Name" to the front matter, or write ![Alt](bild.jpg "Caption | Foto: Name"); '
        "first: content/news/n0.md:9, content/news/n0.md:11, content/news/n1.md:9, …",
    ]


def test_many_pictures_are_encoded_on_several_processes_with_the_same_bytes(make_site, monkeypatch):
    import sitegen.pipeline
    pooled = []
    real = sitegen.pipeline.prewarm
    monkeypatch.setattr(sitegen.pipeline, "prewarm", lambda *a: pooled.append(real(*a)))
    files = {f"content/news/n{i}.md": article(f"Nachricht {i}", date=f"{10 + i}.04.2024",
                                              extra=LEAD.replace("gold.jpg", f"b{i}.jpg"))
             for i in range(5)}
    files.update({f"content/news/b{i}.jpg": jpeg(900 + 100 * i, 500) for i in range(5)})
    one, two = make_site(files, name="one"), make_site(files, name="two")
    assert run_build(one, *NOW, "--jobs", "1", "--no-cache").code == 0
    assert run_build(two, *NOW, "--jobs", "2").code == 0
    pictures_of = lambda site: {p.name: p.read_bytes() for p in (site / "output" / "bilder").iterdir()}  # noqa: E731
    assert pooled == [0, 5]  # --jobs 1: in this process; --jobs 2: all five on the pool
    assert len(pictures_of(one)) == 5 * 5 and pictures_of(one) == pictures_of(two)



def test_a_changed_lead_image_file_reaches_the_page_of_an_unchanged_article(site):
    assert run_build(site, *NOW).code == 0
    (site / "content/news/gold.jpg").write_bytes(jpeg(2000, 1000))
    assert run_build(site, *NOW).code == 0
    img = page(site).xpath("//figure[@class='lead-image']/picture//img")[0]
    assert (img.get("width"), img.get("height")) == ("800", "400")
    assert (site / "output" / img.get("src").lstrip("/")).is_file()
    clean = site.parent / "clean"
    import shutil
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    assert run_build(clean, *NOW).code == 0
    assert {p.name for p in (clean / "output" / "bilder").iterdir()} == \
        {p.name for p in (site / "output" / "bilder").iterdir()}
    assert page(clean).xpath("//figure[@class='lead-image']")[0].text_content() == \
        page(site).xpath("//figure[@class='lead-image']")[0].text_content()


def test_avif_on_request_comes_first(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/gold.md": article("Gold steigt", extra=LEAD),
                      "content/news/gold.jpg": jpeg(1000, 500)}, BASE_CONFIG + "images:\n  formats: [webp, avif]\n")
    assert run_build(site, *NOW).code == 0
    sources = page(site).xpath("//figure[@class='lead-image']/picture//source")
    assert [s.get("type") for s in sources] == ["image/avif", "image/webp"]
    url, width = sources[0].get("srcset").split(", ")[-1].split(" ")
    with Image.open(io.BytesIO(published(site, url))) as variant:
        assert variant.format == "AVIF" and f"{variant.width}w" == width == "1000w"


def test_an_unknown_image_format_is_a_config_error_at_its_line(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/gold.md": article("Gold steigt")},
                     BASE_CONFIG + "images:\n  formats:\n    - webp\n    - jxl\n")
    run = run_build(site, *NOW)
    line = BASE_CONFIG.count("\n") + 4
    assert run.code == 1
    assert f"config.yaml:{line}: images.formats: 'jxl' is not a format we make, or is repeated — " \
           "use each of webp, avif at most once" in run.err.splitlines()


def test_feeds_carry_the_fallback_image_with_an_absolute_url(site):
    assert run_build(site, *NOW).code == 0
    feed = (site / "output" / "feed.xml").read_text()
    assert "<source" not in feed and "srcset" not in feed
    assert 'src="https://www.example.de/bilder/chart.' in feed


def test_a_picture_beyond_pillows_own_limit_is_refused_the_same_way(make_site):
    out = io.BytesIO()
    Image.new("1", (12000, 9000)).save(out, "PNG")  # 108 megapixels: Pillow itself warns
    site = make_site({"content/news/gold.md": article("Gold steigt", body="![Karte](riesig.png)\n"),
                      "content/news/riesig.png": out.getvalue()})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert f"content/news/gold.md:7: image 'riesig.png' has more than {Image.MAX_IMAGE_PIXELS:,} pixels: refused " \
           "as a possible decompression bomb — scale it down to at most 50 megapixels, e.g. 2400 px wide" in run.err


def test_one_lead_image_without_credit_is_named_in_the_singular(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt", extra='image: gold.jpg\nimage_alt: "Gold"'),
                      "content/news/gold.jpg": jpeg(600, 400)})
    run = run_build(site, *NOW)
    assert run.code == 0
    assert [line for line in run.err.splitlines() if line.startswith("warning:")] == [
        "warning: 1 image has no credit (§ 13 UrhG: the photographer decides how they are named) — "
        'add image_credit: "Foto: Name" to the front matter, or write ![Alt](bild.jpg "Caption | Foto: Name"); '
        "first: content/news/gold.md:6"]
