"""Pages rendered and checked on worker processes into a spool give the same
files, problems and messages as one process; the main process holds where
each page is, not its bytes; the spool leaves nothing behind."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from conftest import article, run_build, tree
from sitegen.render import pagework
from sitegen.store.spool import Spool, SpooledFiles

NOW = ("--now", "2024-05-01 12:00")
COUNT = 80  # articles: more pages than pagework.MIN_PARALLEL


def _articles(extra: dict[str, str] | None = None) -> dict[str, str]:
    files = {f"content/news/a{i:03d}.md": article(f"Artikel {i}", date=f"{1 + i % 28:02d}.03.2024",
                                                  body=f"Absatz {i}.\n\n## Teil\n\nText {i}.\n")
             for i in range(COUNT)}
    return {**files, "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n", **(extra or {})}


def _both(site, tmp_path, *extra: str):
    """Build with one process and with two; messages name the folder as "out"."""
    one = run_build(site, *NOW, "--output", str(tmp_path / "one"), "--no-cache", "--jobs", "1", *extra)
    two = run_build(site, *NOW, "--output", str(tmp_path / "two"), "--no-cache", "--jobs", "2", *extra)
    for run, name in ((one, "one"), (two, "two")):
        run.err = run.err.replace(str(tmp_path / name), "out")
    return one, two


def test_workers_give_the_same_pages_as_one_process(make_site, tmp_path):
    site = make_site(_articles())
    one, two = _both(site, tmp_path)
    assert (one.code, two.code) == (0, 0), one.err + two.err
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert not [name for name in os.listdir(site / ".cache") if "spool" in name] if (site / ".cache").exists() else True


def test_workers_report_the_same_validation_problems(make_site, tmp_path):
    bad = {f"content/news/a{i:03d}.md": article(f"Artikel {i}", date="02.03.2024",
                                                body=f"![Bild](https://cdn.example.com/{i}.png)\n\n# Zweite\n")
           for i in (3, 41, 77)}
    site = make_site(_articles(bad))
    one, two = _both(site, tmp_path)
    assert one.code == two.code == 1
    assert one.err == two.err and "cdn.example.com/3.png" in two.err and "3 errors" in two.err


def test_workers_report_a_template_error_once_with_its_first_page(make_site, tmp_path):
    site = make_site(_articles())
    template = site / "themes/default/templates/article.html"
    template.write_text(template.read_text().replace("{{ article.title }}", "{{ article.titel }}", 1))
    one, two = _both(site, tmp_path)
    assert one.code == two.code == 1
    assert one.err == two.err and "titel" in two.err


def test_an_unexpected_exception_on_a_worker_is_the_same_one_line(make_site, tmp_path, monkeypatch):
    site = make_site(_articles())
    real = pagework.validate_page

    def broken(path, data, allowed, source="", lines=None):
        if source == "content/news/a050.md":
            raise ValueError("boom")
        return real(path, data, allowed, source, lines)
    monkeypatch.setattr(pagework, "validate_page", broken)  # forked workers inherit the patch
    one, two = _both(site, tmp_path)
    line = ("internal error: ValueError: boom while processing news/artikel-50/index.html — please report this with "
            "the file above")
    assert (one.code, one.err.splitlines()) == (two.code, two.err.splitlines()) == (2, [line])


def _fake_job(count: int) -> pagework.PageJob:
    pages = tuple(SimpleNamespace(route=SimpleNamespace(output_path=f"p{i}/index.html"), source=f"content/{i}.md",
                                  fingerprint=f"f{i}") for i in range(count))
    return pagework.PageJob(pages, None, None, None, None, {"www.example.de"})


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_main_process_holds_where_pages_are_not_their_bytes(monkeypatch, tmp_path, jobs):
    monkeypatch.setattr(pagework, "render_page", lambda page, *rest: (f"<h1>{page.source}</h1>".encode(), None))
    counted = []
    files, problems, _ = pagework.render_all(_fake_job(100), tmp_path, jobs, "fork", None, counted.append)
    try:
        assert problems == [] and sum(counted) == 100
        assert list(files) == [f"p{i}/index.html" for i in range(100)]
        assert all(isinstance(value, tuple) for value in files._items.values())  # (slot, offset, length)
        assert files["p7/index.html"] == b"<h1>content/7.md</h1>"
        assert os.listdir(tmp_path) == []  # unlinked files: nothing to leave behind
    finally:
        files.close()


def test_serve_keeps_its_pages_in_memory(monkeypatch):
    monkeypatch.setattr(pagework, "render_page", lambda page, *rest: (f"<h1>{page.source}</h1>".encode(), None))
    memo: dict = {}
    files, _, _ = pagework.render_all(_fake_job(100), None, 2, "fork", memo, lambda n: None)
    assert all(isinstance(value, bytes) for value in files._items.values())
    assert memo["p3/index.html"] == ("f3", b"<h1>content/3.md</h1>")


def test_spooled_files_read_back_the_bytes_written(tmp_path):
    spool = Spool(tmp_path, 2)
    files = SpooledFiles(spool)
    first, second = spool.writer(0), spool.writer(1)
    files.spooled("a.html", first.put(b"A" * 70000))
    files.spooled("b.html", second.put(b""))
    files.spooled("c.html", first.put(b"\x00C"))
    files["d.txt"] = b"D"
    copy = files.copy()
    del copy["d.txt"]
    assert dict(files) == {"a.html": b"A" * 70000, "b.html": b"", "c.html": b"\x00C", "d.txt": b"D"}
    assert list(copy) == ["a.html", "b.html", "c.html"] and copy["c.html"] == b"\x00C"
    files.close()
    with pytest.raises(ValueError):
        files["a.html"]


def test_very_many_pages_are_rendered_in_this_process(monkeypatch, tmp_path):
    monkeypatch.setattr(pagework, "render_page", lambda page, *rest: (f"<h1>{page.source}</h1>".encode(), None))
    monkeypatch.setattr(pagework, "MAX_PARALLEL", 99)  # the fork would copy too much memory
    files, _, _ = pagework.render_all(_fake_job(100), tmp_path, 2, "fork", None, lambda n: None)
    try:
        assert {value[0] for value in files._items.values()} == {0}  # slot 0: this process's
    finally:
        files.close()
    files, _, _ = pagework.render_all(_fake_job(99), tmp_path, 2, "fork", None, lambda n: None)
    try:
        assert {value[0] for value in files._items.values()} == {0, 1}
    finally:
        files.close()
