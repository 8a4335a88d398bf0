"""Responsive pictures in Chromium: the browser itself picks a small variant
on a phone and a large one on a desktop (``img.currentSrc``), and the credit
is visible under the picture.  Needs Debian's Chromium; skipped without it."""

from __future__ import annotations

import pytest

from browserkit import chromium, local_server, require_chromium, serving
from conftest import NOW, article, run_build
from test_pictures import LEAD, jpeg

sync_api = require_chromium()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("pictures") / "site"
    from conftest import BASE_CONFIG, ROOT, write_files
    import shutil
    site.mkdir()
    (site / "config.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
    write_files(site, {"content/news/gold.md": article("Gold steigt", extra=LEAD),
                       "content/news/gold.jpg": jpeg(2400, 1350)})
    assert run_build(site, *NOW).code == 0
    with serving(local_server(), site / "output") as url:
        yield url + "/news/gold-steigt/"


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as launched:
        yield launched


def chosen(browser, url: str, width: int, height: int, scale: float) -> dict:
    """What the lead picture shows in a fresh context of that viewport."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.querySelector('.lead-image img').complete")
        return page.evaluate("""() => {
            const img = document.querySelector('.lead-image img');
            const credit = document.querySelector('.lead-image figcaption .credit');
            const a = img.getBoundingClientRect(), c = credit.getBoundingClientRect();
            return {src: img.currentSrc, shown: img.clientWidth, credit: credit.innerText,
                    below: c.top >= a.bottom, visible: c.height > 0 && getComputedStyle(credit).visibility === 'visible'};
        }""")
    finally:
        context.close()


def test_a_phone_gets_a_small_variant_and_sees_the_credit(site_url, browser):
    shown = chosen(browser, site_url, 390, 844, 2)  # a common phone: 390 CSS px at 2 device px each
    assert shown["src"].endswith("-w800.webp"), shown  # 390 × 2 = 780 px needed: the 800 px file
    assert shown["credit"] == "Foto: Erika Muster" and shown["below"] and shown["visible"], shown


def test_a_phone_at_one_device_pixel_gets_the_smallest(site_url, browser):
    shown = chosen(browser, site_url, 390, 844, 1)
    assert shown["src"].endswith("-w480.webp"), shown


def test_a_desktop_gets_a_large_variant(site_url, browser):
    shown = chosen(browser, site_url, 1400, 900, 2)  # a laptop's high-density screen
    assert shown["src"].endswith("-w1200.webp"), shown
    assert shown["credit"] == "Foto: Erika Muster" and shown["below"] and shown["visible"], shown
