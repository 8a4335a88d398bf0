"""The preview server against hostile or broken requests, driven for real.

Each test starts ``python build.py serve`` (``ServeProcess`` of test_serve)
and sends raw HTTP requests with ``http.client``: a ``Host`` or websocket
``Origin`` of another site (DNS rebinding) gets a one-line 403, a bad path
400 or 404 (never 500, and the server keeps running), and a page that
vanished while open gets the site's own 404 page with the live-reload
script and the error box.  The fixture's ``stop`` checks exit code 0 and no
traceback on stderr.
"""

from __future__ import annotations

import http.client
import socket
import time
from pathlib import Path

import pytest

from conftest import article
from test_serve import (GOLD, NOW, SITE_FILES, ServeProcess, _gold, needs_chromium, open_live, page, browser,  # noqa: F401
                        save_vscode, wait_text)

BROKEN_TIME = "---\ntitle: Goldpreis steigt\ndate: 25.04.2024\ntime: 24:00\n---\nText.\n"
TIME_ERROR = "content/news/gold.md:4: time &#x27;24:00&#x27; is not a valid time"
WEBSOCKET = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


@pytest.fixture
def serve(make_site):
    """``serve(files, *args) -> (ServeProcess, port)`` after the first build; always stopped at the end."""
    started: list[ServeProcess] = []

    def start(files: dict | None = None, *args: str, wait_build: bool = True):
        proc = ServeProcess(make_site(SITE_FILES if files is None else files), "--port", "0", "--now", NOW, *args)
        started.append(proc)
        port = int(proc.wait_url().rstrip("/").rsplit(":", 1)[1])
        if wait_build:
            proc.wait_rebuilds(1)
        return proc, port

    yield start
    for proc in started:
        proc.stop()


def request(port: int, path: str, host: str | None = "", headers: dict[str, str] | None = None,
            address: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` exactly as given with ``Host: host`` ("" = ``127.0.0.1:port``, None = no Host header)."""
    conn = http.client.HTTPConnection(address, port, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host or f"127.0.0.1:{port}")
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _wait(condition, timeout: float = 20.0) -> None:
    """Poll ``condition()`` until true; a hang guard, not a timing assertion."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.05)


def refusal(host: str, port: int, names: str = "127.0.0.1, [::1], localhost") -> str:
    return (f"403 Forbidden: this preview answers only to {names}, not to the host '{host}' (a guard against "
            f"DNS rebinding) — open http://localhost:{port}/, or start serve with --bind 0.0.0.0 to reach it "
            "from another device\n")


# --------------------------------------------------------------------------- Host (DNS rebinding)

def test_a_page_on_another_site_cannot_read_the_preview_drafts_included(serve):
    draft = article("Geheimer Entwurf", extra="draft: true", body="Noch nicht veröffentlichen.\n")
    proc, port = serve({**SITE_FILES, "content/news/entwurf.md": draft}, "--drafts")
    for host in ("localhost", "127.0.0.1", "[::1]"):
        status, _, body = request(port, "/news/geheimer-entwurf/", f"{host}:{port}")
        assert status == 200 and "Noch nicht veröffentlichen." in body.decode(), host
    for host in (f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}",
                 f"127.0.0.1.nip.io:{port}", f"[::1]:{port}x"):
        for path in ("/news/geheimer-entwurf/", "/", "/livereload.js", "/nicht-da/"):
            status, headers, body = request(port, path, host)
            assert status == 403, (host, path)
            assert headers["content-type"] == "text/plain; charset=UTF-8"
            assert body.decode() == refusal(host, port), (host, path)


def test_a_request_without_host_header_is_refused(serve):
    proc, port = serve()
    status, _, body = request(port, "/", None)  # HTTP/1.1 requires Host: tornado answers 400
    assert (status, body) == (400, b"")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:  # HTTP/1.0 needs no Host header
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
        answer = b"".join(iter(lambda: conn.recv(65536), b""))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0].endswith(b" 403 Forbidden")
    assert body.decode() == refusal("", port).replace("the host ''", "a request without a Host header")


def test_a_foreign_host_cannot_open_the_live_reload_websocket(serve):
    proc, port = serve()
    status, _, body = request(port, "/livereload", "evil.example", {**WEBSOCKET, "Origin": "http://evil.example"})
    assert (status, body.decode()) == (403, refusal("evil.example", port))


def test_live_reload_refuses_a_websocket_from_another_origin(serve):
    proc, port = serve()
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null", f"file://localhost:{port}",
                   f"http://localhost.evil.example:{port}"):
        status, headers, body = request(port, "/livereload", headers={**WEBSOCKET, "Origin": origin})
        assert status == 403, origin
        assert body.decode() == (f"403 Forbidden: live reload refuses the origin '{origin}' — only pages of this "
                                 "preview (127.0.0.1, [::1], localhost) may connect\n")
    for origin in (f"http://localhost:{port}", f"http://127.0.0.1:{port}", f"http://[::1]:{port}"):
        assert request(port, "/livereload", headers={**WEBSOCKET, "Origin": origin})[0] == 101, origin
    # no Origin: not a web page (browsers always send one on a websocket), so the Host check is enough
    assert request(port, "/livereload", headers=WEBSOCKET)[0] == 101


def test_bind_to_all_addresses_accepts_the_machines_own_names(serve):
    proc, port = serve(None, "--bind", "0.0.0.0")
    own = socket.gethostname().lower()
    warning = next(line for line in proc.err if line.startswith("warning: serving on 0.0.0.0"))
    assert warning.startswith("warning: serving on 0.0.0.0 makes drafts visible to other computers on the "
                              "network (it answers to the host names ")
    for host in (own, f"{own.split('.')[0]}.local", "0.0.0.0", "localhost", "127.0.0.1"):
        assert host in warning, host
        status, _, body = request(port, GOLD, f"{host}:{port}")
        assert status == 200 and "Goldpreis steigt" in body.decode(), host
    status, _, body = request(port, GOLD, f"evil.example:{port}")
    assert status == 403 and body.decode().startswith("403 Forbidden: this preview answers only to ")
    assert f"not to the host 'evil.example:{port}'" in body.decode() and "Goldpreis" not in body.decode()


def test_a_loopback_bind_prints_no_warning_and_ignores_the_machines_name(serve):
    proc, port = serve(None, "--bind", "localhost")
    assert not [line for line in proc.err if line.startswith("warning")], proc.err
    assert proc.wait_url() == f"http://localhost:{port}/"
    own = socket.gethostname().lower()
    assert request(port, "/", f"{own}:{port}")[0] == 403


# --------------------------------------------------------------------------- bad paths

BAD_PATHS = {
    "/%00": (400, "400 Bad Request: the path contains a NUL byte\n"),
    "/news/%00/index.html": (400, "400 Bad Request: the path contains a NUL byte\n"),
    "/%ff": (400, "400 Bad Request: Invalid unicode in url: b'\\xff'\n"),
    "/%c3%28/": (400, "400 Bad Request: Invalid unicode in url: b'\\xc3(/'\n"),
    "/../config.yaml": (404, "Seite nicht gefunden"),
    "/news/../../config.yaml": (404, "Seite nicht gefunden"),
    "/..": (404, "Seite nicht gefunden"),
    "/" + "a" * 5000: (404, "Seite nicht gefunden"),
    "/a" * 3000: (404, "Seite nicht gefunden"),
    "/" + "%e4" * 10: (400, "400 Bad Request: Invalid unicode in url: b'\\xe4\\xe4\\xe4"),
}


def test_bad_paths_answer_400_or_404_and_the_server_keeps_running(serve):
    proc, port = serve()
    for path, (want, text) in BAD_PATHS.items():
        status, _, body = request(port, path)
        assert status == want, (path[:40], status, body[:200])
        assert text in body.decode(), (path[:40], body[:200])
        assert b"timezone: Europe/Berlin" not in body
    try:  # a request line longer than tornado's header limit: it drops the connection
        request(port, "/" + "b" * 70000)
    except (http.client.HTTPException, OSError):
        pass
    status, _, body = request(port, GOLD)
    assert status == 200 and "Goldpreis steigt" in body.decode()
    assert proc.proc.poll() is None
    assert not [line for line in proc.err if " 500 " in line or line.startswith("500")], proc.err


# --------------------------------------------------------------------------- the 404 page

def test_a_vanished_page_gets_the_sites_404_page_with_live_reload_and_the_error_box(serve):
    proc, port = serve()
    src = proc.site / "content" / "news" / "gold.md"
    before = proc.rebuilds()
    src.write_text(_gold().replace("title: Goldpreis steigt", "title: Goldpreis steigt weiter"), "utf-8")
    proc.wait_rebuilds(before + 1)
    status, headers, body = request(port, GOLD)
    text = body.decode()
    assert status == 404 and headers["content-type"] == "text/html; charset=UTF-8"
    assert headers["cache-control"] == "no-store"
    assert "<h1 class=\"page-title\">Seite nicht gefunden</h1>" in text  # the theme's 404.html
    assert text.index("/livereload.js") < text.index("</head>")
    assert 'id="sitegen-fehler"' not in text

    src.write_text(BROKEN_TIME, "utf-8")
    _wait(lambda: any(line.startswith("build failed") for line in proc.err))
    status, _, body = request(port, GOLD)
    text = body.decode()
    assert status == 404 and "Seite nicht gefunden" in text and "/livereload.js" in text
    assert 'id="sitegen-fehler"' in text and TIME_ERROR in text
    assert request(port, "/%00")[:1] == (400,) and request(port, "/../config.yaml")[:1] == (404,)  # also while broken


def test_a_first_build_that_fails_shows_the_box_on_every_path(serve):
    proc, port = serve({**SITE_FILES, "content/news/gold.md": BROKEN_TIME}, wait_build=False)
    _wait(lambda: any(line.startswith("build failed") for line in proc.err))
    for path in ("/", GOLD, "/gibt/es/nicht.html"):
        status, headers, body = request(port, path)
        text = body.decode()
        assert status == 404 and headers["content-type"] == "text/html; charset=UTF-8", path
        assert "Noch keine Vorschau: der erste Build ist fehlgeschlagen." in text
        assert "<strong>Build fehlgeschlagen.</strong>" in text and "letzten guten Stand" not in text
        assert 'id="sitegen-fehler"' in text and TIME_ERROR in text and "/livereload.js" in text, path


@pytest.mark.browser
@needs_chromium
def test_a_tab_on_a_vanished_page_reloads_into_the_article_when_it_returns(serve, page):  # noqa: F811
    proc, port = serve()
    src = proc.site / "content" / "news" / "gold.md"
    good = src.read_text("utf-8")
    url = f"http://127.0.0.1:{port}{GOLD}"
    open_live(page, url)
    wait_text(page, "Version 1: Der Goldpreis")
    save_vscode(src, good.replace("title: Goldpreis steigt", "title: Goldpreis steigt weiter"))
    wait_text(page, "Seite nicht gefunden", timeout=10)
    assert page.url == url
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol > 0", timeout=5000)
    time.sleep(0.2)  # the 'info' message that registers the tab follows the handshake
    save_vscode(src, good)
    wait_text(page, "Version 1: Der Goldpreis", timeout=10)
    assert "Goldpreis steigt" in page.locator("h1").inner_text()


def test_a_websocket_message_outside_the_livereload_protocol_closes_only_that_socket(serve):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from tornado.websocket import websocket_connect

    proc, port = serve()

    async def talk(message: str):
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await ws.write_message(message)
        answer = await ws.read_message()  # None: the server closed the socket
        return answer, ws.close_code

    def run(message: str):  # on a thread of its own: Playwright's sync API may hold this thread's event loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, talk(message)).result(30)

    for message in ("kein json", "[1, 2]", "42", '{"command": "hello"'):
        assert run(message) == (None, 1003), message
    hello = run('{"command": "hello"}')[0]
    assert '"command": "hello"' in hello and "official-7" in hello
    assert request(port, GOLD)[0] == 200
    assert not [line for line in proc.err if "Traceback" in line or "Uncaught" in line], proc.err


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_an_ipv6_bind_prints_a_url_that_works(serve):
    from sitegen.preview.hosts import host_literal

    assert [host_literal(a) for a in ("::1", "::", "FE80::1%eth0", "127.0.0.1")] == [
        "[::1]", "[::]", "[fe80::1]", "127.0.0.1"]
    if not _ipv6_loopback():  # a container without IPv6: the URL's form above is all that can be checked
        return
    proc, port = serve(None, "--bind", "::1")
    assert proc.wait_url() == f"http://[::1]:{port}/"
    status, _, body = request(port, GOLD, f"[::1]:{port}", address="::1")
    assert status == 200 and "Goldpreis steigt" in body.decode()
    assert request(port, GOLD, f"evil.example:{port}", address="::1")[0] == 403


def test_a_lan_address_bind_accepts_that_address_and_the_machines_names():
    from sitegen.preview.hosts import accepted_names

    names = accepted_names("192.168.178.20")
    own = socket.gethostname().lower()
    assert {"localhost", "127.0.0.1", "[::1]", "192.168.178.20", own, f"{own.split('.')[0]}.local"} <= names
    assert accepted_names("127.0.0.1") == {"localhost", "127.0.0.1", "[::1]"}
    assert accepted_names("::1") == {"localhost", "127.0.0.1", "[::1]"}
    assert "evil.example" not in accepted_names("0.0.0.0")
