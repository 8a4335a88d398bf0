"""Publishing features as a reader or a crawler sees them on the built output.

Every test runs the real command line (``build.py build``) on a small site and
reads the HTML files it wrote: pagination and archives, article navigation,
reading time, updates, the 404 page, the SEO head and JSON-LD, fingerprinted
assets, legal pages, the risk notice, sponsored articles and scheduling.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html

from conftest import BASE_CONFIG, article, run_build, tree

NOW = ("--now", "2024-05-01 12:00")
PAGED = BASE_CONFIG + "pagination:\n  page_size: 2\n"

# Five articles, newest first: e, d, c, b (April 2024) and a (March 2024).
FIVE = {
    "content/news/a.md": article("Artikel A", date="10.03.2024"),
    "content/news/b.md": article("Artikel B", date="02.04.2024"),
    "content/news/c.md": article("Artikel C", date="05.04.2024"),
    "content/news/d.md": article("Artikel D", date="10.04.2024"),
    "content/news/e.md": article("Artikel E", date="20.04.2024"),
}


def built(make_site, files, config=BASE_CONFIG, *args) -> Path:
    site = make_site(files, config)
    run = run_build(site, *NOW, *args)
    assert run.code == 0, run.err
    return site / "output"


def page(out: Path, url: str):
    """The parsed HTML of the page at root-relative ``url`` (``/seite/2/``)."""
    rel = url.lstrip("/")
    path = out / rel / "index.html" if not rel.endswith(".html") else out / rel
    assert path.is_file(), f"{url} was not built"
    return lxml.html.fromstring(path.read_bytes())


def text(doc) -> str:
    return " ".join(doc.text_content().split())


def head_link(doc, rel: str) -> str | None:
    found = doc.xpath(f'//head/link[@rel="{rel}"]/@href')
    assert len(found) <= 1, found
    return found[0] if found else None


def meta(doc, key: str) -> str | None:
    found = doc.xpath(f'//head/meta[@name="{key}" or @property="{key}"]/@content')
    assert len(found) <= 1, (key, found)
    return found[0] if found else None


def teaser_titles(doc) -> list[str]:
    return [a.text_content().strip() for a in doc.xpath('//ol[@class="article-list"]//h2/a')]


def pager(doc) -> dict[str, str]:
    """The visible pager: {"prev": href, "next": href, "position": text}."""
    nav = doc.xpath('//nav[@class="pagination"]')
    if not nav:
        return {}
    found = {a.get("rel"): a.get("href") for a in nav[0].xpath(".//a")}
    found["position"] = nav[0].xpath('.//span[@class="position"]')[0].text_content().strip()
    return found


def json_ld(doc) -> dict:
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


# --- pagination, tags, archives -------------------------------------------------------------

def test_home_pagination_with_rel_prev_next_and_visible_pager(make_site):
    out = built(make_site, FIVE, PAGED)
    first, second, third = page(out, "/"), page(out, "/seite/2/"), page(out, "/seite/3/")
    assert teaser_titles(first) == ["Artikel E", "Artikel D"]
    assert teaser_titles(second) == ["Artikel C", "Artikel B"]
    assert teaser_titles(third) == ["Artikel A"]
    assert not (out / "seite" / "4").exists() and not (out / "seite" / "1").exists()

    assert (head_link(first, "prev"), head_link(first, "next")) == (None, "/seite/2/")
    assert (head_link(second, "prev"), head_link(second, "next")) == ("/", "/seite/3/")
    assert (head_link(third, "prev"), head_link(third, "next")) == ("/seite/2/", None)

    assert pager(first) == {"next": "/seite/2/", "position": "Seite 1 von 3"}
    assert pager(second) == {"prev": "/", "next": "/seite/3/", "position": "Seite 2 von 3"}
    assert pager(third) == {"prev": "/seite/2/", "position": "Seite 3 von 3"}
    assert "Seite 2" in second.findtext(".//title")
    assert head_link(second, "canonical") == "https://www.example.de/seite/2/"


def test_no_pager_when_everything_fits_on_one_page(make_site):
    out = built(make_site, FIVE)
    home = page(out, "/")
    assert len(teaser_titles(home)) == 5
    assert pager(home) == {} and head_link(home, "next") is None
    assert not (out / "seite").exists()


def test_tag_pages_are_paginated(make_site):
    out = built(make_site, FIVE, PAGED)
    first, second, third = (page(out, u) for u in ("/themen/gold/", "/themen/gold/seite/2/", "/themen/gold/seite/3/"))
    assert teaser_titles(first) == ["Artikel E", "Artikel D"]
    assert teaser_titles(second) == ["Artikel C", "Artikel B"]
    assert teaser_titles(third) == ["Artikel A"]
    assert head_link(second, "prev") == "/themen/gold/" and head_link(second, "next") == "/themen/gold/seite/3/"
    assert pager(third) == {"prev": "/themen/gold/seite/2/", "position": "Seite 3 von 3"}
    assert "Gold" in text(page(out, "/themen/")) and "/themen/gold/" in page(out, "/themen/").xpath("//main//a/@href")


def test_archives_by_year_and_month_with_an_index_and_counts(make_site):
    out = built(make_site, FIVE, PAGED)
    year = page(out, "/archiv/2024/")
    assert teaser_titles(year) == ["Artikel E", "Artikel D"]
    assert teaser_titles(page(out, "/archiv/2024/seite/3/")) == ["Artikel A"]
    assert head_link(year, "next") == "/archiv/2024/seite/2/"

    april = page(out, "/archiv/2024/04/")
    assert "April 2024" in april.xpath("//h1")[0].text_content()
    assert teaser_titles(april) == ["Artikel E", "Artikel D"]
    assert teaser_titles(page(out, "/archiv/2024/04/seite/2/")) == ["Artikel C", "Artikel B"]
    assert not (out / "archiv" / "2024" / "04" / "seite" / "3").exists()
    march = page(out, "/archiv/2024/03/")
    assert "März 2024" in march.xpath("//h1")[0].text_content() and teaser_titles(march) == ["Artikel A"]

    index = page(out, "/archiv/")
    entries = [(" ".join(li.text_content().split()), li.xpath(".//a/@href")[0])
               for li in index.xpath('//ul[@class="archive-list"]/li')]
    assert entries == [("April 2024 (4 Beiträge)", "/archiv/2024/04/"),
                       ("März 2024 (1 Beitrag)", "/archiv/2024/03/"),
                       ("2024 (5 Beiträge)", "/archiv/2024/")] or entries == [
                       ("2024 (5 Beiträge)", "/archiv/2024/"),
                       ("April 2024 (4 Beiträge)", "/archiv/2024/04/"),
                       ("März 2024 (1 Beitrag)", "/archiv/2024/03/")]
    assert "/archiv/" in page(out, "/").xpath("//a/@href")


# --- article page -------------------------------------------------------------------------

def test_previous_and_next_article_links(make_site):
    out = built(make_site, FIVE)

    def nav(slug):
        doc = page(out, f"/news/{slug}/")
        return {a.get("rel"): (a.get("href"), a.text_content().strip())
                for a in doc.xpath('//nav[@class="article-nav"]//a')}

    assert nav("artikel-c") == {"prev": ("/news/artikel-b/", "← Artikel B"),
                                "next": ("/news/artikel-d/", "Artikel D →")}
    assert nav("artikel-e") == {"prev": ("/news/artikel-d/", "← Artikel D")}
    assert nav("artikel-a") == {"next": ("/news/artikel-b/", "Artikel B →")}


def _reading(out: Path, slug: str) -> str:
    return page(out, f"/news/{slug}/").xpath('//span[@class="meta-reading"]')[0].text_content().strip()


def test_reading_time_at_200_words_a_minute_rounded_up(make_site):
    words = lambda n: " ".join(f"Wort{i}" for i in range(n)) + "\n"  # noqa: E731
    out = built(make_site, {
        "content/news/kurz.md": article("Kurz", body="Drei kleine Worte.\n"),
        "content/news/genau.md": article("Genau", body=words(400)),
        "content/news/lang.md": article("Lang", body=words(401)),
    })
    assert _reading(out, "kurz") == "1 Min. Lesezeit"
    assert _reading(out, "genau") == "2 Min. Lesezeit"
    assert _reading(out, "lang") == "3 Min. Lesezeit"


def test_updated_shows_aktualisiert_am_with_machine_date(make_site):
    out = built(make_site, {
        "content/news/neu.md": article("Neu", extra="updated: 2024-04-26 09:30"),
        "content/news/alt.md": article("Alt", date="20.04.2024"),
    })
    doc = page(out, "/news/neu/")
    updated = doc.xpath('//span[@class="meta-updated"]')[0]
    assert " ".join(updated.text_content().split()) == "Aktualisiert am 26.04.2024"
    assert updated.xpath(".//time/@datetime") == ["2024-04-26T09:30:00+02:00"]
    assert meta(doc, "article:modified_time") == "2024-04-26T09:30:00+02:00"
    assert "Aktualisiert" not in text(page(out, "/news/alt/"))


def test_updated_before_date_is_an_error_at_its_line(make_site):
    site = make_site({"content/news/x.md": article("X", extra="updated: 2024-04-24 10:00")})
    run = run_build(site, *NOW)
    assert run.code == 1
    # --- (1), title (2), date (3), time (4), tags (5), updated (6)
    assert "content/news/x.md:6: 'updated' is before 'date'" in run.err
    assert not (site / "output").exists()


# --- 404 ----------------------------------------------------------------------------------

def _links(doc) -> list[str]:
    return [v for v in doc.xpath("//@href | //@src | //form/@action")]


def test_404_page_is_noindex_and_works_at_any_depth(make_site):
    for name, base, prefix in (("root", "https://www.example.de/", "/"), ("sub", "https://example.org/blog/", "/blog/")):
        site = make_site(FIVE, name=name)
        run = run_build(site, *NOW, "--base-url", base)
        assert run.code == 0, run.err
        doc = lxml.html.fromstring((site / "output" / "404.html").read_bytes())
        assert meta(doc, "robots") == "noindex"
        assert "Seite nicht gefunden" in doc.xpath("//h1")[0].text_content()
        internal = [u for u in _links(doc) if not re.match(r"^(https?:|mailto:|tel:|#)", u)]
        assert internal, "the 404 page links back into the site"
        for url in internal:
            assert url.startswith(prefix), f"{url} on 404.html is relative or misses the base path {prefix}"
        assert any(re.fullmatch(re.escape(prefix) + r"assets/css/site\.[0-9a-f]{10}\.css", u) for u in internal)
        assert prefix in doc.xpath('//a[@class="brand"]/@href')
        assert f"{prefix}archiv/" in doc.xpath("//main//a/@href")


# --- SEO head, JSON-LD ------------------------------------------------------------------

LONG = ("Der Goldpreis ist in dieser Woche auf ein neues Rekordhoch gestiegen, weil Anleger angesichts "
        "geopolitischer Spannungen und sinkender Zinserwartungen verstärkt in sichere Häfen flüchten und "
        "Zentralbanken weiterhin große Mengen kaufen.")


def test_title_description_canonical_opengraph_and_twitter(make_site):
    out = built(make_site, {
        "content/news/gold.md": article("Gold steigt", extra='summary: "Kurz gesagt: Gold ist gefragt."'),
        "content/news/lang.md": article("Langer Absatz", body=LONG + "\n\nZweiter Absatz.\n"),
    })
    doc = page(out, "/news/gold-steigt/")
    assert doc.findtext(".//title") == "Gold steigt | Testseite"
    assert meta(doc, "description") == "Kurz gesagt: Gold ist gefragt."
    assert head_link(doc, "canonical") == "https://www.example.de/news/gold-steigt/"
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == "Gold steigt | Testseite"
    assert meta(doc, "og:url") == "https://www.example.de/news/gold-steigt/"
    assert meta(doc, "og:description") == "Kurz gesagt: Gold ist gefragt."
    assert meta(doc, "og:site_name") == "Testseite"
    assert meta(doc, "og:image") is None
    assert meta(doc, "twitter:card") == "summary"
    assert meta(doc, "twitter:title") == "Gold steigt | Testseite"
    assert meta(doc, "twitter:description") == "Kurz gesagt: Gold ist gefragt."
    assert meta(doc, "article:published_time") == "2024-04-25T14:48:00+02:00"

    cut = meta(page(out, "/news/langer-absatz/"), "description")
    assert len(LONG) > 160
    assert cut.endswith("…") and len(cut) <= 160
    stem = cut[:-1]
    assert LONG.startswith(stem) and LONG[len(stem)] == " ", "cut at a word boundary"
    assert len(stem) > 120, "not cut much earlier than needed"
    assert meta(page(out, "/"), "og:type") == "website"
    assert meta(page(out, "/"), "description") == "Eine kleine Testseite"


def test_json_ld_news_article_matches_the_visible_page(make_site):
    config = BASE_CONFIG + "seo:\n  publisher: Testverlag GmbH\n"
    out = built(make_site, {"content/news/gold.md": article(
        "'Gold: Preis & \"Rekord\"'", extra="updated: 2024-04-26 09:30\nauthor: Erika Muster")}, config)
    doc = page(out, "/news/gold-preis-rekord/")
    data = json_ld(doc)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == doc.xpath("//h1")[0].text_content().strip() == 'Gold: Preis & „Rekord“'
    assert data["datePublished"] == "2024-04-25T14:48:00+02:00"
    assert data["dateModified"] == "2024-04-26T09:30:00+02:00"
    assert data["publisher"]["name"] == "Testverlag GmbH" and data["publisher"]["@type"] == "Organization"
    assert data["author"]["name"] == "Erika Muster"
    assert data["mainEntityOfPage"] == head_link(doc, "canonical")
    assert "image" not in data


def test_json_ld_carries_the_lead_image(make_site):
    from PIL import Image
    import io
    buf = io.BytesIO()
    Image.new("RGB", (640, 360), (200, 170, 40)).save(buf, "PNG")
    out = built(make_site, {
        "content/news/chart.png": buf.getvalue(),
        "content/news/gold.md": article("Gold", extra="image: chart.png\nimage_alt: Goldkurs"),
    })
    doc = page(out, "/news/gold/")
    data = json_ld(doc)
    assert data["dateModified"] == data["datePublished"] == "2024-04-25T14:48:00+02:00"
    assert re.fullmatch(r"https://www\.example\.de/bilder/chart\.[0-9a-f]{10}-w640\.png", data["image"][0])
    assert meta(doc, "og:image") == data["image"][0] == meta(doc, "twitter:image")
    assert meta(doc, "twitter:card") == "summary_large_image"


def test_title_with_closing_script_tag_cannot_break_out_of_json_ld(make_site):
    title = "Gold </script><script>alert(1)</script> <!-- steigt"
    out = built(make_site, {"content/news/x.md": article(f"'{title}'", extra="slug: gold-xss")})
    raw = (out / "news" / "gold-xss" / "index.html").read_text(encoding="utf-8")
    assert raw.count("</script>") == 1
    assert raw.count("<script") == 1
    doc = lxml.html.fromstring(raw)
    data = json_ld(doc)
    assert data["headline"] == title == doc.xpath("//h1")[0].text_content()
    assert doc.findtext(".//title") == f"{title} | Testseite"


# --- fingerprinted assets ---------------------------------------------------------------

def test_theme_css_is_fingerprinted_and_renamed_when_it_changes(make_site):
    site = make_site(FIVE)
    assert run_build(site, *NOW).code == 0
    out = site / "output"

    def stylesheet():
        hrefs = {head_link(page(out, u), "stylesheet") for u in ("/", "/news/artikel-a/", "/themen/")}
        assert len(hrefs) == 1
        href = hrefs.pop()
        match = re.fullmatch(r"/assets/css/site\.([0-9a-f]{10})\.css", href)
        assert match, href
        data = (out / href.lstrip("/")).read_bytes()
        assert hashlib.sha256(data).hexdigest()[:10] == match.group(1)
        return href, data

    href, data = stylesheet()
    css = site / "themes" / "default" / "static" / "css" / "site.css"
    assert data == css.read_bytes()
    css.write_bytes(css.read_bytes() + b"\n.neu { color: red; }\n")
    assert run_build(site, *NOW).code == 0
    new_href, new_data = stylesheet()
    assert new_href != href and new_data.endswith(b".neu { color: red; }\n")
    assert not (out / href.lstrip("/")).exists(), "the old fingerprinted file is removed"


# --- legal pages -------------------------------------------------------------------------

IMPRESSUM = "---\ntitle: Impressum\n---\nBildnachweise: eigene Fotos der Redaktion.\n"
DATENSCHUTZ = "---\ntitle: Datenschutz\n---\nWir speichern nur, was nötig ist.\n"
IMPRESSUM_VALUES = ["Testverlag GmbH", "Teststraße 1, 10115 Berlin", "+49 30 1234567-0", "redaktion@example.de",
                    "Amtsgericht Berlin, HRB 000000", "DE000000000", "Erika Test, Anschrift wie oben"]


def test_impressum_shows_every_config_value_then_the_markdown_body(make_site):
    out = built(make_site, {"content/pages/impressum.md": IMPRESSUM, "content/news/a.md": article("A")})
    doc = page(out, "/impressum/")
    shown = text(doc.xpath("//main")[0])
    positions = []
    for value in IMPRESSUM_VALUES:
        assert value in shown, value
        positions.append(shown.index(value))
    assert "§ 18 Abs. 2 MStV" in shown
    body = shown.index("Bildnachweise: eigene Fotos der Redaktion.")
    assert max(positions) < body
    assert "mailto:redaktion@example.de" in doc.xpath("//main//a/@href")
    assert "/impressum/" in page(out, "/").xpath("//footer//a/@href")


def test_missing_impressum_key_is_a_build_error_naming_it(make_site):
    config = BASE_CONFIG.replace("  vat_id: DE000000000\n", "")
    site = make_site({"content/pages/impressum.md": IMPRESSUM, "content/news/a.md": article("A")}, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert "impressum.vat_id" in run.err
    assert not (site / "output").exists()


def test_datenschutz_shows_controller_and_email(make_site):
    out = built(make_site, {"content/pages/datenschutz.md": DATENSCHUTZ, "content/news/a.md": article("A")})
    doc = page(out, "/datenschutz/")
    shown = text(doc.xpath("//main")[0])
    assert "Testverlag GmbH, Teststraße 1, 10115 Berlin" in shown
    assert "datenschutz@example.de" in shown
    assert shown.index("datenschutz@example.de") < shown.index("Wir speichern nur, was nötig ist.")
    assert "mailto:datenschutz@example.de" in doc.xpath("//main//a/@href")


def test_missing_datenschutz_email_is_a_build_error_naming_it(make_site):
    config = BASE_CONFIG.replace("  email: datenschutz@example.de\n", "")
    site = make_site({"content/pages/datenschutz.md": DATENSCHUTZ}, config)
    run = run_build(site, *NOW)
    assert run.code == 1 and "datenschutz.email" in run.err


# --- risk notice, sponsored -------------------------------------------------------------

NOTICE = "Hinweis: Kein Anlagerat, nur Information zum Testen."
NOTICE_CONFIG = BASE_CONFIG + f"disclaimer: \"{NOTICE}\"\n"


def test_risk_notice_sits_between_body_and_related_block(make_site):
    out = built(make_site, {
        "content/news/a.md": article("Gold A", body="Der Körper des Artikels.\n"),
        "content/news/b.md": article("Gold B", date="24.04.2024"),
    }, NOTICE_CONFIG)
    shown = text(page(out, "/news/gold-a/"))
    assert shown.count(NOTICE) == 1
    assert shown.index("Der Körper des Artikels.") < shown.index(NOTICE) < shown.index("Wissenswertes zum Thema")


def test_disclaimer_false_removes_the_notice_with_a_warning_at_its_line(make_site):
    site = make_site({
        "content/news/a.md": article("Gold A", extra="disclaimer: false"),
        "content/news/b.md": article("Gold B", date="24.04.2024"),
    }, NOTICE_CONFIG)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: content/news/a.md:6: ")
    out = site / "output"
    assert NOTICE not in text(page(out, "/news/gold-a/"))
    assert 'class="risk-notice"' not in (out / "news" / "gold-a" / "index.html").read_text(encoding="utf-8")
    assert NOTICE in text(page(out, "/news/gold-b/"))


def test_sponsored_article_says_anzeige_on_its_page_and_in_lists(make_site):
    out = built(make_site, {
        "content/news/a.md": article("Werbung für Barren", extra="sponsored: true"),
        "content/news/b.md": article("Redaktionell", date="24.04.2024"),
    })
    assert page(out, "/news/werbung-fuer-barren/").xpath('//article//span[@class="ad-badge"]/text()') == ["Anzeige"]
    assert "Anzeige" not in text(page(out, "/news/redaktionell/").xpath("//article")[0])
    for url in ("/", "/themen/gold/", "/archiv/2024/04/"):
        teasers = {" ".join(li.xpath(".//h2")[0].text_content().split()): text(li)
                   for li in page(out, url).xpath('//li[@class="article-teaser"]')}
        assert teasers["Werbung für Barren"].startswith("Anzeige"), url
        assert "Anzeige" not in teasers["Redaktionell"], url


# --- scheduling --------------------------------------------------------------------------

SCHEDULED = {
    "content/news/gold.md": article("Gold steigt"),
    "content/news/platin.md": article("Platin plant Sprung", date="02.05.2024", time="10:00",
                                      tags="[Platin, Gold]"),
}


def test_scheduled_article_is_absent_everywhere_until_it_falls_due(make_site):
    site = make_site(SCHEDULED)
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    assert ("next scheduled article: content/news/platin.md at 2024-05-02 10:00 (+0200)") in run.out
    files = tree(site / "output")
    for name, data in files.items():
        assert b"Platin" not in data and b"platin" not in data, name
    assert "themen/platin/index.html" not in files and "news/platin-plant-sprung/index.html" not in files

    run = run_build(site, "--now", "2024-05-02 10:00")
    assert run.code == 0, run.err
    assert "next scheduled" not in run.out
    out = site / "output"
    url = "https://www.example.de/news/platin-plant-sprung/"
    assert "Platin plant Sprung" in teaser_titles(page(out, "/"))
    assert "Platin plant Sprung" in teaser_titles(page(out, "/themen/platin/"))
    assert "Platin plant Sprung" in teaser_titles(page(out, "/themen/gold/"))
    assert "Platin plant Sprung" in teaser_titles(page(out, "/archiv/2024/05/"))
    for feed in ("feed.xml", "rss.xml", "sitemap.xml"):
        assert url in (out / feed).read_text(encoding="utf-8"), feed
    assert meta(page(out, "/news/platin-plant-sprung/"), "robots") is None


# --- menu and newsletter under a sub-path --------------------------------------------------

def test_menu_and_newsletter_urls_move_under_a_sub_path_but_absolute_ones_stay(make_site):
    config = re.sub(r"action_url: .*", "action_url: /newsletter/anmelden", BASE_CONFIG).replace(
        "  - {title: Themen, url: /themen/}\n",
                                 "  - {title: Themen, url: /themen/}\n  - {title: Shop, url: \"https://shop.example.de/\"}\n")
    site = make_site(FIVE, config)
    run = run_build(site, *NOW, "--base-url", "https://example.org/blog/")
    assert run.code == 0, run.err
    home = page(site / "output", "/")
    menu = {a.text_content(): a.get("href") for a in home.xpath('//ul[contains(@class, "menu-desktop")]//a')}
    assert menu == {"Nachrichten": "/blog/", "Themen": "/blog/themen/", "Shop": "https://shop.example.de/"}
    assert home.xpath('//form[@class="newsletter-form"]/@action') == ["/blog/newsletter/anmelden"]

    external = config.replace("action_url: /newsletter/anmelden", "action_url: https://news.example.net/anmelden")
    site = make_site(FIVE, external, name="extern")
    assert run_build(site, *NOW, "--base-url", "https://example.org/blog/").code == 0
    assert page(site / "output", "/").xpath('//form[@class="newsletter-form"]/@action') == [
        "https://news.example.net/anmelden"]
