"""Generate a deterministic synthetic corpus of German finance articles.

    python -m bench.corpus --n 1000 --out /tmp/corpus

writes a complete site (``config.yaml``, ``themes/`` copied from this
project, ``content/news/*.md``, ``content/pages/``).  Each article has 700–1,000
words in ``##`` sections, a list, a table, links, umlauts and ß in its title,
2–4 tags from 30, and a date between 2019 and 2024.  The same ``--n`` and
``--seed`` give byte-identical files on every machine.

    python -m bench.corpus --n 1000 --out A --hugo B --pelican C

also writes the same articles as a Hugo site (B) and a Pelican site (C),
see :mod:`bench.othersites`.

    python -m bench.corpus --n 1000 --out A --images 0.3 --search

is the features variant (issue 13): a lead picture (``image:`` and
``image_alt:`` front matter, a small distinct JPEG in ``content/images/``)
on 30 % of the articles (spread evenly over
the article numbers, see :func:`has_image`), and ``search: {enabled: true}`` in ``config.yaml``.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from sitegen.content.slugs import slugify

PROJECT = Path(__file__).resolve().parents[1]
TAGS = ["Gold", "Silber", "Platin", "Palladium", "Zinsen", "EZB", "Fed", "Inflation", "Aktien", "DAX",
        "Technologie", "KI", "Anleihen", "Rohstoffe", "Öl", "Währungen", "Dollar", "Euro", "Immobilien",
        "Konjunktur", "Arbeitsmarkt", "Halbleiter", "Banken", "Versicherungen", "Kryptowährungen",
        "Schwellenländer", "China", "USA", "Energie", "Zentralbanken"]
SUBJECTS = ["Der Goldpreis", "Die Europäische Zentralbank", "Die US-Notenbank", "Der DAX", "Der Silberpreis",
            "Die Inflationsrate", "Der Ölpreis", "Die Rendite zehnjähriger Bundesanleihen", "Der Euro",
            "Die Chip-Branche", "Der Immobilienmarkt", "Die Großbanken", "Der Arbeitsmarkt"]
VERBS = ["steigt überraschend deutlich", "fällt auf ein Mehrmonatstief", "bleibt stabil", "schwankt stark",
         "übertrifft die Erwartungen", "enttäuscht die Anleger", "zieht kräftig an", "gerät unter Druck"]
REASONS = ["weil Anleger auf sinkende Zinsen setzen", "nachdem neue Konjunkturdaten veröffentlicht wurden",
           "da geopolitische Spannungen zunehmen", "während Großinvestoren Gewinne mitnehmen",
           "weil die Nachfrage aus der Industrie wächst", "nachdem die Notenbank ihre Prognose änderte",
           "da die Kaufkraft der Verbraucher schrumpft", "weil Fondsmanager ihre Portfolios umschichten"]
FILLERS = ["Marktbeobachter sprechen von einer bemerkenswerten Entwicklung.",
           "Für Sparer bedeutet das vor allem eines: Geduld und Streuung bleiben wichtig.",
           "Analysten verweisen auf die hohe Unsicherheit in den kommenden Wochen.",
           "Größere Umschichtungen blieben bislang allerdings aus.",
           "Die Stimmung unter den Händlern gilt als gespalten, aber nicht als nervös.",
           "Langfristig orientierte Anleger lassen sich davon kaum beirren.",
           "Gleichzeitig wächst das Interesse an physischen Edelmetallen spürbar.",
           "Ökonomen erwarten eine schrittweise Normalisierung im Laufe des Jahres."]
HEADINGS = ["Hintergründe", "Was Anleger jetzt wissen müssen", "Die Rolle der Notenbanken", "Ausblick",
            "Reaktionen an den Märkten", "Risiken und Chancen", "Ein Blick auf die Zahlen", "Fazit"]
TITLE_PARTS = ["Goldrausch", "Zinswende", "Börsenbeben", "Preisschock", "Kursrallye", "Marktüberblick",
               "Größte Käufe", "Überraschung", "Ölpreis-Ärger", "Straßenumfrage"]


def sentence(rng: random.Random) -> str:
    """One German sentence of about 12–18 words."""
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)}, {rng.choice(REASONS)}. {rng.choice(FILLERS)}"


def paragraph(rng: random.Random, sentences: int) -> str:
    """A paragraph of ``sentences`` sentence pairs."""
    return " ".join(sentence(rng) for _ in range(sentences))


def article(rng: random.Random, index: int, start: datetime) -> tuple[str, str]:
    """Return ``(file name, text)`` of article number ``index``."""
    when = start + timedelta(days=rng.randrange(0, 6 * 365), minutes=rng.randrange(0, 16 * 60))
    subject = rng.choice(TITLE_PARTS)
    title = f"{subject} Nr. {index}: {rng.choice(SUBJECTS)} {rng.choice(VERBS)}"
    tags = rng.sample(TAGS, rng.randint(2, 4))
    parts = [paragraph(rng, 4)]
    for number, heading in enumerate(rng.sample(HEADINGS, 5)):
        parts.append(f"## {heading}")
        parts.append(paragraph(rng, rng.randint(3, 4)))
        parts.append(paragraph(rng, rng.randint(2, 3)))
        if number == 1:
            parts.append("\n".join(f"- {rng.choice(FILLERS)}" for _ in range(4)))
        if number == 2:
            rows = "\n".join(f"| {t} | {rng.uniform(10, 2500):.2f} | {rng.uniform(-5, 5):+.1f} % |" for t in tags)
            parts.append(f"| Markt | Kurs | Veränderung |\n|---|--:|--:|\n{rows}")
        if number == 3:
            parts.append(f"Mehr dazu in unserem [Marktüberblick](/themen/{slugify(tags[0])}/) und bei den "
                         f"[aktuellen Nachrichten](/).")
    front = (f'---\ntitle: "{title}"\ndate: {when:%d.%m.%Y}\ntime: {when:%H:%M}\n'
             f"tags: [{', '.join(tags)}]\nsummary: {sentence(rng).split('.')[0]}.\n---\n")
    return f"{when:%Y-%m-%d}-artikel-{index:05d}.md", front + "\n\n".join(parts) + "\n"


def generate(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """The ``n`` articles as ``(file name, text)`` pairs, in generation order."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 6, 0)
    return [article(rng, index, start) for index in range(1, n + 1)]


def has_image(index: int, fraction: float) -> bool:
    """Whether article number ``index`` (1-based) gets a lead picture: spread evenly, ``fraction`` of them."""
    return int(index * fraction) != int((index - 1) * fraction)


def lead_image(index: int) -> bytes:
    """A small JPEG (160×90 px, about 2 KB) of a colour and stripe unique to ``index``; deterministic bytes."""
    from io import BytesIO
    from PIL import Image, ImageDraw
    picture = Image.new("RGB", (160, 90), ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256))
    ImageDraw.Draw(picture).rectangle((index % 140, 0, index % 140 + 20, 89), fill=(255, 255, 255))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=80, optimize=False, progressive=False)
    return buffer.getvalue()


def with_image(text: str, index: int) -> str:
    """``text`` with ``image:`` and ``image_alt:`` added at the end of its front matter."""
    head, sep, body = text.partition("\n---\n")
    return f"{head}\nimage: lead-{index:05d}.jpg\nimage_alt: Farbfläche mit hellem Streifen Nr. {index}{sep}{body}"


def write_corpus(out: Path, n: int, seed: int = 1, images: float = 0.0, search: bool = False) -> None:
    """Write a complete site with ``n`` articles into ``out`` (replacing its content/); with ``images`` > 0
    that fraction of the articles gets a lead picture, with ``search`` the config switches search on."""
    news = out / "content" / "news"
    if (out / "content").exists():
        shutil.rmtree(out / "content")
    news.mkdir(parents=True)
    if images:
        (out / "content" / "images").mkdir()
    for index, (name, text) in enumerate(generate(n, seed), start=1):
        if images and has_image(index, images):
            (out / "content" / "images" / f"lead-{index:05d}.jpg").write_bytes(lead_image(index))
            text = with_image(text, index)
        (news / name).write_text(text, encoding="utf-8")
    shutil.copytree(PROJECT / "content" / "pages", out / "content" / "pages")
    (out / "content" / "images").mkdir(parents=True, exist_ok=True)
    named = (PROJECT / "config.yaml").read_text(encoding="utf-8")
    for picture in sorted((PROJECT / "content" / "images").iterdir()):  # those the sample config names
        if f"images/{picture.name}" in named:                             # (seo.default_image, author photos)
            shutil.copy2(picture, out / "content" / "images")
    if not (out / "themes").exists():
        shutil.copytree(PROJECT / "themes", out / "themes")
    config = (PROJECT / "config.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^search:.*\n(?:[ \t]+.*\n)*", "", config)  # the sample site's own block, if any
    config = config.rstrip("\n") + f"\nsearch:\n  enabled: {'true' if search else 'false'}\n"
    (out / "config.yaml").write_text(config, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--n`` articles into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", type=Path, help="folder to write the site for our tool into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--hugo", type=Path, metavar="DIR", help="also write the same articles as a Hugo site")
    parser.add_argument("--pelican", type=Path, metavar="DIR", help="also write them as a Pelican site")
    parser.add_argument("--images", type=float, default=0.0, metavar="FRACTION",
                        help="give this fraction of the articles a lead picture (e.g. 0.3)")
    parser.add_argument("--search", action="store_true", help="switch search on in config.yaml")
    args = parser.parse_args(argv)
    if not 0 <= args.images <= 1:
        parser.error("--images must be a fraction between 0 and 1, e.g. 0.3")
    if not (args.out or args.hugo or args.pelican):
        parser.error("give --out DIR (and/or --hugo DIR, --pelican DIR)")
    if args.out:
        write_corpus(args.out, args.n, args.seed, args.images, args.search)
        print(f"wrote {args.n} articles to {args.out}/content/news")
    if args.hugo or args.pelican:
        from bench.othersites import write_hugo, write_pelican
        articles = generate(args.n, args.seed)
        for folder, write in ((args.hugo, write_hugo), (args.pelican, write_pelican)):
            if folder:
                folder.mkdir(parents=True, exist_ok=True)
                write(folder, articles)
                print(f"wrote {args.n} articles to {folder}/content")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
