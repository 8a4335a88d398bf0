"""Run one import: detect, read, convert, write, report.

``import_archive`` never raises for bad input: problems in the archive are
report lines (exit 1), a wrong command line is one message (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.importer import detect, posts, wordpress
from sitegen.importer.convert import convert_all
from sitegen.importer.plan import CONFLICT, apply
from sitegen.importer.report import report_lines

OK, SOURCE_PROBLEMS, USAGE = 0, 1, 2


@dataclass(frozen=True)
class Request:
    """What the editor asked for: ``source`` folder or WXR file (as typed),
    ``kind`` (None: detect), ``site`` folder, ``dry_run``, ``uploads``."""

    source: str
    kind: str | None = None
    site: Path = Path(".")
    dry_run: bool = False
    uploads: Path | None = None


@dataclass(frozen=True)
class Result:
    """The exit ``code`` and the report ``lines`` (stdout) or one ``usage`` message (stderr)."""

    code: int
    lines: tuple[str, ...] = ()
    usage: str = ""


def import_archive(request: Request) -> Result:
    """Import ``request.source`` into ``request.site``; see ``Result``."""
    source = Path(request.source)
    problem = _check(request, source)
    if problem:
        return Result(USAGE, usage=problem)
    kind = request.kind or detect.detect_kind(source)
    if kind is None:
        return Result(USAGE, usage=f"{request.source}: cannot tell which generator made this archive — "
                                   f"give it with --from {{{','.join(detect.KINDS)}}}")
    read = _read_wordpress if kind == "wordpress" else _read_folder
    archive, items, refused, failure = read(request, source, kind)
    if failure is not None:
        return failure
    outputs = convert_all(archive, items, detect.site_permalink(request.site))
    try:
        outcome = apply(request.site, outputs, request.dry_run)
    except OSError as exc:
        return Result(USAGE, usage=f"{request.site}: cannot write the imported files: {exc.strerror or exc}")
    lines = report_lines(kind, refused, outputs, outcome, request.dry_run)
    failed = any(note.blocking for _, note in refused) or CONFLICT in outcome.state.values()
    return Result(SOURCE_PROBLEMS if failed else OK, tuple(lines))


def _read_folder(request: Request, source: Path, kind: str):
    """``(archive, items, refused [(shown path, Note)], failure Result or None)`` for a generator's folder."""
    if not source.is_dir():
        return None, [], [], Result(USAGE, usage=f"{request.source}: is not a folder — --from {kind} needs the "
                                                 "site's folder")
    try:
        archive = detect.load_archive(source.resolve(), kind)
    except detect.DetectError as exc:
        return None, [], [], Result(SOURCE_PROBLEMS, (f"{request.source.rstrip('/')}/{exc}",))
    items, refused = posts.read_items(archive)
    return archive, items, [(f"{request.source.rstrip('/')}/{rel}", note) for rel, note in refused], None


def _read_wordpress(request: Request, source: Path, kind: str):
    """The same for a WordPress export file; uploads come only from ``--uploads``."""
    if not source.is_file():
        return None, [], [], Result(USAGE, usage=f"{request.source}: is not a file — --from wordpress needs the "
                                                 ".xml export (Tools → Export)")
    try:
        items, refused, channel = wordpress.read_wxr(source)
    except wordpress.WxrError as exc:
        line = f"{request.source}:{exc.line}" if exc.line else request.source
        return None, [], [], Result(SOURCE_PROBLEMS, (f"{line}: {exc.message} — {exc.hint}",))
    uploads = request.uploads.resolve() if request.uploads else None
    archive = detect.Archive(uploads, kind, {"url": channel["link"]})
    return archive, items, [(request.source, note) for note in refused], None


def _check(request: Request, source: Path) -> str:
    """A usage problem as one message, or ""."""
    if request.kind is not None and request.kind not in detect.KINDS:
        return f"--from {request.kind}: unknown source — use one of {', '.join(detect.KINDS)}"
    if not source.exists():
        return f"{request.source}: no such file or folder — give the folder of the site to import"
    if not (request.site / "config.yaml").is_file():
        return f"{request.site}: not a site folder (no config.yaml) — run the import in the site's folder or give --site DIR"
    if request.uploads is not None and not request.uploads.is_dir():
        return f"--uploads {request.uploads}: no such folder"
    return ""
