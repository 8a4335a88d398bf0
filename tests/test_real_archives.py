"""What real archives contain builds: other Markdown suffixes, the teaser
marker, heading ids, recurring headlines (issue 11, item 3)."""

from __future__ import annotations

from conftest import article, run_build

NOW = ("--now", "2024-05-01 12:00")


def problems(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith("build failed:")]


def test_markdown_suffixes_are_read_and_other_text_formats_named(make_site):
    site = make_site({
        "content/news/2024-04-25-alt.markdown": article("Alter Beitrag"),
        "content/news/2024-04-24-mdown.mdown": article("Noch ein Beitrag"),
        "content/news/2024-04-22-roh.html": "<p>Hugo-Inhalt</p>",
        "content/pages/notiz.rst": "Titel\n=====\n",
        "content/news/bild.png": b"\x89PNG\r\n\x1a\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert (site / "output/news/alter-beitrag/index.html").is_file()
    assert (site / "output/news/noch-ein-beitrag/index.html").is_file()
    assert problems(run) == [
        "warning: content/news/2024-04-22-roh.html: this file is not read: only Markdown files "
        "(.md, .markdown, .mdown) are sources — convert it to Markdown and rename it to .md, or move it out of content/",
        "warning: content/pages/notiz.rst: this file is not read: only Markdown files (.md, .markdown, .mdown) "
        "are sources — convert it to Markdown and rename it to .md, or move it out of content/",
    ]


def test_more_marker_ends_the_teaser_and_is_never_shown(make_site):
    body = "Gold steigt auf ein Rekordhoch.\n\nDie Fed hält still.\n\n<!-- more -->\n\nDer Rest <!--more--> des Textes.\n"
    site = make_site({"content/news/gold.md": article("Gold", body=body)})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problems(run) == []
    page = (site / "output/news/gold/index.html").read_text()
    assert '<meta name="description" content="Gold steigt auf ein Rekordhoch. Die Fed hält still.">' in page
    assert "more" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<p>Der Rest  des Textes.</p>" in page


def test_summary_key_wins_over_the_more_marker(make_site):
    body = "Vorspann.\n\n<!-- more -->\n\nRest.\n"
    site = make_site({"content/news/gold.md": article("Gold", body=body, extra="summary: Eigene Zusammenfassung")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert '<meta name="description" content="Eigene Zusammenfassung">' in (site / "output/news/gold/index.html").read_text()


def test_heading_attribute_gives_the_id_and_links_to_it_resolve(make_site):
    body = "Siehe [unten](#zinsen).\n\n## Was die Fed tut {#zinsen}\n\nText.\n"
    site = make_site({"content/news/fed.md": article("Fed", body=body)})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    page = (site / "output/news/fed/index.html").read_text()
    assert '<h2 id="zinsen">Was die Fed tut</h2>' in page
    assert 'href="#zinsen"' in page
    assert "{#" not in page


def test_a_heading_id_used_twice_is_a_warning_and_stays_unique(make_site):
    body = "## Eins {#teil}\n\nA.\n\n## Zwei {#teil}\n\nB.\n"
    site = make_site({"content/news/fed.md": article("Fed", body=body)})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problems(run) == ["warning: content/news/fed.md:11: the heading id 'teil' is already used on this page; "
                             "this heading gets another — give each heading its own {#id}"]
    page = (site / "output/news/fed/index.html").read_text()
    assert '<h2 id="teil">Eins</h2>' in page and '<h2 id="teil-2">Zwei</h2>' in page


def test_recurring_headline_takes_its_file_name_as_slug(make_site):
    title = "Mehrere Sicherheitslücken in RubyGems"
    site = make_site({
        "content/news/2024-04-25-rubygems-april.md": article(title, date="25.04.2024"),
        "content/news/2024-03-01-rubygems-maerz.md": article(title, date="01.03.2024"),
        "content/news/2024/04/28/rubygems-ende/index.md": article(title, date="28.04.2024"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = site / "output/news"
    assert '"datePublished": "2024-03-01T14:48:00+01:00"' in (out / "mehrere-sicherheitsluecken-in-rubygems/index.html").read_text()
    assert (out / "rubygems-april/index.html").is_file() and (out / "rubygems-ende/index.html").is_file()
    assert problems(run) == [
        "warning: content/news/2024-04-25-rubygems-april.md:2: the title gives the slug "
        "'mehrere-sicherheitsluecken-in-rubygems', which content/news/2024-03-01-rubygems-maerz.md already has; "
        "this article gets the slug 'rubygems-april' from its file name — to keep this URL even if the other "
        "article goes, add slug: rubygems-april",
        "warning: content/news/2024/04/28/rubygems-ende/index.md:2: the title gives the slug "
        "'mehrere-sicherheitsluecken-in-rubygems', which content/news/2024-03-01-rubygems-maerz.md already has; "
        "this article gets the slug 'rubygems-ende' from its file name — to keep this URL even if the other "
        "article goes, add slug: rubygems-ende",
    ]


def test_same_title_and_same_file_name_stays_an_error(make_site):
    site = make_site({
        "content/news/2024-04-25-gold.md": article("Gold", date="25.04.2024"),
        "content/news/2024-04-26-gold.md": article("Gold", date="26.04.2024"),
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert any("two sources make the same page /news/gold/" in line for line in problems(run))


def test_offset_that_contradicts_the_site_zone_is_a_warning(make_site):
    site = make_site({
        "content/news/a.md": article("Sommer", date="2019-04-14T20:00:00+01:00", time=""),
        "content/news/b.md": article("Richtig", date="2019-04-14T20:00:00+02:00", time=""),
        "content/news/c.md": article("Utc", date="2019-04-14T18:00:00Z", time=""),
    })
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    assert problems(run) == [
        "warning: content/news/a.md:3: the offset +01:00 is not Europe/Berlin's offset on 14.04.2019 (+02:00): "
        "the article shows 21:00, not the typed 20:00 — if 20:00 is meant, write +02:00 or leave the offset out"]


def test_date_in_the_path_far_from_the_front_matter_date_is_a_warning(make_site):
    site = make_site({
        "content/news/2019-04-14-weit.md": article("Weit", date="2019-05-14"),
        "content/news/2019/04/10/nah.md": article("Nah", date="2019-04-13"),
        "content/news/2019/04/20/ordner/index.md": article("Ordner", date="2019-04-14"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problems(run) == [
        "warning: content/news/2019-04-14-weit.md:3: the date in the file path (14.04.2019) is 30 days from "
        "date: (14.05.2019); the article is dated 14.05.2019 — correct date: or rename the file",
        "warning: content/news/2019/04/20/ordner/index.md:3: the date in the file path (20.04.2019) is 6 days from "
        "date: (14.04.2019); the article is dated 14.04.2019 — correct date: or rename the file"]


HUGO_ARTICLE = """\
---
title: Gold im Hoch
date: 2024-04-20
publishDate: 2024-05-03T08:00:00+02:00
lastmod: 2024-05-04
description: Der Goldpreis steigt weiter.
categories: [Rohstoffe]
tags: [Gold]
---
Text.
"""


def test_keys_of_other_generators_are_read_with_a_word(make_site):
    site = make_site({"content/news/gold.md": HUGO_ARTICLE})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert not (site / "output/news/gold-im-hoch").exists()  # publishDate lies after --now: scheduled
    assert problems(run) == [
        "warning: content/news/gold.md:4: 'publishDate' (2024-05-03T08:00:00+02:00) is used as the publication "
        "date; date: (2024-04-20) is ignored — write the publication date in date: and remove publishDate:",
        "warning: content/news/gold.md:7: 'categories' are added to the tags (this site has tags only) — "
        "move them into tags: and remove categories:"]
    run = run_build(site, "--now", "2024-05-05 12:00")
    assert run.code == 0, run.err
    page = (site / "output/news/gold-im-hoch/index.html").read_text()
    assert '<meta name="description" content="Der Goldpreis steigt weiter.">' in page
    assert '"datePublished": "2024-05-03T08:00:00+02:00"' in page
    assert '"dateModified": "2024-05-04"' in page
    assert (site / "output/themen/rohstoffe/index.html").is_file()
    assert (site / "output/themen/gold/index.html").is_file()


def test_expiry_date_is_read_as_expires(make_site):
    site = make_site({"content/news/gold.md": article("Gold", extra="expiryDate: 2024-04-30"),
                      "content/news/silber.md": article("Silber")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert not (site / "output/news/gold/index.html").exists()
    assert (site / "output/news/silber/index.html").exists()


def test_expiry_date_on_a_page_is_an_error(make_site):
    site = make_site({"content/pages/info.md": "---\ntitle: Info\nexpiryDate: 2024-06-01\n---\nText.\n"})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problems(run) == [
        "content/pages/info.md:3: 'expiryDate' works for articles only: a page would stay online after that date "
        "— remove expiryDate: and take the page offline yourself (draft: true or delete the file) when it expires"]


def test_summary_wins_over_description_with_a_warning(make_site):
    site = make_site({"content/news/gold.md": article("Gold", extra="summary: Eigene\ndescription: Fremde")})
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problems(run) == ["warning: content/news/gold.md:7: 'description' is ignored: 'summary' is given — "
                             "remove description: or move its text into summary:"]


def test_a_front_matter_error_does_not_hide_the_body_problems(make_site):
    body = "# Überschrift\n\nText.\n\n```python\nx = 1\n"
    site = make_site({"content/news/gold.md": article("Gold", time="24:00", body=body)})
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problems(run) == [
        "content/news/gold.md:4: time '24:00' is not a valid time — use HH:MM with hours 00–23, e.g. 14:48",
        "warning: content/news/gold.md:7: a level-1 heading in the body is shown as a section heading (h2) — "
        "the title is the page's only h1; start sections with ##",
        "warning: content/news/gold.md:11: the code block opened with ``` is never closed — "
        "add a line containing only ``` after the code"]


# --- any archive input: no exception, every problem one line (the fuzz rule) -----

import hashlib  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from sitegen.content.entry import parse_entry  # noqa: E402
from sitegen.content.sources import Source  # noqa: E402
from sitegen.problems import format_problem  # noqa: E402
from sitegen.site.model import file_slug, resolve_slug_clashes  # noqa: E402

FOREIGN_KEYS = st.sampled_from(["description", "lastmod", "publishDate", "publishdate", "expiryDate", "categories",
                                "summary", "updated", "date", "tags"])
VALUES = st.sampled_from(["", "~", "x", "Gold, Silber", "[a, b]", "{a: b}", "2019-04-14T20:00:00+01:00",
                          "2019-04-14", "2024-13-40", "'2019-04-14 5:00:00 +0000'", "[]", "- a"])
BODY_BITS = st.sampled_from(["<!-- more -->", "<!--more-->", "<!--", "-->", "## T", " {#a}", "{#", "}", "#",
                             "\n", "\n\n", "text ", "[x](#a)", "```", "<b>", "{#a .c}", "{#" + "a" * 120 + "}"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(FOREIGN_KEYS, VALUES), max_size=6), st.lists(BODY_BITS, max_size=30).map("".join),
       st.sampled_from(["content/news/x.md", "content/news/2019-04-14-x.markdown", "content/news/2019/04/20/i/index.md"]))
def test_any_archive_article_gives_an_entry_or_one_line_problems(pairs, body, path):
    head = "\n".join(["---", "title: Gold", *(f"{key}: {value}" for key, value in pairs), "---", ""])
    text = head + body
    source = Source(path, "article", text, hashlib.sha256(text.encode()).hexdigest())
    entry, found = parse_entry(source, ZoneInfo("Europe/Berlin"), False)
    for problem in found:
        assert "\n" not in format_problem(problem)
        assert 0 <= problem.line <= text.count("\n") + 1
    if entry is not None:
        assert "<!--" not in entry.body.html.replace("&lt;!--", "") and all(len(h.id) <= 120 for h in entry.body.headings)
        entries, clashes = resolve_slug_clashes([entry, entry])
        assert len(entries) == 2 and all("\n" not in format_problem(p) for p in clashes)
    assert file_slug(path) in ("x", "i")


def test_a_link_to_a_markdown_source_becomes_the_article_url(make_site):
    site = make_site({
        "content/news/2024-04-25-alt.markdown": article("Alter Beitrag", body="## Fazit {#fazit}\n\nText.\n"),
        "content/news/neu.md": article("Neu", body="Siehe [alt](2024-04-25-alt.markdown#fazit).\n"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert 'href="/news/alter-beitrag/#fazit"' in (site / "output/news/neu/index.html").read_text()
    assert not list((site / "output").rglob("*.markdown"))


def test_a_draft_with_the_same_title_never_takes_the_published_url(make_site):
    site = make_site({
        "content/news/2024-03-01-entwurf.md": article("Gold", date="01.03.2024", extra="draft: true"),
        "content/news/2024-04-25-gold.md": article("Gold", date="25.04.2024"),
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert (site / "output/news/gold/index.html").is_file()
    assert problems(run) == [
        "warning: content/news/2024-03-01-entwurf.md:2: the title gives the slug 'gold', which "
        "content/news/2024-04-25-gold.md already has; this article gets the slug 'entwurf' from its file name "
        "— to keep this URL even if the other article goes, add slug: entwurf"]


def _article_times(page: str) -> list[tuple[str, str]]:
    """(datetime, text) of each <time> in the page's <article>."""
    from lxml import html as lxml_html
    tree = lxml_html.fromstring(page)
    return [(t.get("datetime"), t.text_content()) for t in tree.xpath("//article//time")]


def test_date_only_in_the_file_name_dates_the_article_in_a_plain_build(make_site):
    site = make_site({
        "content/news/2001-01-18-gold.md": "---\ntitle: Gold im Winter\n---\nText.\n",
        "content/news/2019-07-02-fed/index.md": "---\ntitle: Fed im Sommer\ntime: 14:48\n---\nText.\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert problems(run) == []
    winter = (site / "output/news/gold-im-winter/index.html").read_text()
    assert ("2001-01-18", "18.01.2001") in _article_times(winter)
    summer = (site / "output/news/fed-im-sommer/index.html").read_text()
    assert ("2019-07-02T14:48:00+02:00", "02.07.2019 14:48 Uhr") in _article_times(summer)


def test_date_key_wins_over_the_file_name_and_a_file_without_any_date_still_fails(make_site):
    site = make_site({
        "content/news/2001-01-18-gold.md": "---\ntitle: Gold\ndate: 19.01.2001\n---\nText.\n",
        "content/news/gold-ohne.md": "---\ntitle: Ohne Datum\n---\nText.\n",
        "content/news/2001-02-30-falsch.md": "---\ntitle: Kein Tag\n---\nText.\n",
        "content/pages/2001-01-18-impressum.md": "---\ntitle: Kontakt\n---\nText.\n",
    })
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problems(run) == [
        "content/news/2001-02-30-falsch.md:1: 'date' is missing in the front matter — add date: 25.04.2024",
        "content/news/gold-ohne.md:1: 'date' is missing in the front matter — add date: 25.04.2024",
    ]
    site.joinpath("content/news/gold-ohne.md").unlink()
    site.joinpath("content/news/2001-02-30-falsch.md").unlink()
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert ("2001-01-19", "19.01.2001") in _article_times(
        (site / "output/news/gold/index.html").read_text())
