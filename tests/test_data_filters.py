"""Template filters zahl, waehrung, prozent: numbers in the site's language (Babel)."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from conftest import BASE_CONFIG, problem_lines, run_build
from sitegen.render import numbers

NOW = ("--now", "2024-05-01 12:00")


@pytest.mark.parametrize("call, expected", [
    (lambda: numbers.number(1234.5, 2), "1.234,50"),
    (lambda: numbers.number(Decimal("1234567.891"), 1), "1.234.567,9"),
    (lambda: numbers.number("2034.5"), "2.034"),
    (lambda: numbers.currency(1234.56), "1.234,56\xa0€"),
    (lambda: numbers.currency(-1234.5, "USD"), "-1.234,50\xa0$"),
    (lambda: numbers.currency(1995, "EUR", "de", 0), "1.995\xa0€"),
    (lambda: numbers.percent(3.5, 1), "3,5\xa0%"),
    (lambda: numbers.percent(-0.25, 2), "-0,25\xa0%"),
    (lambda: numbers.number(1234.5, 2, "en"), "1,234.50"),
    (lambda: numbers.currency(1234.56, "EUR", "en"), "€1,234.56"),
    (lambda: numbers.percent(3.5, 1, "en"), "3.5%"),
])
def test_formats_in_the_site_language(call, expected):
    assert call() == expected


@pytest.mark.parametrize("call, message", [
    (lambda: numbers.number("abc"), "'abc' is not a number"),
    (lambda: numbers.number(True), "'True' is not a number"),
    (lambda: numbers.number(float("nan")), "'nan' is not a finite number"),
    (lambda: numbers.number(1, 11), "digits must be a whole number from 0 to 10, not 11"),
    (lambda: numbers.currency(1, "Euro"), "'Euro' is not a currency code — use three letters such as EUR or USD"),
])
def test_bad_values_raise_a_clear_error(call, message):
    with pytest.raises(numbers.NumberError) as caught:
        call()
    assert str(caught.value) == message


def test_filters_in_a_template_use_the_site_language(make_site):
    site = make_site({"content/pages/x.md": "---\ntitle: X\n---\nText.\n"})
    template = site / "themes/default/templates/404.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<p class="lead">', '<p id="zahlen">{{ 1234.5|zahl(2) }} | {{ 1234.5|waehrung }} | '
                            '{{ 1995|waehrung("USD", 0) }} | {{ 3.5|prozent(1) }}</p>\n<p class="lead">'),
        encoding="utf-8")
    assert run_build(site, *NOW).code == 0
    page = lxml.html.fromstring((site / "output/404.html").read_bytes())
    assert page.get_element_by_id("zahlen").text == "1.234,50 | 1.234,50\xa0€ | 1.995\xa0$ | 3,5\xa0%"
    english = make_site({}, config=BASE_CONFIG + "language: en\n", name="en")
    (english / "themes/default/templates/404.html").write_text(template.read_text(encoding="utf-8"),
                                                                 encoding="utf-8")
    assert run_build(english, *NOW).code == 0
    page = lxml.html.fromstring((english / "output/404.html").read_bytes())
    assert page.get_element_by_id("zahlen").text == "1,234.50 | €1,234.50 | $1,995 | 3.5%"


def test_a_bad_value_in_a_template_is_an_error_at_the_template_line(make_site):
    site = make_site({})
    template = site / "themes/default/templates/404.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<p class="lead">', '<p>{{ "viel"|zahl }}</p>\n<p class="lead">'), encoding="utf-8")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == ["themes/default/templates/404.html:4: template error: zahl: 'viel' is not a "
                                  "number — while rendering /404.html"]
