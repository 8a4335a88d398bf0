"""What the Chromium tests share: the skip without Chromium or Playwright,
the launch, a quiet local ``http.server`` and the project's sample site built
into a temp folder.

Call ``require_chromium()`` at module level; it skips the module when
``/usr/bin/chromium`` (Debian's package) or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT, run_build

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
SAMPLE_NOW = ("--now", "2024-05-01 12:00")


def require_chromium():
    """Skip the calling module without Chromium or Playwright; returns ``playwright.sync_api``."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium) — browser tests skipped",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` without the access log on stderr."""

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


def local_server() -> http.server.ThreadingHTTPServer:
    """A server bound to a free port of 127.0.0.1, not yet serving (see ``serving``)."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)


def base_url(server: http.server.ThreadingHTTPServer) -> str:
    """``http://127.0.0.1:<port>`` of ``server``, without a trailing slash."""
    return f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def serving(server, directory: Path, handler=QuietHandler):
    """Serve ``directory`` with ``handler`` on ``server`` in a thread; yields the base URL."""
    server.RequestHandlerClass = functools.partial(handler, directory=str(directory))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield base_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium(sync_api, args=LAUNCH_ARGS):
    """Launch headless Chromium; yields the browser, closed afterwards."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield browser
        finally:
            browser.close()


def build_sample_site(work: Path) -> Path:
    """Copy the project's ``config.yaml``, ``content/``, ``themes/`` (and
    ``templates/``, ``data/``) into ``work/site``, build it at ``SAMPLE_NOW`` into
    ``work/out`` and return that folder; fails the test if the build fails."""
    site = work / "site"
    site.mkdir()
    shutil.copy(ROOT / "config.yaml", site / "config.yaml")
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "themes", site / "themes")
    for folder in ("templates", "data"):  # data/: the sample article's table and chart
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, site / folder)
    out = work / "out"
    run = run_build(site, *SAMPLE_NOW, "--output", str(out))
    assert run.code == 0, run.err
    return out


def netlify_rules(text: str) -> list[tuple[re.Pattern, list[str]]]:
    """Parse ``_headers`` and match paths as Netlify does (netlify/build
    packages/headers-parser/src/for_regexp.ts: ``*`` alone matches the rest,
    the trailing slash is optional, case-insensitive); returns
    ``[(path regex, [header line "Name: value"])]`` in file order."""
    rules: list[tuple[re.Pattern, list[str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            parts = [p for p in line.strip().split("/") if p]
            pattern = "/".join("?(.*)" if p == "*" else re.escape(p) for p in parts)
            rules.append((re.compile(f"^/{pattern}/?$", re.I), []))
        else:
            rules[-1][1].append(line.strip())
    return rules
