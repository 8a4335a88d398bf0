"""Removed article pages: each is named with its cause, and a build that would
remove many that no editor removed stops before publishing (``output.guard``)."""

import pytest

from conftest import NOW, article, run_build, snapshot, tree

MANY = 25  # more than the default limit of 20 (10 % of 25 articles is less)


def forget_urls(site) -> None:
    """Remove ``urls.lock`` (never committed): a retitle then removes the old URL
    instead of redirecting it (test_redirects.py), which is what these tests check."""
    (site / "urls.lock").unlink()


def many_articles() -> dict[str, str]:
    return {f"content/news/n{i:02}.md": article(f"Nachricht {i:02}", date="25.04.2024") for i in range(1, MANY + 1)}


def test_retitled_article_warns_that_its_old_url_is_gone(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    assert run_build(site, *NOW).code == 0
    forget_urls(site)
    (site / "content/news/gold.md").write_text(article("Gold steigt weiter"))
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: removed /news/gold-steigt/ (content/news/gold.md now has the URL /news/gold-steigt-weiter/) "
        "— links to the old URL now fail; to keep it, set slug: gold-steigt in the article"]
    assert (site / "output/news/gold-steigt-weiter/index.html").is_file()
    assert not (site / "output/news/gold-steigt").exists()


def test_a_deleted_source_and_a_draft_name_their_file(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt"),
                      "content/news/silber.md": article("Silber fällt"),
                      "content/news/kupfer.md": article("Kupfer bleibt")})
    assert run_build(site, *NOW).code == 0
    (site / "content/news/gold.md").unlink()
    (site / "content/news/silber.md").write_text(article("Silber fällt", extra="draft: true"))
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert run.err.splitlines() == [
        "warning: removed /news/gold-steigt/ (content/news/gold.md was deleted) — links to this URL now fail",
        "warning: removed /news/silber-faellt/ (content/news/silber.md is marked draft: true) "
        "— links to this URL now fail"]


def test_deleting_many_sources_is_listed_not_counted(make_site):
    site = make_site(many_articles())
    assert run_build(site, *NOW).code == 0
    for path in (site / "content/news").iterdir():
        path.unlink()
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    lines = run.err.splitlines()
    assert lines[0] == ("warning: removed /news/nachricht-01/ (content/news/n01.md was deleted) "
                        "— links to this URL now fail")
    assert len(lines) == 11 and lines[-1] == "warning: … and 15 more removed article pages"
    assert not (site / "output/news").exists()


def test_retitling_many_articles_stops_before_publishing(make_site):
    site = make_site(many_articles())
    assert run_build(site, *NOW).code == 0
    forget_urls(site)
    before = snapshot(site / "output")
    for i in range(1, MANY + 1):
        (site / f"content/news/n{i:02}.md").write_text(article(f"Meldung {i:02}", date="25.04.2024"))
    run = run_build(site, *NOW)
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines[0] == ("error: this build would remove 25 published article pages that were not deleted or marked "
                        "draft (the limit is 20) — output/ was not changed; check the list, then build again with "
                        "--allow-removals if that is intended")
    assert lines[1] == "  removed /news/nachricht-01/ (content/news/n01.md now has the URL /news/meldung-01/)"
    assert lines[10].startswith("  removed /news/nachricht-10/ ")
    assert lines[11:] == ["  … and 15 more removed article pages"]
    assert run.out == ""
    assert snapshot(site / "output") == before


@pytest.mark.parametrize("cache", [(), ("--no-cache",)], ids=["cache", "no-cache"])
def test_a_now_earlier_than_the_clock_may_not_hide_published_articles(make_site, cache):
    site = make_site({"content/news/gold.md": article("Gold steigt"),
                      "content/news/silber.md": article("Silber fällt", date="20.04.2024")})
    assert run_build(site, *NOW, *cache).code == 0
    before = snapshot(site / "output")
    run = run_build(site, "--now", "2024-04-22 12:00", *cache)
    assert run.code == 1
    assert run.err.splitlines() == [
        "error: --now 2024-04-22 12:00 is earlier than the clock and would remove 1 published article page from "
        "the deploy folder — output/ was not changed; check the list, then build again with --allow-removals if "
        "that is intended",
        "  removed /news/gold-steigt/ (content/news/gold.md is dated after the time of this build)"]
    assert snapshot(site / "output") == before


def test_allow_removals_publishes_them_with_warnings(make_site, tmp_path):
    site = make_site(many_articles())
    assert run_build(site, *NOW).code == 0
    run = run_build(site, "--now", "2024-01-01 12:00", "--allow-removals")
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == ("warning: removed /news/nachricht-01/ (content/news/n01.md is dated after the "
                                       "time of this build) — links to this URL now fail")
    clean = run_build(site, "--now", "2024-01-01 12:00", "--output", str(tmp_path / "clean"), "--no-cache")
    assert clean.code == 0 and tree(site / "output") == tree(tmp_path / "clean")


def test_without_a_record_of_the_last_build_removed_pages_are_counted(make_site):
    """``--no-cache`` keeps no record of which file made which page, so a
    deleted file cannot be told from an accident: the limit applies."""
    site = make_site(many_articles())
    assert run_build(site, *NOW, "--no-cache").code == 0
    for path in (site / "content/news").iterdir():
        path.unlink()
    run = run_build(site, *NOW, "--no-cache")
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "error: this build would remove 25 published article pages that were not deleted or marked draft (the "
        "limit is 20) — output/ was not changed; check the list, then build again with --allow-removals if that "
        "is intended",
        "  removed /news/nachricht-01/"]
    assert (site / "output/news/nachricht-01/index.html").is_file()


def test_a_few_unrequested_removals_stay_warnings(make_site):
    site = make_site(many_articles())
    assert run_build(site, *NOW).code == 0
    forget_urls(site)
    for i in range(1, 4):
        (site / f"content/news/n{i:02}.md").write_text(article(f"Neu {i:02}", date="25.04.2024"))
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == (
        "warning: removed /news/nachricht-01/ (content/news/n01.md now has the URL /news/neu-01/) "
        "— links to the old URL now fail; to keep it, set slug: nachricht-01 in the article")
    assert len(run.err.splitlines()) == 3


def test_deploy_removal_limit_from_config_overrides_the_default(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/gold.md": article("Gold steigt")},
                     config=BASE_CONFIG + "deploy:\n  removal_limit: 0\n")
    assert run_build(site, *NOW).code == 0
    forget_urls(site)
    (site / "content/news/gold.md").write_text(article("Gold steigt weiter"))
    before = tree(site / "output")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "error: this build would remove 1 published article page that was not deleted or marked draft "
        "(the limit is 0) — output/ was not changed; check the list, then build again with --allow-removals "
        "if that is intended")
    assert tree(site / "output") == before


def test_deleted_sources_are_still_named_after_the_site_folder_was_moved(make_site):
    site = make_site(many_articles())
    assert run_build(site, *NOW).code == 0
    moved = site.rename(site.with_name("umgezogen"))
    for path in (moved / "content/news").iterdir():
        path.unlink()
    run = run_build(moved, *NOW)
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == ("warning: removed /news/nachricht-01/ (content/news/n01.md was deleted) "
                                       "— links to this URL now fail")
