"""In Chromium: an old URL (an alias, a retitled article) lands on the new article.

Serves the built site on 127.0.0.1 with ``http.server``; the site's
``base_url`` is that server, so the redirect's absolute target stays local.
Needs Debian's Chromium at /usr/bin/chromium (see test_browser.py).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, NOW, article, run_build

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium) — browser tests skipped",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.browser
GOLD = "content/news/gold.md"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


def test_old_urls_land_on_the_new_article(make_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({GOLD: article("Gold steigt", extra="aliases: [/2013/11/22/gold/]")},
                     BASE_CONFIG.replace("https://www.example.de/", base + "/"))
    assert run_build(site, *NOW).code == 0
    for kept_by_the_machine in (".cache", "output"):  # a fresh clone in CI: only the committed urls.lock is left
        shutil.rmtree(site / kept_by_the_machine)
    (site / GOLD).write_text(article("Gold fällt", extra="aliases: [/2013/11/22/gold/]"), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(site / "output"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                for old in ("/news/gold-steigt/", "/2013/11/22/gold/"):
                    page.goto(base + old)
                    page.wait_for_url(base + "/news/gold-faellt/", timeout=10_000)
                    assert page.locator("h1").inner_text() == "Gold fällt"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
