"""What a German site must publish: Impressum and Datenschutz data.

§ 5 DDG (formerly § 5 TMG) requires provider identification, and § 18
Abs. 2 MStV names a person responsible for journalistic content.  When the
site has an Impressum page, every ``impressum.*`` key in config is required;
with a Datenschutz page, every ``datenschutz.*`` key (Art. 13 DSGVO: the
controller and how to reach them).
"""

from __future__ import annotations

from sitegen.config.settings import DATENSCHUTZ_KEYS, IMPRESSUM_KEYS, Config
from sitegen.problems import Problem, error
from sitegen.site.model import Site

EXAMPLES = {
    "company": "Edelmetall-Kompass GmbH", "address": "Musterstraße 1, 10115 Berlin",
    "email": "redaktion@example.de", "phone": "+49 30 1234567-0", "register": "Amtsgericht Berlin, HRB 000000",
    "vat_id": "DE000000000", "responsible": "Erika Muster, Anschrift wie oben", "controller": "Edelmetall-Kompass GmbH",
}


def legal_problems(site: Site, config: Config) -> list[Problem]:
    """Errors for each required legal config key that is missing or empty."""
    slugs = {p.slug for p in site.pages}
    problems = []
    for slug, section, keys in (("impressum", config.impressum, IMPRESSUM_KEYS),
                                ("datenschutz", config.datenschutz, DATENSCHUTZ_KEYS)):
        if slug not in slugs:
            continue
        for key in keys:
            if not section.get(key):
                problems.append(error(config.file, config.line_of(f"{slug}.{key}"),
                                      f"'{slug}.{key}' is required for the {slug} page",
                                      f"add it under {slug}: in config.yaml, e.g. {key}: {EXAMPLES[key]}"))
    return problems
