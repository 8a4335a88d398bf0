"""The web quality checkers of the suite: Nu HTML Checker (vnu.jar) and axe-core.

Where they are found (the first that exists):

* ``SITEGEN_VNU_JAR`` (a path to ``vnu.jar``), else
  ``tests/tools/node_modules/vnu-jar/build/dist/vnu.jar``; run with ``java``
  from ``PATH`` (Debian: ``default-jre-headless``);
* ``SITEGEN_AXE_JS`` (a path to ``axe.min.js``), else
  ``tests/tools/node_modules/axe-core/axe.min.js``.

``.ci/run`` installs both with ``npm ci --prefix tests/tools --ignore-scripts``
(versions pinned in ``tests/tools/package-lock.json``).  Missing, the tests
skip with the reason (and fail under ``SITEGEN_CI=1``, see conftest).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent / "tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
INSTALL = "npm ci --prefix tests/tools --ignore-scripts (as .ci/run does)"

# The page types every build makes, by an output path below the output folder
# (relative; a folder means its index.html).  The search page is added when the build makes it.
SERIOUS = ("serious", "critical")


def vnu_command() -> list[str]:
    """``[java, -jar, vnu.jar]``; skips the test when java or the jar is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is missing (apt-get install default-jre-headless) — Nu HTML Checker tests skipped")
    jar = Path(os.environ.get("SITEGEN_VNU_JAR") or VNU_JAR)
    if not jar.is_file():
        pytest.skip(f"{jar} is missing ({INSTALL}, or set SITEGEN_VNU_JAR) — Nu HTML Checker tests skipped")
    return [java, "-Xss1m", "-jar", str(jar)]


def axe_source() -> str:
    """The text of ``axe.min.js``; skips the test when it is missing."""
    path = Path(os.environ.get("SITEGEN_AXE_JS") or AXE_JS)
    if not path.is_file():
        pytest.skip(f"{path} is missing ({INSTALL}, or set SITEGEN_AXE_JS) — axe-core tests skipped")
    return path.read_text(encoding="utf-8")


def vnu_errors(files: list[Path], root: Path) -> list[str]:
    """Run the Nu HTML Checker once over ``files``; returns its errors as
    ``path:line: message`` (paths relative to ``root``), [] when all are valid."""
    proc = subprocess.run([*vnu_command(), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(proc.stderr or proc.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu gave no JSON report (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return [f"{_relative(m.get('url', ''), root)}:{m.get('lastLine', 0)}: {m.get('message', '')}"
            for m in messages if m.get("type") in ("error", "non-document-error")]


def _relative(url: str, root: Path) -> str:
    path = url.removeprefix("file:")
    return path[len(str(root)) + 1:] if path.startswith(str(root)) else path


def axe_violations(page, source: str) -> list[str]:
    """Inject axe-core (its text ``source``) into the Playwright ``page`` and
    run it; returns the serious and critical violations as ``rule: target …``."""
    page.add_script_tag(content=source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])} — {v['help']}"
            for v in result["violations"] if v.get("impact") in SERIOUS]
