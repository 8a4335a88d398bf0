"""Import from a WordPress WXR export written for these tests.

The XML is read without entity expansion; attachments come only from
``--uploads``; drafts, scheduled and trashed posts, authors, categories and
tags, ``wp:post_name`` slugs and old links.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_build
from test_import import run_import

WP = FIXTURES / "import" / "wordpress"


@pytest.fixture
def site(make_site):
    return make_site({})


def test_wordpress_post_front_matter_and_body(site):
    code, out, _ = run_import(str(WP / "export.xml"), "--site", str(site), "--uploads", str(WP / "uploads"))
    assert code == 0
    post = site / "content/news/2020-01-15-zinsen-und-inflation/index.md"
    assert post.read_text() == (
        '---\n'
        'title: "Zinsen & Inflation"\n'
        'date: 2020-01-15\n'
        'time: "14:05"\n'
        'tags: ["Finanzen", "EZB"]\n'
        'summary: "Kurz: die Inflation."\n'
        'author: "Erika Muster"\n'
        'slug: "zinsen-und-inflation"\n'
        'aliases: ["/2020/01/15/zinsen-und-inflation/"]\n'
        '---\n'
        '\n'
        'Die Inflation steigt.  \n'
        'Die Zinsen folgen.\n'
        '\n'
        '<!-- more -->\n'
        '\n'
        '## Ausblick\n'
        '\n'
        '![Inflationsrate 2019](chart.png) Inflation seit 2019\n'
        '\n'
        'Siehe [den nächsten Beitrag](../2030-02-01-geplant.md).\n'
        '\n'
        '[gallery ids="7,8"]\n'
        '\n'
        '&boom\n')
    assert (post.parent / "chart.png").read_bytes() == (WP / "uploads/2020/01/chart.png").read_bytes()


def test_wordpress_drafts_scheduled_trash_pages_and_report(site):
    code, out, _ = run_import(str(WP / "export.xml"), "--site", str(site), "--uploads", str(WP / "uploads"))
    news = site / "content/news"
    assert (news / "2030-02-01-geplant.md").read_text().split("---\n")[1] == (
        'title: "Geplant"\ndate: 2030-02-01\ntime: "09:00"\nauthor: "Erika Muster"\nslug: "geplant"\n'
        'aliases: ["/2020/02/01/geplant/"]\n')
    assert (news / "2021-03-04-entwurf-ohne-namen.md").read_text().split("---\n")[1] == (
        'title: "Entwurf ohne Namen"\ndate: 2021-03-04\ntime: "10:00"\nslug: "entwurf-ohne-namen"\ndraft: true\n')
    assert (site / "content/pages/impressum.md").read_text() == (
        '---\ntitle: "Impressum"\nslug: "impressum"\n---\n\nVerantwortlich: Erika.\n')
    assert out.splitlines() == [
        f"{WP / 'export.xml'}:69: 'Gelöscht' is in WordPress's trash and was not imported — restore it in "
        "WordPress and export again if it should come along",
        "content/news/2020-01-15-zinsen-und-inflation/index.md:23: template tag '[gallery ids=\"7,8\"]' is kept as "
        "text — replace it with Markdown or delete it",
        "content/news/2021-03-04-entwurf-ohne-namen.md:10: an image from another site became a link to it (the "
        "site loads nothing from other hosts) — put a copy next to the article and show it with ![…](name) "
        "(WordPress: import again with --uploads DIR)",
        "import from wordpress: 5 files: 4 imported, 0 unchanged, 0 conflicts, 1 not imported; "
        "2 to check by a person",
    ]


def test_wordpress_without_uploads_copies_nothing(site):
    code, out, _ = run_import(str(WP / "export.xml"), "--site", str(site))
    text = (site / "content/news/2020-01-15-zinsen-und-inflation.md").read_text()
    assert "[Bild: Inflationsrate 2019](https://wp.example.org/wp-content/uploads/2020/01/chart-300x200.png)" in text
    assert ("content/news/2020-01-15-zinsen-und-inflation.md:19: an image from another site became a link to it "
            "(the site loads nothing from other hosts) — put a copy next to the article and show it with "
            "![…](name) (WordPress: import again with --uploads DIR)") in out.splitlines()


def test_wordpress_import_builds(site, tmp_path):
    run_import(str(WP / "export.xml"), "--site", str(site), "--uploads", str(WP / "uploads"))
    run = run_build(site, "--future", "--output", str(tmp_path / "out"))
    assert run.code == 0, run.err
    page = (tmp_path / "out/news/zinsen-und-inflation/index.html").read_text()
    assert "Inflationsrate 2019" in page and "Die Zinsen folgen." in page


def test_broken_export_is_one_line(site, tmp_path):
    broken = tmp_path / "export.xml"
    broken.write_text('<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</title>\n')
    code, out, err = run_import(str(broken), "--site", str(site))
    assert code == 1 and err == ""
    assert out.startswith(f"{broken}:4: the export is not valid XML: ")
    assert out.endswith(" — export again; a cut-off file is the usual cause\n") and out.count("\n") == 1


def test_entity_bomb_is_not_expanded(site, tmp_path):
    bomb = tmp_path / "bomb.xml"
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]>\n'
                    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>A &l9;</title>'
                    '<wp:post_type>post</wp:post_type><wp:post_date>2020-01-01 10:00:00</wp:post_date>'
                    '<wp:status>publish</wp:status></item></channel></rss>\n')
    code, out, err = run_import(str(bomb), "--site", str(site), "--from", "wordpress")
    assert (code, err) == (1, "")
    assert out == (f"{bomb}:1: the export declares XML entities that expand too far; it was not read — export it "
                   "again from WordPress (Tools → Export)\n")
    assert not (site / "content").exists()


def test_declared_entity_is_not_expanded(site, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
                      '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>A &x;</title>'
                      '<wp:post_type>post</wp:post_type><wp:post_date>2020-01-01 10:00:00</wp:post_date>'
                      '<wp:status>publish</wp:status></item></channel></rss>\n')
    code, out, _ = run_import(str(export), "--site", str(site))
    assert code == 0
    assert (site / "content/news/2020-01-01-a.md").read_text().startswith('---\ntitle: "A"\n')
