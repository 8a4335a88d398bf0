"""Fuzz the build: generated articles, pages and config files never crash, hang
or exhaust it, and everything it prints is a one-line problem or a summary.

Each example is written over a tiny valid site (``fuzz_harness.base_site``) and
built by ``build.py build`` in a forked child limited to ``MEMORY`` bytes of
address space and ``timeout`` seconds (``fuzz_harness.run_case``); the
properties are ``fuzz_harness.violations``.

* ``make test``: a short, deterministic run (``derandomize``; ``SHORT``
  examples per kind).
* ``make test-full`` adds ``test_fuzz_long`` (marked ``full``): random, with
  ``SITEGEN_FUZZ_EXAMPLES`` examples per kind (default 300) and the seed
  printed (``SITEGEN_FUZZ_SEED`` repeats a run; ``.ci/run`` fixes it, so CI
  judges every landing by the same inputs).
* Every input that ever failed is kept in ``tests/fuzz/`` and built by
  ``test_regression``: ``article-*.md``, ``page-*.md``, ``config-*.yaml``
  (``.gz``: stored compressed, for the megabyte-sized ones).  The newest
  failing example of a generated test is written to
  ``.cache/fuzz-failures/`` for copying there.
"""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

import fuzz_strategies as strategies
from fuzz_harness import ROOT, base_site, run_case, warm_up
from fuzz_properties import kind, violations

FUZZ = Path(__file__).resolve().parent / "fuzz"
FAILURES = ROOT / ".cache" / "fuzz-failures"
SHORT = 30  # examples per kind in `make test` (an article example builds one to four generated articles)
QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
         HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture]
settings.register_profile("fuzz-short", max_examples=SHORT, derandomize=True, database=None, deadline=None,
                          suppress_health_check=QUIET, print_blob=False,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # no shrinking: stays short
settings.register_profile("fuzz-full", max_examples=int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "300")),
                          derandomize=False, database=None, deadline=None, suppress_health_check=QUIET)
KINDS = {"article": strategies.article_case, "page": strategies.page_case, "config": strategies.config_case,
         "data": strategies.data_case}


@pytest.fixture(scope="session")
def fuzz_base(tmp_path_factory) -> Path:
    """The tiny valid site every example starts from (it must build cleanly).  It is
    built once in this process too, so that every forked child starts with the
    modules and data a build loads already in memory."""
    base = base_site(tmp_path_factory.mktemp("fuzz") / "base")
    code, err = warm_up(base, tmp_path_factory.mktemp("fuzz-warm") / "site")
    assert code == 0, err
    result = run_case(base, {})
    assert (result.code, violations(result)) == (0, []), result.err
    return base


def check(base: Path, case: dict[str, bytes], label: str | None, timeout: int = 20) -> None:
    """Build ``base`` + ``case``; fail with what was printed when a property breaks.
    A failing generated case is saved under ``label`` (None: it is already kept)."""
    result = run_case(base, case, timeout)
    found = violations(result)
    if not found:
        return
    saved = f"\ninput saved to {_save(case, label)}" if label else ""
    lines = result.err.splitlines()
    err = "\n".join(lines if len(lines) <= 30 else [*lines[:12], "[…]", *lines[-15:]])
    raise AssertionError(f"{kind(result, found)}\n  " + "\n  ".join(found[:10]) +
                         f"\nexit code: {result.code}\nstderr:\n{err}\n{result.dump[-3000:]}{saved}")


def _save(case: dict[str, bytes], label: str) -> str:
    """Write the failing case to ``.cache/fuzz-failures/<label>-<n><suffix>`` (replacing the previous one)."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    for old in FAILURES.glob(f"{label}-*"):
        old.unlink()
    names = []
    for i, (rel, data) in enumerate(sorted(case.items())):
        target = FAILURES / f"{label}-{i}{Path(rel).suffix or '.md'}"
        target.write_bytes(data)
        names.append(f"{target} (as {rel})")
    return ", ".join(names)


@settings(settings.get_profile("fuzz-short"))
@given(case=strategies.article_case())
def test_fuzz_articles(fuzz_base, case):
    """Generated articles in content/news/ (front matter, body, envelope) keep every rule."""
    check(fuzz_base, case, "article")


@settings(settings.get_profile("fuzz-short"))
@given(case=strategies.page_case())
def test_fuzz_pages(fuzz_base, case):
    """Generated pages in content/pages/, the legal pages among them, keep every rule."""
    check(fuzz_base, case, "page")


@settings(settings.get_profile("fuzz-short"))
@given(case=strategies.config_case())
def test_fuzz_config(fuzz_base, case):
    """Configs changed from the project's config.yaml keep every rule."""
    check(fuzz_base, case, "config")


@settings(settings.get_profile("fuzz-short"), max_examples=20)  # each example is small: one file, one block
@given(case=strategies.data_case())
def test_fuzz_data(fuzz_base, case):
    """Generated data files (CSV, sidecar and YAML tables) placed by a data block keep every rule."""
    check(fuzz_base, case, "data")


@pytest.mark.full
@pytest.mark.parametrize("name", sorted(KINDS))
def test_fuzz_long(fuzz_base, name):
    """``SITEGEN_FUZZ_EXAMPLES`` random examples of one kind; the seed is printed (and in a failure)."""
    chosen = int(os.environ.get("SITEGEN_FUZZ_SEED") or random.SystemRandom().randrange(2 ** 32))
    print(f"\n{name}: SITEGEN_FUZZ_SEED={chosen}")

    @seed(chosen)
    @settings(settings.get_profile("fuzz-full"))
    @given(case=KINDS[name]())
    def run(case):
        check(fuzz_base, case, f"long-{name}")

    try:
        run()
    except AssertionError as exc:
        raise AssertionError(f"SITEGEN_FUZZ_SEED={chosen}: {exc}") from None


def regression_case(path: Path) -> dict[str, bytes]:
    """The site files of one kept input: ``article-*``/``page-*`` → content/news|pages/, ``config-*`` → config.yaml."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    stem = path.name.removesuffix(".gz")
    if stem.startswith("config-"):
        return {"config.yaml": data}
    folder = "pages" if stem.startswith("page-") else "news"
    return {f"content/{folder}/{stem}": data}


KEPT = sorted(p for p in FUZZ.glob("*") if p.name.startswith(("article-", "page-", "config-")))


@pytest.mark.parametrize("path", KEPT, ids=[p.name for p in KEPT])
def test_regression(fuzz_base, path):
    """Every input that ever failed builds with the same properties (generous timeout for the huge ones)."""
    check(fuzz_base, regression_case(path), None, timeout=60)


def test_kept_inputs_are_found():
    """The regression folder is not empty and has no file the test would skip."""
    names = [p.name for p in FUZZ.glob("*") if p.name != "README.md"]
    assert KEPT and sorted(names) == sorted(p.name for p in KEPT)
