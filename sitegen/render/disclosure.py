"""The recommendation disclosure box and ``/offenlegung.json`` (Art. 20 MAR).

Delegated Regulation (EU) 2016/958: Art. 2–3 (producer and the person
responsible), Art. 4 (date and time of first dissemination, price and price
time of each instrument), Art. 5–6 (conflicts of interest).  The time of
first dissemination is the article's ``date``/``time`` — never the build
time —, so two builds give identical bytes.  The box is one HTML string,
used on the article page and in its Atom/RSS entry alike.
"""

from __future__ import annotations

import json
from decimal import Decimal

from babel.dates import format_datetime
from babel.numbers import format_currency
from markupsafe import Markup, escape

from sitegen.config.settings import Config
from sitegen.content.dates import Moment
from sitegen.content.disclosure import LABELS, Disclosure
from sitegen.site.model import Site
from sitegen.site.urls import absolute_url, article_route

JSON_PATH = "offenlegung.json"
HEADING = "Offenlegung gemäß Art. 20 MAR"
NO_CONFLICT = "Es bestehen keine Interessenkonflikte."


def active(entry) -> Disclosure | None:
    """The entry's disclosure when it recommends buy, sell or hold, else None."""
    found = entry.front.disclosure
    return found if found is not None and found.active else None


def when_text(moment: Moment, config: Config) -> str:
    """``30.11.2026, 09:15 Uhr`` in the site's formats, language and zone."""
    day = format_datetime(moment.when, config.date_format, tzinfo=moment.when.tzinfo, locale=config.language)
    if not moment.has_time:
        return day
    clock = format_datetime(moment.when, config.time_format, tzinfo=moment.when.tzinfo, locale=config.language)
    return f"{day}, {clock}"


def box_html(entry, config: Config) -> Markup:
    """The disclosure ``<aside>`` of one article (``Markup("")`` without an
    active recommendation): recommendation, producer, responsible, first
    dissemination, instruments with price reference, conflicts in German."""
    found = active(entry)
    if found is None:
        return Markup("")
    rules, published = config.disclosure, entry.front.published
    rows = [("Empfehlung", escape(LABELS[found.recommendation])), ("Ersteller", escape(rules.producer))]
    if rules.responsible:
        rows.append(("Verantwortlich", escape(rules.responsible)))
    rows.append(("Erstmalige Verbreitung", Markup('<time datetime="{}">{}</time>').format(
        _iso(published), when_text(published, config))))
    parts = [Markup('<aside class="disclosure" aria-label="{}">\n<h2>{}</h2>\n<dl>\n').format(HEADING, HEADING)]
    parts += [Markup("<dt>{}</dt><dd>{}</dd>\n").format(term, value) for term, value in rows]
    parts.append(Markup("</dl>\n<h3>Finanzinstrumente</h3>\n<ul>\n"))
    parts += [Markup("<li>{}</li>\n").format(_instrument(item, config)) for item in found.instruments]
    parts.append(Markup("</ul>\n<h3>Interessenkonflikte</h3>\n"))
    conflicts = [c for c in found.conflicts or ()]
    if conflicts:
        parts.append(Markup("<ul>\n"))
        parts += [Markup("<li>{}</li>\n").format(" ".join(t for t in (rules.kind_text(c.kind), c.note) if t))
                  for c in conflicts]
        parts.append(Markup("</ul>\n"))
    else:
        parts.append(Markup("<p>{}</p>\n").format(NO_CONFLICT))
    parts.append(Markup("</aside>\n"))
    return Markup("").join(parts)


def _instrument(item, config: Config) -> str:
    codes = ", ".join(f"{label} {code}" for label, code in (("ISIN", item.isin), ("WKN", item.wkn)) if code)
    price = format_currency(Decimal(item.price), item.currency, locale=config.language)
    return f"{item.name} ({codes}): Kurs {price} am {when_text(item.price_time, config)}"


def _iso(moment: Moment) -> str:
    return moment.when.isoformat(timespec="seconds") if moment.has_time else moment.when.date().isoformat()


def disclosure_files(site: Site, config: Config) -> dict[str, bytes]:
    """``{"offenlegung.json": bytes}``: every shown article with a buy, sell
    or hold recommendation, newest first (ties by URL); keys sorted, UTF-8.
    ``{}`` for a site without ``disclosure.producer`` in config (it publishes none)."""
    if not config.disclosure.producer:
        return {}
    rows = []
    rules = config.disclosure
    for entry in site.articles:
        found = active(entry)
        if found is None:
            continue
        rows.append({
            "url": absolute_url(config, article_route(config, entry).url),
            "title": entry.title,
            "first_dissemination": _iso(entry.front.published),
            "recommendation": found.recommendation,
            "producer": rules.producer,
            "responsible": rules.responsible,
            "instruments": [{"name": i.name, "isin": i.isin, "wkn": i.wkn, "price": i.price, "currency": i.currency,
                             "price_time": _iso(i.price_time)} for i in found.instruments],
            "conflicts": [{"kind": c.kind, "text": rules.kind_text(c.kind), "note": c.note}
                          for c in found.conflicts or ()],
            "_at": entry.front.published.when.timestamp(),
        })
    rows.sort(key=lambda r: (-r["_at"], r["url"]))
    for row in rows:
        del row["_at"]
    text = json.dumps({"recommendations": rows}, ensure_ascii=False, sort_keys=True, indent=1)
    return {JSON_PATH: (text + "\n").encode("utf-8")}
