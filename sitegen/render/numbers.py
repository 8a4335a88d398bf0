"""Numbers, money and percentages in the site's language (Babel, CLDR data).

The template filters ``zahl``, ``waehrung`` and ``prozent`` and the data
tables and charts (``content/datablocks.py``, ``render/charts.py``) format
through here, so a page never mixes styles.  With ``language: de``:
``1234.5|zahl(2)`` → ``1.234,50``; ``1234.5|waehrung('EUR')`` →
``1.234,50 €``; ``3.5|prozent(1)`` → ``3,5 %`` (the value is in percent, as
in Hugo's ``lang.FormatPercent``).  Babel puts a no-break space (U+00A0)
between number and sign, as CLDR's German patterns say, so ``€`` and ``%``
never start a line.  Rounding is half-even on ``Decimal`` values (CLDR's
default), the same on every machine.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import jinja2
from babel.numbers import format_currency, format_decimal, format_percent

MAX_DIGITS = 10  # decimal places a template may ask for


class NumberError(ValueError):
    """A value that is not a number, or a bad number of digits (message in English)."""


def to_decimal(value: object) -> Decimal:
    """``value`` (int, float, Decimal or text with ``.`` decimals) as a finite ``Decimal``.

    Raises ``NumberError`` for text that is no number, booleans, NaN and infinity.
    """
    if isinstance(value, bool):
        raise NumberError(f"'{value}' is not a number")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise NumberError(f"'{str(value)[:40]}' is not a number") from None
    if not number.is_finite():
        raise NumberError(f"'{value}' is not a finite number")
    return number


def _digits(digits: int) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= MAX_DIGITS:
        raise NumberError(f"digits must be a whole number from 0 to {MAX_DIGITS}, not {digits!r}")
    return digits


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def number(value: object, digits: int = 0, language: str = "de") -> str:
    """``value`` with ``digits`` decimal places and grouping: ``1.234,56`` (de).

    Raises ``NumberError`` (see ``to_decimal``; digits 0–``MAX_DIGITS``).
    """
    digits = _digits(digits)
    return format_decimal(to_decimal(value), format=_pattern(digits), locale=language,
                          decimal_quantization=True)


def currency(value: object, code: str = "EUR", language: str = "de", digits: int = 2) -> str:
    """``value`` as money in ISO 4217 ``code``: ``1.234,56 €`` (de), ``€1,234.56`` (en).

    Raises ``NumberError`` for a bad value or a code that is not three letters.
    """
    if not isinstance(code, str) or len(code) != 3 or not code.isalpha() or not code.isascii():
        raise NumberError(f"'{code}' is not a currency code — use three letters such as EUR or USD")
    digits, number_ = _digits(digits), to_decimal(value)
    if digits == 2:  # the CLDR standard pattern
        return format_currency(number_, code.upper(), locale=language, currency_digits=False)
    return format_currency(number_, code.upper(), locale=language, currency_digits=False,
                           format=_currency_pattern(language, digits))


def _currency_pattern(language: str, digits: int) -> str:
    from babel import Locale
    standard = Locale.parse(language).currency_formats["standard"].pattern.split(";")[0]
    return standard.replace("#,##0.00", _pattern(digits))


def percent(value: object, digits: int = 0, language: str = "de") -> str:
    """``value`` (already in percent: 3.5 means 3.5 %) with ``digits`` places: ``3,5 %`` (de).

    Raises ``NumberError`` (see ``number``).
    """
    digits = _digits(digits)
    from babel import Locale
    standard = Locale.parse(language).percent_formats[None].pattern.split(";")[0]
    return format_percent(to_decimal(value) / 100, format=standard.replace("#,##0", _pattern(digits)),
                          locale=language, decimal_quantization=True)


def filters(language: str) -> dict:
    """The Jinja2 filters ``zahl``, ``waehrung`` and ``prozent`` bound to ``language``.

    A bad value raises ``jinja2.TemplateRuntimeError`` ("zahl: 'abc' is not a
    number"), which the build reports at the template's line.
    """
    def guarded(name: str, format_):
        def run(*args):
            try:
                return format_(*args)
            except NumberError as exc:
                raise jinja2.TemplateRuntimeError(f"{name}: {exc}") from None
        return run
    return {"zahl": guarded("zahl", lambda v, digits=0: number(v, digits, language)),
            "waehrung": guarded("waehrung", lambda v, code="EUR", digits=2: currency(v, code, language, digits)),
            "prozent": guarded("prozent", lambda v, digits=0: percent(v, digits, language))}
