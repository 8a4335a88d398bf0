"""Why the engine refuses to build into a folder, before it takes the lock:
drafts or a future ``--now`` into the deploy folder, a target that holds the
site's own files or is a file, a site without ``content/news/`` that would
empty a published folder.  Each function returns the one-line message, or
"" when the build may go on.

Split from ``engine``, which is their only caller.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


def refusal(options, config, target: Path) -> str:
    """Why a build with ``options`` (``engine.Options``) must not write into
    ``target``, or "".  The preview and ``check`` (no publish) are never refused."""
    if options.preview or not options.publish:
        return ""
    return _deploy_refusal(options, config, target) or unsafe_output(target, config.root) \
        or missing_content(config, target)


def _deploy_refusal(options, config, target: Path) -> str:
    """A refusal for drafts, future articles or a future ``--now`` into the deploy folder, or ""."""
    from sitegen.site.visibility import output_path
    if target != output_path(config, None):
        return ""
    if options.drafts or options.future:
        return (f"refusing to build drafts or future articles into {config.output_dir}/, the deploy folder "
                "— add --output DIR, e.g. --output /tmp/preview")
    if _ahead_of_clock(config, options.now):
        return (f"refusing to build with --now {options.now:%Y-%m-%d %H:%M}, a time still to come, into "
                f"{config.output_dir}/, the deploy folder: it would publish articles before their time "
                "— add --output DIR, e.g. --output /tmp/preview")
    return ""


def backdated(options, config, target: Path) -> str:
    """``--now`` as text (``2024-05-01 12:00``) when it is earlier than the
    clock and ``target`` is the deploy folder (it may hide published articles
    there, ``output.guard``), else ""."""
    from sitegen.site.visibility import now_in, output_path
    now = options.now
    if now is None or target != output_path(config, None) or now_in(config, now) >= now_in(config, None):
        return ""
    return f"{now:%Y-%m-%d %H:%M}"


def _ahead_of_clock(config, now: datetime | None) -> bool:
    """True when ``--now`` (naive site time) is later than the wall clock.
    An earlier ``--now`` into the deploy folder is checked by the removal
    guard instead (it may not hide published articles there, ``output.guard``)."""
    from sitegen.site.visibility import now_in
    return now is not None and now_in(config, now) > now_in(config, None)


def missing_content(config, target: Path) -> str:
    """A refusal when the site has no ``content/news/`` folder and ``target``
    holds a built site, else "": an empty site would replace every published
    page (run from the wrong folder, or a checkout that lost its content).
    A new site without articles still builds into a new or empty folder."""
    news = config.root / "content" / "news"
    if news.is_dir() or not _has_files(target):
        return ""
    shown = "content/" if not news.parent.is_dir() else "content/news/"
    return (f"error: the folder {shown} is missing beside {config.file} in {config.root}, so the site would be "
            f"empty — restore it (git status shows a deletion) or create {shown} for the articles; nothing was "
            "built or changed")


def _has_files(folder: Path) -> bool:
    """True when ``folder`` holds anything but dot entries."""
    try:
        return any(not name.startswith(".") for name in os.listdir(folder))
    except OSError:
        return False


def unsafe_output(target: Path, root: Path) -> str:
    """A refusal message when ``target`` would overwrite the site's own files, else ""."""
    root = root.resolve()
    inside = [root / name for name in ("content", "themes", "templates", "tests", "sitegen", "bench", ".git",
                                       ".cache")]
    if target == root or target in root.parents or any(f == target or f in target.parents for f in inside):
        return (f"refusing to write the site into {target}: it holds the site's own files "
                "— choose an empty folder, e.g. --output /tmp/site")
    if target.exists() and not target.is_dir():
        return f"refusing to write the site into {target}: it is a file — choose a folder"
    return ""
