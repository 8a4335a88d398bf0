"""Collect the distinct failure kinds of the fuzz test instead of stopping at the first.

    .venv/bin/python tests/fuzz_explore.py [SECONDS_PER_KIND] [SEED] [article,page,config]

Runs the strategies of ``fuzz_strategies`` (article, page, config) for
``SECONDS_PER_KIND`` each (default 120) with the properties of
``fuzz_harness``; for every failure kind it keeps the smallest input seen in
``.cache/fuzz-failures/kinds/<n>-<kind>.txt`` (kind, what was printed, the
input) and prints one line per kind with its count at the end.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz_strategies as strategies  # noqa: E402
from fuzz_harness import ROOT, base_site, run_case, warm_up  # noqa: E402
from fuzz_properties import kind, line_kinds, violations  # noqa: E402

OUT = ROOT / ".cache" / "fuzz-failures" / "kinds"


class Found(Exception):
    """Raised to end one strategy's run when its time is up."""


def explore(name: str, strategy, seconds: float, chosen: int, base: Path, kinds: dict) -> int:
    """Run ``strategy`` for ``seconds``; record failures in ``kinds``; returns the examples run."""
    end, count = time.monotonic() + seconds, [0]

    @seed(chosen)
    @settings(max_examples=10 ** 6, database=None, deadline=None, suppress_health_check=list(HealthCheck),
              phases=(Phase.generate,))
    @given(strategy)
    def run(case):
        if time.monotonic() > end:
            raise Found
        count[0] += 1
        result = run_case(base, case)
        found = violations(result)
        if found:
            first = kind(result, found)
            for label in [first] + [k for k in line_kinds(result.err) if k != first and not result.died
                                     and "Traceback" not in result.err]:
                record(f"{name}: {label}", case, result, found, kinds)

    try:
        run()
    except Found:
        pass
    return count[0]


def record(label: str, case: dict[str, bytes], result, found: list[str], kinds: dict) -> None:
    """Count ``label``; keep ``case`` when it is the smallest input of that kind so far."""
    size = sum(map(len, case.values()))
    seen = kinds.setdefault(label, {"count": 0, "size": None, "text": ""})
    seen["count"] += 1
    if seen["size"] is None or size < seen["size"]:
        shown = "\n".join(f"--- {rel} ({len(data)} bytes)\n{data[:3000]!r}" for rel, data in sorted(case.items()))
        seen.update(size=size, text=f"{label}\n{chr(10).join(found[:5])}\nexit code: {result.code}\n"
                                    f"stderr:\n{result.err[:1500]}\n[…]\n{result.err[-1500:]}\n{result.dump[-2000:]}\ninput:\n{shown}\n")


def main(argv: list[str]) -> None:
    """Explore every kind and write the report; see the module docstring."""
    seconds = float(argv[0]) if argv else 120
    chosen = int(argv[1]) if len(argv) > 1 else random.SystemRandom().randrange(2 ** 32)
    print(f"seed {chosen}", flush=True)
    base = base_site(Path(tempfile.mkdtemp(prefix="fuzz-explore-")) / "base")
    warm_up(base, base.parent / "warm")
    kinds: dict = {}
    wanted = argv[2].split(",") if len(argv) > 2 else ["article", "page", "config"]
    for name in wanted:
        strategy = {"article": strategies.article_case, "page": strategies.page_case,
                    "config": strategies.config_case, "data": strategies.data_case}[name]()
        print(f"{name}: {explore(name, strategy, seconds, chosen, base, kinds)} examples", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    for n, (label, seen) in enumerate(sorted(kinds.items(), key=lambda kv: -kv[1]["count"])):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", label)[:80]
        (OUT / f"{n:02d}-{slug}.txt").write_text(seen["text"], encoding="utf-8")
        print(f"{seen['count']:5d}  {label}  (smallest input {seen['size']} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
