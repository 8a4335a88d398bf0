"""The writer and the output rules: only changed bytes are written, stale
pages are removed, a failed build leaves output/ alone, dotfiles survive,
and the same sources give the same bytes anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import article, run_build, tree
from sitegen.output.writer import UnsafePathError, check_path, sync_output

NOW = ("--now", "2024-05-01 12:00")
OLD = 1_000_000_000  # 2001-09-09: an mtime no build can produce


def three_articles() -> dict[str, str]:
    return {
        "content/news/gold.md": article("Gold steigt weiter", date="08.04.2024", time="09:05",
                                        tags="[Gold, Edelmetalle]", extra="summary: Gold ist gefragt.",
                                        body="Der Goldpreis steigt.\n"),
        "content/news/silber.md": article("Silber zieht nach", date="10.04.2024", time="10:00",
                                          tags="[Silber, Edelmetalle]", body="Auch Silber steigt.\n"),
        "content/news/platin.md": article("Platin bleibt liegen", date="12.04.2024", time="11:30",
                                          tags="[Platin]", body="Platin bewegt sich kaum.\n"),
        "content/pages/impressum.md": "---\ntitle: Impressum\n---\nAnbieter: Testseite GmbH\n",
        "content/pages/datenschutz.md": "---\ntitle: Datenschutz\n---\nWir speichern nichts.\n",
    }


def age_all(folder: Path) -> None:
    """Set every file's mtime to ``OLD`` so any later write is visible."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def rewritten(folder: Path) -> set[str]:
    """Files whose mtime changed since ``age_all``."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.stat().st_mtime != OLD}


@pytest.fixture
def built(make_site):
    site = make_site(three_articles())
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert run.out.startswith("built 16 pages (33 files written, 0 unchanged, 0 deleted) from 3 articles in "), run.out
    return site


def test_second_build_writes_nothing(built):
    out = built / "output"
    before = tree(out)
    age_all(out)
    run = run_build(built, *NOW)
    assert run.code == 0, run.err
    assert run.out.startswith("built 16 pages (0 files written, 33 unchanged, 0 deleted) from 3 articles in "), run.out
    assert rewritten(out) == set()
    assert tree(out) == before


def test_editing_an_article_body_rewrites_only_its_page_and_the_feeds(built):
    out = built / "output"
    age_all(out)
    text = (built / "content/news/gold.md").read_text()
    (built / "content/news/gold.md").write_text(text.replace("Der Goldpreis steigt.", "Der Goldpreis steigt kräftig."))
    run = run_build(built, *NOW)
    assert run.code == 0, run.err
    assert "(7 files written, 26 unchanged, 0 deleted)" in run.out
    assert rewritten(out) == {"news/gold-steigt-weiter/index.html", "feed.xml", "rss.xml",  # and its topic feeds
                              "themen/gold/feed.xml", "themen/gold/rss.xml",
                              "themen/edelmetalle/feed.xml", "themen/edelmetalle/rss.xml"}
    assert "Der Goldpreis steigt kräftig." in (out / "news/gold-steigt-weiter/index.html").read_text()


def test_editing_a_summary_rewrites_the_pages_that_show_it(built):
    out = built / "output"
    age_all(out)
    text = (built / "content/news/gold.md").read_text()
    (built / "content/news/gold.md").write_text(text.replace("summary: Gold ist gefragt.", "summary: Gold ist sehr gefragt."))
    run = run_build(built, *NOW)
    assert run.code == 0, run.err
    # its own page, home, its two tag pages, and the two articles that list it as related
    assert rewritten(out) == {"news/gold-steigt-weiter/index.html", "index.html", "themen/gold/index.html",
                              "themen/edelmetalle/index.html", "news/silber-zieht-nach/index.html",
                              "news/platin-bleibt-liegen/index.html", "archiv/2024/index.html",
                              "archiv/2024/04/index.html", "feed.xml", "rss.xml", "themen/gold/feed.xml",
                              "themen/gold/rss.xml", "themen/edelmetalle/feed.xml", "themen/edelmetalle/rss.xml"}
    assert "Gold ist sehr gefragt." in (out / "index.html").read_text()


def test_deleting_an_article_removes_its_page_its_lonely_tag_and_its_teaser(built):
    out = built / "output"
    assert (out / "news/platin-bleibt-liegen/index.html").is_file()
    assert (out / "themen/platin/index.html").is_file()
    (built / "content/news/platin.md").unlink()
    run = run_build(built, *NOW)
    assert run.code == 0, run.err
    assert run.out.startswith("built 14 pages (") and " 4 deleted) from 2 articles in " in run.out, run.out
    assert not (out / "news/platin-bleibt-liegen").exists()
    assert not (out / "themen/platin").exists()
    assert (out / "news").is_dir() and (out / "themen/edelmetalle/index.html").is_file()
    for page in ("index.html", "themen/index.html", "news/gold-steigt-weiter/index.html"):
        assert "Platin" not in (out / page).read_text(), page
    assert not (out / ".sitegen-manifest.json").exists()


def test_renaming_an_article_moves_its_page(built):
    out = built / "output"
    path = built / "content/news/platin.md"
    path.write_text(path.read_text().replace("tags: [Platin]", "tags: [Platin]\nslug: platin-stagniert"))
    run = run_build(built, *NOW)
    assert run.code == 0, run.err
    assert "0 deleted)" in run.out, run.out  # the old URL is now a redirect page (urls.lock)
    assert 'url=https://www.example.de/news/platin-stagniert/"' in (out / "news/platin-bleibt-liegen/index.html").read_text()
    assert (out / "news/platin-stagniert/index.html").is_file()
    home = (out / "index.html").read_text()
    assert 'href="/news/platin-stagniert/"' in home and "/news/platin-bleibt-liegen/" not in home


def test_failed_build_exits_1_and_leaves_output_byte_identical(built):
    out = built / "output"
    before = tree(out)
    age_all(out)
    (built / "content/news/gold.md").write_text(
        "---\ntitle: Gold steigt weiter\ndate: 08.04.2024\ntags: [Gold\n---\nNeuer Text.\n")
    (built / "content/news/platin.md").unlink()
    run = run_build(built, *NOW)
    assert run.code == 1
    assert run.out == ""
    assert run.err.splitlines() == [
        "content/news/gold.md:4: invalid YAML: did not find expected ',' or ']' — put the value in double quotes: tags: \"[Gold\"",
        "build failed: 1 error, 0 warnings; output/ was not changed",
    ]
    assert "Traceback" not in run.err
    assert tree(out) == before
    assert rewritten(out) == set()


def test_failed_build_into_output_option_names_that_folder(built, tmp_path):
    (built / "content/news/gold.md").write_text("---\ntitle: Gold\ndate: 08.04.2024\ntags: [Gold\n---\nText.\n")
    target = tmp_path / "elsewhere"
    run = run_build(built, *NOW, "--output", str(target))
    assert run.code == 1
    assert run.err.splitlines()[-1] == f"build failed: 1 error, 0 warnings; {target}/ was not changed"
    assert not target.exists()


def test_dotfiles_in_output_survive_builds(built):
    out = built / "output"
    (out / ".git").mkdir()
    (out / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / ".nojekyll").write_text("")
    (out / "themen/platin/.keep").write_text("x")
    (built / "content/news/platin.md").unlink()
    for _ in range(2):
        run = run_build(built, *NOW)
        assert run.code == 0, run.err
    assert (out / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / ".nojekyll").is_file()
    assert (out / "themen/platin/.keep").read_text() == "x"
    assert not (out / "themen/platin/index.html").exists()


@pytest.mark.parametrize("env_a, env_b", [
    ({"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
     {"TZ": "America/New_York", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "12345"}),
    ({"TZ": "Asia/Tokyo", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "PYTHONHASHSEED": "random"},
     {"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "4242"}),
])
def test_builds_are_byte_identical_under_any_environment(make_site, tmp_path, env_a, env_b):
    files = three_articles()
    files["content/news/utc.md"] = article("Spätmeldung aus New York", date="2024-04-25T23:30:00Z", time="",
                                           tags="[Gold, Aktien]")
    site = make_site(files)
    a, b = tmp_path / "a", tmp_path / "b"
    run_a = run_build(site, *NOW, "--output", str(a), env=env_a)
    run_b = run_build(site, *NOW, "--output", str(b), env=env_b)
    assert run_a.code == run_b.code == 0, run_a.err + run_b.err
    assert tree(a) == tree(b)
    page = (a / "news/spaetmeldung-aus-new-york/index.html").read_text()
    assert '<time datetime="2024-04-26T01:30:00+02:00">26.04.2024 <span class="meta-time">01:30 Uhr</span></time>' in page


def test_pages_contain_no_build_time(make_site, tmp_path):
    site = make_site(three_articles())
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_build(site, "--now", "2024-05-01 12:00", "--output", str(a)).code == 0
    assert run_build(site, "--now", "2024-06-17 18:37", "--output", str(b)).code == 0
    assert tree(a) == tree(b)
    text = b"".join(tree(b).values()).decode()
    for stamp in ("2024-06-17", "17.06.2024", "18:37", "2024-05-01", "01.05.2024"):
        assert stamp not in text


@pytest.mark.parametrize("bad", ["../x", "/etc/x", "a/../../x", "..", "a/..", "C:/x", "a\\..\\..\\x"])
def test_check_path_refuses_paths_outside_the_output_folder(bad):
    with pytest.raises(UnsafePathError, match="refusing to write outside the output folder"):
        check_path(bad)


@pytest.mark.parametrize("good, normalised", [("index.html", "index.html"), ("news/gold/index.html", "news/gold/index.html"),
                                              ("news/./gold/../silber/index.html", "news/silber/index.html")])
def test_check_path_accepts_and_normalises_inside_paths(good, normalised):
    assert check_path(good) == normalised


def test_sync_refuses_an_unsafe_path_before_writing_anything(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(UnsafePathError):
        sync_output(out, {"index.html": b"<p>ok</p>", "../boese.html": b"x"})
    assert not out.exists()
    assert not (tmp_path / "boese.html").exists()


def test_sync_writes_only_changed_files_and_deletes_stale_ones(tmp_path):
    out = tmp_path / "out"
    report = sync_output(out, {"index.html": b"0", "a/index.html": b"1", "b/index.html": b"2"})
    assert (report.written, report.unchanged, report.deleted) == (3, 0, 0)
    (out / "handmade.txt").write_text("not ours")  # not part of the new site: it goes (dot entries stay)
    report = sync_output(out, {"index.html": b"0", "a/index.html": b"1", "c/index.html": b"3"})
    assert (report.written, report.unchanged, report.deleted) == (1, 2, 2)
    assert report.removed == ("b/index.html", "handmade.txt")
    assert not (out / "b").exists()
    assert not (out / "handmade.txt").exists()
    assert sorted(p.name for p in out.rglob("*.tmp")) == []
    assert not (out / ".sitegen-manifest.json").exists()
