"""Investment-recommendation front matter: ``recommendation``, ``instruments``, ``conflicts``.

Art. 20 MAR (Regulation (EU) No 596/2014) and Delegated Regulation (EU)
2016/958 Art. 2–6: whoever publishes a recommendation to buy, sell or hold
a financial instrument names the producer, the date and time of first
dissemination, each instrument with its price reference and price time, and
every conflict of interest.  This module types what one file says; the
checks that need config (producer, conflict kinds, own products) are in
``site/disclosure.py``.  An ISIN is checked by its check digit (ISO 6166:
letters → 10…35, then the Luhn formula), a WKN by its form (six of A–Z and
0–9 without I and O, as the WM Datenservice assigns them).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sitegen.content.dates import Moment
from sitegen.config.yamltext import Node

RECOMMENDATIONS = ("buy", "sell", "hold", "none")
LABELS = {"buy": "Kaufen", "sell": "Verkaufen", "hold": "Halten"}
INSTRUMENT_KEYS = ("name", "isin", "wkn", "price", "currency", "price_time")
MAX_INSTRUMENTS = 20   # instruments of one article
MAX_CONFLICTS = 20     # conflict entries of one article
MAX_TEXT = 500         # characters of a name or note
_ISIN = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")
_WKN = re.compile(r"[A-HJ-NP-Z0-9]{6}")
_PRICE = re.compile(r"[0-9]{1,12}(?:[.,][0-9]{1,6})?")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Instrument:
    """One instrument of a recommendation: ``price`` is a decimal in plain
    notation ("23.45", "" when not given), ``currency`` ISO 4217 ("EUR"),
    ``price_time`` a ``Moment`` in site time (None when not given); ``line``
    is the file line of the list entry."""

    name: str = ""
    isin: str = ""
    wkn: str = ""
    price: str = ""
    currency: str = ""
    price_time: Moment | None = None
    line: int = 1


@dataclass(frozen=True)
class Conflict:
    """One declared conflict of interest: ``kind`` is an id of config
    ``disclosure.kinds`` (checked later), ``note`` free text, ``line`` its file line."""

    kind: str
    note: str = ""
    line: int = 1


@dataclass(frozen=True)
class Disclosure:
    """What an article declares: ``recommendation`` one of buy, sell, hold,
    none ("" when not given); ``conflicts`` is None when the key is absent
    and () for ``conflicts: []`` (declared: no conflict); ``line`` is the
    line of ``recommendation:``."""

    recommendation: str = ""
    instruments: tuple[Instrument, ...] = ()
    conflicts: tuple[Conflict, ...] | None = None
    line: int = 1

    @property
    def active(self) -> bool:
        """True for a buy, sell or hold recommendation (needs a full disclosure)."""
        return self.recommendation in LABELS


def isin_check_digit(first11: str) -> int:
    """The ISO 6166 check digit of the first 11 characters of an ISIN
    (A–Z, 0–9): letters become 10…35, then Luhn over the digit string."""
    digits = "".join(str(int(c, 36)) for c in first11)
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10


def parse_disclosure(keys: dict[str, Node], t) -> Disclosure | None:
    """Type ``recommendation``, ``instruments`` and ``conflicts`` of one front
    matter (``t`` is ``frontmatter._Typer``, which collects the problems).
    Returns None when none of the keys is given."""
    if not {"recommendation", "instruments", "conflicts"} & keys.keys():
        return None
    node = keys.get("recommendation")
    value = t.text("recommendation", node).lower()
    if value and value not in RECOMMENDATIONS:
        t.fail(node.line, f"recommendation '{value}' is not one of buy, sell, hold, none",
               "e.g. recommendation: hold")
        value = ""
    word = f"recommendation '{value}'" if value in LABELS else ""
    found = Disclosure(value, _instruments(keys.get("instruments"), t, word), _conflicts(keys.get("conflicts"), t),
                       node.line if node is not None else 1)
    _check_complete(found, keys, t)
    return found


def parse_authors(node: Node | None, t) -> tuple[str, ...]:
    """``authors:``: one slug or a list of slugs (checked against config in ``site/disclosure.py``)."""
    if node is None or node.value is None:
        return ()
    if isinstance(node.value, str):  # "authors: a, b" as tags: accepts
        return tuple(s.strip() for s in node.value.split(",") if s.strip())
    items = node.value if isinstance(node.value, list) else None
    if items is None or len(items) > MAX_CONFLICTS:
        t.fail(node.line, f"'authors' must be one slug or a list of at most {MAX_CONFLICTS} slugs",
               "e.g. authors: [erika-muster, redaktion]")
        return ()
    slugs = []
    for item in items:
        if not isinstance(item.value, str) or not item.value.strip():
            t.fail(item.line, "each entry of 'authors' must be an author's slug", "e.g. authors: [erika-muster, redaktion]")
        else:
            slugs.append(item.value.strip())
    return tuple(slugs)


def _entries(key: str, node: Node | None, limit: int, t) -> list[Node]:
    if node is None or node.value is None:
        return []
    if not isinstance(node.value, list):
        t.fail(node.line, f"'{key}' must be a list", "write one '- ' line per entry")
        return []
    if len(node.value) > limit:
        t.fail(node.line, f"'{key}' has {len(node.value)} entries; at most {limit} are allowed",
               "split the article or shorten the list")
        return []
    return node.value


def _instruments(node: Node | None, t, word: str) -> tuple[Instrument, ...]:
    made = []
    for item in _entries("instruments", node, MAX_INSTRUMENTS, t):
        if not isinstance(item.value, dict):
            t.fail(item.line, "each entry of 'instruments' must be a mapping",
                   "e.g. - {name: Beispiel Gold ETC, isin: DE000A0S9GB0, price: \"56,20\", currency: EUR, "
                   "price_time: 30.11.2026 17:30}")
            continue
        given = item.value
        for key, value in given.items():
            if key not in INSTRUMENT_KEYS:
                close = difflib.get_close_matches(key.lower(), INSTRUMENT_KEYS, n=1, cutoff=0.6)
                t.fail(value.line, f"unknown instrument key '{key[:40]}'",
                       f"did you mean '{close[0]}'?" if close else f"use {', '.join(INSTRUMENT_KEYS)}")
        made.append(Instrument(
            _short(t, "name", given.get("name")), _isin(t, given.get("isin")), _wkn(t, given.get("wkn")),
            _price(t, given.get("price")), _currency(t, given.get("currency")),
            _price_time(t, given.get("price_time")), item.line))
        if word:
            _check_instrument(made[-1], {k for k, n in given.items() if n.value not in (None, '')}, word, t)
    return tuple(made)


def _short(t, key: str, node: Node | None) -> str:
    text = t.text(key, node)
    if len(text) > MAX_TEXT:
        t.fail(node.line, f"'{key}' has {len(text)} characters; at most {MAX_TEXT} are allowed", "shorten it")
        return ""
    return text


def _isin(t, node: Node | None) -> str:
    text = t.text("isin", node).upper().replace(" ", "")
    if not text:
        return ""
    if not _ISIN.fullmatch(text):
        t.fail(node.line, f"ISIN '{text[:40]}' is not an ISIN (12 characters: 2 letters, 9 letters or "
               "digits, 1 check digit)", "e.g. isin: DE0007164600")
        return ""
    expected = isin_check_digit(text[:11])
    if int(text[11]) != expected:
        t.fail(node.line, f"ISIN '{text}' has a wrong check digit (expected {expected})", "check the number")
        return ""
    return text


def _wkn(t, node: Node | None) -> str:
    text = t.text("wkn", node).upper().replace(" ", "")
    if text and not _WKN.fullmatch(text):
        t.fail(node.line, f"WKN '{text[:40]}' is not a WKN (6 letters or digits, without I and O)",
               "e.g. wkn: 716460")
        return ""
    return text


def _price(t, node: Node | None) -> str:
    text = t.text("price", node)
    if text and not _PRICE.fullmatch(text):
        t.fail(node.line, f"price '{text[:40]}' is not a number", 'write digits with a decimal comma, e.g. price: "56,20"')
        return ""
    return text.replace(",", ".")


def _currency(t, node: Node | None) -> str:
    text = t.text("currency", node).upper()
    if text and not _CURRENCY.fullmatch(text):
        t.fail(node.line, f"currency '{text[:40]}' is not a currency code", "use ISO 4217, e.g. currency: EUR")
        return ""
    return text


def _price_time(t, node: Node | None) -> Moment | None:
    moment = t.moment("price_time", node, None)
    if moment is not None and not moment.has_time:
        t.fail(node.line, "'price_time' needs a time of day", "e.g. price_time: 30.11.2026 17:30")
        return None
    return moment


def _conflicts(node: Node | None, t) -> tuple[Conflict, ...] | None:
    if node is None or node.value is None:  # "conflicts:" alone declares nothing; "conflicts: []" declares none
        return None
    made = []
    for item in _entries("conflicts", node, MAX_CONFLICTS, t):
        if isinstance(item.value, str):
            made.append(Conflict(item.value.strip(), "", item.line))
        elif isinstance(item.value, dict):
            extra = sorted(set(item.value) - {"kind", "note"})
            if extra:
                t.fail(item.value[extra[0]].line, f"unknown conflict key '{extra[0]}'", "use kind and note")
            made.append(Conflict(t.text("kind", item.value.get("kind")),
                                 _short(t, "note", item.value.get("note")), item.line))
        else:
            t.fail(item.line, "each entry of 'conflicts' must be a kind or a mapping",
                   "e.g. - {kind: sells, note: Wir vertreiben das Produkt.}")
    return tuple(made)


def _check_complete(found: Disclosure, keys: dict[str, Node], t) -> None:
    """Errors for each part a buy, sell or hold recommendation lacks."""
    if not found.recommendation:
        if "recommendation" not in keys:
            at = min(n.line for k, n in keys.items() if k in ("instruments", "conflicts"))
            t.fail(at, "'instruments' and 'conflicts' need 'recommendation'",
                   "add recommendation: buy, sell, hold or none")
        return
    if not found.active:
        return
    word = f"recommendation '{found.recommendation}'"
    given = keys.get("instruments")
    if not found.instruments and (given is None or not given.value):  # a wrong value has its own error
        t.fail(_line(keys, "instruments", found), f"{word} needs instruments",
               "name each instrument with name and ISIN or WKN (Art. 20 MAR)")
    if found.conflicts is None:
        t.fail(found.line, f"{word} needs conflicts",
               "list each conflict of interest, or write conflicts: [] when there is none (Art. 20 MAR)")
    for conflict in found.conflicts or ():
        if not conflict.kind:
            t.fail(conflict.line, "a conflict needs a kind", "e.g. - {kind: position, note: …}")


def _check_instrument(item: Instrument, given: set[str], word: str, t) -> None:
    """An error naming every part ``item`` lacks (a part given with a bad
    value has its own error already)."""
    label = f"instrument '{item.name}'" if item.name else "an instrument"
    missing = [what for what, absent in (
        ("a name", not item.name and "name" not in given), ("an ISIN or WKN", not given & {"isin", "wkn"}),
        ("a price", "price" not in given), ("a currency", "currency" not in given),
        ("a price time", "price_time" not in given)) if absent]
    if missing:
        t.fail(item.line, f"{label} of {word} needs {_join(missing)}",
               "give name, isin or wkn, price, currency and price_time (Art. 20 MAR: price reference)")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _line(keys: dict[str, Node], key: str, found: Disclosure) -> int:
    node = keys.get(key)
    return node.line if node is not None else found.line
