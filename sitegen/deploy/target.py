"""Where ``deploy`` copies the site: ``deploy.target`` in config.yaml or ``--target``.

Forms (checked by ``parse_target``):

* ``git:<url-or-path>#<branch>`` — a branch of a git repository
  (``git:git@github.com:verlag/site.git#gh-pages``); the branch defaults to
  ``gh-pages``;
* ``rsync://host/module/path`` or ``[user@]host:path`` — a host over rsync
  (the second one over ssh, as rsync reads it);
* anything else is a local folder (relative to the site folder), copied with rsync.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MAX_TARGET = 1000  # characters; a longer target is a pasting accident
DEFAULT_BRANCH = "gh-pages"
EXAMPLE = "e.g. target: /var/www/site, target: user@host:/var/www/site or target: git:../site.git#gh-pages"
_BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_REMOTE = re.compile(r"^(?:[\w.-]+@)?[\w.-]+:")


class TargetError(ValueError):
    """A target that cannot be used; ``str()`` is one line: what is wrong — what to do."""


@dataclass(frozen=True)
class Target:
    """A parsed target: ``kind`` "git" or "rsync"; ``location`` the git URL or
    path, or the rsync destination (a local folder resolved to an absolute
    path, ending in "/"); ``branch`` for git ("" for rsync); ``text`` as written."""

    kind: str
    location: str
    branch: str
    text: str

    @property
    def local(self) -> bool:
        """True for a local folder (rsync) or a git repository given by path."""
        return not ("://" in self.location or _REMOTE.match(self.location))


def parse_target(text: str, root: Path) -> Target:
    """Parse ``text`` (``deploy.target`` or ``--target``); relative local
    paths are taken from the site folder ``root``.  Raises ``TargetError``
    for an empty, overlong or unsafe target (one starting with ``-`` would be
    read by rsync or git as an option) or a bad branch name (git's
    check-ref-format rules, simplified)."""
    if not text or not text.strip():
        raise TargetError("the deploy target is empty "
                          f"— set deploy.target in config.yaml or pass --target, {EXAMPLE}")
    if len(text) > MAX_TARGET:
        raise TargetError(f"the deploy target is {len(text)} characters long, the limit is {MAX_TARGET} "
                          f"— {EXAMPLE}")
    if not text.isprintable():
        raise TargetError(f"the deploy target {text!r} contains a control character — {EXAMPLE}")
    text = text.strip()
    if text.startswith("git:"):
        return _git(text, root)
    if text.startswith("-"):
        raise TargetError(f"the deploy target '{text}' starts with '-' — {EXAMPLE}")
    if "://" in text and not text.startswith("rsync://"):
        raise TargetError(f"the deploy target '{text}' is not an rsync address — use rsync://host/module/path, "
                          f"or git:{text}#gh-pages for a git repository")
    if "://" in text or _REMOTE.match(text):
        return Target("rsync", text.rstrip("/") + "/", "", text)
    return Target("rsync", str((root / text).resolve()) + "/", "", text)


def _git(text: str, root: Path) -> Target:
    location, _, branch = text[len("git:"):].partition("#")
    branch = branch or DEFAULT_BRANCH
    if not location or location.startswith("-"):
        raise TargetError(f"the deploy target '{text}' names no repository — use git:<url-or-path>#<branch>, "
                          "e.g. git:git@github.com:verlag/site.git#gh-pages")
    if not _BRANCH.fullmatch(branch) or ".." in branch or branch.startswith(("-", "/", ".")) \
            or branch.endswith(("/", ".lock", ".")) or "//" in branch:
        raise TargetError(f"'{branch}' is not a branch name — use letters, digits, '-', '_', '.' and '/', "
                          "e.g. #gh-pages")
    if "://" not in location and not _REMOTE.match(location):
        location = str((root / location).resolve())
    return Target("git", location, branch, text)
