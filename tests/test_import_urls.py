"""Old URLs: each imported post keeps its old URL as an alias, computed from the
source generator's permalink settings; links to old URLs become ``.md`` links."""

from __future__ import annotations

import pytest

from conftest import write_files
from test_import import run_import

POST = "---\ntitle: Gold steigt\ndate: 2024-04-25 14:48:00 +0200\ncategories: [Märkte, Gold]\n---\nText\n"


@pytest.fixture
def site(make_site):
    return make_site({})


def aliases(site, name: str) -> str:
    return next(line for line in (site / "content/news" / name).read_text().splitlines()
                if line.startswith("aliases:"))


@pytest.mark.parametrize("permalink, expected", [
    ("", '["/märkte/gold/2024/04/25/gold-steigt.html"]'),
    ("date", '["/märkte/gold/2024/04/25/gold-steigt.html"]'),
    ("pretty", '["/märkte/gold/2024/04/25/gold-steigt/"]'),
    ("none", '["/märkte/gold/gold-steigt.html"]'),
    ("ordinal", '["/märkte/gold/2024/116/gold-steigt.html"]'),
    ("/news/:year/:month/:title/", '["/news/2024/04/gold-steigt/"]'),
])
def test_jekyll_permalink_styles(site, tmp_path, permalink, expected):
    config = f"permalink: {permalink}\n" if permalink else ""
    write_files(tmp_path / "blog", {"_config.yml": config + "title: x\n", "_posts/2024-04-25-gold-steigt.md": POST})
    run_import(str(tmp_path / "blog"), "--site", str(site))
    assert aliases(site, "2024-04-25-gold-steigt.md") == f"aliases: {expected}"


def test_own_permalink_wins_and_our_url_is_no_alias(make_site, tmp_path):
    site = make_site({})
    write_files(tmp_path / "blog", {
        "_config.yml": "title: x\n",
        "_posts/2024-04-25-a.md": "---\ntitle: A\npermalink: /alt/a-seite/\n---\nA\n",
        "_posts/2024-04-26-b.md": "---\ntitle: B\npermalink: /news/b/\n---\nB\n",
    })
    run_import(str(tmp_path / "blog"), "--site", str(site))
    assert aliases(site, "2024-04-25-a.md") == 'aliases: ["/alt/a-seite/"]'
    assert "aliases:" not in (site / "content/news/2024-04-26-b.md").read_text()


def test_hugo_default_urls_and_sections(site, tmp_path):
    write_files(tmp_path / "blog", {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/blog/gold.md": "---\ntitle: Gold\ndate: 2024-04-25\n---\nText\n",
        "content/blog/silber/index.md": "---\ntitle: Silber\ndate: 2024-04-26\nslug: silber-news\n---\nText\n",
    })
    run_import(str(tmp_path / "blog"), "--site", str(site))
    assert aliases(site, "2024-04-25-gold.md") == 'aliases: ["/blog/gold/"]'
    assert aliases(site, "2024-04-26-silber-news.md") == 'aliases: ["/blog/silber-news/"]'


def test_links_between_posts_and_to_the_old_site(site, tmp_path):
    write_files(tmp_path / "blog", {
        "_config.yml": "url: https://alt.example.org\npermalink: pretty\n",
        "_posts/2024-04-25-gold.md": "---\ntitle: Gold\n---\n## Fazit am Ende\n\nText\n",
        "_posts/2024-04-26-silber.md": (
            "---\ntitle: Silber\n---\n"
            "Wie [Gold][g] und [hier](https://alt.example.org/2024/04/25/gold/#Fazit-am-Ende), "
            "[Über uns]({{ '/ueber/' | relative_url }}), [Seite](../kontakt/).\n\n"
            "[g]: /2024/04/25/gold/\n\n![Kurs](https://cdn.example.com/kurs.png)\n"),
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site))
    body = (site / "content/news/2024-04-26-silber.md").read_text().split("---\n", 2)[2]
    assert body == (
        "\nWie [Gold][g] und [hier](2024-04-25-gold.md#fazit-am-ende), "
        "[Über uns](https://alt.example.org/ueber/), [Seite](https://alt.example.org/2024/04/26/kontakt/).\n\n"
        "[g]: 2024-04-25-gold.md\n\n[Bild: Kurs](https://cdn.example.com/kurs.png)\n")
    assert ("warning: 1 post: links to old-site pages not in the archive now point to https://alt.example.org — "
            "content/news/2024-04-26-silber.md") in out.splitlines()


def test_aliases_and_redirect_from_become_site_paths(site, tmp_path):
    write_files(tmp_path / "blog", {
        "_config.yml": "permalink: pretty\n",
        "_posts/2024-04-25-a.md": "---\ntitle: A\nredirect_from:\n  - alt/a.html\n  - https://old.example.org/x/\n"
                                  "aliases: /b/\n---\nA\n",
    })
    run_import(str(tmp_path / "blog"), "--site", str(site))
    assert aliases(site, "2024-04-25-a.md") == 'aliases: ["/b/", "/alt/a.html", "/x/", "/2024/04/25/a/"]'
