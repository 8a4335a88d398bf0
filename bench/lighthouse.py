"""Lighthouse (mobile) on the built sample site: home, an article with a lead picture, search.

Builds the sample site into ``--site`` (``build.py build --output DIR``),
serves it from a local static server that applies the site's ``_headers``
rules (security headers, CSP, Cache-Control, as Netlify and Cloudflare Pages
do) and gzips text responses (as those hosts do), then runs Lighthouse
``--runs`` times per page and prints the median score per category as a
Markdown table (README "Web quality").  Not imported by ``sitegen/``, not part
of ``make test``.

    CHROME_PATH=/usr/bin/chromium .venv/bin/python -m bench.lighthouse \\
        --lighthouse /tmp/qa/node_modules/.bin/lighthouse

Raises ``SystemExit`` (exit 2) when the build or Lighthouse fails.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = (("Startseite", "/"),
         ("Artikel mit Aufmacherbild", "/news/goldpreis-auf-rekordkurs-was-hinter-der-rally-steckt/"),
         ("Suche", "/suche/?q=Gold"))
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def read_headers(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify-style ``_headers`` file: [(path pattern, [(name, value)])]."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class Handler(SimpleHTTPRequestHandler):
    """Static files with the ``_headers`` rules and gzip for text (``rules`` set per server)."""

    rules: list = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:
            if path == pattern or fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        """Write the (possibly gzipped) body."""
        outputfile.write(getattr(self, "_body", None) or source.read())

    def send_response(self, code, message=None) -> None:
        """As the base class; remembers the code for ``send_header``."""
        self._code = code
        super().send_response(code, message)

    def send_header(self, keyword, value) -> None:
        """Swap Content-Length for the gzipped length of text responses."""
        if keyword == "Content-type":
            self._type = value
        if keyword == "Content-Length" and getattr(self, "_code", 0) == 200 and self._gzip():
            local = Path(self.translate_path(self.path))
            if local.is_dir():
                local = local / "index.html"
            self._body = gzip.compress(local.read_bytes(), mtime=0)
            super().send_header("Content-Encoding", "gzip")
            super().send_header("Vary", "Accept-Encoding")
            value = str(len(self._body))
        super().send_header(keyword, value)

    def _gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "") and \
            getattr(self, "_type", "").startswith(TEXT_TYPES)

    def log_message(self, *args) -> None:  # quiet
        return


def serve(site: Path) -> ThreadingHTTPServer:
    """A server for ``site`` on a free local port, running in a thread."""
    handler = type("SiteHandler", (Handler,), {"rules": read_headers(site / "_headers")})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse(binary: str, url: str, out: Path) -> dict[str, int]:
    """One Lighthouse run (mobile, the default form factor): {category: score 0–100}."""
    flags = ["--chrome-flags=--headless --no-sandbox", "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=" + ",".join(CATEGORIES)]
    done = subprocess.run([binary, url, *flags], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"lighthouse failed on {url}: {done.stderr.strip()[-400:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def versions(binary: str) -> str:
    """Lighthouse, Chromium and Node versions, one line."""
    def ask(cmd: list[str]) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    chrome = os.environ.get("CHROME_PATH", "chromium")
    return f"Lighthouse {ask([binary, '--version'])}, {ask([chrome, '--version'])}, Node {ask(['node', '--version'])}"


def main(argv: list[str] | None = None) -> int:
    """Build, serve, run ``--runs``×3 Lighthouse and print the median table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command")
    parser.add_argument("--site", type=Path, default=Path("/tmp/lh/site"), help="output folder for the build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--output", str(args.site)],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    if built.returncode:
        raise SystemExit(f"build failed: {built.stderr.strip()}")
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(versions(args.lighthouse))
    print("| Seite | " + " | ".join(CATEGORIES) + " |")
    print("|---|" + "---:|" * len(CATEGORIES))
    try:
        for page, (name, path) in enumerate(PAGES):
            runs = [lighthouse(args.lighthouse, base + path, args.site.parent / f"lh-{page}-{i}.json")
                    for i in range(args.runs)]
            medians = [str(int(statistics.median(r[c] for r in runs))) for c in CATEGORIES]
            print(f"| {name} (`{path}`) | " + " | ".join(medians) + " |", flush=True)
            print("  runs: " + "; ".join(" ".join(str(r[c]) for c in CATEGORIES) for r in runs),
                  file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
