"""Measure save-to-reload latency of ``build.py serve`` in headless Chromium.

    python -m bench.serve_latency --site . --saves 10
    python -m bench.serve_latency --corpus 1000 --saves 10

For each save: a one-paragraph body edit of one article, written as temp
file + rename; the time runs from the finished rename to the reloaded
page's ``load`` event.  Prints each latency and the median, in milliseconds.
The site is copied to a temp folder first, so the project is never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.corpus import PROJECT, write_corpus

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def start_server(site: Path) -> tuple[subprocess.Popen, str, list[str]]:
    """Start ``serve --port 0`` in ``site``; returns (process, URL, log lines)."""
    proc = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--port", "0",
                             "--now", "2030-01-01 12:00"], cwd=site, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return wait_for_url(proc, r"(http://\S+/) ", "serve")


def wait_for_url(proc: subprocess.Popen, pattern: str, name: str) -> tuple[subprocess.Popen, str, list[str]]:
    """Read ``proc``'s output until ``pattern`` (group 1 = URL) matches; keep
    collecting the rest in the background.  Returns (process, URL, log lines)."""
    lines: list[str] = []
    url = ""
    deadline = time.monotonic() + 600
    while not url and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{name} stopped:\n" + "".join(lines))
        lines.append(line)
        match = re.search(pattern, line)
        url = match.group(1) if match else ""
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    return proc, url, lines


def save(path: Path, text: str) -> None:
    """Save like VS Code: temp file + rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def measure(site: Path, saves: int) -> list[float]:
    """Return ``saves`` latencies in milliseconds."""
    from playwright.sync_api import sync_playwright
    article = sorted((site / "content" / "news").glob("*.md"))[len(list((site / "content" / "news").glob("*.md"))) // 2]
    original = article.read_text(encoding="utf-8")
    proc, url, _ = start_server(site)
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            link = page.locator("main a[href*='/news/']").first.get_attribute("href")
            page.goto(url.rstrip("/") + link if link.startswith("/") else link)
            page.wait_for_function("() => window.LiveReload !== undefined", timeout=10000)
            time.sleep(0.5)
            for number in range(saves):
                text = original + f"\n\nEin neuer Absatz Nummer {number} mit frischen Zahlen zum Goldpreis.\n"
                with page.expect_event("load", timeout=10000):
                    save(article, text)
                    started = time.monotonic()
                results.append((time.monotonic() - started) * 1000)
                time.sleep(1.0)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="save-to-reload latency of build.py serve")
    parser.add_argument("--site", type=Path, help="site folder to copy (default: this project)")
    parser.add_argument("--corpus", type=int, help="use a generated corpus of N articles instead")
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if args.corpus:
            site.mkdir()
            write_corpus(site, args.corpus)
        else:
            source = args.site or PROJECT
            site.mkdir()
            for name in ("content", "themes", "config.yaml", "templates", "data"):
                if (source / name).is_dir():
                    shutil.copytree(source / name, site / name)
                elif (source / name).is_file():
                    shutil.copy(source / name, site / name)
        latencies = measure(site, args.saves)
    label = f"{args.corpus} generated articles" if args.corpus else "the sample site"
    print(f"save → reloaded page on {label}: " + ", ".join(f"{ms:.0f}" for ms in latencies) + " ms")
    print(f"median {statistics.median(latencies):.0f} ms over {len(latencies)} saves")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
