"""Render and check planned pages on all cores (issue 13).

Once the pages are planned they are independent: each one is rendered with
the theme's templates and checked by ``validate.validate_page`` on its own.
``render_checked`` cuts the pages into chunks and gives them to worker
processes started by ``fork``: the workers inherit the environment, the
contexts and the link index from this process as they are (nothing of them
is pickled); each returns its pages' bytes and problems, and the results are
put back in the pages' order, so the output and the problems are the same as
rendering them one by one in this process.  Small batches (fewer than
``MIN_PARALLEL`` pages), one job, or another start method (the preview
server's ``forkserver``, which cannot inherit memory) render in this process.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

import jinja2

from sitegen.problems import Problem
from sitegen.render.templates import template_problem
from sitegen.render.validate import validate_page

MIN_PARALLEL = 256  # fewer pages than this are rendered in this process
CHUNK = 64          # pages per task: large enough to make the pickling of results cheap


@dataclass(frozen=True)
class Job:
    """What rendering and checking one page needs: the Jinja2 environment, the
    page contexts, the config root and theme (for template problems), the hosts
    a page may load from, ``{source: {URL: line}}`` of the Markdown links, and
    the pages to do (the workers take them by position)."""

    env: jinja2.Environment
    contexts: object
    config: object
    theme: object
    allowed: frozenset[str]
    lines: dict
    pages: tuple = ()


@dataclass(frozen=True)
class Checked:
    """One page's result: its bytes (None when a template failed), the template
    problem (or None) and the problems of its check."""

    data: bytes | None
    template: Problem | None
    checked: tuple[Problem, ...]


def check_one(job: Job, page) -> Checked:
    """Render and check one planned page (``planner.PlannedPage``)."""
    try:
        html = job.env.get_template(page.template).render(job.contexts.of(page))
    except jinja2.TemplateError as exc:
        return Checked(None, template_problem(exc, job.config.root, job.theme, page), ())
    data = html.encode("utf-8")
    found = validate_page(page.route.output_path, data, set(job.allowed), page.source,
                          job.lines.get(page.source, {}))
    return Checked(data, None, tuple(found))


def render_checked(job: Job, jobs: int, method: str,
                   advance: Callable[[int], None] | None = None) -> list[Checked]:
    """``[Checked, …]`` for ``job.pages`` in their order, on up to ``jobs`` processes.

    ``advance(n)`` is called as pages are done (progress bar).  Raises what
    ``check_one`` raises other than template errors (a bug), from a worker too.
    """
    advance = advance or (lambda n: None)
    pages = job.pages
    if jobs <= 1 or len(pages) < MIN_PARALLEL or method != "fork":
        return [_counted(check_one(job, page), advance) for page in pages]
    chunks = [(start, min(start + CHUNK, len(pages))) for start in range(0, len(pages), CHUNK)]
    _compile(job.env, {page.template for page in pages})
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(job,)) as pool:
        results: list[Checked] = []
        for done in pool.map(_check_chunk, chunks):
            results += done
            advance(len(done))
        return results


def _compile(env: jinja2.Environment, names: set[str]) -> None:
    """Compile the templates the pages use once here, before the workers fork (each would compile
    them again); a template that fails to compile fails again in its page's worker, as a problem."""
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


_worker: list[Job] = []  # the job of this worker process, set once by _start (fork: inherited, not pickled)


def _start(job: Job) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent only
    _worker[:] = [job]


def _check_chunk(span: tuple[int, int]) -> list[Checked]:
    job = _worker[0]
    return [check_one(job, page) for page in job.pages[span[0]:span[1]]]


def _counted(result: Checked, advance: Callable[[int], None]) -> Checked:
    advance(1)
    return result
