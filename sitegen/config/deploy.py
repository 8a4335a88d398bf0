"""``deploy.host``: which static host serves the output, so the build writes
the files that host reads (see README, "Sitemaps and host files").

netlify, cloudflare: ``_headers``; apache: ``.htaccess``; github: neither
(GitHub Pages reads no header file, only ``CNAME`` and ``.nojekyll``); s3:
neither (S3 takes headers as object metadata at upload).  No key: ``_headers``,
as before ``deploy.host`` existed.
"""

from __future__ import annotations

from sitegen.config.reader import Reader, shown
from sitegen.config.yamltext import Node

HOSTS = ("apache", "cloudflare", "github", "netlify", "s3")
MAX_HOST_CHARS = 40  # longer text is cut in the message (``shown``)


def host(r: Reader, node: Node | None) -> str:
    """The lower-cased host name from ``HOSTS``, ``""`` when absent; an error
    (and ``""``) for any other value."""
    text = r.text(node, "deploy.host", "", example="netlify")
    if node is None or not isinstance(node.value, str) or not text.strip():
        return ""
    name = text.strip().lower()
    if name in HOSTS:
        return name
    r.error(node.line, f"deploy.host {shown(text, MAX_HOST_CHARS)} is not a known host",
            f"use one of {', '.join(HOSTS)}")
    return ""
