"""The runs of ours alone: the scale run (N = 50,000) and the features variant.

Scale (issue 13): one cold build of ours on a 50,000-article corpus, its
time, peak memory (:data:`bench.measure.METHOD`) and output size; the report
sets it against the 1,000 and 10,000 figures (the curve).

Features: the corpus with a lead picture on a fraction of the articles
(``image:``/``image_alt:``, :func:`bench.corpus.write_corpus`) and
``search: {enabled: true}`` in the config; ours runs cold, one new article
and one body edit (``pairs`` rounds each, medians).  A feature the engine
does not know yet (its key reported as unknown in the build's warnings) is
reported as "not available" instead of timing a build without it.
"""

from __future__ import annotations

import re
import shutil
import statistics
from pathlib import Path

from bench.corpus import write_corpus
from bench.measure import BuildFailed
from bench.rounds import log, output_sizes, prepare
from bench.tools import Ours

FEATURE_SCENARIOS = [("cold", "1 cold build (no cache, empty output)"),
                     ("new", "4 rebuild after one new article"),
                     ("edit", "3 rebuild after one body edit")]
# The warnings that say a feature is not in this engine (see sitegen/config and content/frontmatter).
_UNKNOWN = {"search": re.compile(r"unknown config key 'search'"),
            "lead pictures": re.compile(r"unknown (?:front matter )?key 'image'")}


def run_scale(root: Path, n: int) -> dict:
    """One cold build of ours at ``n`` articles: ``{"s", "mb", "size_mb", "files"}`` or ``{"failed"}``."""
    log(f"— N = {n:,}: writing the site of ours (scale run, one cold build)")
    tool = Ours(root / f"ours-{n}")
    shutil.rmtree(tool.site, ignore_errors=True)
    tool.site.mkdir(parents=True)
    write_corpus(tool.site, n)
    tool.make_cold()
    try:
        result = tool.build()
    except BuildFailed as failure:
        log(f"  N={n:,} cold · ours: FAILED ({failure.summary})")
        return {"failed": failure.summary}
    size = output_sizes([tool]).get(("size", "ours"), {})
    log(f"  N={n:,} cold · ours: {result.seconds:.2f} s, {result.peak_mb:.0f} MB")
    shutil.rmtree(tool.site, ignore_errors=True)
    return {"s": result.seconds, "mb": result.peak_mb, "size_mb": size.get("mb"), "files": size.get("files")}


class FeatureSite(Ours):
    """Ours on the features corpus (lead pictures on ``fraction`` of the articles, search on)."""

    fraction = 0.3

    def write(self, articles: list[tuple[str, str]]) -> None:
        write_corpus(self.site, len(articles), images=self.fraction, search=True)
        shutil.rmtree(self.site / self.output, ignore_errors=True)
        shutil.rmtree(self.site / ".cache", ignore_errors=True)


def missing_features(output: str) -> list[str]:
    """The features whose key the build's warnings call unknown."""
    return [name for name, pattern in _UNKNOWN.items() if pattern.search(output)]


def run_features(root: Path, n: int, fraction: float, pairs: int) -> dict:
    """The features variant: ``{scenario: {"s", "mb"} | {"failed"}}`` plus ``"size"`` and ``"missing"``."""
    from bench.tools import generate_names
    log(f"— N = {n:,}: features variant (pictures on {fraction:.0%} of the articles, search on), ours only")
    tool = FeatureSite(root / f"features-{n}")
    tool.fraction = fraction
    shutil.rmtree(tool.site, ignore_errors=True)
    tool.site.mkdir(parents=True)
    tool.write(generate_names(n))
    table: dict = {"fraction": fraction, "n": n, "pairs": pairs}
    for scenario, label in FEATURE_SCENARIOS:
        runs = []
        for round_number in range(1, pairs + 1):
            prepare(tool, scenario, round_number, n, root / "scratch")
            try:
                result = tool.build()
            except BuildFailed as failure:
                table[scenario] = {"failed": failure.summary}
                log(f"  features N={n:,} {label}: FAILED ({failure.summary})")
                break
            runs.append(result)
            table.setdefault("missing", missing_features(result.output))
            log(f"  features N={n:,} {label} round {round_number}: {result.seconds:.2f} s, {result.peak_mb:.0f} MB")
        else:
            table[scenario] = {"s": statistics.median(r.seconds for r in runs),
                               "mb": statistics.median(r.peak_mb for r in runs)}
        if scenario == "cold":
            table["size"] = output_sizes([tool]).get(("size", "ours"))
    shutil.rmtree(tool.site, ignore_errors=True)
    return table
