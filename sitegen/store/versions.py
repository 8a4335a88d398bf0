"""One answer to "which code made this?" for everything kept in ``.cache/``.

``code_version("sitegen.content.markdown")`` is a SHA-256 digest of

- the source of that module and of every ``sitegen`` module it imports,
  transitively (found by scanning their lines for ``import`` statements,
  also those inside functions; a package's ``__init__`` counts, as importing
  runs it) — so editing the slug table in ``content/slugs.py`` changes the
  Markdown renderer's version;
- the installed version of every third-party distribution those modules
  import (``importlib.metadata.packages_distributions`` maps an import name
  to its distributions), and of the distributions those require, so a
  python-slugify or text-unidecode upgrade changes it too; ``zoneinfo``
  counts as importing ``tzdata`` (``STDLIB_DATA``);
- the Python version (which covers the standard library).

``product_version()`` is the version of every ``sitegen`` module (the whole
product; the benchmarks in ``bench/`` live outside the package and are
never hashed).  Everything is computed once per process; ``forget()`` starts
over (tests).

Scanning every module and asking ``importlib.metadata`` which distribution
provides which import name takes ~100 ms, a build with nothing to do less
than twice that; so both answers can be kept in the store (``attach``):
each module's imports by the SHA-256 of its source, the import-name and
requirement maps by the list of installed distributions and their versions
(read live from the ``*.dist-info`` folder names on ``sys.path`` at every
start).  Source hashes and installed versions are never taken from the store.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from pathlib import Path

PACKAGE = "sitegen"
ROOT = Path(__file__).resolve().parents[1]  # the sitegen/ folder
# Standard-library modules whose results depend on data installed as a
# distribution: zoneinfo falls back to the tzdata package.
STDLIB_DATA = {"zoneinfo": ("tzdata",)}
NAMESPACE = "versions"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_INFO = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._]*?)-([0-9][^-]*?)(?:-py[0-9.]+)?\.(?:dist|egg)-info$")
_store = None  # see attach
_memo: dict[str, dict] = {}


def attach(store) -> None:
    """Keep the import analysis in ``store`` (a ``db.Store``) from now on."""
    global _store
    _store = store
    _memo.clear()


def _memo_version(extra: str = "") -> str:
    own = Path(__file__).read_bytes()
    return hashlib.sha256(own + f"|{sys.version}|{extra}".encode()).hexdigest()


def _remembered(key: str, version: str) -> dict:
    """The memo ``key`` from the store (empty when missing or stale)."""
    if key not in _memo:
        found = None
        if _store is not None:
            data = _store.get(NAMESPACE, key, version)
            try:
                found = json.loads(data) if data is not None else None
            except ValueError:
                found = None
        _memo[key] = found if isinstance(found, dict) else {}
    return _memo[key]


def _remember(key: str, version: str, value: dict) -> None:
    _memo[key] = value
    if _store is not None:
        _store.put(NAMESPACE, key, version, json.dumps(value, sort_keys=True).encode())


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def installed() -> dict[str, str]:
    """{normalised distribution name: version} of every distribution on
    ``sys.path`` (from the names of the ``*.dist-info`` / ``*.egg-info``
    folders, which change with every install, upgrade or removal)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            match = _INFO.match(name)
            if match:
                found.setdefault(_normal(match.group(1)), match.group(2))
    return found


def installed_version(distribution: str) -> str:
    """The installed version of ``distribution``, or "" when it is not
    installed (the seam tests patch)."""
    return installed().get(_normal(distribution), "")


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the product: {dotted name: source file}."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "__pycache__" in parts:
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@functools.cache
def _source_digest(name: str) -> str:
    return hashlib.sha256(modules()[name].read_bytes()).hexdigest()


# An import statement at the start of a line or after ";" or ":" (``try: import x``):
# ``from`` (dots, module, names: parenthesised or to the end of the line) or ``import``.
_STATEMENT = re.compile(r"""(?:^|[;:])[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*"""
                        r"""(\([^)]*\)|(?:[^\n\\]|\\\n)*)|import[ \t]+((?:[^\n\\]|\\\n)*))""", re.M)
_PART = re.compile(r"\s*([A-Za-z_][\w.]*|\*)(?:\s+as\s+\w+)?\s*")


def _names(text: str) -> list[str]:
    """``a.b as c, d`` → ``["a.b", "d"]`` (a comment, ``;`` and what follows
    end the list); nothing when a part is not a name (prose in a docstring)."""
    text = text.split("#", 1)[0].split(";", 1)[0].replace("\\\n", " ").strip().strip("()")
    parts = [_PART.fullmatch(part) for part in text.split(",") if part.strip()]
    return [match.group(1) for match in parts] if parts and all(parts) else []


def _parse_imports(name: str) -> tuple[list[str], list[str]]:
    """Every dotted name module ``name`` imports (absolute), split into
    ``sitegen`` modules and other top-level names.  A line scan, not a
    parse (``ast`` took ~0.2 s of every cold build): it finds every import
    statement, also inside functions; an import-like line of a docstring
    adds a name at worst, which only makes a version change more often."""
    known = modules()
    try:
        text = known[name].read_text("utf-8")
    except (OSError, ValueError):
        return [], []
    package = name if known[name].name == "__init__.py" else name.rpartition(".")[0]
    dotted: set[str] = set()
    for dots, base, what, plain in _STATEMENT.findall(text):
        if not dots and not base:
            dotted.update(_names(plain))
            continue
        if dots:
            parts = package.split(".")
            base = ".".join([*parts[: len(parts) - (len(dots) - 1)], *([base] if base else [])])
        dotted.add(base)
        dotted.update(f"{base}.{alias}" for alias in _names(what) if alias != "*")
    return _split(dotted, known)


def _split(dotted: set[str], known) -> tuple[list[str], list[str]]:
    """(``sitegen`` modules, other top-level names) of ``dotted`` import names."""
    own, other = set(), set()
    for item in dotted:
        parts = item.split(".")
        if parts[0] == PACKAGE:
            own.update(m for m in (".".join(parts[:n]) for n in range(1, len(parts) + 1)) if m in known)
        elif parts[0] and parts[0] != "__future__":
            other.add(parts[0])
    return sorted(own), sorted(other)


@functools.cache
def _all_imports() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{module: (``sitegen`` modules, other top-level names) it imports}, for every module."""
    version = _memo_version()
    memo = _remembered("imports", version)
    result, fresh = {}, {}
    for name in modules():
        digest = _source_digest(name)
        found = memo.get(f"{name}|{digest}")
        if not (isinstance(found, list) and len(found) == 2 and all(isinstance(x, list) for x in found)):
            found = list(_parse_imports(name))
        fresh[f"{name}|{digest}"] = found
        result[name] = (frozenset(found[0]) & modules().keys(), frozenset(map(str, found[1])))
    if fresh != memo:
        _remember("imports", version, fresh)
    return result


def imported(*names: str) -> tuple[list[str], list[str]]:
    """The ``sitegen`` modules ``names`` import transitively (themselves
    included), and the other top-level names (standard library and
    third-party) they import."""
    missing = [n for n in names if n not in modules()]
    if missing:
        raise KeyError(f"not a module of {PACKAGE}: {', '.join(missing)}")
    graph = _all_imports()
    seen: set[str] = set()
    todo, other = list(names), set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            own, more = graph[name]
            todo.extend(own - seen)
            other |= more
    return sorted(seen), sorted(other)


@functools.cache
def _environment() -> dict:
    """{"imports": {import name: [distribution]}, "requires": {distribution: [distribution]}}
    for the installed distributions (kept in the store by their names and versions)."""
    version = _memo_version(json.dumps(sorted(installed().items())))
    memo = _remembered("environment", version)
    if isinstance(memo.get("imports"), dict) and isinstance(memo.get("requires"), dict):
        return memo
    from importlib import metadata
    try:
        imports = {k: list(v) for k, v in metadata.packages_distributions().items()}
    except Exception:  # noqa: BLE001 — broken metadata of some installed package: versions unknown
        imports = {}
    requires: dict[str, list[str]] = {}
    for dist in sorted({d for ds in imports.values() for d in ds} | {d for ds in STDLIB_DATA.values() for d in ds}):
        requires[_normal(dist)] = _requirements(metadata, dist)
    memo = {"imports": imports, "requires": requires}
    _remember("environment", version, memo)
    return memo


def _requirements(metadata, distribution: str) -> list[str]:
    """The distributions ``distribution`` needs (not those of optional extras)."""
    try:
        lines = metadata.requires(distribution) or []
    except Exception:  # noqa: BLE001 — not installed or unreadable metadata
        return []
    found = []
    for line in lines:
        requirement, _, marker = line.partition(";")
        match = _REQUIREMENT.match(requirement)
        if match and "extra" not in marker:
            found.append(match.group(1))
    return found


def distributions(import_names: list[str]) -> dict[str, str]:
    """{distribution: installed version} of the distributions providing
    ``import_names`` and of everything they require, transitively ("" for
    one that is required but not installed)."""
    environment = _environment()
    todo = [d for name in import_names for d in environment["imports"].get(name, ())]
    todo += [d for name in import_names for d in STDLIB_DATA.get(name, ())]
    found: dict[str, str] = {}
    while todo:
        name = _normal(str(todo.pop()))
        if name not in found:
            found[name] = installed_version(name)
            if found[name]:
                todo.extend(environment["requires"].get(name, ()))
    return dict(sorted(found.items()))


@functools.cache
def _version(names: tuple[str, ...]) -> str:
    own, other = imported(*names)
    digest = hashlib.sha256(f"python {sys.version} {sys.implementation.cache_tag}\n".encode())
    for name in own:
        digest.update(f"{name} {_source_digest(name)}\n".encode())
    for dist, version in distributions(other).items():
        digest.update(f"{dist}=={version}\n".encode())
    return digest.hexdigest()


def code_version(*names: str) -> str:
    """The version of the code of the ``sitegen`` modules ``names`` (dotted,
    e.g. ``"sitegen.content.markdown"``): see the module docstring."""
    return _version(tuple(sorted(set(names))))


def product_version() -> str:
    """The version of the whole product (every ``sitegen`` module)."""
    return code_version(*modules())


def forget() -> None:
    """Compute everything again on the next call (after sources or installed
    packages changed in this process, e.g. in tests)."""
    for cached in (installed, modules, _source_digest, _all_imports, _environment, _version):
        cached.cache_clear()
    _memo.clear()
