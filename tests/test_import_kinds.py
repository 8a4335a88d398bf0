"""Import from Hugo (TOML, YAML, JSON front matter), Hexo and Pelican archives written for these tests.

Each test reads the written files' exact front matter and the report lines.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_build
from test_import import run_import

ARCHIVES = FIXTURES / "import"


def head(path) -> str:
    """The front matter lines of a written file (between the --- fences)."""
    return path.read_text().split("---\n")[1]


@pytest.fixture
def site(make_site):
    return make_site({})


def test_hugo_detected_toml_yaml_json(site):
    code, out, _ = run_import(str(ARCHIVES / "hugo"), "--site", str(site))
    assert code == 0
    news = site / "content/news"
    assert head(news / "2019-04-14-toml-post.md") == (
        'title: "Anleihen im Aufwind"\n'
        'date: 2019-04-14\n'
        'time: "21:00"\n'
        'updated: 2019-04-15 08:30\n'
        'tags: ["Anleihen", "Märkte"]\n'
        'slug: "toml-post"\n'
        'draft: true\n'
        'aliases: ["/2019/04/anleihen-im-aufwind/"]\n')
    assert head(news / "2012-01-03-json-post.md") == (
        'title: "JSON-Beitrag"\ndate: 2012-01-03\ntags: ["Geld anlegen"]\nslug: "json-post"\n'
        'aliases: ["/2012/01/json-beitrag/"]\n')
    assert out.splitlines()[0] == (f"{ARCHIVES / 'hugo'}/content/_index.md: a Hugo section list page is not "
                                   "imported — the build makes its own lists (home, tags, archive); copy any text "
                                   "you need by hand")
    assert out.splitlines()[-1] == ("import from hugo: 6 files: 5 imported, 0 unchanged, 0 conflicts, "
                                    "1 not imported; 1 to check by a person")


def test_hugo_publish_date_expiry_description_aliases(site):
    run_import(str(ARCHIVES / "hugo"), "--site", str(site))
    post = site / "content/news/2030-01-02-ein-langer-titel/index.md"
    assert head(post) == (
        'title: "Ein langer Titel über zwei Zeilen"\n'
        'date: 2030-01-02\n'
        'time: "09:00"\n'
        'summary: "Kurz gesagt."\n'
        'slug: "ein-langer-titel"\n'
        'aliases: ["/old/yaml-post/", "/2024/10/ein-langer-titel/"]\n'
        'expires: "2031-01-01"\n'
        'original_date: "2024-10-27T02:30:00+01:00"\n')
    assert post.read_text().endswith("\n![Kursverlauf](kurs.png)\n*Der Kurs seit 2020*\n")
    assert (post.parent / "kurs.png").is_file()


def test_hugo_shortcodes_refs_bundles_and_report(site):
    code, out, _ = run_import(str(ARCHIVES / "hugo"), "--site", str(site))
    text = (site / "content/news/2019-04-14-toml-post.md").read_text()
    assert ("Mehr dazu in [Ein langer Titel über zwei Zeilen](2030-01-02-ein-langer-titel/index.md) und "
            "[hier](2030-01-02-ein-langer-titel/index.md).") in text
    assert out.splitlines()[1:4] == [
        "content/news/2019-04-14-toml-post.md:14: template tag '{{< note >}}' is kept as text — replace it with "
        "Markdown or delete it",
        "content/news/2019-04-14-toml-post.md:14: template tag '{{< /note >}}' is kept as text — replace it with "
        "Markdown or delete it",
        "warning: 1 post: 'expires:' kept from expiryDate (the build takes the article down at that time) — "
        "content/news/2030-01-02-ein-langer-titel/index.md",
    ]
    bundle = site / "content/news/2001-01-18-bundle"
    assert head(bundle / "index.md") == 'title: "Bündel"\ndate: 2001-01-18\nslug: "bundle"\n' \
                                        'aliases: ["/2001/01/bündel/"]\n'
    assert (bundle / "bild.png").is_file()
    assert not (site / "content/pages/_index.md").exists()
    assert head(site / "content/pages/about.md") == 'title: "Impressum alt"\nslug: "about"\n'


def test_hugo_import_builds(site):
    run_import(str(ARCHIVES / "hugo"), "--site", str(site))
    run = run_build(site)
    assert run.code == 0, run.err
    assert "Bild im Bündel" in (site / "output/news/bundle/index.html").read_text()


def test_hexo_front_matter_without_opening_fence_and_tags(site):
    code, out, _ = run_import(str(ARCHIVES / "hexo"), "--site", str(site))
    post = site / "content/news/2022-05-11-aktien-kaufen.md"
    assert head(post) == (
        'title: "Aktien kaufen"\n'
        'date: 2022-05-11\n'
        'time: "22:00"\n'
        'tags: ["Aktien", "Börse"]\n'
        'slug: "aktien-kaufen"\n'
        'aliases: ["/2022/05/12/aktien-kaufen/"]\n')
    text = post.read_text()
    assert "Lies auch [ETF-Sparplan](2022-06-01-etf-sparplan.md).\n\n<!-- more -->\n\n```python\nprint(\"hallo\")\n```" \
           in text
    assert "Siehe [Aktien](2022-05-11-aktien-kaufen.md)." in (site / "content/news/2022-06-01-etf-sparplan.md").read_text()
    assert out.splitlines() == [
        "content/news/2022-05-11-aktien-kaufen.md:18: template tag '{% blockquote Autor %}' is kept as text — "
        "replace it with Markdown or delete it",
        "content/news/2022-05-11-aktien-kaufen.md:20: template tag '{% endblockquote %}' is kept as text — "
        "replace it with Markdown or delete it",
        "content/news/2022-06-01-etf-sparplan.md:10: an image from another site became a link to it (the site "
        "loads nothing from other hosts) — put a copy next to the article and show it with ![…](name) "
        "(WordPress: import again with --uploads DIR)",
        "warning: 1 post: links to old-site pages not in the archive now point to http://hexo.example.org — "
        "content/news/2022-06-01-etf-sparplan.md",
        "import from hexo: 3 files: 3 imported, 0 unchanged, 0 conflicts, 0 not imported; 2 to check by a person",
    ]
    assert "[Bild: Alt](http://hexo.example.org/images/missing.png)" in \
        (site / "content/news/2022-06-01-etf-sparplan.md").read_text()
    assert head(site / "content/pages/ueber.md") == 'title: "Über"\nslug: "ueber"\n'


def test_pelican_headers_comma_tags_and_urls(site):
    code, out, _ = run_import(str(ARCHIVES / "pelican"), "--site", str(site))
    assert code == 0
    news = site / "content/news"
    assert head(news / "2023-03-26-dividenden-maerz.md") == (
        'title: "Dividenden im März"\n'
        'date: 2023-03-26\n'
        'time: "03:30"\n'
        'tags: ["Dividende", "Aktien", "Börse"]\n'
        'summary: "Wer zahlt was."\n'
        'slug: "dividenden-maerz"\n'
        'aliases: ["/posts/2023/03/dividenden-maerz/"]\n')
    assert "Text mit [Link](2023-04-01-zweiter.md)." in (news / "2023-03-26-dividenden-maerz.md").read_text()
    assert head(news / "2023-04-01-zweiter.md") == (
        'title: "Zweiter Beitrag"\ndate: 2023-04-01\ntime: "12:00"\nupdated: 2023-04-02 13:00\nslug: "zweiter"\n'
        'aliases: ["/posts/2023/04/zweiter-beitrag/"]\n')
    assert head(site / "content/pages/kontakt.md") == 'title: "Kontakt"\nslug: "kontakt"\n' \
                                                      'aliases: ["/pages/kontakt.html"]\n'
    assert out.splitlines() == [
        "warning: 1 post: time in the summer-time gap — content/news/2023-03-26-dividenden-maerz.md",
        "import from pelican: 3 files: 3 imported, 0 unchanged, 0 conflicts, 0 not imported; 0 to check by a person",
    ]
    assert run_build(site).code == 0


def test_from_overrides_detection_and_unknown_archive(site, tmp_path):
    empty = tmp_path / "leer"
    empty.mkdir()
    code, _, err = run_import(str(empty), "--site", str(site))
    assert (code, err) == (2, f"{empty}: cannot tell which generator made this archive — give it with "
                              "--from {jekyll,hugo,hexo,pelican,wordpress}\n")
    code, out, _ = run_import(str(empty), "--site", str(site), "--from", "hugo")
    assert (code, out) == (0, "import from hugo: 0 files: 0 imported, 0 unchanged, 0 conflicts, 0 not imported; "
                              "0 to check by a person\n")
