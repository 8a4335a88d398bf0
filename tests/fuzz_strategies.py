"""Hypothesis strategies for the fuzz test: article and page sources, config files.

Every strategy yields a *case*: ``{path relative to the site: bytes}``, written
over the base site of ``fuzz_harness`` (``config.yaml`` replaces its config).
Values mix what editors really type with what breaks parsers: YAML indicators,
anchors and aliases, nesting, long strings, unicode (RTL, zero-width, C0
controls, escaped surrogates), dates and times in many shapes, CRLF, BOMs,
``+++`` delimiters; bodies with hostile links, images, ids, raw HTML and
template syntax.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import strategies as st

from fuzz_harness import ROOT

KNOWN_KEYS = ("title", "date", "time", "tags", "summary", "author", "slug", "draft", "updated", "related",
              "image", "image_alt", "sponsored", "disclaimer")
REALISTIC = ("Gold steigt weiter", "EZB: Zinsen bleiben", "Ölpreis – plus 3 %", "Über uns", "Fed & Inflation",
             "„Rekord“ beim Silber", "Dax 18.000", "KI-Boom: Nvidia", "Redaktion", "Zinsen", "Gold")
HOSTILE_CHARS = ("&", "*", "!", "|", ">", "%", "@", "`", "#", "{", "}", "[", "]", ",", ":", "?", "-", "'", '"',
                 "\\", "\t", "\r", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200f", "\u202e",
                 "\ufeff", "\u2028", "\u00a0", "é", "ß", "€", "😀", "ש", "ع", " ", "<", "/", "..", "{{", "{%")
DATES = ("2024-04-25", "25.04.2024", "0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "25.4.24",
         "2024-04-25T14:48:00+02:00", "2024-04-25 14:48", "2024-04-25T25:00:00Z", "31.12.9999", "01.01.0001",
         "20240425", "1e3", "-1", "0", "2024-04-25 14:48 +14:00", "25.04.2024 14:48", "April 25, 2024", "")
TIMES = ("14:48", "24:00", "23:59:60", "9:5", "14.48", "14:48 Uhr", "14:48+02:00", "-1:00", "99:99", "1448",
         "0:00", "14:48:59", "00:00", "12:00 PM", "")
PATHS = ("bild.jpg", "../bild.jpg", "../../../etc/passwd", "/etc/passwd", "a\x00b.png", "a%00b.png", ".env",
         ".hidden.png", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
         "https://evil.example/x.png", "//evil.example/x.png", "C:\\bild.png", "bild.png?x=1#y", "",
         "images/\u202egnp.exe", "/news/", "../2024-04-25-gold.md", "mailto:a@b.de", "#anker", "%2e%2e/x",
         "a b.png", "file:///etc/passwd", "x" * 300)
NAMES = ("fuzz.md", "2024-04-26-fuzz.md", ".hidden.md", "ä ö.md", "UPPER.MD", "x.markdown", "-.md",
         "index.md", "a" * 200 + ".md", "sub/dir/deep.md", "2024-04-25-gold.md")


def _hostile_text(max_size: int = 30) -> st.SearchStrategy[str]:
    """Short strings of YAML indicators, controls, unicode and ordinary letters."""
    pieces = st.sampled_from(HOSTILE_CHARS) | st.characters(exclude_categories=("Cs",)) | st.sampled_from(REALISTIC)
    return st.lists(pieces, max_size=max_size).map("".join)


def _long_text() -> st.SearchStrategy[str]:
    """Very long strings (up to 200,000 characters) of one repeated piece."""
    return st.tuples(st.sampled_from(("x", "Gold ", "ä", "&a ", "- ", "[", "*", "\t")),
                     st.sampled_from((1000, 10_000, 200_000))).map(lambda t: t[0] * t[1])


def _quoted(text: str, style: str) -> str:
    """``text`` as one YAML scalar: plain, single- or double-quoted (escaped), or a block scalar."""
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text)  # \uXXXX escapes, also for controls
    if style == "surrogate":
        return '"' + text.replace('"', "") + '\\ud800"'
    return f"{style}\n  " + text.replace("\n", "\n  ")  # "|" or ">"


def _scalar() -> st.SearchStrategy[str]:
    """One YAML value as it appears after ``key: `` (may span lines)."""
    raw = st.sampled_from(REALISTIC) | _hostile_text() | _long_text() | st.sampled_from(DATES + TIMES + PATHS) \
        | st.integers().map(str) | st.floats().map(str) | st.sampled_from(("~", "null", "true", "no", "ja", "0x1F",
                                                                           ".inf", "1_000", "0o17", "!!binary AAAA"))
    return st.builds(_quoted, raw, st.sampled_from(("plain", "plain", "single", "double", "surrogate", "|", ">")))


def _nest(kind: str, depth: int) -> str:
    """``depth`` nested flow lists, flow maps or block lists."""
    if kind == "[":
        return "[" * depth + "]" * depth
    if kind == "{":
        return "{a: " * depth + "1" + "}" * depth
    return "".join("\n" + "  " * (level + 1) + "-" for level in range(min(depth, 200))) + " x"


def _structured() -> st.SearchStrategy[str]:
    """Lists, maps, anchors, aliases, tags and deep nesting as YAML text."""
    item = st.sampled_from(REALISTIC) | _hostile_text(8).map(json.dumps)
    flow = st.lists(item, max_size=5).map(lambda xs: "[" + ", ".join(xs) + "]")
    block = st.lists(item, min_size=1, max_size=4).map(lambda xs: "".join(f"\n  - {x}" for x in xs))
    nested = st.builds(_nest, st.sampled_from("[{-"), st.integers(1, 600))
    special = st.sampled_from(("&a [*a]", "&x Gold", "*x", "*undefined", "!!python/object:os.system ls",
                               "!!set {a, b}", "!!omap [a: 1]", "{<<: *x}", "? a\n  : b", "{a: 1, a: 2}",
                               "!custom x", "!!str", "!!int x", "!!timestamp 2024-13-45", "&a\n  - *a"))
    return flow | block | nested | special


def yaml_value(key: str) -> st.SearchStrategy[str]:
    """A value for front-matter ``key``: mostly what that key expects, often anything."""
    fitting = {"date": st.sampled_from(DATES), "updated": st.sampled_from(DATES), "time": st.sampled_from(TIMES),
               "image": st.sampled_from(PATHS), "tags": st.lists(st.sampled_from(REALISTIC) | _hostile_text(6),
                                                                max_size=6).map(json.dumps),
               "draft": st.sampled_from(("true", "false", "yes", "ja", "1", "~", "'false'")),
               "sponsored": st.sampled_from(("true", "false", "[true]", "Werbung"))}
    typed = fitting.get(key, st.sampled_from(REALISTIC))
    return st.one_of(typed, typed, _scalar(), _structured())


ARTICLE_KEYS = {"title": "Fuzz-Artikel", "date": "25.04.2024", "time": "14:48", "tags": "[Gold]"}
PAGE_KEYS = {"title": "Fuzz-Seite", "summary": "Eine Seite."}


@st.composite
def front_matter(draw, keys: tuple[str, ...] = KNOWN_KEYS, valid: dict[str, str] = ARTICLE_KEYS) -> str:
    """Front-matter lines (without delimiters), in one of three shapes: the ``valid``
    keys as they are (the body is what is tested), the valid keys with one key
    changed or added, or mostly known keys with any values, some random keys,
    maybe a duplicate and a broken first line."""
    shape = draw(st.integers(0, 2))
    if shape < 2:
        chosen = dict(valid)
        if shape == 1:
            key = draw(st.sampled_from(keys) | _hostile_text(6))
            chosen[key] = draw(yaml_value(key))
        return "\n".join(f"{key}: {value}" if value else f"{key}:" for key, value in chosen.items())
    chosen = ["title", "date"] if draw(st.booleans()) else []
    chosen += draw(st.lists(st.sampled_from(keys) | _hostile_text(6), max_size=8))
    lines = []
    for key in chosen:
        value = draw(yaml_value(key))
        lines.append(f"{key}: {value}" if value else f"{key}:")
    if draw(st.integers(0, 9)) == 0:
        lines.insert(0, draw(st.sampled_from(("\tkey: tab", "- a list", "just text", "x: &a [*a]", "%YAML 1.1",
                                              "...", "a:\n b:\n  c: 1", "key: value: other"))))
    return "\n".join(lines)


BODY_PIECES = st.sampled_from((
    "Ein Absatz.", "[Link](/themen/)", "![Bild](bild.jpg)", "## Zwischentitel {#id}", "## Doppelt {#id}",
    "# Zweite H1", "Text[^1]\n\n[^1]: Fußnote", "[^x]", "<script>alert(1)</script>", "<iframe src=x></iframe>",
    "<img src=x onerror=alert(1)>", "{{ config }}", "{% include '/etc/passwd' %}", "{{ 7*7 }}", "{#", "---",
    "+++", "| a | b |\n|---|---|\n| 1 | 2 |", "> " * 200 + "tief", "- " * 200 + "tief", "*" * 5000, "[" * 5000,
    "`" * 1000, "<div>" * 500, "<!-- ", "```\ncode\n", "## {#}", "## T {#a b}", "## T {#<script>}", "\x00",
    "\u202e\u200b", "[a]: javascript:alert(1)\n\n[a]", "<a href='javascript:alert(1)'>x</a>", "&#0;", "&#x110000;",
))


@st.composite
def body(draw) -> str:
    """A Markdown body: fixed hostile pieces, links and images to hostile targets, random text."""
    pieces = draw(st.lists(BODY_PIECES | _hostile_text(20)
                           | st.sampled_from(PATHS).map(lambda p: f"[Link]({p})")
                           | st.sampled_from(PATHS).map(lambda p: f"![Bild]({p})")
                           | st.sampled_from(PATHS).map(lambda p: f"<{p}>"), max_size=8))
    return "\n\n".join(pieces) + "\n"


@st.composite
def source_file(draw, keys: tuple[str, ...] = KNOWN_KEYS, valid: dict[str, str] = ARTICLE_KEYS) -> bytes:
    """A whole source file: front matter and body, in a clean envelope (``---``,
    UTF-8, LF) more than half of the time, else with other delimiters (``+++``,
    mismatched, missing), CRLF line ends, a BOM, Latin-1 or UTF-16 bytes."""
    text = f"{draw(front_matter(keys, valid))}\n"
    if draw(st.integers(0, 9)) < 6:
        return f"---\n{text}---\n{draw(body())}".encode("utf-8", errors="surrogatepass")
    opening = draw(st.sampled_from(("---", "+++", "--- ", "---\t", "", "\ufeff---", "----")))
    closing = draw(st.sampled_from(("---", "+++", "...", "", "--- x")))
    text = f"{opening}\n{text}{closing}\n{draw(body())}"
    text = text.replace("\n", "\r\n") if draw(st.booleans()) else text
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16")))
    return text.encode(encoding, errors="surrogatepass" if encoding != "latin-1" else "replace")


@st.composite
def article_case(draw) -> dict[str, bytes]:
    """One to four generated articles in content/news/ (beside the base article)."""
    files = {f"content/news/{draw(st.sampled_from(NAMES))}": draw(source_file())}
    for n in range(draw(st.integers(0, 3))):  # more articles per build: a build's fixed cost is most of its time
        valid = {**ARTICLE_KEYS, "title": f"Weiterer Artikel {n}"}
        files[f"content/news/weiterer-{n}.md"] = draw(source_file(valid=valid))
    return files


@st.composite
def page_case(draw) -> dict[str, bytes]:
    """A generated page source in content/pages/ (maybe over a legal page)."""
    name = draw(st.sampled_from(("fuzz.md", "impressum.md", "datenschutz.md", "ueber-uns.md", ".x.md")))
    keys = ("title", "slug", "summary", "draft", "date", "image")
    slug = name.removesuffix(".md") if name[0] != "." and name != "fuzz.md" else "fuzz-seite"
    return {f"content/pages/{name}": draw(source_file(keys, {**PAGE_KEYS, "slug": slug}))}


BASE_CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
SKIPPED = {"output_dir", "deploy"}  # never point the publish outside the temporary site
HUGE = 123456789123456789  # replaced by a 5,000-digit number in the YAML text (too long for int())
CONFIG_VALUES = (None, [], {}, "", "   ", 0, -1, 10 ** 50, HUGE, 1.5, float("nan"), True, "..",
                 "../../x", "/etc", "javascript:alert(1)", "xx_YY", "de_DE", "C", "a\\b", "{slug}/../{slug}",
                 "/news/:slug/", "/news/{unknown}/", "/news/{slug}", "Europe/Nowhere", "x" * 100_000,
                 "\x00", "\u202e", "{{ 7*7 }}", ["a", {"b": None}], {"nested": {"deep": [1, 2]}})
EXTRA = {"params": None, "language": "xx_YY", "newsletter": {"heading": "N"}, "permalinks": {"article": "/../{slug}"},
         "pagination": {"page_size": HUGE}, "timezone": "UTC+25", "formats": {"date": "'"},
         "unknown_key": 1, "related_count": 10 ** 9, "feeds": {"limit": -5}}


def _paths(value, prefix=()) -> list[tuple]:
    """Every key path inside the config mapping (dict keys and list indices)."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        if key not in SKIPPED:
            found.append(prefix + (key,))
            found.extend(_paths(inner, prefix + (key,)))
    return found


def _mutate(config: dict, path: tuple, value) -> dict:
    """A deep copy of ``config`` with ``path`` set to ``value`` (``...``: deleted)."""
    config = json.loads(json.dumps(config))
    *head, last = path
    target = config
    for key in head:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return config


@st.composite
def config_case(draw) -> dict[str, bytes]:
    """``config.yaml`` from the project's config with 1–3 changes (a key deleted, set to
    ``~``, a list, a huge number, a path with ``..``, ``javascript:``, an unknown locale,
    …), dumped as YAML; sometimes a raw-text change on top (alias, tab, BOM, CRLF)."""
    config = BASE_CONFIG
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 3)) == 0:
            key = draw(st.sampled_from(sorted(EXTRA)))
            config = {**config, key: EXTRA[key]}
            continue
        path = draw(st.sampled_from(_paths(config)))
        config = _mutate(config, path, draw(st.sampled_from(CONFIG_VALUES + (...,))))
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10_000)
    text = text.replace(str(HUGE), "9" * 5000)
    raw = draw(st.sampled_from(("", "", "", "x: &a [*a]\n", "params: &b {a: *b}\n", "\tbad: tab\n", "title: [\n",
                                "title: dup\n", "%TAG ! tag:x,2024:\n---\n", "---\nsecond: doc\n", "\x00\n")))
    text = text + raw if not raw.startswith("%") else raw + text
    if draw(st.integers(0, 7)) == 0:
        text = "\ufeff" + text.replace("\n", "\r\n")
    return {"config.yaml": text.encode("utf-8", errors="surrogatepass")}


# --------------------------------------------------------------------------- data files (issue 15, item 8)

CELLS = ("2024-01", "2024-13", "2024-02-30", "2024-03-08", "1.876,30", "1876.30", "-0,5", "0", "1e5", "NaN",
         "Infinity", "-", "abc", "", '"x;y"', '"', '""', "9" * 199, "9" * 201, "1.2.3", ",5", "\x00", "=cmd|'/C'!A0",
         "<script>alert(1)</script>", "ä€", "1\u00a0234,5", "١٢٣")
DATA_NAMES = ("gold", "gold-2024", "Gold", "ä", "-x", "a" * 90, "authors", "x.y")
BLOCK_OPTIONS = ("spalten: a, b", "spalten: b", "spalten: ,", "spalten: a, a, a", "typ: balken", "typ: linie",
                 "typ: kreis", "titel: <b>fett</b>", "quelle: &amp; x", "x", ": :", "titel:" + "t" * 400,
                 "stand: heute")


def _cell() -> st.SearchStrategy[str]:
    return st.sampled_from(CELLS) | _hostile_text(6)


@st.composite
def csv_text(draw) -> str:
    """A CSV table: a header and rows of realistic and hostile cells, some rows ragged."""
    sep = draw(st.sampled_from((";", ";", ",", "\t", "|")))
    width = draw(st.integers(0, 5))
    header = draw(st.lists(st.sampled_from(("a", "b", "Monat", "Preis", "")) | _hostile_text(4),
                           min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_cell(), min_size=max(0, width - 1), max_size=width + 1), max_size=8))
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    many = draw(st.sampled_from((0, 0, 0, 10_001)))  # past the row limit now and then
    lines += [sep.join(["2024-01", "1"])] * many
    return "\n".join(lines) + draw(st.sampled_from(("\n", "", "\n\n")))


@st.composite
def data_yaml(draw, rows: bool) -> str:
    """A sidecar or YAML data file: metadata keys (some wrong) and maybe ``zeilen:``."""
    keys = ["titel", "quelle", "stand", "formate", "quele"] + (["zeilen"] if rows else [])
    chosen = draw(st.lists(st.sampled_from(keys), max_size=5, unique=True))
    lines = []
    for key in chosen:
        if key == "zeilen":
            row = st.lists(st.tuples(st.sampled_from(("a", "b", "Preis")), _cell().map(json.dumps)), max_size=3)
            lines.append("zeilen:" + "".join("\n  - {" + ", ".join(f"{k}: {v}" for k, v in r) + "}"
                                             for r in draw(st.lists(row, max_size=4))))
        elif key == "formate":
            lines.append("formate: {a: " + draw(st.sampled_from(("zahl 2", "waehrung EUR", "prozent 1", "euro",
                                                                  "[1]", "zahl 99"))) + "}")
        else:
            lines.append(f"{key}: {draw(yaml_value(key))}")
    return "\n".join(lines) + "\n"


@st.composite
def data_case(draw) -> dict[str, bytes]:
    """Data files in data/ (CSV with or without a sidecar, or YAML) and an article placing them."""
    name = draw(st.sampled_from(DATA_NAMES))
    files: dict[str, bytes] = {}
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16")))
    if draw(st.booleans()):
        text = draw(csv_text()).replace("\n", "\r\n") if draw(st.integers(0, 4)) == 0 else draw(csv_text())
        files[f"data/{name}.csv"] = text.encode(encoding, "replace")
        if draw(st.booleans()):
            files[f"data/{name}.yaml"] = draw(data_yaml(False)).encode("utf-8")
    else:
        files[f"data/{name}.yaml"] = draw(data_yaml(True)).encode(encoding, "replace")
    kind = draw(st.sampled_from(("tabelle", "diagramm", "chart", "table")))
    ref = draw(st.sampled_from((name, name, "gold", "", "a b")) | _hostile_text(4))
    options = draw(st.lists(st.sampled_from(BLOCK_OPTIONS) | _hostile_text(10), max_size=4))
    body = f"Text.\n\n```{kind} {ref}\n" + "\n".join(options) + "\n```\n"
    files["content/news/daten.md"] = ("---\ntitle: Daten\ndate: 25.04.2024\ntime: 14:48\n---\n" + body).encode()
    return files
