"""Benchmark our tool side by side with Hugo and Pelican (issue 5).

    python -m bench.compare            # make bench: N = 1,000, 10,000 and 50,000 (ours), features
    python -m bench.compare --quick    # make bench-quick: N = 1,000 only
    python -m bench.compare --n 30 --large-n 60 --huge-n 90 --pairs 2 --large-pairs 1 --features-n 30
                                       # a trial run of everything in a few minutes (not for BENCHMARKS.md)

Scenarios (see :mod:`bench.rounds`): (1) cold build, no cache, empty output;
(2) rebuild with nothing changed; (3) rebuild after a changed sentence in
one article's last paragraph; (4) rebuild after one new newest article;
(6) rebuild after a change of the article template, Markdown cached; (7) a
fresh clone of the site with its cache restored and no output
(:mod:`bench.fresh`); each as 5 pairs at N = 1,000 (ours, then Hugo with
and Hugo without its related block), 3 pairs at N = 10,000 (both Hugo sites
in the cold scenario, afterwards the faster one), the ratio ours/Hugo being
the median of the per-pair ratios to the faster Hugo.  Pelican: median of
3 runs at N = 1,000, the cold build once at N = 10,000.  Then one cold build
of ours at N = 50,000 and the features variant (:mod:`bench.extra`).  (5) In the preview
server, save → reloaded page, 5 saves per tool.  Plus a cProfile run of one
cold build of ours at N = 1,000 for the share of related-article selection.
Ours and Pelican run with bytecode caching on (:func:`bytecode_cache`) after
an untimed warm-up build of each tool (:func:`warm_up`).
Prints the table and writes ``BENCHMARKS.md`` (see :mod:`bench.report`),
including the comparison with the previous run (:mod:`bench.previous`).
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.measure import BuildFailed, last_line
from bench.extra import run_features, run_scale
from bench.rounds import Plan, log, run_size, slower_hugo
from bench.tools import Tool, make_tools


def bytecode_cache(root: Path) -> None:
    """Let the Python tools (ours, Pelican) cache their bytecode, as on a developer's machine.

    With ``PYTHONDONTWRITEBYTECODE`` set (some shells and CI images set it) ours
    would compile every ``sitegen`` module from source on every build (about
    40 ms), which Hugo's binary and Pelican's installed ``.pyc`` files never
    pay.  The cache goes to ``root/pycache`` (``PYTHONPYCACHEPREFIX``), so the
    checkout is not written to; :func:`warm_up` fills it.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(root / "pycache")


def warm_up(root: Path) -> None:
    """One untimed build of each tool on a 20-article site (bytecode and file caches)."""
    for tool in make_tools(root / "warmup", 20, ["ours", "hugo", "pelican"]):
        try:
            tool.build()
        except BuildFailed as failure:  # the timed scenarios will report it
            log(f"  warm-up · {tool.name}: failed ({failure.summary})")
    shutil.rmtree(root / "warmup", ignore_errors=True)


def run_serve(tools: list[Tool], n: int, saves: int, skip: str = "") -> dict:
    """Scenario 5 for the tools with live reload; others get a "not measured" note.
    ``skip`` names the slower Hugo site (only the faster one serves; its cell is ``("serve", "hugo")``)."""
    from bench.serve_bench import measure
    table: dict = {}
    for tool in tools:
        if tool.name == skip:
            continue
        if tool.name == "pelican":
            table[("serve", tool.name)] = {"note": "not measured: no live reload in the browser"}
            continue
        try:
            result = measure(tool, n, saves)
        except Exception as exc:  # a browser or server failure must not lose the other results
            reason = " ".join(str(exc).split())[:160]
            table[("serve", tool.name)] = {"note": f"failed: {type(exc).__name__}: {reason}"}
            log(f"  N={n} serve · {tool.name}: failed: {exc}")
            continue
        table[("serve", tool.name.replace("-norel", ""))] = {"ms": result.latency_ms, "site": tool.name, "rebuild_ms": result.rebuild_ms,
                                       "all": [round(s) for s in result.samples]}
        log(f"  N={n} 5 save → reloaded page · {tool.name}: {result.latency_ms:.0f} ms "
            f"(server rebuild {result.rebuild_ms} ms)")
    table.update(serve_ratio(table, saves))
    return table


def serve_ratio(table: dict, saves: int) -> dict:
    """The serve scenario's ours/Hugo: median latency of ours over median of Hugo."""
    ours, hugo = table.get(("serve", "ours"), {}), table.get(("serve", "hugo"), {})
    if "ms" in ours and "ms" in hugo:
        return {("serve", "ratio"): {"ratio": ours["ms"] / hugo["ms"], "how": f"medians of {saves} saves"}}
    failed = [name for name, cell in (("ours", ours), ("Hugo", hugo)) if "ms" not in cell]
    return {("serve", "ratio"): {"failed": " and ".join(failed)}}


def measure_size(root: Path, plan: Plan, pelican_cold_only: bool, serve: bool, saves: int) -> dict:
    """The build scenarios and (optionally) the serve scenario at one corpus size."""
    if pelican_cold_only:
        plan.pelican_runs, plan.pelican_scenarios = 1, ("cold",)
    table, tools = run_size(root, plan, ["ours", "hugo", "hugo-norel", "pelican"])
    if serve:
        table.update(run_serve(tools, plan.n, saves, skip=slower_hugo(table)))
    return table


def profile_related(root: Path, n: int) -> dict:
    """One cold build of ours under cProfile: share of ``select_related`` in the whole build."""
    tool = make_tools(root, n, ["ours"])[0]
    tool.make_cold()
    out = root / "related.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out)] + tool.command()[1:]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=tool.site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        log(f"  profile N={n}: failed: {done.stderr[-2000:]}")
        return {"n": n, "failed": f"exit {done.returncode}: {last_line(done.stderr) or '(no output)'}"}
    stats = pstats.Stats(str(out)).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}

    def cumulative(module: str, function: str) -> float:
        return sum(v[3] for (file, _, name), v in stats.items()
                   if name == function and file.replace("\\", "/").endswith(module))
    total = max(v[3] for v in stats.values())
    related = cumulative("sitegen/site/related.py", "select_related")
    site = cumulative("sitegen/site/model.py", "build_site")
    log(f"  profile N={n}: select_related {related:.3f} s of {total:.2f} s ({100 * related / total:.1f} %)")
    return {"n": n, "related_s": related, "build_site_s": site, "total_s": total, "wall_s": wall}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="benchmark ours against Hugo and Pelican")
    parser.add_argument("--quick", action="store_true", help="N = 1,000 only")
    parser.add_argument("--n", type=int, default=1000, help="the small corpus size (default 1000)")
    parser.add_argument("--pairs", type=int, default=5, help="pairs (ours, Hugo) per scenario (default 5)")
    parser.add_argument("--large-n", type=int, default=10000, help="the large corpus size (default 10000)")
    parser.add_argument("--large-pairs", type=int, default=3, help="pairs per scenario at the large size (default 3)")
    parser.add_argument("--huge-n", type=int, default=50000,
                        help="the scale run: one cold build of ours (default 50000; 0 skips it)")
    parser.add_argument("--features", type=float, default=0.3, metavar="FRACTION",
                        help="features variant: lead pictures on this fraction, search on (default 0.3; 0 skips it)")
    parser.add_argument("--features-n", type=int, default=1000, help="corpus size of the features variant")
    parser.add_argument("--features-pairs", type=int, default=3, help="runs per scenario of the features variant")
    parser.add_argument("--pelican-runs", type=int, default=3, help="Pelican runs at the small size (default 3)")
    parser.add_argument("--saves", type=int, default=5, help="saves per tool in the serve scenario (default 5)")
    parser.add_argument("--workdir", type=Path, help="where to write the sites (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the sites afterwards")
    parser.add_argument("--no-serve", action="store_true", help="skip scenario 5 (browser)")
    parser.add_argument("--output", type=Path, default=report.PROJECT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run everything, print the table, write the report."""
    args = parse_args(argv)
    root = args.workdir or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    started, loads = time.perf_counter(), []
    serve = not args.no_serve
    extra: dict = {}
    bytecode_cache(root)
    try:
        warm_up(root)
        small = Plan(args.n, args.pairs, args.pelican_runs, loads=loads)
        tables = {args.n: measure_size(root / f"n{args.n}", small, False, serve, args.saves)}
        if not args.keep:
            shutil.rmtree(root / f"n{args.n}", ignore_errors=True)
        profile = profile_related(root / "profile", args.n)
        if not args.quick:
            large = Plan(args.large_n, args.large_pairs, loads=loads, both_hugos=False)
            tables[args.large_n] = measure_size(root / f"n{args.large_n}", large, True, serve, args.saves)
            if not args.keep:
                shutil.rmtree(root / f"n{args.large_n}", ignore_errors=True)
            if args.huge_n:
                extra["scale"] = {args.huge_n: run_scale(root / "scale", args.huge_n)}
        if args.features:
            extra["features"] = run_features(root / "features", args.features_n, args.features, args.features_pairs)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    text = report.markdown(tables, profile, quick=args.quick, pairs=args.pairs, pelican_runs=args.pelican_runs,
                           saves=args.saves, minutes=(time.perf_counter() - started) / 60, loads=loads,
                           extra=extra, large_pairs=args.large_pairs)
    args.output.write_text(text, encoding="utf-8")
    print(report.console(tables, profile, args.quick, extra))
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
