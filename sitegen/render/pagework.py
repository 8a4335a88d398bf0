"""Render and check the pages of a build on all cores, into a spool.

Each page is rendered (``templates.render_page``) and checked
(``validate.validate_page``) by one process, which writes its bytes to its
own file of a ``store.spool.Spool``; the main process gets back only where
each page is and the problems, so it never holds every page (the pages of a
50,000-article site are ~1 GB).  Batches are matched to pages by position
and merged in page order, so files and problems are the same as rendering
one page after the other in one process.  Small builds stay in-process,
where starting workers would cost more than it saves, and so do very large
ones, where the memory the fork duplicates would cost more (``MAX_PARALLEL``);
so does ``serve``, which keeps its rendered pages in memory (``memo``).

Workers are forked: they inherit the environment, the contexts and the
spool instead of receiving them pickled.  An unexpected exception in a
worker is raised again in the main process with the file it was processing
(``lastresort``) and the worker's traceback as a note (``SITEGEN_DEBUG``).
"""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

from sitegen.content.parallel import start_worker
from sitegen.problems import Problem
from sitegen.render.templates import render_page
from sitegen.render.validate import validate_page
from sitegen.store.spool import Spool, SpooledFiles

MIN_PARALLEL = 64  # fewer pages than this are rendered in this process
# More pages than this are rendered in this process too: a forked worker and
# this process each end up with a copy of every memory page either of them
# touches (reference counts), ~60 % of this process's memory, which at
# 50,000 articles (80,000 pages) took the peak from 1.65 to 2 GB.
MAX_PARALLEL = 40_000


@dataclass(frozen=True)
class PageJob:
    """What rendering and checking the ``pages`` needs: config, theme,
    Jinja2 environment, contexts, the hosts pages may load from and the
    Markdown lines of URLs ({source: {URL: line}}, for messages)."""

    pages: tuple
    config: object
    theme: object
    env: object
    contexts: object
    allowed: set[str]
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    pack: Callable[[bytes], bytes] | None = None  # compresses a page for the store (store/pagestore.py)


@dataclass(frozen=True)
class Batch:
    """What a batch of pages gave: ``files`` [(output path, bytes or spool
    place)], template ``broken`` problems in page order, ``checked``: the
    validation problems of each file; ``failure``: (exception, file) when
    a worker failed unexpectedly."""

    files: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    checked: list = field(default_factory=list)
    failure: tuple | None = None
    packed: list = field(default_factory=list)


def work(job: PageJob, indices: range, put: Callable[[bytes], object]) -> Batch:
    """Render and check ``job.pages[i]`` for each index; ``put(bytes)`` keeps
    a page's bytes and returns what the file maps to."""
    batch = Batch()
    for index in indices:
        page = job.pages[index]
        data, problem = render_page(page, job.config, job.theme, job.env, job.contexts)
        if problem is not None:
            batch.broken.append(problem)
            continue
        found = validate_page(page.route.output_path, data, job.allowed, page.source, job.lines.get(page.source, {}))
        batch.checked.append(found)
        batch.packed.append(job.pack(data) if job.pack is not None and not found else None)
        batch.files.append((page.route.output_path, put(data)))
    return batch


def render_all(job: PageJob, folder: Path | None, jobs: int, method: str, memo: dict | None,
               advance: Callable[[int], None], packed: Callable[[str, bytes], None] | None = None
               ) -> tuple[SpooledFiles, list[Problem], set[str]]:
    """Every page of ``job``: ``(files, problems, failed)``, template problems
    first (each once, with the first page it broke), then validation
    problems in page order; ``failed``: the files with validation problems.
    ``folder``: where the spool goes (``.cache/``; None: the system's
    temporary folder).  With a ``memo`` (``serve``) the pages stay in memory,
    and those without problems are added to it as {path: (fingerprint,
    bytes)}.  ``advance(n)`` counts pages done.  With ``job.pack``,
    ``packed(path, packed bytes)`` is called for each page without problems
    as its batch comes in (for the store: nothing waits for the end)."""
    parallel = memo is None and jobs > 1 and method == "fork" and MIN_PARALLEL <= len(job.pages) <= MAX_PARALLEL
    spool = None if memo is not None else Spool(folder, jobs if parallel else 1)
    files = SpooledFiles(spool)
    try:
        batches = _on_workers(job, spool, jobs, method, advance) if parallel else \
            _here(job, spool.writer(0).put if spool else bytes, advance)
        broken: dict[tuple[str, int, str], Problem] = {}
        checked: list[Problem] = []
        failed: set[str] = set()
        for batch in batches:
            _merge(batch, files, broken, checked, failed, packed)
    except BaseException:
        files.close()
        raise
    if memo is not None:
        memo.update({p.route.output_path: (p.fingerprint, files[p.route.output_path]) for p in job.pages
                     if p.route.output_path in files and p.route.output_path not in failed})
    return files, [*broken.values(), *checked], failed


def _here(job: PageJob, put: Callable[[bytes], object], advance: Callable[[int], None]) -> Iterator[Batch]:
    """Every page in this process, in batches (for the progress bar)."""
    for start in range(0, len(job.pages), 64):
        indices = range(start, min(start + 64, len(job.pages)))
        yield work(job, indices, put)
        advance(len(indices))


def _merge(batch: Batch, files: SpooledFiles, broken: dict, checked: list, failed: set,
           packed: Callable[[str, bytes], None] | None = None) -> None:
    for problem in batch.broken:
        broken.setdefault((problem.path, problem.line, problem.message), problem)
    for (out, value), found, pack in zip(batch.files, batch.checked, batch.packed):
        if packed is not None and pack is not None:
            packed(out, pack)
        if isinstance(value, bytes):
            files[out] = value
        else:
            files.spooled(out, value)
        checked.extend(found)
        if found:
            failed.add(out)


def _on_workers(job: PageJob, spool: Spool, jobs: int, method: str,
                advance: Callable[[int], None]) -> Iterator[Batch]:
    """The batches of ``job``, in page order, rendered by ``jobs - 1`` forked
    workers (from the first batch on) and by this process (from the last
    batch back, until it meets the workers): one process fewer, so less
    memory copied from this one."""
    if hasattr(job.contexts, "warm"):
        job.contexts.warm()  # before the fork: shared by every process
    context = multiprocessing.get_context(method)
    claimed = context.Value("i", 1)  # each worker takes the next spool file; 0 is this process's
    size = max(8, min(64, len(job.pages) // (jobs * 8)))
    batches = [range(start, min(start + size, len(job.pages))) for start in range(0, len(job.pages), size)]
    with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_start,
                             initargs=(job, spool, claimed)) as pool:
        try:
            futures = [pool.submit(_batch, indices) for indices in batches]
            own, counted = _own_share(job, spool.writer(0), batches, futures, advance)
            for index, future in enumerate(futures):
                batch = own[index] if index in own else future.result()
                if batch.failure is not None:
                    _raise_again(*batch.failure)
                if index not in counted:
                    advance(len(batches[index]))
                yield batch
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def _own_share(job: PageJob, writer, batches: list[range], futures: list, advance) -> tuple[dict, set]:
    """Render the batches no worker has started, from the last one back;
    returns ({index: batch} done here, indices counted with ``advance``)."""
    own: dict[int, Batch] = {}
    counted: set[int] = set()
    for index in reversed(range(len(batches))):
        if not futures[index].cancel():
            break
        own[index] = _guarded(job, batches[index], writer.put)
        counted.add(index)
        advance(len(batches[index]))
        for done in (i for i, future in enumerate(futures) if i not in counted and future.done()
                     and not future.cancelled()):
            counted.add(done)
            advance(len(batches[done]))
    return own, counted


def _guarded(job: PageJob, indices: range, put) -> Batch:
    """``work`` in this process; an exception is kept for its turn in page order."""
    from sitegen.lastresort import file_in_stack
    try:
        return work(job, indices, put)
    except Exception as exc:  # noqa: BLE001 - raised again in page order (_raise_again)
        return Batch(failure=(exc, file_in_stack(exc.__traceback__)))


_worker: list = []  # in a worker process only: [job, spool writer] (set by ``_start``)


def _start(job: PageJob, spool: Spool, claimed) -> None:
    start_worker()  # Ctrl-C is the parent's; the collector on for what the worker makes
    with claimed.get_lock():
        slot, claimed.value = claimed.value, claimed.value + 1
    _worker[:] = [job, spool.writer(slot)]


def _batch(indices: range) -> Batch:
    job, writer = _worker
    try:
        return work(job, indices, writer.put)
    except Exception as exc:  # noqa: BLE001 - raised again in the main process (_raise_again)
        return Batch(failure=_portable(exc))


def _portable(exc: Exception) -> tuple[Exception, str]:
    """``(exc, the file it names)`` that survive pickling (the worker's
    traceback is kept as a note; an exception that cannot be pickled is
    replaced by a RuntimeError naming it)."""
    from sitegen.lastresort import file_in_stack
    where = file_in_stack(exc.__traceback__)
    exc.add_note("in a worker process:\n" + "".join(traceback.format_exception(exc)).rstrip())
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any pickling failure
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, where


def _raise_again(exc: Exception, rel: str) -> None:
    """Raise a worker's ``exc`` here; ``rel`` is the file it was processing
    (found by ``lastresort.file_in_stack`` in this frame)."""
    raise exc
