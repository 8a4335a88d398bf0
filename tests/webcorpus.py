"""A generated site of N articles for the large web quality run (tests must not import bench/).

Each article has a date, two tags of six, a summary, a body with ``##``
headings, a list, a table with a header row, a link to the article before it
and, for every third article, a lead picture (one small PNG made with Pillow).
The text is made up here; the same ``count`` always gives the same files.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

TAGS = ("Gold", "Silber", "Zinsen", "Inflation", "EZB", "Aktien")
SUBJECTS = ("Goldpreis", "Silbermarkt", "Leitzins", "Teuerung", "Notenbank", "Börse", "Anleihen", "Rohstoffe")
MOVES = ("steigt deutlich", "gibt nach", "bleibt stabil", "erreicht ein Jahreshoch", "schwankt stark")


def picture() -> bytes:
    """A 960 × 540 PNG: a navy chart area with a gold bar (made here, no outside picture)."""
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (960, 540), "#0f2340")
    ImageDraw.Draw(im).rectangle([120, 200, 840, 340], fill="#c9a227")
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def corpus(count: int) -> dict[str, str | bytes]:
    """``{relative path: text or bytes}`` of ``count`` articles (and their picture) below ``content/``."""
    files: dict[str, str | bytes] = {"content/images/chart.png": picture()}
    start = date(2023, 1, 2)
    slugs = []
    for n in range(count):
        day = start + timedelta(days=n)
        subject, move = SUBJECTS[n % len(SUBJECTS)], MOVES[n % len(MOVES)]
        title = f"{subject} {move} – Marktbericht Nr. {n + 1}"
        slug = f"marktbericht-{n + 1}"
        tags = f"[{TAGS[n % 6]}, {TAGS[(n + 2) % 6]}]"
        image = ("image: chart.png\nimage_alt: \"Balkendiagramm zum Marktbericht\"\n" if n % 3 == 0 else "")
        before = f"Mehr dazu im [vorigen Marktbericht zum Thema {SUBJECTS[(n - 1) % 8]}](/news/{slugs[-1]}/).\n\n" if slugs else ""
        files[f"content/news/{day:%Y-%m-%d}-{slug}.md"] = (
            f"---\ntitle: \"{title}\"\ndate: {day:%d.%m.%Y}\ntime: \"{8 + n % 10:02d}:15\"\nslug: {slug}\n"
            f"tags: {tags}\nsummary: \"Der {subject} {move}. Wir ordnen die Zahlen des Tages ein.\"\n"
            f"author: Redaktion\n{image}---\n\n"
            f"Am {day:%d.%m.%Y} {move} der {subject}. Händler verweisen auf neue Konjunkturdaten.\n\n"
            f"## Die Zahlen\n\n| Wert | Stand | Veränderung |\n|---|---:|---:|\n"
            f"| {subject} | {100 + n},50 | {n % 7 - 3},2 % |\n| Vorwoche | {98 + n},10 | 0,4 % |\n\n"
            f"## Einordnung\n\n- Die Nachfrage bleibt hoch.\n- Das Angebot wächst langsam.\n\n"
            f"### Was Anleger beachten\n\nStreuung senkt das Risiko. {before}"
        )
        slugs.append(slug)
    return files
