"""The preview server: serves the preview folder and reloads open browser tabs.

The only module that imports ``livereload`` (python-livereload 2.7.1 on
tornado).  Known traps of that library, handled here: it drops a reload that
comes within 3 s of the previous one and polls the working directory when
nothing is watched, so reloads are sent explicitly after each build and its
poller is never started; it serves dotfiles, so they get 404 here; it injects
its script only before a lowercase ``</head>``.  Pages are sent with
``Cache-Control: no-store``; while the last build failed, every HTML page
carries an overlay naming ``path:line`` and the message.  A missing page is
the site's own ``404.html`` (status 404) with the script and the overlay, so
a tab whose page vanished reloads when it comes back.  The server answers
only to the ``Host`` names of ``hosts.py``, and live reload only to pages
of those hosts: a page on another site must not read the preview.
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
from tornado.routing import Matcher

from sitegen.preview.hosts import accepted_names, host_accepted, host_refusal, origin_accepted, origin_refusal
from sitegen.problems import Problem, format_problem

OVERLAY_ID = "sitegen-fehler"


def overlay_html(problems: list[Problem], last_good: bool = True) -> bytes:
    """The error overlay shown on every page while the last build failed;
    ``last_good`` False when no build has succeeded yet (nothing older to show)."""
    shown = " – die Vorschau zeigt den letzten guten Stand." if last_good else "."
    items = "".join(f"<li>{html.escape(format_problem(p))}</li>" for p in problems if p.is_error)
    return (f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:99999;'
            'max-height:60vh;overflow:auto;background:#7f1d1d;color:#fff;font:15px/1.5 monospace;'
            f'padding:1em 1.5em;border-top:4px solid #fca5a5"><strong>Build fehlgeschlagen{shown}</strong>'
            '<ul style="margin:.5em 0 0;padding-left:1.2em">'
            f"{items}</ul></div>").encode("utf-8")


def inject_overlay(page: bytes, overlay: bytes) -> bytes:
    """Insert ``overlay`` before ``</body>`` (or at the end)."""
    marker = b"</body>"
    at = page.rfind(marker)
    return page + overlay if at < 0 else page[:at] + overlay + page[at:]


# Shown while no build has succeeded yet (the preview folder has no page): the error box on an empty page.
EMPTY_PAGE = (b'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Vorschau</title></head>'
              b"<body><p>Noch keine Vorschau: der erste Build ist fehlgeschlagen.</p></body></html>")
# Shown for a missing page when the preview folder has no 404.html (a theme without one).
NOT_FOUND_PAGE = (b'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Nicht gefunden</title>'
                  b"</head><body><h1>Seite nicht gefunden</h1></body></html>")
NOT_FOUND_FILE = "404.html"
_NOT_FOUND_LIMIT = 4 << 20  # bytes of 404.html served at most


def not_found_page(root: Path, problems: list[Problem]) -> bytes:
    """The body of a 404: the site's own ``404.html`` (what the published site
    shows, as ``hugo server`` does), else a stand-in; with the error box while
    ``problems`` holds errors.  The live-reload script is added on the way out,
    so a tab on a vanished page reloads when the page comes back."""
    errors = [p for p in problems if p.is_error]
    try:
        with (root / NOT_FOUND_FILE).open("rb") as page:
            body = page.read(_NOT_FOUND_LIMIT)
    except OSError:
        body = EMPTY_PAGE if errors else NOT_FOUND_PAGE
    return inject_overlay(body, overlay_html(errors, last_good=body is not EMPTY_PAGE)) if errors else body


def make_handler(problems: Callable[[], list[Problem]]) -> type:
    """A static file handler for the preview folder bound to a problems source.

    Any path it cannot serve answers 404 (a path leaving the folder, a dot
    file, a name too long for the file system) or 400 (a NUL byte; tornado
    itself answers 400 to percent-escapes that are not UTF-8), never 500."""

    class PreviewHandler(StaticFileHandler):
        def initialize(self, path, default_filename=None):
            super().initialize(str(path() if callable(path) else path), default_filename)

        def write_error(self, status_code: int, **kwargs) -> None:
            self.set_header("Cache-Control", "no-store")
            if status_code != 404:
                error = kwargs.get("exc_info", (None, None))[1]
                detail = getattr(error, "log_message", None) if status_code < 500 else None
                self.set_header("Content-Type", "text/plain; charset=UTF-8")
                return self.finish(f"{status_code} {self._reason}" + (f": {detail}\n" if detail else "\n"))
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(not_found_page(Path(self.root), problems()))

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
            if "\x00" in path:
                raise web.HTTPError(400, "the path contains a NUL byte")
            try:
                await self._get(path, include_body)
            except web.HTTPError as exc:  # tornado answers 403 for a path outside the folder
                raise web.HTTPError(404) if exc.status_code == 403 else exc
            except OSError:  # e.g. the file went away in a publish swap
                if self._headers_written:
                    raise
                raise web.HTTPError(404) from None

        async def _get(self, path: str, include_body: bool) -> None:
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


def make_live_handler(names: frozenset[str]) -> type:
    """livereload's websocket handler, refusing an ``Origin`` that is not a page
    of an accepted host with a one-line 403.  A missing ``Origin`` is let
    through: browsers always send it on a websocket, so only a local tool
    (not a web page) connects without one, and the ``Host`` check still applies."""

    class PreviewLiveReloadHandler(LiveReloadHandler):
        def check_origin(self, origin: str) -> bool:
            return origin_accepted(origin, names)

        async def get(self, *args, **kwargs) -> None:
            origin = self.request.headers.get("Origin")
            if origin is not None and not origin_accepted(origin, names):
                self.set_status(403)
                self.set_header("Content-Type", "text/plain; charset=UTF-8")
                return self.finish(origin_refusal(origin, names) + "\n")
            return await super().get(*args, **kwargs)

        def on_message(self, message) -> None:
            try:
                super().on_message(message)
            except (ValueError, TypeError, AttributeError):  # not livereload's JSON protocol
                self.close(1003, "livereload protocol messages only")

    return PreviewLiveReloadHandler


class _WrongHost(Matcher):
    """Matches every request whose ``Host`` is not one of ``names``."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def match(self, request) -> dict | None:
        return None if host_accepted(request.headers.get("Host"), self.names) else {}


class _RefuseHost(web.RequestHandler):
    """Answers a request for a foreign ``Host`` with a one-line plain-text 403."""

    def initialize(self, names: frozenset[str], port: int) -> None:
        self.names, self.port = names, port

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(host_refusal(self.request.headers.get("Host"), self.names, self.port) + "\n")


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
        self._names: dict[str, frozenset[str]] = {}

    def names(self, host: str) -> frozenset[str]:
        """The ``Host`` names accepted when bound to ``host`` (see ``hosts.accepted_names``)."""
        if host not in self._names:
            self._names[host] = accepted_names(host)
        return self._names[host]

    def listen(self, host: str, port: int) -> int:
        """Bind the server; returns the port really bound (``port`` 0 = any free)."""
        logging.getLogger("tornado.access").setLevel(logging.ERROR)  # no line per request in the terminal
        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = IOLoop.current()
        LiveReloadHandler._last_reload_time = None
        LiveReloadHandler.waiters = set()
        LiveReloadHandler.watcher = _NoWatcher()
        LiveReloadHandler.live_css = False
        names = self.names(host)
        sockets = bind_sockets(port, address=host)
        bound = sockets[0].getsockname()[1]
        app = web.Application([
            (_WrongHost(names), _RefuseHost, {"names": names, "port": bound}),
            (r"/livereload", make_live_handler(names)),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", make_handler(self.problems), {"path": self.folder, "default_filename": "index.html"}),
        ], transforms=[_Injector])
        HTTPServer(app).add_sockets(sockets)
        return bound

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
