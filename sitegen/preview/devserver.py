"""The preview server: serves the preview folder and reloads open browser tabs.

The only module that imports ``livereload`` (python-livereload 2.7.1 on
tornado).  Known traps of that library, handled here: it drops a reload that
comes within 3 s of the previous one and polls the working directory when
nothing is watched, so reloads are sent explicitly after each build and its
poller is never started; it serves dotfiles, so they get 404 here; it injects
its script only before a lowercase ``</head>``.  Pages are sent with
``Cache-Control: no-store``; while the last build failed, every HTML page
carries an overlay naming ``path:line`` and the message.
"""

from __future__ import annotations

import asyncio
import logging
import html
import os
from pathlib import Path
from typing import Callable

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from sitegen.problems import Problem, format_problem

OVERLAY_ID = "sitegen-fehler"


def overlay_html(problems: list[Problem]) -> bytes:
    """The error overlay shown on every page while the last build failed."""
    items = "".join(f"<li>{html.escape(format_problem(p))}</li>" for p in problems if p.is_error)
    return (f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:99999;'
            'max-height:60vh;overflow:auto;background:#7f1d1d;color:#fff;font:15px/1.5 monospace;'
            'padding:1em 1.5em;border-top:4px solid #fca5a5"><strong>Build fehlgeschlagen – '
            'die Vorschau zeigt den letzten guten Stand.</strong><ul style="margin:.5em 0 0;padding-left:1.2em">'
            f"{items}</ul></div>").encode("utf-8")


def inject_overlay(page: bytes, overlay: bytes) -> bytes:
    """Insert ``overlay`` before ``</body>`` (or at the end)."""
    marker = b"</body>"
    at = page.rfind(marker)
    return page + overlay if at < 0 else page[:at] + overlay + page[at:]


# Shown while no build has succeeded yet (the preview folder has no page): the error box on an empty page.
EMPTY_PAGE = (b'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Vorschau</title></head>'
              b"<body><p>Noch keine Vorschau: der erste Build ist fehlgeschlagen.</p></body></html>")


def make_handler(problems: Callable[[], list[Problem]]) -> type:
    """A static file handler for the preview folder bound to a problems source."""

    class PreviewHandler(StaticFileHandler):
        def initialize(self, path, default_filename=None):
            super().initialize(str(path() if callable(path) else path), default_filename)

        def write_error(self, status_code: int, **kwargs) -> None:
            current = [p for p in problems() if p.is_error]
            if status_code != 404 or not current:
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(inject_overlay(EMPTY_PAGE, overlay_html(current)))

        def validate_absolute_path(self, root: str, absolute_path: str):
            rel = os.path.relpath(absolute_path, root)
            if any(part.startswith(".") for part in Path(rel).parts):
                raise web.HTTPError(404)
            return super().validate_absolute_path(root, absolute_path)

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")

        def compute_etag(self):
            if getattr(self, "absolute_path", None) is None:
                return None  # a page with the overlay: not the file's bytes, so no etag (was a 500)
            return super().compute_etag()

        async def get(self, path: str, include_body: bool = True) -> None:
            current = [p for p in problems() if p.is_error]
            if not current:
                return await super().get(path, include_body)
            self.path = self.parse_url_path(path)
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:
                return None
            if not absolute.endswith(".html"):
                return await super().get(path, include_body)
            data = inject_overlay(Path(absolute).read_bytes(), overlay_html(current))
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_extra_headers(path)
            self.finish(data if include_body else b"")

    return PreviewHandler


class _NoWatcher:
    """Stands in for livereload's polling watcher: changes come from us."""

    filepath = None

    def examine(self):
        return None, None


# Loads livereload.js from the page's own host and port (no other host).
LIVE_SCRIPT = (b'<script>(function(){var s=document.createElement("script");'
               b's.src="/livereload.js?port="+(window.location.port||80);'
               b'document.head.appendChild(s);})();</script>')


class _Injector(LiveScriptInjector):
    script = LIVE_SCRIPT


class PreviewServer:
    """Serves ``folder`` (a path, or a function giving it at each request) on
    ``host:port`` and reloads browsers on ``reload()``.

    ``listen()`` binds (raises ``OSError`` when the port is taken);
    ``run()`` blocks in the tornado loop until Ctrl-C (or SIGTERM).
    """

    def __init__(self, folder: Path | Callable[[], Path], problems: Callable[[], list[Problem]]):
        self.folder, self.problems = folder, problems
        self.loop: IOLoop | None = None

    def listen(self, host: str, port: int) -> int:
        """Bind the server; returns the port really bound (``port`` 0 = any free)."""
        logging.getLogger("tornado.access").setLevel(logging.ERROR)  # no line per request in the terminal
        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = IOLoop.current()
        LiveReloadHandler._last_reload_time = None
        LiveReloadHandler.waiters = set()
        LiveReloadHandler.watcher = _NoWatcher()
        LiveReloadHandler.live_css = False
        app = web.Application([
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", make_handler(self.problems), {"path": self.folder, "default_filename": "index.html"}),
        ], transforms=[_Injector])
        sockets = bind_sockets(port, address=host)
        HTTPServer(app).add_sockets(sockets)
        return sockets[0].getsockname()[1]

    def run(self) -> None:
        """Run the loop; returns normally on Ctrl-C."""
        try:
            self.loop.start()
        except KeyboardInterrupt:
            pass

    def reload(self) -> None:
        """Tell every connected browser tab to reload (thread-safe)."""
        if self.loop is not None:
            self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")
