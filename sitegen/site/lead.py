"""The home page's lead story: the article shown big, with picture and teaser, above the list.

Rules, in this order (as a news home page picks its top story):

1. the newest article with ``featured: true`` (the editor's choice wins,
   even without a picture or when it is an "Anzeige": it keeps its badge);
2. else the newest article that is not ``sponsored`` and has a lead picture
   (``image:``);
3. else none: the home page is the plain list.

"Newest" is the site's article order (``site.model``: newest first, the
order of every list), so a scheduled article counts only once it is shown.
"""

from __future__ import annotations

from typing import Iterable

from sitegen.content.entry import Entry


def choose_lead(articles: Iterable[Entry]) -> Entry | None:
    """The lead article of ``articles`` (newest first) by the rules above, or None."""
    articles = tuple(articles)
    featured = next((a for a in articles if a.front.featured), None)
    if featured is not None:
        return featured
    return next((a for a in articles if a.front.image and not a.front.sponsored), None)
