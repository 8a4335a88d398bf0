"""The Markdown stage: heading ids, raw HTML, code fences, tables, footnotes, quotes."""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import lxml.html

from conftest import BASE_CONFIG, article, case_files, run_build, tree
from sitegen.content.markdown import render_markdown, smart_quotes

NOW = ("--now", "2024-05-01 12:00")



def prose(page: str) -> str:
    return page.split('<div class="prose">', 1)[1].split("</div>", 1)[0].strip()


class Scan(HTMLParser):
    """Collects ids, in-page links, element names and attribute names of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.anchors: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attrs: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs.add(name)
            if name == "id":
                self.ids[value] += 1
            if name == "href":
                self.hrefs.append(value or "")
                if value and value.startswith("#"):
                    self.anchors.append(value[1:])


def scan(html: str) -> Scan:
    s = Scan()
    s.feed(html)
    return s


# --- 024 heading ids ------------------------------------------------------------

def test_heading_ids_use_the_slug_rule_and_repeated_headings_get_a_suffix(make_site):
    site = make_site(case_files("024-heading-anchor-umlauts"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/zinswende-was-anleger-wissen-muessen/index.html").read_text()
    ids = re.findall(r'<h([23]) id="([^"]+)">', prose(page))
    assert ids == [("2", "was-bedeutet-die-zinswende-fuer-anleger"), ("2", "gold-silber-im-vergleich"),
                   ("2", "der-dax-im-hoehenflug"), ("3", "steuern-was-ist-zu-beachten"), ("2", "fazit"),
                   ("2", "fazit-2"), ("2", "uebersicht")]
    found = scan(page)
    assert all(count == 1 for count in found.ids.values())
    assert found.anchors and all(a in found.ids for a in found.anchors)


def test_heading_named_like_a_theme_landmark_does_not_steal_its_id(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="## Inhalt\n\nText.\n\n## Newsletter\n\nText.\n")})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/gold/index.html").read_text()
    assert '<h2 id="inhalt-2">Inhalt</h2>' in page and '<h2 id="newsletter-2">Newsletter</h2>' in page
    assert '<a class="skip-link" href="#inhalt">' in page
    assert all(count == 1 for count in scan(page).ids.values())


def test_level_one_heading_in_the_body_becomes_h2_with_a_warning(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="Einleitung.\n\n# Abschnitt\n\nText.\n")})
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: content/news/gold.md:9: a level-1 heading in the body is shown as a section heading (h2) "
        "— the title is the page's only h1; start sections with ##"]
    page = (site / "output/news/gold/index.html").read_text()
    assert '<h2 id="abschnitt">Abschnitt</h2>' in page and page.count("<h1") == 1


# --- 025 raw HTML and injection ---------------------------------------------------

def test_raw_html_is_escaped_with_a_warning_naming_file_and_line(make_site):
    site = make_site(case_files("025-raw-html-script-injection"))
    run = run_build(site, *NOW)
    assert run.code == 0
    hint = "— write it in Markdown, or set markdown.allow_html: true in config.yaml"
    escaped = [f"warning: content/news/article.md:{line}: raw HTML is shown as text, not run {hint}"
               for line in (10, 12, 16)]
    assert run.err.splitlines() == [*escaped[:2], (
        "warning: content/news/article.md:14: link to a javascript: address is shown as text, not as a link "
        "— javascript:, vbscript:, file: and data: links are never published; link a page or an https address"),
        escaped[2]]
    page = (site / "output/news/gold-script-alert-titel-script-silber-krisenwaehrung/index.html").read_text()
    assert prose(page) == (
        "<p>Ein Leser hat diesen Text per Formular eingereicht.</p>\n"
        "<p>&lt;script&gt;alert('body')&lt;/script&gt;</p>\n"
        "<p>&lt;img src=&quot;x&quot; onerror=&quot;alert('img')&quot;&gt;</p>\n"
        "<p>[Zum Depot](javascript:alert(‚link‘))</p>\n"
        "<p>&lt;a href=&quot;https://example.com&quot; onclick=&quot;alert('a')&quot;&gt;Kurse&lt;/a&gt;</p>\n"
        "<p>Normaler <strong>fetter</strong> Text &amp; ein Vergleich: 5 &lt; 7 &gt; 3.</p>")


def test_front_matter_is_escaped_in_title_h1_description_and_tag_links(make_site):
    site = make_site(case_files("025-raw-html-script-injection"))
    assert run_build(site, *NOW).code == 0
    out = site / "output"
    page = (out / "news/gold-script-alert-titel-script-silber-krisenwaehrung/index.html").read_text()
    title = "Gold &lt;script&gt;alert(‚titel‘)&lt;/script&gt; &amp; Silber: „Krisenwährung“"
    assert f"<title>{title} | Testseite</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert '<meta name="description" content="Kurse &lt;/title&gt;&lt;script&gt;alert(‚summary‘)&lt;/script&gt;">' in page
    assert '<a class="tag" href="/themen/b-gold-b/" rel="tag">&lt;b&gt;Gold&lt;/b&gt;</a>' in page
    json_ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(json_ld) == 1 and "</script" not in json_ld[0].lower()
    assert json.loads(json_ld[0])["headline"] == "Gold <script>alert(‚titel‘)</script> & Silber: „Krisenwährung“"
    for rel, data in tree(out).items():
        if rel.endswith(".html"):
            text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", data.decode(), flags=re.S)
            found = scan(text)
            assert found.tags["script"] == 0 and found.tags["img"] == 0, rel
            assert not any(a.startswith("on") for a in found.attrs), rel
            assert not any(h.lower().startswith("javascript:") for h in found.hrefs), rel


def test_raw_html_passes_when_config_allows_it(make_site):
    config = BASE_CONFIG + "markdown:\n  allow_html: true\n"
    site = make_site({"content/news/gold.md": article("Gold", body='Text <abbr title="Euro">EUR</abbr>.\n')},
                     config=config)
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    assert '<p>Text <abbr title="Euro">EUR</abbr>.</p>' in (site / "output/news/gold/index.html").read_text()


def test_javascript_link_is_never_rendered_as_a_link():
    html = render_markdown("[Depot](javascript:alert(1)) und [ok](https://example.org)\n").html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">ok</a>' in html


# --- 026 unclosed code fence --------------------------------------------------

def test_unclosed_code_fence_runs_to_the_end_with_a_warning_at_its_line(make_site):
    site = make_site(case_files("026-unclosed-code-fence"))
    run = run_build(site, *NOW)
    assert run.code == 0
    assert run.err.splitlines() == [
        "warning: content/news/article.md:9: the code block opened with ``` is never closed "
        "— add a line containing only ``` after the code"]
    page = (site / "output/news/kursdaten-per-api-abrufen/index.html").read_text()
    body = prose(page)
    assert body.count('<pre><code class="language-python">') == 1
    assert body.endswith("~~~\nEin Tilde-Zaun schließt keinen Backtick-Block.\n~~~\n</code></pre>")
    assert "<h2" not in body
    assert page.count("<footer") == 1 and page.rstrip().endswith("</html>")


def test_closed_fences_give_no_warning():
    body = "```python\nx = 1\n```\n\n~~~~\ncode\n~~~~~\n\n````\n```\nnested\n```\n````\n"
    assert render_markdown(body).notes == ()


def test_home_teaser_is_cut_from_plain_text_not_from_markdown(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="Der **Goldpreis** `steigt` weiter.\n\n```\ncode\n")})
    assert run_build(site, *NOW).code == 0
    page = (site / "output/news/gold/index.html").read_text()
    assert '<meta name="description" content="Der Goldpreis steigt weiter.">' in page


# --- 028 tables and footnotes -----------------------------------------------------

def test_table_columns_keep_their_alignment_and_escaped_pipe(make_site):
    site = make_site(case_files("028-tables-and-footnotes"))
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/edelmetallkurse-im-wochenvergleich/index.html").read_text()
    assert ('<thead>\n<tr>\n<th class="align-left">Metall</th>\n'
            '<th class="align-right">Kurs (€/Unze)</th>\n'
            '<th class="align-right">Veränderung</th>\n</tr>\n</thead>') in page
    assert ('<tr>\n<td class="align-left">Platin | Palladium</td>\n'
            '<td class="align-right">880,00</td>\n<td class="align-right">±0,0 %</td>\n</tr>') in page
    assert '<td class="align-right">2.175,40</td>' in page
    assert page.count("<tr>") == 4


def test_footnotes_link_both_ways_in_order_and_no_page_repeats_an_id(make_site):
    site = make_site(case_files("028-tables-and-footnotes"))
    assert run_build(site, *NOW).code == 0
    out = site / "output"
    page = (out / "news/edelmetallkurse-im-wochenvergleich/index.html").read_text()
    assert '<p>Die Kurse im Überblick<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>:</p>' in page
    assert '<li id="fn1" class="footnote-item"><p>Eigene Berechnung, Schlusskurse Freitag. ' \
           '<a href="#fnref1" class="footnote-backref">↩︎</a></p>' in page
    assert '<li id="fn2" class="footnote-item"><p>Laut Händlerangaben.' in page
    for rel, data in tree(out).items():
        if rel.endswith(".html"):
            found = scan(data.decode())
            assert [i for i, n in found.ids.items() if n > 1] == [], rel
            assert [a for a in found.anchors if a not in found.ids] == [], rel


# --- typographic quotes -----------------------------------------------------------

def test_german_quotes_in_body_title_and_summary_but_not_in_code(make_site):
    body = 'Der "sichere Hafen" ist gefragt, sagt\'s der Händler.\n\n`a = "x"`\n\n```\nb = "y"\n```\n'
    site = make_site({"content/news/gold.md": article(
        "'Gold ist der \"sichere Hafen\"'", body=body, extra="summary: Das 'Krisenmetall' glänzt")})
    run = run_build(site, *NOW)
    assert (run.code, run.err) == (0, "")
    page = (site / "output/news/gold-ist-der-sichere-hafen/index.html").read_text()
    assert "<h1>Gold ist der „sichere Hafen“</h1>" in page
    assert "<title>Gold ist der „sichere Hafen“ | Testseite</title>" in page
    assert '<p class="lead">Das ‚Krisenmetall‘ glänzt</p>' in page
    assert prose(page) == (
        "<p>Der „sichere Hafen“ ist gefragt, sagt’s der Händler.</p>\n"
        "<p><code>a = &quot;x&quot;</code></p>\n"
        "<pre><code>b = &quot;y&quot;\n</code></pre>")
    home = (site / "output/index.html").read_text()
    assert "Gold ist der „sichere Hafen“</a>" in home


def test_smart_quotes_of_plain_text():
    assert smart_quotes('Der "sichere Hafen"') == "Der „sichere Hafen“"
    assert smart_quotes("Anleger's 'Liebling'") == "Anleger’s ‚Liebling‘"
    assert smart_quotes("ohne Anführungszeichen") == "ohne Anführungszeichen"
    assert smart_quotes("5 < 7 & *fett*") == "5 < 7 & *fett*"


# --- the pure stage -----------------------------------------------------------------

def test_render_markdown_returns_word_count_and_first_paragraph():
    result = render_markdown("## Lage\n\nDer *Goldpreis* steigt\nweiter.\n\n- eins\n- zwei\n")
    assert result.first_paragraph == "Der Goldpreis steigt weiter."
    assert result.word_count == 7  # Lage Der Goldpreis steigt weiter. eins zwei
    assert [(h.level, h.id, h.text) for h in result.headings] == [(2, "lage", "Lage")]
    assert result.notes == ()


def test_render_markdown_is_pure_for_equal_input():
    body = "## Fazit\n\n## Fazit\n\nText[^1].\n\n[^1]: Quelle.\n"
    assert render_markdown(body) == render_markdown(body)
    assert [h.id for h in render_markdown(body).headings] == ["fazit", "fazit-2"]


# --- allowed raw HTML is sanitised ------------------------------------------------

ALLOW = BASE_CONFIG + "markdown:\n  allow_html: true\n"
NO_SCRIPT = "scripts never run on the site's pages; markdown.allow_html keeps plain markup only (see README: Raw HTML)"


def test_allowed_raw_html_loses_scripts_handlers_and_javascript_links_with_a_warning_each(make_site):
    body = ("Text.\n\n<script>alert(1)</script>\n\n"
            'Ein <a href="javascript:alert(2)">Link</a> und\n<b onclick="alert(3)">fett</b>.\n\n'
            '<iframe src="https://example.org/x"></iframe>\n\n'
            '<figure><img src="https://www.example.de/a.png" alt="A"><figcaption>Bild</figcaption></figure>\n\n'
            '<table><tr><td>1</td></tr></table>\n')
    site = make_site({"content/news/gold.md": article("Gold", body=body)}, config=ALLOW)
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    assert run.err.splitlines() == [
        "warning: content/news/gold.md: table 1 has no header row — give its first row the column names (in "
        "Markdown the row above |---|): screen readers read them with each cell (WCAG 1.3.1)",  # content/a11ycheck
        f"warning: content/news/gold.md:9: <script> removed from raw HTML (with its content) — {NO_SCRIPT}",
        "warning: content/news/gold.md:11: javascript: URL removed from raw HTML <a href> "
        "— link an http(s), mailto or tel address, or a page of the site",
        f"warning: content/news/gold.md:12: event handler onclick= removed from raw HTML <b> — {NO_SCRIPT}",
        "warning: content/news/gold.md:14: <iframe> removed from raw HTML (its text is kept) "
        "— markdown.allow_html keeps plain markup only (see README: Raw HTML)"]
    html = prose((site / "output/news/gold/index.html").read_text())
    found = scan(html)
    assert not {"script", "iframe"} & set(found.tags)
    assert not any(a.startswith("on") for a in found.attrs) and "alert" not in html
    assert 'Ein <a>Link</a> und\n<b>fett</b>.' in html
    assert '<figure><img src="https://www.example.de/a.png" alt="A"><figcaption>Bild</figcaption></figure>' in html
    assert "<table><tbody><tr><td>1</td></tr></tbody></table>" in html


def test_markdown_javascript_link_is_text_with_a_warning(make_site):
    for config in (BASE_CONFIG, ALLOW):
        site = make_site({"content/news/gold.md": article("Gold", body="Text.\n\n[Depot](javascript:alert(1))\n")},
                         config=config, name=f"site{len(config)}")
        run = run_build(site, *NOW)
        assert run.code == 0
        assert run.err.splitlines() == [
            "warning: content/news/gold.md:9: link to a javascript: address is shown as text, not as a link "
            "— javascript:, vbscript:, file: and data: links are never published; link a page or an https address"]
        assert "<p>[Depot](javascript:alert(1))</p>" in (site / "output/news/gold/index.html").read_text()


def test_escaped_inline_html_is_reported_at_its_own_line(make_site):
    site = make_site({"content/news/gold.md": article("Gold", body="Erste Zeile,\nzweite <b>fett</b>,\ndritte <i>x</i>.\n")})
    run = run_build(site, *NOW)
    assert run.code == 0
    hint = "— write it in Markdown, or set markdown.allow_html: true in config.yaml"
    assert run.err.splitlines() == [f"warning: content/news/gold.md:{line}: raw HTML is shown as text, not run {hint}"
                                    for line in (8, 9)]


def test_cleaning_keeps_everything_markdown_itself_makes():
    body = ("## Fazit & \"Ausblick\"\n\nText *a* **b** ~~c~~ `code <x>` [l](gold.md?a=1&b=2 \"T\") "
            "![i](c.png \"t\") Fußnote[^1].\n\n| L | R | C |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n\n> Zitat\n\n"
            "3. drei\n4. vier\n\n```python\nprint(\"<b>\")\n```\n\n---\n\nZeile  \nUmbruch\n\n[^1]: Die Note.\n")
    escaped, cleaned = render_markdown(body, allow_html=False), render_markdown(body, allow_html=True)
    assert (cleaned.notes, escaped.notes) == ((), ())

    def canonical(html: str) -> list[bytes]:
        return [lxml.html.tostring(f) if not isinstance(f, str) else f.encode()
                for f in lxml.html.fragments_fromstring(html)]

    assert canonical(cleaned.html) == canonical(escaped.html)
    assert 'class="align-right"' in cleaned.html and "style=" not in cleaned.html and 'id="fnref1"' in cleaned.html


def test_every_form_of_blocked_link_is_text_with_a_warning_at_its_line():
    for body, scheme in (("Text\n[a](JaVaScRiPt:x)\n", "javascript"), ("Text\n<javascript:alert(1)>\n", "javascript"),
                         ("Text\n[a]: vbscript:x\n\n[a]\n", "vbscript"), ("Text\n[a](<file:///etc/hosts>)\n", "file"),
                         ("Text\n![i](data:text/html;base64,AAA)\n", "data")):
        rendered = render_markdown(body)
        assert 'href="' not in rendered.html and 'src="' not in rendered.html, body
        assert [(n.line, n.message) for n in rendered.notes] == [
            (1, f"link to a {scheme}: address is shown as text, not as a link")], body
    assert render_markdown("Ein ![Bild](data:image/png;base64,AAA) und a < b: c\n").notes == ()


# --- archive syntax (issue 11): the teaser marker, heading attributes ---------------

def test_more_marker_inside_a_paragraph_ends_the_teaser_after_that_paragraph():
    body = render_markdown("Erster Satz <!--more--> zweiter Satz.\n\nDanach.\n")
    assert body.teaser == "Erster Satz zweiter Satz."
    assert body.html == "<p>Erster Satz  zweiter Satz.</p>\n<p>Danach.</p>\n"
    assert body.notes == ()


def test_more_marker_in_code_stays_code_and_no_marker_means_no_teaser():
    body = render_markdown("```html\n<!-- more -->\n```\n\nText.\n")
    assert body.teaser == ""
    assert "&lt;!-- more --&gt;" in body.html


def test_heading_attributes_with_classes_and_without_an_id():
    body = render_markdown("## Zinsen {#zins .wichtig}\n\n## Ohne {.klasse}\n")
    assert [(h.id, h.text) for h in body.headings] == [("zins", "Zinsen"), ("ohne-klasse", "Ohne {.klasse}")]
