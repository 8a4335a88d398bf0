"""The caches in .cache/store.sqlite3 and parallel rendering never change the output.

After any sequence of edits, a build that uses the cache (and several
processes) is byte-identical to a clean build without it; a broken cached
value leads to parsing or rendering again, never to an error or wrong output.
(Damaged and special store files: test_store.py.)
"""

import contextlib
import os
import random
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import article, rows, run_build, tree, write_rows
from sitegen.store import db


NOW = ("--now", "2024-05-01 12:00")


def clean_and_cached_agree(site: Path, tmp: Path, *extra: str) -> None:
    cached = run_build(site, *NOW, "--output", str(tmp / "cached"), "--jobs", "2", *extra)
    clean = run_build(site, *NOW, "--output", str(tmp / "clean"), "--no-cache", "--jobs", "1", *extra)
    assert (cached.code, clean.code) == (0, 0), cached.err + clean.err
    assert tree(tmp / "cached") == tree(tmp / "clean")


def many_articles(count: int) -> dict[str, str]:
    return {f"content/news/a{i:03d}.md": article(f"\"Artikel Nummer {i}: Gold und Zinsen\"", date=f"{1 + i % 28:02d}.03.2024",
                                                 tags="[Gold, Zinsen]" if i % 2 else "[Silber]",
                                                 body=f"Absatz {i} mit \"Zitat\".\n\n## Teil\n\nText {i}.\n")
            for i in range(count)}


def test_cached_parallel_build_equals_a_clean_build_after_random_edits(make_site, tmp_path):
    site = make_site({**many_articles(80), "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n"})
    rng = random.Random(11)
    for step in range(8):
        news = sorted((site / "content/news").glob("*.md"))
        victim = rng.choice(news)
        action = step % 6
        if action == 0:
            victim.write_text(victim.read_text() + f"\nNeuer Absatz {step}.\n")
        elif action == 1:
            victim.write_text(victim.read_text().replace("Artikel Nummer", "Beitrag Nummer", 1))
        elif action == 2:
            victim.unlink()
        elif action == 3:
            (site / f"content/news/neu{step}.md").write_text(article(f"Neu {step}", date="30.04.2024", time="09:00"))
        elif action == 4:
            template = site / "themes/default/templates/partials/footer.html"
            template.write_text(template.read_text().replace("</footer>", f"<!-- {step} --></footer>"))
        else:
            config = site / "config.yaml"
            config.write_text(config.read_text().replace("title: Testseite", f"title: Testseite {step}"))
        clean_and_cached_agree(site, tmp_path / f"step{step}")


def test_now_moving_past_a_scheduled_article_is_seen_by_a_cached_build(make_site, tmp_path):
    site = make_site({"content/news/a.md": article("Heute"), "content/news/b.md": article("Morgen", date="02.05.2024")})
    before = run_build(site, "--now", "2024-05-01 12:00", "--output", str(tmp_path / "out"))
    after = run_build(site, "--now", "2024-05-03 12:00", "--output", str(tmp_path / "out"))
    clean = run_build(site, "--now", "2024-05-03 12:00", "--output", str(tmp_path / "clean"), "--no-cache")
    assert "from 1 article in" in before.out and "from 2 articles in" in after.out
    assert tree(tmp_path / "out") == tree(tmp_path / "clean")


def test_broken_cache_files_are_rendered_again_without_error(make_site, tmp_path):
    site = make_site(many_articles(5))
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    kept = rows(site, "markdown")
    assert len(kept) == 5
    keys = sorted(kept)
    version, digest, value = kept[keys[0]]
    write_rows(site, "markdown", {
        keys[0]: (version, digest, value[:40]),                           # truncated
        keys[1]: (version, kept[keys[1]][1], b"\x00\xffgarbage"),          # corrupt
        keys[2]: kept[keys[3]],                                           # foreign: another body's row
        keys[4]: (version, db.checksum("markdown", keys[4], version, b'{"key": "x"}'), b'{"key": "x"}'),  # wrong shape
    })
    write_rows(site, "entries", dict.fromkeys(rows(site, "entries")))  # else the parsed entries are reused
    run = run_build(site, *NOW, "--output", str(tmp_path / "second"))
    assert (run.code, run.err) == (0, "")
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    assert rows(site, "markdown") == kept  # every broken row was replaced by the right one


def test_the_cache_is_keyed_by_the_body_alone(make_site, tmp_path):
    site = make_site({"content/news/a.md": article("Gold steigt", body="Ein Absatz.\n")})
    run_build(site, *NOW, "--output", str(tmp_path / "one"))
    names = set(rows(site, "markdown"))
    (site / "content/news/a.md").write_text(article("Gold steigt stark", tags="[Gold, Silber]", body="Ein Absatz.\n"))
    run_build(site, *NOW, "--output", str(tmp_path / "two"))
    assert set(rows(site, "markdown")) == names and len(names) == 1


def test_rebuilding_one_folder_after_random_edits_equals_a_clean_build(make_site, tmp_path):
    """Pages whose fingerprint did not change are kept from the previous build;
    the folder must still equal a clean build after every edit."""
    site = make_site({**many_articles(30), "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n"})
    rng = random.Random(5)
    assert run_build(site, *NOW).code == 0
    for step in range(10):
        news = sorted((site / "content/news").glob("*.md"))
        victim = rng.choice(news)
        action = rng.randrange(5)
        if action == 0:
            victim.write_text(victim.read_text() + f"\nNeuer Absatz {step}.\n")
        elif action == 1:
            victim.write_text(victim.read_text().replace("tags: [Silber]", "tags: [Silber, Gold]"))
        elif action == 2:
            victim.unlink()
        elif action == 3:
            (site / f"content/news/neu{step}.md").write_text(article(f"Neu {step}", date="30.04.2024", time="09:00"))
        else:
            (site / "output/index.html").unlink()
        run = run_build(site, *NOW)
        clean = run_build(site, *NOW, "--output", str(tmp_path / f"clean{step}"), "--no-cache")
        assert (run.code, clean.code) == (0, 0), run.err + clean.err
        assert tree(site / "output") == tree(tmp_path / f"clean{step}")


def test_broken_entry_store_rows_are_parsed_again_without_error(make_site, tmp_path):
    site = make_site(many_articles(40))
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    kept = rows(site, "entries")
    assert len(kept) == 40
    keys = sorted(kept)
    version = kept[keys[0]][0]
    write_rows(site, "entries", {
        keys[0]: (version, kept[keys[0]][1], kept[keys[0]][2][:50]),   # truncated
        keys[1]: (version, kept[keys[1]][1], b"\x80\x05garbage"),      # not a record
        keys[2]: kept[keys[3]],                                       # another source's record
        keys[4]: (version, kept[keys[4]][1], b""),                    # empty
    })
    run = run_build(site, *NOW, "--output", str(tmp_path / "second"), "--jobs", "1")
    assert (run.code, run.err) == (0, "")
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    again = rows(site, "entries")
    assert again.keys() == kept.keys()
    assert all(digest == db.checksum("entries", key, version, value) for key, (version, digest, value) in again.items())
    assert again[keys[2]][2] != kept[keys[3]][2]  # the misplaced record was written anew


def test_an_edit_that_keeps_size_and_comes_right_after_a_build_is_seen(make_site, tmp_path):
    """Stat (mtime, size) proves a file unchanged only when it is older than
    the check by 2 s; an edit of equal size right after a build is read."""
    site = make_site({"content/news/a.md": article("Gold steigt", body="Preis: 100 Euro.\n")})
    source = site / "content/news/a.md"
    assert run_build(site, *NOW).code == 0
    stat = source.stat()
    source.write_text(source.read_text().replace("100", "200"))
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert run_build(site, *NOW).code == 0
    assert "Preis: 200 Euro." in (site / "output/news/gold-steigt/index.html").read_text()


def test_a_title_edit_is_seen_while_the_other_files_are_trusted_by_stat(make_site, tmp_path):
    site = make_site(many_articles(3))
    assert run_build(site, *NOW).code == 0
    old = os.stat(site / "content/news/a001.md").st_mtime_ns - 10_000_000_000
    for path in (site / "content/news").glob("*.md"):
        os.utime(path, ns=(old, old))  # older than the 2 s window, so stat is trusted
    assert run_build(site, *NOW).code == 0
    source = site / "content/news/a001.md"
    source.write_text(source.read_text().replace("Artikel Nummer 1", "Beitrag Nummer 1"))
    assert run_build(site, *NOW).code == 0
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean"), "--no-cache")
    assert clean.code == 0 and tree(site / "output") == tree(tmp_path / "clean")
    assert (site / "output/news/beitrag-nummer-1-gold-und-zinsen/index.html").exists()


def test_nothing_executable_is_kept_and_an_unwritable_cache_folder_only_costs_speed(make_site, tmp_path):
    site = make_site(many_articles(3))
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    db.forget_shared()
    assert {p.name for p in (site / ".cache").iterdir()} <= {db.FILE, db.FILE + "-wal", db.FILE + "-shm"}
    assert not (site / ".cache/templates").exists()  # compiled templates are code: never kept
    shutil.rmtree(site / ".cache")
    (site / ".cache").write_text("not a folder")  # nothing can be kept
    run = run_build(site, *NOW, "--output", str(tmp_path / "third"), "--jobs", "1")
    assert run.code == 0 and run.err.startswith(f"warning: {site / '.cache'} is a file, so this run keeps nothing")
    assert tree(tmp_path / "third") == tree(tmp_path / "first")
    assert (site / ".cache").read_text() == "not a folder"


@pytest.mark.parametrize("step", ["swapped", "store commit"])
def test_a_publish_cut_off_leaves_no_state_that_keeps_its_pages(make_site, tmp_path, monkeypatch, step):
    """A same-size edit is published, then the run is cut off (right after the
    swap, or before the build state is recorded); after reverting the edit
    the page must be written back."""
    from sitegen.engine import Engine, Options
    site = make_site({"content/news/a.md": article("Gold steigt", body="Preis: 2.170 US-Dollar.\n")})
    source, page = site / "content/news/a.md", site / "output/news/gold-steigt/index.html"
    assert run_build(site, *NOW).code == 0
    source.write_text(source.read_text().replace("2.170", "2.190"))

    def cut_off(where: str) -> None:
        if where == step:
            raise OSError(28, "No space left on device")
    monkeypatch.chdir(site)
    with contextlib.suppress(OSError):
        Engine(Options(Path("config.yaml"), now=datetime(2024, 5, 1, 12, 0)), fault=cut_off).run()
    assert "2.190" in page.read_text()  # published before the cut
    source.write_text(source.read_text().replace("2.190", "2.170"))
    assert run_build(site, *NOW).code == 0
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean"), "--no-cache")
    assert clean.code == 0 and tree(site / "output") == tree(tmp_path / "clean")


def test_a_same_size_edit_with_the_old_mtime_restored_is_seen_by_its_ctime(make_site, tmp_path):
    """An old file edited in place, keeping its size, with its mtime set back
    (cp -p, rsync -a, tar x do that): the ctime still moves.

    No wait is needed to leave the 2 s racy window first: the ctime cannot be
    set back, so an edit after a build always has a ctime after that build's
    check, and waiting 2 s before the edit changes no decision of the store.
    """
    site = make_site({"content/news/a.md": article("Gold steigt", body="Preis: 100 Euro.\n")})
    source = site / "content/news/a.md"
    old = source.stat().st_mtime_ns - 60_000_000_000
    os.utime(source, ns=(old, old))
    assert run_build(site, *NOW).code == 0
    assert run_build(site, *NOW).code == 0
    source.write_text(source.read_text().replace("100", "200"))
    os.utime(source, ns=(old, old))
    assert run_build(site, *NOW).code == 0
    assert "Preis: 200 Euro." in (site / "output/news/gold-steigt/index.html").read_text()
