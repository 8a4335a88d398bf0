"""Charts from data files: accessible inline SVG with a table fallback, no script, German numbers."""

from __future__ import annotations

import lxml.html

from conftest import article, run_build
from sitegen.render.charts import nice_ticks

NOW = ("--now", "2024-05-01 12:00")
PAGE = "output/news/gold-im-ueberblick/index.html"
CSV = "Monat;Preis\n2023-11;1.862,50\n2023-12;1.871,00\n2024-01;1.757,20\n2024-02;1.893,80\n"
META = "titel: Goldpreis in Euro\nquelle: Beispieldaten\nformate:\n  Preis: waehrung EUR\n"


def chart_page(make_site, block: str):
    site = make_site({"data/gold.csv": CSV, "data/gold.yaml": META,
                      "content/news/gold.md": article("Gold im Überblick", body=block)})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    return site, lxml.html.fromstring((site / PAGE).read_bytes())


def test_line_chart_is_an_svg_image_with_title_description_and_a_table_fallback(make_site):
    site, page = chart_page(make_site, "```diagramm gold\n```\n")
    figure = page.find_class("diagramm")[0]
    assert figure.tag == "figure" and figure.find("figcaption").text == "Goldpreis in Euro"
    svg = figure.find("svg")
    assert svg.get("role") == "img" and svg.get("viewbox") == "0 0 480 280" and svg.get("width") is None
    assert svg.get("aria-labelledby") == "daten-1-titel daten-1-beschreibung"
    assert svg.find("title").get("id") == "daten-1-titel"
    assert svg.find("title").text == "Goldpreis in Euro"
    assert svg.find("desc").get("id") == "daten-1-beschreibung"
    assert svg.find("desc").text == (
        "Liniendiagramm: Preis von November 2023 bis Februar 2024, 4 Werte. "
        "Niedrigster Wert 1.757,20\xa0€ (Januar 2024), höchster Wert 1.893,80\xa0€ (Februar 2024), "
        "letzter Wert 1.893,80\xa0€ (Februar 2024).")
    assert len(svg.findall("polyline")) == 1 and len(svg.findall("circle")) == 4
    texts = [t.text for t in svg.findall("text")]
    assert texts[:2] == ["1.750\xa0€", "1.800\xa0€"] and "1.900\xa0€" in texts
    assert texts[-6:] == ["Nov.", "2023", "Dez.", "Jan.", "2024", "Feb."]
    fallback = figure.find("details")
    assert fallback.find("summary").text == "Daten als Tabelle"
    rows = [[td.text for td in tr.iter("td")] for tr in fallback.find(".//table/tbody")]
    assert rows == [["November 2023", "1.862,50\xa0€"], ["Dezember 2023", "1.871,00\xa0€"],
                    ["Januar 2024", "1.757,20\xa0€"], ["Februar 2024", "1.893,80\xa0€"]]
    assert figure.find_class("daten-quelle")[0].text == "Quelle: Beispieldaten"
    html = (site / PAGE).read_text(encoding="utf-8")
    assert "<script" not in html.split('<figure class="diagramm">')[1].split("</figure>")[0]
    assert " style=" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_bar_chart_draws_one_bar_per_value_from_zero(make_site):
    _, page = chart_page(make_site, "```chart gold\ntyp: balken\nspalten: Monat, Preis\ntitel: Balken\n```\n")
    svg = page.find_class("diagramm")[0].find("svg")
    bars = svg.findall("rect")
    assert len(bars) == 4 and not svg.findall("polyline")
    assert svg.find("desc").text.startswith("Balkendiagramm: Preis von November 2023 bis Februar 2024")
    assert [t.text for t in svg.findall("text")][0] == "0\xa0€"
    heights = [float(b.get("height")) for b in bars]
    assert heights.index(max(heights)) == 3 and heights.index(min(heights)) == 2
    assert {b.get("fill") for b in bars} == {"#0f2340"}


def test_two_charts_on_one_page_have_their_own_ids(make_site):
    _, page = chart_page(make_site, "```diagramm gold\n```\n\n```diagramm gold\ntyp: balken\n```\n")
    ids = [e.get("id") for e in page.iter() if e.get("id", "").startswith("daten-")]
    assert ids == ["daten-1-titel", "daten-1-beschreibung", "daten-2-titel", "daten-2-beschreibung"]


def test_a_chart_needs_a_number_column(make_site):
    site = make_site({"data/orte.csv": "stadt;land\nBerlin;DE\n",
                      "content/news/gold.md": article("Gold im Überblick", body="```diagramm orte\n```\n")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines()[0] == ("content/news/gold.md:7: the column 'land' of 'orte' holds no numbers to draw "
                                       "— the file has no number column")


def test_axis_ticks_are_round_numbers_covering_the_values():
    assert nice_ticks(1757.2, 1893.8) == [1750, 1800, 1850, 1900]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-3.9, 6.0) == [-4, -2, 0, 2, 4, 6]


def test_a_chart_of_more_than_1000_values_is_refused_a_table_of_them_is_not(make_site):
    rows = "".join(f"{i};{i},5\n" for i in range(1001))
    site = make_site({"data/lang.csv": "n;wert\n" + rows,
                      "content/news/gold.md": article("Gold im Überblick", body="```tabelle lang\n```\n\n"
                                                                               "```diagramm lang\n```\n")})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/news/gold.md:10: the chart would draw 1,001 values, more than 1,000 — chart a shorter file, "
        "e.g. monthly instead of daily values; a table can show them all")
