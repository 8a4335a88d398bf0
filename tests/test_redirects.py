"""Redirects: ``aliases:`` become redirect pages and ``_redirects`` lines; bad aliases are one-line errors."""

from __future__ import annotations

import html.parser
import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import BASE_CONFIG, NOW, article, problem_lines, run_build, tree

GOLD = "content/news/gold.md"
COUNTER = itertools.count()  # site folder names for the fuzz test's builds


def build(make_site, files, *args, config=None):
    site = make_site(files) if config is None else make_site(files, config)
    return site, run_build(site, *NOW, *args)


def test_aliases_write_redirect_pages_and_redirects_file(make_site):
    site, run = build(make_site, {GOLD: article("Gold & Silber", extra="aliases:\n  - /2013/11/22/gold/\n"
                                                "  - /blog/alt.html\n  - /ohne-schraegstrich")})
    assert run.code == 0, run.err
    out = tree(site / "output")
    page = out["2013/11/22/gold/index.html"].decode()
    url = "https://www.example.de/news/gold-silber/"
    assert f'<meta http-equiv="refresh" content="0; url={url}">' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'<a href="{url}">Gold &amp; Silber</a>' in page
    assert "<script" not in page
    assert out["blog/alt.html"] == out["2013/11/22/gold/index.html"]
    assert "ohne-schraegstrich/index.html" in out
    assert out["_redirects"].decode() == ("/2013/11/22/gold/ /news/gold-silber/ 301\n"
                                          "/blog/alt.html /news/gold-silber/ 301\n"
                                          "/ohne-schraegstrich /news/gold-silber/ 301\n")
    assert "2013/11/22/gold/index.html" not in out["sitemap.xml"].decode()


def test_redirect_page_is_valid_html(make_site):
    site, run = build(make_site, {GOLD: article("Gold", extra="aliases: [/alt/]")})
    assert run.code == 0, run.err
    seen = []

    class Parser(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append(tag)
    Parser().feed((site / "output/alt/index.html").read_text())
    assert seen == ["html", "head", "meta", "title", "link", "meta", "meta", "body", "p", "a"]


def test_aliases_of_a_page_and_under_a_base_path(make_site):
    config = BASE_CONFIG.replace("https://www.example.de/", "https://www.example.de/blog/")
    site, run = build(make_site, {GOLD: article("Gold"),
                                  "content/pages/ueber-uns.md": "---\ntitle: Über uns\naliases: [/about/]\n---\nWir.\n"},
                      config=config)
    assert run.code == 0, run.err
    out = tree(site / "output")
    assert out["_redirects"].decode() == "/blog/about/ /blog/ueber-uns/ 301\n"
    assert 'href="https://www.example.de/blog/ueber-uns/"' in out["about/index.html"].decode()


@pytest.mark.parametrize("alias, message", [
    ("https://alt.example.org/x/", "alias 'https://alt.example.org/x/' is not a site path (it has a scheme or host)"),
    ("//alt.example.org/x/", "alias '//alt.example.org/x/' is not a site path (it has a scheme or host)"),
    ("alt/", "alias 'alt/' must start with /"),
    ("/a/../../etc/", "alias '/a/../../etc/' must not contain the folders . or .."),
    ("/a b/", "alias '/a b/' must not contain ' '"),
    ("/a?p=1", "alias '/a?p=1' must not contain '?'"),
    ('"/a\\tb/"', "alias '/a\\tb/' must not contain '\\t'"),
    ("/", "alias '/' is the home page"),
    ("/" + "ä" * 101 + "/", "alias '/" + "ä" * 79 + "…' has a folder or file name longer than 200 bytes"),
    ("/" + "a/" * 201, "alias '/" + "a/" * 39 + "a…' is longer than 400 characters"),
])
def test_bad_alias_paths_are_errors_at_their_line(make_site, alias, message):
    _, run = build(make_site, {GOLD: article("Gold", extra=f"aliases:\n  - {alias}")})
    assert run.code == 1
    assert [line for line in problem_lines(run) if not line.startswith("warning:")] == [f"{GOLD}:7: {message} — write the old address as a path of this site, "
                                  "e.g. aliases: [/2013/11/22/zinsen-steigen/]"]


def test_alias_collisions_loops_and_chains_are_errors(make_site):
    _, run = build(make_site, {
        GOLD: article("Gold", extra="aliases:\n  - /news/gold/\n  - /news/silber/\n  - /feed.xml\n  - /alt/"),
        "content/news/silber.md": article("Silber", extra="aliases:\n  - /alt/\n  - /news/gold/"),
    })
    assert run.code == 1
    assert problem_lines(run) == [
        f"{GOLD}:7: alias '/news/gold/' is this article's own URL (it would redirect to itself) — "
        "remove it from 'aliases'",
        f"{GOLD}:8: alias '/news/silber/' is the URL of content/news/silber.md; a redirect there would hide it "
        "— remove the alias, or give the other page a new URL first",
        f"{GOLD}:9: alias '/feed.xml' is the file feed.xml of the site; a redirect there would hide it "
        "— remove the alias, or give the other page a new URL first",
        "content/news/silber.md:7: alias '/alt/' is also an alias of content/news/gold.md:10 — "
        "keep the old URL in one file only",
        "content/news/silber.md:8: alias '/news/gold/' is the URL of content/news/gold.md; a redirect there "
        "would hide it — remove the alias, or give the other page a new URL first",
    ]


def test_too_many_aliases_is_one_error(make_site):
    many = ", ".join(f"/alt/{n}/" for n in range(101))
    _, run = build(make_site, {GOLD: article("Gold", extra=f"aliases: [{many}]")})
    assert run.code == 1
    assert problem_lines(run) == [f"{GOLD}:6: 'aliases' has 101 entries, more than 100 — keep the old URLs "
                                  "that are still linked, or use permalinks.article"]


def test_more_than_2000_redirects_warn_about_cloudflare(make_site):
    files = {f"content/news/a{n}.md": article(f"Artikel {n}", tags="",
                                              extra=f"aliases: [{', '.join(f'/x/{n}/{k}/' for k in range(41))}]")
             for n in range(49)}
    site, run = build(make_site, files)
    assert run.code == 0, run.err
    assert ("warning: config.yaml: the site has 2009 redirects; Cloudflare Pages reads only the first 2000 lines "
            "of _redirects — keep the redirect pages (they work on every host), or reproduce the old URL pattern "
            "with permalinks.article instead of one alias per article") in run.err.splitlines()


def test_a_draft_alias_makes_no_redirect(make_site):
    site, run = build(make_site, {GOLD: article("Gold"),
                                  "content/news/d.md": article("Entwurf", extra="draft: true\naliases: [/alt/]")})
    assert run.code == 0, run.err
    assert not (site / "output/alt").exists() and not (site / "output/_redirects").exists()


# --------------------------------------------------------------------------- fuzz: no traceback, one line

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_alias_gives_a_build_or_one_line_errors(make_site, text):
    from sitegen.site.redirects import alias_output, alias_reason
    reason = alias_reason(text)
    assert "\n" not in reason
    if not reason:
        output = alias_output(text)
        assert not output.startswith("/") and ".." not in output.split("/")
        assert output.endswith((".html", ".htm", "index.html"))


# --------------------------------------------------------------------------- retitles keep their URL (urls.lock)

def retitle(site, title):
    (site / GOLD).write_text(article(title), encoding="utf-8")


def test_a_retitled_article_redirects_from_its_old_url(make_site):
    site, run = build(make_site, {GOLD: article("Gold steigt")})
    assert run.code == 0, run.err
    assert (site / "urls.lock").read_text().splitlines()[1:] == [f"{GOLD} /news/gold-steigt/"]
    retitle(site, "Gold fällt")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problem_lines(run) == [f"warning: {GOLD}: the URL changed from /news/gold-steigt/ to /news/gold-faellt/; "
                                  "the old URL now redirects — commit urls.lock so the redirect stays"]
    assert "links to the old URL now fail" not in run.out + run.err
    out = tree(site / "output")
    assert ('content="0; url=https://www.example.de/news/gold-faellt/"'
            in out["news/gold-steigt/index.html"].decode())
    assert out["_redirects"].decode() == "/news/gold-steigt/ /news/gold-faellt/ 301\n"
    assert (site / "urls.lock").read_text().splitlines()[1:] == [f"{GOLD} /news/gold-faellt/",
                                                                 f"{GOLD} /news/gold-steigt/"]
    assert problem_lines(run_build(site, *NOW)) == []  # reported once


def test_the_redirect_survives_a_fresh_clone_and_a_second_retitle(make_site):
    import shutil
    site, run = build(make_site, {GOLD: article("Gold steigt")})
    retitle(site, "Gold fällt")
    assert run_build(site, *NOW).code == 0
    shutil.rmtree(site / ".cache")
    shutil.rmtree(site / "output")
    retitle(site, "Gold schwankt")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = tree(site / "output")
    assert out["_redirects"].decode() == ("/news/gold-faellt/ /news/gold-schwankt/ 301\n"
                                          "/news/gold-steigt/ /news/gold-schwankt/ 301\n")


def test_preview_builds_do_not_write_the_lock_and_a_deleted_source_drops_its_lines(make_site, tmp_path):
    site, run = build(make_site, {GOLD: article("Gold steigt"), "content/news/b.md": article("Silber")},
                      "--output", str(tmp_path / "preview"))
    assert run.code == 0, run.err
    assert not (site / "urls.lock").exists()
    assert run_build(site, *NOW).code == 0
    (site / "content/news/b.md").unlink()
    assert run_build(site, *NOW).code == 0
    assert (site / "urls.lock").read_text().splitlines()[1:] == [f"{GOLD} /news/gold-steigt/"]


def test_a_broken_lock_line_is_an_error_at_its_line(make_site):
    site = make_site({GOLD: article("Gold"), "urls.lock": "# x\n<<<<<<< HEAD\ncontent/news/gold.md /news/gold/\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["urls.lock:2: the line is not 'source-path URL' — fix the line or delete it "
                                  "(the next build writes the file again), e.g. content/news/gold.md /news/gold/"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=4))
def test_any_aliases_and_lock_lines_give_one_line_problems_and_no_traceback(make_site, texts):
    import json
    name = f"s{next(COUNTER)}"
    site = make_site({GOLD: article("Gold", extra=f"aliases: {json.dumps(texts)}"),
                      "urls.lock": "\n".join(f"{GOLD} {t}" for t in texts)}, name=name)
    run = run_build(site, *NOW)
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.err
    for line in problem_lines(run):
        assert line.startswith(("content/news/gold.md:", "urls.lock:", "warning: ")), line




def test_retitling_many_articles_with_urls_lock_is_no_removal(make_site):
    files = {f"content/news/n{i:02}.md": article(f"Nachricht {i:02}") for i in range(1, 26)}
    site, run = build(make_site, files)
    assert run.code == 0, run.err
    for i in range(1, 26):
        (site / f"content/news/n{i:02}.md").write_text(article(f"Meldung {i:02}"), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert "removed" not in run.err and "0 deleted)" in run.out
    assert (site / "output/news/nachricht-25/index.html").is_file()


def test_apache_webspace_gets_the_redirects_in_htaccess(make_site):
    config = BASE_CONFIG + "deploy:\n  host: apache\n"
    site = make_site({GOLD: article("Gold & Silber", extra="aliases:\n  - /2013/11/22/gold/\n")}, config=config)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    lines = [line.strip() for line in (site / "output/.htaccess").read_text().splitlines()]
    assert "RedirectMatch 301 ^/2013/11/22/gold/?$ https://www.example.de/news/gold-silber/" in lines
