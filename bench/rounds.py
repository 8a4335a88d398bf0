"""The build scenarios at one corpus size, run as pairs: ours, then Hugo.

Each scenario runs ``pairs`` rounds (5 by default).  A round applies the
scenario's change to ours' site and times ours' build, then does the same for
Hugo with its related block, Hugo without it (``hugo-norel``; at N = 10,000
only in the cold scenario, afterwards only the faster of the two Hugo sites
runs, see :attr:`Plan.both_hugos`) (and, at N = 1,000 in the first ``pelican_runs`` rounds, for Pelican,
which is outside the ratio rule).  The table cell of a tool holds the
medians of its runs; the ``(scenario, "ratio")`` cell holds the median of
the per-round ratios ours/faster Hugo (per round, the smaller of the two
Hugo times).  After the cold scenario ``("size", tool)`` holds the size of
each tool's output (MB, files).  A build that exits non-zero is kept as a
:class:`~bench.measure.BuildFailed`: the cell says ``failed`` with the
tool's last stderr line, and the tool's remaining rounds of that scenario
are skipped (the other tools go on).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.fresh import fresh_clone
from bench.measure import BuildFailed, Result
from bench.tools import SCENARIOS, Tool, make_tools


def log(text: str) -> None:
    """Progress on stderr (stdout gets the final table)."""
    print(text, file=sys.stderr, flush=True)


@dataclass
class Plan:
    """How often each tool runs at one corpus size."""

    n: int
    pairs: int = 5
    pelican_runs: int = 3
    pelican_scenarios: tuple[str, ...] = ("cold", "nothing", "edit", "new", "theme")
    loads: list[float] = field(default_factory=list)  # 1-minute load average before each timed build
    both_hugos: bool = True  # False: after the cold scenario only the faster Hugo site runs

    def runs(self, tool: Tool, scenario: str, round_number: int) -> bool:
        """Whether ``tool`` builds in this round of ``scenario``."""
        if tool.name == "pelican":
            return scenario in self.pelican_scenarios and round_number <= self.pelican_runs
        return True


def prepare(tool: Tool, scenario: str, round_number: int, n: int, scratch: Path) -> Tool:
    """Apply the scenario's change before the timed build; returns the tool to build
    (for scenario 7 the tool on a fresh clone of its site under ``scratch``)."""
    if scenario == "cold":
        tool.make_cold()
    elif scenario == "edit":
        tool.edit_body(round_number, n)
    elif scenario == "new":
        tool.add_article(round_number)
    elif scenario == "theme":
        tool.change_theme(round_number)
    elif scenario == "fresh":
        return fresh_clone(tool, scratch / f"clone-{tool.site.name}-{round_number}")
    return tool


def timed_build(tool: Tool, scenario: str, round_number: int, plan: Plan, scratch: Path) -> Result | BuildFailed:
    """One prepared, timed build; a failure is returned, not raised."""
    target = prepare(tool, scenario, round_number, plan.n, scratch)
    os.sync()  # the preparation's writes (a clone's copy, a cold build's deletions) reach the disk untimed
    plan.loads.append(os.getloadavg()[0])
    try:
        return target.build()
    except BuildFailed as failure:
        return failure
    finally:
        if target is not tool:
            shutil.rmtree(target.site, ignore_errors=True)


def run_scenario(tools: list[Tool], scenario: str, label: str, plan: Plan, scratch: Path) -> dict[str, list]:
    """All rounds of one scenario; returns ``{tool name: [Result | BuildFailed, …]}``."""
    outcomes: dict[str, list] = {}
    for round_number in range(1, plan.pairs + 1):
        for tool in tools:
            done = outcomes.setdefault(tool.name, [])
            if not plan.runs(tool, scenario, round_number) or any(isinstance(o, BuildFailed) for o in done):
                continue
            outcome = timed_build(tool, scenario, round_number, plan, scratch)
            done.append(outcome)
            if isinstance(outcome, BuildFailed):
                log(f"  N={plan.n} {label} · {tool.name} round {round_number}: FAILED ({outcome.summary})")
            else:
                log(f"  N={plan.n} {label} · {tool.name} round {round_number}: {outcome.seconds:.2f} s, "
                    f"{outcome.peak_mb:.0f} MB")
    return {name: runs for name, runs in outcomes.items() if runs}


def tool_cell(runs: list) -> dict:
    """Medians of one tool's runs, or the failure."""
    failures = [r for r in runs if isinstance(r, BuildFailed)]
    if failures:
        return {"failed": failures[0].summary, "ok_runs": len(runs) - len(failures)}
    return {"s": statistics.median(r.seconds for r in runs), "mb": statistics.median(r.peak_mb for r in runs),
            "all": [r.seconds for r in runs]}


def faster_hugo(hugo: dict | None, norel: dict | None) -> dict | None:
    """Per round the smaller time of Hugo with and without the related block (a failed one is ignored)."""
    cells = [c for c in (hugo, norel) if c and "failed" not in c]
    if not cells:
        return hugo or norel
    if len(cells) == 1:
        return cells[0]
    return {"all": [min(a, b) for a, b in zip(cells[0]["all"], cells[1]["all"])]}


def ratio_cell(ours: dict | None, hugo: dict | None) -> dict | None:
    """Median of the per-pair ratios ours/Hugo (pairs = the same round)."""
    if not ours or not hugo:
        return None
    failed = [name for name, cell in (("ours", ours), ("Hugo", hugo)) if "failed" in cell]
    if failed:
        return {"failed": " and ".join(failed)}
    pairs = [o / h for o, h in zip(ours["all"], hugo["all"]) if h]
    return {"ratio": statistics.median(pairs), "pairs": [round(p, 4) for p in pairs]} if pairs else None


def summarise(outcomes: dict[str, list], scenario: str) -> dict:
    """Table cells ``{(scenario, tool): cell}`` plus ``(scenario, "ratio")``."""
    cells = {(scenario, name): tool_cell(runs) for name, runs in outcomes.items()}
    hugo = faster_hugo(cells.get((scenario, "hugo")), cells.get((scenario, "hugo-norel")))
    ratio = ratio_cell(cells.get((scenario, "ours")), hugo)
    if ratio:
        cells[(scenario, "ratio")] = ratio
    return cells


def output_sizes(tools: list[Tool]) -> dict:
    """``{("size", tool): {"mb", "files"}}`` of each tool's output as it is now (after a cold build)."""
    sizes = {}
    for tool in tools:
        if (tool.site / tool.output).is_dir():
            mb, files = tool.output_size()
            sizes[("size", tool.name)] = {"mb": mb, "files": files}
    return sizes


def slower_hugo(table: dict) -> str:
    """The name of the Hugo site whose cold build took longer (the one skipped later at N = 10,000)."""
    times = {name: table.get(("cold", name), {}).get("s") for name in ("hugo", "hugo-norel")}
    if None in times.values():
        return "hugo-norel" if times["hugo"] is not None else "hugo"
    return max(times, key=times.get)


def run_size(root: Path, plan: Plan, names: list[str]) -> tuple[dict, list[Tool]]:
    """Write the sites and run every build scenario; returns (table, tools) — the
    tools' sites are left as the last scenario made them (for the serve scenario)."""
    log(f"— N = {plan.n:,}: writing the sites of {', '.join(names)}")
    tools = make_tools(root, plan.n, names)
    table: dict = {}
    running = list(tools)
    for scenario, label in SCENARIOS:
        table.update(summarise(run_scenario(running, scenario, label, plan, root / "scratch"), scenario))
        if scenario == "cold":
            table.update(output_sizes(running))
            if not plan.both_hugos:
                running = [t for t in running if t.name != slower_hugo(table)]
        ratio = table.get((scenario, "ratio"), {})
        if "ratio" in ratio:
            log(f"  N={plan.n} {label}: ours/Hugo {ratio['ratio']:.3f} (pairs "
                + ", ".join(f"{p:.3f}" for p in ratio["pairs"]) + ")")
    shutil.rmtree(root / "scratch", ignore_errors=True)
    return table, tools
