"""Issue 13 part B: the string-built sitemap and the memoised ``route``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lxml import etree

from sitegen.content.dates import Moment
from sitegen.render import sitemap
from sitegen.site import urls
from sitegen.site.urls import PageKind

NS = sitemap.NS


def _lxml_urlset(rows) -> bytes:
    """The reference serialisation: lxml's pretty print of the same rows."""
    urlset = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS})
    for loc, lastmod in rows:
        url = etree.SubElement(urlset, f"{{{NS}}}url")
        etree.SubElement(url, f"{{{NS}}}loc").text = loc
        if lastmod is not None:
            etree.SubElement(url, f"{{{NS}}}lastmod").text = sitemap.w3c_datetime(lastmod)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def test_string_built_urlset_equals_lxml_and_escapes_text():
    tz = timezone(timedelta(hours=2))
    rows = [("https://example.org/a&b/<c>/", Moment(datetime(2024, 4, 25, 14, 48, tzinfo=tz), True)),
            ("https://example.org/größe/\"'/", Moment(datetime(2024, 4, 26, tzinfo=tz), False)),
            ("https://example.org/😀/", None)]
    chunks = sitemap._chunks(rows, 50_000, sitemap.MAX_BYTES)
    data = sitemap._urlset(chunks[0])
    assert data == _lxml_urlset(rows)
    locs = [e.text for e in etree.fromstring(data).iter(f"{{{NS}}}loc")]
    assert locs == [loc for loc, _ in rows]
    assert sitemap._urlset([]) == _lxml_urlset([])


def test_chunk_budget_counts_each_row_as_lxml_serialises_it_alone():
    rows = [(f"https://example.org/ä{i}/", Moment(datetime(2024, 1, 1, tzinfo=timezone.utc), True))
            for i in range(6)]
    alone = [etree.Element(f"{{{NS}}}url", nsmap={None: NS}) for _ in rows]
    for element, (loc, lastmod) in zip(alone, rows):
        etree.SubElement(element, f"{{{NS}}}loc").text = loc
        etree.SubElement(element, f"{{{NS}}}lastmod").text = sitemap.w3c_datetime(lastmod)
    costs = [len(etree.tostring(e, pretty_print=True)) - len(f' xmlns="{NS}"') + 16 for e in alone]
    budget = sitemap._FRAME + costs[0] + costs[1]
    chunks = sitemap._chunks(rows, 50_000, budget)
    assert [len(c) for c in chunks] == [2, 2, 2]
    chunks = sitemap._chunks(rows, 50_000, budget - 1)
    assert [len(c) for c in chunks] == [1] * 6


def test_memoised_route_keys_on_the_local_date_settings_and_kind():
    from pathlib import Path

    from sitegen.config.settings import Config
    dated = Config(root=Path("."), title="T", base_url="https://example.org/blog/",
                   article_permalink="/news/{year}/{month}/{day}/{slug}/")
    berlin = datetime(2024, 5, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    utc = berlin.astimezone(timezone.utc)  # the same instant, equal and hashing equal, but 30 April
    assert berlin == utc
    assert urls.route(dated, PageKind.ARTICLE, "gold", when=berlin).url == "/blog/news/2024/05/01/gold/"
    assert urls.route(dated, PageKind.ARTICLE, "gold", when=utc).url == "/blog/news/2024/04/30/gold/"
    plain = Config(root=Path("."), title="T", base_url="https://example.org/")
    assert urls.route(plain, PageKind.ARTICLE, "gold", when=berlin).output_path == "news/gold/index.html"
    assert urls.route(plain, "tag", "gold", 2) == urls.Route("themen/gold/seite/2/index.html", "/themen/gold/seite/2/")
    assert urls.route(dated, PageKind.TAG, "gold", 2).url == "/blog/themen/gold/seite/2/"


def test_output_size_counts_regular_files_only_and_skips_dot_folders(tmp_path):
    import os

    from sitegen.output.hostlimits import measure
    (tmp_path / "news/gold").mkdir(parents=True)
    (tmp_path / ".git/objects").mkdir(parents=True)
    (tmp_path / "news/gold/index.html").write_bytes(b"x" * 100)
    (tmp_path / ".nojekyll").write_bytes(b"y" * 7)
    (tmp_path / ".git/objects/ab").write_bytes(b"z" * 50)
    os.symlink(tmp_path / "news", tmp_path / "alias")
    os.symlink(tmp_path / "news/gold/index.html", tmp_path / "copy.html")
    assert measure(tmp_path) == (107, 2)
    assert measure(tmp_path / "missing") == (0, 0)
