"""The site's data files: ``data/*.csv`` and ``data/*.yaml`` beside ``content/``.

Each file is one table named by its file name without the suffix
(``data/goldpreis-2024.csv`` → ``goldpreis-2024``), used by the data blocks
of articles (``content/datablocks.py``).  A CSV file has a header row; its
separator decides the number format (``content/datacells.py``): ``;`` with
decimal comma (German Excel), ``,`` with decimal point.  Its optional
sidecar ``data/NAME.yaml`` holds the metadata; a YAML data file holds the
metadata and ``zeilen:`` (a list of mappings, one per row).  Metadata keys
(``META_KEYS``): ``titel``, ``quelle`` (the source line under a table or
chart), ``stand`` (as of), ``formate`` ({column: ``zahl 2`` | ``waehrung
EUR`` | ``prozent 1``}).  ``data/authors.yaml`` belongs to the author
profiles and is not a table.

Limits (the hardening issue: bounded whatever the input): ``MAX_BYTES`` per
file, ``MAX_FILES`` files, ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns,
``datacells.MAX_CELL`` characters per cell.  Text must be UTF-8 (a BOM is
accepted).  Every problem is a ``Problem`` at ``data/NAME.csv:LINE`` (at
``data/NAME.yaml:LINE`` for the metadata of a CSV).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import list_currencies

from sitegen.config.yamltext import parse_yaml
from sitegen.content.datacells import typed_rows
from sitegen.problems import Problem, error

MAX_BYTES = 1_000_000
MAX_FILES = 200
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_YAML_VALUES = 600_000
FOLDER = "data"
NOT_TABLES = frozenset({"authors"})  # data/authors.yaml: author profiles (issue 15, item 3)
META_KEYS = ("formate", "quelle", "stand", "titel")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
_FORMAT = re.compile(r"(zahl|prozent)(?: ([0-9]))?|waehrung(?: ([A-Za-z]{3}))?(?: ([0-9]))?")


@dataclass(frozen=True)
class DataTable:
    """One data file as a typed table.

    ``name`` the block name; ``path`` e.g. ``data/gold.csv``; ``columns`` the
    header; ``kinds`` per column "number" | "date" | "text"; ``rows`` tuples
    of ``Decimal`` | ``date`` | ``datacells.Month`` | ``str`` | None (empty);
    ``formats`` {column: format text}; ``digest`` SHA-256 of the file's and
    its sidecar's bytes (what a page showing it depends on).
    """

    name: str
    path: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple, ...]
    title: str = ""
    source: str = ""
    as_of: str = ""
    formats: tuple[tuple[str, str], ...] = ()
    digest: str = ""


@dataclass(frozen=True)
class DataSet:
    """Every data table by name; ``broken`` names the files left out for their errors."""

    tables: dict = field(default_factory=dict)
    broken: frozenset = frozenset()

    def get(self, name: str) -> DataTable | None:
        """The table called ``name``, or None."""
        return self.tables.get(name)


def load_data(root: Path) -> tuple[DataSet, list[Problem]]:
    """Read and type every data file below ``root/data``; returns ``(data, problems)``.

    A file with errors is left out of ``data`` (its blocks then report it as
    unknown only if it does not exist; see ``datablocks``).  Raises nothing
    for bad content; ``OSError`` only when the folder cannot be listed.
    """
    folder = root / FOLDER
    if not folder.is_dir():
        return DataSet(), []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".yaml") and not p.name.startswith("."))
    problems: list[Problem] = []
    if len(files) > MAX_FILES:
        first_left_out = files[MAX_FILES].relative_to(root).as_posix()
        problems.append(error(first_left_out, 1, f"data/ holds {len(files)} data files, more than {MAX_FILES}",
                              "keep fewer, larger tables; move old ones out of data/"))
        files = files[:MAX_FILES]
    csv_names = {p.stem for p in files if p.suffix == ".csv"}
    tables = {}
    for path in files:
        if path.stem in NOT_TABLES or (path.suffix == ".yaml" and path.stem in csv_names):
            continue
        table, found = _load(root, path, csv_names)
        problems += found
        if table is not None:
            tables[table.name] = table
    broken = {p.stem for p in files} - set(tables) - NOT_TABLES
    return DataSet(tables, frozenset(broken)), problems


def _read(root: Path, path: Path) -> tuple[bytes | None, str, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    if path.is_symlink() or not path.is_file():
        return None, "", [error(rel, 1, "a data file must be a regular file, not a link or folder",
                                "copy the file into data/")]
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None, "", [error(rel, 1, f"the data file is larger than {MAX_BYTES:,} bytes",
                                "split it into smaller files, e.g. one per year")]
    try:
        return data, data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, "", [error(rel, line, "the data file is not UTF-8 text",
                                "save it as 'CSV UTF-8' (Excel) or UTF-8 (text editors)")]


def _load(root: Path, path: Path, csv_names: set[str]) -> tuple[DataTable | None, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    if not _NAME.fullmatch(path.stem):
        return None, [error(rel, 1, f"the data file name '{path.stem}' is not a valid table name",
                            "use lower-case letters, digits and '-', e.g. goldpreis-2024.csv")]
    data, text, problems = _read(root, path)
    if data is None:
        return None, problems
    meta_bytes, meta, rows = b"", None, None
    if path.suffix == ".csv":
        meta = {}
        sidecar = path.with_suffix(".yaml")
        if sidecar.exists():
            meta_bytes, meta_text, found = _read(root, sidecar)
            problems += found
            meta, more = _meta(sidecar.relative_to(root).as_posix(), meta_text, False) if meta_bytes else ({}, [])
            problems += more
        table, more = _csv(rel, text)
    else:
        meta, problems_yaml = _meta(rel, text, True)
        problems += problems_yaml
        table, more = _yaml_rows(rel, meta) if meta is not None else (None, [])
    problems += more
    if table is None or meta is None or any(p.is_error for p in problems):
        return None, problems
    columns, kinds, rows = table
    meta_rel = path.with_suffix(".yaml").relative_to(root).as_posix()  # a CSV's sidecar, or the YAML file itself
    formats, more = _formats(meta_rel, meta, columns)
    problems += more
    digest = hashlib.sha256(data + b"\0" + meta_bytes).hexdigest()
    plain = {k: v.value if isinstance(v.value, str) else "" for k, v in meta.items() if k in META_KEYS[1:]}
    return DataTable(path.stem, rel, columns, kinds, rows, plain.get("titel", ""), plain.get("quelle", ""),
                     plain.get("stand", ""), formats, digest), problems


def _meta(rel: str, text: str, rows: bool) -> tuple[dict | None, list[Problem]]:
    """The metadata mapping of a YAML file (``zeilen`` too when ``rows``)."""
    node, problems = parse_yaml(text, rel, 1, MAX_YAML_VALUES)
    if any(p.is_error for p in problems):
        return None, problems
    if node is None or not isinstance(node.value, dict):
        return None, problems + [error(rel, node.line if node else 1, "the file must be a YAML mapping of keys",
                                       "start with e.g. 'quelle: Beispieldaten'")]
    known = (*META_KEYS, "zeilen") if rows else META_KEYS
    for key, value in node.value.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
            problems.append(error(rel, value.line, f"unknown key '{key}'",
                                  f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"))
        elif key in META_KEYS[1:] and value.value is not None and not isinstance(value.value, str):
            problems.append(error(rel, value.line, f"'{key}' must be text", f"e.g. {key}: Beispieldaten"))
    return node.value, problems


def _formats(rel: str, meta: dict, columns: tuple[str, ...]) -> tuple[tuple, list[Problem]]:
    """((column, format text), …) of ``formate`` in the YAML file ``rel``, with
    problems at that file's lines; a currency must be an ISO 4217 code that
    Babel (CLDR) knows."""
    node = meta.get("formate")
    if node is None or node.value is None:
        return (), []
    if not isinstance(node.value, dict):
        return (), [error(rel, node.line, "'formate' must map column names to formats",
                          "e.g. formate: {preis: waehrung EUR, veraenderung: prozent 1}")]
    found, problems = [], []
    for column, value in node.value.items():
        if column not in columns:
            problems.append(error(rel, value.line, f"'formate' names the column '{column}', which the table "
                                                   "does not have", f"columns: {', '.join(columns)}"))
        elif (code := _currency(value.value) if isinstance(value.value, str) else None) is not None:
            problems.append(error(rel, value.line, f"the format of column '{column}': '{code}' is not a currency code",
                                  "use an ISO 4217 code such as EUR or USD"))
        elif not isinstance(value.value, str) or not _FORMAT.fullmatch(value.value.strip()):
            problems.append(error(rel, value.line, f"the format of column '{column}' is not one of zahl, "
                                                   "waehrung, prozent", "e.g. zahl 2, waehrung EUR, prozent 1"))
        else:
            found.append((column, value.value.strip()))
    return tuple(found), problems


def _currency(spec: str) -> str | None:
    """The currency code of a ``waehrung`` format when it is not ISO 4217, else None."""
    parts = spec.split()
    if len(parts) < 2 or parts[0] != "waehrung" or parts[1].isdigit():
        return None
    return None if parts[1].upper() in list_currencies() else parts[1]


def _header(rel: str, header: list[str]) -> tuple[tuple[str, ...] | None, list[Problem]]:
    columns = tuple(c.strip() for c in header)
    if len(columns) > MAX_COLUMNS:
        return None, [error(rel, 1, f"the table has {len(columns)} columns, more than {MAX_COLUMNS}",
                            "split it into several files")]
    if any(not c or len(c) > 80 for c in columns) or len(set(columns)) != len(columns):
        return None, [error(rel, 1, "every column needs its own name of 1 to 80 characters in the first row",
                            f"the first row has: {', '.join(c[:20] or '(empty)' for c in columns)}")]
    return columns, []


def _row_lengths(rel: str, columns: tuple[str, ...], rows: list[tuple[int, list[str]]]) -> list[Problem]:
    """One problem at the first row whose cell count differs from the header's,
    saying how many more rows differ (a header missing a column makes them all)."""
    bad = [(line, cells) for line, cells in rows if len(cells) != len(columns)]
    if not bad:
        return []
    line, cells = bad[0]
    more = f" ({len(bad) - 1} more row{'s have' if len(bad) > 2 else ' has'} the same problem)" if len(bad) > 1 else ""
    return [error(rel, line, f"the row has {len(cells)} cells, the header in line 1 names {len(columns)} "
                             f"columns{more}", f"columns: {', '.join(columns)}")]


def _csv(rel: str, text: str) -> tuple[tuple | None, list[Problem]]:
    """``(columns, kinds, rows)`` of a CSV text, or None with the problems."""
    lines = text.replace("\r\n", "\n").split("\n")
    comma = ";" in lines[0]
    if len(lines) > MAX_ROWS + 2:
        return None, [error(rel, MAX_ROWS + 2, f"the table has more than {MAX_ROWS:,} rows",
                            "split it into several files, e.g. one per year")]
    reader = csv.reader(lines, delimiter=";" if comma else ",", strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1  # the line where the current row starts (a quoted cell may span lines)
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [error(rel, start, f"the CSV cannot be read: {exc}",
                            "quote cells that contain the separator or a quote (\"…\"), and double inner quotes")]
    if not rows:
        return None, [error(rel, 1, "the table is empty", "the first row names the columns, e.g. monat;preis")]
    columns, problems = _header(rel, rows[0][1])
    if columns is None:
        return None, problems
    problems = _row_lengths(rel, columns, rows[1:])
    if problems:
        return None, problems
    kinds, typed, problems = typed_rows(rel, columns, rows[1:], comma)
    return (columns, kinds, typed), problems


def _yaml_rows(rel: str, meta: dict) -> tuple[tuple | None, list[Problem]]:
    node = meta.get("zeilen")
    if node is None or not isinstance(node.value, list) or not node.value:
        return None, [error(rel, node.line if node else 1, "a YAML data file needs 'zeilen:', a list of rows",
                            "e.g. zeilen: [{monat: 2024-01, preis: 1890.50}]")]
    if len(node.value) > MAX_ROWS:
        return None, [error(rel, node.line, f"the table has more than {MAX_ROWS:,} rows", "split it")]
    columns: list[str] = []
    problems: list[Problem] = []
    for row in node.value:
        if not isinstance(row.value, dict):
            problems.append(error(rel, row.line, "each row must be a mapping of column: value",
                                  "e.g. - {monat: 2024-01, preis: 1890.50}"))
            continue
        for key, cell in row.value.items():
            if cell.value is not None and not isinstance(cell.value, str):
                problems.append(error(rel, cell.line, f"the cell '{key}' must be a single value", "no lists here"))
            if key not in columns:
                columns.append(key)
    header, more = _header(rel, columns) if not problems else (None, [])
    if header is None:
        return None, problems + more
    rows = [(row.line, [(row.value.get(c).value or "").strip() if row.value.get(c) else "" for c in header])
            for row in node.value]
    kinds, typed, problems = typed_rows(rel, header, rows, False)
    return (header, kinds, typed), problems
