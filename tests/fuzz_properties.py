"""The rules of the hardening issue, checked on what one build showed (``fuzz_harness.Result``).

``violations(result)`` lists every broken rule: no traceback, exit 0 or 1,
every stderr line a ``path:line: message — hint`` problem (``problems.format_problem``)
or a summary line of ``cli/build.py``'s ``show``, paths relative to the site,
exit 0 ⇒ ``output/index.html``, the build neither hung nor ran out of memory.
``kind(result, found)`` names a failure so that equal failures count once.
"""

from __future__ import annotations

import re

from fuzz_harness import Result

PROBLEM = re.compile(r"^(?:warning: )?(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<message>.+?)(?: — (?P<hint>.+))?$")
SUMMARY = (
    re.compile(r"^build failed: \d+ errors? in config\.yaml; nothing was built$"),
    re.compile(r"^build failed: \d+ errors?, \d+ warnings?; output/ was not changed$"),
    re.compile(r"^warning: removed /\S* — its article was deleted"),
    re.compile(r"^warning: … and \d+ more removed article pages$"),
    # advice summarised per kind (problems_summary, render/imagenotes): a count and the first few places
    re.compile(r"^warning: [^—]*\((?:[\d,]+ in )?[\d,]+ files?: .* and [\d,]+ more\)(?: — .+)?$"),
    re.compile(r"^warning: (?:1 image has|[\d,]+ images have) no .+; first: .+$"),
)
ROOTS = ("content/", "config.yaml", "themes/", "data/")


def line_problem(line: str) -> str:
    """Why one stderr ``line`` is neither a problem line nor a summary line ("" when it is fine)."""
    if any(p.match(line) for p in SUMMARY):
        return ""
    if line.startswith("internal error"):
        return "a line starts with 'internal error'"
    m = PROBLEM.match(line)
    if not m:
        return "not a 'path:line: message — hint' line"
    path = m["path"]
    if not path.startswith(ROOTS) or ".." in path.split("/") or "\\" in path:
        return f"path '{path[:60]}' is not relative to the site (content/…, config.yaml, themes/…, data/…)"
    if m["line"] is None or int(m["line"]) < 1:
        return "no line number (path:line:)"
    if not m["hint"]:
        return "no hint after ' — '"
    return ""


def violations(result: Result, codes: frozenset[int] = frozenset({0, 1})) -> list[str]:
    """Every rule ``result`` breaks, one readable string each (empty: all fine)."""
    found = []
    if result.died:
        found.append(f"the build died: {result.died}")
        return found
    if "Traceback (most recent call last)" in result.err or "Traceback" in result.out:
        found.append("a Traceback was printed")
    if result.code not in codes:
        found.append(f"exit code {result.code} (expected one of {sorted(codes)})")
    if result.code == 0 and not result.index:
        found.append("exit 0 but output/index.html does not exist")
    if result.code == 1 and not result.err.strip():
        found.append("exit 1 with nothing on stderr")
    if "Traceback" not in result.err:
        for line in result.err.splitlines():
            why = line_problem(line)
            if why:
                found.append(f"stderr: {why}: {line[:200]!r}")
    return found


_MASK = re.compile(r"'[^']*'|\"[^\"]*\"|#x[0-9a-fA-F]+|\d+")


def kind(result: Result, found: list[str]) -> str:
    """A short name of the failure, equal for equal causes (quoted parts and
    numbers masked; for tracebacks the exception and its innermost sitegen frame)."""
    if result.died:
        frame = _innermost(result.dump)
        return f"died: {_MASK.sub('N', result.died)}" + (f" in {frame}" if frame else "")
    if "Traceback (most recent call last)" in result.err:
        tail = [ln for ln in result.err.splitlines() if ln.strip()]
        exc = next((ln for ln in reversed(tail) if re.match(r"^[\w.]+(Error|Exception|Warning|Interrupt)\b", ln)),
                   tail[-1] if tail else "")
        return f"traceback: {exc.split(':')[0]} in {_innermost(result.err)}"
    lines = line_kinds(result.err)
    return lines[0] if lines else _MASK.sub("N", found[0])


def line_kinds(err: str) -> list[str]:
    """The kind of every stderr line that breaks the format, each once, in order."""
    found = []
    for line in err.splitlines():
        why = line_problem(line)
        if why:
            m = PROBLEM.match(line)
            shape = line.replace(m["path"], "PATH", 1) if m else line
            name = f"stderr {_MASK.sub('N', why)}: {_MASK.sub('N', shape)[:100]}"
            found += [name] if name not in found else []
    return found


def _innermost(text: str) -> str:
    """``file:function`` of the last ``sitegen`` frame in a traceback or faulthandler dump."""
    frames = re.findall(r'File "([^"]*sitegen/[^"]+)", line \d+,? in (\w+)', text)
    return f"{frames[-1][0].split('sitegen/')[-1]}:{frames[-1][1]}" if frames else ""
