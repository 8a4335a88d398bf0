"""Author profiles: bylines, author pages, JSON-LD author types, editors' messages.

Profiles live in config ``authors:``; articles name them with ``authors:``.
Plain ``author:`` text keeps working, typed Organization for a desk.
"""

from __future__ import annotations

import json

import lxml.html

from conftest import BASE_CONFIG, article, problem_lines, run_build

NOW = ("--now", "2024-05-01 12:00")
AUTHORS = """\
pagination:
  page_size: 2
seo:
  publisher: Testverlag GmbH
authors:
  erika-muster:
    name: Erika Muster
    role: Rohstoff-Redakteurin
    bio: Erika Muster schreibt über Gold und Silber.
    links:
      - https://social.example.org/@erika
  redaktion:
    name: Redaktion
    type: organization
  max-beispiel:
    name: Max Beispiel
"""
CONFIG = BASE_CONFIG + AUTHORS


def _site(make_site, tmp_path, files, config=CONFIG):
    site = make_site(files, config)
    return run_build(site, *NOW, "--output", str(tmp_path / "out")), tmp_path / "out"


def _html(path):
    return lxml.html.fromstring(path.read_bytes())


def _ld_author(path):
    doc = _html(path)
    return json.loads(doc.xpath('string(//script[@type="application/ld+json"])'))["author"]


def _files(count=3):
    files = {f"content/news/a{n}.md": article(f"Gold {n}", date=f"2{n}.04.2024", extra="authors: erika-muster")
             for n in range(count)}
    files["content/news/b.md"] = article("Gemeinsam", date="10.04.2024", extra="authors: [erika-muster, redaktion]")
    files["content/news/c.md"] = article("Desk", date="09.04.2024", extra="author: Redaktion Wirtschaft")
    files["content/news/d.md"] = article("Gast", date="08.04.2024", extra="author: Gast Autor")
    files["content/news/e.md"] = article("Verlag", date="07.04.2024", extra="author: Testverlag GmbH")
    files["content/news/f.md"] = article("Niemand", date="06.04.2024")
    return files


def test_bylines_link_to_author_pages(make_site, tmp_path):
    run, out = _site(make_site, tmp_path, _files())
    assert run.code == 0, run.err
    byline = _html(out / "news/gemeinsam/index.html").xpath('//span[@class="meta-author"]')[0]
    assert byline.text_content() == "von Erika Muster und Redaktion"
    assert byline.xpath("a/@href") == ["/autoren/erika-muster/", "/autoren/redaktion/"]
    plain = _html(out / "news/gast/index.html").xpath('//span[@class="meta-author"]')[0]
    assert plain.text_content() == "von Gast Autor" and not plain.xpath("a")


def test_author_page_lists_articles_paginated(make_site, tmp_path):
    run, out = _site(make_site, tmp_path, _files())
    assert run.code == 0, run.err
    first = _html(out / "autoren/erika-muster/index.html")
    assert first.xpath("string(//h1)") == "Erika Muster"
    assert first.xpath('string(//p[@class="author-role"])') == "Rohstoff-Redakteurin"
    assert first.xpath('string(//p[@class="author-bio"])') == "Erika Muster schreibt über Gold und Silber."
    assert first.xpath('//ul[@class="author-links"]//a/@href') == ["https://social.example.org/@erika"]
    titles = lambda doc: [a.text_content() for a in doc.xpath('//h2[@class="teaser-title"]/a')]  # noqa: E731
    assert titles(first) == ["Gold 2", "Gold 1"]
    second = _html(out / "autoren/erika-muster/seite/2/index.html")
    assert titles(second) == ["Gold 0", "Gemeinsam"]
    assert second.xpath("string(//h1)") == "Erika Muster – Seite 2"
    assert not (out / "autoren/erika-muster/seite/3").exists()
    assert titles(_html(out / "autoren/max-beispiel/index.html")) == []
    index = _html(out / "autoren/index.html")
    assert [li.text_content() for li in index.xpath('//ul[@class="author-index"]/li')] == [
        "Erika Muster – Rohstoff-Redakteurin (4 Beiträge)", "Redaktion (1 Beitrag)", "Max Beispiel (0 Beiträge)"]
    assert index.xpath('//ul[@class="author-index"]//a/@href') == [
        "/autoren/erika-muster/", "/autoren/redaktion/", "/autoren/max-beispiel/"]


def test_json_ld_author_types(make_site, tmp_path):
    run, out = _site(make_site, tmp_path, _files(1))
    assert run.code == 0, run.err
    assert _ld_author(out / "news/gold-0/index.html") == {
        "@type": "Person", "name": "Erika Muster", "url": "https://www.example.de/autoren/erika-muster/",
        "sameAs": ["https://social.example.org/@erika"]}
    assert _ld_author(out / "news/gemeinsam/index.html")[1] == {
        "@type": "Organization", "name": "Redaktion", "url": "https://www.example.de/autoren/redaktion/"}
    assert _ld_author(out / "news/desk/index.html") == {"@type": "Organization", "name": "Redaktion Wirtschaft"}
    assert _ld_author(out / "news/gast/index.html") == {"@type": "Person", "name": "Gast Autor"}
    assert _ld_author(out / "news/verlag/index.html") == {"@type": "Organization", "name": "Testverlag GmbH"}
    assert _ld_author(out / "news/niemand/index.html") == {"@type": "Organization", "name": "Testverlag GmbH"}


def test_no_author_pages_without_profiles(make_site, tmp_path):
    run, out = _site(make_site, tmp_path, {"content/news/a.md": article("Gold", extra="author: Redaktion")},
                     BASE_CONFIG)
    assert run.code == 0, run.err
    assert not (out / "autoren").exists()


def test_unknown_author_slug(make_site, tmp_path):
    text = article("Gold", extra="authors:\n  - erika-mustr\n  - niemand")
    run, out = _site(make_site, tmp_path, {"content/news/a.md": text})
    assert run.code == 1
    assert problem_lines(run) == [
        "content/news/a.md:7: unknown author 'erika-mustr' — did you mean 'erika-muster'?",
        "content/news/a.md:8: unknown author 'niemand' — known authors: erika-muster, redaktion, max-beispiel"]
    assert not out.exists()


def test_bad_profiles_are_config_errors(make_site, tmp_path):
    config = BASE_CONFIG + """\
authors:
  erika:
    role: Redakteurin
    type: desk
    links: [ftp://example.org/x]
  Bad Slug:
    name: X
"""
    base = len(BASE_CONFIG.splitlines())
    run, _ = _site(make_site, tmp_path, {"content/news/a.md": article("Gold")}, config)
    assert run.code == 1
    assert problem_lines(run) == [
        f"config.yaml:{base + 2}: authors.erika.name is missing — add e.g. 'name: Erika Muster' below "
        "'authors.erika:'",
        f"config.yaml:{base + 4}: authors.erika.type must be person or organization, not 'desk' — type: "
        "organization for a desk such as Redaktion",
        f"config.yaml:{base + 5}: authors.erika.links: 'ftp://example.org/x' is not a web address — e.g. "
        "- https://www.linkedin.com/in/erika-muster",
        f"config.yaml:{base + 6}: author slug 'Bad Slug' is not a slug (a-z, 0-9, - and _) — e.g. erika-muster:",
    ]


# ----------------------------------------------------------------------------------------- author photos

PHOTO_CONFIG = CONFIG.replace("    role: Rohstoff-Redakteurin\n",
                              "    role: Rohstoff-Redakteurin\n    photo: images/erika.jpg\n")


def _jpeg(size=(900, 1200), colour=(15, 35, 64)) -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _photo(doc):
    return doc.xpath('//*[contains(@class, "author-photo")]//picture')


def test_author_photo_is_published_as_a_responsive_picture_and_named_in_json_ld(make_site, tmp_path):
    run, out = _site(make_site, tmp_path, {**_files(), "content/images/erika.jpg": _jpeg()}, PHOTO_CONFIG)
    assert run.code == 0, run.err
    picture = _photo(_html(out / "autoren/erika-muster/index.html"))[0]
    img, source = picture.xpath(".//img")[0], picture.xpath(".//source")[0]
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("Porträt von Erika Muster", "800", "1067")
    assert [part.split()[1] for part in source.get("srcset").split(", ")] == ["480w", "800w", "900w"]
    assert source.get("sizes") == "8rem" and img.get("loading") == "lazy"
    for url in [p.split()[0] for p in source.get("srcset").split(", ")] + [img.get("src")]:
        assert (out / url.lstrip("/")).is_file(), url
    assert not list((out / "bilder").glob("erika.jpg"))  # never the full-size original
    assert _photo(_html(out / "autoren/index.html"))[0].xpath(".//img")[0].get("src") == img.get("src")
    assert _photo(_html(out / "autoren/max-beispiel/index.html")) == []  # no photo, no empty frame
    assert _ld_author(out / "news/gold-0/index.html")["image"] == "https://www.example.de" + img.get("src")
    assert "image" not in _ld_author(out / "news/gemeinsam/index.html")[1]


def test_a_changed_photo_file_rebuilds_the_pages_that_show_it_as_a_clean_build(make_site, tmp_path):
    from conftest import snapshot
    site = make_site({**_files(), "content/images/erika.jpg": _jpeg()}, PHOTO_CONFIG)
    assert run_build(site, *NOW).code == 0
    before = _html(site / "output/autoren/erika-muster/index.html").xpath("string(//picture//img/@src)")
    (site / "content/images/erika.jpg").write_bytes(_jpeg(colour=(201, 162, 39)))  # same name, new picture
    assert run_build(site, *NOW).code == 0
    after = _html(site / "output/autoren/erika-muster/index.html").xpath("string(//picture//img/@src)")
    assert after != before and (site / "output" / after.lstrip("/")).is_file()
    assert _ld_author(site / "output/news/gold-0/index.html")["image"].endswith(after)
    clean = make_site({**_files(), "content/images/erika.jpg": _jpeg(colour=(201, 162, 39))}, PHOTO_CONFIG, "clean")
    assert run_build(clean, *NOW).code == 0
    assert snapshot(site / "output") == snapshot(clean / "output")


def test_a_missing_author_photo_is_an_error_at_its_line(make_site, tmp_path):
    run, _ = _site(make_site, tmp_path, _files(), PHOTO_CONFIG)
    assert run.code == 1
    line = next(n for n, text in enumerate(PHOTO_CONFIG.splitlines(), 1) if "photo:" in text)
    assert problem_lines(run) == [
        f"config.yaml:{line}: authors.erika-muster.photo 'images/erika.jpg' not found below content/ — "
        "put the file in content/images/ and write photo: images/erika.jpg"]
