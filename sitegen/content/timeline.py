"""The newsroom's time keys of an article: ``expires``, ``breaking`` and ``corrections``.

Typed here (called by ``frontmatter``) so the front matter parser stays
short.  Rules (README, "Expiry, breaking news and corrections"):

* ``expires:`` has the shapes of ``date:`` (``2030-06-30 18:00``,
  ``30.06.2030``, ISO 8601 with offset), in site time; a bare date means
  00:00 of that day.  It must be after ``date``.
* ``breaking: true`` or ``breaking: {until: <moment>}``; without ``until``
  the banner ends ``news.breaking_hours`` after the article's date.
* ``corrections:`` is a list of ``{date, time, text}``; ``time`` optional,
  ``text`` required; at most ``MAX_CORRECTIONS`` per article.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.config.yamlnode import Node
from sitegen.content.dates import Moment

MAX_CORRECTIONS = 50          # corrections of one article
MAX_CORRECTION_TEXT = 2000    # characters of one correction's text
CORRECTION_EXAMPLE = 'corrections: [{date: 2024-04-26, time: "09:30", text: "Der Kurs lag bei 2.310 $."}]'


@dataclass(frozen=True)
class Breaking:
    """``breaking:`` of an article: ``until`` is the banner's end as written
    (None: ``news.breaking_hours`` after the article's date)."""

    until: Moment | None = None


@dataclass(frozen=True)
class Correction:
    """One entry of ``corrections:``: ``when`` (site time), ``text`` as written, its file ``line``."""

    when: Moment
    text: str
    line: int


BREAKING_HINT = "write breaking: true, or breaking: {until: 25.04.2024 20:00} to end the banner at that moment"


def read_breaking(t, node: Node | None) -> Breaking | None:
    """``breaking:`` typed by ``t`` (a ``frontmatter._Typer``); None when absent or false."""
    if node is None or node.value is None:
        return None
    if isinstance(node.value, dict):
        unknown = sorted(set(node.value) - {"until"})
        if unknown:
            t.fail(node.value[unknown[0]].line, f"unknown key '{unknown[0]}' in 'breaking'",
                   BREAKING_HINT)
            return None
        return Breaking(t.moment("breaking.until", node.value.get("until"), None))
    shown = "a list" if isinstance(node.value, list) else f"'{node.value}'"
    if isinstance(node.value, list) or t.text("breaking", node).lower() not in ("true", "yes", "false", "no", ""):
        t.fail(node.line, f"'breaking' must be true, false or {{until: …}}, not {shown}", BREAKING_HINT)
        return None
    return Breaking() if t.boolean("breaking", node) else None


def read_corrections(t, node: Node | None) -> tuple[Correction, ...]:
    """``corrections:`` typed by ``t``: each entry a mapping with ``date``, optional ``time``, ``text``."""
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        t.fail(node.line, "'corrections' must be a list of {date, time, text}", CORRECTION_EXAMPLE)
        return ()
    if len(node.value) > MAX_CORRECTIONS:
        t.fail(node.line, f"'corrections' has {len(node.value)} entries, more than {MAX_CORRECTIONS}",
               "keep the recent ones; an article with that many corrections needs rewriting")
        return ()
    found = []
    for item in node.value:
        correction = _correction(t, item)
        if correction is not None:
            found.append(correction)
    return tuple(sorted(found, key=lambda c: (c.when.when, c.line)))


def _correction(t, item: Node) -> Correction | None:
    if not isinstance(item.value, dict):
        t.fail(item.line, "each entry of 'corrections' must have date, time and text", CORRECTION_EXAMPLE)
        return None
    keys = item.value
    unknown = sorted(set(keys) - {"date", "time", "text"})
    if unknown:
        t.fail(keys[unknown[0]].line, f"unknown key '{unknown[0]}' in a correction", "use date, time and text")
        return None
    text = t.text("corrections.text", keys.get("text"))
    if not text:
        t.fail(item.line, "a correction needs 'text': what was wrong and what is right", CORRECTION_EXAMPLE)
        return None
    if len(text) > MAX_CORRECTION_TEXT:
        t.fail(keys["text"].line, f"a correction's text has {len(text)} characters, more than "
               f"{MAX_CORRECTION_TEXT}", "say briefly what was wrong and what is right")
        return None
    if keys.get("date") is None or keys["date"].value is None:
        t.fail(item.line, "a correction needs 'date': when it was corrected", CORRECTION_EXAMPLE)
        return None
    when = t.moment("corrections.date", keys["date"], keys.get("time"))
    return Correction(when, text, item.line) if when is not None else None


def check_order(t, lines, published: Moment | None, expires: Moment | None,
                breaking: Breaking | None, corrections: tuple[Correction, ...]) -> None:
    """Errors for an ``expires``, a banner end or a correction before ``date``."""
    if published is None:
        return
    if expires is not None and expires.when <= published.when:
        t.fail(lines["expires"], f"'expires' ({expires.when:%d.%m.%Y %H:%M}) is not after 'date' "
               f"({published.when:%d.%m.%Y %H:%M})", "an article can only expire after it is published")
    if breaking is not None and breaking.until is not None and breaking.until.when <= published.when:
        t.fail(lines["breaking"], f"'breaking' ends ({breaking.until.when:%d.%m.%Y %H:%M}) before the article "
               f"is published ({published.when:%d.%m.%Y %H:%M})", "give an until after date:, or write breaking: true")
    for correction in corrections:
        if _before(correction.when, published):
            t.fail(correction.line, f"a correction dated {correction.when.when:%d.%m.%Y %H:%M} is before the "
                   f"article's date ({published.when:%d.%m.%Y %H:%M})", "correct the correction's date")


def _before(moment: Moment, published: Moment) -> bool:
    """True when ``moment`` is before ``published``; a bare date only when its day is before."""
    if moment.has_time:
        return moment.when < published.when
    return moment.when.date() < published.when.date()


def check_page_keys(t, keys: dict[str, Node]) -> None:
    """A page (not an article) with ``expires``, ``breaking`` or ``corrections``: an error for
    ``expires`` (the page would stay online after it), a warning for the others (they are ignored)."""
    from sitegen.problems import warning
    if "expires" in keys:
        t.fail(keys["expires"].line, "'expires' works for articles only: a page would stay online after that date",
               "remove expires: and take the page offline yourself (draft: true or delete the file) when it expires")
    for key in ("breaking", "corrections"):
        if key in keys:
            t.problems.append(warning(t.path, keys[key].line, f"'{key}' works for articles only and is ignored "
                                      "on a page", f"remove {key}: or make this an article in content/news/"))
