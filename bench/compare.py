"""Benchmark our tool side by side with Hugo and Pelican (issue 5).

    python -m bench.compare            # make bench: N = 1,000 and 10,000
    python -m bench.compare --quick    # make bench-quick: N = 1,000 only

Scenarios, each tool in turn with ours, median of 3 runs at N = 1,000 (once
at N = 10,000, where Pelican runs the cold build only): (1) cold build, no
cache, empty output; (2) rebuild with nothing changed; (3) rebuild after a
changed sentence in one article's last paragraph; (4) rebuild after one new
newest article; (6) rebuild after a change of the article template, Markdown
cached; (5) in the preview server, save → reloaded page.  Wall time and peak
summed RSS of each build's process tree.  Plus a cProfile run of one cold
build of ours at N = 1,000 for the share of related-article selection.
Prints the table and writes ``BENCHMARKS.md`` (see :mod:`bench.report`).
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.tools import SCENARIOS, Tool, make_tools



LOADS: list[float] = []  # 1-minute load average before each timed build


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def prepare(tool: Tool, scenario: str, run_number: int, n: int) -> None:
    """Apply the scenario's change before the timed build."""
    if scenario == "cold":
        tool.make_cold()
    elif scenario == "edit":
        tool.edit_body(run_number, n)
    elif scenario == "new":
        tool.add_article(run_number)
    elif scenario == "theme":
        tool.change_theme(run_number)


def run_size(root: Path, n: int, runs: int, names: list[str], cold_only: set[str], serve: bool) -> dict:
    """All scenarios at one corpus size; returns ``{(scenario, tool): {"s", "mb", "all"}}``."""
    log(f"— N = {n:,}: writing the sites of {', '.join(names)}")
    tools = make_tools(root, n, names)
    results: dict = {}
    for scenario, label in SCENARIOS:
        for run_number in range(1, runs + 1):
            for tool in tools:
                if scenario != "cold" and tool.name in cold_only:
                    continue
                prepare(tool, scenario, run_number, n)
                LOADS.append(os.getloadavg()[0])
                measured = tool.build()
                log(f"  N={n} {label} · {tool.name} run {run_number}: {measured.seconds:.2f} s, "
                    f"{measured.peak_mb:.0f} MB")
                results.setdefault((scenario, tool.name), []).append(measured)
    table = {key: {"s": statistics.median(r.seconds for r in rs), "mb": statistics.median(r.peak_mb for r in rs),
                   "all": [round(r.seconds, 3) for r in rs]} for key, rs in results.items()}
    if serve:
        table.update(run_serve(tools, n, saves=5 if runs > 1 else 3))
    return table


def run_serve(tools: list[Tool], n: int, saves: int) -> dict:
    """Scenario 5 for the tools with live reload; others get a "not measured" note."""
    from bench.serve_bench import measure
    table: dict = {}
    for tool in tools:
        if tool.name == "pelican":
            table[("serve", tool.name)] = {"note": "not measured: no live reload in the browser"}
            continue
        try:
            result = measure(tool, n, saves)
        except Exception as exc:  # a browser or server failure must not lose the other results
            reason = " ".join(str(exc).split())[:160]
            table[("serve", tool.name)] = {"note": f"not measured: {type(exc).__name__}: {reason}"}
            log(f"  N={n} serve · {tool.name}: failed: {exc}")
            continue
        table[("serve", tool.name)] = {"ms": result.latency_ms, "rebuild_ms": result.rebuild_ms,
                                       "all": [round(s) for s in result.samples]}
        log(f"  N={n} 5 save → reloaded page · {tool.name}: {result.latency_ms:.0f} ms "
            f"(server rebuild {result.rebuild_ms} ms)")
    return table


def profile_related(root: Path, n: int) -> dict:
    """One cold build of ours under cProfile: share of ``select_related`` in the whole build."""
    tool = make_tools(root, n, ["ours"])[0]
    tool.make_cold()
    out = root / "related.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out)] + tool.command()[1:]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=tool.site, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    stats = pstats.Stats(str(out)).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}

    def cumulative(module: str, function: str) -> float:
        return sum(v[3] for (file, _, name), v in stats.items()
                   if name == function and file.replace("\\", "/").endswith(module))
    total = max(v[3] for v in stats.values())
    related = cumulative("sitegen/related.py", "select_related")
    site = cumulative("sitegen/site.py", "build_site")
    log(f"  profile N={n}: select_related {related:.3f} s of {total:.2f} s ({100 * related / total:.1f} %)")
    return {"n": n, "related_s": related, "build_site_s": site, "total_s": total, "wall_s": wall}


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="benchmark ours against Hugo and Pelican")
    parser.add_argument("--quick", action="store_true", help="N = 1,000 only")
    parser.add_argument("--n", type=int, default=1000, help="the small corpus size (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario at N = 1,000 (default 3)")
    parser.add_argument("--workdir", type=Path, help="where to write the sites (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the sites afterwards")
    parser.add_argument("--no-serve", action="store_true", help="skip scenario 5 (browser)")
    parser.add_argument("--output", type=Path, default=report.PROJECT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    root = args.workdir or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        tables = {args.n: run_size(root / f"n{args.n}", args.n, args.runs, ["ours", "hugo", "pelican"], set(),
                                   not args.no_serve)}
        if not args.keep:
            shutil.rmtree(root / f"n{args.n}", ignore_errors=True)
        profile = profile_related(root / "profile", args.n)
        if not args.quick:
            tables[10000] = run_size(root / "n10000", 10000, 1, ["ours", "hugo", "pelican"], {"pelican"},
                                     not args.no_serve)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    text = report.markdown(tables, profile, quick=args.quick, runs=args.runs,
                           minutes=(time.perf_counter() - started) / 60, loads=LOADS)
    args.output.write_text(text, encoding="utf-8")
    print(report.console(tables, profile))
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
