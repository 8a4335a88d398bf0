"""Issue 5's targets, checked on the benchmark's table.

``tables`` maps N to ``{(scenario, tool): cell}`` (see :mod:`bench.rounds`).
The targets are for N = 10,000; they are checked there when it was run, else
on N = 1,000 and marked so.  Ratios to Hugo are the medians of the per-pair
ratios of the run.
"""

from __future__ import annotations


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


class _Checker:
    """Collects ``(target, measured, met?)`` rows for one table."""

    def __init__(self, table: dict, note: str) -> None:
        self.table, self.note, self.rows = table, note, []

    def s(self, scenario: str, tool: str) -> float | None:
        return self.table.get((scenario, tool), {}).get("s")

    def pair_ratio(self, scenario: str) -> float | None:
        return self.table.get((scenario, "ratio"), {}).get("ratio")

    def failed(self, scenario: str) -> bool:
        return any("failed" in self.table.get((scenario, tool), {}) for tool in ("ours", "hugo", "pelican"))

    def add(self, target: str, value: float | None, fmt: str, ok, scenario: str = "") -> None:
        missing = "failed" if scenario and self.failed(scenario) else "not measured"
        self.rows.append((target + self.note, fmt.format(value) if value is not None else missing,
                          ok(value) if value is not None else (False if missing == "failed" else None)))


def targets(tables: dict, profile: dict | None) -> list[tuple[str, str, bool | None]]:
    """Issue 5's targets as (target, measured, met?) rows."""
    n = max(tables)
    c = _Checker(tables[n], "" if n == 10000 else f" (N = {n:,}; the targets are for 10,000)")
    c.add("cold build ours/Hugo ≤ 1.4× (goal ≤ 1.0×)", c.pair_ratio("cold"), "{:.2f}×", lambda v: v <= 1.4, "cold")
    c.add("cold build Pelican/ours ≥ 5×", _ratio(c.s("cold", "pelican"), c.s("cold", "ours")), "{:.2f}×",
          lambda v: v >= 5, "cold")
    mem = _ratio(c.table.get(("cold", "ours"), {}).get("mb"), c.table.get(("cold", "hugo"), {}).get("mb"))
    c.add("peak memory of the cold build ours/Hugo ≤ 0.5×", mem, "{:.2f}×", lambda v: v <= 0.5, "cold")
    for key, label, limit in (("nothing", "nothing changed", 0.5), ("edit", "one body edit", 1.0)):
        value, ratio = c.s(key, "ours"), c.pair_ratio(key)
        shown = f" ({ratio:.2f}× Hugo)" if ratio is not None else ""
        c.add(f"{label}: ours ≤ {limit} s", value, "{:.2f} s" + shown, lambda v, lim=limit: v <= lim, key)
    c.add("one new article ours/Hugo ≤ 0.4×", c.pair_ratio("new"), "{:.2f}×", lambda v: v <= 0.4, "new")
    c.add("theme change with cache ours/Hugo ≤ 0.5×", c.pair_ratio("theme"), "{:.2f}×", lambda v: v <= 0.5, "theme")
    serve = c.table.get(("serve", "ours"), {})
    c.add("serve: save → reloaded page ≤ 1 s", serve.get("ms") and serve["ms"] / 1000, "{:.2f} s", lambda v: v <= 1)
    c.add("serve: rebuild after one body edit ≤ 100 ms", serve.get("rebuild_ms"), "{:.0f} ms", lambda v: v <= 100)
    rows = c.rows
    rows.append(_scaling(tables))
    rows.append(_related(profile))
    return rows


def _scaling(tables: dict) -> tuple[str, str, bool | None]:
    label = "cold build 10,000 / 1,000 articles (ours) ≤ 11×"
    if 10000 not in tables or min(tables) >= 10000:
        return label, "not measured (--quick)", None
    small = min(tables)
    scale = _ratio(tables[10000].get(("cold", "ours"), {}).get("s"), tables[small].get(("cold", "ours"), {}).get("s"))
    scale = scale * small / 1000 if scale else None
    return label, f"{scale:.1f}×" if scale else "not measured", scale <= 11 if scale else None


def _related(profile: dict | None) -> tuple[str, str, bool | None]:
    if not profile or "failed" in profile:
        why = profile["failed"] if profile else "not run"
        return "related-article selection ≤ 5 % of the cold build (cProfile)", f"not measured: {why}", None
    share = profile["related_s"] / profile["total_s"]
    return (f"related-article selection ≤ 5 % of the cold build (cProfile, N = {profile['n']:,})",
            f"{100 * share:.1f} % ({profile['related_s']:.2f} s of {profile['total_s']:.2f} s)", share <= 0.05)
