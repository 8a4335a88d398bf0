"""Which generator an archive comes from, and the settings the import needs.

Detection (first match wins): a ``.xml`` file → WordPress; ``pelicanconf.py``
→ Pelican; ``source/_posts`` or a ``_config.yml`` with Hexo keys
(``new_post_name``, ``source_dir``, ``hexo``) → Hexo; ``_posts/`` or
``_config.yml`` → Jekyll; ``config.toml``/``hugo.toml``/``hugo.yaml``/
``config.yaml`` (also below ``config/_default/``) or ``content/`` → Hugo.  The config is read as data only
(Pelican's Python file with a regular expression, never executed).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sitegen.importer.when import BERLIN

KINDS = ("jekyll", "hugo", "hexo", "pelican", "wordpress")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml",
                "config/_default/hugo.toml", "config/_default/config.toml", "config/_default/hugo.yaml",
                "config/_default/config.yaml")
MAX_CONFIG_BYTES = 1_000_000
_PELICAN_SETTING = re.compile(r"^([A-Z_]+)\s*=\s*(['\"])(.*?)\2\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Archive:
    """An archive to import: ``root`` folder (WordPress: the ``--uploads`` folder or None), ``kind``,
    ``settings`` (the source config as plain data), ``zone`` for naive times."""

    root: Path | None
    kind: str
    settings: dict[str, Any] = field(default_factory=dict)
    zone: ZoneInfo = BERLIN


class DetectError(ValueError):
    """The archive's kind cannot be told, or its config cannot be read."""


def detect_kind(source: Path) -> str | None:
    """The generator that made ``source`` (one of ``KINDS``), or None."""
    if source.is_file():
        return "wordpress" if source.suffix.lower() == ".xml" else None
    has = lambda name: (source / name).exists()  # noqa: E731
    if has("pelicanconf.py"):
        return "pelican"
    if has("source/_posts") or (has("_config.yml") and _is_hexo(source / "_config.yml")):
        return "hexo"
    if has("_posts") or has("_config.yml"):
        return "jekyll"
    if any(has(name) for name in HUGO_CONFIGS) or has("content"):
        return "hugo"
    return None


def load_archive(source: Path, kind: str) -> Archive:
    """Read ``source``'s settings for ``kind``; raises ``DetectError``."""
    if kind == "wordpress":
        return Archive(source, kind)
    settings = _settings(source, kind)
    return Archive(source, kind, settings, _zone(settings, kind))


def _is_hexo(config: Path) -> bool:
    text = _small_text(config)
    return bool(re.search(r"^(new_post_name|source_dir|public_dir|hexo)\s*:", text, re.MULTILINE))


def _settings(root: Path, kind: str) -> dict[str, Any]:
    if kind in ("jekyll", "hexo"):
        return _yaml_file(root / "_config.yml")
    if kind == "pelican":
        text = _small_text(root / "pelicanconf.py")
        return {m.group(1): m.group(3) for m in _PELICAN_SETTING.finditer(text)}
    for name in HUGO_CONFIGS:
        path = root / name
        if path.is_file():
            if name.endswith(".toml"):
                try:
                    return tomllib.loads(_small_text(path))
                except tomllib.TOMLDecodeError as exc:
                    raise DetectError(f"{name}: the config is not valid TOML: {exc}") from None
            return _yaml_file(path)
    return {}


def _yaml_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.load(_small_text(path), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as exc:
        raise DetectError(f"{path.name}: the config is not valid YAML: {str(exc).splitlines()[0]}") from None
    return data if isinstance(data, dict) else {}


def _small_text(path: Path) -> str:
    if not path.is_file() or path.is_symlink():
        return ""
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise DetectError(f"{path.name}: the config is larger than 1 MB")
    return path.read_bytes().decode("utf-8", errors="replace")


def _zone(settings: dict[str, Any], kind: str) -> ZoneInfo:
    name = {"jekyll": "timezone", "hexo": "timezone", "hugo": "timeZone", "pelican": "TIMEZONE"}.get(kind, "")
    value = settings.get(name) or settings.get(name.lower())
    if not isinstance(value, str) or not value.strip():
        return BERLIN
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise DetectError(f"the source config's time zone '{value}' is unknown") from None


def site_permalink(site: Path) -> str:
    """Our site's article permalink pattern (``permalinks: article:`` in its
    config.yaml, default ``/news/{slug}/``); the build checks the value itself."""
    try:
        data = _yaml_file(site / "config.yaml")
    except DetectError:
        data = {}
    perma = data.get("permalinks") if isinstance(data, dict) else None
    value = perma.get("article") if isinstance(perma, dict) else None
    return value if isinstance(value, str) and "{slug}" in value else "/news/{slug}/"
