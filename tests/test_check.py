"""``build.py check``: every build check without writing, and ``--external``
against a local HTTP server on 127.0.0.1 (no other host is ever asked)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import BASE_CONFIG, _run_in_process, article, snapshot

from sitegen.check.external import Tally, _report
from sitegen.check.collect import Place
from sitegen.check.hosts import HostLimits
from sitegen.check.probe import Answer
from sitegen.check.settings import CheckSettings, load_check_settings

FAST = BASE_CONFIG + "check:\n  external_timeout: 1\n  per_second: 50\n"


class _Handler(BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /old 301 → /new, /temp 302 → /ok, /nohead 405 to HEAD, /slow answers after 3 s."""

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _answer(self, head: bool):
        with self.server.lock:
            self.server.asked[f"{self.command} {self.path}"] += 1
            self.server.busy += 1
            self.server.most = max(self.server.most, self.server.busy)
        self._counted = True
        try:
            self._reply(head)
        finally:
            self._leave()

    def _leave(self):
        """The request stops counting as busy before its answer is sent: once the client has the
        answer it may start the next request, which must not overlap with this one's count."""
        if self._counted:
            self._counted = False
            with self.server.lock:
                self.server.busy -= 1

    def _reply(self, head: bool):
        path = self.path
        if path.startswith("/wait"):
            time.sleep(0.3)
            path = "/ok"
        if path == "/slow":
            time.sleep(3)
        status, location = {"/ok": (200, ""), "/new": (200, ""), "/gone": (404, ""), "/old": (301, "/new"),
                            "/temp": (302, "/ok"), "/slow": (200, "")}.get(path, (404, ""))
        if path == "/nohead":
            status = 405 if head else 200
        self._leave()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        body = b"x" * 100_000
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except OSError:
                pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.asked, httpd.lock, httpd.busy, httpd.most = Counter(), threading.Lock(), 0, 0
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def check(site: Path, *args: str):
    return _run_in_process(site, ["check", *args], {}, 120)


def problem_lines(run) -> list[str]:
    """stderr without the final "check failed" summary line."""
    return [line for line in run.err.splitlines() if not line.startswith("check failed:")]


def linked(base: str, *paths: str) -> str:
    """An article whose body (from line 7) links ``paths`` on lines 9, 11, 13, …"""
    body = "Ein Absatz.\n" + "".join(f"\n[Quelle {i}]({base}{p})\n" for i, p in enumerate(paths))
    return article("Gold steigt", body=body)


def test_check_reports_like_build_and_writes_nothing(make_site):
    site = make_site({"content/news/a.md": article("Gold steigt", body="[x](fehlt.md)\n")})
    before = snapshot(site)
    run = check(site)
    assert run.code == 1
    assert problem_lines(run) == ["content/news/a.md:7: link to fehlt.md: content/news/fehlt.md does not exist "
                                  "— link the .md file of an existing article"]
    assert run.err.splitlines()[-1] == "check failed: 1 error, 0 warnings; nothing was written"
    assert not (site / "output").exists()
    assert {k for k in snapshot(site) if not k.startswith(".cache")} == {k for k in before}


def test_check_passes_a_good_site_without_output(make_site):
    site = make_site({"content/news/a.md": article("Gold steigt")})
    run = check(site)
    assert run.code == 0, run.err
    assert run.out.startswith("check passed: ") and run.out.rstrip().endswith("from 1 article, 0 warnings; "
                                                                               "nothing was written")
    assert not (site / "output").exists()


def test_check_does_not_touch_a_published_output(make_site):
    site = make_site({"content/news/a.md": article("Gold steigt")})
    assert _run_in_process(site, ["build"], {}, 120).code == 0
    published = snapshot(site / "output")
    (site / "content/news/b.md").write_text(article("Silber fällt", body="[x](fehlt.md)\n"), encoding="utf-8")
    assert check(site).code == 1
    assert check(site, "--drafts").code == 1  # drafts need no --output: nothing is written
    assert snapshot(site / "output") == published


def test_external_links_dead_moved_and_slow(make_site, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({"content/news/a.md": linked(base, "/ok", "/gone", "/old", "/slow", "/temp", "/nohead")},
                     config=FAST)
    run = check(site, "--external")
    assert run.code == 1
    assert problem_lines(run) == [
        f"content/news/a.md:11: dead link {base}/gone: answers 404 Not Found — fix or remove the link",
        f"warning: content/news/a.md:13: link {base}/old moved permanently (301) — update the link to {base}/new",
        f"content/news/a.md:15: dead link {base}/slow: no answer within 1 s — fix or remove the link",
    ]
    assert server.asked["HEAD /nohead"] == 1 and server.asked["GET /nohead"] == 1  # HEAD, then GET
    assert server.asked["HEAD /ok"] == 2  # itself and the end of /temp's redirect
    assert server.asked["GET /slow"] == 0  # a time-out is not asked twice


def test_second_run_answers_from_the_cache(make_site, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({"content/news/a.md": linked(base, "/ok", "/gone", "/old")}, config=FAST)
    first = check(site, "--external")
    asked = sum(server.asked.values())
    second = check(site, "--external")
    assert sum(server.asked.values()) == asked > 0
    assert problem_lines(second) == problem_lines(first)
    assert "external links: 3 URLs (0 asked, 3 from the cache): 1 dead, 1 moved permanently\n" == second.out
    third = check(site, "--external", "--no-cache")
    assert sum(server.asked.values()) > asked and third.code == 1


def test_cache_hours_zero_asks_every_time(make_site, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({"content/news/a.md": linked(base, "/ok")},
                     config=FAST + "  external_cache_hours: 0\n")
    assert check(site, "--external").code == 0
    assert check(site, "--external").code == 0
    assert server.asked["HEAD /ok"] == 2


def test_external_limit_counts_the_rest(make_site, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({"content/news/a.md": linked(base, "/ok", "/new", "/temp")},
                     config=FAST + "  external_limit: 2\n")
    run = check(site, "--external")
    assert run.code == 0, run.err
    assert ("external links: 3 URLs (2 asked, 0 from the cache, 1 over check.external_limit not asked): "
            "0 dead, 0 moved permanently") in run.out
    assert server.asked["HEAD /temp"] == 0


def test_at_most_two_requests_at_once_per_host(make_site, server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = make_site({"content/news/a.md": linked(base, *(f"/wait{i}" for i in range(6)))}, config=FAST)
    assert check(site, "--external").code == 0
    assert sum(server.asked.values()) == 6
    assert server.most == 2


def test_refused_connection_is_dead(make_site):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    site = make_site({"content/news/a.md": linked(f"http://127.0.0.1:{port}", "/x")}, config=FAST)
    run = check(site, "--external")
    assert run.code == 1
    assert problem_lines(run) == [f"content/news/a.md:9: dead link http://127.0.0.1:{port}/x: connection refused "
                                  "— fix or remove the link"]


def test_bad_check_setting_is_one_line(make_site):
    site = make_site({"content/news/a.md": article("Gold steigt")},
                     config=BASE_CONFIG + "check:\n  external_timeout: lang\n")
    run = check(site, "--external")
    assert run.code == 1
    line = BASE_CONFIG.count("\n") + 2  # below "check:"
    assert problem_lines(run) == [f"config.yaml:{line}: check.external_timeout must be a whole number from 1 to 120, "
                                  "not 'lang' — e.g. external_timeout: 10"]


def test_broken_config_is_reported_once(make_site):
    site = make_site({}, config="title: [\n")
    run = check(site, "--external")
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines() == ["config.yaml:2: invalid YAML: did not find expected node content "
                                    "— check the indentation: keys of one mapping start in the same column, list entries with '- '",
                                    "check failed: 1 error in config.yaml; nothing was written"]


def test_help_lists_options_and_an_example(make_site):
    import contextlib
    import io
    from conftest import _build_cli
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        _build_cli().main(["check", "--help"])
    assert "--external" in out.getvalue() and ".venv/bin/python build.py check --external" in out.getvalue()


class _AnyHandler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        status, location = self.server.reply
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@settings(max_examples=40, deadline=None)
@given(st.integers(200, 599), st.none() | st.text(st.characters(min_codepoint=33, max_codepoint=126,
                                                                        exclude_characters="/:\\"), max_size=300))
def test_any_http_answer_gives_one_line(status, location):
    """Any status and relative Location (no '/', ':': every request stays on 127.0.0.1)."""
    from sitegen.check.probe import probe
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _AnyHandler)
    httpd.daemon_threads, httpd.reply = True, (status, location)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/x"
        answer = probe(url, 2)
        tally = Tally()
        _report(url, answer, [Place("content/news/a.md", 9)], tally)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert all("\n" not in p.message + p.hint for p in tally.problems)
    assert answer.dead == (not answer.moved and not 200 <= answer.status < 400)


def test_host_limits_space_requests():
    now, slept = [0.0], []
    limits = HostLimits(2, 4, clock=lambda: now[0], sleep=slept.append)
    for _ in range(3):
        limits.wait("a.example")
    limits.wait("b.example")
    assert slept == [0.25, 0.5]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted({"external_cache_hours", "external_limit", "external_timeout",
                                               "per_host", "per_second", "other"})),
                       st.text(max_size=30)))
def test_any_check_section_gives_one_line_problems(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("cfg")
    lines = "".join(f"  {k}: {v!r}\n".replace("'", '"') if v else f"  {k}:\n" for k, v in values.items())
    (folder / "config.yaml").write_text("title: T\ncheck:\n" + lines.replace("\\", "/"), encoding="utf-8")
    found, problems = load_check_settings(folder / "config.yaml")
    assert isinstance(found, CheckSettings)
    assert all("\n" not in p.message + p.hint and p.line >= 1 for p in problems)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 999), st.text(max_size=3000), st.text(max_size=3000))
def test_any_answer_is_reported_on_one_line(status, url, moved):
    url, moved = url.replace("\n", ""), moved.replace("\n", "")
    tally = Tally()
    _report(url, Answer(status, "" if status else "connection refused", moved, 301 if moved else 0),
            [Place("content/news/a.md", 9)], tally)
    assert all("\n" not in p.message + p.hint and len(p.message) < 400 for p in tally.problems)
