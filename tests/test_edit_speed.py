"""Issue 13 (edits at 10,000 articles): work an edit does not reach is not done again,
and every shortcut gives what the long way gives."""

from __future__ import annotations

from pathlib import Path

from conftest import article, run_build, tree, numbered_articles
from sitegen.output.hostlimits import known_size, measure

NOW = ("--now", "2024-05-01 12:00")


def _size_line(run) -> str:
    return next(line for line in run.out.splitlines() + run.err.splitlines() if line.startswith("output: "))


def test_the_size_line_after_a_publish_equals_a_walk_of_the_folder(make_site):
    site = make_site(numbered_articles(5))
    assert run_build(site, *NOW).code == 0
    out = site / "output"
    (out / ".keep").write_text("kept by the user")  # dot entries move along with each publish
    (out / "news" / ".notes").write_text("12345")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    victim = site / "content/news/a02.md"
    victim.write_text(victim.read_text() + "\nEin neuer Satz.\n")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    size, files = measure(out)
    assert _size_line(run) == f"output: {size / 10**3:,.1f} kB in {files:,} files"


def test_known_size_counts_what_measure_counts(tmp_path):
    files = {"index.html": b"12345", "news/a/index.html": b"abc", ".well-known/security.txt": b"xyz",
             ".htaccess": b"RewriteEngine On\n", "news/.hidden": b"12", ".git/HEAD": b"ref"}
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "link").symlink_to("index.html")
    stamps = {rel: f"{len(data)}:0:0" for rel, data in files.items()
              if rel in ("index.html", "news/a/index.html", ".well-known/security.txt", ".htaccess")}
    stamps["gone.html"] = ""
    assert known_size(tmp_path, stamps, ["news/.hidden", ".git", "link"]) == measure(tmp_path)


PRODUCTS = """\
disclosure:
  producer: Testverlag GmbH, Redaktion
  kinds:
    sells: Die Testverlag GmbH verkauft das Produkt.
  own_products:
    - Test-Goldbarren
"""


def _warnings(run) -> list[str]:
    return sorted(line for line in run.err.splitlines() if "own product" in line)


def test_remembered_product_mentions_give_the_warnings_of_a_clean_build(make_site, tmp_path):
    from conftest import BASE_CONFIG, rows
    site = make_site(numbered_articles(6), BASE_CONFIG + PRODUCTS)
    first = site / "content/news/a01.md"
    first.write_text(first.read_text() + "\nWir verkaufen den Test-Goldbarren.\n")
    assert run_build(site, *NOW).code == 0
    assert set(rows(site, "mentions")) == {"mentions"}
    other = site / "content/news/a03.md"
    steps = [lambda: other.write_text(other.read_text() + "\nAuch hier: test-goldbarren &amp; mehr.\n"),
             lambda: first.write_text(first.read_text().replace("Test-Goldbarren", "Barren")),
             lambda: None,
             lambda: other.unlink()]
    counts = []
    for number, step in enumerate(steps):
        step()
        run = run_build(site, *NOW)
        clean = run_build(site, *NOW, "--output", str(tmp_path / f"clean{number}"), "--no-cache")
        assert (run.code, clean.code) == (0, 0), run.err + clean.err
        assert _warnings(run) == _warnings(clean)
        assert tree(site / "output") == tree(tmp_path / f"clean{number}")
        counts.append(len(_warnings(run)))
    assert counts == [2, 1, 1, 0]


def test_product_mentions_follow_a_changed_product_list(make_site):
    from conftest import BASE_CONFIG
    site = make_site(numbered_articles(4), BASE_CONFIG + PRODUCTS)
    first = site / "content/news/a01.md"
    first.write_text(first.read_text() + "\nWir verkaufen den Silbertaler.\n")
    assert _warnings(run_build(site, *NOW)) == []
    (site / "config.yaml").write_text(BASE_CONFIG + PRODUCTS.replace("Test-Goldbarren", "Silbertaler"))
    assert len(_warnings(run_build(site, *NOW))) == 1


def test_stored_topic_feeds_equal_a_clean_build(make_site, tmp_path, monkeypatch):
    from conftest import rows
    from sitegen.render import topicfeeds
    site = make_site(numbered_articles(8))
    assert run_build(site, *NOW).code == 0
    assert set(rows(site, "topicfeeds")) == {"gold", "zinsen", "silber"}
    made = []
    real = topicfeeds._tag_files
    monkeypatch.setattr(topicfeeds, "_tag_files", lambda tag, *args: made.append(tag.slug) or real(tag, *args))
    victim = site / "content/news/a03.md"
    steps = [lambda: victim.write_text(victim.read_text() + "\nEin neuer Satz.\n"),
             lambda: (site / "content/news/neu.md").write_text(article("Ganz neu", date="30.04.2024", tags="[Öl, Gold]")),
             lambda: (site / "content/news/a05.md").unlink(),
             lambda: victim.write_text(article("Neuer Titel", date="03.03.2024", tags="[Silber]"))]
    remade = []
    for number, step in enumerate(steps):
        step()
        made.clear()
        run = run_build(site, *NOW)
        remade.append(sorted(made))
        clean = run_build(site, *NOW, "--output", str(tmp_path / f"clean{number}"), "--no-cache")
        assert (run.code, clean.code) == (0, 0), run.err + clean.err
        assert tree(site / "output") == tree(tmp_path / f"clean{number}")
    assert remade[0] == ["gold", "zinsen"]  # a03 is tagged Gold and Zinsen: Silber's feeds are kept
    assert "silber" not in remade[1]


def test_a_damaged_stored_topic_feed_is_made_again(make_site, tmp_path):
    from conftest import rows, write_rows
    site = make_site(numbered_articles(4))
    assert run_build(site, *NOW).code == 0
    version, checksum, value = rows(site, "topicfeeds")["gold"]
    write_rows(site, "topicfeeds", {"gold": (version, checksum, value[:-9])})
    victim = site / "content/news/a02.md"
    victim.write_text(victim.read_text() + "\nZusatz.\n")
    run = run_build(site, *NOW)
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean"), "--no-cache")
    assert (run.code, clean.code) == (0, 0), run.err + clean.err
    assert tree(site / "output") == tree(tmp_path / "clean")


def test_feed_values_decode_to_the_files_they_were_made_from():
    from sitegen.store.feedmemo import decode, encode
    files = {"themen/gold/feed.xml": b"<feed>\0</feed>", "themen/gold/rss.xml": "<rss>ä</rss>".encode()}
    assert decode(encode(files)) == files
    assert decode(encode(files)[:-1]) is None
    assert decode(b"not json\0") is None


def _preview(site: Path):
    from datetime import datetime

    from sitegen.preview.session import PreviewSession
    return PreviewSession(site / "config.yaml", site / ".cache" / "preview", now=datetime(2024, 5, 1, 12, 0))


def test_serve_patches_its_folder_after_the_first_publish_and_equals_a_clean_build(make_site, tmp_path, monkeypatch):
    import shutil

    from sitegen.output import writer
    site = make_site(numbered_articles(6))
    session = _preview(site)
    assert session.rebuild().ok
    full = []
    real = writer.sync_output
    preview = site / ".cache/preview"
    monkeypatch.setattr(writer, "sync_output", lambda out, *args, **kwargs:
                        (Path(out) == preview and full.append(1)) or real(out, *args, **kwargs))
    victim = site / "content/news/a03.md"
    steps = [lambda: victim.write_text(victim.read_text() + "\nEin neuer Satz.\n"),
             lambda: (site / "content/news/neu.md").write_text(article("Ganz neu", date="30.04.2024", tags="[Öl]")),
             lambda: (site / "content/news/a05.md").unlink(),
             lambda: victim.write_text(article("Neuer Titel", date="03.03.2024", tags="[Silber]"))]
    for number, step in enumerate(steps):
        step()
        rebuild = session.rebuild()
        assert rebuild.ok, rebuild.problems
        clean = run_build(site, *NOW, "--output", str(tmp_path / f"clean{number}"), "--no-cache")
        assert clean.code == 0, clean.err
        assert tree(site / ".cache/preview") == tree(tmp_path / f"clean{number}")
    assert full == []  # every rebuild patched the folder
    assert not (site / ".cache/preview/news/artikel-5-ueber-gold").exists()  # removed with its folder
    shutil.rmtree(site / ".cache/preview")  # a folder that is not the one published into: published in full
    victim.write_text(victim.read_text() + "\nNoch ein Satz.\n")
    assert session.rebuild().ok and full == [1]
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean-last"), "--no-cache")
    assert tree(site / ".cache/preview") == tree(tmp_path / "clean-last")


def test_the_recorded_stamps_of_kept_pages_are_those_of_the_published_files(make_site):
    import os

    from sitegen.store import db
    from sitegen.store.buildstate import StateSlot, load_state, stamp
    site = make_site(numbered_articles(6))
    assert run_build(site, *NOW).code == 0
    victim = site / "content/news/a03.md"
    victim.write_text(victim.read_text() + "\nEin neuer Satz.\n")
    run = run_build(site, *NOW)
    assert run.code == 0 and "unchanged" in run.out + run.err
    store = db.Store.open(site / ".cache")
    try:
        state = load_state(StateSlot((site / "output").resolve(), store))
    finally:
        store.close()
    assert state is not None and state.outputs
    assert {rel: stamp(os.path.join(site / "output", rel)) for rel in state.outputs} == dict(state.outputs)


def test_refreshed_fingerprints_equal_a_new_plan(make_site):
    from datetime import datetime

    from sitegen.caching import Speed
    from sitegen.config.settings import load_config
    from sitegen.content.loading import load_entries
    from sitegen.content.markdown import render_markdown
    from sitegen.site.model import build_site
    from sitegen.site.planner import plan_pages, refresh_fingerprints
    from sitegen.site.visibility import Visibility, now_in, visible
    site = make_site(numbered_articles(30))
    config, _ = load_config(site / "config.yaml")

    def plan():
        rules = Visibility(now_in(config, datetime(2024, 5, 1, 12)), False, False)
        entries, _ = load_entries(config, rules, render_markdown, None, Speed())
        model, _ = build_site(visible(entries, rules), {e.slug for e in entries}, config.related_count, rules.now)
        return model, plan_pages(model, config)[0]
    _, before = plan()
    for name in ("a04.md", "a17.md"):
        victim = site / "content/news" / name
        victim.write_text(victim.read_text() + "\nEin neuer Satz.\n")
    model, after = plan()
    refreshed = refresh_fingerprints(before, model, {"content/news/a04.md", "content/news/a17.md"})
    assert [p.fingerprint for p in refreshed] == [p.fingerprint for p in after]
    assert refreshed != before
