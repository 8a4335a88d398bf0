"""Investment-recommendation disclosure (Art. 20 MAR) as readers and editors see it.

Readers: the box on the article page (German labels, producer, first
dissemination from date/time, instruments with price reference, conflicts),
the same box in the Atom/RSS entry, and ``/offenlegung.json``.  Editors: the
exact one-line message for each missing part, a bad ISIN/WKN, an unknown
conflict kind, and the own-product warning.
"""

from __future__ import annotations

import json

import feedparser
import lxml.html
import pytest

from conftest import BASE_CONFIG, article, problem_lines, run_build
from sitegen.content.disclosure import isin_check_digit

NOW = ("--now", "2024-05-01 12:00")
DISCLOSURE = """\
disclosure:
  producer: Testverlag GmbH, Redaktion
  responsible: Erika Test, Chefredakteurin
  kinds:
    position: Der Autor hält eine Position in dem Instrument.
    sells: Die Testverlag GmbH verkauft das Produkt.
  own_products:
    - Test-Goldbarren
"""
CONFIG = BASE_CONFIG + DISCLOSURE
HOLD = """\
recommendation: hold
instruments:
  - name: Beispiel Gold ETC
    isin: DE000EXAMPL7
    wkn: EXAMPL
    price: "38,42"
    currency: EUR
    price_time: 24.04.2024 17:35
conflicts:
  - kind: position
    note: Seit 2023.
  - sells"""
URL = "https://www.example.de/news/gold-halten/"


def _build(make_site, tmp_path, files, config=CONFIG, name="site"):
    site = make_site(files, config, name=name)
    return site, run_build(site, *NOW, "--output", str(tmp_path / f"out-{name}" if name != "site" else tmp_path / "out"))


def test_isin_check_digit_follows_iso_6166():
    assert isin_check_digit("DE000716460") == 0  # SAP SE, DE0007164600
    assert isin_check_digit("US037833100") == 5  # Apple Inc., US0378331005
    assert isin_check_digit("DE000EXAMPL") == 7  # the sample site's made-up ISIN


def test_box_on_page_in_feed_and_json(make_site, tmp_path):
    site, run = _build(make_site, tmp_path, {
        "content/news/gold.md": article("Gold halten", extra=HOLD + "\nslug: gold-halten"),
        "content/news/andere.md": article("Ohne Empfehlung", date="20.04.2024",
                                          body="Alle Empfehlungen: [Liste](/offenlegung.json)\n"),
    })
    assert run.code == 0, run.err
    out = tmp_path / "out"
    doc = lxml.html.fromstring((out / "news/gold-halten/index.html").read_bytes())
    boxes = doc.xpath('//aside[@class="disclosure"]')
    assert len(boxes) == 1
    box = boxes[0]
    assert box.xpath("string(h2)") == "Offenlegung gemäß Art. 20 MAR"
    terms = {dt.text_content(): dt.getnext().text_content() for dt in box.xpath(".//dt")}
    assert terms == {"Empfehlung": "Halten", "Ersteller": "Testverlag GmbH, Redaktion",
                     "Verantwortlich": "Erika Test, Chefredakteurin",
                     "Erstmalige Verbreitung": "25.04.2024, 14:48 Uhr"}
    assert box.xpath(".//time/@datetime") == ["2024-04-25T14:48:00+02:00"]
    items = [li.text_content() for li in box.xpath(".//ul/li")]
    assert items == ["Beispiel Gold ETC (ISIN DE000EXAMPL7, WKN EXAMPL): Kurs 38,42\xa0€ am 24.04.2024, 17:35 Uhr",
                     "Der Autor hält eine Position in dem Instrument. Seit 2023.",
                     "Die Testverlag GmbH verkauft das Produkt."]
    other = lxml.html.fromstring((out / "news/ohne-empfehlung/index.html").read_bytes())
    assert not other.xpath('//aside[@class="disclosure"]')

    atom = feedparser.parse((out / "feed.xml").read_bytes())
    rss = feedparser.parse((out / "rss.xml").read_bytes())
    for feed in (atom, rss):
        entries = {e.link: e.content[0].value for e in feed.entries}
        assert "Offenlegung gemäß Art. 20 MAR" in entries[URL]
        assert "Kurs 38,42\xa0€ am 24.04.2024, 17:35 Uhr" in entries[URL]
        assert not any("Offenlegung" in v for k, v in entries.items() if k != URL)

    data = json.loads((out / "offenlegung.json").read_text(encoding="utf-8"))
    assert data == {"recommendations": [{
        "url": URL, "title": "Gold halten", "first_dissemination": "2024-04-25T14:48:00+02:00",
        "recommendation": "hold", "producer": "Testverlag GmbH, Redaktion",
        "responsible": "Erika Test, Chefredakteurin",
        "instruments": [{"name": "Beispiel Gold ETC", "isin": "DE000EXAMPL7", "wkn": "EXAMPL", "price": "38.42",
                         "currency": "EUR", "price_time": "2024-04-24T17:35:00+02:00"}],
        "conflicts": [{"kind": "position", "text": "Der Autor hält eine Position in dem Instrument.",
                       "note": "Seit 2023."},
                      {"kind": "sells", "text": "Die Testverlag GmbH verkauft das Produkt.", "note": ""}]}]}
    again = run_build(site, *NOW, "--output", str(tmp_path / "again"))
    assert again.code == 0
    assert (tmp_path / "again/offenlegung.json").read_bytes() == (out / "offenlegung.json").read_bytes()


def test_no_conflicts_declared_as_empty_list(make_site, tmp_path):
    extra = HOLD.split("conflicts:")[0] + "conflicts: []"
    _, run = _build(make_site, tmp_path, {"content/news/gold.md": article("Gold halten", extra=extra)})
    assert run.code == 0, run.err
    doc = lxml.html.fromstring((tmp_path / "out/news/gold-halten/index.html").read_bytes())
    assert doc.xpath('string(//aside[@class="disclosure"]/p)') == "Es bestehen keine Interessenkonflikte."


def test_each_missing_part_is_named_at_its_line(make_site, tmp_path):
    text = article("Kaufen", extra="recommendation: buy\ninstruments:\n  - isin: DE0007164600")
    # line 1 ---, 2 title, 3 date, 4 time, 5 tags, 6 recommendation, 7 instruments, 8 the entry
    _, run = _build(make_site, tmp_path, {"content/news/x.md": text})
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/x.md:6: recommendation 'buy' needs conflicts — list each conflict of interest, or write "
        "conflicts: [] when there is none (Art. 20 MAR)",
        "content/news/x.md:8: an instrument of recommendation 'buy' needs a name, a price, a currency and a price "
        "time — give name, isin or wkn, price, currency and price_time (Art. 20 MAR: price reference)",
    ]
    assert not (tmp_path / "out").exists()


def test_recommendation_without_instruments(make_site, tmp_path):
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Verkaufen", extra="recommendation: sell\n"
                                                                                          "conflicts: []")})
    assert run.code == 1
    assert problem_lines(run) == ["content/news/x.md:6: recommendation 'sell' needs instruments — name each "
                                  "instrument with name and ISIN or WKN (Art. 20 MAR)"]


@pytest.mark.parametrize("key, value, message", [
    ("isin", "DE0007164601", "ISIN 'DE0007164601' has a wrong check digit (expected 0) — check the number"),
    ("isin", "DE00071646", "ISIN 'DE00071646' is not an ISIN (12 characters: 2 letters, 9 letters or digits, "
                           "1 check digit) — e.g. isin: DE0007164600"),
    ("wkn", "71646O", "WKN '71646O' is not a WKN (6 letters or digits, without I and O) — e.g. wkn: 716460"),
    ("price", "12 Euro", "price '12 Euro' is not a number — write digits with a decimal comma, e.g. price: \"56,20\""),
    ("price_time", "24.04.2024", "'price_time' needs a time of day — e.g. price_time: 30.11.2026 17:30"),
])
def test_bad_instrument_values(make_site, tmp_path, key, value, message):
    extra = HOLD.replace("    isin: DE000EXAMPL7\n", "").replace("    price_time: 24.04.2024 17:35\n", "")
    extra = extra.replace("  - name: Beispiel Gold ETC\n", "  - name: Beispiel Gold ETC\n"
                          + ("    price_time: 24.04.2024 17:35\n" if key != "price_time" else "")
                          + f"    {key}: \"{value}\"\n")
    if key in ("wkn", "price"):
        extra = extra.replace({"wkn": "    wkn: EXAMPL\n", "price": '    price: "38,42"\n'}[key], "", 1)
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", extra=extra)})
    assert run.code == 1
    line = 1 + article("Gold", extra=extra).split("\n").index(f"    {key}: \"{value}\"")
    assert problem_lines(run) == [f"content/news/x.md:{line}: {message}"]


def test_unknown_kind_and_missing_producer(make_site, tmp_path):
    extra = HOLD.replace("  - sells", "  - verkauft")
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", extra=extra)}, BASE_CONFIG)
    assert run.code == 1
    lines = article("Gold", extra=extra).split("\n")
    line, kind_line = 1 + lines.index("  - verkauft"), 1 + lines.index("  - kind: position")
    assert problem_lines(run) == [
        "content/news/x.md:6: recommendation 'hold' needs a producer, and config.yaml names none — add "
        "disclosure: {producer: …, responsible: …} to config.yaml (Art. 20 MAR)",
        f"content/news/x.md:{kind_line}: unknown conflict kind 'position' — define it under disclosure: kinds: in config.yaml",
        f"content/news/x.md:{line}: unknown conflict kind 'verkauft' — define it under disclosure: kinds: in "
        "config.yaml",
    ]
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", extra=extra)}, name="b")
    assert problem_lines(run) == [f"content/news/x.md:{line}: unknown conflict kind 'verkauft' — known kinds: "
                                  "position, sells"]


def test_recommendation_needs_a_time(make_site, tmp_path):
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", time="", extra=HOLD)})
    assert problem_lines(run) == ["content/news/x.md:3: recommendation 'hold' needs the time of first "
                                  "dissemination — add time: HH:MM, e.g. time: 09:15 (Art. 20 MAR)"]


def test_own_product_without_sells_conflict_warns(make_site, tmp_path):
    body = "Der Test-Goldbarren ist wieder lieferbar.\n"
    _, run = _build(make_site, tmp_path, {
        "content/news/a.md": article("Barren", body=body),
        "content/news/b.md": article("Barren mit Hinweis", body=body, extra="recommendation: none\nconflicts: [sells]"),
    })
    assert run.code == 0
    assert problem_lines(run) == [
        "warning: content/news/a.md:2: the article names the company's own product 'Test-Goldbarren' but declares "
        "no 'sells' conflict — add conflicts: [sells] (and recommendation: none if it recommends nothing), or "
        "mark it sponsored: true"]
    assert json.loads((tmp_path / "out/offenlegung.json").read_text()) == {"recommendations": []}


def test_unknown_recommendation_value(make_site, tmp_path):
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", extra="recommendation: kaufen")})
    assert problem_lines(run) == ["content/news/x.md:6: recommendation 'kaufen' is not one of buy, sell, hold, "
                                  "none — e.g. recommendation: hold"]


@pytest.mark.parametrize("extra, message", [
    ("recommendation: buy\ninstruments: {name: x}\nconflicts: []",
     "content/news/x.md:7: 'instruments' must be a list — write one '- ' line per entry"),
    ("recommendation: hold\ninstruments:\n" + "  - {name: a, isin: DE0007164600}\n" * 21 + "conflicts: []",
     "content/news/x.md:7: 'instruments' has 21 entries; at most 20 are allowed — split the article or shorten "
     "the list"),
    ("recommendation: none\ninstruments:\n  - {name: a, isin: DE0007164600, preis: '1'}",
     "content/news/x.md:8: unknown instrument key 'preis' — did you mean 'price'?"),
    ("conflicts: [position]", "content/news/x.md:6: 'instruments' and 'conflicts' need 'recommendation' — add "
                              "recommendation: buy, sell, hold or none"),
    ("recommendation: sell\ninstruments:\n  - {name: a, wkn: 716460, price: '1', currency: EUR, "
     "price_time: 24.04.2024 10:00}\nconflicts:",
     "content/news/x.md:6: recommendation 'sell' needs conflicts — list each conflict of interest, or write "
     "conflicts: [] when there is none (Art. 20 MAR)"),
])
def test_hostile_shapes_get_one_line_each(make_site, tmp_path, extra, message):
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold", extra=extra)})
    assert run.code == 1
    assert problem_lines(run) == [message]


def test_own_product_named_by_isin_in_instruments(make_site, tmp_path):
    config = CONFIG + "    - DE000EXAMPL7\n"
    extra = HOLD.replace("  - sells", "")
    _, run = _build(make_site, tmp_path, {"content/news/x.md": article("Gold halten", extra=extra)}, config)
    assert run.code == 0
    assert problem_lines(run) == [
        "warning: content/news/x.md:2: the article names the company's own product 'DE000EXAMPL7' but declares "
        "no 'sells' conflict — add conflicts: [sells] (and recommendation: none if it recommends nothing), or "
        "mark it sponsored: true"]
