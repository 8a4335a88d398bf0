"""Issue 13: a fresh clone with ``.cache/`` restored (new folder, every file's
mtime new, no output) copies stored pages instead of rendering them, keeps
the stored entries without rewriting them, and equals a clean build."""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

from conftest import numbered_articles, rows, run_build, tree, write_rows
from sitegen.render import templates
from sitegen.store import db
from sitegen.store.pagestore import NAMESPACE

NOW = ("--now", "2024-05-01 12:00")


def _fresh_clone(site: Path, where: Path) -> Path:
    """The site's sources copied as ``git clone`` leaves them (new files, new
    mtimes) and its ``.cache`` restored as it was, no output."""
    shutil.copytree(site, where, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    shutil.copytree(site / ".cache", where / ".cache")
    later = os.stat(where / "config.yaml").st_mtime_ns + 5_000_000_000
    for path in where.rglob("*"):
        if path.is_file() and ".cache" not in path.parts:
            os.utime(path, ns=(later, later))
    return where


def _clean(site: Path, tmp: Path) -> dict[str, bytes]:
    clean = run_build(site, *NOW, "--output", str(tmp), "--no-cache")
    assert clean.code == 0, clean.err
    return tree(tmp)


def test_a_fresh_clone_renders_no_page_and_equals_a_clean_build(make_site, tmp_path, monkeypatch):
    site = make_site(numbered_articles(8))
    assert run_build(site, *NOW).code == 0
    clone = _fresh_clone(site, tmp_path / "clone")
    entries_before = rows(clone, "entries")
    rendered = []
    real = templates.render_page
    monkeypatch.setattr("sitegen.render.pagework.render_page",
                        lambda page, *a, **k: (rendered.append(page.route.output_path), real(page, *a, **k))[1])
    run = run_build(clone, *NOW)
    assert run.code == 0, run.err
    assert rendered == []  # every page came from the store
    assert "built 18 pages (33 files written, 0 unchanged" in run.out
    assert tree(clone / "output") == _clean(clone, tmp_path / "clean")
    assert rows(clone, "entries") == entries_before  # records kept, only their new stats written
    assert len(rows(clone, "entrystat")) == 8
    again = run_build(clone, *NOW)  # the new stats are trusted: nothing to do
    assert again.code == 0 and "0 files written" in again.out


def test_an_edit_in_the_clone_renders_only_the_pages_it_reaches(make_site, tmp_path, monkeypatch):
    site = make_site(numbered_articles(8))
    assert run_build(site, *NOW).code == 0
    clone = _fresh_clone(site, tmp_path / "clone")
    victim = clone / "content/news/a03.md"
    victim.write_text(victim.read_text() + "\nEin neuer Satz.\n")
    rendered = []
    real = templates.render_page
    monkeypatch.setattr("sitegen.render.pagework.render_page",
                        lambda page, *a, **k: (rendered.append(page.route.output_path), real(page, *a, **k))[1])
    assert run_build(clone, *NOW).code == 0
    assert "news/artikel-3-ueber-gold/index.html" in rendered  # and the list pages that show it
    assert len(rendered) < 18 and "news/artikel-6-ueber-gold/index.html" not in rendered  # 18 pages in all
    assert "Ein neuer Satz." in (clone / "output/news/artikel-3-ueber-gold/index.html").read_text()
    assert tree(clone / "output") == _clean(clone, tmp_path / "clean")


def test_a_stored_page_is_used_only_for_its_fingerprint_and_a_damaged_one_is_rendered(make_site, tmp_path):
    site = make_site(numbered_articles(3))
    assert run_build(site, *NOW).code == 0
    stored = rows(site, NAMESPACE)
    path = "news/artikel-1-ueber-gold/index.html"
    version, _, value = stored[path]
    fingerprint, _, packed = value.partition(b"\n")
    zdict = next(iter(rows(site, "pagedict").values()))[2]
    inflate = zlib.decompressobj(zdict=zdict)
    page = inflate.decompress(packed) + inflate.flush()
    # A forged page with a valid checksum shows that a clone copies it (the cache is not signed) ...
    deflate = zlib.compressobj(1, zdict=zdict)
    forged = fingerprint + b"\n" + deflate.compress(page.replace(b"Absatz 1.", b"AUS DEM SPEICHER")) + deflate.flush()
    write_rows(site, NAMESPACE, {path: (version, db.checksum(NAMESPACE, path, version, forged), forged)})
    first = _fresh_clone(site, tmp_path / "first")
    assert run_build(first, *NOW).code == 0
    assert b"AUS DEM SPEICHER" in (first / "output" / path).read_bytes()
    # ... only while its fingerprint is the page's: an edited article is rendered from its source.
    second = _fresh_clone(site, tmp_path / "second")
    victim = second / "content/news/a01.md"
    victim.write_text(victim.read_text().replace("Absatz 1.", "Absatz eins."))
    assert run_build(second, *NOW).code == 0
    assert b"Absatz eins." in (second / "output" / path).read_bytes()
    # A damaged value (bytes flipped, checksum made to fit) is rendered again, never published.
    broken = fingerprint + b"\n" + packed[:-8] + b"\x00" * 8
    write_rows(site, NAMESPACE, {path: (version, db.checksum(NAMESPACE, path, version, broken), broken)})
    third = _fresh_clone(site, tmp_path / "third")
    assert run_build(third, *NOW).code == 0
    assert tree(third / "output") == _clean(third, tmp_path / "clean")
