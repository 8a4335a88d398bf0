"""Structured data for search engines: JSON-LD ``NewsArticle`` (schema.org).

The JSON is embedded in ``<script type="application/ld+json">``; ``<``, ``>``
and ``&`` are written as ``\\u003c`` … so a title containing ``</script>``
cannot end the script element (HTML 5.2, "restrictions for contents of
script elements").  ``headline`` is the visible ``h1`` text.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from sitegen.config.settings import Config
from sitegen.render.authors import author_json_ld


def _safe_json(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def news_article(article, page, config: Config, logo: str = "") -> Markup:
    """JSON-LD of one article view (``views.ArticleView``) with its ``PageMeta``.

    Dates are ISO 8601 with offset (or the bare date); ``image`` is absolute;
    ``publisher`` comes from ``seo.publisher`` in config, its ``logo`` is
    the absolute URL of ``seo.logo`` as published (``render/icons.logo_url``; "" = none).
    """
    publisher = config.publishing.publisher or config.title
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.datetime,
        "dateModified": article.updated_datetime or article.datetime,
        "mainEntityOfPage": page.canonical,
        "url": page.canonical,
        "author": author_json_ld(article.bylines, article.author, config),  # render/authors.py
        "publisher": {"@type": "Organization", "name": publisher},
        "inLanguage": config.language_tag,
    }
    if logo:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": logo}
    if page.image:
        data["image"] = [image_object(page.image, article.image)]
    if page.description:
        data["description"] = page.description
    return _safe_json(data)


def image_object(url: str, view) -> str | dict:
    """JSON-LD ``image``: the URL, or an ``ImageObject`` with ``creditText``
    and ``copyrightNotice`` when the lead image ``view`` has a credit
    (schema.org ImageObject; Google's image metadata guidelines)."""
    if view is None or not view.credit:
        return url
    data = {"@type": "ImageObject", "url": url, "creditText": view.credit, "copyrightNotice": view.credit}
    if view.caption:
        data["caption"] = view.caption
    return data
