"""Deploy to a branch of a git repository (``gh-pages``), with the git command line.

In a temporary bare repository: fetch the branch (if it exists), stage
exactly the published files with a private index, write the tree, compare it
with the branch's tree (unchanged files are unchanged blobs), commit it on
top of the branch — history is kept, never rewritten — and push.  A push
that is not a fast-forward (someone pushed meanwhile) fails; nothing is
ever force-pushed.  A branch whose last commit was not made by ``deploy``
(no ``Deployed-by: sitegen`` trailer) is only built upon with ``--force``.
``.nojekyll`` is always in the tree (GitHub Pages would run Jekyll without it).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.deploy.plan import Plan
from sitegen.deploy.target import Target
from sitegen.deploy.tools import DeployError, failure, reason, require, run

TRAILER = "Deployed-by: sitegen"
FALLBACK_AUTHOR = ("sitegen", "sitegen@localhost")
SAFE = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.symlinks=true",
        "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60", "-c", "gc.auto=0"]


@dataclass
class GitBranch:
    """A deploy of the published ``folder`` (``files``) to ``target``'s
    branch, built at ``built`` (aware); ``site_root`` is where the author is
    looked up (``git config user.name``).  Use as a context manager (a
    temporary repository lives as long as it)."""

    target: Target
    folder: Path
    files: tuple[str, ...]
    built: datetime
    site_root: Path
    force: bool = False
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    _tip: str = ""
    _tree: str = ""

    def __enter__(self) -> "GitBranch":
        require("git")
        self._tmp = tempfile.TemporaryDirectory(prefix="sitegen-deploy-")
        self._git("init", "--bare", "-q", self._repo, repo=False)
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()

    @property
    def _repo(self) -> str:
        return os.path.join(self._tmp.name, "repo.git")

    def _git(self, *args: str, repo: bool = True, env: dict | None = None, data: bytes | None = None,
             what: str = "") -> str:
        command = [require("git"), "--literal-pathspecs", *SAFE, *((f"--git-dir={self._repo}",) if repo else ()), *args]
        done = run(command, env=env, data=data)
        if done.returncode != 0:
            raise failure(done.stderr, self.target.text, what or f"git {args[0]}")
        return done.stdout.decode("utf-8", "replace")

    def plan(self) -> Plan:
        """Fetch the branch, stage the site, compare; raises ``DeployError``."""
        branch = f"refs/heads/{self.target.branch}"
        heads = self._git("ls-remote", "--heads", self.target.location, branch, what="git ls-remote")
        if heads.strip():
            self._git("fetch", "-q", "--no-tags", self.target.location, f"+{branch}:refs/deploy/tip", what="git fetch")
            self._tip = self._git("rev-parse", "--verify", "refs/deploy/tip^{commit}").strip()
            self._refuse_foreign()
        self._tree = self._stage()
        if not self._tip:
            return Plan(tuple(sorted({*self.files, ".nojekyll"})), (), (), 0)
        return self._compare()

    def _refuse_foreign(self) -> None:
        message = self._git("log", "-1", "--format=%B", self._tip)
        if TRAILER in message or self.force:
            return
        subject = self._git("log", "-1", "--format=%h %s", self._tip).strip()[:120]
        raise DeployError(f"error: the last commit on {self.target.branch} of {self.target.location} was not made "
                          f"by deploy ({subject}) — check the branch; deploy with --force to commit the site on top "
                          "of it (its history is kept)")

    def _stage(self) -> str:
        env = {"GIT_INDEX_FILE": os.path.join(self._tmp.name, "index")}
        names = b"\0".join(f.encode() for f in self.files)
        self._git(f"--work-tree={self.folder}", "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul",
                  env=env, data=names, what="git add")
        if ".nojekyll" not in self.files:
            blob = self._git("hash-object", "-w", "--stdin", data=b"").strip()
            self._git("update-index", "--add", "--cacheinfo", f"100644,{blob},.nojekyll", env=env)
        return self._git("write-tree", env=env).strip()

    def _compare(self) -> Plan:
        found = self._git("diff-tree", "-r", "--no-renames", "--name-status", "-z", self._tip, self._tree)
        parts = found.split("\0")
        added, changed, deleted = [], [], []
        for status, name in zip(parts[0::2], parts[1::2]):
            {"A": added, "D": deleted}.get(status[:1], changed).append(name)
        total = len({*self.files, ".nojekyll"})
        return Plan(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(deleted)),
                    total - len(added) - len(changed))

    def apply(self, zone) -> str:
        """Commit the staged tree on top of the branch and push it; returns
        the new commit's short id.  ``zone`` is the site's time zone (for the
        message).  Raises ``DeployError`` when the push is refused."""
        name, email = self._author()
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
               "GIT_COMMITTER_EMAIL": email}
        when = self.built.astimezone(zone)
        message = f"Deploy the site built {when:%Y-%m-%d %H:%M} ({when:%z})\n\n{TRAILER}\n"
        parent = ("-p", self._tip) if self._tip else ()
        commit = self._git("commit-tree", self._tree, *parent, env=env, data=message.encode()).strip()
        done = run([require("git"), *SAFE, f"--git-dir={self._repo}", "push", "-q", self.target.location,
                    f"{commit}:refs/heads/{self.target.branch}"])
        if done.returncode != 0:
            text = done.stderr.decode("utf-8", "replace")
            if "non-fast-forward" in text or "fetch first" in text or "[rejected]" in text:
                raise DeployError(f"error: {self.target.branch} of {self.target.location} changed while deploying "
                                  f"({reason(done.stderr)}) — deploy again")
            raise failure(done.stderr, self.target.text, "git push")
        return commit[:7]

    def _author(self) -> tuple[str, str]:
        """(name, email) from ``git config`` in the site folder, else the fixed "sitegen" identity."""
        found = []
        for key in ("user.name", "user.email"):
            done = run([require("git"), "config", "--get", key], cwd=str(self.site_root))
            found.append(done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else "")
        return (found[0], found[1]) if all(found) else FALLBACK_AUTHOR
