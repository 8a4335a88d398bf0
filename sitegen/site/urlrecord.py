"""``urls.lock``: every URL an article was published under, so a retitle keeps its old URL.

The file sits in the site folder next to ``config.yaml`` and is committed with
the content (it must survive a CI run without ``.cache/``).  One line per
``source-path URL`` (``content/news/gold.md /news/gold/``; site paths without
the base path), sorted, after one comment line.  A source may have several
lines: its current URL and every former one.  Each build turns the former URLs
of a shown article into redirects to its current URL (``site/redirects``),
and warns once when an article's URL changed since the file was written.

Only a successful build into the deploy folder writes the file (``engine``);
``--output``, ``--drafts``, ``--future`` builds and ``serve`` read it only.
A deleted source drops its lines; a former URL that another page now has is
dropped too (the page wins).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.sources import EntryKind
from sitegen.problems import Problem, error, warning
from sitegen.site.redirects import Redirect, alias_output, alias_reason, entry_path

LOCK_FILE = "urls.lock"
HEADER = "# Published article URLs, written by build.py build. Commit this file: former URLs become redirects.\n"
MAX_BYTES = 20_000_000  # about 200,000 lines, far above any newsroom's archive
MAX_PROBLEMS = 20  # bad lines reported one by one; the rest are counted
FIX = "fix the line or delete it (the next build writes the file again), e.g. content/news/gold.md /news/gold/"


def read_lock(root: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """{source path: its recorded site paths} from ``root/urls.lock`` ({} when
    there is none).  A bad line (not ``content/… /path/``, e.g. a merge
    conflict marker) is an error at its line; a file over ``MAX_BYTES`` is one
    error.  Raises ``OSError`` when the file exists but cannot be read."""
    path = root / LOCK_FILE
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return {}, []
    if size > MAX_BYTES:
        return {}, [error(LOCK_FILE, 0, f"the file has {size:,} bytes, more than {MAX_BYTES:,}",
                          "delete it; the next build writes it again from the published articles")]
    text = path.read_bytes().decode("utf-8", errors="replace")
    found: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(" ")
        if len(parts) != 2 or not parts[0].startswith("content/") or alias_reason(parts[1]):
            if len(problems) < MAX_PROBLEMS:
                problems.append(error(LOCK_FILE, number, "the line is not 'source-path URL'", FIX))
            continue
        found.setdefault(parts[0], []).append(parts[1])
    return {source: tuple(urls) for source, urls in found.items()}, problems


def moved_redirects(config: Config, shown: Iterable[Entry], lock: Mapping[str, tuple[str, ...]]
                    ) -> tuple[list[Redirect], list[Problem]]:
    """Redirects from the former URLs of the shown articles in ``lock`` to
    their current URLs, and a warning per article whose current URL is not
    recorded yet (its URL changed since the file was written)."""
    redirects, problems = [], []
    for entry in shown:
        if entry.kind != EntryKind.ARTICLE or entry.path not in lock:
            continue
        now = entry_path(config, entry)
        former = [url for url in lock[entry.path] if alias_output(url) != alias_output(now)]
        redirects += [Redirect(url, alias_output(url), now, entry.title, entry.path, 0) for url in former]
        if former and now not in lock[entry.path]:
            problems.append(warning(entry.path, 0, f"the URL changed from {former[-1]} to {now}; the old URL "
                                    "now redirects", f"commit {LOCK_FILE} so the redirect stays"))
    return redirects, problems


def lock_text(config: Config, entries: Iterable[Entry], states: Mapping[str, str],
              redirects: Iterable[Redirect], lock: Mapping[str, tuple[str, ...]]) -> str:
    """The new ``urls.lock``: the current URL of every shown article, the
    former URLs that still redirect (``redirects`` with a line of 0: moved,
    not aliases), and the recorded lines of other sources that still exist
    (drafts, scheduled articles); a deleted source's lines are dropped."""
    rows = {(e.path, entry_path(config, e)) for e in entries
            if e.kind == EntryKind.ARTICLE and states.get(e.path) == "shown"}
    rows |= {(r.source, r.old) for r in redirects if r.line == 0}
    shown = {source for source, _ in rows}
    rows |= {(source, url) for source, urls in lock.items() if source not in shown
             and os.path.isfile(config.root / source) for url in urls}
    return HEADER + "".join(f"{source} {url}\n" for source, url in sorted(rows))


def write_lock(root: Path, text: str) -> None:
    """Write ``text`` to ``root/urls.lock`` when it differs (a temporary file
    renamed over it, so a kill leaves the old or the new file).  Raises
    ``OSError`` when the disk refuses."""
    path = root / LOCK_FILE
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    temporary = root / f".{LOCK_FILE}.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
