"""'Wissenswertes zum Thema' and tag pages: order, visibility, merging."""

from __future__ import annotations

import re

from conftest import BASE_CONFIG, article, run_build, tree

NOW = ("--now", "2024-05-01 12:00")


def problem_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith("build failed:")]


def related_urls(page: str) -> list[str]:
    """The article URLs in the related block, in order ([] when there is none)."""
    if '<section class="related"' not in page:
        return []
    block = page.split('<section class="related"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3 class="card-title"><a href="([^"]+)">', block)


def listed(page: str) -> list[str]:
    return re.findall(r'<h2 class="teaser-title"><a href="([^"]+)">', page)


def related_site(make_site, count: int = 5):
    """Articles around ``Basis`` (tags Gold, Silber, Zinsen) with known overlaps and dates."""
    return make_site({
        "content/news/basis.md": article("Basis", date="20.04.2024", tags="[Gold, Silber, Zinsen]",
                                         extra="related: [alt-ohne-tags]"),
        "content/news/drei.md": article("Drei", date="01.03.2024", tags="[Gold, Silber, Zinsen]"),
        "content/news/zwei-alt.md": article("Zwei alt", date="02.03.2024", tags="[Gold, Silber]"),
        "content/news/zwei-neu.md": article("Zwei neu", date="10.04.2024", tags="[Silber, Zinsen]"),
        "content/news/eins-b.md": article("Eins B", date="05.04.2024", tags="[Gold]"),
        "content/news/eins-a.md": article("Eins A", date="05.04.2024", tags="[Zinsen]"),
        "content/news/alt-ohne-tags.md": article("Alt ohne Tags", date="01.01.2023", tags=""),
        "content/news/neu-ohne-tags.md": article("Neu ohne Tags", date="30.04.2024", tags=""),
        "content/news/entwurf.md": article("Entwurf", date="19.04.2024", tags="[Gold, Silber, Zinsen]",
                                           extra="draft: true"),
        "content/news/zukunft.md": article("Zukunft", date="01.06.2024", tags="[Gold, Silber, Zinsen]"),
    }, config=BASE_CONFIG + f"related_count: {count}\n")


def test_related_order_is_explicit_then_shared_tags_then_newest_then_slug(make_site):
    site = related_site(make_site, count=7)
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/basis/index.html").read_text()
    assert related_urls(page) == [
        "/news/alt-ohne-tags/",   # explicit related: first, although it shares no tag
        "/news/drei/",            # 3 shared tags
        "/news/zwei-neu/",        # 2 shared tags, newer
        "/news/zwei-alt/",        # 2 shared tags, older
        "/news/eins-a/",          # 1 shared tag, same time as eins-b: by slug
        "/news/eins-b/",
        "/news/neu-ohne-tags/",   # no shared tag: newest first fills up
    ]


def test_related_block_never_shows_itself_a_draft_or_a_future_article(make_site):
    site = related_site(make_site, count=20)
    assert run_build(site, *NOW).code == 0
    for rel, data in tree(site / "output").items():
        if rel.startswith("news/"):
            urls = related_urls(data.decode())
            assert f"/{rel.removesuffix('index.html')}" not in urls
            assert "/news/entwurf/" not in urls and "/news/zukunft/" not in urls


def test_related_count_from_config_limits_the_block(make_site):
    site = related_site(make_site, count=2)
    assert run_build(site, *NOW).code == 0
    assert related_urls((site / "output/news/basis/index.html").read_text()) == ["/news/alt-ohne-tags/", "/news/drei/"]


def test_explicit_related_to_a_draft_is_skipped_without_error(make_site):
    site = make_site({
        "content/news/a.md": article("A", tags="[Gold]", extra="related: [entwurf, b]"),
        "content/news/b.md": article("B", tags="[Silber]"),
        "content/news/entwurf.md": article("Entwurf", tags="[Gold]", extra="draft: true"),
    })
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert related_urls((site / "output/news/a/index.html").read_text()) == ["/news/b/"]


def test_unknown_related_slug_is_an_error_at_its_line(make_site):
    site = make_site({
        "content/news/a.md": article("A", extra="summary: Kurz\nrelated:\n  - b\n  - gibt-es-nicht"),
        "content/news/b.md": article("B"),
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/a.md:9: related article 'gibt-es-nicht' does not exist "
        "— use the slug of an article, as in its URL /news/<slug>/"]
    assert not (site / "output").exists()


def test_related_as_comma_string_works_like_a_list(make_site):
    site = make_site({
        "content/news/a.md": article("A", tags="", extra='related: "c, b"'),
        "content/news/b.md": article("B", tags=""),
        "content/news/c.md": article("C", tags=""),
    })
    assert run_build(site, *NOW).code == 0
    assert related_urls((site / "output/news/a/index.html").read_text()) == ["/news/c/", "/news/b/"]


# --- tags -------------------------------------------------------------------------

def test_tags_with_equal_slugs_merge_into_one_page_with_the_most_used_spelling(make_site):
    site = make_site({
        "content/news/a.md": article("A", date="01.04.2024", tags="[Gold]"),
        "content/news/b.md": article("B", date="02.04.2024", tags="[gold]"),
        "content/news/c.md": article("C", date="03.04.2024", tags="[Gold, GOLD]"),
        "content/news/d.md": article("D", date="04.04.2024", tags="[Währungen]"),
        "content/news/e.md": article("E", date="05.04.2024", tags="[Waehrungen]"),
    })
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    out = site / "output"
    assert sorted(p for p in tree(out) if p.startswith("themen/") and p.endswith(".html")) == [
        "themen/gold/index.html", "themen/index.html", "themen/waehrungen/index.html"]
    gold = (out / "themen/gold/index.html").read_text()
    assert '<h1 class="page-title">Thema: Gold</h1>' in gold
    assert listed(gold) == ["/news/c/", "/news/b/", "/news/a/"]
    assert listed((out / "themen/waehrungen/index.html").read_text()) == ["/news/e/", "/news/d/"]
    assert re.findall(r'rel="tag">([^<]+)</a>', (out / "news/b/index.html").read_text()) == ["Gold"]
    assert re.findall(r'rel="tag">([^<]+)</a>', (out / "news/c/index.html").read_text()) == ["Gold"]


def test_tag_used_only_by_drafts_or_future_articles_has_no_page(make_site):
    site = make_site({
        "content/news/a.md": article("A", tags="[Gold]"),
        "content/news/b.md": article("B", tags="[Gold, Prognose]", extra="draft: true"),
        "content/news/c.md": article("C", date="02.05.2024", tags="[Gold, USA]"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = site / "output"
    assert sorted(p for p in tree(out) if p.startswith("themen/") and p.endswith(".html")) == ["themen/gold/index.html", "themen/index.html"]
    assert listed((out / "themen/gold/index.html").read_text()) == ["/news/a/"]
    index = (out / "themen/index.html").read_text()
    assert "Prognose" not in index and "USA" not in index


def test_tag_without_letters_is_an_error_at_the_tags_line(make_site):
    site = make_site({"content/news/a.md": article("A", tags='[Gold, "—"]')})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["content/news/a.md:5: tag '—' has no letters or digits — use a word, e.g. Gold"]


def test_home_lists_articles_newest_first_with_equal_times_by_slug(make_site):
    site = make_site({
        "content/news/1.md": article("Beta", date="25.04.2024", time="14:48"),
        "content/news/2.md": article("Alpha", date="25.04.2024", time="14:48"),
        "content/news/3.md": article("Neu", date="2024-04-25T13:00:00Z", time=""),
        "content/news/4.md": article("Alt", date="24.04.2024", time=""),
    })
    assert run_build(site, *NOW).code == 0
    assert listed((site / "output/index.html").read_text()) == [
        "/news/neu/", "/news/alpha/", "/news/beta/", "/news/alt/"]


def test_tag_without_letters_in_a_block_list_is_an_error_at_its_own_line(make_site):
    site = make_site({"content/news/a.md": "---\ntitle: A\ndate: 25.04.2024\ntags:\n  - Gold\n  - '***'\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["content/news/a.md:6: tag '***' has no letters or digits — use a word, e.g. Gold"]


def test_a_tag_edit_in_another_article_changes_the_related_block_of_a_cached_rebuild(make_site):
    """The related selection is kept between builds only while no slug, tag,
    related: or date changed; a tag edit elsewhere must reach this page."""
    site = related_site(make_site, count=3)
    assert run_build(site, *NOW).code == 0
    page = site / "output/news/basis/index.html"
    assert related_urls(page.read_text()) == ["/news/alt-ohne-tags/", "/news/drei/", "/news/zwei-neu/"]
    drei = site / "content/news/drei.md"
    drei.write_text(drei.read_text().replace("tags: [Gold, Silber, Zinsen]", "tags: [Platin]"))
    assert run_build(site, *NOW).code == 0
    assert related_urls(page.read_text()) == ["/news/alt-ohne-tags/", "/news/zwei-neu/", "/news/zwei-alt/"]
    drei.write_text(drei.read_text().replace("date: 01.03.2024", "date: 01.03.2022").replace("[Platin]", "[Gold, Silber]"))
    zwei_alt = site / "content/news/zwei-alt.md"
    zwei_alt.write_text(zwei_alt.read_text().replace("date: 02.03.2024", "date: 11.04.2024"))
    assert run_build(site, *NOW).code == 0
    assert related_urls(page.read_text()) == ["/news/alt-ohne-tags/", "/news/zwei-alt/", "/news/zwei-neu/"]
