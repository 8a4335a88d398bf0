"""The German slug rule, used for article, page and tag slugs and heading ids.

Rule: NFC-normalise; ä→ae, ö→oe, ü→ue, ß and ẞ→ss (German transliteration as
in DIN 5007-2); other letters transliterated to ASCII by python-slugify
(text-unidecode); lowercase; runs of anything but ``a-z0-9`` become one ``-``;
at most 80 characters, cut at a word boundary.
"""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

MAX_LENGTH = 80
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")

_GERMAN = [
    ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"],
    ["ä", "ae"], ["ö", "oe"], ["ü", "ue"],
    ["ß", "ss"], ["ẞ", "SS"], ["§", " "],
]


def slugify(text: str) -> str:
    """Return the slug of ``text`` (``str`` → ``str``, may be empty).

    >>> slugify("Börsen-Ärger: Ölpreis überrascht")
    'boersen-aerger-oelpreis-ueberrascht'
    """
    text = unicodedata.normalize("NFC", text)
    # python-slugify drops a comma between digits (English thousands separator);
    # in German it is the decimal comma: "2,4 Prozent" must not become "24-prozent".
    text = _DECIMAL_COMMA.sub("-", text)
    return _slugify(text, replacements=_GERMAN, max_length=MAX_LENGTH, word_boundary=True)


def is_valid_slug(slug: str) -> bool:
    """True when ``slug`` is non-empty and already follows the slug rule."""
    return bool(slug) and slugify(slug) == slug


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… whichever is not in ``taken``.

    Adds the result to ``taken`` (the caller's set for one page).
    """
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
