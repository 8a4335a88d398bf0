"""Open the project's own article page in headless Chromium.

Builds the sample site (``content/`` + ``config.yaml`` of the project) into a
temp folder, serves it on 127.0.0.1 with ``http.server``, and checks what a
reader sees on a desktop (1280 px) and a phone (390 px).  Full-page
screenshots go to ``tests/artifacts/`` (git-ignored) for a human to look at.
Needs Debian's Chromium at /usr/bin/chromium; skipped without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browserkit import build_sample_site, chromium, local_server, require_chromium, serving

sync_api = require_chromium()

pytestmark = pytest.mark.browser

TITLE = "Metas KI-Offensive: Warum ein offenes Sprachmodell die Tech-Konkurrenz unter Druck setzt"
ARTICLE = "/news/metas-ki-offensive-warum-ein-offenes-sprachmodell-die-tech-konkurrenz-unter/"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """Build the project's sample site with --output and serve it; yields the base URL."""
    out = build_sample_site(tmp_path_factory.mktemp("sample"))
    assert (out / ARTICLE.strip("/") / "index.html").is_file(), sorted(p.name for p in (out / "news").iterdir())
    with serving(local_server(), out) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as launched:
        yield launched


def open_page(browser, url: str, width: int, height: int):
    """Open ``url`` at a viewport size; returns ``(page, requested URLs)``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE",
                                  timezone_id="Europe/Berlin")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200
    return page, requests


def test_article_page_on_desktop(browser, site_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, requests = open_page(browser, site_url + ARTICLE, 1280, 900)
    try:
        expect = sync_api.expect
        assert page.title() == f"{TITLE} | Edelmetall-Kompass"
        assert page.locator("html").get_attribute("lang") == "de"
        meta = page.locator("article.article p.meta time")
        expect(meta).to_be_visible()
        expect(meta).to_have_text("25.04.2024 14:48 Uhr")
        assert meta.get_attribute("datetime") == "2024-04-25T14:48:00+02:00"
        expect(page.get_by_text("25.04.2024", exact=False).first).to_be_visible()
        expect(page.get_by_text("14:48 Uhr", exact=True)).to_be_visible()

        h1 = page.locator("h1")
        expect(h1).to_have_count(1)
        expect(h1).to_be_visible()
        assert h1.inner_text() == TITLE
        expect(page.locator(".prose h2").first).to_be_visible()

        related = page.locator("section.related")
        expect(related.get_by_role("heading", name="Wissenswertes zum Thema")).to_be_visible()
        links = related.locator("a[href]")
        assert links.count() >= 1
        expect(links.first).to_be_visible()
        assert all(ARTICLE not in (links.nth(i).get_attribute("href") or "") for i in range(links.count()))

        form = page.locator("form.newsletter-form")
        expect(form).to_be_visible()
        assert form.get_attribute("method") == "post" and form.get_attribute("action") == "https://newsletter.example.net/anmelden"
        email = page.get_by_label("E-Mail-Adresse", exact=True)
        expect(email).to_be_visible()
        assert email.get_attribute("type") == "email"
        consent = form.locator("input[type=checkbox]")
        expect(consent).to_have_count(1)
        expect(consent).to_be_visible()
        expect(consent).not_to_be_checked()
        assert consent.evaluate("el => el.required") is True
        expect(form.get_by_role("link", name="Datenschutzerklärung")).to_have_attribute("href", "/datenschutz/")
        expect(form.get_by_role("button", name="Abschicken")).to_be_visible()

        phone = page.locator('a[href^="tel:"]')
        expect(phone).to_have_count(1)
        expect(phone).to_be_visible()
        expect(phone).to_have_attribute("href", "tel:+493012345670")
        expect(phone).to_have_text("+49 30 1234567-0")
        expect(page.get_by_text("Kostenlose Beratung")).to_be_visible()
        for badge in ("150.000", "Kunden", "Sicherer Versand", "Keine Meldepflicht"):
            expect(page.locator(".badges").get_by_text(badge, exact=True)).to_be_visible()

        footer = page.locator("footer")
        expect(footer.get_by_role("link", name="Impressum", exact=True)).to_have_attribute("href", "/impressum/")
        expect(footer.get_by_role("link", name="Datenschutz", exact=True)).to_have_attribute("href", "/datenschutz/")
        expect(footer.get_by_role("link", name="Impressum", exact=True)).to_be_visible()

        # the desktop shows the menu links directly; the phone summary is hidden
        expect(page.locator(".menu-desktop").get_by_role("link", name="Themen")).to_be_visible()

        # styles were applied (the stylesheet loaded): the body has no default 8px margin
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"page is {overflow}px wider than the window"

        page.screenshot(path=str(ARTIFACTS / "article-desktop-1280.png"), full_page=True)
        assert requests, "the page made no requests at all?"
        foreign = [u for u in requests if not re.match(r"^http://127\.0\.0\.1:\d+/", u)]
        assert foreign == [], f"requests to other hosts: {foreign}"
        assert any(re.search(r"/assets/css/site\.[0-9a-f]{10}\.css$", u) for u in requests)
    finally:
        page.context.close()


def test_article_page_on_a_phone_and_its_menu(browser, site_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page, requests = open_page(browser, site_url + ARTICLE, 390, 844)
    try:
        expect = sync_api.expect
        h1 = page.locator("h1")
        expect(h1).to_have_count(1)
        expect(h1).to_be_visible()
        expect(page.locator('a[href^="tel:"]')).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"page is {overflow}px wider than the phone screen"
        page.screenshot(path=str(ARTIFACTS / "article-phone-390.png"), full_page=True)

        summary = page.locator("details.menu > summary")
        expect(summary).to_be_visible()
        expect(summary).to_have_text("Menü")
        menu_links = page.locator("details.menu .menu-list a")
        assert menu_links.count() == 3
        for i in range(menu_links.count()):
            expect(menu_links.nth(i)).to_be_hidden()
        summary.click()
        for i in range(menu_links.count()):
            expect(menu_links.nth(i)).to_be_visible()
        expect(page.locator("details.menu").get_by_role("link", name="Themen")).to_have_attribute("href", "/themen/")
        page.screenshot(path=str(ARTIFACTS / "article-phone-390-menu-open.png"), full_page=False)

        foreign = [u for u in requests if not re.match(r"^http://127\.0\.0\.1:\d+/", u)]
        assert foreign == [], f"requests to other hosts: {foreign}"
    finally:
        page.context.close()
