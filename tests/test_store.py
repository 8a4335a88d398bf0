"""The one store (.cache/store.sqlite3): one integrity rule, one code version.

A cached build equals a clean build after a product module or an installed
library changed; no damaged, edited or special file in .cache runs code,
hangs a build or reaches the output; nothing executable is ever kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, article, make_site, rows, run_build, tree, write_rows  # noqa: F401 (make_site is a fixture)
from sitegen.content.markdown import Heading, Link, Note, RenderedBody
from sitegen.content.sources import EntryKind, Found, Source
from sitegen.store import db, versions
from sitegen.store.codec import Codec
from sitegen.store.entries import RECORDS, Record, parse_record
from sitegen.store.markdown import BODIES, body_key

NOW = ("--now", "2024-05-01 12:00")
HEADING = "Ein Absatz.\n\n## Gold & Silber\n\nMehr Text über Edelmetalle.\n"


@pytest.fixture(autouse=True)
def fresh_stores():
    """Every test starts without open stores (in-process builds share them) and with freshly computed versions."""
    db.forget_shared()
    versions.forget()
    yield
    db.forget_shared()
    versions.forget()


def forget_builds(site: Path) -> None:
    """Delete the parsed entries, the build states and the stored pages (the Markdown cache is kept)."""
    for ns in ("entries", "entrystat", "build", "page", "pagedict"):
        write_rows(site, ns, dict.fromkeys(rows(site, ns)))


def two_articles(make_site) -> Path:
    return make_site({"content/news/a.md": article("Gold steigt", body=HEADING),
                      "content/news/b.md": article("Silber fällt", date="24.04.2024", body="Kurz.\n"),
                      "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n"})


def clean_tree(site: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = run_build(site, *NOW, "--output", str(tmp_path / "clean"), "--no-cache")
    assert clean.code == 0, clean.err
    return tree(tmp_path / "clean")


# --------------------------------------------------------------------------- the store itself


def test_values_are_kept_by_namespace_key_and_version_and_survive_a_reopen(tmp_path):
    store = db.Store.open(tmp_path / ".cache")
    assert store.on_disk and store.fallback == ""
    store.put("a", "k1", "v1", b"one")
    store.put("a", "k2", "v1", b"two")
    store.put("b", "k1", "v1", b"other")
    assert store.get("a", "k1", "v1") == b"one"  # before the commit, too
    assert store.commit()
    store.delete("a", "k2")
    store.close()
    again = db.Store.open(tmp_path / ".cache")
    assert again.get("a", "k1", "v1") == b"one" and again.get("a", "k2", "v1") == b"two"  # the delete was not committed
    assert again.get("a", "k1", "v2") is None  # another version: missing
    assert list(again.items("a", "v1")) == [("k1", b"one"), ("k2", b"two")]
    again.clear("a")
    assert list(again.items("a", "v1")) == [] and again.get("b", "k1", "v1") == b"other"
    again.put("a", "gone", "v1", b"x", expires=1)  # expired long ago
    assert again.get("a", "gone", "v1") is None
    assert again.commit()
    again.close()
    last = db.Store.open(tmp_path / ".cache")
    assert list(last.items("a", "v1")) == [] and last.get("b", "k1", "v1") == b"other"
    assert last.stats["read"] == 1 and last.stats["missing"] == 0
    last.close()


def test_a_memory_store_touches_no_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = db.Store.memory()
    store.put("a", "k", "v", b"x")
    assert store.get("a", "k", "v") == b"x" and not store.commit()
    assert list(tmp_path.iterdir()) == []


def test_a_no_cache_build_creates_no_cache_folder(make_site, tmp_path):
    site = two_articles(make_site)
    assert run_build(site, *NOW, "--output", str(tmp_path / "out"), "--no-cache").code == 0
    assert not (site / ".cache").exists()


def test_a_checksum_mismatch_is_missing_and_counted(tmp_path):
    store = db.Store.open(tmp_path / ".cache")
    store.put("a", "k", "v", b"value")
    store.commit()
    store.close()
    with contextlib.closing(sqlite3.connect(tmp_path / ".cache" / db.FILE)) as con, con:
        con.execute("UPDATE kept SET value=? WHERE key='k'", (b"valuf",))  # one bit flipped
    store = db.Store.open(tmp_path / ".cache")
    rejected: list[str] = []
    assert store.get("a", "k", "v") is None and list(store.items("a", "v", rejected)) == []
    assert rejected == ["k"] and store.stats["rejected"] == 2
    store.close()


def test_a_foreign_sqlite_database_is_replaced(tmp_path):
    (tmp_path / ".cache").mkdir()
    with contextlib.closing(sqlite3.connect(tmp_path / ".cache" / db.FILE)) as con, con:
        con.execute("CREATE TABLE kept (ns, key, version, checksum, value, expires)")
        con.execute("INSERT INTO kept VALUES ('a', 'k', 'v', x'00', x'00', NULL)")
    store = db.Store.open(tmp_path / ".cache")
    assert store.on_disk and store.get("a", "k", "v") is None
    store.put("a", "k", "v", b"mine")
    assert store.commit()
    store.close()


def test_old_cache_folders_are_removed_unread(tmp_path):
    cache = tmp_path / ".cache"
    marker = tmp_path / "pickle-ran"
    (cache / "entries").mkdir(parents=True)
    (cache / "entries" / "shard-00.pickle").write_bytes(pickle.dumps(_Exploit(str(marker))))
    (cache / "markdown" / "ab").mkdir(parents=True)
    os.mkfifo(cache / "markdown" / "ab" / "ab12.json")
    (cache / "templates").mkdir()
    os.mkfifo(cache / "build-state-0123456789abcdef.json")
    (cache / "preview").mkdir()  # the preview's output folder is kept
    store = db.Store.open(cache)
    assert store.on_disk
    store.close()
    assert {p.name for p in cache.iterdir()} == {db.FILE, "preview"}
    assert not marker.exists()


class _Exploit:
    """A pickle that creates a file when loaded (what a crafted cache file could do)."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return open, (self.path, "w")


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink", "fifo-wal", "fifo-journal", "socket"])
def test_a_special_file_in_place_of_the_store_is_removed_without_being_opened(tmp_path, kind):
    cache = tmp_path / ".cache"
    cache.mkdir()
    path = cache / db.FILE
    target = tmp_path / "elsewhere"
    target.write_bytes(b"not to be touched")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        (path / "inside").mkdir(parents=True)
    elif kind == "symlink":
        path.symlink_to(target)
    elif kind == "socket":
        import socket
        with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
            sock.bind(str(path))
    else:
        os.mkfifo(f"{path}-{kind.split('-')[1]}")
    # In a fresh process with a hang guard: opening a FIFO would block forever.
    code = ("import sys; from pathlib import Path; from sitegen.store import db;"
            f"s = db.Store.open(Path({str(cache)!r})); s.put('a', 'k', 'v', b'x');"
            "print(s.on_disk, s.commit(), s.get('a', 'k', 'v'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "True True b'x'\n", "")
    assert path.is_file() and not path.is_symlink()
    assert target.read_bytes() == b"not to be touched"


def test_a_locked_store_falls_back_to_memory_for_this_build(make_site, tmp_path, monkeypatch):
    site = two_articles(make_site)
    expected = clean_tree(site, tmp_path)
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    forget_builds(site)
    monkeypatch.setattr(db, "BUSY_SECONDS", 0.2)
    with contextlib.closing(sqlite3.connect(site / ".cache" / db.FILE, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")  # another process writing for a long time
        run = run_build(site, *NOW, "--output", str(tmp_path / "second"))
        holder.execute("ROLLBACK")
    assert (run.code, run.err) == (0, "")
    assert tree(tmp_path / "second") == expected
    assert rows(site, "entries") == {} and rows(site, "build") == {}  # kept in memory only: nothing written
    again = run_build(site, *NOW, "--output", str(tmp_path / "second"))
    assert again.code == 0 and "(0 files written," in again.out and len(rows(site, "entries")) == 3


# --------------------------------------------------------------------------- the codec


def test_records_round_trip_exactly_through_the_codec():
    text = ("---\ntitle: \"Gold: „Rekord“\"\ndate: 2024-10-27T02:30:00+01:00\nupdated: 28.10.2024\n"
            "tags: [Gold, Zinsen]\nrelated: [b]\nmeinung: [eins, {zwei: drei}]\n---\n" + HEADING
            + "[Link](https://example.org/) und ![Bild](/bild.png)\n\n<b>roh</b>\n")
    source = Source("content/news/a.md", EntryKind.ARTICLE, text, "d" * 64)
    found = Found("content/news/a.md", EntryKind.ARTICLE, 1, len(text), 2, 3)
    record = parse_record(found, source, ZoneInfo("Europe/Berlin"), False, _render(), 123)
    assert record.entry is not None and record.problems  # raw HTML gives a warning
    again = RECORDS.decode(RECORDS.encode(record))
    assert again == record
    assert type(again.kind) is EntryKind and type(again.entry.kind) is EntryKind
    assert isinstance(again.entry.front.lines, MappingProxyType) and isinstance(again.entry.front.extra, MappingProxyType)
    assert again.entry.front.extra["meinung"] == ["eins", {"zwei": "drei"}]
    when = again.entry.front.published.when
    assert when.tzinfo is ZoneInfo("Europe/Berlin") and when.fold == 1 and when.utcoffset().total_seconds() == 3600
    assert again.entry.body.headings[-1] == Heading(2, "gold-silber", "Gold & Silber")


def _render():
    from sitegen.content.markdown import render_markdown
    return render_markdown


def test_the_codec_builds_only_allowlisted_classes_and_refuses_bytes_of_another_shape():
    body = RenderedBody("<p>x</p>", (Heading(2, "a", "A"),), 1, "x", (Note(0, "m"),), (Link("a", "/", 0),))
    data = BODIES.encode(body)
    assert BODIES.decode(data) == body
    for bad in (b"", b"[]", b'{"a": 1}', b"[1,2,3,4,5,6]\x005", data[:-3], b"\x80\x05garbage", data + b"x",
                b'["os.system","a",1,"x",[],[]]'):
        with pytest.raises(ValueError):
            BODIES.decode(bad)
    named = BODIES.decode(data.replace(b"[2,", b'["os.system",'))  # the bytes never name a class: data stays data
    assert named.headings == (Heading("os.system", "a", "A"),)

    @dataclasses.dataclass(frozen=True)
    class Outside:
        body: RenderedBody
    with pytest.raises(TypeError):
        Codec(Outside, (RenderedBody,))  # a class not in the allowlist
    assert "RenderedBody(html:text,headings:tuple[Heading,...]" in BODIES.schema


def test_an_enum_in_a_field_declared_str_is_refused_unless_declared():
    @dataclasses.dataclass(frozen=True)
    class Kinded:
        kind: str
    with pytest.raises(TypeError):
        Codec(Kinded, (Kinded,)).encode(Kinded(EntryKind.PAGE))
    declared = Codec(Kinded, (Kinded,), {(Kinded, "kind"): EntryKind})
    assert declared.decode(declared.encode(Kinded(EntryKind.PAGE))).kind is EntryKind.PAGE


# --------------------------------------------------------------------------- one code version


def test_the_markdown_version_covers_the_slug_table_and_its_libraries():
    own, other = versions.imported("sitegen.content.markdown")
    assert "sitegen.content.slugs" in own and "sitegen.content.markdown" in own
    libraries = versions.distributions(other)
    assert {"markdown-it-py", "mdit-py-plugins", "python-slugify", "text-unidecode"} <= set(libraries)
    assert "jinja2" not in libraries  # not imported by the Markdown stage
    every, _ = versions.imported(*versions.modules())
    assert every == sorted(versions.modules()) and all(m.startswith("sitegen") for m in every)  # never bench/


def _ast_imports(path: Path, name: str) -> tuple[list[str], list[str]]:
    """What an ``ast`` parse finds a module importing (the reference for the line scan)."""
    import ast
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    dotted: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            dotted.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join([*parts[: len(parts) - (node.level - 1)], *([node.module] if node.module else [])]) \
                if node.level else node.module
            dotted.update([base, *(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")])
    return versions._split(dotted, versions.modules())


def test_the_import_scan_finds_what_a_parse_finds_in_every_module():
    for name, path in versions.modules().items():
        assert versions._parse_imports(name) == _ast_imports(path, name), name


def test_the_import_scan_reads_every_form_of_import_statement(monkeypatch, tmp_path):
    source = tmp_path / "sitegen" / "render" / "probe.py"
    source.parent.mkdir(parents=True)
    source.write_text('"""Prose: import again with --uploads DIR, or: from the import list."""\n'
                      "import os.path as p, json  # comment\n"
                      "from . import views\nfrom ..site import urls as u\n"
                      "from sitegen.content.markdown import (\n    render_markdown,\n    Heading as H,  # x\n)\n"
                      "def f():\n    try: import yaml\n    except ImportError: pass\n"
                      "    x = 1; from sitegen.store import \\\n        db\n", "utf-8")
    known = {**versions.modules(), "sitegen.render.probe": source}
    monkeypatch.setattr(versions, "modules", lambda: known)
    own, other = versions._parse_imports("sitegen.render.probe")
    assert (own, other) == _ast_imports(source, "sitegen.render.probe")
    assert {"sitegen.render.views", "sitegen.site.urls", "sitegen.content.markdown", "sitegen.store.db"} <= set(own)
    assert other == ["json", "os", "yaml"]


def test_a_library_version_changes_the_versions_that_import_it(monkeypatch):
    markdown, product = versions.code_version("sitegen.content.markdown"), versions.product_version()
    urls = versions.code_version("sitegen.site.urls")
    real = versions.installed_version
    monkeypatch.setattr(versions, "installed_version",
                        lambda name: "99.0" if versions._normal(name) == "text-unidecode" else real(name))
    versions.forget()
    assert versions.code_version("sitegen.content.markdown") != markdown
    assert versions.product_version() != product
    assert versions.code_version("sitegen.site.urls") == urls  # imports PyYAML and zoneinfo, not slugify


def test_a_cached_build_does_not_use_values_made_with_another_library_version(make_site, tmp_path, monkeypatch):
    site = two_articles(make_site)
    expected = clean_tree(site, tmp_path)
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    # A forged Markdown value with a valid checksum makes "this came from the cache" visible
    # (the cache is not signed: whoever can write .cache can do this).
    key = body_key(HEADING, False)
    version, _, value = rows(site, "markdown")[key]
    forged = BODIES.encode(dataclasses.replace(BODIES.decode(value), html="<p>AUS DEM CACHE</p>\n"))
    write_rows(site, "markdown", {key: (version, db.checksum("markdown", key, version, forged), forged)})
    forget_builds(site)
    assert run_build(site, *NOW, "--output", str(tmp_path / "second")).code == 0
    assert b"AUS DEM CACHE" in (tmp_path / "second/news/gold-steigt/index.html").read_bytes()

    real = versions.installed_version
    monkeypatch.setattr(versions, "installed_version",
                        lambda name: "99.0" if versions._normal(name) == "markdown-it-py" else real(name))
    versions.forget()
    forget_builds(site)
    run = run_build(site, *NOW, "--output", str(tmp_path / "third"))
    assert (run.code, run.err) == (0, "")
    store = db.shared(site / ".cache")  # the store that build used (still open in this process)
    assert store.stats["rejected"] == 5  # the 3 bodies, the related selection and the page plan: other markdown-it-py
    assert tree(tmp_path / "third") == expected
    assert rows(site, "markdown")[key][0] != version  # rendered again, kept with the new version


def test_a_cached_build_after_editing_the_slug_table_equals_a_clean_build(make_site, tmp_path):
    """The issue's first case: a product module changed, nothing else (a fresh process
    with a copy of the code, since the code itself is edited)."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "sitegen", code / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", code / "build.py")
    site = two_articles(make_site)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def build(*args: str) -> None:
        done = subprocess.run([sys.executable, str(code / "build.py"), "build", *NOW, *args], cwd=site,
                              capture_output=True, text=True, env=env, timeout=120)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr

    build("--output", str(tmp_path / "cached"))
    page = tmp_path / "cached/news/gold-steigt/index.html"
    assert 'id="gold-silber"' in page.read_text()
    before = rows(site, "markdown")
    slugs = code / "sitegen/content/slugs.py"
    text = slugs.read_text()
    assert '_GERMAN = [\n' in text
    slugs.write_text(text.replace('_GERMAN = [\n', '_GERMAN = [\n    ["&", " und "],\n', 1))
    build("--output", str(tmp_path / "cached"))
    build("--output", str(tmp_path / "clean"), "--no-cache")
    assert 'id="gold-und-silber"' in page.read_text()
    assert tree(tmp_path / "cached") == tree(tmp_path / "clean")
    after = rows(site, "markdown")
    assert after.keys() == before.keys() and all(after[k][0] != before[k][0] for k in after)  # new version


# --------------------------------------------------------------------------- damaged and special files


def _flip_bit(value: bytes) -> bytes:
    at = value.index(b"Edelmetalle")
    return value[:at] + bytes([value[at] ^ 0x01]) + value[at + 1:]


def _add_script(value: bytes) -> bytes:
    return value.replace(b"<p>Mehr Text", b"<script>alert(1)</script><p>Mehr Text", 1)


@pytest.mark.parametrize("edit", [_flip_bit, _add_script], ids=["bit-flip", "script"])
def test_an_edited_value_with_its_old_checksum_never_reaches_the_output(make_site, tmp_path, edit):
    site = two_articles(make_site)
    expected = clean_tree(site, tmp_path)
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    key = body_key(HEADING, False)
    version, digest, value = rows(site, "markdown")[key]
    write_rows(site, "markdown", {key: (version, digest, edit(value))})
    entry = rows(site, "entries")["content/news/a.md"]
    write_rows(site, "entries", {"content/news/a.md": (entry[0], entry[1], edit(entry[2]))})
    write_rows(site, "build", dict.fromkeys(rows(site, "build")))
    run = run_build(site, *NOW, "--output", str(tmp_path / "second"))
    assert (run.code, run.err) == (0, "")
    assert tree(tmp_path / "second") == expected
    assert all(b"alert(1)" not in data for data in expected.values())


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.unlink()
    (path / "sub").mkdir(parents=True)


def _symlink(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _fifo_wal(path: Path) -> None:
    os.mkfifo(f"{path}-wal")
    os.mkfifo(f"{path}-journal")


@pytest.mark.parametrize("damage", [_truncate, _garbage, _fifo, _directory, _symlink, _fifo_wal],
                         ids=["truncated", "garbage", "fifo", "directory", "symlink", "fifo-wal-journal"])
def test_a_damaged_or_special_store_file_only_costs_speed(make_site, tmp_path, damage):
    site = two_articles(make_site)
    expected = clean_tree(site, tmp_path)
    assert run_build(site, *NOW, "--output", str(tmp_path / "first")).code == 0
    db.forget_shared()
    store = site / ".cache" / db.FILE
    assert not Path(f"{store}-wal").exists()  # closed: everything is in the main file
    damage(store)
    # A fresh process with a hang guard (opening a FIFO would block forever).
    run = run_build(site, *NOW, "--output", str(tmp_path / "second"), subprocess=True, timeout=60)
    assert (run.code, run.err) == (0, "")
    assert tree(tmp_path / "second") == expected
    assert store.is_file() and not store.is_symlink()
    again = run_build(site, *NOW, "--output", str(tmp_path / "second"))  # the new store works: nothing to do
    assert again.code == 0 and "(0 files written," in again.out


def test_a_full_disk_keeps_the_store_file_and_its_values(tmp_path):
    """SQLITE_FULL is the disk's fault, not the file's: the build goes on in memory, nothing is deleted."""
    import sqlite3
    from sitegen.store import db
    store = db.Store.open(tmp_path)
    store.put("markdown", "k1", "v1", b"kept value")
    assert store.commit()
    real = store._db

    class Full:
        in_transaction = False

        def execute(self, sql, *args):
            if sql.startswith("BEGIN"):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)

    store._db = Full()
    store.put("markdown", "k2", "v1", b"new value")
    assert store.commit() is False
    assert store.fallback.endswith("cannot grow: database or disk is full")
    real.close()
    again = db.Store.open(tmp_path)
    assert again.get("markdown", "k1", "v1") == b"kept value"
    again.close()
