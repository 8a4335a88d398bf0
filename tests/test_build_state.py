"""A build whose inputs did not change since the last one does nothing — and only then.

Inputs are aged first: the build state never trusts files changed within
2 s of the last build (an edit in the same timestamp tick).
"""

import os
from pathlib import Path

from conftest import article, run_build, tree

OLD = 1_000_000_000  # 2001-09-09, seconds since the epoch


def age(site: Path) -> None:
    for path in [site / "config.yaml", *site.joinpath("content").rglob("*"), *site.joinpath("themes").rglob("*")]:
        os.utime(path, (OLD, OLD))


def site_with_warning(make_site):
    site = make_site({"content/news/a.md": article("Gold", body="Text <b>fett</b>.\n"),
                      "content/news/b.md": article("Morgen", date="02.05.2024", time="09:00")})
    age(site)
    return site


def test_unchanged_inputs_repeat_the_report_and_write_nothing(make_site):
    site = site_with_warning(make_site)
    first = run_build(site, "--now", "2024-05-01 12:00")
    before = tree(site / "output")
    second = run_build(site, "--now", "2024-05-01 12:30")
    assert second.code == 0
    assert second.err == first.err and "raw HTML is shown as text" in second.err
    assert second.out.split(" in ")[0] == first.out.split(" in ")[0].replace("(20 files written, 0 unchanged",
                                                                              "(0 files written, 20 unchanged")
    assert second.out.splitlines()[1] == first.out.splitlines()[1]  # the next scheduled article
    assert tree(site / "output") == before


def test_an_edit_a_deleted_output_file_or_a_due_article_means_a_real_build(make_site, tmp_path):
    site = site_with_warning(make_site)
    run_build(site, "--now", "2024-05-01 12:00")
    (site / "output/news/gold/index.html").unlink()
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert "(1 file written," in run.out and (site / "output/news/gold/index.html").is_file()
    age(site)
    due = run_build(site, "--now", "2024-05-02 09:00")
    assert "from 2 articles in" in due.out and (site / "output/news/morgen/index.html").is_file()
    age(site)
    (site / "content/news/a.md").write_text(article("Gold", body="Neuer Text.\n"))
    os.utime(site / "content/news/a.md", (OLD + 10, OLD + 10))
    edited = run_build(site, "--now", "2024-05-02 09:00")
    assert "Neuer Text." in (site / "output/news/gold/index.html").read_text()
    clean = run_build(site, "--now", "2024-05-02 09:00", "--output", str(tmp_path / "clean"), "--no-cache")
    assert edited.code == clean.code == 0
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_no_cache_never_skips(make_site):
    site = site_with_warning(make_site)
    run_build(site, "--now", "2024-05-01 12:00")
    (site / "output/index.html").write_text("kaputt")  # same inputs; the output was damaged by hand
    run = run_build(site, "--now", "2024-05-01 12:00", "--no-cache")
    assert "(1 file written," in run.out
    assert "kaputt" not in (site / "output/index.html").read_text()


def test_a_page_edited_in_place_in_the_output_at_the_same_size_is_repaired(make_site, tmp_path):
    """sed -i, or `git checkout -- .` in a gh-pages worktree: same size, new bytes."""
    site = make_site({"content/news/gold.md": article("Goldpreis steigt", body="Der Kurs steigt.\n"),
                      "content/news/silber.md": article("Silber holt auf", date="24.04.2024", tags="[Silber]")})
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0
    home = site / "output/index.html"
    home.write_text(home.read_text("utf-8").replace("Goldpreis steigt", "Goldpreis sinkt"), "utf-8")  # same size
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0  # nothing changed in the inputs
    assert "Goldpreis sinkt" not in home.read_text("utf-8")
    silber = site / "output/news/silber-holt-auf/index.html"
    silber.write_text(silber.read_text("utf-8").replace("Silber holt auf", "Silber holt ab"), "utf-8")
    (site / "content/news/gold.md").write_text(article("Goldpreis steigt", body="Der Kurs steigt weiter.\n"))
    assert run_build(site, "--now", "2024-05-01 12:00").code == 0  # an edit elsewhere: the edited page is not "kept"
    clean = run_build(site, "--now", "2024-05-01 12:00", "--output", str(tmp_path / "clean"), "--no-cache")
    assert clean.code == 0 and tree(site / "output") == tree(tmp_path / "clean")
