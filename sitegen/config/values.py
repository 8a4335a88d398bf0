"""Checks of single config values: URLs, links, permalinks, locales, zones, patterns, names.

Each function reads one value with a ``Reader``, appends a problem at the
value's line when it is wrong, and returns the value to use (the default
after an error; the build stops on errors anyway).  Rules follow what the
later stages can handle: ``site/urls.py`` replaces only ``{slug}`` in a
permalink, Babel formats dates (``Locale.parse``), and browsers drop tabs and
newlines from URLs before they read the scheme (WHATWG URL standard, "basic
URL parser"), which is why those are refused outright.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime

from sitegen.config.reader import Reader, shown
from sitegen.config.yamltext import Node

_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\]")  # control characters, spaces, backslashes
_SEGMENT = re.compile(r"[A-Za-z0-9._~-]*")
_TOKEN = re.compile(r"\{[^{}/]{0,40}\}")
PERMALINK_TOKENS = ("{slug}", "{year}", "{month}", "{day}")
_HOST = re.compile(r"(?=.{1,253}$)([^\W_]([^\W_]|-){0,62}\.)+[^\W\d_]{2,63}")
LOCALE_EXAMPLES = "de, de_DE, de_AT, de_CH or en_US"
_SAMPLE = datetime(2024, 4, 25, 14, 48)


def _line(node: Node | None) -> int:
    return node.line if node else 1


def _split(url: str):
    """``urlsplit(url)``, or None when ``url`` has spaces, control characters
    or backslashes, or a broken ``[IPv6]`` host (``urlsplit`` raises then)."""
    if _UNSAFE.search(url):
        return None
    try:
        return urlsplit(url)
    except ValueError:
        return None


def base_url(r: Reader, node: Node | None) -> str:
    """``base_url``: ``http(s)://host[:port][/path]`` without spaces, user
    name, query, fragment or ``.``/``..`` folders; always ends in ``/``."""
    url = r.text(node, "base_url", "http://localhost:8000/")
    hint = "e.g. base_url: https://www.example.de/"
    parts = _split(url)
    if not url.startswith(("http://", "https://")):
        r.error(_line(node), f"base_url {shown(url)} must start with https:// or http://", hint)
    elif parts is None and _UNSAFE.search(url):
        r.error(_line(node), f"base_url {shown(url)} must not contain spaces, control characters or backslashes",
                "write %20 for a space, e.g. base_url: https://www.example.de/mein-blog/")
    elif parts is None or not parts.hostname or parts.query or parts.fragment or "@" in parts.netloc \
            or _bad_port(parts) or {".", ".."} & set(parts.path.split("/")):
        r.error(_line(node), f"base_url {shown(url)} must be a host name and an optional path, "
                             "without user name, '?', '#' or ..", hint)
    return url if url.endswith("/") else url + "/"


def _bad_port(parts) -> bool:
    try:
        parts.port
    except ValueError:
        return True
    return False


def zone(r: Reader, node: Node | None) -> str:
    """``timezone``: an IANA name known to tzdata (default Europe/Berlin)."""
    name = r.text(node, "timezone", "Europe/Berlin")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        r.error(_line(node), f"timezone {shown(name)} is not a known time zone", "use an IANA name, e.g. Europe/Berlin")
        return "Europe/Berlin"
    return name


def language(r: Reader, node: Node | None) -> str:
    """``language``: a locale Babel knows (CLDR), written ``de`` or ``de_DE``; default ``de``."""
    name = r.text(node, "language", "de")
    if _locale_ok(name):
        return name
    if "-" in name and _locale_ok(name.replace("-", "_")):
        hint = f"write it with an underscore: language: {name.replace('-', '_')}"
    else:
        hint = f"use a locale such as {LOCALE_EXAMPLES}"
    r.error(_line(node), f"language {shown(name)} is not a known locale", hint)
    return "de"


_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_[0-9]{3})?")  # de, de_DE, sr_Latn_RS


def _locale_ok(name: str) -> bool:
    """True for a plain CLDR locale name Babel knows (no ``.UTF-8`` or ``@euro`` suffix)."""
    if not _LOCALE_NAME.fullmatch(name):
        return False
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def pattern(r: Reader, node: Node | None, key: str, default: str) -> str:
    """``formats.date``/``formats.time``: a CLDR pattern Babel can format
    (letters as in Unicode TR 35, literal text in single quotes)."""
    text = r.text(node, key, default)
    reason = ""
    if text.replace("''", "").count("'") % 2:
        reason = "has a quote ' that is not closed"
    else:
        try:
            format_datetime(_SAMPLE, text, locale="de")
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            reason = f"is not a valid pattern ({shown(str(exc), 60)[1:-1]})"
    if reason:
        r.error(_line(node), f"{key} {shown(text)} {reason}",
                f"use CLDR letters and quote literal text, e.g. {key.split('.')[-1]}: \"{default}\"")
        return default
    return text


def permalink(r: Reader, node: Node | None) -> str:
    """``permalinks.article``: ``/folder/{slug}/`` — starts and ends with
    ``/``, holds ``{slug}`` once, folders of ``A-Z a-z 0-9 - _ . ~`` that
    do not start with ``.``; the placeholders are ``PERMALINK_TOKENS``
    (``{year}``, ``{month}``, ``{day}`` from the article's date in site time,
    as Hugo's ``:year``; expanded by ``site/urls``)."""
    text = r.text(node, "permalinks.article", "/news/{slug}/")
    reason = _permalink_reason(text)
    if reason:
        r.error(_line(node), f"permalinks.article {shown(text)} {reason}",
                "use folders of letters, digits, - _ . ~ and the placeholders " + ", ".join(PERMALINK_TOKENS)
                + ", e.g. /news/{year}/{slug}/")
        return "/news/{slug}/"
    return text


def _permalink_reason(text: str) -> str:
    if not (len(text) > 1 and text.startswith("/") and text.endswith("/")):
        return "must start and end with /"
    if text.count("{slug}") != 1:
        return "must contain {slug} exactly once"
    for segment in text[1:-1].split("/"):
        rest = _TOKEN.sub(lambda m: "" if m.group(0) in PERMALINK_TOKENS else m.group(0), segment)
        if not segment:
            return "must not contain //"
        if segment.startswith("."):
            return f"must not contain the folder {shown(segment)} (a folder may not start with .)"
        unknown = _TOKEN.search(rest)
        if unknown:
            return f"uses the unknown placeholder {unknown.group(0)} (known: {', '.join(PERMALINK_TOKENS)})"
        if "{" in rest or "}" in rest:
            return "must not contain { or } outside a placeholder"
        bad = _SEGMENT.sub("", rest)
        if bad:
            return f"must not contain {shown(bad[0])}"
    return ""


def link(r: Reader, node: Node | None, key: str, at: int, example: str, schemes: tuple[str, ...] = ()) -> str:
    """A link an editor gives (``menu.url``, ``newsletter.action_url``): a site
    path (``/themen/``, ``themen/``), an ``https://`` address (``http://``
    gets a warning), or one of ``schemes`` (e.g. ``mailto``, ``tel``).
    Spaces, control characters and backslashes are refused, so a scheme such
    as ``java<Tab>script:`` cannot hide; schemes compare case-insensitively.
    ``at`` is the line of the mapping that holds ``key`` (for a missing key),
    ``example`` a good value for the hint."""
    url = r.text(node, key, "/", required=True, at=at, example=example)
    if node is None or not isinstance(node.value, str) or not url.strip():
        return url
    found = _link_problem(url, schemes)
    if found:
        report, message, hint = found
        (r.warn if report == "warning" else r.error)(node.line, f"{key} {shown(url)} {message}", hint)
    return url


def _link_problem(url: str, schemes: tuple[str, ...]) -> tuple[str, str, str] | None:
    """``(severity, message, hint)`` of what is wrong with ``url`` (see ``link``), or None."""
    parts = _split(url)
    scheme = parts.scheme.lower() if parts else ""
    if parts is None and _UNSAFE.search(url):
        return "error", "must not contain spaces, control characters or backslashes", "write %20 for a space"
    if parts is None or (scheme in ("http", "https") and not parts.hostname):
        return "error", "has no host name", "e.g. https://www.example.de/seite/"
    if scheme == "http":
        return "warning", "is not encrypted", "use https:// if the other site offers it"
    if scheme and scheme != "https" and scheme not in schemes:
        allowed = ", ".join(["a site path such as /themen/", "an https:// address", *(f"{s}:" for s in schemes)])
        return "error", f"uses the scheme '{scheme}:', which is not allowed", f"use {allowed}"
    if not scheme and parts.netloc:
        return "error", "starts with //, which leads to another site", "write the full address with https://"
    return None


def folder_name(r: Reader, node: Node | None, key: str, default: str) -> str:
    """A single folder name (``theme``): not empty, no ``/``, ``\\``, control
    characters, and not starting with ``.``."""
    name = r.text(node, key, default)
    if not name or name.startswith(".") or re.search(r"[/\\\x00-\x1f\x7f]", name):
        r.error(_line(node), f"{key} {shown(name)} must be the name of one folder, without / or \\",
                f"e.g. {key}: {default}")
        return default
    if len(name.encode("utf-8")) > MAX_FOLDER_NAME:
        r.error(_line(node), f"{key} {shown(name)} is longer than {MAX_FOLDER_NAME} bytes, too long for a folder name",
                f"e.g. {key}: {default}")
        return default
    return name


MAX_FOLDER_NAME = 100  # bytes; file systems allow 255, no theme needs more than a few words
SITE_FOLDERS = ("content", "themes", "templates", ".git", ".cache")  # as ``refusals.unsafe_output``


def output_dir(r: Reader, node: Node | None, root: Path) -> str:
    """``output_dir``: a folder path (relative to ``root``, the site folder,
    or absolute) that is not the site folder, one of its parents, or one of
    the site's own folders (``SITE_FOLDERS``); the engine checks ``--output``
    the same way."""
    path = r.text(node, "output_dir", "output")
    if not path.strip() or re.search(r"[\x00-\x1f\x7f]", path):
        r.error(_line(node), f"output_dir {shown(path)} must be a folder name without control characters",
                "e.g. output_dir: output")
        return "output"
    if any(len(part.encode("utf-8")) > 255 for part in Path(path).parts):
        r.error(_line(node), f"output_dir {shown(path)} has a folder name longer than 255 bytes, more than file "
                "systems allow", "e.g. output_dir: output")
        return "output"
    try:
        target = (root / path).resolve()
    except (OSError, RuntimeError):  # a name too long, a symlink loop
        target = None
    own = [root / name for name in SITE_FOLDERS]
    if target is None or target == root or target in root.parents \
            or any(f == target or f in target.parents for f in own):
        r.error(_line(node), f"output_dir {shown(path)} would overwrite the site's own files",
                "use a folder of its own, e.g. output_dir: output")
        return "output"
    return path


def host_name(r: Reader, node: Node | None, key: str) -> str:
    """A host name such as ``www.example.de`` ("" when absent), e.g. ``deploy.cname``."""
    name = r.text(node, key, "")
    if name and not _HOST.fullmatch(name):
        r.error(_line(node), f"{key} {shown(name)} must be a host name such as www.example.de",
                "write it without https:// and without a path")
    return name
