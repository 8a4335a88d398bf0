"""WordPress links by post id (``?p=123``, ``?page_id=45``) become ``.md``
links to the imported post; an id the export does not hold is listed."""

from __future__ import annotations

from conftest import run_build
from test_import import run_import

HEAD = ('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<link>https://blog.example.org</link>\n')


def _item(post_id: int, kind: str, name: str, title: str, body: str) -> str:
    return (f"<item><title>{title}</title><link>https://blog.example.org/{name}/</link>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date_gmt>2021-03-0{post_id % 9 + 1} 08:00:00</wp:post_date_gmt><wp:post_name>{name}"
            f"</wp:post_name><wp:status>publish</wp:status><wp:post_type>{kind}</wp:post_type></item>\n")


def _export(tmp_path, body: str):
    text = HEAD + _item(123, "post", "anleihen", "Anleihen", "<h2 id=\"teil\">Teil</h2><p>Renten sind zurück.</p>") + \
        _item(45, "page", "ueber-uns", "Über uns", "Wer wir sind.") + \
        _item(7, "post", "verweise", "Verweise", body) + "</channel></rss>\n"
    path = tmp_path / "export.xml"
    path.write_text(text)
    return path


def test_links_by_post_id_become_md_links_and_the_site_builds(make_site, tmp_path):
    body = ('<p>Siehe <a href="https://blog.example.org/?p=123">Anleihen</a>, '
            '<a href="/?page_id=45">über uns</a> und <a href="http://www.blog.example.org/index.php?p=123#teil">'
            'den Teil</a>.</p>')
    site = make_site({})
    code, out, _ = run_import(str(_export(tmp_path, body)), "--site", str(site))
    assert code == 0, out
    text = (site / "content/news/2021-03-08-verweise.md").read_text()
    assert text.split("---\n", 2)[2] == ("\nSiehe [Anleihen](2021-03-07-anleihen.md), [über uns](../pages/ueber-uns.md) "
                                         "und [den Teil](2021-03-07-anleihen.md#teil).\n")
    assert "?p=" not in out and "page_id" not in out
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err


def test_an_id_not_in_the_export_is_listed_and_still_points_to_the_old_site(make_site, tmp_path):
    body = '<p>Ein <a href="/?p=999">alter Beitrag</a> und <a href="https://blog.example.org/?p=123">dieser</a>.</p>'
    site = make_site({})
    code, out, _ = run_import(str(_export(tmp_path, body)), "--site", str(site))
    assert code == 0, out
    text = (site / "content/news/2021-03-08-verweise.md").read_text()
    assert "[alter Beitrag](https://blog.example.org/?p=999)" in text
    assert "[dieser](2021-03-07-anleihen.md)" in text
    assert ("content/news/2021-03-08-verweise.md:1: a link to WordPress post id 999 (?p=999) names no post of "
            "this export; it still points to the old site — link the article by its .md file, or export that "
            "post too") in out.splitlines()
