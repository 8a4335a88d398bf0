"""A changed title moves an article's URL: the build says so, it never happens silently."""

from conftest import NOW, article, run_build


def test_retitled_article_warns_that_its_old_url_is_gone(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")})
    assert run_build(site, *NOW).code == 0
    (site / "content/news/gold.md").write_text(article("Gold steigt weiter"))
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: removed /news/gold-steigt/ — its article was deleted, unpublished or got a new title; "
        "links to this URL now fail (to keep an old URL, set slug: in the article)"]
    assert (site / "output/news/gold-steigt-weiter/index.html").is_file()
    assert not (site / "output/news/gold-steigt").exists()
