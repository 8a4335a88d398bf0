"""Fixes from a fresh-user trial: damaged pictures, data-file messages,
readable charts and tables on phones, captions with credits, config and
front matter messages."""

from __future__ import annotations

import io
import random

import pytest
from lxml import html as lxml_html
from PIL import Image

from conftest import NOW, article, problem_lines, run_build, snapshot


def photo(width: int = 1600, height: int = 1000) -> bytes:
    """A noisy JPEG (noise keeps the file large, so a cut hits the pixel data)."""
    rng = random.Random(7)
    picture = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


GOOD = photo()


@pytest.mark.parametrize("cut", [5000, 20000, 30000])
@pytest.mark.parametrize("where", ["lead", "body"])
def test_a_truncated_jpeg_is_a_problem_at_the_articles_line(make_site, cut, where):
    extra = 'image: kaputt.jpg\nimage_alt: Ein Bild\nimage_credit: "Foto: Erika Muster"' if where == "lead" else ""
    body = 'Ein Absatz.\n' if where == "lead" else 'Ein Absatz.\n\n![Ein Bild](kaputt.jpg "Foto: Erika Muster")\n'
    site = make_site({"content/news/gold.md": article("Gold steigt", extra=extra, body=body),
                      "content/news/kaputt.jpg": GOOD[:cut]})
    run = run_build(site, *NOW)
    lines = problem_lines(run)
    assert run.code == 1, run.err
    line = 6 if where == "lead" else 9
    assert len(lines) == 1 and lines[0].startswith(f"content/news/gold.md:{line}: image 'kaputt.jpg' is not an image "
                                                   "(it is damaged: "), lines
    assert lines[0].endswith(") — save it as JPEG, PNG, GIF, WebP or SVG")
    assert "Traceback" not in run.err and "config.yaml" not in run.err


def test_a_damaged_picture_leaves_the_last_good_output_untouched(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt", body="Text.\n\n![Ein Bild](bild.jpg \"Foto: A\")\n"),
                      "content/news/bild.jpg": GOOD})
    assert run_build(site, *NOW).code == 0
    before = snapshot(site / "output")
    (site / "content/news/bild.jpg").write_bytes(GOOD[:20000])
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run)[0].startswith("content/news/gold.md:9: image 'bild.jpg' is not an image (it is damaged: "
                                            "image file is truncated (")
    assert snapshot(site / "output") == before


def test_a_damaged_picture_among_many_encoded_on_the_pool_is_reported_once(make_site):
    files = {f"content/news/n{i}.md": article(f"Nachricht {i}", date=f"{10 + i}.04.2024",
                                              extra=f'image: b{i}.jpg\nimage_alt: Bild {i}\nimage_credit: "Foto: A"')
             for i in range(5)}
    files.update({f"content/news/b{i}.jpg": photo(400 + 40 * i, 300) for i in range(5)})
    files["content/news/b3.jpg"] = files["content/news/b3.jpg"][:9000]
    run = run_build(make_site(files), *NOW, "--jobs", "2")
    assert run.code == 1, run.err
    lines = problem_lines(run)
    assert len(lines) == 1 and lines[0].startswith(
        "content/news/n3.md:6: image 'b3.jpg' is not an image (it is damaged: image file is truncated ("), lines


DATA_ARTICLE = article("Gold im Überblick", body="```tabelle goldpreis-2024\n```\n")


def test_a_csv_sidecars_format_errors_name_the_yaml_file_and_an_unknown_currency(make_site):
    site = make_site({
        "content/news/gold.md": DATA_ARTICLE,
        "data/goldpreis-2024.csv": "Monat;Preis\n2024-01;1.876,30\n2024-02;1.901,10\n",
        "data/goldpreis-2024.yaml": "titel: Gold\nquelle: Beispieldaten\nstand: Mai 2024\nformate:\n"
                                    "  Kurs: zahl 2\n  Preis: waehrung EURO\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "data/goldpreis-2024.yaml:5: 'formate' names the column 'Kurs', which the table does not have — "
        "columns: Monat, Preis",
        "data/goldpreis-2024.yaml:6: the format of column 'Preis': 'EURO' is not a currency code — "
        "use an ISO 4217 code such as EUR or USD",
    ]


def test_a_currency_code_babel_knows_is_accepted(make_site):
    site = make_site({
        "content/news/gold.md": DATA_ARTICLE,
        "data/goldpreis-2024.csv": "Monat;Preis\n2024-01;1.876,30\n",
        "data/goldpreis-2024.yaml": "formate:\n  Preis: waehrung usd\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    page = next((site / "output" / "news").glob("*/index.html")).read_text()
    assert "1.876,30\xa0$" in page


def test_a_header_missing_a_column_is_reported_once_with_the_count_of_rows(make_site):
    rows = "".join(f"2024-{m:02d};1.9{m:02d},50;+0,{m}\n" for m in range(1, 13))
    site = make_site({"content/news/gold.md": DATA_ARTICLE,
                      "data/goldpreis-2024.csv": "Monat;Preis je Unze\n" + rows})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "data/goldpreis-2024.csv:2: the row has 3 cells, the header in line 1 names 2 columns "
        "(11 more rows have the same problem) — columns: Monat, Preis je Unze"]


def test_empty_image_formats_ask_for_at_least_one(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/gold.md": article("Gold steigt")}, config=BASE_CONFIG + "images: {formats: []}\n")
    run = run_build(site, *NOW)
    assert run.code == 1
    line = BASE_CONFIG.count("\n") + 1
    assert problem_lines(run) == [f"config.yaml:{line}: images.formats must name at least one format — "
                                  "e.g. formats: [webp]"]


@pytest.mark.parametrize("value, shown", [("[ja]", "a list"), ("sofort", "'sofort'")])
def test_a_bad_breaking_value_names_the_until_form_too(make_site, value, shown):
    site = make_site({"content/news/a.md": article("Eins", extra=f"breaking: {value}")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        f"content/news/a.md:6: 'breaking' must be true, false or {{until: …}}, not {shown} — write breaking: true, "
        "or breaking: {until: 25.04.2024 20:00} to end the banner at that moment"]


def test_the_until_form_the_hint_shows_is_accepted(make_site):
    site = make_site({"content/news/a.md": article("Eins", extra="breaking: {until: 25.04.2024 20:00}")})
    run = run_build(site, "--now", "2024-04-25 15:00")
    assert run.code == 0, run.err
    home = lxml_html.fromstring((site / "output" / "index.html").read_bytes())
    assert [a.text_content() for a in home.xpath("//aside[@class='breaking']//li/a")] == ["Eins"]


PHONE_COLUMN = 390 - 2 * 16  # a 390 px phone minus the theme's 1rem container padding on each side


def test_chart_labels_are_at_least_11_px_high_on_a_phone(make_site):
    rows = "".join(f"2024-{m:02d};1.9{m:02d},50\n" for m in range(1, 13))
    site = make_site({"data/gold.csv": "Monat;Preis\n" + rows, "data/gold.yaml": "formate:\n  Preis: waehrung EUR\n",
                      "content/news/gold.md": article("Gold im Überblick", body="```diagramm gold\n```\n")})
    assert run_build(site, *NOW).code == 0
    page = lxml_html.fromstring(next((site / "output" / "news").glob("*/index.html")).read_bytes())
    svg = page.find_class("diagramm-svg")[0]
    scale = PHONE_COLUMN / float(svg.get("viewbox").split()[2])
    texts = svg.findall("text")
    assert texts and min(float(t.get("font-size")) for t in texts) * scale >= 11
    under = [t for t in texts if t.get("text-anchor") == "middle"]
    months = [t.text for t in under if t.get("y") == min(u.get("y") for u in under)]
    assert months == ["Jan.", "März", "Mai", "Juli", "Sept.", "Nov."]  # every second of twelve: no overlap


def test_the_sample_site_builds_without_warnings_and_its_breaking_banner_reads_well(tmp_path):
    import shutil
    from conftest import ROOT
    site = tmp_path / "site"
    site.mkdir()
    for name in ("config.yaml", "urls.lock"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("content", "themes", "data"):
        shutil.copytree(ROOT / folder, site / folder)
    run = run_build(site, "--now", "2024-06-18 21:00")
    assert run.code == 0, run.err
    assert "warning" not in run.err + run.out
    assert (site / "urls.lock").read_bytes() == (ROOT / "urls.lock").read_bytes()  # the committed lock is current
    home = lxml_html.fromstring((site / "output" / "index.html").read_bytes())
    [banner] = home.xpath("//aside[@class='breaking']//li")
    assert " ".join(banner.text_content().split()) == "Eilmeldung: US-Notenbank lässt Leitzins unverändert"
    assert banner.xpath("a/@href") == ["/news/eilmeldung-us-notenbank-laesst-leitzins-unveraendert/"]


def test_check_reports_a_truncated_picture_the_same_way(make_site):
    from conftest import _run_in_process
    site = make_site({"content/news/gold.md": article("Gold steigt", body="Text.\n\n![Ein Bild](kaputt.jpg \"Foto: A\")\n"),
                      "content/news/kaputt.jpg": GOOD[:20000]})
    run = _run_in_process(site, ["check", *NOW], {}, 120)
    assert run.code == 1, run.err
    assert [line for line in run.err.splitlines() if "kaputt.jpg" in line][0].startswith(
        "content/news/gold.md:9: image 'kaputt.jpg' is not an image (it is damaged: image file is truncated (")
