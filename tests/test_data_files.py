"""Loading data/*.csv and data/*.yaml: typed cells, one-line errors at file:line, limits."""

from __future__ import annotations

from conftest import article, problem_lines, run_build
from sitegen.content import datafiles
from sitegen.content.datacells import MAX_CELL

NOW = ("--now", "2024-05-01 12:00")
ARTICLE = article("Gold im Überblick", body="```tabelle zellen\n```\n")
GERMAN_HINT = "write numbers like 2.034,50 or 2034,50 (the file is separated by ';', so the decimal sign is ',')"


def test_every_bad_data_file_is_reported_at_its_line_in_one_run(make_site):
    site = make_site({
        "content/news/gold.md": ARTICLE,
        "data/zellen.csv": "monat;preis\n2024-01;1.876,30\n2024-02;abc\n2024-13;1,0\n",
        "data/zellen.yaml": "quele: Beispieldaten\n",
        "data/englisch.csv": 'tag,kurs\n2024-03-07,2034.5\n2024-03-08,"2.034,5"\n',
        "data/zeilen.csv": "a;b\n1;2\n1;2;3\n",
        "data/kopf.csv": "a;;a\n1;2;3\n",
        "data/Gross.csv": "a;b\n",
        "data/latin.csv": b"a;b\nK\xf6ln;1\n",
        "data/liste.yaml": "titel: Liste\nzeilen: 5\n",
        "data/formate.yaml": "formate:\n  kurs: waehrung\n  preis: euro\nzeilen:\n  - {preis: 1.5}\n",
        "data/authors.yaml": "anna: {name: Anna}\n",  # author profiles, not a table
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "data/Gross.csv:1: the data file name 'Gross' is not a valid table name — "
        "use lower-case letters, digits and '-', e.g. goldpreis-2024.csv",
        "data/englisch.csv:3: '2.034,5' in column 'kurs' is not a number — "
        "write numbers like 2034.50 with a decimal point and no thousands separator",
        "data/formate.yaml:2: 'formate' names the column 'kurs', which the table does not have — columns: preis",
        "data/formate.yaml:3: the format of column 'preis' is not one of zahl, waehrung, prozent — "
        "e.g. zahl 2, waehrung EUR, prozent 1",
        "data/kopf.csv:1: every column needs its own name of 1 to 80 characters in the first row — "
        "the first row has: a, (empty), a",
        "data/latin.csv:2: the data file is not UTF-8 text — save it as 'CSV UTF-8' (Excel) or UTF-8 (text editors)",
        "data/liste.yaml:2: a YAML data file needs 'zeilen:', a list of rows — "
        "e.g. zeilen: [{monat: 2024-01, preis: 1890.50}]",
        "data/zeilen.csv:3: the row has 3 cells, the header in line 1 names 2 columns — columns: a, b",
        f"data/zellen.csv:3: 'abc' in column 'preis' is not a number — {GERMAN_HINT}",
        "data/zellen.csv:4: '2024-13' in column 'monat' is not a date — "
        "write dates as YYYY-MM-DD (e.g. 2024-03-08) or months as YYYY-MM (e.g. 2024-03)",
        "data/zellen.yaml:1: unknown key 'quele' — did you mean 'quelle'?",
    ]
    assert not (site / "output").exists()


def test_a_broken_csv_quote_is_one_line_at_its_line(make_site):
    site = make_site({"content/news/gold.md": ARTICLE, "data/zellen.csv": 'a;b\n1;2\n"x;1\n'})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "data/zellen.csv:3: the CSV cannot be read: unexpected end of data — "
        "quote cells that contain the separator or a quote (\"…\"), and double inner quotes"]


def test_size_row_column_and_cell_limits(make_site):
    ok_rows = "n;wert\n" + "".join(f"{i};{i},5\n" for i in range(datafiles.MAX_ROWS))
    site = make_site({
        "content/news/gold.md": article("Gold im Überblick", body="```tabelle viele\nspalten: wert\n```\n"),
        "data/viele.csv": ok_rows,
        "data/zuviele.csv": ok_rows + "x;1\n",
        "data/gross.csv": "a;b\n" + "1;2\n" * (datafiles.MAX_BYTES // 4),
        "data/breit.csv": ";".join(f"s{i}" for i in range(datafiles.MAX_COLUMNS + 1)) + "\n",
        "data/lang.csv": "a;b\n1;" + "x" * (MAX_CELL + 1) + "\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "data/breit.csv:1: the table has 51 columns, more than 50 — split it into several files",
        "data/gross.csv:1: the data file is larger than 1,000,000 bytes — split it into smaller files, e.g. one per year",
        "data/lang.csv:2: a cell in column 'b' has 201 characters, more than 200 — "
        "data cells hold numbers, dates and short labels",
        "data/zuviele.csv:10002: the table has more than 10,000 rows — split it into several files, e.g. one per year",
    ]


def test_the_sample_site_data_file_loads(tmp_path):
    from pathlib import Path
    data, problems = datafiles.load_data(Path(__file__).resolve().parent.parent)
    assert problems == []
    table = data.get("goldpreis-2024")
    assert table.columns == ("Monat", "Preis je Unze", "Veränderung zum Vormonat")
    assert table.kinds == ("date", "number", "number") and len(table.rows) == 12
    assert table.source.startswith("Beispieldaten")
