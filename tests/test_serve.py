"""The preview server (``build.py serve``) driven for real: subprocess + headless Chromium.

Each test starts ``python build.py serve --port 0 --now "2024-05-01 12:00"``
in its own temp site, reads the server's stdout/stderr on background
threads, and stops it with SIGINT in the fixture's finalizer (exit code 0,
no traceback).  Browser tests use Debian's Chromium through Playwright (one
browser per module); they are skipped when /usr/bin/chromium is missing.
Covers shared cases 029 (editor saves), 030 (artifacts, bursts), 032
(errors keep the server alive), 034 (path traversal) and 035 (stale output).
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from conftest import BASE_CONFIG, ROOT, article, run_build, tree

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
NOW = "2024-05-01 12:00"
GOLD = "/news/goldpreis-steigt/"
SILBER = "/news/silber-holt-auf/"
REBUILT = re.compile(r"^rebuilt in \d+ ms: \d+ files written, \d+ unchanged, \d+ deleted$")
LATENCIES: dict[str, float] = {}

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                    reason=f"{CHROMIUM} is missing (apt-get install chromium)")


def _gold(body: str = "Version 1: Der Goldpreis notiert bei 2.180 Euro je Unze.\n") -> str:
    return article("Goldpreis steigt", tags="[Gold]", body=body)


SITE_FILES = {
    "content/news/gold.md": _gold(),
    "content/news/silber.md": article("Silber holt auf", date="24.04.2024", tags="[Silber]",
                                      body="Silber zieht nach.\n"),
}


# --------------------------------------------------------------------------- the server process

class ServeProcess:
    """``build.py serve`` as a subprocess; collects its output lines."""

    def __init__(self, site: Path, *args: str):
        self.site = site
        self.out: list[str] = []
        self.err: list[str] = []
        self._lock = threading.Lock()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0"}
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", *args], cwd=site,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     encoding="utf-8", env=env)
        self._threads = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.out), daemon=True),
                         threading.Thread(target=self._pump, args=(self.proc.stderr, self.err), daemon=True)]
        for t in self._threads:
            t.start()

    def _pump(self, stream, into: list[str]) -> None:
        for line in stream:
            with self._lock:
                into.append(line.rstrip("\n"))

    def lines(self) -> list[str]:
        with self._lock:
            return list(self.out)

    @property
    def preview(self) -> Path:
        """The preview folder of this server (``.cache/preview-<port>``)."""
        port = re.search(r":(\d+)/$", self.wait_url()).group(1)
        return self.site / ".cache" / f"preview-{port}"

    def rebuilds(self) -> int:
        return sum(bool(REBUILT.match(line)) for line in self.lines())

    def wait_url(self, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines():
                m = re.search(r"serving the preview at (http://\S+?/) ", line)
                if m:
                    return m.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"no URL printed; out={self.out} err={self.err}")

    def wait_rebuilds(self, n: int, timeout: float = 20) -> None:  # a hang guard, not a timing assert
        end = time.monotonic() + timeout
        while self.rebuilds() < n and time.monotonic() < end:
            time.sleep(0.01)
        assert self.rebuilds() >= n, (self.out, self.err)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the server did not stop within 10 s of SIGINT")
        for t in self._threads:
            t.join(5)
        stderr = "\n".join(self.err)
        assert code == 0, f"exit code {code}; stderr:\n{stderr}"
        assert "Traceback" not in stderr, stderr


@pytest.fixture
def serve(make_site):
    """``serve(files=SITE_FILES) -> (ServeProcess, base url)``; always stopped at the end."""
    started: list[ServeProcess] = []

    def start(files: dict | None = None, *args: str):
        site = make_site(SITE_FILES if files is None else files)
        proc = ServeProcess(site, "--port", "0", "--now", NOW, *args)
        started.append(proc)
        url = proc.wait_url()
        proc.wait_rebuilds(1)
        return proc, url.rstrip("/")

    yield start
    for proc in started:
        proc.stop()


def fetch(url: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` exactly as given (no normalisation, no re-encoding)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    p = context.new_page()
    yield p
    context.close()


def open_live(page, url: str) -> None:
    """Open ``url`` and wait until livereload's websocket handshake is done."""
    page.goto(url)
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol > 0", timeout=5000)
    time.sleep(0.2)  # the 'info' message that registers the tab follows the handshake


def wait_text(page, text: str, timeout: float = 2.0) -> float:
    """Wait until the page body contains ``text``; returns the seconds it took."""
    started = time.monotonic()
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text,
                           timeout=timeout * 1000)
    return time.monotonic() - started


# --------------------------------------------------------------------------- editor saves (case 029)

def save_inplace(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def save_vscode(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_vim(path: Path, text: str) -> None:
    probe = path.with_name("4913")
    probe.write_text("")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


def save_jetbrains(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + "___jb_tmp___")
    old = path.with_name(path.name + "___jb_old___")
    tmp.write_text(text, encoding="utf-8")
    os.rename(path, old)
    os.rename(tmp, path)
    old.unlink()


SAVES = {"inplace": save_inplace, "vscode": save_vscode, "vim": save_vim, "jetbrains": save_jetbrains}


@pytest.mark.browser
@needs_chromium
def test_every_editor_save_style_reaches_the_browser(serve, page):
    proc, url = serve()
    src = proc.site / "content" / "news" / "gold.md"
    open_live(page, url + GOLD)
    wait_text(page, "Version 1")
    for n, (style, save) in enumerate(SAVES.items(), start=2):
        before = proc.rebuilds()
        save(src, _gold(f"Version {n}: Der Goldpreis notiert bei {n}.180 Euro je Unze.\n"))
        LATENCIES[style] = wait_text(page, f"Version {n}:")
        time.sleep(0.4)  # let any trailing rebuild show up in the log
        assert proc.rebuilds() - before <= 2, (style, proc.lines()[-4:])
        assert not (proc.preview / "news" / "goldpreis-steigt-md").exists()
    names = {p.name for p in (proc.preview / "news").iterdir()}
    assert names == {"goldpreis-steigt", "silber-holt-auf"}, names
    print("save->visible latency (s):", {k: round(v, 3) for k, v in LATENCIES.items()})


@pytest.mark.browser
@needs_chromium
def test_two_saves_one_second_apart_both_reach_the_browser(serve, page):
    proc, url = serve()
    src = proc.site / "content" / "news" / "gold.md"
    # every load of the tab records the article text, so a missed reload shows
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => {"
                         " const seen = JSON.parse(sessionStorage.getItem('seen') || '[]');"
                         " seen.push(document.body.innerText);"
                         " sessionStorage.setItem('seen', JSON.stringify(seen)); });")
    open_live(page, url + GOLD)
    save_vscode(src, _gold("Version A: erste Fassung.\n"))
    first = time.monotonic()
    wait_text(page, "Version A")
    time.sleep(max(0.0, first + 1.0 - time.monotonic()))
    save_vscode(src, _gold("Version B: zweite Fassung.\n"))
    wait_text(page, "Version B")
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('seen'))")
    assert any("Version A" in s for s in seen) and "Version B" in seen[-1], seen


# --------------------------------------------------------------------------- errors (case 032)

@pytest.mark.browser
@needs_chromium
def test_broken_template_shows_overlay_and_fixing_clears_it(serve, page):
    proc, url = serve()
    template = proc.site / "themes" / "default" / "templates" / "article.html"
    good = template.read_text(encoding="utf-8")
    line = good.splitlines().index(next(l for l in good.splitlines() if "{{ article.title }}" in l)) + 1
    open_live(page, url + GOLD)
    save_vscode(template, good.replace("{{ article.title }}", "{{ article.titel }}"))
    overlay = page.locator("#sitegen-fehler")
    overlay.wait_for(state="visible", timeout=2000)
    assert overlay.get_attribute("role") == "alert"
    assert f"themes/default/templates/article.html:{line}" in overlay.inner_text()
    assert "Goldpreis steigt" in page.locator("h1").inner_text()  # the last good page stays
    assert any("build failed" in l for l in proc.err), proc.err
    # every HTML page carries the overlay while the build is broken
    status, _, body = fetch(url, "/")
    assert status == 200 and b'id="sitegen-fehler"' in body
    template.write_text(good, encoding="utf-8")
    save_vscode(proc.site / "content" / "news" / "gold.md", _gold("Version repariert.\n"))
    wait_text(page, "Version repariert")
    overlay.wait_for(state="detached", timeout=2000)
    assert proc.proc.poll() is None
    assert b'id="sitegen-fehler"' not in fetch(url, "/")[2]


@pytest.mark.browser
@needs_chromium
def test_broken_front_matter_shows_overlay_with_last_good_page(serve, page):
    proc, url = serve()
    src = proc.site / "content" / "news" / "gold.md"
    open_live(page, url + GOLD)
    save_inplace(src, _gold("Version 1: kaputt?\n").replace("title: Goldpreis steigt",
                                                              'title: Gold: "kaputt'))
    overlay = page.locator("#sitegen-fehler")
    overlay.wait_for(state="visible", timeout=2000)
    assert "content/news/gold.md:2" in overlay.inner_text()
    assert "Version 1: Der Goldpreis" in page.locator(".prose").inner_text()
    assert proc.proc.poll() is None
    save_inplace(src, _gold("Version 2: wieder gut.\n"))
    wait_text(page, "Version 2: wieder gut")
    overlay.wait_for(state="detached", timeout=2000)


# --------------------------------------------------------------------------- artifacts and bursts (case 030)

def test_editor_artifacts_trigger_no_rebuild_and_no_page(serve):
    proc, url = serve()
    news = proc.site / "content" / "news"
    preview = proc.preview
    time.sleep(0.3)
    before, files_before = proc.rebuilds(), set(tree(preview))
    (news / ".gold.md.swp").write_bytes(b"b0VIM 9.0\0\0binary")
    (news / "gold.md~").write_text(_gold("Backup.\n"), encoding="utf-8")
    (news / "4913").write_text("")
    os.symlink("user@host.1234:1700000000", news / ".#gold.md")
    time.sleep(1.0)
    assert proc.rebuilds() == before, proc.lines()
    assert set(tree(preview)) == files_before
    for path in ("/news/gold-md/", "/news/4913/", "/news/gold-md-swp/"):
        assert fetch(url, path)[0] == 404


def test_burst_of_ten_files_gives_at_most_two_rebuilds(serve):
    proc, url = serve()
    news = proc.site / "content" / "news"
    time.sleep(0.3)
    before = proc.rebuilds()
    # One burst however slowly this machine writes: the server is stopped while
    # the ten files are written, and its watcher reads all their events at once
    # when it continues (inotify queues them meanwhile).
    proc.proc.send_signal(signal.SIGSTOP)
    try:
        for i in range(10):
            (news / f"burst-{i}.md").write_text(article(f"Sammelmeldung {i}", tags="[Burst]"), encoding="utf-8")
    finally:
        proc.proc.send_signal(signal.SIGCONT)
    deadline = time.monotonic() + 20  # a hang guard, not the expected time
    while time.monotonic() < deadline:
        if all(fetch(url, f"/news/sammelmeldung-{i}/")[0] == 200 for i in range(10)):
            break
        time.sleep(0.05)
    time.sleep(0.5)  # room for a trailing rebuild to show in the log (a slower one is missed, never miscounted)
    assert all(fetch(url, f"/news/sammelmeldung-{i}/")[0] == 200 for i in range(10))
    assert 1 <= proc.rebuilds() - before <= 2, proc.lines()
    # the rebuild lines and "build failed" lines are whole lines: never interleaved
    assert all(REBUILT.match(l) or l.startswith("serving the preview") for l in proc.lines()), proc.lines()


# --------------------------------------------------------------------------- stale output (case 035)

def test_deleted_article_is_gone_and_renamed_file_keeps_its_page(serve):
    proc, url = serve()
    news = proc.site / "content" / "news"
    assert fetch(url, SILBER)[0] == 200
    before = proc.rebuilds()
    (news / "silber.md").unlink()
    proc.wait_rebuilds(before + 1)
    assert fetch(url, SILBER)[0] == 404
    home = fetch(url, "/")[2].decode()
    assert "Silber holt auf" not in home and SILBER not in home
    assert fetch(url, "/themen/silber/")[0] == 404
    before = proc.rebuilds()
    os.rename(news / "gold.md", news / "gold-umbenannt.md")
    proc.wait_rebuilds(before + 1)
    time.sleep(0.3)
    status, _, body = fetch(url, GOLD)
    assert status == 200 and "Version 1: Der Goldpreis" in body.decode()


# --------------------------------------------------------------------------- HTTP (case 034)

TRAVERSALS = ["/../config.yaml", "/%2e%2e/config.yaml", "/..%2fconfig.yaml", "/%2e%2e%2fconfig.yaml",
              "/..%5cconfig.yaml", "/%252e%252e/config.yaml", "/.sitegen-manifest.json",
              "/nach-aussen.yaml", "/aussen/config.yaml", "//etc/passwd", "/%2Fetc%2Fpasswd"]


def test_paths_outside_the_preview_folder_are_refused(serve):
    proc, url = serve()
    preview = proc.preview
    os.symlink(proc.site / "config.yaml", preview / "nach-aussen.yaml")
    os.symlink(proc.site, preview / "aussen")
    for path in TRAVERSALS:
        status, _, body = fetch(url, path)
        assert status in (403, 404), (path, status)
        assert b"timezone: Europe/Berlin" not in body and b"base_url" not in body and b"root:x:0" not in body, path
    assert fetch(url, "/")[0] == 200


def test_pages_are_not_cached_and_carry_the_livereload_script(serve):
    proc, url = serve()
    for path in ("/", GOLD, "/themen/"):
        status, headers, body = fetch(url, path)
        assert status == 200, path
        assert headers.get("cache-control") == "no-store", (path, headers)
        text = body.decode()
        assert "/livereload.js" in text and text.index("/livereload.js") < text.index("</head>"), path


def test_explicit_port_in_use_fails_fast_with_one_line(make_site):
    site = make_site(SITE_FILES)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:  # the server must give up, not wait for the port: the timeout only guards against a hang
            run = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--now", NOW],
                                 cwd=site, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"still running after 30 s with port {port} taken; stderr: {exc.stderr}") from None
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert str(port) in run.stderr and "Traceback" not in run.stderr
    assert not (site / ".cache" / f"preview-{port}" / "index.html").exists()


# --------------------------------------------------------------------------- incremental == clean (in process)

def test_random_edits_keep_preview_equal_to_a_clean_build(make_site, tmp_path):
    sys.path.insert(0, str(ROOT))
    from sitegen.preview.session import PreviewSession

    site = make_site({**SITE_FILES,
                      "content/news/kupfer.md": article("Kupfer im Aufwind", date="20.04.2024", tags="[Kupfer, Rohstoffe]",
                                                        body="## Lage\n\nKupfer steigt.\n"),
                      "content/pages/impressum.md": "---\ntitle: Impressum\n---\nAngaben gemäß § 5 TMG.\n"})
    preview = site / ".cache" / "preview"
    session = PreviewSession(site / "config.yaml", preview, now=datetime(2024, 5, 1, 12, 0))
    assert session.rebuild().ok
    rng = random.Random(7)
    news = site / "content" / "news"
    template = site / "themes" / "default" / "templates" / "article.html"
    counter = iter(range(1000))

    def articles() -> list[Path]:
        return sorted(news.glob("*.md"))

    def edit_body():
        p = rng.choice(articles())
        p.write_text(p.read_text("utf-8") + f"\nNeuer Absatz {next(counter)} mit Umlauten: Öl, Spaß.\n", "utf-8")

    def edit_title():
        p = rng.choice(articles())
        text = p.read_text("utf-8")
        title = re.search(r"^title: (.*)$", text, re.M).group(1)
        p.write_text(text.replace(f"title: {title}", f"title: {title} {next(counter)}", 1), "utf-8")

    def add_tag():
        p = rng.choice(articles())
        text = p.read_text("utf-8")
        p.write_text(re.sub(r"^tags: \[(.*)\]$", lambda m: f"tags: [{m.group(1)}, Zins{next(counter) % 3}]",
                            text, count=1, flags=re.M), "utf-8")

    def delete_article():
        if len(articles()) > 1:
            rng.choice(articles()).unlink()

    def add_article():
        n = next(counter)
        (news / f"neu-{n}.md").write_text(article(f"Neue Meldung Nummer {n}", date=f"{10 + n % 15}.04.2024",
                                                  tags=rng.choice(["[Gold]", "[Silber, Zinsen]", "[Aktien]"]),
                                                  body=f"Text {n}.\n"), "utf-8")

    def change_template():
        text = template.read_text("utf-8")
        template.write_text(text.replace('<div class="prose">', f'<div class="prose" data-v="{next(counter)}">', 1)
                            if 'data-v="' not in text else re.sub(r'data-v="\d+"', f'data-v="{next(counter)}"', text),
                            "utf-8")

    def change_config():
        cfg = site / "config.yaml"
        cfg.write_text(re.sub(r"^description: .*$", f"description: Beschreibung {next(counter)}",
                              cfg.read_text("utf-8"), count=1, flags=re.M), "utf-8")

    def edit_date():
        p = rng.choice(articles())
        p.write_text(re.sub(r"^date: .*$", f"date: {1 + next(counter) % 28:02d}.04.2024", p.read_text("utf-8"),
                            count=1, flags=re.M), "utf-8")

    def edit_first_paragraph():
        p = rng.choice(articles())
        text = p.read_text("utf-8")
        head, _, body = text.partition("\n---\n")
        p.write_text(f"{head}\n---\nErster Absatz {next(counter)}.\n\n{body}", "utf-8")

    def toggle_draft():
        p = rng.choice(articles())
        text = p.read_text("utf-8")
        p.write_text(text.replace("draft: true\n", "") if "draft: true\n" in text
                     else text.replace("\ntitle:", "\ndraft: true\ntitle:", 1), "utf-8")

    edits = [edit_body, edit_body, edit_first_paragraph, edit_title, add_tag, edit_date, toggle_draft,
             delete_article, add_article, change_template, change_config]
    done = []
    for step in range(24):
        edit = rng.choice(edits)
        edit()
        done.append(edit.__name__)
        outcome = session.rebuild()
        assert outcome.ok, (done, outcome.problems)
        clean = tmp_path / f"clean{step}"
        run = run_build(site, "--now", NOW, "--output", str(clean), "--no-cache", "--jobs", "1")
        assert run.code == 0, run.err
        got, want = tree(preview), tree(clean)
        assert sorted(got) == sorted(want), (done, set(got) ^ set(want))
        differ = [k for k in want if got[k] != want[k]]
        assert not differ, (done, differ)
