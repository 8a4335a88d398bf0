"""Checks of recommendations and authors that need config, over the shown articles.

A buy, sell or hold recommendation needs ``disclosure.producer`` in config
and conflict kinds from ``disclosure.kinds`` (Art. 20 MAR; Delegated
Regulation (EU) 2016/958 Art. 2 and 5–6).  An article that names one of
``disclosure.own_products`` (title, body text or an instrument's name,
ISIN or WKN; case-insensitive, whole words) without the conflict kind ``sells`` gets a warning.  ``authors:``
slugs must name a profile of config ``authors:``.
"""

from __future__ import annotations

import difflib
import html
import re

from sitegen.config.newsroom import SELLS
from sitegen.config.settings import Config
from sitegen.problems import Problem, error, warning
from sitegen.site.model import Site
from sitegen.store.mentions import MentionMemo

_TAGS = re.compile(r"<[^>]*>")


def newsroom_problems(site: Site, config: Config, memo: MentionMemo | None = None) -> list[Problem]:
    """Errors for incomplete recommendations and unknown author slugs,
    warnings for own products named without the ``sells`` conflict
    (``memo``: which bodies name a product, kept between builds, ``store.mentions``)."""
    problems = []
    products = config.disclosure.own_products
    # one pass over the raw HTML first: most articles name no product (10,000 articles: 1.6 s -> 0.1 s)
    forms = sorted({form for p in products for form in (p, html.escape(p))})  # as typed, and as HTML writes it
    mentions = re.compile("|".join(map(re.escape, forms)), re.IGNORECASE) if products else None
    in_body = _in_body(mentions, memo, forms) if mentions is not None else None
    for article in site.articles:
        problems += _disclosure(article, config) + _authors(article, config) + _own_products(article, config,
                                                                                            mentions, in_body)
    if memo is not None and products:
        memo.keep_only({article.digest for article in site.articles})
    return problems


def _in_body(mentions: re.Pattern, memo: MentionMemo | None, forms: list[str]):
    """``in_body(article)``: True when its body HTML matches ``mentions`` (remembered in ``memo`` by digest)."""
    if memo is None:
        return lambda article: mentions.search(article.body.html) is not None
    table = memo.table(forms)

    def in_body(article) -> bool:
        found = table.get(article.digest)
        if found is None:
            found = table[article.digest] = mentions.search(article.body.html) is not None
            memo.changed = True
        return found
    return in_body


def _disclosure(article, config: Config) -> list[Problem]:
    found = article.front.disclosure
    if found is None or not found.active:
        return []
    rules = config.disclosure
    problems = []
    if not article.front.published.has_time:
        problems.append(error(article.path, article.front.lines.get("date", found.line),
                              f"recommendation '{found.recommendation}' needs the time of first dissemination",
                              "add time: HH:MM, e.g. time: 09:15 (Art. 20 MAR)"))
    if not rules.producer:
        problems.append(error(article.path, found.line,
                              f"recommendation '{found.recommendation}' needs a producer, and config.yaml names none",
                              f"add disclosure: {{producer: …, responsible: …}} to {config.file} (Art. 20 MAR)"))
    known = [kind for kind, _ in rules.kinds]
    for conflict in found.conflicts or ():
        if conflict.kind and conflict.kind not in known:
            close = difflib.get_close_matches(conflict.kind, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else \
                f"known kinds: {', '.join(known)}" if known else f"define it under disclosure: kinds: in {config.file}"
            problems.append(error(article.path, conflict.line, f"unknown conflict kind '{conflict.kind[:40]}'", hint))
    return problems


def _authors(article, config: Config) -> list[Problem]:
    known = [a.slug for a in config.authors]
    problems = []
    for slug in article.front.authors:
        if slug in known:
            continue
        line = article.front.lines.get(f"authors:{slug}", article.front.lines.get("authors", 1))
        close = difflib.get_close_matches(slug, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else \
            f"known authors: {', '.join(known)}" if known else f"add a profile under authors: in {config.file}"
        problems.append(error(article.path, line, f"unknown author '{slug[:40]}'", hint))
    return problems


def _own_products(article, config: Config, mentions: re.Pattern | None, in_body) -> list[Problem]:
    products = config.disclosure.own_products
    found = article.front.disclosure
    if not products or (found and any(c.kind == SELLS for c in found.conflicts or ())):
        return []
    codes = " ".join(f"{i.name} {i.isin} {i.wkn}" for i in (found.instruments if found else ()))
    if not in_body(article) and not mentions.search(f"{article.title} {codes}"):
        return []  # the body's HTML holds each product as typed (escaped); the title and codes are plain text
    text = f"{article.title}\n{html.unescape(_TAGS.sub(' ', article.body.html))}\n{codes}".casefold()
    named = [p for p in products if re.search(rf"(?<!\w){re.escape(p.casefold())}(?!\w)", text)]
    if not named:
        return []
    return [warning(article.path, article.front.lines.get("title", 1),
                    f"the article names the company's own product '{named[0]}' but declares no '{SELLS}' conflict",
                    f"add conflicts: [{SELLS}] (and recommendation: none if it recommends nothing), or mark it "
                    "sponsored: true")]
