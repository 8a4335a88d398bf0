"""Template tags in bodies whose meaning is clear, converted to Markdown.

``{% highlight lang %}…{% endhighlight %}`` and Hexo ``{% codeblock %}`` and
Hugo ``{{< highlight lang >}}`` → fenced code; ``{% raw %}`` markers dropped
(their content is literal); ``{{ site.url }}``/``{{ site.baseurl }}`` → the
site root, ``{{ '/x/' | relative_url }}`` → ``/x/``; YouTube, Vimeo, gist and tweet embeds → a plain link (no
embed: no third-party load before consent); figure/img shortcodes → Markdown images.  Tags that link to
other posts are handled in ``links``; every other tag stays as written and
is listed by ``leftover_tags``.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^(```|~~~)")
_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\s+([\w+#.-]*)[^%]*?-?%\}\n?(.*?)\n?[ \t]*\{%-?\s*endhighlight\s*-?%\}"
    r"|\{\{[<%]\s*highlight\s+([\w+#.-]*)[^>%]*[>%]\}\}\n?(.*?)\n?[ \t]*\{\{[<%]\s*/highlight\s*[>%]\}\}", re.DOTALL)
_CODEBLOCK = re.compile(r"\{%\s*codeblock\b([^%]*)%\}\n?(.*?)\n?[ \t]*\{%\s*endcodeblock\s*%\}", re.DOTALL)
_RAW = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")
_SITE_URL = re.compile(r"\{\{-?\s*site\.(url|baseurl)\s*-?\}\}(\s*\{\{-?\s*site\.baseurl\s*-?\}\})?")
_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\((?=<?https?://)")
_REMOTE_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?https?://", re.M)
_REF_IMAGE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_URL_FILTER = re.compile(r"\{\{-?\s*[\"']([^\"'{}]+)[\"']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}")
_YOUTUBE = re.compile(r"\{\{[<%]\s*youtube\s+(?:id=)?\"?([\w-]{6,20})\"?[^>%]*[>%]\}\}"
                      r"|\{%\s*youtube\s+([\w-]{6,20})[^%]*%\}")
_VIMEO = re.compile(r"\{\{[<%]\s*vimeo\s+(?:id=)?\"?(\d{5,12})\"?[^>%]*[>%]\}\}|\{%\s*vimeo\s+(\d{5,12})\s*%\}")
_GIST = re.compile(r"\{\{[<%]\s*gist\s+\"?([\w-]{1,39})\"?\s+\"?([0-9a-f]{6,40})\"?[^>%]*[>%]\}\}"
                   r"|\{%\s*gist\s+(?:([\w-]{1,39})/)?([0-9a-f]{6,40})[^%]*%\}")
_TWEET = re.compile(r"\{\{[<%]\s*tweet\s+(?:user=\"?([\w]{1,15})\"?\s+)?(?:id=)?\"?(\d{5,25})\"?\s*[>%]\}\}")
_SHORT_IMAGE = re.compile(r"\{\{[<%]\s*(?:figure|img|image)\s+([^>%]*?)\s*/?[>%]\}\}")
_HEXO_IMG = re.compile(r"\{%\s*img\s+([^%]*?)\s*%\}")
_ATTR = re.compile(r'(\w+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
LEFTOVER = re.compile(r"\{%(?:(?!%\}).){0,300}?%\}|\{\{[<%](?:(?![>%]\}\}).){0,300}?[>%]\}\}"  # may wrap lines
                      r"|\{\{[^\n]*?\}\}"
                      r"|\[/?(?:gallery|embed|video|audio|playlist|caption|contact-form[\w-]*)\b[^\]\n]*\]", re.S)
VIDEO_TEXT = "Video auf YouTube ansehen"


def convert_blocks(body: str) -> str:
    """Highlight and codeblock tags → fenced code; raw markers dropped (whole body)."""
    def fence(lang: str, code: str) -> str:
        ticks = "````" if "```" in code else "```"
        return f"{ticks}{lang}\n{code.rstrip()}\n{ticks}"
    body = _HIGHLIGHT.sub(lambda m: fence(m.group(1) or m.group(3) or "", m.group(2) or m.group(4) or ""), body)
    body = _CODEBLOCK.sub(lambda m: fence(_codeblock_lang(m.group(1)), m.group(2)), body)
    return _RAW.sub("", body)


def _codeblock_lang(args: str) -> str:
    match = re.search(r"\blang:([\w+#.-]+)", args)
    return match.group(1) if match else ""


_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)


def convert_inline(text: str) -> str:
    """Site URL variables, video, gist, tweet and image shortcodes in prose
    (not in code: fenced blocks are split off by the caller, inline code spans kept here)."""
    pieces, at = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces += [_convert_prose(text[at:span.start()]), span.group(0)]
        at = span.end()
    return "".join(pieces) + _convert_prose(text[at:])


def _convert_prose(text: str) -> str:
    text = _URL_FILTER.sub(lambda m: m.group(1), _SITE_URL.sub("", text))
    text = _YOUTUBE.sub(lambda m: f"[{VIDEO_TEXT}](https://www.youtube.com/watch?v={m.group(1) or m.group(2)})", text)
    text = _VIMEO.sub(lambda m: f"[Video auf Vimeo ansehen](https://vimeo.com/{m.group(1) or m.group(2)})", text)
    text = _GIST.sub(lambda m: _gist(m.group(1) or m.group(3), m.group(2) or m.group(4)), text)
    text = _TWEET.sub(lambda m: f"[Beitrag auf X ansehen](https://x.com/{m.group(1) or 'i'}/status/{m.group(2)})", text)
    text = _SHORT_IMAGE.sub(lambda m: _image(_attrs(m.group(1))), text)
    return _HEXO_IMG.sub(lambda m: _hexo_image(m.group(1)) or m.group(0), text)


def remote_images_to_links(text: str) -> str:
    """``![alt](https://…)`` → ``[Bild: alt](https://…)``: the site loads nothing from other
    hosts (privacy), so a remote picture becomes a link to it."""
    return _REMOTE_IMAGE.sub(lambda m: f"[Bild: {m.group(1)}](" if m.group(1) else "[Bild](", text)


def remote_ref_images_to_links(text: str) -> str:
    """``![alt][ref]`` whose ``[ref]: https://…`` is on another host → ``[Bild: alt][ref]`` (whole body)."""
    remote = {m.group(1).lower() for m in _REMOTE_DEF.finditer(text)}
    return _REF_IMAGE.sub(lambda m: (f"[Bild: {m.group(1)}][{m.group(2)}]" if (m.group(2) or m.group(1)).lower()
                                     in remote else m.group(0)), text)


def _gist(user: str | None, gist_id: str) -> str:
    """A gist embed → a link to the gist (the page loads nothing from GitHub)."""
    return f"[Code auf GitHub ansehen](https://gist.github.com/{user + '/' if user else ''}{gist_id})"


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(text)}


def _image(attrs: dict[str, str]) -> str:
    src = attrs.get("src", "")
    if not src:
        return ""
    alt = attrs.get("alt") or ""
    caption = attrs.get("caption") or attrs.get("title") or ""
    image = f"![{_escape(alt)}]({src})"
    return f"{image}\n*{caption.strip()}*" if caption.strip() else image


def _hexo_image(args: str) -> str:
    """``{% img [class] /path [w [h]] ["title" ["alt"]] %}`` → ``![alt](/path)``."""
    quoted = re.findall(r"\"([^\"]*)\"|'([^']*)'", args)
    plain = re.sub(r"\"[^\"]*\"|'[^']*'", "", args).split()
    src = next((p for p in plain if "/" in p or "." in p), "")
    texts = [a or b for a, b in quoted]
    alt = texts[1] if len(texts) > 1 else (texts[0] if texts else "")
    return f"![{_escape(alt)}]({src})" if src else ""


def _escape(alt: str) -> str:
    return alt.replace("[", "\\[").replace("]", "\\]")


def prose_parts(body: str) -> list[tuple[bool, str]]:
    """Split ``body`` into ``(is_code, text)`` runs at fenced code blocks (``` and ~~~)."""
    parts: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = ""
    for line in body.split("\n"):
        opener = FENCE.match(line.lstrip())
        if not fence and opener:
            if current:
                parts.append((False, "\n".join(current)))
            current, fence = [line], line.lstrip()[:3]
        elif fence and line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
            current.append(line)
            parts.append((True, "\n".join(current)))
            current, fence = [], ""
        else:
            current.append(line)
    if current or not parts:
        parts.append((bool(fence), "\n".join(current)))
    return parts


def join_parts(parts: list[tuple[bool, str]]) -> str:
    """Inverse of ``prose_parts`` (runs joined with newlines, empty runs kept)."""
    return "\n".join(text for _, text in parts)


def leftover_tags(text: str) -> list[tuple[int, str]]:
    """``(0-based line, tag)`` for each template tag left in ``text`` outside code; a tag
    wrapped over lines is found at its first line, shown on one line."""
    found, line = [], 0
    for is_code, part in prose_parts(text):
        if not is_code:
            found.extend((line + part.count("\n", 0, m.start()), " ".join(m.group(0).split()))
                         for m in LEFTOVER.finditer(part))
        line += part.count("\n") + 1
    return found
