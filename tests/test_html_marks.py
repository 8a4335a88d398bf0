"""``Entry.marks``: the texts image notes and data placement look for in body
HTML, found once when a source is parsed and kept in the store, so a build
does not search all bodies each time; with or without them the results are
the same."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from conftest import article, run_build
from test_links_and_images import png
from sitegen.content.datafiles import load_data
from sitegen.content.entry import DATA_MARK, HTML_MARKS, IMG_MARK, may_contain
from sitegen.content.markdown import render_markdown
from sitegen.content.sources import EntryKind, Found, Source
from sitegen.render.dataplace import place_data
from sitegen.render.imagenotes import image_warnings
from sitegen.store.entries import RECORDS, parse_record

NOW = ("--now", "2024-05-01 12:00")
GOLD_CSV = "Monat;Preis\n2024-01;1.876,30\n2024-02;1.893,8\n"


def _record(body: str, name: str = "a"):
    text = article(f"Artikel {name}", body=body)
    path = f"content/news/{name}.md"
    source = Source(path, EntryKind.ARTICLE, text, name * 64)
    found = Found(path, EntryKind.ARTICLE, 1, len(text), 2, 3)
    return parse_record(found, source, ZoneInfo("Europe/Berlin"), False, render_markdown, 123)


BODIES = {"plain": "Nur Text.\n", "picture": "Text.\n\n![](bild.png)\n",
          "data": "Vorher.\n\n```tabelle gold\n```\n", "both": "![Alt](b.png)\n\n```tabelle fehlt\n```\n"}


def test_a_parsed_entry_knows_which_marks_its_html_holds_and_the_store_keeps_them():
    for name, body in BODIES.items():
        record = _record(body, name[0])
        entry = record.entry
        assert entry.marks == tuple(mark for mark in HTML_MARKS if mark in entry.body.html), name
        assert RECORDS.decode(RECORDS.encode(record)).entry.marks == entry.marks
        for mark in HTML_MARKS:
            assert may_contain(entry, mark) == (mark in entry.body.html)
            assert may_contain(dataclasses.replace(entry, marks=None), mark)  # not looked for: searched
    assert _record(BODIES["both"]).entry.marks == (IMG_MARK, DATA_MARK)


def test_image_warnings_and_data_placement_are_the_same_with_and_without_marks(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "gold.csv").write_text(GOLD_CSV, encoding="utf-8")
    data, _ = load_data(tmp_path)
    entries = [_record(body, name[0]).entry for name, body in BODIES.items()]
    unmarked = [dataclasses.replace(entry, marks=None) for entry in entries]
    assert image_warnings(entries) == image_warnings(unmarked) and image_warnings(entries)
    html = lambda entry: entry.body.html  # noqa: E731
    placed, again = place_data(entries, data, "de", html), place_data(unmarked, data, "de", html)
    assert placed == again and set(placed.html) == {"content/news/d.md", "content/news/b.md"}
    # a body whose HTML was rewritten (links) is searched again, whatever its marks say
    rewritten = place_data([dataclasses.replace(entries[0], marks=())], data, "de",
                           lambda entry: entry.body.html + '<div class="sitegen-daten" title="1:"></div>\n')
    assert rewritten.problems or rewritten.html


def test_a_cached_build_after_adding_a_picture_and_a_data_block_equals_a_clean_build(make_site, tmp_path):
    site = make_site({"data/gold.csv": GOLD_CSV, "content/news/bild.png": png(),
                      "content/news/gold.md": article("Gold", body="Nur Text.\n")})
    assert run_build(site, *NOW).code == 0
    (site / "content/news/gold.md").write_text(article("Gold", body="![](bild.png)\n\n"
                                                                    "```tabelle gold\n```\n"), encoding="utf-8")
    cached = run_build(site, *NOW)
    assert cached.code == 0, cached.err
    pages = {p.relative_to(site / "output"): p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    clean = run_build(site, *NOW, "--no-cache")
    assert (cached.code, cached.err) == (clean.code, clean.err)
    assert pages == {p.relative_to(site / "output"): p.read_bytes() for p in (site / "output").rglob("*")
                     if p.is_file()}
    page = (site / "output/news/gold/index.html").read_text(encoding="utf-8")
    assert "daten-tabelle" in page and "<picture" in page
    assert "1 image has no credit" in cached.err
