"""Only files below content/ are published: no NUL bytes, no escapes, no dotfiles.

Images and link targets are looked up next to the article and in
content/images/; a path that leaves content/ (``..``, an absolute path, a
symlink), names a hidden file (``.env``, ``../.git/config``) or has a
control character is an error at its line, and nothing is published.
"""

from __future__ import annotations

import io
import os
import re

from PIL import Image

from conftest import BASE_CONFIG, article, problem_lines, run_build, tree
from sitegen.content.markdown import render_markdown

NOW = ("--now", "2024-05-01 12:00")
BODY = 7  # article(): the body starts on line 7
HERE = "put the file next to the article or in content/images/"
ONLY = "only files below content/ are published: " + HERE


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (1, 2, 3)).save(buf, "PNG")
    return buf.getvalue()


def failed(make_site, files, config=BASE_CONFIG):
    site = make_site(files, config)
    run = run_build(site, *NOW)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert not (site / "output").exists(), "a failed build publishes nothing"
    return site, problem_lines(run)


def test_nul_byte_in_image_and_link_paths_is_an_error_at_its_line(make_site):
    body = "Text.\n\n![Kurs](chart%00.png)\n\n[PDF](bericht%00.pdf)\n"
    _, lines = failed(make_site, {"content/news/gold.md": article(
        "Gold", extra='image: "lead\\x00.png"\nimage_alt: Kurs', body=body)})
    hint = "remove it from the path"
    assert lines == [
        f"content/news/gold.md:6: image 'lead\\x00.png' contains a control character — {hint}",
        f"content/news/gold.md:{BODY + 4}: image 'chart\\x00.png' contains a control character — {hint}",
        f"content/news/gold.md:{BODY + 6}: link target 'bericht\\x00.pdf' contains a control character — {hint}"]


def test_raw_nul_byte_in_a_body_path_never_reaches_the_file_system(make_site):
    assert "\x00" not in render_markdown("![Kurs](chart\x00.png)\n").links[0].target
    _, lines = failed(make_site, {"content/news/gold.md": article("Gold", body="Text.\n\n![Kurs](chart\x00.png)\n")})
    assert lines == [f"content/news/gold.md:{BODY + 2}: the text holds the control character U+0000, which pages "
                     "and feeds cannot show — delete it; it is invisible in most editors"]


def test_paths_leaving_content_are_errors_naming_the_target(make_site):
    body = "![Pass](../../../etc/passwd.png)\n\n[Hosts](../../../../etc/hosts)\n\n[Conf](../../config.yaml)\n"
    _, lines = failed(make_site, {"content/news/gold.md": article(
        "Gold", extra="image: /etc/passwd.png\nimage_alt: Kurs", body=body)})
    assert lines == [
        "content/news/gold.md:6: image '/etc/passwd.png' is an absolute path "
        "— write it relative to the article or to content/images/",
        f"content/news/gold.md:{BODY + 2}: image '../../../etc/passwd.png' points outside content/ — {ONLY}",
        f"content/news/gold.md:{BODY + 4}: link target '../../../../etc/hosts' points outside content/ — {ONLY}",
        f"content/news/gold.md:{BODY + 6}: link target '../../config.yaml' points outside content/ — {ONLY}"]


def test_site_path_link_to_a_system_file_is_no_page(make_site):
    _, lines = failed(make_site, {"content/news/gold.md": article("Gold", body="[Hosts](/etc/hosts)\n")})
    assert lines == [f"content/news/gold.md:{BODY}: link to /etc/hosts: no such page on this site "
                     "— check the path, e.g. /news/<slug>/ or /themen/"]


def test_symlinked_image_pointing_outside_the_site_is_refused(make_site, tmp_path):
    outside = tmp_path / "geheim.png"
    outside.write_bytes(png())
    site = make_site({"content/news/gold.md": article("Gold", body="![Kurs](chart.png)\n")})
    os.symlink(outside, site / "content/news/chart.png")
    run = run_build(site, *NOW)
    assert run.code == 1 and not (site / "output").exists()
    assert problem_lines(run) == [f"content/news/gold.md:{BODY}: image 'chart.png' is a symlink to {outside}, "
                                  "outside content/ — copy the file into content/ instead of linking to it"]


def test_symlinked_image_inside_content_is_published(make_site):
    site = make_site({"content/images/chart.png": png(),
                      "content/news/gold.md": article("Gold", body="![Kurs](chart.png)\n")})
    os.symlink(site / "content/images/chart.png", site / "content/news/chart.png")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    published = [p for p in tree(site / "output") if p.startswith("bilder/")]
    assert len(published) == 2 and all(re.fullmatch(r"bilder/chart\.[0-9a-f]{10}-w4\.(png|webp)", p) for p in published)


def test_hidden_files_are_never_published_and_each_link_is_reported_at_its_own_line(make_site):
    body = "Siehe [Env](.env),\n[Git](../.git/config) und\n[Cache](.cache/store.sqlite3).\n"
    _, lines = failed(make_site, {
        "content/news/.env": "SECRET=1\n", "content/.git/config": "[core]\n",
        "content/news/.cache/store.sqlite3": b"SQLite", "content/news/gold.md": article("Gold", body=body)})
    hint = "is a hidden file (a name starting with '.') and is never published — rename it without the leading dot"
    assert lines == [f"content/news/gold.md:{BODY}: link target '.env' {hint}",
                     f"content/news/gold.md:{BODY + 1}: link target '../.git/config' {hint}",
                     f"content/news/gold.md:{BODY + 2}: link target '.cache/store.sqlite3' {hint}"]


def test_svg_with_a_script_is_not_published(make_site):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
    _, lines = failed(make_site, {"content/news/kurs.svg": svg,
                                  "content/news/gold.md": article("Gold", body="![Kurs](kurs.svg)\n")})
    assert lines == [f"content/news/gold.md:{BODY}: image 'kurs.svg' contains a script (<script>, an on…= handler "
                     "or a javascript: link), which a browser runs when the file is opened "
                     "— remove the script from the SVG, or save it as PNG"]


def test_a_file_name_too_long_for_the_file_system_is_an_error_not_a_traceback(make_site):
    name = "k" * 300 + ".png"
    _, lines = failed(make_site, {"content/news/gold.md": article("Gold", body=f"![Kurs]({name})\n")})
    assert lines == [f"content/news/gold.md:{BODY}: image '{name}' cannot be read (File name too long) "
                     "— shorten the file name (at most 255 bytes) or fix the symlink"]


def test_a_file_above_100_mib_is_refused_before_it_is_read(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="[Video](film.mp4)\n"),
                      "static/gross.zip": b""})
    for path in (site / "content/news/film.mp4", site / "static/gross.zip"):
        with open(path, "wb") as sparse:
            sparse.truncate(100 * 2**20 + 1)
    run = run_build(site, *NOW)
    assert run.code == 1 and not (site / "output").exists()
    hint = "hosts such as GitHub Pages refuse files this large: link it from elsewhere"
    assert problem_lines(run) == [
        f"content/news/gold.md:{BODY}: link target 'film.mp4' is larger than 100 MiB (104,857,601 bytes) — {hint}",
        f"static/gross.zip: static/gross.zip is larger than 100 MiB (104,857,601 bytes) — {hint}"]
