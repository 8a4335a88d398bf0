"""Charts as inline SVG, drawn at build time: no JavaScript, nothing loaded.

``chart_svg`` draws one series (a line or bars) from two columns of a data
table: the first gives the axis labels, the second the values (empty cells
are skipped).  The SVG has a fixed ``viewBox`` (``WIDTH`` × ``HEIGHT``) and
no width, so the theme scales it to the column (``svg.diagramm-svg``).
Accessibility (WAI-ARIA Graphics, SVG 2 §5.1): ``role="img"``, a ``<title>``
and a ``<desc>`` with a text summary (period, lowest, highest and last value,
German formatting) referenced by ``aria-labelledby``; the caller adds the
numbers as a table in a ``<details>``.  Colours are presentation attributes
(the CSP forbids ``style=``): the series in the theme's navy ``#0f2340``
(16:1 on white), labels and axes in ``#4a5260`` (7.6:1); grid lines are
decoration.  Coordinates are printed with one decimal place, so the bytes are
the same on every machine.
"""

from __future__ import annotations

import math
from decimal import Decimal

from markupsafe import escape

# 480 units wide: on a 390 px phone (a 358 px column) one unit is 0.75 px, so
# FONT_SIZE 16 gives 12 px text; the theme caps the chart at 40rem on wide
# screens (21 px text).  Half the units of a 640 viewBox gave 8 px on phones.
WIDTH, HEIGHT = 480, 280
FONT_SIZE = 16
LEFT, RIGHT, TOP, BOTTOM = 80, 10, 14, 50
SERIES, INK, GRID = "#0f2340", "#4a5260", "#ddd6c4"
MAX_LABELS = 7  # axis labels under the chart (each needs ~50 units); more points show every n-th label
MAX_POINTS = 1_000  # values in one chart (a page must stay small); ``dataplace`` refuses more
MAX_DOTS = 60  # a line chart marks each value with a dot up to this many values


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round axis values covering ``low``–``high`` (steps 1, 2, 2.5, 5 × 10^k)."""
    if high == low:
        high, low = high + 1, low - 1 if low != 0 else 0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.999 and len(ticks) < 20:
        ticks.append(round(value, 10))
        value = start + step * len(ticks)
    return ticks


def _f(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def chart_svg(ids: str, kind: str, title: str, desc: str, labels: list[tuple[str, str]], values: list[Decimal],
              tick_text) -> str:
    """The ``<svg>`` of ``values`` at ``labels`` as ``kind`` "linie" or "balken".

    ``ids`` prefixes the ids of ``<title>``/``<desc>`` (unique on the page);
    ``labels`` are (label, second row) pairs: the second row (a year under
    its first month) may be "".  ``tick_text(float) → str`` formats an axis
    value.  At least one value.
    """
    floats = [float(v) for v in values]
    low, high = min(floats), max(floats)
    if kind == "balken":
        low, high = min(low, 0.0), max(high, 0.0)
    ticks = nice_ticks(low, high)
    bottom, top = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - (v - bottom) / ((top - bottom) or 1) * plot_h

    slot = plot_w / len(values)
    xs = [LEFT + slot * (i + 0.5) for i in range(len(values))]
    parts = [f'<svg class="diagramm-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{ids}-titel {ids}-beschreibung" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ids}-titel">{escape(title)}</title>',
             f'<desc id="{ids}-beschreibung">{escape(desc)}</desc>']
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y(tick))}" y2="{_f(y(tick))}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{_f(y(tick) + 5)}" text-anchor="end" font-size="{FONT_SIZE}" '
                     f'fill="{INK}">{escape(tick_text(tick))}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y(max(bottom, min(0.0, top))))}" '
                 f'y2="{_f(y(max(bottom, min(0.0, top))))}" stroke="{INK}" stroke-width="1"/>')
    every = math.ceil(len(labels) / MAX_LABELS)
    for i, (x, (label, below)) in enumerate(zip(xs, labels)):
        if i % every == 0:
            parts.append(f'<text x="{_f(x)}" y="{HEIGHT - BOTTOM + 21}" text-anchor="middle" font-size="{FONT_SIZE}" '
                         f'fill="{INK}">{escape(label)}</text>')
        if below:
            parts.append(f'<text x="{_f(x)}" y="{HEIGHT - BOTTOM + 41}" text-anchor="middle" font-size="{FONT_SIZE}" '
                         f'fill="{INK}">{escape(below)}</text>')
    if kind == "balken":
        width = slot * 0.6
        base = y(max(bottom, min(0.0, top)))
        for x, v in zip(xs, floats):
            top_y, height = min(y(v), base), abs(y(v) - base)
            parts.append(f'<rect x="{_f(x - width / 2)}" y="{_f(top_y)}" width="{_f(width)}" '
                         f'height="{_f(height)}" fill="{SERIES}"/>')
    else:
        points = " ".join(f"{_f(x)},{_f(y(v))}" for x, v in zip(xs, floats))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{SERIES}" stroke-width="2.5" '
                     'stroke-linejoin="round"/>')
        if len(floats) <= MAX_DOTS:
            parts += [f'<circle cx="{_f(x)}" cy="{_f(y(v))}" r="3" fill="{SERIES}"/>' for x, v in zip(xs, floats)]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
