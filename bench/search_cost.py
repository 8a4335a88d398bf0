"""What search costs (README "Search"): ``python -m bench.search_cost --n 1000 --rounds 3``.

Generates the corpus (``bench.corpus``, articles 2019–2024) into
``/tmp/search-cost-<n>``, builds it with ``search.enabled`` true and false (a
cold build, then ``--rounds`` rebuilds after one new article dated
30.11.2026 each — the first of them is the first article of a new year, which
folds 2024's month shards into one; see ``render.searchshards`` — then one
with nothing changed), and times Pagefind alone over all documents of the
published articles at once; prints wall and CPU seconds (CPU: user + system
of the build process and its children, Pagefind included), the load
average, and whether two Pagefind runs gave identical files.  Wall-clock
figures depend on the machine and its load: name both.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, 12)


def _build(site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the build and its children, Pagefind included)
    of one ``build.py build`` in ``site`` (a new process, as an editor runs it)."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--now", f"{NOW:%Y-%m-%d %H:%M}"],
                         cwd=site, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(run.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _text(measured: tuple[float, float]) -> str:
    return f"{measured[0]:.2f} s wall / {measured[1]:.2f} s CPU"


def _article(i: int, date: str) -> str:
    return (f"---\ntitle: Neuer Artikel Nummer {i} zum Goldpreis\ndate: {date}\ntime: 10:{i % 60:02d}\n"
            "tags: [Gold]\n---\nDer Goldpreis stieg heute erneut, meldeten Händler.\n")


def _builds(base: Path, n: int, rounds: int, enabled: bool, date: str) -> None:
    site = Path(f"{base}-{'on' if enabled else 'off'}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(base, site)
    config = site / "config.yaml"
    text = "\n".join(line for line in config.read_text().splitlines() if not line.startswith(("search:", "  enabled:")))
    config.write_text(text + f"\nsearch:\n  enabled: {'true' if enabled else 'false'}\n")
    cold = _build(site)
    new = []
    for i in range(rounds):
        (site / f"content/news/2026-11-30-neu-{i}.md").write_text(_article(i, date))
        new.append(_build(site))
    same = _build(site)
    bundle = [f for f in (site / "output" / "pagefind").rglob("*") if f.is_file()] if enabled else []
    shards = len([d for d in (site / "output" / "pagefind").iterdir() if d.is_dir()]) if enabled else 0
    print(f"N={n} search {'on' if enabled else 'off'}: cold {_text(cold)}; one new article each round "
          f"{'; '.join(_text(x) for x in new)}; "
          f"nothing changed {_text(same)}; pagefind/ {len(bundle)} files in {shards} shards, "
          f"{sum(f.stat().st_size for f in bundle) / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}", flush=True)


def _pagefind_alone(site: Path, n: int, rounds: int) -> None:
    import sitegen.render.search as search
    from sitegen import pipeline
    from sitegen.config.settings import load_config
    from sitegen.site.visibility import Visibility, now_in
    documents: dict[str, bytes] = {}
    dated: dict[str, str] = {}
    real, real_split = search.run_pagefind, search.searchshards.split
    search.run_pagefind = lambda docs: documents.update(docs) or {}
    search.searchshards.split = lambda when: dated.update(when) or real_split(when)
    os.chdir(site)
    config, _ = load_config(Path("config.yaml"))
    pipeline.build(config, Visibility(now_in(config, NOW), False, False))
    for name, prefix in (("a month shard (May 2024)", "2024-05"), ("a year shard (2024)", "2024")):
        docs = {path: documents[path] for path, when in dated.items() if when.startswith(prefix)}
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        real(docs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"N={n}: Pagefind over {name}, {len(docs)} documents: {time.perf_counter() - started:.2f} s wall / "
              f"{after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime:.2f} s CPU", flush=True)
    times, outputs = [], []
    for _ in range(max(rounds, 2)):
        started = time.perf_counter()
        outputs.append(real(documents))
        times.append(time.perf_counter() - started)
    print(f"N={n}: Pagefind alone over {len(documents)} documents: median {statistics.median(times):.2f} s "
          f"{[round(x, 2) for x in times]}; identical files: {all(o == outputs[0] for o in outputs)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="one-new-article rebuilds (default 3)")
    parser.add_argument("--date", default="30.11.2026", help="the new articles' date (default 30.11.2026, the first "
                        "article of a new year; 31.12.2024 joins the newest month shard of the corpus)")
    args = parser.parse_args()
    base = Path(f"/tmp/search-cost-{args.n}")
    shutil.rmtree(base, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "bench.corpus", "--n", str(args.n), "--out", str(base)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    for enabled in (True, False):
        _builds(base, args.n, args.rounds, enabled, args.date)
    _pagefind_alone(Path(f"{base}-on"), args.n, args.rounds)


if __name__ == "__main__":
    main()
