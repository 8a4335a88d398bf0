"""Pages rendered and checked on several processes give the same site and problems as one process."""

from __future__ import annotations

import pytest

from conftest import NOW, article, problem_lines, run_build, tree
from sitegen.render import parallel


@pytest.fixture
def parallel_always(monkeypatch):
    """Every batch of pages goes to the workers (the real threshold is 256 pages), in chunks of 2."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "CHUNK", 2)


def _site(make_site, name: str, extra: dict[str, str] | None = None):
    files = {f"content/news/2024-04-{day:02d}-artikel-{day}.md":
             article(f"Goldpreis am {day}. April", date=f"{day:02d}.04.2024", tags="[Gold, Silber]",
                     body=f"Der Preis stieg um {day} Prozent.\n\n## Ausblick\n\nMehr folgt.\n")
             for day in range(1, 13)}
    return make_site({**files, **(extra or {})}, name=name)


def test_pages_from_workers_equal_pages_from_one_process(make_site, parallel_always):
    one = _site(make_site, "one")
    many = _site(make_site, "many")
    assert run_build(one, *NOW, "--output", "out", "--jobs", "1").code == 0
    done = run_build(many, *NOW, "--output", "out", "--jobs", "2")
    assert done.code == 0, done.err
    pages = tree(many / "out")
    assert pages == tree(one / "out")
    assert len([p for p in pages if p.endswith(".html")]) > 12  # articles, lists, tags: more than one chunk


def test_problems_from_workers_are_the_same_in_the_same_order(make_site, parallel_always):
    body = "Ein Absatz.\n\n<h1>Zweite Überschrift</h1>\n\n<img src=\"https://tracker.example.com/p.gif\">\n"
    extra = {"content/news/2024-04-20-fremd.md": article("Fremde Inhalte", date="20.04.2024", body=body)}
    config_html = "\nmarkdown:\n  allow_html: true\n"
    runs = []
    for name, jobs in (("one", "1"), ("many", "2")):
        site = _site(make_site, name, extra)
        (site / "config.yaml").write_text((site / "config.yaml").read_text() + config_html, encoding="utf-8")
        runs.append(run_build(site, *NOW, "--output", "out", "--jobs", jobs))
    one, many = runs
    assert many.code == one.code == 1
    assert problem_lines(many) == problem_lines(one)
    assert any("has 2 h1 headings, not exactly one" in line for line in problem_lines(many))
    assert any("would load https://tracker.example.com/p.gif from another host" in line
               for line in problem_lines(many))


def test_a_template_error_from_a_worker_names_the_template_line(make_site, parallel_always):
    site = _site(make_site, "broken")
    template = site / "themes" / "default" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", "</h1>{{ article.titel }}", 1),
                        encoding="utf-8")
    done = run_build(site, *NOW, "--output", "out", "--jobs", "2")
    assert done.code == 1
    lines = [line for line in problem_lines(done) if "article.html" in line]
    assert len(lines) == 1 and "template error: ArticleView has no field 'titel'" in lines[0]
    assert not (site / "out").exists()
