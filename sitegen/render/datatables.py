"""Data tables as HTML: caption, column headers, numbers in the site's language.

``table_html`` renders columns of a ``content.datafiles.DataTable`` as a
semantic ``<table>`` (``<caption>``, ``<th scope="col">``, numbers right-
aligned by the theme's ``td.zahl``).  Cells are formatted by the column's
format from the data file (``formate:``) or, without one, as numbers with the
decimal places written in the file; months as ``Januar 2024``, days as
``08.03.2024`` (CLDR ``medium``) — all through Babel in ``language``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from markupsafe import escape

from sitegen.content.datacells import Month
from sitegen.render import numbers


def column_formatter(table, column: str, language: str):
    """A function cell → text for ``column`` of ``table`` (None → "")."""
    index = table.columns.index(column)
    spec = dict(table.formats).get(column, "").split()
    places = max((-v.as_tuple().exponent for v in (r[index] for r in table.rows)
                  if isinstance(v, Decimal) and v.as_tuple().exponent < 0), default=0)
    places = min(places, numbers.MAX_DIGITS)

    def digits(at: int, default: int) -> int:
        return int(spec[at]) if len(spec) > at and spec[at].isdigit() else default

    def show(value) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            if spec and spec[0] == "waehrung":
                code = spec[1] if len(spec) > 1 and not spec[1].isdigit() else "EUR"
                return numbers.currency(value, code, language, digits(len(spec) - 1, 2))
            if spec and spec[0] == "prozent":
                return numbers.percent(value, digits(1, places), language)
            return numbers.number(value, digits(1, places), language)
        return date_text(value, language) if isinstance(value, (date, Month)) else str(value)
    return show


def date_text(value, language: str, short: bool = False) -> str:
    """A month as ``Januar 2024`` (``short``: ``Jan. 2024``), a day as ``08.03.2024`` (de)."""
    if isinstance(value, Month):
        return format_date(value.first_day(), "MMM yyyy" if short else "MMMM yyyy", locale=language)
    return format_date(value, "medium", locale=language)


def table_html(table, columns: tuple[str, ...], caption: str, language: str) -> str:
    """The ``<table>`` of ``columns`` of ``table`` with ``caption`` in a focusable
    frame (``div.tabelle-rahmen``, a named region) that scrolls when the table
    is too wide; every text escaped."""
    shows = [column_formatter(table, c, language) for c in columns]
    indexes = [table.columns.index(c) for c in columns]
    kinds = [table.kinds[i] for i in indexes]
    head = "".join(f'<th scope="col"{_cls(k)}>{escape(c)}</th>' for c, k in zip(columns, kinds))
    rows = []
    for row in table.rows:
        cells = "".join(f"<td{_cls(k)}>{escape(show(row[i]))}</td>" for show, i, k in zip(shows, indexes, kinds))
        rows.append(f"<tr>{cells}</tr>")
    # the frame scrolls sideways when the table is wider than a phone even with wrapped cells;
    # role, name and tabindex let keyboard users scroll it (axe: scrollable-region-focusable)
    return (f'<div class="tabelle-rahmen" role="region" tabindex="0" aria-label="Tabelle: {escape(caption)}">\n'
            f'<table class="daten-tabelle">\n<caption>{escape(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n")


def _cls(kind: str) -> str:
    return ' class="zahl"' if kind == "number" else ""


def source_line(source: str, as_of: str) -> str:
    """``<p class="daten-quelle">Quelle: … · Stand: …</p>`` or "" without both."""
    parts = ([f"Quelle: {escape(source)}"] if source else []) + ([f"Stand: {escape(as_of)}"] if as_of else [])
    return f'<p class="daten-quelle">{" · ".join(parts)}</p>\n' if parts else ""
