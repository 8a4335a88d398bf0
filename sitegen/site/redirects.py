"""Redirects from old URLs: ``aliases:`` in front matter, and moved articles.

An alias is a site path an article or page had before (``/2013/11/22/zinsen/``,
``/blog/alt.html``), as in Hugo's ``aliases``.  Each becomes a small redirect
page at that path (``render/redirects.py``) and a line of ``_redirects``
(Netlify / Cloudflare Pages).  A path ending in ``/`` or without a file
extension is written as ``…/index.html`` (Hugo does the same); one ending in
``.html`` or ``.htm`` as that file.

Errors, each at the alias's line: a path that is not a plain site path (a
scheme or host, ``..``, ``?``/``#``, spaces or control characters), an alias
that is the entry's own URL (a loop), that is another page's URL or a file of
the site (a chain, or a page hidden behind a redirect), or that two entries
claim.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from sitegen.config.settings import Config
from sitegen.content.entry import Entry
from sitegen.content.sources import EntryKind
from sitegen.problems import Problem, error, warning
from sitegen.site.urls import PageKind, article_route, join_base, route

MAX_ALIASES = 100  # per entry; a Hugo archive rarely has more than a handful
MAX_ALIAS_LENGTH = 400  # characters; browsers and hosts handle far longer, editors do not need it
MAX_SEGMENT_BYTES = 200  # per folder or file name, in UTF-8: Linux file systems allow 255
# Cloudflare Pages reads at most 2,000 static redirect rules (developers.cloudflare.com/pages/configuration/redirects).
STATIC_RULE_LIMIT = 2000
_BAD_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\\?#\"'<>`\u2028\u2029]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Redirect:
    """One old URL that redirects: ``old`` the site path as written
    (``/alt/``), ``output_path`` the file written there (``alt/index.html``),
    ``new`` the target's site path (``/news/gold/``), ``title`` the target's
    title, ``source``/``line`` where it was asked for."""

    old: str
    output_path: str
    new: str
    title: str
    source: str
    line: int


def alias_reason(text: str) -> str:
    """Why ``text`` is not a usable alias ("" when it is): it must be a site
    path starting with one ``/``, without scheme, host, ``.``/``..`` folders,
    ``//``, query, fragment, spaces, quotes or control characters, at most
    ``MAX_ALIAS_LENGTH`` characters and ``MAX_SEGMENT_BYTES`` per name."""
    if len(text) > MAX_ALIAS_LENGTH:
        return f"is longer than {MAX_ALIAS_LENGTH} characters"
    if _SCHEME.match(text) or text.startswith("//"):
        return "is not a site path (it has a scheme or host)"
    if not text.startswith("/"):
        return "must start with /"
    bad = _BAD_CHAR.search(text)
    if bad:
        return f"must not contain {bad.group(0)!r}"
    if "//" in text:
        return "must not contain //"
    if any(part in (".", "..") for part in text.split("/")):
        return "must not contain the folders . or .."
    if any(len(part.encode("utf-8")) > MAX_SEGMENT_BYTES for part in text.split("/")):
        return f"has a folder or file name longer than {MAX_SEGMENT_BYTES} bytes"
    if text == "/":
        return "is the home page"
    return ""


def alias_output(text: str) -> str:
    """The output path of the redirect page for a valid alias:
    ``/alt/`` and ``/alt`` → ``alt/index.html``, ``/alt.html`` → ``alt.html``."""
    path = text.lstrip("/")
    if path.endswith("/") or not path.lower().endswith((".html", ".htm")):
        return posixpath.join(path, "index.html")
    return path


def entry_path(config: Config, entry: Entry) -> str:
    """An entry's own site path (``/news/gold/``, ``/impressum/``)."""
    if entry.kind == EntryKind.ARTICLE:
        return article_route(config, entry).url[len(config.base_path.rstrip("/")):]
    return route(config, PageKind.PAGE, entry.slug).url[len(config.base_path.rstrip("/")):]


def plan_redirects(config: Config, entries: Iterable[Entry], taken: Mapping[str, str],
                   moved: Iterable[Redirect] = ()) -> tuple[list[Redirect], list[Problem]]:
    """The redirects of the shown ``entries``' aliases plus ``moved`` ones.

    ``taken`` is {output path: source path or ""} of every page and file of
    the site.  Returns ``(redirects sorted by output path, problems)``; each
    bad alias is an error at its line and gets no redirect.  A moved URL
    that is taken or claimed by an alias is dropped silently (the page or
    the alias there wins).
    """
    found: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for entry in sorted((e for e in entries if e.front.aliases), key=lambda e: e.path):  # most have none
        problems += _entry_redirects(config, entry, taken, found)
    for item in moved:
        if item.output_path not in taken and item.output_path not in found:
            found[item.output_path] = item
    redirects = [found[key] for key in sorted(found)]
    if len(redirects) > STATIC_RULE_LIMIT:
        problems.append(warning(config.file, 0, f"the site has {len(redirects)} redirects; Cloudflare Pages reads "
                                f"only the first {STATIC_RULE_LIMIT} lines of _redirects",
                                "keep the redirect pages (they work on every host), or reproduce the old URL "
                                "pattern with permalinks.article instead of one alias per article"))
    return redirects, problems


def _entry_redirects(config: Config, entry: Entry, taken: Mapping[str, str],
                     found: dict[str, Redirect]) -> list[Problem]:
    """Add ``entry``'s aliases to ``found``; return the problems of the bad ones."""
    aliases, lines = entry.front.aliases, entry.front.lines
    problems: list[Problem] = []
    if len(aliases) > MAX_ALIASES:
        return [error(entry.path, lines.get("aliases", 1), f"'aliases' has {len(aliases)} entries, more than "
                      f"{MAX_ALIASES}", "keep the old URLs that are still linked, or use permalinks.article")]
    own = entry_path(config, entry)
    own_output = alias_output(own)
    for alias in aliases:
        line = lines.get(f"aliases:{alias}", lines.get("aliases", 1))
        problem = _alias_problem(entry, alias, line, own_output, taken, found)
        if problem:
            problems.append(problem)
        else:
            found[alias_output(alias)] = Redirect(alias, alias_output(alias), own, entry.title, entry.path, line)
    return problems


def _alias_problem(entry: Entry, alias: str, line: int, own_output: str, taken: Mapping[str, str],
                   found: Mapping[str, Redirect]) -> Problem | None:
    """The error of one alias of ``entry`` at ``line``, or None when it is usable."""
    reason = alias_reason(alias)
    shown = repr(alias) if len(alias) <= 80 else repr(alias[:80] + "…")
    if reason:
        return error(entry.path, line, f"alias {shown} {reason}",
                     "write the old address as a path of this site, e.g. aliases: [/2013/11/22/zinsen-steigen/]")
    output = alias_output(alias)
    if output == own_output:
        return error(entry.path, line, f"alias {shown} is this {entry.kind}'s own URL (it would redirect to itself)",
                     "remove it from 'aliases'")
    hit = next((path for path in (output, alias.strip("/")) if path in taken), None)
    if hit is not None:
        owner = taken[hit]
        what = f"the URL of {owner}" if owner else f"the file {hit} of the site"
        return error(entry.path, line, f"alias {shown} is {what}; a redirect there would hide it",
                     "remove the alias, or give the other page a new URL first")
    if output in found:
        other = found[output]
        return error(entry.path, line, f"alias {shown} is also an alias of {other.source}:{other.line}",
                     "keep the old URL in one file only")
    return None


def redirect_rules(redirects: Iterable[Redirect], config: Config) -> list[tuple[str, str]]:
    """``[(old URL path, new URL path)]`` with the base path (``/blog/alt/``,
    ``/blog/news/gold/``), sorted by old path: the rules of ``_redirects``,
    and what ``.htaccess`` needs for ``Redirect 301 old new`` lines."""
    return sorted((join_base(config, r.old), join_base(config, r.new)) for r in redirects)
