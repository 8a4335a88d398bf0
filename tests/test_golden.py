"""Golden pages: build the small fixture site and compare every output file.

``tests/golden/site/`` is a complete little site (its own ``config.yaml``,
four visible German articles sharing tags — one with a table and footnotes,
one with a list and quotes, one with an ISO 8601 UTC date — plus a draft,
a scheduled article, ``impressum.md`` and ``datenschutz.md``).  It uses the
project's theme, copied from ``themes/default`` at test time, so a theme
change shows up here.  The build runs with ``--now "2024-05-01 12:00"``, so
the draft and the scheduled article must not appear anywhere.

``tests/golden/expected/`` is the full expected output tree (no build
state: no ``.sitegen-manifest.json`` is deployed with the site).  The test compares the set of files and each
file's bytes, and on a mismatch shows a unified diff per file.

To regenerate after a deliberate change (theme, Markdown, …), run ONE of

    make golden
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

which rewrites ``tests/golden/expected/`` from a fresh build (the test then
passes).  Review ``git diff tests/golden/expected`` before committing it.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from conftest import ROOT, run_build, tree
from sitegen.output.hostlimits import megabytes

GOLDEN = Path(__file__).resolve().parent / "golden"
SITE = GOLDEN / "site"
EXPECTED = GOLDEN / "expected"
NOW = "2024-05-01 12:00"


def build_golden(tmp_path: Path) -> Path:
    """Copy the fixture site plus the project theme into ``tmp_path`` and build it."""
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
    out = tmp_path / "out"
    run = run_build(site, "--now", NOW, "--output", str(out))
    assert run.code == 0, run.err
    assert run.err == (  # the fixture's form posts to a site path, as the project's config.yaml does
        "warning: config.yaml:27: the newsletter form posts to /newsletter/anmelden, which no file of the site "
        "answers (a static host rejects the sign-up) — set newsletter.action_url to the full https:// address "
        "of your newsletter service, unless your host runs a function at that path\n"), run.err
    assert run.out.startswith("built 21 pages (44 files written, 0 unchanged, 0 deleted) from 4 articles in "), run.out
    assert run.out.splitlines()[1:] == [
        "next scheduled article: content/news/geplant.md at 2024-05-31 11:00 (+0200) "
        "— build again after that time to publish it",
        f"output: {megabytes(sum(map(len, tree(out).values())))} in 44 files"], run.out
    return out


def _diff(rel: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"{rel}: binary files differ ({len(expected)} bytes expected, {len(actual)} built)\n"
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"expected/{rel}", f"built/{rel}"))


def test_fixture_site_builds_exactly_the_golden_pages(tmp_path):
    out = build_golden(tmp_path)
    built = tree(out)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    assert EXPECTED.is_dir(), "tests/golden/expected is missing — run `make golden` and review the result"
    expected = tree(EXPECTED)

    missing, extra = sorted(set(expected) - set(built)), sorted(set(built) - set(expected))
    problems = [f"missing from the build: {p}" for p in missing] + [f"not expected: {p}" for p in extra]
    for rel in sorted(set(expected) & set(built)):
        if expected[rel] != built[rel]:
            problems.append(_diff(rel, expected[rel], built[rel]))
    assert not problems, ("the build differs from tests/golden/expected "
                          "(if the change is deliberate: make golden, then review the diff)\n\n"
                          + "\n".join(problems))


def test_golden_tree_holds_what_the_site_promises():
    """Guards the golden files themselves, so a careless `make golden` cannot bless a broken page."""
    files = tree(EXPECTED)
    assert ".sitegen-manifest.json" not in files and not any(rel.endswith(".tmp") for rel in files)
    page = files["news/ezb-laesst-die-leitzinsen-unveraendert/index.html"].decode()
    assert '<time datetime="2024-04-11T14:15:00+02:00">11.04.2024 <span class="meta-time">14:15 Uhr</span></time>' in page
    assert page.count("<h1") == 1 and "<h1>EZB lässt die Leitzinsen unverändert</h1>" in page
    assert '<th class="align-left">Zinssatz</th>' in page and '<td class="align-right">4,75 %</td>' in page
    assert '<li id="fn2" class="footnote-item"><p>Termin laut Sitzungskalender der EZB.' in page
    assert '<h2 id="related-heading">Wissenswertes zum Thema</h2>' in page
    assert '<a class="contact-phone" href="tel:+4969555120">+49 69 555 12-0</a>' in page
    assert '<input type="checkbox" id="newsletter-consent" name="consent" value="ja" required>' in page
    gold = files["news/goldpreis-neues-rekordhoch-ueber-2-300-dollar/index.html"].decode()
    assert "auf ein „Rekordhoch“ gestiegen" in gold and "einer ‚ungewöhnlich‘ starken" in gold
    assert '<time datetime="2024-04-08T09:05:00+02:00">08.04.2024 <span class="meta-time">09:05 Uhr</span></time>' in gold
    chip = files["news/chip-aktien-nach-quartalszahlen-gefragt/index.html"].decode()
    assert '<time datetime="2024-04-26T12:30:00+02:00">26.04.2024 <span class="meta-time">12:30 Uhr</span></time>' in chip
    silver = files["news/silber-holt-gegenueber-gold-auf/index.html"].decode()
    assert '<time datetime="2024-03-21">21.03.2024</time>' in silver and "meta-time" not in silver.split("<h1")[0]
    everything = b"".join(files.values()).decode()
    assert "Platin" not in everything and "Inflation im Mai" not in everything
    assert "themen/platin/index.html" not in files and "themen/inflation/index.html" not in files
