"""What one engine run reuses and records: the caches of ``store`` for ``build`` or ``serve``.

``build`` keeps everything in ``.cache/store.sqlite3`` (parsed entries, rendered
Markdown, the state of the last build into each output folder: skip a
build with unchanged inputs, keep pages with unchanged fingerprints).
``serve`` keeps the same entry and Markdown caches, and in memory the
rendered pages, the last page plan and the bytes it published last.
``--no-cache`` keeps nothing.  Whatever is reused, the output equals a
clean build's byte for byte.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:  # types only: a build with nothing to do must not import the pipeline's libraries
    from sitegen.cli.progress import Progress
    from sitegen.problems import Problem
    from sitegen.site.planner import PlannedPage
    from sitegen.store.entries import EntryStore
    from sitegen.store.markdown import MarkdownCache
    from sitegen.store.mentions import MentionMemo
    from sitegen.store.pages import PageCache


@dataclass
class Caches:
    """Caches kept between builds: parsed ``entries`` (``store.entries``),
    rendered ``pages``, the last page plan (``plans``) and the topic feeds
    (``feeds``: {(tag slug, key): files}, ``render.topicfeeds``; a one-shot
    build keeps them in the store, ``store.feedmemo``); pages only in
    ``serve``'s memory, None in a one-shot build; ``mentions``: which bodies
    name an own product (``store.mentions``, in the store for a one-shot build)."""

    entries: EntryStore
    pages: PageCache | None = None
    plans: PlanMemo | None = None
    feeds: dict | None = None
    mentions: MentionMemo | None = None


@dataclass
class PlanMemo:
    """The last page plan (``serve`` keeps it in memory): reused, with fresh
    fingerprints for the pages showing an edited entry, while ``key`` — the
    config and every visible entry's path, slug, front matter text and
    scheduled flag — is equal.  ``digests`` are the entries' content hashes."""

    key: str = ""
    digests: Mapping[str, str] = field(default_factory=dict)
    planned: tuple[PlannedPage, ...] = ()
    problems: tuple[Problem, ...] = ()
    fetch: Callable[[str], object] | None = None  # a one-shot build: the stored plan for a key (store.plans)


@dataclass(frozen=True)
class Previous:
    """What the last successful build into the same output folder rendered:
    its ``render_key`` and {output path: fingerprint} of the pages whose
    files are still intact there.  Pages with equal fingerprints are kept."""

    render_key: str
    pages: Mapping[str, str]


@dataclass(frozen=True)
class Speed:
    """How a build may go faster: a persistent Markdown cache (or None) and
    ``jobs`` processes for rendering Markdown (``method``: start method),
    the pages of the ``previous`` build, and a ``progress`` bar (or None)."""

    markdown: MarkdownCache | None = None
    jobs: int = 1
    method: str = "fork"
    previous: Previous | None = None
    progress: Progress | None = None


@dataclass
class Memory:
    """What ``serve`` keeps between its runs: the pipeline caches and the
    bytes of every file it published last (so unchanged files are carried
    over without being read back)."""

    caches: object
    written: Mapping[str, bytes] = field(default_factory=dict)
    folder: tuple[int, int] | None = None  # (device, inode) of the folder published into (output.patch)


@dataclass
class BuildSession:
    """The caches of one run and what it records afterwards.

    ``unchanged`` is a finished ``Outcome`` when no input changed since the
    last build into the same folder (nothing to do), else None.
    """

    engine: object
    config: object
    target: Path
    caches: object | None
    speed: object
    state_file: Path | None = None
    key: str = ""
    previous: object | None = None
    unchanged: object | None = None
    now: object | None = None
    plans: object | None = None
    measured: tuple[int, int] | None = None  # (bytes, files) of the folder after ``record`` (output.hostlimits)
    intact: Mapping[str, str] = field(default_factory=dict)  # {page: stamp} found intact before the build

    @classmethod
    def open(cls, engine, config, target: Path, rules) -> "BuildSession":
        """Open the caches for ``engine``'s options (``serve``: kept in the
        engine's memory between runs)."""
        options = engine.options
        if options.preview:
            return cls._for_preview(engine, config, target)
        return cls._for_build(engine, config, target, rules)

    @classmethod
    def _for_preview(cls, engine, config, target: Path) -> "BuildSession":
        from sitegen.content.parallel import default_jobs
        from sitegen.store.pages import PageCache
        from sitegen.store import db
        from sitegen.store.entries import EntryStore
        from sitegen.store.markdown import MarkdownCache
        store = db.shared(config.root / ".cache") if engine.options.cache else db.Store.memory()
        if engine._caches is None:
            from sitegen.store.mentions import MentionMemo
            engine._caches = Memory(Caches(EntryStore(store=store), PageCache(), PlanMemo(), {},
                                           mentions=MentionMemo()))
        else:
            engine._caches.caches.entries.store = store  # a .cache deleted while serving is made anew
        speed = Speed(MarkdownCache(store), engine.options.jobs or default_jobs(), "forkserver",
                      progress=engine.progress)
        return cls(engine, config, target, engine._caches.caches, speed)

    @classmethod
    def _for_build(cls, engine, config, target: Path, rules) -> "BuildSession":
        from sitegen.store import db
        from sitegen.store.buildstate import StateSlot, input_key, intact_stamps, load_state, still_valid
        options = engine.options
        if not options.cache:
            from sitegen.content.parallel import default_jobs
            return cls(engine, config, target, None, Speed(None, options.jobs or default_jobs(),
                                                           progress=engine.progress))
        store = db.shared(config.root / ".cache")  # .cache/store.sqlite3: entries, Markdown, build states
        state_file = StateSlot(target, store)
        key, newest = input_key(config.root, options.config_path.resolve(), config.theme,
                                f"{options.drafts}|{options.future}|{config.base_url}|{target}")
        previous = load_state(state_file)
        session = cls(engine, config, target, None, None, state_file, key, previous, now=rules.now)
        if still_valid(previous, key, newest, rules.now, target):
            session.unchanged = _unchanged_outcome(previous, target)
            return session
        from sitegen.content.parallel import default_jobs
        from sitegen.store.entries import EntryStore
        from sitegen.store.markdown import MarkdownCache
        session.intact = intact_stamps(previous, target)  # stat-ed here once; reused by ``record``
        before = Previous(previous.render_key, {rel: previous.pages[rel] for rel in session.intact}) if previous else None
        session.speed = Speed(MarkdownCache(store), options.jobs or default_jobs(),
                              previous=before, progress=engine.progress)
        from sitegen.store.plans import StoredPlans
        session.plans = StoredPlans(store)
        from sitegen.store.feedmemo import StoredFeeds
        from sitegen.store.mentions import MentionMemo, stored as stored_mentions
        session.caches = Caches(EntryStore(store=store), pages=None, plans=PlanMemo(fetch=session.plans.fetch),
                                feeds=StoredFeeds(store), mentions=MentionMemo(load=stored_mentions(store)))
        return session

    def keep_entries(self) -> None:
        """Save the parsed entries (also after a failed build: they are valid)."""
        if self.caches is not None:
            if self.plans is not None and self.caches.plans is not None:  # a one-shot build (store.plans)
                self.plans.save(self.caches.plans)
            if self.plans is not None and self.caches.mentions is not None:  # store.mentions
                from sitegen.store.mentions import save
                save(self.plans.store, self.caches.mentions)
            self.caches.entries.save()

    def forget(self) -> None:
        """Drop the recorded state before publishing (a publish cut off must
        not leave a state that trusts the folder)."""
        if self.engine.options.preview and self.engine._caches is not None:
            self.engine._caches.folder = None  # patched again only after this publish is recorded
        if self.state_file is not None:
            from sitegen.store.buildstate import forget_state
            forget_state(self.state_file)

    def changed_files(self, result, trusted: bool = True) -> tuple[Mapping[str, bytes], frozenset[str]]:
        """(files to publish, paths carried over unchanged) of ``result``
        (``serve``: unchanged since its last publish, when the folder is
        ``trusted`` to hold what that publish wrote, see ``patchable``)."""
        memory = self.engine._caches if self.engine.options.preview else None
        if memory is None or not trusted:
            return result.files, result.kept
        same = {p for p, data in result.files.items() if memory.written.get(p) == data}
        return {p: d for p, d in result.files.items() if p not in same}, frozenset(same)

    def patchable(self, result) -> tuple[str, ...] | None:
        """``serve``: the paths the last publish wrote that ``result`` no longer
        has, when the folder can be patched (``output.patch``: published into
        before by this session, still the same folder), else None."""
        memory = self.engine._caches if self.engine.options.preview else None
        if memory is None or not memory.written or memory.folder is None:
            return None
        from sitegen.output.patch import folder_id
        if folder_id(self.target) != memory.folder:
            return None
        return tuple(path for path in memory.written if path not in result.files)

    def removals(self, result, backdated: str = ""):
        """The article pages publishing ``result`` would remove, explained
        (``output.guard.RemovalCheck``); the limit is ``removal_limit`` of
        the config's ``publishing`` (None: the default rule); a ``backdated``
        build (``--now`` earlier than the clock, as text, into the deploy
        folder) may hide no published article as scheduled."""
        from sitegen.output.guard import check_removals, live_article_pages, load_published
        config = self.config
        before = load_published(self._store(), self.target)
        prefix = config.article_permalink.split("{slug}")[0].lstrip("/")
        live = live_article_pages(self.target, before, prefix)
        limit = getattr(config.publishing, "removal_limit", None)  # deploy.removal_limit (config.settings)
        check = check_removals(live, {*result.files, *result.kept}, before, result.sources, result.article_pages,
                               config.root, config.base_path, limit)
        return dataclasses.replace(check, backdated=backdated)

    def _store(self):
        """The store this build records into (None: ``--no-cache``, ``serve``)."""
        return self.state_file.store if self.state_file is not None else None

    def record(self, result, report) -> None:
        """Remember what was published, for the next run."""
        if self.engine.options.preview:
            from sitegen.output.patch import folder_id
            self.engine._caches.written = dict(result.files)
            self.engine._caches.folder = folder_id(self.target)
            return
        if self.state_file is None:
            return
        from sitegen.output.guard import save_published
        save_published(self._store(), self.target, result.article_pages, result.sources)
        from sitegen.store.buildstate import BuildState, finished_now_ns, save_state, stamp
        from sitegen.problems import format_problem
        folder = str(self.target)
        # a kept page is carried over as the same inode (unless copied): its stamp is unchanged
        intact = self.intact if not getattr(report, "copied", 0) else {}
        outputs = {rel: intact[rel] if rel in intact and rel in result.kept else stamp(os.path.join(folder, rel))
                   for rel in sorted({*result.kept, *result.files})}
        from sitegen.output.hostlimits import known_size
        self.measured = known_size(self.target, outputs, getattr(report, "dots", ()))
        due = min(filter(None, (result.next_due and result.next_due.front.published.when,
                                result.next_change)), default=None)  # the earlier of the two
        due = due.isoformat() if due is not None else ""
        summary = {"pages": len(result.fingerprints), "articles": result.articles, "files": len(outputs)}
        save_state(self.state_file, BuildState(
            self.key, self.now.isoformat(), due, outputs, summary,
            tuple(format_problem(p) for p in result.problems), due_lines(result.next_due) + result.notes, finished_now_ns(),
            result.render_key, dict(result.fingerprints)))


def due_lines(entry) -> tuple[str, ...]:
    """The summary line naming the next scheduled article (none when ``entry`` is None)."""
    if entry is None:
        return ()
    due = entry.front.published.when
    return (f"next scheduled article: {entry.path} at {due:%Y-%m-%d %H:%M} ({due:%z}) "
            "— build again after that time to publish it",)


def _unchanged_outcome(state, target: Path):
    """The ``Outcome`` of a build with nothing to do: the last build's lines, nothing written."""
    from sitegen.engine import OK, Outcome
    from sitegen.output.writer import SyncReport
    summary = state.summary
    return Outcome(OK, (), SyncReport(0, summary["files"], 0), summary["pages"], summary["articles"],
                   skipped=True, printed=state.warnings, target=target, notes=state.notes)

