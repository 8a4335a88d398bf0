"""Jekyll categories from folders: every folder above ``_posts`` is a
category (jekyllrb.com/docs/posts/#categories), added before the front
matter's; it becomes a tag and part of the old URL (``:categories``)."""

from __future__ import annotations

from conftest import run_build
from test_import import run_import


def _archive(root, permalink: str = "pretty"):
    files = {
        "_config.yml": f"title: Alt\npermalink: {permalink}\n",
        "finanzen/_posts/2020-01-02-gold.md": "---\ntitle: Gold glänzt\n---\nGold steigt.\n",
        "finanzen/anleihen/_posts/2020-01-03-bund.md": "---\ntitle: Bund\ncategories: [Zinsen]\n---\nRenten.\n",
        "_posts/2020/2020-01-04-dax.md": "---\ntitle: Dax\ntags: [Aktien]\n---\nDer Dax.\n",
        "_posts/2020-01-05-leer.md": "---\ntitle: Ohne Ordner\n---\nText.\n",
        "_site/finanzen/_posts/2020-01-06-kopie.md": "---\ntitle: Kopie\n---\nNie.\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _front(site, name: str) -> list[str]:
    return (site / "content/news" / name).read_text().split("---\n")[1].splitlines()


def test_folders_above_posts_are_categories_tags_and_part_of_the_old_url(make_site, tmp_path):
    site = make_site({})
    code, out, err = run_import(str(_archive(tmp_path / "alt")), "--site", str(site), "--from", "jekyll")
    assert (code, err) == (0, ""), out
    assert sorted(p.name for p in (site / "content/news").iterdir()) == [
        "2020-01-02-gold.md", "2020-01-03-bund.md", "2020-01-04-dax.md", "2020-01-05-leer.md"]
    gold = _front(site, "2020-01-02-gold.md")
    assert 'tags: ["finanzen"]' in gold
    assert 'aliases: ["/finanzen/2020/01/02/gold/"]' in gold
    bund = _front(site, "2020-01-03-bund.md")
    assert 'tags: ["finanzen", "anleihen", "Zinsen"]' in bund
    assert 'aliases: ["/finanzen/anleihen/zinsen/2020/01/03/bund/"]' in bund
    dax = _front(site, "2020-01-04-dax.md")  # a folder below _posts is no category in Jekyll 3 and 4
    assert 'tags: ["Aktien"]' in dax and 'aliases: ["/2020/01/04/dax/"]' in dax
    assert not any(line.startswith("tags:") for line in _front(site, "2020-01-05-leer.md"))
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    assert (site / "output/finanzen/anleihen/zinsen/2020/01/03/bund/index.html").is_file()


def test_folder_categories_follow_a_custom_permalink(make_site, tmp_path):
    site = make_site({})
    archive = _archive(tmp_path / "alt", permalink="/:categories/:title.html")
    code, out, _ = run_import(str(archive), "--site", str(site), "--from", "jekyll")
    assert code == 0, out
    assert 'aliases: ["/finanzen/gold.html"]' in _front(site, "2020-01-02-gold.md")
