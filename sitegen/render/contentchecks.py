"""Warnings about what search engines and readers miss, found at build time.

* an article with no picture at all (no ``image:`` and no
  ``seo.default_image``): no ``og:image``, no JSON-LD ``image`` — Google shows
  articles as rich results only with an image (Google Search Central,
  "Article structured data": ``image`` is needed for the rich result).  Only
  for a site that set up its structured data (``seo.publisher`` or
  ``seo.logo``): a small site without ``seo:`` is not nagged;
* ``seo.logo`` that is not a file of the theme's ``static/`` folder (the
  publisher logo is then left out of the JSON-LD, never a link to nothing);
* (the body checks of ``content/a11ycheck`` run when a file is parsed.)

``warning_kind`` tells ``problems_summary.summarise`` which warnings to sum up.
"""

from __future__ import annotations

from typing import Mapping

from sitegen.config.settings import Config
from sitegen.problems import Problem, warning
from sitegen.content import a11ycheck
from sitegen.site.model import Site

NO_IMAGE_KIND = "articles without any image for rich results"
NO_IMAGE_MESSAGE = "the article has no image for search results and link previews"
NO_IMAGE_HINT = ("set image: (with image_alt:) in its front matter, or seo.default_image in the config: "
                 "Google shows an article as a rich result only with an image")


def content_warnings(site: Site, config: Config, default_image: str,
                     asset_names: Mapping[str, str]) -> list[Problem]:
    """Every warning of this module for the shown ``site``; ``default_image``
    is the published ``seo.default_image`` URL ("" = none) and ``asset_names``
    the theme's static files (``media.static_files``)."""
    wants_rich_results = bool(config.publishing.publisher or config.publishing.logo)
    problems = [] if default_image or not wants_rich_results else [
        warning(a.path, a.front.lines.get("title", 1), NO_IMAGE_MESSAGE, NO_IMAGE_HINT)
        for a in site.articles if not a.front.image]
    logo = config.publishing.logo
    if logo and logo.lstrip("/") not in asset_names:
        problems.append(warning(config.file, config.line_of("seo.logo"),
                                f"seo.logo '{logo}' is not a file of themes/{config.theme}/static/",
                                "put the logo there (e.g. static/img/logo.png → seo: {logo: img/logo.png}); "
                                "until then the structured data names no publisher logo"))
    return problems


def warning_kind(problem: Problem) -> str | None:
    """The summary kind of a warning of this module or ``a11ycheck``, else None."""
    if problem.message == NO_IMAGE_MESSAGE:
        return NO_IMAGE_KIND
    return a11ycheck.kind_of(problem)
