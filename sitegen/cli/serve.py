"""The ``serve`` command: build, serve, watch, rebuild, reload — and never die.

Wires a ``PreviewSession`` (builds into ``.cache/preview-<port>``, locked
while it runs, so two ``serve`` processes never share a folder), a watchdog
``watch`` + ``Debouncer`` (one builder thread), and the ``PreviewServer``
(livereload).  A broken article, config or template never stops the server:
the last good pages stay served with an error overlay.  Ctrl-C (or SIGTERM)
stops cleanly with exit code 0.
"""

from __future__ import annotations

import shutil
import signal
import sys
import webbrowser
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sitegen.cli.messages import plural, say as _say
from sitegen.problems import format_problem

DEFAULT_PORT = 8000
PORT_TRIES = 20


@dataclass(frozen=True)
class ServeArgs:
    """Options of ``serve``; ``port`` None means "8000 or the next free one"."""

    config: Path
    host: str = "127.0.0.1"
    port: int | None = None
    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    open_browser: bool = False
    base_url: str | None = None


def _bind(server, host: str, port: int | None) -> int:
    """Bind ``port``, or the first free port from 8000 on; raises OSError."""
    if port is not None:
        return server.listen(host, port)
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES):
        try:
            return server.listen(host, candidate)
        except OSError:
            continue
    return server.listen(host, 0)


def report(outcome, out: TextIO, err: TextIO) -> None:
    """Print one rebuild's problems and its log line."""
    for problem in outcome.problems:
        _say(err, format_problem(problem))
    if outcome.ok:
        r = outcome.report
        _say(out, f"rebuilt in {outcome.seconds * 1000:.0f} ms: {r.written} files written, "
                  f"{r.unchanged} unchanged, {r.deleted} deleted")
    else:
        errors = sum(p.is_error for p in outcome.problems)
        _say(err, f"build failed: {plural(errors, 'error')} — the preview keeps the last good "
                  "pages and shows the errors on every page")


def serve_command(args: ServeArgs, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the preview server until Ctrl-C; returns the exit code (0, or 2)."""
    out, err = out or sys.stdout, err or sys.stderr
    if not args.config.is_file():
        _say(err, f"{args.config}: no such config file — run from the site folder or pass --config PATH")
        return 2
    from sitegen.output.writer import OutputBusy, lock_output
    from sitegen.preview.devserver import PreviewServer
    from sitegen.preview.hosts import host_literal, is_loopback
    from sitegen.preview.session import PreviewSession
    root = args.config.resolve().parent
    holder = {}
    server = PreviewServer(lambda: holder["session"].preview_dir, lambda: holder["session"].problems)
    try:
        port = _bind(server, args.host, args.port)
    except OSError as exc:
        _say(err, f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc} — "
                  "choose another port with --port")
        return 2
    preview = root / ".cache" / f"preview-{port}"
    try:
        with lock_output(preview):
            session = holder["session"] = PreviewSession(args.config, preview, args.drafts, args.future, args.now,
                                                         base_url=args.base_url, log=err)
            if not is_loopback(args.host):
                names = ", ".join(sorted(server.names(args.host)))
                _say(err, f"warning: serving on {args.host} makes drafts visible to other computers on the network "
                          f"(it answers to the host names {names})")
            report(session.rebuild(), out, err)
            try:
                return _run(server, session, root, preview, f"http://{host_literal(args.host)}:{port}/",
                            args.open_browser, out, err)
            finally:  # a preview folder per port: gone when its server stops, so they never pile up
                for folder in (preview, preview.parent / f".{preview.name}.standby"):
                    shutil.rmtree(folder, ignore_errors=True)
    except OutputBusy as exc:
        _say(err, f"{exc} — another serve uses port {port}'s preview folder")
        return 2


def _interrupt(*_args) -> None:
    """SIGTERM stops the server like Ctrl-C does."""
    raise KeyboardInterrupt


def _run(server, session, root: Path, preview: Path, url: str, open_browser: bool, out: TextIO, err: TextIO) -> int:
    from sitegen.preview.watcher import Debouncer, watch

    def rebuild() -> None:
        outcome = session.rebuild()
        report(outcome, out, err)
        if outcome.changed or not outcome.ok:
            server.reload()

    debouncer = Debouncer(rebuild, due=session.seconds_until_due)
    observer = watch(root, debouncer.trigger, ignored=[root / ".cache", root / "output", preview],
                     root_files=(session.config_path.name,))
    debouncer.start()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    _say(out, f"serving the preview at {url} — edits rebuild it and reload the browser; Ctrl-C stops")
    if open_browser:
        webbrowser.open(url)
    try:
        server.run()
    finally:
        observer.stop()
        observer.join(5)
        debouncer.stop()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    _say(out, "stopped")
    return 0
