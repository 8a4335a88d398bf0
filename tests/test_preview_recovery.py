"""The preview never dies: an exception inside the engine and a first build
that fails both end in the error box, and the next save builds again."""

from __future__ import annotations

import io
import time
from datetime import datetime

import pytest

from conftest import article, tree
from test_serve import NOW, SITE_FILES, ServeProcess, fetch

BROKEN = "---\ntitle: Gold\ndate: 25.04.2024\ntime: 24:00\n---\nText.\n"


def test_an_exception_inside_the_engine_shows_in_the_box_and_the_next_save_recovers(make_site, monkeypatch):
    import sitegen.pipeline
    from sitegen.preview.session import PreviewSession

    site = make_site(SITE_FILES)
    preview = site / ".cache" / "preview-test"
    log = io.StringIO()
    session = PreviewSession(site / "config.yaml", preview, now=datetime(2024, 5, 1, 12, 0), log=log)
    assert session.rebuild().ok
    good = tree(preview)

    real = sitegen.pipeline.build

    def broken(*args, **kwargs):
        raise KeyError("kaputt")

    monkeypatch.setattr(sitegen.pipeline, "build", broken)
    (site / "content/news/gold.md").write_text(article("Goldpreis steigt", body="Neu.\n"), "utf-8")
    failed = session.rebuild()
    assert not failed.ok
    assert [p.message for p in failed.problems] == [
        "internal error while building (KeyError: 'kaputt') — the traceback is in the server log; save again to retry"]
    assert session.problems == failed.problems  # what the error box shows
    assert "Traceback (most recent call last)" in log.getvalue() and "KeyError: 'kaputt'" in log.getvalue()
    assert tree(preview) == good  # the last good pages stay

    monkeypatch.setattr(sitegen.pipeline, "build", real)
    recovered = session.rebuild()
    assert recovered.ok and recovered.recovered and session.problems == []
    assert "Neu." in (preview / "news/goldpreis-steigt/index.html").read_text("utf-8")


@pytest.fixture
def broken_serve(make_site):
    started: list[ServeProcess] = []

    def start(files: dict):
        proc = ServeProcess(make_site(files), "--port", "0", "--now", NOW)
        started.append(proc)
        return proc, proc.wait_url().rstrip("/")

    yield start
    for proc in started:
        proc.stop()


def _wait(condition, timeout: float = 20.0) -> None:
    """Poll ``condition()`` until true; a hang guard, not a timing assertion."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.05)


def test_a_first_build_that_fails_shows_the_box_not_a_bare_404(broken_serve):
    proc, url = broken_serve({**SITE_FILES, "content/news/gold.md": BROKEN})
    _wait(lambda: any(line.startswith("build failed") for line in proc.err))
    status, headers, body = fetch(url, "/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    text = body.decode("utf-8")
    assert 'id="sitegen-fehler"' in text
    assert "content/news/gold.md:4: time &#x27;24:00&#x27; is not a valid time" in text
    assert "livereload.js" in text  # the page reloads itself once the build works

    (proc.site / "content/news/gold.md").write_text(SITE_FILES["content/news/gold.md"], "utf-8")
    _wait(lambda: proc.rebuilds() >= 1)
    status, _, body = fetch(url, "/")
    assert status == 200 and b'id="sitegen-fehler"' not in body and "Goldpreis steigt" in body.decode("utf-8")


def test_the_preview_folder_of_a_port_is_removed_when_its_server_stops(broken_serve):
    proc, url = broken_serve(SITE_FILES)
    _wait(lambda: proc.rebuilds() >= 1)
    preview = proc.preview
    assert (preview / "index.html").is_file()
    proc.stop()
    assert not preview.exists() and not (preview.parent / f".{preview.name}.standby").exists()
