"""Checks of what a build publishes besides its pages.

* ``asset_problems``: theme CSS and JavaScript must not load anything from
  another host either (privacy: a Google Fonts ``@import`` in a stylesheet
  sends every reader's IP address to Google, LG München I, 20.01.2022,
  3 O 17493/20).  Reported at the asset's file and line.
* ``site_path_problems``: menu entries and the newsletter form must point
  to a site path that some published file answers.
* ``feed_text_problems``: feeds cannot carry characters XML 1.0 forbids;
  they are left out there, and the editor is told where.

Every scanner works in linear time (``str.find`` loops and regular
expressions without nested repetition), whatever the input.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from sitegen.config.settings import Config
from sitegen.config.yamltext import Node, parse_yaml
from sitegen.content.entry import Entry
from sitegen.problems import Problem, error, warning
from sitegen.render.cssscan import css_loads
from sitegen.render.feeds import feed_articles
from sitegen.render.theme import Theme
from sitegen.render.validate import is_external
from sitegen.site.model import Site

PRIVACY_HINT = ("serve the file from this site, or add the host to privacy.allowed_hosts in config.yaml "
                "(privacy: no third-party requests)")
CSS_SUFFIXES = {".css"}
JS_SUFFIXES = {".js", ".mjs", ".cjs"}
# Namespace names are identifiers, never fetched (createElementNS, @namespace).
NAMESPACE_PREFIX = "http://www.w3.org/"

_JS_URL = re.compile(r"""(?<=["'`])((?:https?:)?//[^\s"'`\\<>()]+)""", re.I)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def allowed_hosts(config: Config) -> set[str]:
    """The hosts pages and assets may load from: the site's own host plus
    ``privacy.allowed_hosts`` (lower case)."""
    own = config.base_url.split("://", 1)[-1].split("/", 1)[0]
    return {own.lower(), *config.publishing.allowed_hosts}


# --------------------------------------------------------------------------- theme assets

def asset_problems(assets: Iterable[tuple[str, bytes]], allowed: set[str]) -> list[Problem]:
    """Errors for every third-party load in published CSS and JS files.

    ``assets`` are ``(path as the editor knows it, bytes)``, e.g.
    ``("themes/default/static/css/site.css", …)``; other suffixes are skipped.

    CSS: ``url(...)`` in any rule (``@font-face`` ``src:`` included),
    ``@import "..."``/``@import url(...)`` and strings in ``image-set()``,
    after comments are blanked and CSS escapes decoded.  JavaScript: every
    string literal that starts with an absolute or protocol-relative URL
    (``fetch("https://…")``, ``import("//…")``, ``s.src = '…'``); ``\\/`` is
    read as ``/``.  Problems name the file and the 1-based line.
    """
    problems = []
    for where, data in assets:
        suffix = PurePosixPath(where).suffix.lower()
        if suffix not in CSS_SUFFIXES | JS_SUFFIXES:
            continue
        text = data.decode("utf-8", errors="replace")
        found = css_loads(text) if suffix in CSS_SUFFIXES else js_loads(text)
        problems += [error(where, line, f"loads {url} from another host", PRIVACY_HINT)
                     for line, url in found if is_external(url, allowed)]
    return problems


def js_loads(js: str) -> list[tuple[int, str]]:
    """``[(line, url)]`` of absolute URLs that open a JavaScript string literal,
    except XML namespace names (``http://www.w3.org/…``)."""
    found = []
    for number, line in enumerate(js.split("\n"), start=1):
        found += [(number, url) for url in _JS_URL.findall(line.replace("\\/", "/"))
                  if not url.lower().startswith(NAMESPACE_PREFIX)]
    return found


# --------------------------------------------------------------------------- menu and newsletter targets

def site_path_problems(config: Config, published: Iterable[str]) -> list[Problem]:
    """Problems for menu entries and the newsletter form whose site path
    (``/…``, before the base path is added) no published file answers.

    ``published`` are output paths (``themen/index.html``).  A path answers
    when it names a file, or a folder with ``index.html``, or (as GitHub
    Pages, Netlify and Cloudflare Pages serve it) ``<path>.html``.  A broken
    menu entry is an error (it is a dead link on every page, like a broken
    link in Markdown); a form target is a warning, because a host function
    (e.g. Cloudflare Pages Functions) may answer the POST without a file.
    Problems name ``config.file`` and the key's line (0 when the file can no
    longer be read as YAML).
    """
    files = set(published)
    lines = _config_lines(config)
    problems = []
    for index, item in enumerate(config.menu):
        if _is_site_path(item.url) and not _answered(item.url, files):
            problems.append(error(config.file, lines.get(f"menu.{index}.url", 0),
                                  f"menu entry '{item.title}' links to {item.url}, which no page or file of the "
                                  "site answers", "fix the menu url in config.yaml, or add the page"))
    newsletter = config.newsletter
    if newsletter and _is_site_path(newsletter.action_url) and not _answered(newsletter.action_url, files):
        problems.append(warning(config.file, lines.get("newsletter.action_url", 0),
                                f"the newsletter form posts to {newsletter.action_url}, which no file of the site "
                                "answers (a static host rejects the sign-up)",
                                "set newsletter.action_url to the full https:// address of your newsletter "
                                "service, unless your host runs a function at that path"))
    return problems


def _is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def _answered(url: str, files: set[str]) -> bool:
    path = unquote(urlsplit(url).path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html" in files
    return bool({path, path + "/index.html", path + ".html"} & files)


def _config_lines(config: Config) -> dict[str, int]:
    """``{"menu.0.url": line, "newsletter.action_url": line}`` from the config file."""
    try:
        text = (config.root / config.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    root, _ = parse_yaml(text, config.file, 1)
    top = root.value if root and isinstance(root.value, dict) else {}
    lines = {}
    menu = top.get("menu")
    for index, item in enumerate(menu.value if menu and isinstance(menu.value, list) else []):
        url = item.value.get("url") if isinstance(item.value, dict) else None
        lines[f"menu.{index}.url"] = url.line if isinstance(url, Node) else item.line
    newsletter = top.get("newsletter")
    action = newsletter.value.get("action_url") if newsletter and isinstance(newsletter.value, dict) else None
    if isinstance(action, Node):
        lines["newsletter.action_url"] = action.line
    return lines


# --------------------------------------------------------------------------- feed text

def feed_text_problems(articles: Iterable[Entry]) -> list[Problem]:
    """Warnings for characters XML 1.0 forbids (most C0 controls such as
    U+000B, U+FFFE/U+FFFF) in the title, summary, author or a tag of a feed article:
    ``feeds.xml_text`` leaves them out of the feeds (XML 1.0 §2.2, production
    ``Char``), so the editor is told at the key's line."""
    problems = []
    for entry in articles:
        front, at = entry.front, entry.front.lines
        fields = [("title", at.get("title", 1), front.title), ("summary", at.get("summary", 1), front.summary),
                  ("author", at.get("author", 1), front.author),
                  *((f"tag '{_NOT_XML.sub('', t)}'", at.get(f"tags:{t}", at.get("tags", 1)), t) for t in front.tags)]
        for what, line, value in fields:
            bad = sorted(set(_NOT_XML.findall(value or "")))
            if bad:
                names = ", ".join(f"U+{ord(c):04X}" for c in bad)
                one = len(bad) == 1
                problems.append(warning(entry.path, line,
                                        f"{what} contains {names}, {'a character' if one else 'characters'} "
                                        f"feeds cannot carry; the feeds leave {'it' if one else 'them'} out",
                                        "delete it from the front matter (it is invisible in most editors)"))
    return problems


def audit_build(config: Config, theme: Theme, site: Site, published: Iterable[str],
                site_static: Mapping[str, bytes] | None = None) -> list[Problem]:
    """Every check of this module for one build: the theme's static files
    and ``site_static`` (the site's own ``static/`` folder, ``{output path:
    bytes}``) for third-party loads, menu and newsletter targets against
    ``published`` output paths, feed text of ``site``'s feed articles."""
    assets = [(f"themes/{theme.name}/static/{rel}", data) for rel, data in theme.static]
    assets += [(f"static/{rel}", data) for rel, data in (site_static or {}).items()]
    return (asset_problems(assets, allowed_hosts(config)) + site_path_problems(config, published)
            + feed_text_problems(feed_articles(site, config)))
