"""Shared test helpers: inline fixture sites and running the real command line.

``make_site`` writes a small site (config + files) into a temp folder that
uses the project's own theme; ``run_build`` runs ``build.py`` in a
subprocess, exactly as an editor would, and returns what they would see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
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
  action_url: /newsletter/anmelden
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


def run_build(site: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run ``python build.py build ARGS`` in ``site``; returns a ``Run``."""
    full_env = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", *args], cwd=site,
                          capture_output=True, text=True, env=full_env, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr)


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
