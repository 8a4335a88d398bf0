"""Sections of ``BENCHMARKS.md`` for issue 13: the changes to the Hugo site, the scale curve of our
cold build (1,000 / 10,000 / 50,000 articles) and the features variant (see :mod:`bench.extra`)."""

from __future__ import annotations

from bench.extra import FEATURE_SCENARIOS

HUGO_CHANGES = """Changes to the Hugo site for issue 13 (the benchmark's fairness), each with its effect on Hugo's time
(one build each of the 10,000-article site, wall time and peak RSS from `/usr/bin/time`, on the shared 2-core
machine on 2026-12-01 while other jobs ran; the table below measures both sites in every pair):

- the related block ("Wissenswertes zum Thema") as Hugo's documentation recommends: the related-content
  index configured in `hugo.toml` (`[related]`, a `tags` index of weight 100, threshold 1, newer pages
  included) and `{{ range first 5 (.Site.RegularPages.Related .) }}` in the article template (the limit
  was `first 3` before; 3 → 5 was not timed on its own): 61.7 s, 1.58 GB;
- a second Hugo site without the related block, everything else equal (the columns "Hugo w/o related"):
  12.2 s, 1.42 GB — the related lookup is about four fifths of Hugo's time at 10,000 articles;
- the ratios ours/Hugo take, per pair, the faster of the two Hugo sites; at N = 10,000 both build in the
  cold scenario, and the later scenarios and the serve scenario run only the faster one (so that `make
  bench` stays under 45 minutes)."""


def scale_section(tables: dict, extra: dict) -> str:
    """The curve of our cold build over N (1,000 / 10,000 / 50,000): seconds, peak MB, output."""
    points = {n: dict(t.get(("cold", "ours"), {}), **{f"size_{k}": v for k, v in
                                                       (t.get(("size", "ours")) or {}).items()})
              for n, t in tables.items()}
    for n, cell in (extra.get("scale") or {}).items():
        points[n] = dict(cell, size_mb=cell.get("size_mb"), size_files=cell.get("files"))
    lines = ["| N | cold s | peak MB | s per 1,000 articles | output MB | output files |", "|--:|--:|--:|--:|--:|--:|"]
    for n in sorted(points):
        cell = points[n]
        if "s" not in cell:
            lines.append(f"| {n:,} | failed: {cell.get('failed', 'not run')} | | | | |")
            continue
        size = (f"{cell['size_mb']:.1f} | {cell['size_files']:,}" if cell.get("size_mb") is not None else "– | –")
        lines.append(f"| {n:,} | {cell['s']:.2f} | {cell['mb']:.0f} | {1000 * cell['s'] / n:.2f} | {size} |")
    return "\n".join(lines)


def features_section(tables: dict, extra: dict) -> str:
    """The features variant against the plain corpus at the same N (ours only)."""
    feat = extra.get("features")
    if not feat:
        return "Not run (`--features 0`)."
    plain = tables.get(feat["n"], {})
    missing = feat.get("missing") or []
    head = (f"N = {feat['n']:,}, lead picture on {feat['fraction']:.0%} of the articles, search on; "
            f"medians of {feat['pairs']} runs of ours. ")
    head += ("**Not available in this engine** (its key is reported as unknown, so those builds ran without it): "
             + ", ".join(missing) + "." if missing else "Both features were on.")
    lines = ["| scenario | plain s | features s | features MB | cost |", "|---|--:|--:|--:|--:|"]
    for key, label in FEATURE_SCENARIOS:
        cell, base = feat.get(key, {}), plain.get((key, "ours"), {}).get("s")
        if "s" not in cell:
            lines.append(f"| {label} | {base or '–'} | **failed**: {cell.get('failed', 'not run')} | | |")
            continue
        cost = f"{cell['s'] / base:.2f}×" if base else "–"
        lines.append(f"| {label} | {f'{base:.2f}' if base else '–'} | {cell['s']:.2f} | {cell['mb']:.0f} | {cost} |")
    size = feat.get("size")
    if size:
        lines.append(f"\nOutput after the cold build: {size['mb']:.1f} MB, {size['files']:,} files.")
    return head + "\n\n" + "\n".join(lines)
