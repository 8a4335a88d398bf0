"""Deploy to a folder or host with rsync, comparing by content (``--checksum``).

A first rsync run with ``--dry-run --itemize-changes`` gives the plan (what
it adds, changes, deletes); the real run, when asked for, does the same.
Dot entries of the output folder that no build wrote (``.git``) are
excluded, and so is ``/.git`` at the target, which ``--delete`` then keeps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.deploy.plan import Plan
from sitegen.deploy.target import Target
from sitegen.deploy.tools import DeployError, failure, require, run

IO_TIMEOUT = 120  # seconds without any transfer before rsync gives up (--timeout)
CONNECT_TIMEOUT = 30  # seconds to reach an rsync daemon (--contimeout)


@dataclass(frozen=True)
class Rsync:
    """An rsync deploy of the published ``folder`` (files ``files``, dot
    entries ``extra`` left out) to ``target``."""

    target: Target
    folder: Path
    files: tuple[str, ...]
    extra: tuple[str, ...]

    def plan(self) -> Plan:
        """What the deploy would change (rsync's dry run); raises ``DeployError``."""
        self._refuse_foreign()
        return parse_itemized(self._rsync(dry_run=True), len(self.files))

    def apply(self) -> None:
        """Deploy; raises ``DeployError`` when rsync fails."""
        self._rsync(dry_run=False)

    def _rsync(self, dry_run: bool) -> bytes:
        command = [require("rsync"), "--recursive", "--links", "--times", "--checksum", "--delete",
                   "--omit-dir-times", "--8-bit-output", f"--timeout={IO_TIMEOUT}", "--out-format=%i %n",
                   "--exclude=/.git/", *(f"--exclude=/{name}" for name in self.extra)]
        if self.target.location.startswith("rsync://"):
            command.append(f"--contimeout={CONNECT_TIMEOUT}")
        elif not self.target.local and "RSYNC_RSH" not in os.environ:
            command += ["-e", "ssh -o BatchMode=yes -o ConnectTimeout=30"]
        if dry_run:
            command.append("--dry-run")
        done = run([*command, "--", f"{self.folder}/", self.target.location])
        if done.returncode != 0:
            raise failure(done.stderr, self.target.text, "rsync")
        return done.stdout

    def _refuse_foreign(self) -> None:
        """A local folder that holds files but no ``index.html`` is no deployed site: ``--delete`` would empty it."""
        if not self.target.local:
            return
        place = Path(self.target.location)
        if place.exists() and not place.is_dir():
            raise DeployError(f"error: cannot deploy into {self.target.text}: it is a file — choose a folder")
        if place == self.folder or self.folder in place.parents or place in self.folder.parents:
            raise DeployError(f"error: cannot deploy into {self.target.text}: it is the output folder or holds it "
                              "— choose another folder")
        try:
            names = [n for n in os.listdir(place) if not n.startswith(".")] if place.is_dir() else []
        except OSError as exc:
            raise DeployError(f"error: cannot read {self.target.text} ({exc.strerror}) "
                              "— check its permissions") from exc
        if names and not (place / "index.html").is_file():
            raise DeployError(f"error: refusing to deploy into {self.target.text}: it is not empty and holds no "
                              "index.html, so it is not a deployed site "
                              "— choose an empty folder or the site's folder")


def parse_itemized(output: bytes, total: int) -> Plan:
    """The plan in rsync's ``--out-format="%i %n"`` lines (``>f+++++++++ news/a/index.html``,
    ``>fc.t...... index.html``, ``*deleting   old.html``); folders are not listed;
    a file whose only difference is its time is unchanged.  ``total`` files are deployed."""
    added, changed, deleted = [], [], []
    for line in output.decode("utf-8", "replace").splitlines():
        code, name = line[:11], line[12:]
        if not name or name.endswith("/"):
            continue
        if code.startswith("*deleting"):
            deleted.append(name)
        elif code[1:2] in ("f", "L") and code[2:].strip("+") == "":
            added.append(name)
        elif code[1:2] in ("f", "L") and (code[2:3] == "c" or code[3:4] == "s"):
            changed.append(name)
    return Plan(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(deleted)),
                total - len(added) - len(changed))
