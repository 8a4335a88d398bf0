"""Links to a part of an imported post that the post does not have.

Old sites link to anchors their theme made (``#comment-799781196`` of a
comment system, ``#more-123`` of WordPress) or to headings whose ids came
out differently there.  The build stops on a link to a heading that does not
exist, so after converting, each ``.md#part`` link (and ``#part`` on the same
page) between imported posts is checked against the headings the build will
give the target (``content.markdown.render_markdown``), footnotes and the
theme's own ids (``site.links``); a part that is not there is dropped (the
link goes to the post's top) and listed in the report.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from urllib.parse import unquote

from sitegen.content.markdown import RESERVED_IDS, render_markdown
from sitegen.importer.mapping import Note
from sitegen.site.links import FOOTNOTE_IDS

_FRAGMENT = re.compile(r"(\]\(<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?|\bhref=\")([^)\s\"<>#]*)#([^)\s\"<>]+)", re.M)
KIND = "links to a part of an imported post that it does not have now go to its top"


def fix_fragments(outputs: list) -> list:
    """``outputs`` (``convert.Output``) with every link to a missing part of an
    imported post pointed at the post itself; each change is a report note."""
    by_out = {output.item.out: output for output in outputs}
    ids: dict[str, set[str]] = {}
    fixed = []
    for output in outputs:
        here = output.item.out
        missing: list[str] = []

        def check(match: re.Match) -> str:
            path, part = match.group(2), match.group(3)
            target = here if not path else posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(path)))
            if target not in by_out or _has(ids, target, by_out[target].text, unquote(part)):
                return match.group(0)
            missing.append(part)
            return match.group(1) + (path or posixpath.basename(here))

        text = _FRAGMENT.sub(check, output.text)
        if missing:
            shown = ", ".join(f"#{part}" for part in list(dict.fromkeys(missing))[:3])
            output.item.notes.append(Note(1, KIND, f"links to parts not found ({shown}) now go to the post's top"))
            output = replace(output, text=text)
        fixed.append(output)
    return fixed


def _has(ids: dict[str, set[str]], target: str, text: str, part: str) -> bool:
    if part in RESERVED_IDS or FOOTNOTE_IDS.match(part):
        return True
    if target not in ids:
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else text
        ids[target] = {heading.id for heading in render_markdown(body).headings}
    return part in ids[target]
