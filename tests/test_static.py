"""The site's own static/ folder: copied into the output as it is, Hugo-style."""

from __future__ import annotations

import os

from conftest import BASE_CONFIG, article, problem_lines, run_build, tree

NOW = ("--now", "2024-05-01 12:00")
GOLD = article("Gold", body="Die [AGB](/downloads/agb.pdf) als PDF.\n")


def test_static_files_are_copied_as_they_are_and_can_be_linked(make_site):
    site = make_site({
        "content/news/gold.md": GOLD,
        "static/ads.txt": "google.com, pub-0000000000000000, DIRECT\n",
        "static/downloads/agb.pdf": b"%PDF-1.4 \x00\xff",
        "static/.well-known/security.txt": "Contact: mailto:sicherheit@example.de\n",
        "static/.htaccess": "ErrorDocument 404 /404.html\n",
        "static/.env": "SECRET=1\n", "static/.git/config": "[core]\n", "static/.well-known/.hidden": "x",
        "static/downloads/agb.pdf~": b"backup", "static/.DS_Store": b"\x00",
    })
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = tree(site / "output")
    assert out["ads.txt"] == b"google.com, pub-0000000000000000, DIRECT\n"
    assert out["downloads/agb.pdf"] == b"%PDF-1.4 \x00\xff"
    assert out[".well-known/security.txt"] == b"Contact: mailto:sicherheit@example.de\n"
    assert out[".htaccess"] == b"ErrorDocument 404 /404.html\n"
    for hidden in (".env", ".git/config", ".well-known/.hidden", "downloads/agb.pdf~", ".DS_Store"):
        assert hidden not in out
    assert 'href="/downloads/agb.pdf"' in out["news/gold/index.html"].decode()


def test_a_static_file_colliding_with_a_generated_page_or_file_is_an_error_naming_both(make_site):
    site = make_site({"content/news/gold.md": GOLD, "static/downloads/agb.pdf": b"%PDF",
                      "static/news/gold/index.html": "<p>alt</p>", "static/feed.xml": "<feed/>",
                      "static/index.html": "<p>Start</p>"})
    run = run_build(site, *NOW)
    assert run.code == 1 and not (site / "output").exists()
    assert problem_lines(run) == [
        "static/feed.xml: static/feed.xml has the same output path as the generated file feed.xml "
        "— rename or remove static/feed.xml; the site makes feed.xml itself",
        "static/index.html: static/index.html has the same output path as the page / (the home page) "
        "— rename or remove static/index.html",
        "static/news/gold/index.html: static/news/gold/index.html has the same output path as the page /news/gold/ "
        "(made from content/news/gold.md) — rename or remove static/news/gold/index.html"]


def test_static_symlink_leaving_the_site_is_refused(make_site, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0\n")
    site = make_site({"content/news/gold.md": GOLD, "static/downloads/agb.pdf": b"%PDF",
                      "content/images/logo.png": b"PNG"})
    os.symlink(outside, site / "static/passwd.txt")
    os.symlink(site / "content/images/logo.png", site / "static/logo.png")
    run = run_build(site, *NOW)
    assert run.code == 1 and not (site / "output").exists()
    assert problem_lines(run) == [f"static/passwd.txt: static/passwd.txt is a symlink to {outside}, outside the "
                                  "site folder — copy the file into static/ instead of linking to it"]
    os.unlink(site / "static/passwd.txt")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert tree(site / "output")["logo.png"] == b"PNG", "a symlink inside the site is copied"


def test_a_pipe_in_static_is_an_error_not_a_hang(make_site):
    site = make_site({"content/news/gold.md": GOLD, "static/downloads/agb.pdf": b"%PDF"})
    os.mkfifo(site / "static/pipe")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["static/pipe: static/pipe is not a regular file (a pipe, socket or device) "
                                  "— remove it from static/"]


def test_changed_and_removed_static_files_reach_the_output_on_the_next_build(make_site):
    site = make_site({"content/news/gold.md": GOLD, "static/downloads/agb.pdf": b"%PDF-1",
                      "static/.htaccess": "Alt\n", "static/.well-known/security.txt": "Alt\n"})
    assert run_build(site, *NOW).code == 0
    (site / "static/downloads/agb.pdf").write_bytes(b"%PDF-2")
    (site / "static/.htaccess").write_text("Neu\n")
    (site / "static/.well-known/security.txt").write_text("Neu\n")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    out = tree(site / "output")
    assert (out["downloads/agb.pdf"], out[".htaccess"], out[".well-known/security.txt"]) == (b"%PDF-2", b"Neu\n", b"Neu\n")



def test_a_static_file_changed_long_after_the_last_build_is_published(make_site, monkeypatch):
    """static/ is an input of the build state: a change is never skipped as 'nothing changed'."""
    import sitegen.store.buildstate as buildstate
    monkeypatch.setattr(buildstate, "RACY_NS", -10**18)  # as if every edit came long after the last build
    site = make_site({"content/news/gold.md": article("Gold"), "static/ads.txt": "alt\n"})
    assert run_build(site).code == 0
    (site / "static/ads.txt").write_text("neu, etwas länger\n")
    run = run_build(site)
    assert run.code == 0, run.err
    assert (site / "output/ads.txt").read_text() == "neu, etwas länger\n"
