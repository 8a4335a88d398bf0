"""Against the previous run: the issue's "no speed lost" rule.

Rule: per scenario, the new ratio ours/Hugo (median of the per-pair ratios
of this run) may be at most 10 % above the previous one
(``new ≤ 1.10 × old``); smaller is better.  The previous figures are fixed
here, not read from ``BENCHMARKS.md``, so that a ``make bench-quick`` that
overwrites the file does not move the reference.

:data:`REFERENCE` is the 2026-12-01 03:01 UTC run (the "Results" table of
``BENCHMARKS.md`` as committed before issue 13's benchmark changes, commit
59181e3 of the engine): medians of 5 runs per tool, seconds rounded to two
decimals.  Its Hugo site listed 3 related articles and was built without the
Hugo site changes of issue 13 (5 related, plus a Hugo site without the
related block; the ratio is now to the faster of the two), and its memory
was summed RSS, not PSS: a "not met" here can come from a faster Hugo
baseline, which the "Hugo s" columns show.  A size that was not run
(``--quick`` skips N = 10,000) is listed with its previous figures and
"not run", so the report always shows the whole reference.
"""

from __future__ import annotations

from bench.tools import SCENARIOS

REFERENCE_RUN = "the run of 2026-12-01 03:01 UTC (engine commit 59181e3), before the fair Hugo site of issue 13"
TOLERANCE = 1.10
SERVE_LABEL = "5 save → reloaded page (serve)"

# (ours s, Hugo s) of the 2026-12-01 run, per N and scenario; serve = save → reloaded page.
REFERENCE: dict[int, dict[str, tuple[float, float]]] = {
    1000: {"cold": (3.30, 1.34), "nothing": (0.11, 1.12), "edit": (0.64, 1.71), "new": (0.78, 1.34),
           "theme": (1.67, 1.24), "fresh": (2.17, 1.80), "serve": (0.28, 0.33)},
    10000: {"cold": (20.86, 50.37), "nothing": (0.20, 36.97), "edit": (2.94, 39.94), "new": (4.14, 38.31),
            "theme": (12.34, 37.28), "fresh": (13.06, 42.31), "serve": (1.17, 1.91)},
}


def previous_ratio(n: int, scenario: str) -> float | None:
    """The reference ratio ours/Hugo, or ``None`` for a new scenario or size."""
    ours, hugo = REFERENCE.get(n, {}).get(scenario, (None, None))
    return ours / hugo if ours is not None and hugo else None


def verdict(old: float | None, cell: dict | None) -> str:
    """``met`` / ``**not met**`` / why there is nothing to compare."""
    if cell is None:
        return "not measured"
    if "failed" in cell:
        return "**not met** (failed)"
    if old is None:
        return "new scenario: no previous figure"
    return "met" if cell["ratio"] <= TOLERANCE * old else "**not met**"


def _fmt(ratio: float) -> str:
    """Three decimals, four below 0.1 (the 10,000-article no-op ratio is about 0.007)."""
    return f"{ratio:.4f}" if ratio < 0.1 else f"{ratio:.3f}"


def _new(cell: dict | None) -> tuple[str, str]:
    if cell is None:
        return "–", "–"
    if "failed" in cell:
        return f"failed ({cell['failed']})", "–"
    pairs = cell.get("pairs") or []
    spread = f"{_fmt(min(pairs))}–{_fmt(max(pairs))}" if len(pairs) > 1 else cell.get("how", "–")
    return _fmt(cell["ratio"]), spread


def rows(tables: dict, quick: bool = False) -> list[list[str]]:
    """One row per N and scenario: N, scenario, previous, new, spread, limit, verdict.  A size
    of the reference that was not run keeps its previous figures, marked "not run"."""
    out = []
    for n in sorted(set(tables) | set(REFERENCE)):
        table = tables.get(n)
        for scenario, label in SCENARIOS + [("serve", SERVE_LABEL)]:
            old = previous_ratio(n, scenario)
            cell = table.get((scenario, "ratio")) if table else None
            new, spread = _new(cell)
            limit = _fmt(TOLERANCE * old) if old is not None else "–"
            check = verdict(old, cell) if table else ("not run (`--quick`)" if quick else "not run")
            out.append([f"{n:,}", label, _fmt(old) if old is not None else "–", new, spread, limit, check])
    return out


HEAD = ["N", "scenario", "previous ours/Hugo", "new ours/Hugo", "pair ratios", "limit (1.10 × previous)",
        "within 10 %"]


def section(tables: dict, quick: bool) -> str:
    """The Markdown section "Against the previous run"."""
    lines = ["| " + " | ".join(HEAD) + " |", "|---|---|--:|--:|--:|--:|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows(tables, quick)]
    return (f"Previous: {REFERENCE_RUN}, hard-coded in `bench/previous.py` (its ratios are ratios of "
            "the medians of 5 runs; its Hugo site had 3 related links and no variant without them, so a "
            "faster Hugo baseline now can make a ratio miss the rule). New: the median of the "
            "per-pair ratios of this run (\"pair ratios\": smallest–largest of them); serve: median "
            "latency of ours / of Hugo over the saves. The rule: new ≤ 1.10 × previous.\n\n"
            + "\n".join(lines))


def console(tables: dict, quick: bool = False) -> str:
    """The same comparison as plain text."""
    data = [HEAD] + rows(tables, quick)
    widths = [max(len(r[i]) for r in data) for i in range(len(HEAD))]
    return "\n".join("  ".join(c.replace("**", "").replace("`", "").ljust(w) for c, w in zip(r, widths))
                     for r in data)
