"""Measure an import honestly on a real archive (issue 11, "Done when").

    .venv/bin/python -m bench.import_check SOURCE [--from KIND] [--sample 50] [--now "2026-12-01 08:00"]

imports SOURCE into a fresh site (this project's theme, an empty
``content/``), builds it as an editor would (``build.py build``, no hand
edit) and prints:

(a) the posts the SOURCE site publishes, counted here from the source files
    by each generator's own rules (not by the importer: drafts, ``published:
    false``, future posts where the generator hides them, Hugo
    ``_index``/bundle resources and expired pages left out), and how many of
    them our build publishes;
(b) for a fixed sample of those posts (seed 11), the share of each source
    post's visible words (its body rendered with markdown-it, template tags
    removed as a reader never sees them, text via BeautifulSoup) found on
    our built page's body (``div.prose``), min and median;
(c) every ``{%`` and ``{{<`` left in the built HTML, split into code
    (``<pre>``/``<code>``, shown as code on the old site too) and prose, and
    whether the import report lists it.

Never imported by the product; ``bench.import_words`` holds the text rules.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html

from bench.import_sources import SourcePost, source_posts
from bench.import_words import literal_tags, page_words, source_words, survival
from sitegen.importer import detect, run
from sitegen.importer.convert import convert_all

PROJECT = Path(__file__).resolve().parents[1]
CONFIG = (PROJECT / "bench" / "import_site.yaml")
_LEFT = re.compile(r"\{\{%.{0,60}?%\}\}|\{%.{0,60}?%\}|\{\{<.{0,60}?>\}\}|\{\{%|\{%|\{\{<", re.S)


def _site(folder: Path) -> Path:
    site = folder / "site"
    (site / "content/news").mkdir(parents=True)
    (site / "content/pages").mkdir(parents=True)
    (site / "config.yaml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (site / "themes").symlink_to(PROJECT / "themes")
    return site


def _mapping(source: Path, kind: str, site: Path) -> dict[str, tuple[str, str, str]]:
    """``{source key: (our file, kind, slug)}`` as the import will write them (a dry conversion)."""
    request = run.Request(str(source), kind, site, dry_run=True)
    read = run._read_wordpress if kind == "wordpress" else run._read_folder
    archive, items, _, failure = read(request, source, kind)
    if failure is not None:
        return {}
    outputs = convert_all(archive, items, detect.site_permalink(site))
    return {o.item.source: (o.item.out, o.item.kind, o.item.mapped.slug) for o in outputs}


def _page(site: Path, kind: str, slug: str) -> Path:
    return site / "output" / ("news" if kind == "article" else "") / slug / "index.html"


def main(argv: list[str] | None = None) -> int:
    """Run the check; prints the figures; exit 0 (the figures are the result)."""
    parser = argparse.ArgumentParser(prog="bench.import_check")
    parser.add_argument("source")
    parser.add_argument("--from", dest="kind")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--now", help="count and build as of this past time (default: now)")
    parser.add_argument("--keep", help="keep the site in this folder")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()
    kind = args.kind or detect.detect_kind(source)
    now = datetime.strptime(args.now, "%Y-%m-%d %H:%M") if args.now else datetime.now()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="import-check-"))
    site = _site(folder)
    mapping = _mapping(source, kind, site)
    result = run.import_archive(run.Request(str(source), kind, site))
    report = list(result.lines) or [result.usage]
    build = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", *(["--now", args.now] if args.now else [])],
                           cwd=site, capture_output=True, text=True)
    print(f"source: {source} ({kind}); import exit {result.code}: {report[-1]}")
    print(f"build exit {build.returncode}: {(build.stdout or build.stderr).strip().splitlines()[-1:]}")
    if build.returncode:
        print("\n".join(line for line in build.stderr.splitlines() if not line.startswith("warning"))[:3000])
    posts = source_posts(source, kind, now)
    published = _published(posts, mapping, site, report)
    _words(posts, published, mapping, site, args.sample)
    _leftovers(site, mapping, report, {p.key: p for p in posts}, kind)
    print(f"site kept in {folder}" if args.keep else f"site in {folder}")
    return 0


def _published(posts: list[SourcePost], mapping, site: Path, report: list[str]) -> list[SourcePost]:
    shown = [p for p in posts if p.published]
    ours = [p for p in shown if p.key in mapping and _page(site, *mapping[p.key][1:]).is_file()]
    share = 100 * len(ours) / len(shown) if shown else 100.0
    print(f"(a) the source publishes {len(shown)} posts ({len(posts) - len(shown)} drafts/hidden/future not "
          f"counted); our build publishes {len(ours)} of them: {share:.1f} %")
    for post in [p for p in shown if p not in ours][:10]:
        listed = next((line for line in report if post.key in line), "not listed in the report")
        print(f"    not published: {post.key} — {listed[:200]}")
    return ours


def _words(posts, published: list[SourcePost], mapping, site: Path, size: int) -> None:
    usable = sorted((p for p in published if p.markup in ("md", "html", "wp")), key=lambda p: p.key)
    sample = random.Random(11).sample(usable, min(size, len(usable)))
    ratios = []
    for post in sample:
        theirs = source_words(post.body, post.markup)
        ours = page_words(_page(site, *mapping[post.key][1:]).read_text(encoding="utf-8"))
        ratios.append((survival(theirs, ours), post.key, theirs, ours))
    if not ratios:
        print("(b) no post to sample")
        return
    values = [r[0] for r in ratios]
    print(f"(b) visible words surviving, {len(ratios)} posts: min {100 * min(values):.1f} %, "
          f"median {100 * statistics.median(values):.1f} %; below 95 %: {sum(v < 0.95 for v in values)}")
    for ratio, key, theirs, ours in sorted(ratios)[:5]:
        if ratio < 0.95:
            lost = (theirs - ours).most_common(12)
            print(f"    {100 * ratio:.1f} % {key}: lost {lost}")


def _leftovers(site: Path, mapping, report: list[str], posts: dict[str, SourcePost], kind: str) -> None:
    by_page = {str(_page(site, kind, slug)): (key, out) for key, (out, kind, slug) in mapping.items()}
    tags = [" ".join(line.split()) for line in report if "template tag '" in line]
    counts, unlisted = Counter(), []
    for path in sorted((site / "output").rglob("*.html")):
        key, out = by_page.get(str(path), ("", None))
        literal = literal_tags(posts[key].body, kind) if key in posts else set()
        for text, in_code in _texts(path):
            for match in _LEFT.finditer(text):
                tag = " ".join(match.group(0).split())
                counts["code" if in_code else "prose"] += 1
                if tag in literal:
                    counts["literal"] += 1
                elif any((out is None or line.startswith(out)) and f"'{tag[:20]}" in line for line in tags):
                    counts["listed"] += 1
                else:
                    unlisted.append(f"{path.relative_to(site / 'output')}: {tag[:70]!r}" + (" (in code)" if in_code
                                                                                          else ""))
    print(f"(c) '{{%' or '{{{{<' left in the output: {counts['code'] + counts['prose']} (in code {counts['code']}, "
          f"in prose {counts['prose']}); shown literally by the old site too: "
          f"{counts['literal']}; listed in the report: {counts['listed']}; neither: {len(unlisted)}")
    for line in unlisted[:8]:
        print(f"    not listed: {line}")


def _texts(path: Path):
    """``(text, inside pre/code)`` of every text node of a built page (attributes too)."""
    root = lxml_html.fromstring(path.read_bytes())
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        code = any(a.tag in ("pre", "code") for a in element.iterancestors()) or element.tag in ("pre", "code")
        if element.text:
            yield element.text, code
        parent_code = any(a.tag in ("pre", "code") for a in element.iterancestors())
        if element.tail:
            yield element.tail, parent_code
        for value in element.attrib.values():
            yield value, False


if __name__ == "__main__":
    sys.exit(main())
