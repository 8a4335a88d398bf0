"""The last-resort handler: an unexpected exception becomes one line, not a traceback.

A safety net, not a fix: every error an editor can cause has its own
message; this only catches what the code did not foresee.  The line names
the exception and the file being processed, found in the exception's
stack: the innermost frame with a local that names a source or output file
(``found``, ``source``, ``entry``, ``page``, ``record``: objects with a
``path``/``source``; ``rel``, ``path``: file names).  ``SITEGEN_DEBUG=1``
shows the full traceback instead.
"""

from __future__ import annotations

import os
import traceback
from types import TracebackType

DEBUG_VARIABLE = "SITEGEN_DEBUG"
_OBJECTS = ("found", "source", "entry", "page", "record")
_NAMES = ("rel", "path", "name")


def debugging() -> bool:
    """True when ``SITEGEN_DEBUG`` asks for tracebacks (any value but "", "0")."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def internal_error(exc: BaseException, default: str = "the site") -> str:
    """``internal error: <ExcType: message> while processing <file> — please report this with the file above``.

    ``default`` is named when no file is found in the stack.
    """
    text = str(exc).splitlines()[0] if str(exc) else ""
    kind = type(exc).__name__ + (f": {text}" if text else "")
    where = file_in_stack(exc.__traceback__) or default
    return f"internal error: {kind} while processing {where} — please report this with the file above"


def file_in_stack(tb: TracebackType | None) -> str:
    """The file named by the innermost frame of ``tb`` that names one, or ""."""
    for frame, _line in reversed(list(traceback.walk_tb(tb))):
        found = _named(frame.f_locals)
        if found:
            return found
    return ""


def _named(local: dict) -> str:
    for key in _OBJECTS:
        value = local.get(key)
        for attribute in ("path", "source"):
            named = getattr(value, attribute, None) if value is not None else None
            if isinstance(named, str) and named:
                return named
    for key in _NAMES:
        value = local.get(key)
        if isinstance(value, str) and ("/" in value or value.endswith(".md")):
            return value
    return ""
