"""The ``check:`` keys of ``config.yaml`` (read here, beside the build's own
config reading, since only ``build.py check`` uses them)::

    check:
      external_cache_hours: 24   # answers kept in .cache/ (0: ask every time)
      external_limit: 2000       # external URLs checked at most per run
      external_timeout: 10       # seconds to connect and for each read
      per_host: 2                # requests at once to one host
      per_second: 2              # request starts per second to one host
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.config import yamltext
from sitegen.config.reader import Reader
from sitegen.problems import Problem, error

MAX_CONFIG_BYTES = 1 << 20  # a config file is a few KB; a larger one is not read for its check: keys
KEYS = {"external_cache_hours", "external_limit", "external_timeout", "per_host", "per_second"}


@dataclass(frozen=True)
class CheckSettings:
    """``cache_hours`` (0–8760), ``limit`` URLs per run (1–100,000),
    ``timeout`` seconds (1–120), ``per_host`` concurrent requests (1–8),
    ``per_second`` request starts per host (1–50)."""

    cache_hours: int = 24
    limit: int = 2000
    timeout: int = 10
    per_host: int = 2
    per_second: int = 2


def load_check_settings(path: Path) -> tuple[CheckSettings, list[Problem]]:
    """The ``check:`` settings of the config at ``path`` and their problems
    (``path:line``).  The file was already read and checked by the build, so
    a file that cannot be parsed here gives the defaults; raises ``OSError``
    only when it cannot be read."""
    raw = path.read_bytes()
    if len(raw) > MAX_CONFIG_BYTES:
        return CheckSettings(), [error(path.name, 1, "the file is larger than 1 MB, too large to read its check: keys",
                                       "check that it is the site's config file")]
    text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    root, problems = yamltext.parse_yaml(text, path.name, 1)
    if problems or root is None or not isinstance(root.value, dict):
        return CheckSettings(), []
    found: list[Problem] = []
    r = Reader(path.name, found)
    keys = r.mapping(root.value.get("check"), "check", KEYS)
    return CheckSettings(
        cache_hours=r.integer(keys.get("external_cache_hours"), "check.external_cache_hours", 24, maximum=8760),
        limit=r.integer(keys.get("external_limit"), "check.external_limit", 2000, minimum=1, maximum=100_000),
        timeout=r.integer(keys.get("external_timeout"), "check.external_timeout", 10, minimum=1, maximum=120),
        per_host=r.integer(keys.get("per_host"), "check.per_host", 2, minimum=1, maximum=8),
        per_second=r.integer(keys.get("per_second"), "check.per_second", 2, minimum=1, maximum=50),
    ), found
