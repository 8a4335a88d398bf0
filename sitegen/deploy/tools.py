"""Running rsync and git: no shell, no prompts, one-line errors.

Every failure becomes a ``DeployError`` whose ``str()`` is one line (what
happened — what to do) and whose ``code`` is the exit code (2: environment).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Sequence

PACKAGES = {"rsync": "rsync", "git": "git"}  # command → Debian package
MAX_REASON = 300  # characters of a tool's message shown


class DeployError(Exception):
    """A deploy that could not run; ``str()`` is the one-line error, ``code`` the exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def require(command: str) -> str:
    """The path of ``command``; ``DeployError`` naming the package to install when it is missing."""
    found = shutil.which(command)
    if found is None:
        package = PACKAGES.get(command, command)
        raise DeployError(f"error: {command} is not installed — install the package {package}, "
                          f"e.g. sudo apt-get install {package}")
    return found


def run(args: Sequence[str], env: dict[str, str] | None = None, data: bytes | None = None,
        cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run ``args`` (no shell), stdin ``data``, output captured as bytes;
    never asks for a password (``GIT_TERMINAL_PROMPT=0``, ssh in batch mode)."""
    full = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C.UTF-8", **(env or {})}
    if "GIT_SSH_COMMAND" not in full and "GIT_SSH" not in full:
        full["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=30"
    try:
        return subprocess.run(list(args), env=full, input=data, capture_output=True, cwd=cwd, check=False)
    except OSError as exc:
        raise DeployError(f"error: cannot run {args[0]}: {exc.strerror} — install the package "
                          f"{PACKAGES.get(os.path.basename(args[0]), args[0])}") from exc


def reason(stderr: bytes) -> str:
    """The tool's own words, one line: its first error line (``rsync: …``, ``fatal: …``), shortened."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    chosen = next((line for line in lines if line.startswith(("fatal:", "error:", "rsync:", "rsync error:",
                                                              "ssh:", "remote:", "!"))), lines[0] if lines else "")
    chosen = chosen.split(": ", 1)[1] if chosen.startswith(("fatal: ", "error: ")) else chosen
    return chosen[:MAX_REASON] or "no message"


def failure(stderr: bytes, where: str, what: str) -> DeployError:
    """The error for a failed ``what`` ("rsync", "git push") at ``where``: permission denied, unreachable, or other."""
    why = reason(stderr)
    text = stderr.decode("utf-8", "replace")
    if "Permission denied" in text or "permission denied" in text:
        return DeployError(f"error: permission denied at {where} ({why}) — check the owner and permissions "
                           "of the target, or your access to it")
    unreachable = ("No such file or directory", "does not appear to be a git repository", "Could not resolve",
                   "Connection refused", "Connection timed out", "unreachable", "not found", "failed to connect",
                   "Could not read from remote", "unable to access", "unknown module")
    if any(word in text for word in unreachable):
        return DeployError(f"error: cannot reach {where} ({why}) — check deploy.target in config.yaml "
                           "(or --target) and the connection")
    return DeployError(f"error: {what} failed for {where} ({why}) — check deploy.target and the target")
