"""The first thing an editor does: build a one-article site."""

from conftest import article, run_build


def test_article_written_as_an_editor_would_appears_on_home_and_its_page(make_site):
    site = make_site({
        "content/news/meta.md": article('"Metas KI-Offensive: Open Source als Waffe"', tags="[Technologie, KI, Aktien]",
                                        body="Einleitung.\n\n## Erster Abschnitt\n\nText.\n"),
    })
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    assert run.out.startswith("built 11 pages (26 files written, 0 unchanged, 0 deleted) from 1 article in ")
    page = (site / "output/news/metas-ki-offensive-open-source-als-waffe/index.html").read_text()
    assert '<time datetime="2024-04-25T14:48:00+02:00">' in page
    assert "25.04.2024" in page and "14:48 Uhr" in page
    assert '<h2 id="erster-abschnitt">Erster Abschnitt</h2>' in page
    home = (site / "output/index.html").read_text()
    assert "Metas KI-Offensive: Open Source als Waffe" in home
