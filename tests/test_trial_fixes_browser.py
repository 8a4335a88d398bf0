"""Data tables on a 390 px phone in Chromium: three columns fit without
scrolling; a wide table scrolls inside a frame that keyboard users can
focus.  Needs Debian's Chromium; skipped without it."""

from __future__ import annotations

import shutil

import pytest

from browserkit import chromium, local_server, require_chromium, serving
from conftest import BASE_CONFIG, NOW, ROOT, article, run_build, write_files

sync_api = require_chromium()

pytestmark = pytest.mark.browser

ROWS = "".join(f"2024-{m:02d};1.9{m:02d},50;+{m},4\n" for m in range(1, 13))
WIDE = "Monat;" + ";".join(f"Sorte {n}" for n in range(1, 9)) + "\n" + \
    "".join(f"2024-{m:02d};" + ";".join(f"1.9{m:02d},50" for _ in range(8)) + "\n" for m in range(1, 4))


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("tables") / "site"
    site.mkdir()
    (site / "config.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
    write_files(site, {
        "data/drei.csv": "Monat;Preis je Unze in Euro;Veränderung zum Vormonat\n" + ROWS,
        "data/drei.yaml": "formate:\n  Preis je Unze in Euro: waehrung EUR\n  Veränderung zum Vormonat: prozent 1\n",
        "data/breit.csv": WIDE,
        "content/news/gold.md": article("Gold im Überblick",
                                        body="```tabelle drei\ntitel: Drei Spalten\n```\n\n"
                                             "```tabelle breit\ntitel: Acht Sorten\n```\n"),
    })
    assert run_build(site, *NOW).code == 0
    with serving(local_server(), site / "output") as url:
        yield url + "/news/gold-im-ueberblick/"


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as launched:
        yield launched


def frames(browser, url: str) -> list[dict]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate("""() => [...document.querySelectorAll('.tabelle-rahmen')].map(f => {
            const t = f.querySelector('table'), r = f.getBoundingClientRect();
            return {name: f.getAttribute('aria-label'), scrolls: t.scrollWidth > f.clientWidth,
                    inside: r.right <= document.documentElement.clientWidth, focusable: f.tabIndex === 0,
                    page_scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth};
        })""")
    finally:
        context.close()


def test_three_columns_fit_a_phone_and_a_wide_table_scrolls_in_its_focusable_frame(page_url, browser):
    three, wide = frames(browser, page_url)
    assert three == {"name": "Tabelle: Drei Spalten", "scrolls": False, "inside": True, "focusable": True,
                     "page_scrolls": False}
    assert wide == {"name": "Tabelle: Acht Sorten", "scrolls": True, "inside": True, "focusable": True,
                    "page_scrolls": False}


def test_no_cell_of_a_phone_table_breaks_inside_a_word(page_url, browser):
    """Each cell is at least as wide as its longest word ("September", "Veränderung"): a
    month is never set one letter per line (overflow-wrap: anywhere let the table do that)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(page_url)
        narrow = page.evaluate("""() => {
            const ctx = document.createElement('canvas').getContext('2d'), found = [];
            for (const cell of document.querySelectorAll('.tabelle-rahmen')[0].querySelectorAll('th, td')) {
                const s = getComputedStyle(cell);
                ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                const widest = Math.max(...cell.textContent.trim().split(/\\s+/).map(w => ctx.measureText(w).width));
                if (widest > room + 0.5) found.push(cell.textContent.trim());
            }
            return found;
        }""")
    finally:
        context.close()
    assert narrow == []
