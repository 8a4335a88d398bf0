"""Turn the benchmark results into the console table and ``BENCHMARKS.md``.

``tables`` maps N to ``{(scenario, tool): cell}`` (see :mod:`bench.rounds`):
a build cell has medians ``s`` (seconds) and ``mb`` (peak MB) or ``failed``
(the tool's exit code and last stderr line); a serve cell ``ms`` and
``rebuild_ms`` or a ``note``; the ``(scenario, "ratio")`` cell the median of
the per-pair ratios ours/Hugo.  The comparison with the previous run is
:mod:`bench.previous`, the targets :mod:`bench.targets`.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone

from bench import previous
from bench.corpus import PROJECT
from bench.measure import METHOD
from bench.sections import HUGO_CHANGES, features_section, scale_section
from bench.targets import targets
from bench.tools import NOW, SCENARIOS, Hugo, Ours, Pelican

TOOLS = ["ours", "hugo", "hugo-norel", "pelican"]
SERVE_LABEL = previous.SERVE_LABEL
HEAD = ["N", "scenario", "ours s", "ours MB", "Hugo s", "Hugo MB", "Hugo w/o related s", "Hugo w/o related MB",
        "ours/faster Hugo", "Pelican s", "Pelican MB"]


def _cell(cell: dict | None, serve: bool = False) -> tuple[str, str]:
    """(seconds, MB) text of one tool's cell."""
    if not cell:
        return "–", "–"
    if "note" in cell:
        return cell["note"], ""
    if "failed" in cell:
        return "**failed**", "–"
    if serve:
        rebuild = f"{cell['rebuild_ms']:.0f} ms" if cell.get("rebuild_ms") is not None else "?"
        return f"{cell['ms'] / 1000:.2f}", f"rebuild {rebuild}"
    return f"{cell['s']:.2f}", f"{cell['mb']:.0f}"


def _ratio_text(cell: dict | None) -> str:
    if not cell:
        return "–"
    return "**failed**" if "failed" in cell else f"{cell['ratio']:.2f}×"


def rows(tables: dict) -> list[list[str]]:
    """Table rows: N, scenario, seconds and MB of ours and Hugo, the ratio, Pelican."""
    out = []
    for n, table in tables.items():
        for key, label in SCENARIOS + [("serve", SERVE_LABEL)]:
            ours, hugo, norel, pelican = (_cell(table.get((key, tool)), key == "serve") for tool in TOOLS)
            if (ours, hugo, norel, pelican) == (("–", "–"),) * 4:
                continue
            if key == "serve" and table.get((key, "hugo"), {}).get("site") == "hugo-norel":
                hugo, norel = ("–", "–"), hugo
            out.append([f"{n:,}", label, *ours, *hugo, *norel, _ratio_text(table.get((key, "ratio"))), *pelican])
        sizes = [table.get(("size", tool)) for tool in TOOLS]
        if any(sizes):
            out.append([f"{n:,}", "output after the cold build (MB, files)"]
                       + [x for cell in sizes for x in _size(cell)][:6] + ["–"] + [x for x in _size(sizes[3])])
    return out


def _size(cell: dict | None) -> tuple[str, str]:
    """(MB, files) text of an output size cell."""
    return (f"{cell['mb']:.1f} MB", f"{cell['files']:,} files") if cell else ("–", "–")


def failures(tables: dict) -> list[str]:
    """One line per failed scenario: N, scenario, tool, exit code and last stderr line."""
    labels = dict(SCENARIOS)
    return [f"N = {n:,}, {labels.get(key, key)}, {tool}: {cell['failed']}"
            for n, table in tables.items() for (key, tool), cell in table.items()
            if tool in TOOLS and "failed" in cell]


def markdown_table(tables: dict) -> str:
    """The results table, followed by the list of failed scenarios if any."""
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * 2 + "--:|" * 9]
    lines += ["| " + " | ".join(r) + " |" for r in rows(tables)]
    failed = failures(tables)
    if failed:
        lines += ["", "**Failed** (the tool exited non-zero; its last stderr line):", ""]
        lines += [f"- {line}" for line in failed]
    return "\n".join(lines)


def console(tables: dict, profile: dict | None, quick: bool = False, extra: dict | None = None) -> str:
    """The plain-text table, failures, the comparison with the previous run and the targets."""
    data = [HEAD] + rows(tables)
    widths = [max(len(r[i]) for r in data) for i in range(len(HEAD))]
    text = "\n".join("  ".join(c.replace("**", "").ljust(w) for c, w in zip(r, widths)) for r in data)
    failed = failures(tables)
    if failed:
        text += "\n\nFAILED:\n" + "\n".join(failed)
    text += "\n\nAgainst the previous run, " + previous.REFERENCE_RUN + ":\n" + previous.console(tables, quick)
    text += "\n\n" + scale_section(tables, extra or {}) + "\n\n" + features_section(tables, extra or {})
    return text + "\n\n" + "\n".join(f"{'MET    ' if ok else ('NOT MET' if ok is False else 'n/a    ')} {t}: {v}"
                                     for t, v, ok in targets(tables, profile, extra))


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


def _commands() -> str:
    """The command lines of the three tools and of the serve scenario."""
    ours, hugo, pelican = Ours(PROJECT / "SITE"), Hugo(PROJECT / "SITE"), Pelican(PROJECT / "SITE")

    def cmd(tool) -> str:
        return " ".join(f'"{c}"' if " " in c else c for c in tool.command()).replace(str(PROJECT), ".")
    return f"""- ours: `{cmd(ours)}` (no `--jobs`: default, all cores); cold = delete `.cache/`, `out/` and
  `.out.*` (the publish's standby tree and lock; `out/`, not the deploy folder `output/`, into which
  a `--now` still to come is refused)
- Hugo: `{cmd(hugo).replace('./SITE', '$PWD')}` (the binary inside the PyPI wheel, all cores);
  cold = delete `public/`, `resources/`, `hugo_cache/`
- Pelican: `{cmd(pelican)}` with `LOAD_CONTENT_CACHE = CACHE_CONTENT = True`, no feeds;
  cold = delete `output/` and `cache/`
- serve: ours `build.py serve --port 0 --now "{NOW}"`; Hugo `hugo server --buildFuture` (live reload,
  fast render, pages in memory); Pelican has no browser live reload, so it is not measured."""


def _method(pairs: int, pelican_runs: int, saves: int, large_pairs: int = 3) -> str:
    """The paragraph on scenarios, rounds and what a cell means."""
    return f"""Scenarios: (1) cold build; (2) rebuild, nothing changed; (3) one sentence changed in the last paragraph
of one article; (4) one new article dated after all others (every pagination page moves); (6) the article
template changed (a hidden marker added after the title, so every article page changes), Markdown cached;
(7) a fresh clone with a restored cache and no output: the site copied to a new folder with every
content, theme and config file new on disk (mtime = now, as `git clone` leaves them), the cache copied as it
is (ours `.cache/`, Hugo `hugo_cache/` and `resources/`, warm from scenario 6, files keep their mtimes, as a
CI cache restore leaves them), no `out/` / `public/`; the copy is not timed, and before every timed build the preparation's writes are flushed to the disk (`os.sync`, untimed; Pelican: not run). On this VM both tools' fresh-clone builds at 10,000 slow down from round to round (see the rounds in the log) with or without the flush: the disk, not the tools, so the median pair is the fairest figure;
(5) save → reloaded page in headless Chromium, one-paragraph edit saved as temp file + rename, from the
rename to the page's `load` event ("rebuild" is the server's own log).

Pairs: at N = 1,000 each build scenario runs {pairs} rounds, at N = 10,000 {large_pairs}; a round builds ours,
then Hugo, then Hugo without the related block (at N = 10,000 only in the cold scenario; afterwards the faster
Hugo site alone), then Pelican at N = 1,000 in rounds 1–{pelican_runs} (at N = 10,000 Pelican builds cold
once). The s columns are the medians of a tool's runs, MB the median peak; **ours/faster Hugo is the median
of the per-pair ratios, each pair's Hugo time being the faster of the two Hugo sites**. Serve: one server per tool, {saves} saves each, the median latency; its ours/Hugo is the ratio of
the two medians (the saves are not paired). A build that exits non-zero is reported as failed with its last
stderr line (its remaining rounds of that scenario are skipped). Time is wall clock of the whole command
(start-up included); MB is the peak PSS summed over the process tree (see "Memory" below). Before the scenarios each tool builds a 20-article site once, untimed; the
Python tools (ours, Pelican) run with bytecode caching on (`PYTHONPYCACHEPREFIX` in the benchmark's temp
folder, `PYTHONDONTWRITEBYTECODE` unset), as on a developer's machine."""


def _profile_text(profile: dict | None) -> str:
    """The paragraph on the cProfile run (or why there is none)."""
    if not profile or "failed" in profile:
        return f"Not measured: {profile['failed'] if profile else 'not run'}."
    share = 100 * profile['related_s'] / profile['total_s']
    return f"""cProfile of one cold build of ours at N = {profile['n']:,} (main process; Markdown workers are not in
it): `sitegen.site.related.select_related` {profile['related_s']:.3f} s cumulative, `sitegen.site.model.build_site`
{profile['build_site_s']:.3f} s, whole build {profile['total_s']:.2f} s under the profiler
({profile['wall_s']:.2f} s wall) → **{share:.1f} %** in related selection."""


def markdown(tables: dict, profile: dict | None, quick: bool, pairs: int, pelican_runs: int, saves: int,
             minutes: float, loads: list[float] = (), extra: dict | None = None, large_pairs: int = 3) -> str:
    """The whole ``BENCHMARKS.md``."""
    extra = extra or {}
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    target_rows = "\n".join(f"| {t} | {v} | {'met' if ok else ('**not met**' if ok is False else '–')} |"
                            for t, v, ok in targets(tables, profile, extra))
    sizes = "N = " + ", ".join(f"{n:,}" for n in sorted(set(tables) | set(extra.get("scale") or {})))
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

{_commands()}

{_method(pairs, pelican_runs, saves, large_pairs)}

{HUGO_CHANGES}

## Results (seconds, peak MB)

Memory: {METHOD}.

{markdown_table(tables)}

## Scale: our cold build at 1,000 / 10,000 / 50,000 articles

{scale_section(tables, extra)}

## Features variant: lead pictures and search

{features_section(tables, extra)}

## Against the previous run

{previous.section(tables, quick)}

## Targets of issue 13

| target | measured | |
|---|---|---|
{target_rows}

## Related-article selection

{_profile_text(profile)}
"""
