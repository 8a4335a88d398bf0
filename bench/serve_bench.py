"""Scenario 5: save → reloaded page in headless Chromium, ours and ``hugo server``.

Ours is started as :mod:`bench.serve_latency` starts it
(``build.py serve --port 0 --now …``); Hugo as ``hugo server --buildFuture``
with its default live reload (fast render on, pages in memory).  Both open the
page of the edited article, wait for the live-reload client, then save a
one-paragraph body edit as temp file + rename and time from the finished
rename to the reloaded page's ``load`` event.  The server's own rebuild time
is read from its log ("rebuilt in N ms" / "Total in N ms").  Pelican has no
browser live reload (``pelican --autoreload --listen`` rebuilds, the editor
refreshes by hand), so it is not measured.
"""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.othersites import parse
from bench.serve_latency import CHROMIUM_ARGS, save, start_server, wait_for_url
from bench.tools import Hugo, Ours, Tool, generate_names, hugo_binary


SOCKET_OPEN = ("() => { const c = window.LiveReload && window.LiveReload.connector; "
               "return !!(c && c.socket && c.socket.readyState === 1); }")


@dataclass
class ServeResult:
    """Median save → load latency and median rebuild time reported by the server, in ms."""

    latency_ms: float
    rebuild_ms: float | None
    samples: list[float]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_hugo(site: Path) -> tuple[subprocess.Popen, str, list[str]]:
    """Start ``hugo server`` in ``site``; returns (process, URL, log lines)."""
    port = _free_port()
    proc = subprocess.Popen([str(hugo_binary()), "server", "--buildFuture", "--bind", "127.0.0.1",
                             "--baseURL", "http://127.0.0.1/", "--port", str(port), "--cacheDir", str(site / "hugo_cache")],
                            cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # the printed URL (http://localhost:PORT/): Hugo's live-reload socket checks the page's origin
    return wait_for_url(proc, r"Web Server is available at (http://\S+/)", "hugo server")


def _times(lines: list[str], pattern: str) -> list[float]:
    return [float(m.group(1)) for line in lines if (m := re.search(pattern, line))]


def measure(tool: Tool, n: int, saves: int = 5) -> ServeResult:
    """Start the tool's server on its site, make ``saves`` edits, return the medians."""
    from playwright.sync_api import sync_playwright
    name, ours_text = sorted(generate_names(n))[n // 2]
    path = tool.site / tool.content / name
    original = path.read_text(encoding="utf-8")
    if isinstance(tool, Ours):
        proc, url, lines = start_server(tool.site)
        pattern = r"rebuilt in (\d+) ms"
    elif isinstance(tool, Hugo):
        proc, url, lines = start_hugo(tool.site)
        pattern = r"Total in (\d+) ms"
    else:
        raise ValueError(f"no live reload for {tool.name}")
    before = len(_times(lines, pattern))
    results: list[float] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{url}news/{parse(ours_text).slug}/")
            page.wait_for_function("() => window.LiveReload !== undefined", timeout=20000)
            try:  # the live-reload socket open, not just the script loaded
                page.wait_for_function(SOCKET_OPEN, timeout=10000)
            except Exception:
                pass
            time.sleep(0.5)
            before = len(_times(lines, pattern))
            for number in range(saves):
                text = original + f"\n\nEin neuer Absatz Nummer {number} mit frischen Zahlen zum Goldpreis.\n"
                with page.expect_event("load", timeout=20000):
                    save(path, text)
                    started = time.monotonic()
                results.append((time.monotonic() - started) * 1000)
                time.sleep(1.2)
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        path.write_text(original, encoding="utf-8")
    rebuilds = _times(lines, pattern)[before:]
    return ServeResult(statistics.median(results), statistics.median(rebuilds) if rebuilds else None, results)
