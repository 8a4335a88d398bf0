"""The icons every page links in ``<head>``, and the publisher logo's URL.

``favicon``/``touch_icon`` from config (files below the site's ``static/``,
see ``config/icons.py``) win; else the theme's ``favicon.svg`` (and an
``apple-touch-icon.png`` if a theme ships one), fingerprinted under
``/assets/``, so no page view asks for a missing ``/favicon.ico``.  The
default theme ships no PNG: the touch icon comes from the config.  ``seo.logo`` is a theme static
path; JSON-LD needs the absolute URL of the file as published (its
fingerprinted name), not of the name as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sitegen.config.icons import icon_type
from sitegen.config.settings import Config
from sitegen.site.urls import absolute_url, join_base

THEME_FAVICON = "favicon.svg"
THEME_TOUCH_ICON = "apple-touch-icon.png"


@dataclass(frozen=True)
class Icons:
    """Root-relative URLs of the favicon and touch icon ("" for none), and the favicon's MIME type."""

    favicon: str = ""
    favicon_type: str = ""
    touch_icon: str = ""


def site_icons(config: Config, asset_names: Mapping[str, str]) -> Icons:
    """The ``Icons`` of the site: config's files below ``static/`` first, then
    the theme's (``asset_names`` maps a theme static path to its published
    URL); "" where neither exists (a theme without icons)."""
    favicon = _site_file(config, config.favicon) or asset_names.get(THEME_FAVICON, "")
    kind = icon_type(config.favicon or THEME_FAVICON) if favicon else ""
    touch = _site_file(config, config.touch_icon) or asset_names.get(THEME_TOUCH_ICON, "")
    return Icons(favicon, kind, touch)


def _site_file(config: Config, path: str) -> str:
    """``static/favicon.svg`` → its URL ``/favicon.svg`` (below the base path); "" for ""."""
    return join_base(config, path.split("/", 1)[1]) if path else ""


def logo_url(config: Config, asset_names: Mapping[str, str]) -> str:
    """The absolute URL of ``seo.logo`` as published, "" when unset or not a theme static file."""
    logo = config.publishing.logo.lstrip("/")
    return absolute_url(config, asset_names[logo]) if logo in asset_names else ""
