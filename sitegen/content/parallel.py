"""Render many Markdown bodies on all cores.

Processes, not threads (markdown-it-py is pure Python).  The output is the
same as rendering one by one: ``render_markdown`` is a pure function, and
results are matched to bodies by position.  Small batches stay in-process,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from sitegen.content.markdown import RenderedBody, render_markdown

MIN_PARALLEL = 64  # fewer bodies than this are rendered in this process


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_worker() -> None:
    """Ctrl-C is handled by the parent only.  The collector is on again (the
    build pauses it, see ``gcpause``, and a fork inherits that): parsing
    Markdown leaves reference cycles, which made each worker grow by ~30 KB
    per body, 800 MB at 50,000 articles.  What the worker inherited is frozen
    first, so collections never touch (and copy) the parent's pages."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.enable()


def _render_one(item: tuple[str, bool]) -> RenderedBody:
    return render_markdown(item[0], item[1])


def render_many(bodies: list[tuple[str, bool]], jobs: int, method: str = "fork",
                advance: Callable[[int], None] | None = None) -> list[RenderedBody]:
    """Render ``[(body, allow_html), …]`` with up to ``jobs`` processes.

    ``method`` is the multiprocessing start method: "fork" for one-shot
    builds, "forkserver" in the long-running preview server.  ``advance(1)``
    is called as each body is done (for a progress bar).
    """
    advance = advance or (lambda n: None)
    if jobs <= 1 or len(bodies) < MIN_PARALLEL:
        return [_counted(render_markdown(b, h), advance) for b, h in bodies]
    context = multiprocessing.get_context(method)
    chunk = max(8, min(64, len(bodies) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start_worker) as pool:
        return [_counted(result, advance) for result in pool.map(_render_one, bodies, chunksize=chunk)]


def _counted(result: RenderedBody, advance: Callable[[int], None]) -> RenderedBody:
    advance(1)
    return result
