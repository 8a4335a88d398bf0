"""Expiry (``expires:``): an article leaves every list, feed and sitemap at that
moment, its page is removed, the build says when the next one falls due, and
a cached build after the moment equals a clean one."""

from __future__ import annotations

import shutil

import feedparser
from lxml import html

from conftest import article, problem_lines, run_build, tree

AD = article("\"Anzeige: Silbermünzen im Angebot\"", tags="[Silber]",
             extra="sponsored: true\nexpires: 2024-05-10 18:00")
OTHER = article("Silberpreis steigt", date="24.04.2024", tags="[Silber]")
BEFORE, AFTER = ("--now", "2024-05-10 17:59"), ("--now", "2024-05-10 18:00")
AD_PAGE = "news/anzeige-silbermuenzen-im-angebot/index.html"


def _titles(site, rel):
    page = html.fromstring((site / "output" / rel).read_bytes())
    return [" ".join(a.text_content().split()) for a in page.xpath("//main//article//h2//a | //main//h2//a")]


def test_article_is_listed_until_it_expires_and_gone_from_then(make_site):
    site = make_site({"content/news/anzeige.md": AD, "content/news/silber.md": OTHER})
    run = run_build(site, *BEFORE)
    assert run.code == 0, run.err
    assert (site / "output" / AD_PAGE).exists()
    assert "Anzeige: Silbermünzen im Angebot" in (site / "output/index.html").read_text()
    assert ("next expiry: content/news/anzeige.md at 2024-05-10 18:00 (+0200) "
            "— build again after that time to apply it") in run.out.splitlines()
    run = run_build(site, *AFTER)
    assert run.code == 0, run.err
    out = site / "output"
    assert not (out / AD_PAGE).exists()
    for rel in ("index.html", "themen/silber/index.html", "archiv/2024/04/index.html"):
        text = (out / rel).read_text()
        assert "Silbermünzen" not in text and "Silberpreis steigt" in text, rel
    assert [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == ["Silberpreis steigt"]
    assert "anzeige-silbermuenzen" not in (out / "sitemap.xml").read_text()
    assert "next expiry" not in run.out
    assert "removed /news/anzeige-silbermuenzen-im-angebot/ (content/news/anzeige.md has expired)" in run.err


def test_the_removal_guard_counts_expiries_as_asked_for(make_site):
    files = {f"content/news/anzeige-{n}.md": article(f"Anzeige Nummer {n}", extra="expires: 2024-05-10 18:00")
             for n in range(25)}
    site = make_site({**files, "content/news/silber.md": OTHER})
    assert run_build(site, *BEFORE).code == 0
    run = run_build(site, *AFTER)
    assert run.code == 0, run.err
    assert not list((site / "output/news").glob("anzeige-nummer-*"))


def test_a_warm_build_after_the_expiry_equals_a_clean_one(make_site, tmp_path):
    site = make_site({"content/news/anzeige.md": AD, "content/news/silber.md": OTHER})
    assert run_build(site, *BEFORE).code == 0
    assert run_build(site, *AFTER).code == 0
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    assert run_build(clean, *AFTER).code == 0
    assert tree(site / "output") == tree(clean / "output")


def test_hugo_expiry_date_is_read_as_expires(make_site):
    site = make_site({"content/news/anzeige.md": article("Anzeige", extra="expiryDate: 2024-05-10"),
                      "content/news/silber.md": OTHER})
    assert run_build(site, *AFTER).code == 0
    assert not (site / "output/news/anzeige/index.html").exists()


def test_bad_expires_and_expires_before_date_are_errors_at_their_line(make_site):
    site = make_site({"content/news/a.md": article("Eins", extra="expires: morgen"),
                      "content/news/b.md": article("Zwei", extra="expires: 2024-04-25 14:00")})
    run = run_build(site, *AFTER)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/a.md:6: expires 'morgen' is not a date — use YYYY-MM-DD or DD.MM.YYYY, e.g. 2024-04-25 or 25.04.2024",
        "content/news/b.md:6: 'expires' (25.04.2024 14:00) is not after 'date' (25.04.2024 14:48) "
        "— an article can only expire after it is published"]


NOTICE_CONFIG_LINES = "news:\n  expired: notice\n"


def test_notice_mode_keeps_the_page_with_a_notice_and_noindex_but_off_every_list(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/anzeige.md": AD, "content/news/silber.md": OTHER,
                      "content/news/verweis.md": article("Verweis", date="26.04.2024",
                                                         body="Siehe [das Angebot](anzeige.md).\n")},
                     config=BASE_CONFIG + NOTICE_CONFIG_LINES)
    run = run_build(site, *AFTER)
    assert run.code == 0, run.err
    out = site / "output"
    page = html.fromstring((out / AD_PAGE).read_bytes())
    notice = page.xpath("//p[@class='expired-notice']")
    assert [" ".join(n.text_content().split()) for n in notice] == [
        "Dieser Beitrag ist abgelaufen: Seit 10.05.2024, 18:00 Uhr gelten die Angaben und Angebote darin nicht mehr. "
        "Er bleibt hier nur zur Dokumentation."]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    for rel in ("index.html", "themen/silber/index.html", "news/silberpreis-steigt/index.html"):
        assert "Silbermünzen" not in (out / rel).read_text(), rel
    assert "anzeige-silbermuenzen" not in (out / "sitemap.xml").read_text()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Verweis", "Silberpreis steigt"]
    assert 'href="/news/anzeige-silbermuenzen-im-angebot/"' in (out / "news/verweis/index.html").read_text()
    assert "removed" not in run.err


def test_a_link_to_an_article_removed_by_its_expiry_is_a_warning(make_site):
    site = make_site({"content/news/anzeige.md": AD,
                      "content/news/verweis.md": article("Verweis", date="26.04.2024",
                                                         body="Siehe [das Angebot](anzeige.md).\n")})
    run = run_build(site, *AFTER)
    assert run.code == 0, run.err
    assert problem_lines(run)[0] == (
        "warning: content/news/verweis.md:7: link to anzeige.md: that article expired on 10.05.2024 18:00 and its "
        "page is removed — remove the link, or set news.expired: notice to keep expired pages with a notice")


def test_a_wrong_expired_setting_is_a_config_error(make_site):
    from conftest import BASE_CONFIG
    site = make_site({"content/news/silber.md": OTHER}, config=BASE_CONFIG + "news:\n  expired: hide\n")
    run = run_build(site, *AFTER)
    assert run.code == 1
    assert problem_lines(run) == [
        f"config.yaml:{BASE_CONFIG.count(chr(10)) + 2}: news.expired must be remove or notice, not 'hide' "
        "— e.g. expired: notice"]


def test_schedule_lists_expiries_banner_ends_and_corrections(make_site):
    from conftest import _run_in_process
    site = make_site({"content/news/anzeige.md": AD,
                      "content/news/eil.md": article("Eilmeldung zum Gold", date="10.05.2024", time="12:00",
                                                     extra="breaking: true\ncorrections:\n"
                                                           "  - {date: 2024-05-11, time: \"09:00\", text: Korrigiert.}")})
    run = _run_in_process(site, ["schedule", "--now", "2024-05-10 13:00"], {}, 60)
    assert run.code == 0, run.err
    assert run.out.splitlines()[3:] == [
        "expiries, banner ends and corrections (3):",
        "  2024-05-10 18:00  in 5 h        expires           content/news/anzeige.md  Anzeige: Silbermünzen im Angebot",
        "  2024-05-10 18:00  in 5 h        banner ends       content/news/eil.md  Eilmeldung zum Gold",
        "  2024-05-11 09:00  in 20 h       correction shown  content/news/eil.md  Eilmeldung zum Gold"]


def test_expires_on_a_page_is_an_error_and_breaking_a_warning(make_site):
    site = make_site({"content/pages/info.md": "---\ntitle: Info\nexpires: 2024-06-01\nbreaking: true\n---\nText.\n"})
    run = run_build(site, *AFTER)
    assert run.code == 1
    assert problem_lines(run) == [
        "content/pages/info.md:3: 'expires' works for articles only: a page would stay online after that date "
        "— remove expires: and take the page offline yourself (draft: true or delete the file) when it expires",
        "warning: content/pages/info.md:4: 'breaking' works for articles only and is ignored on a page "
        "— remove breaking: or make this an article in content/news/"]
