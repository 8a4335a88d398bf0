"""The external http(s) links of the articles and pages a build shows, with
the file line of each (the first line when a file links a URL twice)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.content.entry import parse_entry
from sitegen.content.reading import read_source
from sitegen.content.sources import scan_sources
from sitegen.site.visibility import Visibility, visible

MAX_URL_CHARS = 2000  # longer URLs are reported, not asked (browsers and servers refuse them anyway)


@dataclass(frozen=True)
class Place:
    """Where a link stands: ``path`` relative to the site folder, 1-based ``line``."""

    path: str
    line: int


def external_links(config, rules: Visibility, render) -> dict[str, list[Place]]:
    """``{url: [places in path, line order]}`` for every http(s) link of the
    entries ``rules`` show, URLs sorted.  ``render`` is the Markdown stage
    (``store.markdown.MarkdownCache.render`` reuses the build's work).
    Files that do not parse are skipped: the build reported them."""
    entries = []
    for found in scan_sources(config.root):
        try:
            source, _ = read_source(config.root, found.path, found.kind)
        except OSError:
            continue
        entry = source and parse_entry(source, config.zone, config.allow_html, render)[0]
        if entry is not None:
            entries.append(entry)
    links: dict[str, list[Place]] = {}
    for entry in visible(entries, rules):
        seen = set()
        for link in entry.body.links:
            if is_web(link.target) and link.target not in seen:
                seen.add(link.target)
                links.setdefault(link.target, []).append(Place(entry.path, entry.body_line + link.line))
    return {url: sorted(places, key=lambda p: (p.path, p.line)) for url, places in sorted(links.items())}


def is_web(target: str) -> bool:
    """True for an absolute http:// or https:// URL with a host."""
    try:
        parts = urlsplit(target)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False
