"""Issue 13's targets, checked on the benchmark's table.

``tables`` maps N to ``{(scenario, tool): cell}`` (see :mod:`bench.rounds`);
``extra`` holds the scale run (``{"scale": {N: cell}}``, :mod:`bench.extra`).
The targets are for N = 10,000 (the largest size run; with ``--quick`` they
are checked on N = 1,000 and marked so), the cold ratio also at 1,000.
"Hugo" is the faster of the two Hugo sites (with and without the related
block) in each pair; ratios are medians of the per-pair ratios.
"""

from __future__ import annotations

Row = tuple[str, str, "bool | None"]


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _s(table: dict, scenario: str, tool: str) -> float | None:
    return table.get((scenario, tool), {}).get("s")


def hugo_cold(table: dict) -> tuple[float | None, float | None]:
    """(seconds, MB) of the faster Hugo site's cold build (medians), or Nones."""
    cells = [table.get(("cold", name), {}) for name in ("hugo", "hugo-norel")]
    cells = [c for c in cells if "s" in c]
    if not cells:
        return None, None
    best = min(cells, key=lambda c: c["s"])
    return best["s"], best["mb"]


def _row(target: str, value: float | None, fmt: str, ok, why: str = "not measured") -> Row:
    return (target, fmt.format(value) if value is not None else why, ok(value) if value is not None else None)


def _cold_ratio(tables: dict, n: int) -> Row:
    cell = tables.get(n, {}).get(("cold", "ratio"), {})
    value = cell.get("ratio")
    return _row(f"N = {n:,}: cold build ≤ 2.0× Hugo (goal ≤ 1.0×)", value,
                "{:.2f}×" + (f" ({'goal met' if value <= 1 else f'{value - 1:.2f}× above the goal'})"
                             if value is not None else ""),
                lambda v: v <= 2.0, "failed" if "failed" in cell else "not measured")


def _large(tables: dict, n: int, note: str) -> list[Row]:
    table = tables[n]
    serve = table.get(("serve", "ours"), {})
    hugo_s, hugo_mb = hugo_cold(table)
    ours_cold, ours_mb = _s(table, "cold", "ours"), table.get(("cold", "ours"), {}).get("mb")
    fresh = _s(table, "fresh", "ours")
    theme = _s(table, "theme", "ours")
    return [
        _row(f"one body edit: build ≤ 1.0 s{note}", _s(table, "edit", "ours"), "{:.2f} s", lambda v: v <= 1.0),
        _row(f"one body edit: serve rebuild ≤ 150 ms{note}", serve.get("rebuild_ms"), "{:.0f} ms",
             lambda v: v <= 150),
        _row(f"one body edit: serve save → reloaded page ≤ 0.5 s{note}", serve.get("ms") and serve["ms"] / 1000,
             "{:.2f} s", lambda v: v <= 0.5),
        _row(f"one new article: build ≤ 2.0 s{note}", _s(table, "new", "ours"), "{:.2f} s", lambda v: v <= 2.0),
        _row(f"template change, Markdown cached: ≤ 1.5× Hugo's full (cold) build{note}", _ratio(theme, hugo_s),
             "{:.2f}×" + (f" ({theme:.2f} s vs {hugo_s:.2f} s)" if theme and hugo_s else ""), lambda v: v <= 1.5),
        _row(f"no change: ≤ 0.3 s{note}", _s(table, "nothing", "ours"), "{:.2f} s", lambda v: v <= 0.3),
        _row(f"fresh clone with .cache/: ≤ 0.25× our cold build{note}", _ratio(fresh, ours_cold), "{:.2f}×",
             lambda v: v <= 0.25),
        _row(f"fresh clone with .cache/: ≤ 0.5× Hugo's cold build{note}", _ratio(fresh, hugo_s), "{:.2f}×",
             lambda v: v <= 0.5),
        _row(f"peak memory, cold: ≤ 700 MB{note}", ours_mb, "{:.0f} MB", lambda v: v <= 700),
        _row(f"peak memory, cold: ≤ 0.5× Hugo's{note}", _ratio(ours_mb, hugo_mb), "{:.2f}×", lambda v: v <= 0.5),
    ]


def _scale(tables: dict, extra: dict) -> list[Row]:
    scale = (extra or {}).get("scale") or {}
    if not scale or 10000 not in tables:
        return [("N = 50,000: cold ≤ 5.5× the 10,000 figure, peak ≤ 2 GB", "not measured", None)]
    big, cell = next(iter(scale.items()))
    if "failed" in cell:
        return [(f"N = {big:,}: cold build", f"failed: {cell['failed']}", False)]
    ten = _s(tables[10000], "cold", "ours")
    return [_row(f"N = {big:,}: cold ≤ 5.5× the 10,000 figure", _ratio(cell["s"], ten),
                 "{:.2f}×" + f" ({cell['s']:.1f} s)", lambda v: v <= 5.5),
            _row(f"N = {big:,}: peak memory ≤ 2 GB", cell["mb"], "{:.0f} MB", lambda v: v <= 2048)]


def targets(tables: dict, profile: dict | None, extra: dict | None = None) -> list[Row]:
    """Issue 13's targets as (target, measured, met?) rows; met? is None when not measured."""
    n = max(tables)
    note = "" if n >= 10000 else f" (N = {n:,}; the target is for 10,000)"
    rows = [_cold_ratio(tables, size) for size in sorted(tables)]
    rows += _large(tables, n, note)
    rows += _scale(tables, extra or {})
    rows.append(_related(profile))
    return rows


def _related(profile: dict | None) -> Row:
    if not profile or "failed" in profile:
        why = profile["failed"] if profile else "not run"
        return "related-article selection ≤ 5 % of the cold build (cProfile)", f"not measured: {why}", None
    share = profile["related_s"] / profile["total_s"]
    return (f"related-article selection ≤ 5 % of the cold build (cProfile, N = {profile['n']:,})",
            f"{100 * share:.1f} % ({profile['related_s']:.2f} s of {profile['total_s']:.2f} s)", share <= 0.05)

