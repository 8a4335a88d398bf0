"""In Chromium: an old URL (an alias, a retitled article) lands on the new article.

Serves the built site on 127.0.0.1 with ``http.server``; the site's
``base_url`` is that server, so the redirect's absolute target stays local.
Needs Debian's Chromium at /usr/bin/chromium (see test_browser.py).
"""

from __future__ import annotations

import shutil

import pytest

from browserkit import base_url, chromium, local_server, require_chromium, serving
from conftest import BASE_CONFIG, NOW, article, run_build

sync_api = require_chromium()

pytestmark = pytest.mark.browser
GOLD = "content/news/gold.md"


def test_old_urls_land_on_the_new_article(make_site):
    server = local_server()
    base = base_url(server)
    site = make_site({GOLD: article("Gold steigt", extra="aliases: [/2013/11/22/gold/]")},
                     BASE_CONFIG.replace("https://www.example.de/", base + "/"))
    assert run_build(site, *NOW).code == 0
    for kept_by_the_machine in (".cache", "output"):  # a fresh clone in CI: only the committed urls.lock is left
        shutil.rmtree(site / kept_by_the_machine)
    (site / GOLD).write_text(article("Gold fällt", extra="aliases: [/2013/11/22/gold/]"), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    with serving(server, site / "output"), chromium(sync_api, ["--no-sandbox", "--disable-gpu"]) as browser:
        page = browser.new_page()
        for old in ("/news/gold-steigt/", "/2013/11/22/gold/"):
            page.goto(base + old)
            page.wait_for_url(base + "/news/gold-faellt/", timeout=10_000)
            assert page.locator("h1").inner_text() == "Gold fällt"
