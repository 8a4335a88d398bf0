"""``sitemap.xml``, ``robots.txt``, ``.nojekyll``, ``CNAME`` and ``_headers`` on the built output.

The lastmod cases follow case 039 (a timed and a date-only article: W3C
Datetime with offset or a bare date, never build time or mtime).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from browserkit import netlify_rules
from conftest import BASE_CONFIG, article, run_build

NOW = ("--now", "2024-05-01 12:00")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

TIMED = """\
---
title: "Zinsentscheid der EZB"
date: 25.04.2024
time: 14:48
tags: [EZB]
---
Die EZB lässt die Zinsen unverändert.
"""

DATE_ONLY = """\
---
title: "Wochenrückblick"
date: 26.04.2024
tags: [EZB]
---
Ohne Uhrzeit.
"""

UPDATED = """\
---
title: "Gold & Silber im Vergleich"
date: 10.04.2024
time: "09:00"
updated: 2024-04-28 10:30
tags: [Gold]
---
Aktualisiert.
"""

SITE = {
    "content/news/artikel.md": TIMED,
    "content/news/nur-datum.md": DATE_ONLY,
    "content/news/aktualisiert.md": UPDATED,
    "content/news/entwurf.md": article("Geheimer Entwurf", date="20.04.2024", tags="[Geheim]", extra="draft: true"),
    "content/news/zukunft.md": article("Kommende Meldung", date="01.06.2024", tags="[Zukunft]"),
}


def build(make_site, *args, files=SITE, config=BASE_CONFIG, name="site") -> Path:
    site = make_site(files, config, name=name)
    run = run_build(site, *NOW, *args)
    assert run.code == 0, run.err
    return site / "output"


def sitemap(out: Path) -> dict[str, str | None]:
    """``{loc: lastmod or None}`` in file order, checked as strict XML in the sitemaps.org namespace."""
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SM}urlset"
    rows = {}
    for url in root.findall(f"{SM}url"):
        assert [child.tag for child in url][:1] == [f"{SM}loc"]
        rows[url.findtext(f"{SM}loc")] = url.findtext(f"{SM}lastmod")
    assert len(rows) == len(root.findall(f"{SM}url"))
    return rows


def html_urls(out: Path, base: str) -> set[str]:
    """The URL of every HTML file in the output (``x/index.html`` → ``x/``)."""
    urls = set()
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        urls.add(base + (rel[:-len("index.html")] if rel.endswith("index.html") else rel))
    return urls


def test_sitemap_lastmod_from_front_matter_with_offset_or_date(make_site):
    rows = sitemap(build(make_site))
    assert rows["https://www.example.de/news/zinsentscheid-der-ezb/"] == "2024-04-25T14:48:00+02:00"
    assert rows["https://www.example.de/news/wochenrueckblick/"] == "2024-04-26"
    assert rows["https://www.example.de/news/gold-silber-im-vergleich/"] == "2024-04-28T10:30:00+02:00"
    assert rows["https://www.example.de/"] == "2024-04-28T10:30:00+02:00"  # newest update it lists
    assert rows["https://www.example.de/themen/ezb/"] == "2024-04-26"
    assert list(rows) == sorted(rows)
    for value in filter(None, rows.values()):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value
        assert not value.startswith("2024-05-01")  # never the build's clock


def test_sitemap_lists_every_indexable_page_and_nothing_else(make_site, tmp_path):
    out = build(make_site)
    rows = sitemap(out)
    assert set(rows) == html_urls(out, "https://www.example.de/") - {"https://www.example.de/404.html"}
    text = (out / "sitemap.xml").read_text()
    for hidden in ("geheimer-entwurf", "kommende-meldung", "geheim/", "zukunft/", "404"):
        assert hidden not in text
    preview = tmp_path / "preview"
    assert run_build(out.parent, *NOW, "--drafts", "--future", "--output", str(preview)).code == 0
    assert (preview / "news" / "geheimer-entwurf" / "index.html").exists()
    preview_text = (preview / "sitemap.xml").read_text()
    assert "geheimer-entwurf" not in preview_text and "kommende-meldung" not in preview_text


def test_sitemap_ignores_file_times_and_is_identical_between_builds(make_site):
    first = build(make_site, name="one")
    second_site = first.parent.parent / "two"
    second = build(make_site, name="two")
    for path in (second_site / "content" / "news").iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert run_build(second_site, *NOW).code == 0
    assert (first / "sitemap.xml").read_bytes() == (second / "sitemap.xml").read_bytes()
    assert (first / "robots.txt").read_bytes() == (second / "robots.txt").read_bytes()
    assert (first / "_headers").read_bytes() == (second / "_headers").read_bytes()


def test_sitemap_escapes_loc(make_site):
    out = build(make_site, "--base-url", "https://www.example.de/a&b/")
    raw = (out / "sitemap.xml").read_text()
    assert "<loc>https://www.example.de/a&amp;b/news/wochenrueckblick/</loc>" in raw
    assert "https://www.example.de/a&b/news/wochenrueckblick/" in sitemap(out)


def test_robots_txt_points_to_the_sitemap(make_site):
    out = build(make_site)
    assert (out / "robots.txt").read_text() == ("User-agent: *\nAllow: /\n"
                                                "Sitemap: https://www.example.de/sitemap.xml\n"
                                                "Sitemap: https://www.example.de/news-sitemap.xml\n")


def test_nojekyll_always_cname_only_when_configured(make_site):
    out = build(make_site, name="plain")
    assert (out / ".nojekyll").read_bytes() == b""
    assert not (out / "CNAME").exists()
    out = build(make_site, config=BASE_CONFIG + "deploy:\n  cname: www.example.de\n", name="custom")
    assert (out / "CNAME").read_bytes() == b"www.example.de\n"
    assert (out / ".nojekyll").exists()


IMMUTABLE = "Cache-Control: public, max-age=31536000, immutable"
CSP = ("Content-Security-Policy: default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self' https://newsletter.example.net; frame-ancestors 'none'")
SECURITY = [CSP, "X-Content-Type-Options: nosniff", "Referrer-Policy: strict-origin-when-cross-origin",
            "Permissions-Policy: camera=(), microphone=(), geolocation=()", "X-Frame-Options: DENY"]


def expected_headers(base: str, folders: list[str]) -> str:
    pages = "".join(f"{base}{f}\n  Cache-Control: no-cache\n" for f in folders)
    security = "".join(f"  {line}\n" for line in SECURITY)
    return ("# Security headers for every path (no Cache-Control here: values of matching rules add up).\n"
            f"{base}*\n{security}"
            "# Fingerprinted files (content hash in the name) never change.\n"
            f"{base}assets/*\n  {IMMUTABLE}\n{base}bilder/*\n  {IMMUTABLE}\n"
            "# HTML pages: always revalidate (one rule per top-level folder, none overlaps the above).\n" + pages)


FOLDERS = ["", "404.html", "archiv/*", "korrekturen/*", "news/*", "themen/*"]


def headers_for(rules, path: str) -> list[str]:
    """Every header line the rules give ``path``, in rule order."""
    return [value for rx, values in rules if rx.match(path) for value in values]


def cache_of(rules, path: str) -> list[str]:
    return [h for h in headers_for(rules, path) if h.startswith("Cache-Control:")]


def test_headers_file_has_a_handful_of_pattern_rules_one_cache_rule_per_path(make_site):
    out = build(make_site)
    text = (out / "_headers").read_text()
    urls = html_urls(out, "/")
    assert text == expected_headers("/", FOLDERS)
    rules = netlify_rules(text)
    assets = [f"/{p.relative_to(out).as_posix()}" for p in (out / "assets").rglob("*") if p.is_file()]
    assert assets
    for path in assets + ["/bilder/gold-3f2a9c.jpg"]:
        assert cache_of(rules, path) == [IMMUTABLE], path
        assert [h for h in headers_for(rules, path) if h in SECURITY] == SECURITY, path
    for url in urls:
        assert cache_of(rules, url) == ["Cache-Control: no-cache"], url
        assert [h for h in headers_for(rules, url) if not h.startswith("Cache")] == SECURITY, url
    assert cache_of(rules, "/news/zinsentscheid-der-ezb") == ["Cache-Control: no-cache"]


def test_headers_rules_do_not_grow_with_the_number_of_articles(make_site):
    files = {f"content/news/a{i}.md": article(f"Meldung Nummer {i}", tags=f"[Thema{i % 3}]") for i in range(60)}
    out = build(make_site, files=files)
    text = (out / "_headers").read_text()
    assert len(html_urls(out, "/")) > 60
    assert text == expected_headers("/", ["", "404.html", "archiv/*", "korrekturen/*", "news/*", "seite/*", "themen/*"])
    assert len(netlify_rules(text)) == 10  # 3 + one per top-level folder, however many articles


def test_everything_moves_under_a_sub_path(make_site):
    out = build(make_site, "--base-url", "https://example.org/blog/")
    rows = sitemap(out)
    assert set(rows) == html_urls(out, "https://example.org/blog/") - {"https://example.org/blog/404.html"}
    assert rows["https://example.org/blog/news/zinsentscheid-der-ezb/"] == "2024-04-25T14:48:00+02:00"
    assert all(loc.startswith("https://example.org/blog/") for loc in rows)
    assert (out / "robots.txt").read_text() == ("User-agent: *\nAllow: /\n"
                                                "Sitemap: https://example.org/blog/sitemap.xml\n"
                                                "Sitemap: https://example.org/blog/news-sitemap.xml\n")
    text = (out / "_headers").read_text()
    assert text == expected_headers("/blog/", FOLDERS)
    assert "/blog/\n  Cache-Control: no-cache\n" in text
    rules = netlify_rules(text)
    assert cache_of(rules, "/blog/assets/css/site.0123abcd.css") == [IMMUTABLE]
    for url in html_urls(out, "/blog/"):
        assert cache_of(rules, url) == ["Cache-Control: no-cache"], url
    assert not any(rx.match("/assets/x.css") for rx, _ in rules)
    for name in ("feed.xml", "rss.xml", "sitemap.xml", "robots.txt", ".nojekyll", "_headers"):
        assert (out / name).exists(), name


SMI = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_becomes_an_index_of_sub_sitemaps_past_the_url_limit(make_site, monkeypatch):
    from sitegen.render import sitemap as module
    whole = sitemap(build(make_site, name="whole"))
    monkeypatch.setattr(module, "MAX_URLS", 3)
    out = build(make_site, name="split")
    index = ET.fromstring((out / "sitemap.xml").read_bytes())
    assert index.tag == f"{SMI}sitemapindex"
    locs = [s.findtext(f"{SMI}loc") for s in index.findall(f"{SMI}sitemap")]
    count = -(-len(whole) // 3)
    assert locs == [f"https://www.example.de/sitemap-{n}.xml" for n in range(1, count + 1)]
    merged: dict[str, str | None] = {}
    for n in range(1, count + 1):
        part = ET.fromstring((out / f"sitemap-{n}.xml").read_bytes())
        assert part.tag == f"{SMI}urlset" and 1 <= len(part) <= 3
        merged.update({u.findtext(f"{SMI}loc"): u.findtext(f"{SMI}lastmod") for u in part})
    assert merged == whole and list(merged) == list(whole)  # every URL once, in order
    first = index.find(f"{SMI}sitemap")
    assert first.findtext(f"{SMI}lastmod") == max(filter(None, list(whole.values())[:3]))
    assert not (out / f"sitemap-{count + 1}.xml").exists()
    assert "Sitemap: https://www.example.de/sitemap.xml\n" in (out / "robots.txt").read_text()


def test_sub_sitemaps_stay_under_the_byte_limit(make_site, monkeypatch):
    from sitegen.render import sitemap as module
    monkeypatch.setattr(module, "MAX_BYTES", 600)
    out = build(make_site)
    parts = sorted(out.glob("sitemap-*.xml"))
    assert len(parts) >= 3
    assert all(len(p.read_bytes()) <= 600 for p in parts)
    assert sum(len(ET.fromstring(p.read_bytes())) for p in parts) == len(html_urls(out, "/")) - 1  # not 404


def host_build(make_site, host: str, name: str, base: str = "") -> Path:
    config = BASE_CONFIG + f"deploy:\n  host: {host}\n"
    return build(make_site, *(["--base-url", base] if base else []), config=config, name=name)


def test_the_host_decides_which_header_file_is_written(make_site):
    expected = {"netlify": {"_headers"}, "cloudflare": {"_headers"}, "Apache": {".htaccess"},
                "github": set(), "s3": set()}
    for host, files in expected.items():
        out = host_build(make_site, host, host.lower())
        assert {f for f in ("_headers", ".htaccess") if (out / f).exists()} == files, host
        assert (out / ".nojekyll").exists()


HTACCESS = """\
# Written by build.py for Apache webspace (deploy.host: apache).
ErrorDocument 404 /blog/404.html
<IfModule mod_headers.c>
  Header always set Content-Security-Policy "default-src 'self'; img-src 'self' data:; object-src 'none'; \
base-uri 'self'; form-action 'self' https://newsletter.example.net; frame-ancestors 'none'"
  Header always set X-Content-Type-Options "nosniff"
  Header always set Referrer-Policy "strict-origin-when-cross-origin"
  Header always set Permissions-Policy "camera=(), microphone=(), geolocation=()"
  Header always set X-Frame-Options "DENY"
  # Fingerprinted files (content hash in the name) never change; HTML always revalidates.
  Header set Cache-Control "public, max-age=31536000, immutable" "expr=%{REQUEST_URI} =~ m#^/blog/(assets|bilder)/#"
  Header set Cache-Control "no-cache" "expr=%{CONTENT_TYPE} =~ m#^text/html#"
</IfModule>
"""


def test_htaccess_for_apache_has_the_same_headers_and_cache_rules(make_site):
    out = host_build(make_site, "apache", "apache", base="https://example.org/blog/")
    assert (out / ".htaccess").read_text() == HTACCESS


def test_redirect_lines_for_htaccess(make_site):
    from sitegen.config.settings import load_config
    from sitegen.render.hostfiles import htaccess_text
    site = make_site({}, BASE_CONFIG.replace("https://www.example.de/", "https://example.org/blog/"))
    config, problems = load_config(site / "config.yaml")
    assert problems == []
    text = htaccess_text([], config, [("/news/alt-1.5/", "/news/neu/")])
    assert text.endswith("<IfModule mod_alias.c>\n"
                         "  RedirectMatch 301 ^/blog/news/alt\\-1\\.5/?$ https://example.org/blog/news/neu/\n"
                         "</IfModule>\n")


def test_an_unknown_host_is_a_one_line_config_error(make_site):
    site = make_site({"content/news/a.md": TIMED}, BASE_CONFIG + "deploy:\n  host: heroku\n")
    run = run_build(site, *NOW)
    assert run.code == 1
    line = BASE_CONFIG.count("\n") + 2
    assert run.err.splitlines()[0] == (f"config.yaml:{line}: deploy.host 'heroku' is not a known host "
                                       "— use one of apache, cloudflare, github, netlify, s3")
    assert not (site / "output").exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.text(max_size=80), publication=st.text(max_size=80))
def test_any_host_or_publication_text_gives_one_line_problems(tmp_path, host, publication):
    """Fuzz rule: whatever the editor types, problems are one line each, never a traceback."""
    import json
    from sitegen.config.settings import load_config
    from sitegen.problems import MAX_PART, format_problem
    path = tmp_path / "config.yaml"
    text = BASE_CONFIG + f"deploy:\n  host: {json.dumps(host)}\nnews:\n  publication: {json.dumps(publication)}\n"
    path.write_text(text, encoding="utf-8")
    config, problems = load_config(path)
    for problem in problems:
        shown = format_problem(problem)
        assert "\n" not in shown and "Traceback" not in shown and len(shown) < 2 * MAX_PART + 200, shown
    if config is not None:
        assert config.publishing.host in ("", "apache", "cloudflare", "github", "netlify", "s3")
        assert config.publishing.news_publication in (publication, "")
