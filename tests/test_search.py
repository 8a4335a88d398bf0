"""Search (README "Search"): ``search: {enabled: true}`` builds ``/suche/``
and a Pagefind index of exactly the published articles, kept in the store
and reused while no article page changes; off builds neither.  Builds run
in-process; the index is read from Pagefind's fragment files (gzip, a
``pagefind_dcd`` signature, then JSON with the page's URL and metadata)."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitegen.render.search as search
from conftest import BASE_CONFIG, article, problem_lines, run_build, tree

SEARCH_ON = BASE_CONFIG + "search:\n  enabled: true\n"
SIGNATURE = b"pagefind_dcd"


def fragments(out: Path) -> dict[str, dict]:
    """{result URL: fragment} of every page in the index under ``out/pagefind`` (all shards)."""
    found = {}
    for path in sorted((out / "pagefind").glob("*/fragment/*")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        fragment = json.loads(data[len(SIGNATURE):])
        found[fragment["url"]] = fragment
    return found


class _Forms(HTMLParser):
    """The forms of a page: [{"action", "method", "inputs": [name, …]}]; noscript texts; script srcs."""

    def __init__(self):
        super().__init__()
        self.forms, self.noscript, self.scripts, self._in_noscript = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "method": attrs.get("method"), "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(attrs.get("name"))
        elif tag == "noscript":
            self._in_noscript = True
            self.noscript.append("")
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "noscript":
            self._in_noscript = False

    def handle_data(self, data):
        if self._in_noscript:
            self.noscript[-1] += data


def parse(path: Path) -> _Forms:
    found = _Forms()
    found.feed(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture
def news(make_site):
    """A site with search on: two published articles, a draft, a scheduled one and a page."""
    return make_site({
        "content/news/gold.md": article("Goldpreis auf Rekordhoch", "08.03.2024", "09:30",
                                        body="Der Goldpreis stieg am Freitag auf einen neuen Höchststand.\n",
                                        extra="summary: Anleger flüchten in das Edelmetall."),
        "content/news/zins.md": article("Notenbank erhöht den Zins", "14.09.2023", "",
                                        body="Die Zinserhöhung trifft Sparer und Kreditnehmer.\n"),
        "content/news/entwurf.md": article("Entwurf über Silber", extra="draft: true"),
        "content/news/spaeter.md": article("Geplanter Artikel über Platin", "01.01.2099", "08:00"),
        "content/pages/impressum.md": "---\ntitle: Impressum\n---\nAngaben zum Goldpreis-Verlag.\n",
    }, SEARCH_ON)


def test_the_index_holds_exactly_the_published_articles_with_title_date_and_teaser(news):
    run = run_build(news)
    assert run.code == 0, run.err
    found = fragments(news / "output")
    gold, zins = "/news/goldpreis-auf-rekordhoch/", "/news/notenbank-erhoeht-den-zins/"
    assert sorted(found) == [gold, zins]  # not the draft, the scheduled article, the Impressum or any list
    assert found[gold]["meta"] == {"title": "Goldpreis auf Rekordhoch", "date": "08.03.2024, 09:30 Uhr",
                                   "datetime": "2024-03-08T09:30:00+01:00",
                                   "teaser": "Anleger flüchten in das Edelmetall."}
    assert found[zins]["meta"]["teaser"] == "Die Zinserhöhung trifft Sparer und Kreditnehmer."  # no summary
    assert found[zins]["meta"]["date"] == "14.09.2023"
    assert "Höchststand" in found[gold]["content"]
    bundle = news / "output" / "pagefind"
    assert json.loads((bundle / "shards.json").read_text()) == {"shards": ["2024-03", "2023"]}  # newest first
    assert (bundle / "2024-03" / "pagefind.js").is_file() and (bundle / "2023" / "pagefind.js").is_file()
    assert not list(bundle.glob("*/pagefind-ui.js"))  # the theme's script uses the JS API


def test_the_search_page_and_the_header_form_submit_get_to_suche(news):
    assert run_build(news).code == 0
    out = news / "output"
    page = parse(out / "suche" / "index.html")
    assert {"action": "/suche/", "method": "get", "inputs": ["q"]} in page.forms
    assert page.noscript == ["Die Suche benötigt JavaScript. Bitte aktivieren Sie JavaScript in Ihrem Browser "
                             "– oder stöbern Sie im Archiv und in den Themen."]
    assert [s for s in page.scripts if s.startswith("/assets/js/search.")]
    home = parse(out / "index.html")
    assert home.forms[0] == {"action": "/suche/", "method": "get", "inputs": ["q"]}  # the header's form
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://www.example.de/suche/" in sitemap
    headers = (out / "_headers").read_text()
    assert "script-src 'self' 'wasm-unsafe-eval'" in headers


def test_search_off_builds_no_page_no_index_no_form_and_keeps_the_csp(make_site):
    site = make_site({"content/news/gold.md": article("Goldpreis auf Rekordhoch")},
                     BASE_CONFIG + "search:\n  enabled: false\n")
    assert run_build(site).code == 0
    out = site / "output"
    assert not (out / "suche").exists() and not (out / "pagefind").exists()
    assert all(f["action"] != "/suche/" for f in parse(out / "index.html").forms)
    assert "/suche/" not in (out / "index.html").read_text()
    assert "wasm-unsafe-eval" not in (out / "_headers").read_text()


def test_without_a_search_key_search_is_off(make_site):
    site = make_site({"content/news/gold.md": article("Goldpreis auf Rekordhoch")})
    assert run_build(site).code == 0
    assert not (site / "output" / "suche").exists() and not (site / "output" / "pagefind").exists()


def test_a_search_value_that_is_not_true_or_false_is_an_error_at_its_line(make_site):
    site = make_site({"content/news/gold.md": article("Goldpreis")}, BASE_CONFIG + "search:\n  enabled: maybe\n")
    run = run_build(site)
    assert run.code == 1
    line = BASE_CONFIG.count("\n") + 2
    assert problem_lines(run) == [f"config.yaml:{line}: search.enabled must be true or false, not 'maybe' "
                                  "— e.g. enabled: false"]


def _counting(monkeypatch) -> list[int]:
    """Count Pagefind runs (the real one still runs)."""
    calls, real = [], search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda docs: calls.append(len(docs)) or real(docs))
    return calls


def test_a_rebuild_with_unchanged_articles_reuses_the_kept_index(news, monkeypatch):
    calls = _counting(monkeypatch)
    assert run_build(news).code == 0
    first = tree(news / "output" / "pagefind")
    (news / "content/pages/impressum.md").write_text("---\ntitle: Impressum\n---\nNeue Anschrift.\n")
    assert run_build(news).code == 0
    assert calls == [1, 1]  # the Impressum changed, no article: both shards came from the store
    assert tree(news / "output" / "pagefind") == first
    (news / "content/news/zins.md").write_text(article("Notenbank erhöht den Zins", "14.09.2023", "",
                                                       body="Die Zinserhöhung trifft vor allem Sparer.\n"))
    assert run_build(news).code == 0
    assert calls == [1, 1, 1]  # only the shard "2023" was indexed again
    assert "vor allem Sparer" in fragments(news / "output")["/news/notenbank-erhoeht-den-zins/"]["content"]


def test_the_index_is_byte_identical_from_a_clean_build(news):
    assert run_build(news, "--no-cache", "--output", "a").code == 0
    assert run_build(news, "--no-cache", "--output", "b").code == 0
    a, b = tree(news / "a" / "pagefind"), tree(news / "b" / "pagefind")
    assert a == b and len(a) >= 5


def test_a_missing_pagefind_is_one_line_exit_2_and_the_output_stays(news, monkeypatch):
    assert run_build(news, "--no-cache").code == 0
    before = tree(news / "output")
    import pagefind_bin_extended

    def missing():
        raise FileNotFoundError("Could not find pagefind_extended")
    monkeypatch.setattr(pagefind_bin_extended, "get_executable", missing)
    (news / "content/news/neu.md").write_text(article("Neuer Artikel"))
    run = run_build(news, "--no-cache")
    assert run.code == 2
    assert run.err.strip().splitlines() == [
        "error: search: Pagefind is not installed (its binary pagefind_extended is missing) — install it with: "
        ".venv/bin/pip install 'pagefind[extended]==1.4.0', or set search: {enabled: false} in config.yaml"]
    assert tree(news / "output") == before


def test_a_failing_pagefind_is_one_line_exit_2(news, monkeypatch, tmp_path):
    fake = tmp_path / "pagefind_extended"
    fake.write_text("#!/bin/sh\necho 'Error: cannot read the site' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    run = run_build(news, "--no-cache")
    assert run.code == 2
    assert run.err.strip().splitlines() == [
        "error: search: Pagefind failed with exit code 3: Error: cannot read the site — install it with: "
        ".venv/bin/pip install 'pagefind[extended]==1.4.0', or set search: {enabled: false} in config.yaml"]
    assert not (news / "output").exists()


def test_under_a_base_path_the_search_page_tells_its_script_where_the_bundle_is(make_site):
    site = make_site({"content/news/gold.md": article("Goldpreis")},
                     SEARCH_ON.replace("base_url: https://www.example.de/", "base_url: https://www.example.de/blog/"))
    assert run_build(site).code == 0
    text = (site / "output" / "suche" / "index.html").read_text()
    assert 'data-base="/blog/"' in text and 'action="/blog/suche/"' in text
    assert sorted(fragments(site / "output")) == ["/news/goldpreis/"]  # the script adds the base path


def test_serve_builds_the_search_page_and_reindexes_when_an_article_comes_or_goes(news, monkeypatch):
    """``serve`` re-indexes a shard when the set of its article pages changes, not on a save of an
    article's text (drafts it shows stay out); a ``build`` afterwards indexes the new text."""
    from datetime import datetime

    from sitegen.preview.session import PreviewSession
    calls = _counting(monkeypatch)
    preview = news / ".cache" / "preview-test"
    session = PreviewSession(news / "config.yaml", preview, now=datetime(2024, 5, 1, 12, 0))
    assert session.rebuild().ok
    assert (preview / "suche" / "index.html").is_file()
    assert sorted(fragments(preview)) == ["/news/goldpreis-auf-rekordhoch/", "/news/notenbank-erhoeht-den-zins/"]
    (news / "content/pages/impressum.md").write_text("---\ntitle: Impressum\n---\nNeue Anschrift.\n")
    assert session.rebuild().ok
    assert calls == [1, 1]
    (news / "content/news/zins.md").write_text(article("Notenbank erhöht den Zins", "14.09.2023", "",
                                                       body="Die Zinserhöhung trifft vor allem Sparer.\n"))
    assert session.rebuild().ok
    assert calls == [1, 1]  # the same article pages: the preview keeps its index
    (news / "content/news/gold.md").write_text(article("Goldpreis fällt", "08.03.2024", "09:30"))
    assert session.rebuild().ok
    assert calls == [1, 1, 1]  # its shard "2024-03" only
    assert "/news/goldpreis-faellt/" in fragments(preview)
    assert "vor allem Sparer" not in fragments(preview)["/news/notenbank-erhoeht-den-zins/"]["content"]  # its shard kept
    assert run_build(news).code == 0
    assert "vor allem Sparer" in fragments(news / "output")["/news/notenbank-erhoeht-den-zins/"]["content"]
