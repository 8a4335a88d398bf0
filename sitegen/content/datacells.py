"""Cells of data files: typed columns, German and English number formats.

A data file is a table with a header row.  Each column gets one kind from
its first non-empty cell: ``number``, ``date`` (``2024-01`` a month or
``2024-01-31`` a day, ISO 8601) or ``text``; every later cell of a number or
date column must then be one too, else it is an error at its line.  Numbers
are kept as ``Decimal`` (exact, no float rounding) with the decimal places
the editor wrote.  Number formats (``DECIMAL_COMMA``):

* German: ``2.034,50`` or ``2034,50`` — CSV files separated by ``;`` (the
  German Excel export);
* English: ``2034.50`` (no grouping) — CSV files separated by ``,`` and YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sitegen.problems import Problem, error

MAX_CELL = 200  # characters in one cell
_GERMAN = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ENGLISH = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class Month:
    """A month cell (``2024-01``): ``year`` and ``month``; sorts and compares like a date."""

    year: int
    month: int

    def first_day(self) -> date:
        """The month's first day."""
        return date(self.year, self.month, 1)


def parse_number(text: str, comma: bool) -> Decimal | None:
    """``text`` as a number in the German (``comma``) or English format, else None."""
    if comma:
        if not _GERMAN.fullmatch(text):
            return None
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text) if _ENGLISH.fullmatch(text) else None


def parse_date(text: str) -> date | Month | None:
    """``2024-01-31`` as a date, ``2024-01`` as a ``Month``; None when not one (or no real day)."""
    m = _DATE.fullmatch(text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    try:
        day = date(year, month, int(m.group(3) or 1))
    except ValueError:
        return None
    return day if m.group(3) else Month(year, month)


def column_kind(cells: list[str], comma: bool) -> str:
    """"number", "date" or "text" from the first non-empty cell of a column."""
    first = next((c for c in cells if c), "")
    if parse_number(first, comma) is not None:
        return "number"
    return "date" if parse_date(first) is not None else "text"


def _number_hint(comma: bool) -> str:
    if comma:
        return "write numbers like 2.034,50 or 2034,50 (the file is separated by ';', so the decimal sign is ',')"
    return "write numbers like 2034.50 with a decimal point and no thousands separator"


def typed_rows(path: str, columns: tuple[str, ...], rows: list[tuple[int, list[str]]],
               comma: bool) -> tuple[tuple[str, ...], tuple[tuple, ...], list[Problem]]:
    """Type ``rows`` (``[(file line, cells)]``) column by column.

    Returns ``(kinds, typed rows, problems)``; an empty cell is None.  A cell
    longer than ``MAX_CELL`` characters, a non-number in a number column and
    a non-date in a date column are errors at the cell's line.
    """
    problems: list[Problem] = []
    kinds = tuple(column_kind([cells[i] for _, cells in rows], comma) for i in range(len(columns)))
    typed = []
    for line, cells in rows:
        out: list = []
        for name, kind, cell in zip(columns, kinds, cells):
            value, problem = _cell(path, line, name, kind, cell, comma)
            out.append(value)
            if problem:
                problems.append(problem)
        typed.append(tuple(out))
    return kinds, tuple(typed), problems


def _cell(path: str, line: int, name: str, kind: str, cell: str, comma: bool) -> tuple[object, Problem | None]:
    if len(cell) > MAX_CELL:
        return None, error(path, line, f"a cell in column '{name}' has {len(cell):,} characters, more than "
                                       f"{MAX_CELL}", "data cells hold numbers, dates and short labels")
    if not cell:
        return None, None
    if kind == "number":
        value = parse_number(cell, comma)
        if value is None:
            return None, error(path, line, f"'{cell}' in column '{name}' is not a number", _number_hint(comma))
        return value, None
    if kind == "date":
        value = parse_date(cell)
        if value is None:
            return None, error(path, line, f"'{cell}' in column '{name}' is not a date",
                               "write dates as YYYY-MM-DD (e.g. 2024-03-08) or months as YYYY-MM (e.g. 2024-03)")
        return value, None
    return cell, None
