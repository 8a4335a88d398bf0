"""The search page in headless Chromium, as a reader uses it: the sample site
(``search: {enabled: true}``) served with its ``_headers`` (so the CSP is
enforced); a German inflected word typed into the field on ``/suche/`` lists
the matching article with title, date and teaser; the header's form lands on
``/suche/?q=…`` with results; without JavaScript the page says search needs
it.  Every request stays on the local host.  Needs Debian's Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browserkit import QuietHandler, build_sample_site, chromium, local_server, netlify_rules, require_chromium, serving

sync_api = require_chromium()

pytestmark = pytest.mark.browser

GOLD_TITLE = "Goldpreis auf Rekordkurs: Was hinter der Rally steckt"
GOLD_TEASER = ("Gold notiert in mehreren Währungen auf Allzeithochs. Wir zeigen die Preise im Überblick und "
               "erklären die wichtigsten Treiber.")
EZB_TITLE = "Zehnte Erhöhung in Folge: EZB setzt Einlagensatz auf Rekordhoch von 4 Prozent"


class _Headers(QuietHandler):
    """Serves the output with the headers its ``_headers`` file gives each path (Netlify's matching)."""

    rules: list = []

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        for rx, lines in self.rules:
            if rx.match(path):
                for line in lines:
                    name, _, value = line.partition(":")
                    self.send_header(name.strip(), value.strip())
        super().end_headers()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = build_sample_site(tmp_path_factory.mktemp("search"))
    handler = type("Handler", (_Headers,), {"rules": netlify_rules((out / "_headers").read_text())})
    with serving(local_server(), out, handler) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as launched:
        yield launched


@pytest.fixture
def reader(browser, site_url):
    """A fresh page; yields (page, requested URLs, console messages)."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    requested, messages = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: messages.append(message.text))
    try:
        yield page, requested, messages
    finally:
        context.close()


def hits(page) -> list[dict[str, str]]:
    """The result list as a reader sees it: title, link, date text, teaser."""
    return page.eval_on_selector_all(".search-hit", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent, href: li.querySelector('h2 a').getAttribute('href'),
        date: (li.querySelector('time') || {}).textContent || '', teaser: li.querySelector('p').textContent}))""")


def only_local(requested: list[str], site_url: str) -> list[str]:
    """The requests that went to another host (should be none)."""
    return [url for url in requested if not url.startswith(site_url + "/")]


def test_a_german_inflected_word_finds_the_article_with_title_date_and_teaser(reader, site_url):
    page, requested, messages = reader
    page.goto(site_url + "/suche/")
    page.fill("#suche-begriff", "Goldpreises")
    page.wait_for_selector(".search-hit")
    found = {hit["title"]: hit for hit in hits(page)}
    assert found[GOLD_TITLE] == {"title": GOLD_TITLE, "href": "/news/goldpreis-auf-rekordkurs-was-hinter-der-rally-steckt/",
                                 "date": "08.03.2024, 17:30 Uhr", "teaser": GOLD_TEASER}
    assert page.inner_text(".search-status").endswith("Treffer für „Goldpreises“.")
    assert only_local(requested, site_url) == []
    assert [m for m in messages if "Content Security Policy" in m] == []


def test_the_header_form_lands_on_the_search_page_with_results(reader, site_url):
    page, requested, _ = reader
    page.goto(site_url + "/")
    page.fill("#kopf-suche", "Zinsen")
    page.press("#kopf-suche", "Enter")
    page.wait_for_url("**/suche/?q=Zinsen")
    page.wait_for_selector(".search-hit")
    assert EZB_TITLE in [hit["title"] for hit in hits(page)]  # "Zinsen" finds "Zinserhöhung", "Zins…"
    assert page.input_value("#suche-begriff") == "Zinsen"
    assert only_local(requested, site_url) == []


def test_a_word_found_nowhere_says_so(reader, site_url):
    page, _, _ = reader
    page.goto(site_url + "/suche/?q=Quittengelee")
    page.wait_for_selector(".search-status:not(:empty)")  # (wait_for_function's eval is blocked by the CSP)
    assert page.inner_text(".search-status") == "Keine Treffer für „Quittengelee“."
    assert hits(page) == []


def test_without_javascript_the_page_says_search_needs_it(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/suche/?q=Gold")
        assert "Die Suche benötigt JavaScript." in page.inner_text("main")
    finally:
        context.close()


def test_one_query_finds_articles_from_several_shards_ranked_together(reader, site_url):
    """The sample site's index is split into shards (one per month of 2024, one for 2023): a query
    lists hits from shards of both years in one list, ranked together by Pagefind."""
    page, requested, _ = reader
    page.goto(site_url + "/suche/?q=Zinsen")
    page.wait_for_selector(".search-hit")
    shards = page.evaluate("fetch('/pagefind/shards.json').then(r => r.json())")["shards"]
    assert "2023" in shards and any(s.startswith("2024-") for s in shards)
    years = {hit["date"].split(",")[0][-4:] for hit in hits(page)}
    assert {"2023", "2024"} <= years
    assert EZB_TITLE in [hit["title"] for hit in hits(page)]
    assert {url.split("/pagefind/")[1].split("/")[0] for url in requested if "/pagefind/" in url
            and "/pagefind-entry.json" in url} == set(shards)  # every shard merged, no other host
    assert only_local(requested, site_url) == []
