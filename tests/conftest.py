"""Shared test helpers: inline fixture sites and running the real command line.

``make_site`` writes a small site (config + files) into a temp folder that
uses the project's own theme; ``run_build`` runs ``build.py build ARGS`` in
that folder and returns what an editor would see (exit code, stdout, stderr).

``run_build`` runs the command in this process by default (``build.main``
with the site folder as the current directory and stdout/stderr captured),
which keeps the suite fast.  It starts a fresh ``python build.py`` process
instead, exactly as an editor would, when the process itself is the point:

* for every test module named in ``SUBPROCESS_MODULES`` (with the reason);
* when ``env`` sets a variable that only a new process reads at start-up
  (``TZ``, ``LANG``, ``LC_*``, ``PYTHON*``): an in-process build would ignore it;
* when a test asks with ``subprocess=True``, or calls ``run_build_subprocess``.

``SITEGEN_CI=1`` (set by ``.ci/run``): a test that would be skipped, for
example because Chromium or the de_DE locale is missing, fails instead and
names the missing tool.
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib.util
import io
import os
import shutil
import sqlite3
import subprocess as _subprocess
import sys
import textwrap
import threading
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE_CONFIG = """\
title: Testseite
description: Eine kleine Testseite
base_url: https://www.example.de/
timezone: Europe/Berlin
theme: default
contact:
  label: Kostenlose Beratung
  phone: "+49 30 1234567-0"
badges:
  - value: "150.000"
    label: Kunden
  - label: Sicherer Versand
menu:
  - {title: Nachrichten, url: /}
  - {title: Themen, url: /themen/}
newsletter:
  heading: Newsletter
  text: Wöchentlich die wichtigsten Nachrichten.
  action_url: https://newsletter.example.net/anmelden
  consent: Ich möchte den Newsletter per E-Mail erhalten und kann das jederzeit widerrufen.
  button: Abschicken
impressum:
  company: Testverlag GmbH
  address: Teststraße 1, 10115 Berlin
  email: redaktion@example.de
  phone: "+49 30 1234567-0"
  register: Amtsgericht Berlin, HRB 000000
  vat_id: DE000000000
  responsible: Erika Test, Anschrift wie oben
datenschutz:
  controller: Testverlag GmbH, Teststraße 1, 10115 Berlin
  email: datenschutz@example.de
"""


@dataclass
class Run:
    """What a user sees after running the command: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: text or bytes}`` below ``root`` (text is dedented)."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path):
    """Return ``make(files, config=BASE_CONFIG) -> Path`` creating a site folder.

    The site gets a copy of ``themes/default`` so tests can break templates
    without touching the project.
    """
    def make(files: dict[str, str | bytes], config: str = BASE_CONFIG, name: str = "site") -> Path:
        site = tmp_path / name
        site.mkdir()
        (site / "config.yaml").write_text(config, encoding="utf-8")
        shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
        write_files(site, files)
        return site
    return make


# --------------------------------------------------------------------------- running build.py build

# Test modules whose builds always run as a fresh process, and why.
SUBPROCESS_MODULES = {
    "test_smoke_cli": "the first build exactly as an editor runs it: python build.py in a new process",
    "test_cli": "exit codes and messages of the real process (argparse's exit 2, no traceback on errors)",
    "test_progress": "no progress bar when stderr is a real pipe, not a terminal",
}


def _needs_fresh_process(name: str) -> bool:
    """True for environment variables that Python or the C library read once, at process start."""
    return name in ("TZ", "LANG", "LANGUAGE") or name.startswith(("LC_", "PYTHON"))


_current_module = ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Note the running test's module before its fixtures are set up (for ``SUBPROCESS_MODULES``)."""
    global _current_module
    _current_module = item.path.stem


def run_build(site: Path, *args: str, env: dict[str, str] | None = None, subprocess: bool | None = None,
              timeout: float = 120) -> Run:
    """Run ``build.py build ARGS`` in the folder ``site``; returns a ``Run``.

    In this process unless ``subprocess`` is True, the calling test module is
    in ``SUBPROCESS_MODULES``, or ``env`` sets a variable only a new process
    reads (``TZ``, ``LANG``, ``LC_*``, ``PYTHON*``).  ``timeout`` is a hang
    guard: a subprocess is killed after it, a hanging in-process build ends
    the test run with every thread's traceback.
    """
    env = dict(env or {})
    if subprocess is None:
        subprocess = _current_module in SUBPROCESS_MODULES or any(map(_needs_fresh_process, env))
    elif not subprocess and any(map(_needs_fresh_process, env)):
        raise ValueError(f"{sorted(filter(_needs_fresh_process, env))} only affect a new process: "
                         "use run_build_subprocess")
    if subprocess:
        return run_build_subprocess(site, *args, env=env, timeout=timeout)
    return _run_in_process(site, ["build", *args], env, timeout)


def run_build_subprocess(site: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    """Run ``python build.py build ARGS`` in ``site`` as a new process, as an editor would."""
    full_env = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    proc = _subprocess.run([sys.executable, str(ROOT / "build.py"), "build", *args], cwd=site,
                           capture_output=True, text=True, env=full_env, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


class _Stream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while an in-process build runs.

    Writes go to ``capture`` during a build.  Code that took the stream
    during a build keeps this object (a default argument ``out=sys.stdout``
    is evaluated once, when its module is first imported), so outside a
    build it writes to the process's current stream instead.
    """

    def __init__(self, name: str):
        self._name = name
        self.capture: io.StringIO | None = None

    def _target(self):
        if self.capture is not None:
            return self.capture
        current = getattr(sys, self._name)
        return current if current is not self else getattr(sys, f"__{self._name}__")

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return self._target().isatty()

    def fileno(self) -> int:
        return self._target().fileno()  # a captured build has none, like StringIO (UnsupportedOperation)


_STDOUT, _STDERR = _Stream("stdout"), _Stream("stderr")
_hang_fd: int | None = None  # where a hanging in-process build's tracebacks go: the real stderr


def pytest_configure(config):
    global _hang_fd
    _hang_fd = os.dup(sys.__stderr__.fileno())  # output capturing is suspended while plugins configure
    # The commands take sys.stdout/sys.stderr as default arguments when first
    # imported; import them now with the stand-ins, before a test module could
    # import them with pytest's streams (their builds' output would be lost).
    with contextlib.redirect_stdout(_STDOUT), contextlib.redirect_stderr(_STDERR):
        for name in ("sitegen.cli.build", "sitegen.cli.serve"):
            try:
                _build_cli() and importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a broken module fails the tests that use it, with its error
                pass


_LOCK = threading.RLock()  # the current directory, os.environ and sys.stdout belong to the whole process
_cli = None


def _build_cli():
    """``build.py`` imported as a module (once)."""
    global _cli
    if _cli is None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        spec = importlib.util.spec_from_file_location("sitegen_build_py", ROOT / "build.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _cli = module
    return _cli


def _print_warning(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def _fresh_warnings():
    """Warnings as a new interpreter shows them: Python's default filters, each
    warning once per place, printed to ``sys.stderr`` (not recorded by pytest)."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        for category in (ResourceWarning, ImportWarning, PendingDeprecationWarning, DeprecationWarning):
            warnings.simplefilter("ignore", category)
        warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
        warnings.showwarning = _print_warning
        yield


def _run_in_process(site: Path, argv: list[str], env: dict[str, str], timeout: float) -> Run:
    """``build.main(argv)`` with ``site`` as the current directory, ``env`` in
    ``os.environ`` and stdout/stderr captured; everything is restored after.
    The exit code is what ``sys.exit(main())`` would give: argparse's
    ``SystemExit`` becomes its code, an uncaught exception prints its
    traceback to stderr and gives 1, as the interpreter does."""
    cli = _build_cli()
    out, err = io.StringIO(), io.StringIO()
    with _LOCK:
        cwd = os.getcwd()
        saved = {name: os.environ.get(name) for name in env}
        faulthandler.dump_traceback_later(timeout, exit=True,
                                          file=sys.__stderr__.fileno() if _hang_fd is None else _hang_fd)
        try:
            os.chdir(site)
            os.environ.update(env)
            _STDOUT.capture, _STDERR.capture = out, err
            with contextlib.redirect_stdout(_STDOUT), contextlib.redirect_stderr(_STDERR), _fresh_warnings():
                try:
                    code = cli.main(argv)
                except SystemExit as exc:
                    if exc.code is None or isinstance(exc.code, int):
                        code = exc.code or 0
                    else:  # sys.exit("message")
                        print(exc.code, file=sys.stderr)
                        code = 1
                except Exception:
                    traceback.print_exc()
                    code = 1
        finally:
            _STDOUT.capture = _STDERR.capture = None
            faulthandler.cancel_dump_traceback_later()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            os.chdir(cwd)
    if code == 130:  # build.main turned Ctrl-C into its exit code: stop the test run, as Ctrl-C should
        raise KeyboardInterrupt
    return Run(code, out.getvalue(), err.getvalue())


# --------------------------------------------------------------------------- SITEGEN_CI: a missing tool fails

CI = os.environ.get("SITEGEN_CI", "") not in ("", "0")


def _fail_instead_of_skip(report) -> None:
    """In CI, turn a skip (a missing tool: Chromium, Playwright, the de_DE
    locale) into a failure that names it."""
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"SITEGEN_CI is set, so this may not be skipped: {reason.removeprefix('Skipped: ')}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_instead_of_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_instead_of_skip(outcome.get_result())


def tree(folder: Path) -> dict[str, bytes]:
    """All files below ``folder`` as ``{relative posix path: bytes}``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CASES = FIXTURES / "cases"
NOW = ("--now", "2024-05-01 12:00")


def case_files(name: str, *files: str, folder: str = "content/news") -> dict[str, bytes]:
    """The byte-exact input files of one case in tests/fixtures/cases, placed under ``folder``."""
    base = CASES / name
    names = files or sorted(p.name for p in base.glob("*.md"))
    return {f"{folder}/{n}": (base / n).read_bytes() for n in names}


def problem_lines(run: Run) -> list[str]:
    """stderr without the final "build failed" summary line."""
    return [line for line in run.err.splitlines() if not line.startswith("build failed:")]


def article(title: str, date: str = "25.04.2024", time: str = "14:48", tags: str = "[Gold]",
            body: str = "Ein Absatz.\n", extra: str = "") -> str:
    """Front matter + body of a simple article, as an editor writes it."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    if time:
        lines.append(f"time: {time}")
    if tags:
        lines.append(f"tags: {tags}")
    if extra:
        lines.append(extra.rstrip("\n"))
    return "\n".join(lines) + "\n---\n" + body


def numbered_articles(count: int) -> dict[str, str]:
    """``count`` small articles a00.md, a01.md, … ("Artikel i über Gold", dated in March 2024, tagged
    Gold and Zinsen or Silber), as ``make_site`` takes them."""
    return {f"content/news/a{i:02d}.md": article(f"Artikel {i} über Gold", date=f"{1 + i % 28:02d}.03.2024",
                                                  tags="[Gold, Zinsen]" if i % 2 else "[Silber]",
                                                  body=f"Absatz {i}.\n\n## Teil\n\nText {i}.\n")
            for i in range(count)}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder``: files with their bytes, folders as ``"name/": None``."""
    found: dict[str, bytes | None] = {}
    for base, dirs, names in os.walk(folder):
        rel = Path(base).relative_to(folder).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.update({prefix + d + "/": None for d in dirs})
        found.update({prefix + n: (Path(base) / n).read_bytes() for n in names})
    return found


def rows(site: Path, ns: str) -> dict[str, tuple[str, bytes, bytes]]:
    """{key: (version, checksum, value)} of namespace ``ns`` in the site's store."""
    from sitegen.store import db
    db.forget_shared()  # in-process builds keep the store open; close it so its WAL is checkpointed
    with contextlib.closing(sqlite3.connect(site / ".cache" / db.FILE)) as con:
        found = con.execute("SELECT key, version, checksum, value FROM kept WHERE ns=?", (ns,)).fetchall()
    return {key: (version, digest, value) for key, version, digest, value in found}


def write_rows(site: Path, ns: str, changed: dict[str, tuple[str, bytes, bytes] | None]) -> None:
    """Replace (or, for None, delete) rows of ``ns`` exactly as given — checksums are not recomputed."""
    from sitegen.store import db
    db.forget_shared()
    with contextlib.closing(sqlite3.connect(site / ".cache" / db.FILE)) as con, con:
        for key, row in changed.items():
            con.execute("DELETE FROM kept WHERE ns=? AND key=?", (ns, key))
            if row is not None:
                con.execute("INSERT INTO kept VALUES (?, ?, ?, ?, ?, NULL)", (ns, key, *row))
