"""Data files in articles: ```tabelle and ```diagramm blocks, what readers and editors see."""

from __future__ import annotations

import lxml.html

from conftest import BASE_CONFIG, article, problem_lines, run_build, tree

NOW = ("--now", "2024-05-01 12:00")
PAGE = "output/news/gold-im-ueberblick/index.html"
GOLD_CSV = "Monat;Preis;Veränderung\n2024-01;1.876,30;0,3\n2024-02;1.893,8;-0,25\n2024-03;2.010,00;6,1\n"
GOLD_META = "quelle: Beispieldaten\nstand: 31.03.2024\nformate:\n  Preis: waehrung EUR\n  Veränderung: prozent 1\n"


def gold_site(make_site, body: str, **more):
    files = {"data/gold.csv": GOLD_CSV.encode(), "data/gold.yaml": GOLD_META.encode(),
             "content/news/gold.md": article("Gold im Überblick", body=body), **more}
    return make_site(files)


def prose(site) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring((site / PAGE).read_bytes())
    return page.find_class("prose")[0]


def test_table_block_gives_a_semantic_table_with_german_numbers_and_source_line(make_site):
    site = gold_site(make_site, "Vorher.\n\n```tabelle gold\ntitel: Gold in Euro\n```\n")
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    block = prose(site).find_class("daten")[0]
    assert lxml.html.tostring(block, encoding="unicode", with_tail=False) == (
        '<div class="daten">\n<div class="tabelle-rahmen" role="region" tabindex="0" aria-label="Tabelle: Gold in Euro">\n'
        '<table class="daten-tabelle">\n<caption>Gold in Euro</caption>\n'
        '<thead><tr><th scope="col">Monat</th><th scope="col" class="zahl">Preis</th>'
        '<th scope="col" class="zahl">Veränderung</th></tr></thead>\n<tbody>\n'
        '<tr><td>Januar 2024</td><td class="zahl">1.876,30\xa0€</td><td class="zahl">0,3\xa0%</td></tr>\n'
        '<tr><td>Februar 2024</td><td class="zahl">1.893,80\xa0€</td><td class="zahl">-0,2\xa0%</td></tr>\n'
        '<tr><td>März 2024</td><td class="zahl">2.010,00\xa0€</td><td class="zahl">6,1\xa0%</td></tr>\n'
        '</tbody>\n</table>\n</div>\n<p class="daten-quelle">Quelle: Beispieldaten · Stand: 31.03.2024</p>\n</div>')


def test_table_block_shows_the_chosen_columns_in_their_order_and_english_csv_numbers(make_site):
    site = make_site({"data/kurse.csv": "tag,kurs\n2024-03-07,2034.5\n2024-03-08,2180\n",
                      "content/news/gold.md": article("Gold im Überblick",
                                                      body="```table kurse\nspalten: kurs, tag\n```\n")})
    assert run_build(site, *NOW).code == 0
    table = prose(site).find_class("daten-tabelle")[0]
    assert [th.text for th in table.iter("th")] == ["kurs", "tag"]
    assert table.find("caption").text == "kurse"
    assert [[td.text for td in tr.iter("td")] for tr in table.find("tbody")] == [
        ["2.034,5", "07.03.2024"], ["2.180,0", "08.03.2024"]]
    assert not prose(site).find_class("daten-quelle")


def test_yaml_data_file_gives_a_table(make_site):
    yaml_text = ("titel: Münzen im Vergleich\nquelle: Beispieldaten\nformate:\n  preis: waehrung EUR\n"
                 "zeilen:\n  - {muenze: Krugerrand, preis: 2110.5}\n  - {muenze: Maple Leaf, preis: 2098}\n")
    site = make_site({"data/muenzen.yaml": yaml_text,
                      "content/news/gold.md": article("Gold im Überblick", body="```tabelle muenzen\n```\n")})
    assert run_build(site, *NOW).code == 0
    table = prose(site).find_class("daten-tabelle")[0]
    assert table.find("caption").text == "Münzen im Vergleich"
    assert [[td.text for td in tr.iter("td")] for tr in table.find("tbody")] == [
        ["Krugerrand", "2.110,50\xa0€"], ["Maple Leaf", "2.098,00\xa0€"]]


def test_every_wrong_block_is_an_error_at_its_line_in_one_run_and_output_is_untouched(make_site):
    body = ("```tabelle gol\n```\n\n"                      # the body starts at file line 7
            "```tabelle gold\nspalten: Monat, Kurs\n```\n\n"  # 10, spalten: on 11
            "```diagramm gold\ntyp: kreis\n```\n\n"         # 14, typ: on 15
            "```diagramm gold\nspalten: Monat, Preis, Veränderung\n```\n\n"  # 18, spalten: on 19
            "```tabelle gold\nfarbe: rot\ntitle: X\n```\n\n"  # 22, options on 23 and 24
            "```chart\n```\n\n"                             # 27
            "```tabelle nichts\n```\n")                      # 30
    site = gold_site(make_site, body)
    run = run_build(site, *NOW)
    assert run.code == 1
    path = "content/news/gold.md"
    assert problem_lines(run) == [
        f"{path}:7: unknown data file 'gol' — did you mean 'gold'? (data files: gold)",
        f"{path}:11: the data file 'gold' has no column 'Kurs' — columns: Monat, Preis, Veränderung",
        f"{path}:15: 'kreis' is not a chart type — use typ: linie or typ: balken",
        f"{path}:19: a chart shows two columns: first the axis, then the values — e.g. spalten: Monat, Preis",
        f"{path}:23: 'farbe: rot' is not an option of the tabelle block — write key: value lines; "
        "options: quelle, spalten, titel, typ",
        f"{path}:24: 'title: X' is not an option of the tabelle block — did you mean 'titel:'?",
        f"{path}:27: the chart block needs exactly one data file name after 'chart' — "
        "e.g. ```chart goldpreis-2024 (the file data/goldpreis-2024.csv)",
        f"{path}:30: unknown data file 'nichts' — data files: gold; add data/nichts.csv or data/nichts.yaml",
    ]
    assert not (site / "output").exists()


def test_a_code_block_of_another_language_stays_a_code_block(make_site):
    site = gold_site(make_site, "```python\ntabelle = 1\n```\n")
    assert run_build(site, *NOW).code == 0
    assert lxml.html.tostring(prose(site).find("pre"), encoding="unicode").startswith(
        '<pre><code class="language-python">tabelle = 1\n</code></pre>')


def test_changed_data_file_changes_the_article_like_a_clean_build(make_site, tmp_path):
    site = gold_site(make_site, "```tabelle gold\n```\n\n```diagramm gold\n```\n")
    assert run_build(site, *NOW).code == 0
    before = (site / PAGE).read_bytes()
    (site / "data/gold.csv").write_text(GOLD_CSV.replace("2.010,00", "1.999,00"), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 0
    after = (site / PAGE).read_bytes()
    assert "1.999,00\xa0€" in after.decode() and "1.999,00\xa0€" not in before.decode()
    assert run_build(site, *NOW, "--no-cache", "--output", str(tmp_path / "clean")).code == 0
    assert (tmp_path / "clean" / PAGE.removeprefix("output/")).read_bytes() == after
    (site / "data/gold.yaml").write_text(GOLD_META.replace("Beispieldaten", "Eigene Erhebung"), encoding="utf-8")
    assert run_build(site, *NOW).code == 0
    assert "Quelle: Eigene Erhebung" in (site / PAGE).read_text(encoding="utf-8")


def test_same_input_gives_the_same_bytes(make_site, tmp_path):
    site = gold_site(make_site, "```diagramm gold\ntyp: balken\n```\n\n```tabelle gold\n```\n")
    assert run_build(site, *NOW, "--no-cache").code == 0
    assert run_build(site, *NOW, "--no-cache", "--output", str(tmp_path / "again")).code == 0
    assert tree(site / "output") == tree(tmp_path / "again")


def test_raw_html_that_looks_like_a_placeholder_is_left_alone(make_site):
    config_allow = "markdown:\n  allow_html: true\n"
    forged = ('<div class="sitegen-daten" title="1:zz"></div>\n\n<div class="sitegen-daten" title="1:6162"></div>\n\n'
              '<div class="sitegen-daten" title="1:616"></div>\n')
    site = make_site({"content/news/gold.md": article("Gold im Überblick", body=forged)},
                     config=BASE_CONFIG + config_allow)
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert len(prose(site).find_class("sitegen-daten")) == 3
