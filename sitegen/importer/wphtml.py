"""WordPress post HTML → Markdown, with markdownify (a well-kept converter).

Before converting: WordPress's ``wpautop`` is applied in a simple form
(blank lines separate paragraphs, a single line break is a ``<br>``, as the
theme shows it), the ``<!--more-->`` teaser break is kept as
``<!-- more -->``, ``[caption]`` wrappers are removed (the image and its
caption text stay), ``[embed]``/``[youtube]`` and bare YouTube URLs on their
own line become plain links (no embed: no third-party load before consent).
Gutenberg block comments disappear with all other HTML comments.  Other
shortcodes stay as text and are listed by the report.
"""

from __future__ import annotations

import re

from markdownify import markdownify

from sitegen.importer.tags import VIDEO_TEXT

MORE_TOKEN = "WPIMPORTMOREBREAK"
_MORE = re.compile(r"<!--\s*more\s*(?:[^>]*?)-->")
_BLOCK = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|table|blockquote|pre|figure|hr|!--|iframe|dl|section)\b", re.I)
_GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*?-->")
_CAPTION = re.compile(r"\[/?caption[^\]]*\]")
_EMBED = re.compile(r"\[(?:embed|youtube)[^\]]*\]\s*(https?://\S+?)\s*\[/(?:embed|youtube)\]"
                    r"|^\s*(https?://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/)[\w-]+)\s*$", re.M)
_YOUTUBE_ID = re.compile(r"(?:v=|youtu\.be/)([\w-]{6,20})")


def to_markdown(html: str) -> str:
    """One post's ``content:encoded`` → Markdown (str → str)."""
    html = _GUTENBERG.sub("", _MORE.sub(f"\n\n{MORE_TOKEN}\n\n", html))
    html = _CAPTION.sub("", html)
    html = _EMBED.sub(_video, html)
    text = markdownify(_autop(html), heading_style="ATX", bullets="-", code_language="",
                       escape_underscores=False, escape_asterisks=False)
    text = text.replace(MORE_TOKEN, "<!-- more -->")
    text = re.sub(r"^[ \t]+$", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _video(match: re.Match) -> str:
    url = match.group(1) or match.group(2)
    found = _YOUTUBE_ID.search(url)
    if found:
        url = f"https://www.youtube.com/watch?v={found.group(1)}"
    return f'<p><a href="{url}">{VIDEO_TEXT if found else url}</a></p>'


def _autop(html: str) -> str:
    """WordPress's ``wpautop`` as far as Markdown needs it."""
    chunks = re.split(r"\n\s*\n", html.replace("\r\n", "\n"))
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _BLOCK.match(chunk) or chunk.strip() == MORE_TOKEN:
            out.append(chunk)
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n\n".join(out)
