"""The headers of ``_headers`` applied in a browser: the built pages satisfy
the Content-Security-Policy (no violation in the console).

Builds the project's sample site, serves it with a tiny ``http.server``
handler that applies the ``_headers`` rules as Netlify-style hosts do (every
matching rule's headers; ``*`` matches the rest of the path; trailing slash
optional) and answers missing paths with ``404.html``, then opens the home
page, an article, a tag page and a missing page in headless Chromium.  A
probe page with an inline ``style=`` attribute shows the check can fail.
Needs Debian's Chromium at /usr/bin/chromium; skipped without it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browserkit import QuietHandler, build_sample_site, chromium, local_server, netlify_rules, require_chromium, serving

sync_api = require_chromium()

pytestmark = pytest.mark.browser

ARTICLE = "/news/metas-ki-offensive-warum-ein-offenes-sprachmodell-die-tech-konkurrenz-unter/"


def header_rules(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """``_headers`` as ``[(path regex, [(name, value)])]`` (Netlify's matching, ``browserkit.netlify_rules``)."""
    return [(rx, [_name_value(line) for line in lines]) for rx, lines in netlify_rules(text)]


def _name_value(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


class _HeadersHandler(QuietHandler):
    """Serves the output folder with the headers ``_headers`` gives each path."""

    rules: list = []

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        for rx, headers in self.rules:
            if rx.match(path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """Build the sample site, add a probe page that breaks the CSP, serve it with its headers."""
    out = build_sample_site(tmp_path_factory.mktemp("csp"))
    (out / "csp-probe.html").write_text('<!doctype html><p style="color: red">x</p>', encoding="utf-8")
    handler = type("Handler", (_HeadersHandler,), {"rules": header_rules((out / "_headers").read_text())})
    with serving(local_server(), out, handler) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as launched:
        yield launched


def violations(browser, url: str, status: int) -> list[str]:
    """Open ``url``; return the console messages about the Content Security Policy."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == status, url
        assert "default-src 'self'" in response.headers.get("content-security-policy", ""), url
        assert response.headers.get("x-frame-options") == "DENY"
        return [m for m in messages if "Content Security Policy" in m]
    finally:
        context.close()


@pytest.mark.parametrize("path,status", [("/", 200), (ARTICLE, 200), ("/themen/gold/", 200),
                                         ("/gibt-es-nicht/", 404), ("/suche/?q=Goldpreises", 200)])
def test_pages_break_no_csp_rule(browser, site_url, path, status):
    assert violations(browser, site_url + path, status) == []


def test_a_page_with_an_inline_style_is_reported(browser, site_url):
    found = violations(browser, site_url + "/csp-probe.html", 200)
    assert found and ("style-src" in found[0] or "default-src" in found[0]), found
