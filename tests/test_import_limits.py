"""Archives as they really are, and archives that try to break the import.

Each bad file is one report line (``path:line: what — what to do``), the
rest is imported; nothing outside SOURCE is read; no traceback.
"""

from __future__ import annotations

import pytest

from conftest import write_files
from test_import import run_import


@pytest.fixture
def site(make_site):
    return make_site({})


def jekyll(tmp_path, files: dict[str, str | bytes]):
    source = tmp_path / "blog"
    write_files(source, {"_config.yml": "title: Blog\n", **files})
    return source


def test_bad_files_are_listed_and_the_rest_imported(site, tmp_path):
    outside = tmp_path / "geheim.md"
    outside.write_text("---\ntitle: Geheim\n---\nNicht lesen.\n")
    source = jekyll(tmp_path, {
        "_posts/2020-01-01-gut.md": "---\ntitle: Gut\n---\nText\n",
        "_posts/2020-01-02-gross.md": "---\ntitle: Groß\n---\n" + "x" * 2_000_001,
        "_posts/2020-01-03-latin.md": "---\ntitle: Gr\xfc\xdfe\n---\n".encode("latin-1"),
        "_posts/2020-01-04-alt.html": "---\ntitle: Alt\n---\n<p>HTML</p>\n",
        "_posts/2020-01-05-offen.md": "---\ntitle: Offen\nText\n",
    })
    (source / "_posts/2020-01-06-link.md").symlink_to(outside)
    code, out, _ = run_import(str(source), "--site", str(site))
    assert code == 1
    posts = f"{source}/_posts"
    assert out.splitlines() == [
        f"{posts}/2020-01-02-gross.md: the file is larger than 2 MB and was not imported — split it or shorten it, "
        "then import again",
        f"{posts}/2020-01-03-latin.md: the file is not UTF-8 text — save it as UTF-8 and import again",
        f"{posts}/2020-01-04-alt.html: '.html' files are not imported — convert the file to Markdown by hand",
        f"{posts}/2020-01-05-offen.md:1: the front matter opened with --- is never closed — add a line with only ---",
        f"{posts}/2020-01-06-link.md: the file is a symbolic link and was not followed — copy the file itself into "
        "the archive and import again",
        "import from jekyll: 6 files: 1 imported, 0 unchanged, 0 conflicts, 5 not imported; 0 to check by a person",
    ]
    assert sorted(p.name for p in (site / "content/news").iterdir()) == ["2020-01-01-gut.md"]


def test_image_symlinked_out_of_the_archive_is_not_copied(site, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    source = jekyll(tmp_path, {"_posts/2020-01-01-bild.md": "---\ntitle: Bild\n---\n![Ein Bild](/img/a.png)\n"})
    (source / "img").mkdir()
    (source / "img/a.png").symlink_to(secret)
    code, out, _ = run_import(str(source), "--site", str(site))
    assert sorted(p.name for p in (site / "content/news").iterdir()) == ["2020-01-01-bild.md"]
    assert out.splitlines()[0] == ("content/news/2020-01-01-bild.md:8: an image was not found in the archive — "
                                   "copy it next to the article and link it by name")


def test_real_world_front_matter_shapes(site, tmp_path):
    source = jekyll(tmp_path, {
        "_posts/2020-01-01-crlf.md": b"---\r\ntitle: CRLF\r\ntags: security\r\ntags: doppelt\r\n---\r\nText\r\n",
        "_posts/2020-01-02-werte.md": (
            "---\n"
            "title: \"\\n  Titel mit\\n  Umbruch\"\n"
            "date: 2020-01-02 9:05:00 +0100\n"
            "tags:\n"
            "translator:\n"
            "rating: no\n"
            "uhrzeit: 14:48\n"
            "params: {a: [1, 2], b: x}\n"
            "published: false\n"
            "---\n"
            "Text\n"),
    })
    code, out, _ = run_import(str(source), "--site", str(site))
    assert code == 0
    news = site / "content/news"
    assert (news / "2020-01-01-crlf.md").read_bytes() == (
        b'---\ntitle: "CRLF"\ndate: 2020-01-01\ntags: ["doppelt"]\nslug: "crlf"\naliases: ["/2020/01/01/crlf.html"]\n'
        b'---\n\nText\n')
    assert (news / "2020-01-02-werte.md").read_text() == (
        '---\ntitle: "Titel mit Umbruch"\ndate: 2020-01-02\ntime: "09:05"\nslug: "werte"\ndraft: true\n'
        'aliases: ["/2020/01/02/werte.html"]\nrating: "no"\nuhrzeit: "14:48"\nparams: {"a": ["1", "2"], "b": "x"}\n'
        '---\n\nText\n')
    assert "warning: 1 post: duplicate key — content/news/2020-01-01-crlf.md" in out.splitlines()


def test_same_slug_twice_gets_a_number(site, tmp_path):
    source = jekyll(tmp_path, {"_posts/2020-01-01-news.md": "---\ntitle: A\n---\nA\n",
                               "_posts/2021-01-01-news.md": "---\ntitle: B\n---\nB\n"})
    code, out, _ = run_import(str(source), "--site", str(site))
    assert "slug: \"news-2\"" in (site / "content/news/2021-01-01-news-2.md").read_text()
    assert "warning: 1 post: slug changed — content/news/2021-01-01-news-2.md" in out.splitlines()


def test_yaml_alias_bomb_and_deep_nesting_are_refused(site, tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    source = jekyll(tmp_path, {
        "_posts/2020-01-01-bombe.md": "---\ntitle: Bombe\n" + bomb + "---\nText\n",
        "_posts/2020-01-02-tief.md": '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\nText\n",
    })
    code, out, _ = run_import(str(source), "--site", str(site))
    assert code == 1
    posts = f"{source}/_posts"
    assert out.splitlines()[:2] == [
        f"{posts}/2020-01-01-bombe.md:1: the front matter is too large or nested too deeply (YAML aliases?) — write "
        "the values out without & and * aliases",
        f"{posts}/2020-01-02-tief.md:1: the JSON front matter is nested too deeply — write the values out flat",
    ]


def test_source_keys_named_like_ours_do_not_change_meaning(site, tmp_path):
    source = jekyll(tmp_path, {"_posts/2020-01-01-a.md": "---\ntitle: A\ntime: 5 min\nrelated: [x]\nSponsored: ja\n"
                                                         "---\nA\n"})
    run_import(str(source), "--site", str(site))
    assert (site / "content/news/2020-01-01-a.md").read_text().split("---\n")[1] == (
        'title: "A"\ndate: 2020-01-01\nslug: "a"\naliases: ["/2020/01/01/a.html"]\nsource_time: "5 min"\n'
        'source_related: ["x"]\nsource_Sponsored: "ja"\n')
