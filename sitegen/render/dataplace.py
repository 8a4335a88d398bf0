"""Put the data blocks' tables and charts into body HTML (after the Markdown cache).

``place_data`` replaces each placeholder that ``content/datablocks.py`` left
in a body with the table or chart from the data files, and reports a wrong
block as an error at its line in the article: an unknown data file (with
the known names and a did-you-mean), an unknown column (naming the
columns), a wrong option.  ``digests`` tells which pages depend on which
data files, so a changed ``data/x.csv`` re-renders exactly those pages.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from babel.dates import format_date
from markupsafe import escape

from sitegen.content.datablocks import CHART_TYPES, PLACEHOLDER, Block, parse_placeholder
from sitegen.content.datacells import Month
from sitegen.content.entry import DATA_MARK, may_contain
from sitegen.problems import Problem, error
from sitegen.render import numbers
from sitegen.render.charts import MAX_POINTS, chart_svg
from sitegen.render.datatables import column_formatter, source_line, table_html


@dataclass(frozen=True)
class Placed:
    """``html`` {entry path: body HTML with its data blocks} (only entries that
    have any), ``digests`` {entry path: digest of the data files it shows}."""

    html: Mapping[str, str] = field(default_factory=dict)
    digests: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def place_data(entries, data, language: str, body_html: Callable) -> Placed:
    """Render the data blocks of ``entries`` (``Entry``) from ``data`` (``DataSet``).

    ``body_html(entry)`` is the entry's HTML so far (links resolved).
    Never raises for bad blocks or data; each becomes a ``Problem``.
    """
    html, digests, problems = {}, {}, []
    for entry in entries:
        text = body_html(entry)
        if (text is entry.body.html and not may_contain(entry, DATA_MARK)) or DATA_MARK not in text:
            continue  # (the first test spares searching the HTML of every entry at each build)
        used: set[str] = set()
        count = [0]

        def replace(match, entry=entry, used=used, count=count):
            count[0] += 1
            block, errors = parse_placeholder(match.group(1), match.group(2), entry.body_line)
            problems.extend(error(entry.path, line, message, hint) for line, message, hint in errors)
            if block is None and not errors:
                return match.group(0)  # raw HTML that only looks like a placeholder: left as written
            if block is None or errors:
                return ""
            out, found = _render(block, data, language, f"daten-{count[0]}")
            problems.extend(error(entry.path, line, message, hint) for line, message, hint in found)
            if block.name in data.tables:
                used.add(data.tables[block.name].digest)
            return out
        html[entry.path] = PLACEHOLDER.sub(replace, text)
        digests[entry.path] = hashlib.sha256("|".join(sorted(used)).encode()).hexdigest()
    return Placed(html, digests, tuple(problems))


def _render(block: Block, data, language: str, ids: str) -> tuple[str, list[tuple[int, str, str]]]:
    table = data.get(block.name)
    if table is None:
        return "", [] if block.name in data.broken else [_unknown(block, sorted(data.tables))]
    options = {key: (value, line) for key, value, line in block.options}
    columns, errors = _columns(block, table, options)
    if errors:
        return "", errors
    title = options.get("titel", (table.title or table.name, 0))[0]
    source = source_line(options.get("quelle", (table.source, 0))[0], table.as_of)
    if block.kind == "tabelle":
        if "typ" in options:
            return "", [(options["typ"][1], "'typ:' applies to charts only", "remove it, or write ```diagramm")]
        return f'<div class="daten">\n{table_html(table, columns, title, language)}{source}</div>\n', []
    return _chart(block, table, columns, options, title, source, language, ids)


def _unknown(block: Block, known: list[str]) -> tuple[int, str, str]:
    close = difflib.get_close_matches(block.name, known, n=1, cutoff=0.6)
    listing = f"data files: {', '.join(known)}" if known else "data/ holds no data files yet"
    hint = f"did you mean '{close[0]}'? ({listing})" if close else \
        f"{listing}; add data/{block.name}.csv or data/{block.name}.yaml"
    return block.line, f"unknown data file '{block.name}'", hint


def _columns(block: Block, table, options) -> tuple[tuple[str, ...], list[tuple[int, str, str]]]:
    if "spalten" not in options:
        return (table.columns if block.kind == "tabelle" else table.columns[:2]), []
    text, line = options["spalten"]
    wanted = tuple(c.strip() for c in text.split(",") if c.strip())
    missing = [c for c in wanted if c not in table.columns]
    if missing:
        return (), [(line, f"the data file '{table.name}' has no column '{missing[0]}'",
                     f"columns: {', '.join(table.columns)}")]
    if not wanted:
        return (), [(line, "'spalten:' names no column", f"columns: {', '.join(table.columns)}")]
    return wanted, []


def _chart(block, table, columns, options, title, source, language, ids):
    kind, line = options.get("typ", ("linie", 0))
    if kind not in CHART_TYPES:
        return "", [(line, f"'{kind}' is not a chart type", "use typ: linie or typ: balken")]
    if len(columns) != 2:
        return "", [(options.get("spalten", ("", block.line))[1], "a chart shows two columns: first the axis, "
                     "then the values", f"e.g. spalten: {', '.join(table.columns[:2])}")]
    axis, value = (table.columns.index(c) for c in columns)
    points = [(row[axis], row[value]) for row in table.rows if isinstance(row[value], Decimal)]
    if not points:
        numeric = [c for c, k in zip(table.columns, table.kinds) if k == "number"]
        return "", [(options.get("spalten", ("", block.line))[1], f"the column '{columns[1]}' of "
                     f"'{table.name}' holds no numbers to draw",
                     f"columns with numbers: {', '.join(numeric)}" if numeric else "the file has no number column")]
    if len(points) > MAX_POINTS:
        return "", [(block.line, f"the chart would draw {len(points):,} values, more than {MAX_POINTS:,}",
                     "chart a shorter file, e.g. monthly instead of daily values; a table can show them all")]
    show, label = column_formatter(table, columns[1], language), column_formatter(table, columns[0], language)
    labels = _axis_labels([a for a, _ in points], label, language)
    desc = _summary(kind, columns[1], points, show, label)
    svg = chart_svg(ids, kind, title, desc, labels, [v for _, v in points], _tick_text(table, columns[1], language))
    fallback = table_html(table, columns, title, language)
    return (f'<figure class="diagramm">\n<figcaption>{escape(title)}</figcaption>\n{svg}{source}'
            f'<details class="daten-details">\n<summary>Daten als Tabelle</summary>\n{fallback}</details>\n'
            "</figure>\n"), []


def _axis_labels(values: list, label, language: str) -> list[tuple[str, str]]:
    """(label, second row) per point: months as ``Jan.`` with the year below
    the first point and each January; anything else as in the table."""
    if not all(isinstance(v, Month) for v in values):
        return [(_short(label(v)), "") for v in values]
    return [(format_date(v.first_day(), "MMM", locale=language),
             str(v.year) if i == 0 or v.month == 1 else "") for i, v in enumerate(values)]


def _short(text: str, longest: int = 14) -> str:
    """An axis label cut to ``longest`` characters (the table below has it whole)."""
    return text if len(text) <= longest else text[:longest - 1] + "…"


def _summary(kind: str, column: str, points, show, label) -> str:
    """The chart's text alternative: period, lowest, highest and last value (German)."""
    low = min(points, key=lambda p: p[1])
    high = max(points, key=lambda p: p[1])
    last = points[-1]
    name = "Liniendiagramm" if kind == "linie" else "Balkendiagramm"
    return (f"{name}: {column} von {label(points[0][0])} bis {label(last[0])}, {len(points)} Werte. "
            f"Niedrigster Wert {show(low[1])} ({label(low[0])}), höchster Wert {show(high[1])} "
            f"({label(high[0])}), letzter Wert {show(last[1])} ({label(last[0])}).")


def _tick_text(table, column: str, language: str):
    spec = dict(table.formats).get(column, "").split()

    def text(tick: float) -> str:
        value = Decimal(repr(tick)).normalize()
        digits = min(max(0, -value.as_tuple().exponent), 3)
        if spec and spec[0] == "waehrung":
            code = spec[1] if len(spec) > 1 and not spec[1].isdigit() else "EUR"
            return numbers.currency(value, code, language, digits)
        if spec and spec[0] == "prozent":
            return numbers.percent(value, digits, language)
        return numbers.number(value, digits, language)
    return text


def with_data(page, placed: Placed):
    """``page`` (``PlannedPage``) with the digests of the data files its body shows
    added to its fingerprint, so a changed data file re-renders it."""
    digest = placed.digests.get(page.source)
    if not digest:
        return page
    return dataclasses.replace(page, fingerprint=hashlib.sha256(f"{page.fingerprint}|{digest}".encode()).hexdigest())
