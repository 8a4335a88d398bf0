"""config.yaml hardening: every bad value is one line ``config.yaml:LINE: message — hint``.

Each case builds a small site in-process with a broken config and checks
what the editor sees: exit code 1, the exact problem lines on stderr (the
line of the key at fault, or of its parent key when the key is missing), no
traceback, and nothing built.
"""

from __future__ import annotations

import json
import posixpath

import pytest
from babel import Locale
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import BASE_CONFIG, NOW, article, problem_lines, run_build, tree
from sitegen.config.settings import load_config
from sitegen.problems import format_problem

GOLD = {"content/news/gold.md": article("Gold steigt")}
SUMMARY_ONE = "build failed: 1 error in config.yaml; nothing was built"


def line_of(config: str, text: str) -> int:
    """The 1-based line of the first line of ``config`` that contains ``text``."""
    return next(n for n, line in enumerate(config.splitlines(), 1) if text in line)


def build_with(make_site, config: str, name: str = "site"):
    """Build a one-article site with ``config`` in folder ``name``; returns (site, run)."""
    site = make_site(GOLD, config, name=name)
    return site, run_build(site, *NOW)


def failed_with(make_site, config: str, name: str = "site") -> list[str]:
    """The problem lines of a build that must fail with exit 1 at config load."""
    site, run = build_with(make_site, config, name)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    assert not (site / "output").exists()
    assert run.err.splitlines()[-1].startswith("build failed: ")
    return problem_lines(run)


def with_key(section: str, line: str, config: str = BASE_CONFIG) -> str:
    """``config`` with ``line`` added at the end, below a new top-level ``section:``."""
    return config + f"{section}:\n  {line}\n"


# ---------------------------------------------------------------- 1. params: ~


def test_a_config_error_exits_1_and_leaves_the_last_output_untouched(make_site):
    site, run = build_with(make_site, BASE_CONFIG)
    assert run.code == 0, run.err
    before = tree(site / "output")
    (site / "config.yaml").write_text(BASE_CONFIG + "params: ~\nlanguage: xx\n", "utf-8")
    run = run_build(site, *NOW)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"config.yaml:{BASE_CONFIG.count(chr(10)) + 2}: language 'xx' is not a known locale "
        "— use a locale such as de, de_DE, de_AT, de_CH or en_US", SUMMARY_ONE]
    assert tree(site / "output") == before


def test_params_null_is_an_empty_mapping_like_hugo(make_site):
    site, run = build_with(make_site, BASE_CONFIG + "params: ~\n")
    assert run.code == 0, run.err
    assert run.err == ""
    assert (site / "output/index.html").is_file()


def test_params_as_text_is_an_error_at_its_line(make_site):
    config = BASE_CONFIG + "params: farbe\n"
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'params:')}: params must be a mapping of keys to values, not the text "
        "'farbe' — write each value on its own indented line below 'params:'"]


# ---------------------------------------------------------------- 2. newsletter without action_url / consent


def test_newsletter_without_action_url_names_the_newsletter_line(make_site):
    config = BASE_CONFIG.replace("  action_url: https://newsletter.example.net/anmelden\n", "")
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'newsletter:')}: newsletter.action_url is missing "
        "— add e.g. 'action_url: https://newsletter.example.net/anmelden' below 'newsletter:'"]


def test_newsletter_without_consent_names_the_newsletter_line(make_site):
    config = BASE_CONFIG.replace("  consent: Ich möchte den Newsletter per E-Mail erhalten und kann das jederzeit "
                                 "widerrufen.\n", "")
    assert failed_with(make_site, config)[0] == (
        f"config.yaml:{line_of(config, 'newsletter:')}: newsletter.consent is missing "
        "— add e.g. 'consent: Ich möchte den Newsletter per E-Mail erhalten.' below 'newsletter:'")


def test_newsletter_with_empty_action_url_names_its_line(make_site):
    config = BASE_CONFIG.replace("  action_url: https://newsletter.example.net/anmelden\n", "  action_url:\n")
    assert failed_with(make_site, config)[0] == (
        f"config.yaml:{line_of(config, 'action_url:')}: newsletter.action_url is empty "
        "— add e.g. 'action_url: https://newsletter.example.net/anmelden' below 'newsletter:'")


def test_empty_newsletter_means_no_newsletter(make_site):
    start = BASE_CONFIG.index("newsletter:")
    end = BASE_CONFIG.index("impressum:")
    site, run = build_with(make_site, BASE_CONFIG[:start] + "newsletter:\n" + BASE_CONFIG[end:])
    assert run.code == 0, run.err
    assert "newsletter-form" not in (site / "output/index.html").read_text("utf-8")


# ---------------------------------------------------------------- 3. language


@pytest.mark.parametrize("value, hint", [
    ("xx_YY", "use a locale such as de, de_DE, de_AT, de_CH or en_US"),
    ("de-DE", "write it with an underscore: language: de_DE"),
    ("de_DE.UTF-8", "use a locale such as de, de_DE, de_AT, de_CH or en_US"),
    ('"de\\tDE"', "use a locale such as de, de_DE, de_AT, de_CH or en_US"),
])
def test_unknown_language_is_found_at_load_time(make_site, value, hint):
    config = BASE_CONFIG + f"language: {value}\n"
    shown = "'de\\tDE'" if "\\t" in value else f"'{value}'"
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'language:')}: language {shown} is not a known locale — {hint}"]


def test_known_language_builds(make_site):
    site, run = build_with(make_site, BASE_CONFIG + "language: de_AT\n")
    assert run.code == 0, run.err


# ---------------------------------------------------------------- 4. bounded integers


def test_a_5000_digit_page_size_is_refused_by_its_length(make_site):
    config = with_key("pagination", "page_size: " + "9" * 5000)
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'page_size:')}: pagination.page_size must be a whole number from 1 to 1000, "
        f"not '{'9' * 40}…' (5000 characters) — e.g. page_size: 10"]


@pytest.mark.parametrize("section, key, value, message", [
    ("feeds", "limit", "1001", "feeds.limit must be a whole number from 1 to 1000, not '1001' — e.g. limit: 20"),
    ("feeds", "limit", "0", "feeds.limit must be a whole number from 1 to 1000, not '0' — e.g. limit: 20"),
    ("pagination", "page_size", "-3",
     "pagination.page_size must be a whole number from 1 to 1000, not '-3' — e.g. page_size: 10"),
    ("pagination", "page_size", "１０",
     "pagination.page_size must be a whole number from 1 to 1000, not '１０' — e.g. page_size: 10"),
    ("deploy", "removal_limit", "many",
     "deploy.removal_limit must be a whole number from 0 to 1000000, not 'many' — e.g. removal_limit: 50"),
])
def test_integers_name_their_allowed_range(make_site, section, key, value, message):
    config = with_key(section, f"{key}: {value}")
    assert failed_with(make_site, config) == [f"config.yaml:{line_of(config, key + ':')}: {message}"]


def test_related_count_has_a_maximum(make_site):
    config = BASE_CONFIG + "related_count: 100000\n"
    assert failed_with(make_site, config)[0] == (
        f"config.yaml:{line_of(config, 'related_count')}: related_count must be a whole number from 0 to 100, "
        "not '100000' — e.g. related_count: 3")


def test_page_size_at_its_maximum_builds(make_site):
    site, run = build_with(make_site, with_key("pagination", "page_size: 1000"))
    assert run.code == 0, run.err


# ---------------------------------------------------------------- 5. permalinks.article

PERMALINK_HINT = ("use folders of letters, digits, - _ . ~ and the placeholders {slug}, {year}, {month}, {day}, "
                  "e.g. /news/{year}/{slug}/")


@pytest.mark.parametrize("yaml_value, shown, reason", [
    ("/news/../{slug}/", "'/news/../{slug}/'", "must not contain the folder '..' (a folder may not start with .)"),
    ("/../../{slug}/", "'/../../{slug}/'", "must not contain the folder '..' (a folder may not start with .)"),
    ("/news/./{slug}/", "'/news/./{slug}/'", "must not contain the folder '.' (a folder may not start with .)"),
    ("/news//{slug}/", "'/news//{slug}/'", "must not contain //"),
    ('"//evil.example/{slug}/"', "'//evil.example/{slug}/'", "must not contain //"),
    ("/c:/{slug}/", "'/c:/{slug}/'", "must not contain ':'"),
    (r"'/news\{slug}/'", r"'/news\{slug}/'", r"must not contain '\'"),
    ("' /news/{slug}/'", "' /news/{slug}/'", "must start and end with /"),
    ("'/news/{slug}/ '", "'/news/{slug}/ '", "must start and end with /"),
    ("/news/{slug}", "'/news/{slug}'", "must start and end with /"),
    ("/news/", "'/news/'", "must contain {slug} exactly once"),
    ("/{slug}/{slug}/", "'/{slug}/{slug}/'", "must contain {slug} exactly once"),
    ('"/{jahr}/{slug}/"', "'/{jahr}/{slug}/'", "uses the unknown placeholder {jahr} (known: {slug}, {year}, {month}, {day})"),
    ('"/{year/{slug}/"', "'/{year/{slug}/'", "must not contain { or } outside a placeholder"),
    ("/news/{slug}/?x=1/", "'/news/{slug}/?x=1/'", "must not contain '?'"),
    ("/nachrichten aktuell/{slug}/", "'/nachrichten aktuell/{slug}/'", "must not contain ' '"),
])
def test_permalink_path_tricks_are_refused(make_site, yaml_value, shown, reason):
    config = with_key("permalinks", f"article: {yaml_value}")
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'article:')}: permalinks.article {shown} {reason} — {PERMALINK_HINT}"]


def test_a_plain_permalink_with_a_prefix_builds(make_site):
    site, run = build_with(make_site, with_key("permalinks", "article: /artikel/nr-{slug}/"))
    assert run.code == 0, run.err
    assert (site / "output/artikel/nr-gold-steigt/index.html").is_file()


# ---------------------------------------------------------------- 6. the key's line, the parent's when missing


def test_every_problem_has_the_line_of_its_key(make_site):
    config = (BASE_CONFIG.replace("  - label: Sicherer Versand\n", "  - value: Eins\n")
              .replace("  - {title: Themen, url: /themen/}\n", "  - {url: /themen/}\n  - {title: Leer}\n")
              + "markdown:\n  allow_html: vielleicht\nformats:\n  date: \"dd.MM.yyyy 'Uhr\"\n")
    lines = failed_with(make_site, config)
    assert lines == [
        f"config.yaml:{line_of(config, 'value: Eins')}: badges.label is missing — add e.g. 'label: Kunden' below 'badges:'",
        f"config.yaml:{line_of(config, '{url: /themen/}')}: menu.title is missing "
        "— add e.g. 'title: Themen' below 'menu:'",
        f"config.yaml:{line_of(config, '{title: Leer}')}: menu.url is missing — add e.g. 'url: /themen/' below 'menu:'",
        f"config.yaml:{line_of(config, 'allow_html')}: markdown.allow_html must be true or false, not 'vielleicht' "
        "— e.g. allow_html: false",
        f"config.yaml:{line_of(config, 'date:')}: formats.date 'dd.MM.yyyy 'Uhr' has a quote ' that is not closed "
        "— use CLDR letters and quote literal text, e.g. date: \"dd.MM.yyyy\"",
    ]


def test_missing_title_is_reported_at_line_1(make_site):
    config = BASE_CONFIG.replace("title: Testseite\n", "")
    assert failed_with(make_site, config) == ["config.yaml:1: title is missing — add e.g. 'title: Meine Seite'"]


@pytest.mark.parametrize("value, message", [
    ('""', "title is empty — add e.g. 'title: Meine Seite'"),
    ("[Gold, Silber]", 'title must be text, not a list — put the text in double quotes, e.g. title: "Meine Seite"'),
    ("\n  name: Gold", 'title must be text, not a mapping — put the text in double quotes, e.g. title: "Meine Seite"'),
])
def test_empty_or_non_text_title_names_its_line(make_site, value, message):
    assert failed_with(make_site, BASE_CONFIG.replace("title: Testseite", f"title: {value}")) == [
        f"config.yaml:1: {message}"]


# ---------------------------------------------------------------- 7. menu and newsletter links

LINK_HINT = "use a site path such as /themen/, an https:// address, mailto:, tel:"


@pytest.mark.parametrize("url, message", [
    ("javascript:alert(1)", "uses the scheme 'javascript:', which is not allowed — " + LINK_HINT),
    ("JavaScript:alert(1)", "uses the scheme 'javascript:', which is not allowed — " + LINK_HINT),
    ("data:text/html,<b>x</b>", "uses the scheme 'data:', which is not allowed — " + LINK_HINT),
    ("VBScript:msgbox(1)", "uses the scheme 'vbscript:', which is not allowed — " + LINK_HINT),
    ("java\\tscript:alert(1)", "must not contain spaces, control characters or backslashes — write %20 for a space"),
    (" javascript:alert(1)", "must not contain spaces, control characters or backslashes — write %20 for a space"),
    ("/\\\\evil.example/", "must not contain spaces, control characters or backslashes — write %20 for a space"),
    ("//evil.example/", "starts with //, which leads to another site — write the full address with https://"),
    ("https:///themen/", "has no host name — e.g. https://www.example.de/seite/"),
    ("https://[evil/", "has no host name — e.g. https://www.example.de/seite/"),
])
def test_menu_urls_that_run_code_or_leave_the_site_are_refused(make_site, url, message):
    config = BASE_CONFIG.replace("url: /themen/}", f'url: "{url}"}}')
    shown = url.replace("\\t", "\\t").replace("\\\\", "\\")
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'title: Themen')}: menu.url '{shown}' {message}"]


def test_newsletter_action_url_may_not_be_mailto_or_javascript(make_site):
    config = BASE_CONFIG.replace("action_url: https://newsletter.example.net/anmelden", "action_url: 'JAVASCRIPT:fetch(1)'")
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'action_url')}: newsletter.action_url 'JAVASCRIPT:fetch(1)' uses the scheme "
        "'javascript:', which is not allowed — use a site path such as /themen/, an https:// address"]
    config = BASE_CONFIG.replace("action_url: https://newsletter.example.net/anmelden", "action_url: mailto:a@example.de")
    assert failed_with(make_site, config, "second")[0].startswith(
        f"config.yaml:{line_of(config, 'action_url')}: newsletter.action_url 'mailto:a@example.de' uses the scheme "
        "'mailto:', which is not allowed")


def test_good_menu_links_build_and_http_warns(make_site):
    config = BASE_CONFIG.replace("  - {title: Themen, url: /themen/}\n",
                                 "  - {title: Themen, url: themen/}\n  - {title: Mail, url: 'MAILTO:a@example.de'}\n"
                                 "  - {title: Anruf, url: 'tel:+49301234567'}\n"
                                 "  - {title: Partner, url: 'https://partner.example/'}\n"
                                 "  - {title: Alt, url: 'http://alt.example/'}\n")
    site, run = build_with(make_site, config)
    assert run.code == 0, run.err
    assert run.err == (f"warning: config.yaml:{line_of(config, 'title: Alt')}: menu.url 'http://alt.example/' "
                       "is not encrypted — use https:// if the other site offers it\n")
    page = (site / "output/index.html").read_text("utf-8")
    assert 'href="MAILTO:a@example.de"' in page and 'href="tel:+49301234567"' in page


# ---------------------------------------------------------------- 8. deploy.removal_limit


def test_removal_limit_is_read_and_optional(make_site):
    site = make_site(GOLD, with_key("deploy", "removal_limit: 0"))
    config, problems = load_config(site / "config.yaml")
    assert problems == [] and config.publishing.removal_limit == 0
    site = make_site(GOLD, name="other")
    config, problems = load_config(site / "config.yaml")
    assert problems == [] and config.publishing.removal_limit is None


# ---------------------------------------------------------------- 9. other values of the wrong kind


@pytest.mark.parametrize("replace, new, message", [
    ("base_url: https://www.example.de/", "base_url: www.example.de",
     "base_url 'www.example.de' must start with https:// or http:// — e.g. base_url: https://www.example.de/"),
    ("base_url: https://www.example.de/", "base_url: https://www.example.de/mein blog/",
     "base_url 'https://www.example.de/mein blog/' must not contain spaces, control characters or backslashes "
     "— write %20 for a space, e.g. base_url: https://www.example.de/mein-blog/"),
    ("base_url: https://www.example.de/", "base_url: https:///blog/",
     "base_url 'https:///blog/' must be a host name and an optional path, without user name, '?', '#' or .. "
     "— e.g. base_url: https://www.example.de/"),
    ("base_url: https://www.example.de/", "base_url: https://[www.example.de/",
     "base_url 'https://[www.example.de/' must be a host name and an optional path, without user name, '?', "
     "'#' or .. — e.g. base_url: https://www.example.de/"),
    ("base_url: https://www.example.de/", "base_url: https://www.example.de/blog/../",
     "base_url 'https://www.example.de/blog/../' must be a host name and an optional path, without user name, "
     "'?', '#' or .. — e.g. base_url: https://www.example.de/"),
    ("base_url: https://www.example.de/", "base_url: https://www.example.de/?x=1",
     "base_url 'https://www.example.de/?x=1' must be a host name and an optional path, without user name, '?', "
     "'#' or .. — e.g. base_url: https://www.example.de/"),
    ("timezone: Europe/Berlin", "timezone: Mars/Olympus",
     "timezone 'Mars/Olympus' is not a known time zone — use an IANA name, e.g. Europe/Berlin"),
    ("timezone: Europe/Berlin", "timezone: " + "Europe/" * 700,
     f"timezone '{('Europe/' * 6)[:40]}…' (4900 characters) is not a known time zone "
     "— use an IANA name, e.g. Europe/Berlin"),
    ("timezone: Europe/Berlin", "timezone: Europe",
     "timezone 'Europe' is not a known time zone — use an IANA name, e.g. Europe/Berlin"),
    ("timezone: Europe/Berlin", "timezone: /etc/localtime",
     "timezone '/etc/localtime' is not a known time zone — use an IANA name, e.g. Europe/Berlin"),
    ("theme: default", "theme: ../../etc",
     "theme '../../etc' must be the name of one folder, without / or \\ — e.g. theme: default"),
    ("theme: default", "theme: .hidden",
     "theme '.hidden' must be the name of one folder, without / or \\ — e.g. theme: default"),
    ("theme: default", "theme: [default]",
     'theme must be text, not a list — put the text in double quotes, e.g. theme: "..."'),
    ("menu:\n  - {title: Nachrichten, url: /}\n  - {title: Themen, url: /themen/}\n",
     "menu:\n  Nachrichten: /\n",
     "menu must be a list, not a mapping — write one '- ' line per entry, e.g. - {title: Themen, url: /themen/}"),
    ("  - {title: Nachrichten, url: /}\n", "  - Nachrichten\n",
     "each entry of menu must be a mapping, not the text 'Nachrichten' — e.g. - {title: Themen, url: /themen/}"),
    ("description: Eine kleine Testseite", "description: [a, b]",
     'description must be text, not a list — put the text in double quotes, e.g. description: "..."'),
])
def test_values_of_the_wrong_kind_are_one_line_errors(make_site, replace, new, message):
    config = BASE_CONFIG.replace(replace, new)
    assert config != BASE_CONFIG
    key = new.split(":")[0].strip().lstrip("- ")
    assert failed_with(make_site, config) == [f"config.yaml:{line_of(config, key)}: {message}"]


@pytest.mark.parametrize("value", ["/", "..", ".", "''", "content", "themes/default/x", "../" * 3])
def test_output_dir_holding_the_site_is_a_config_error(make_site, value):
    config = BASE_CONFIG + f"output_dir: {value}\n"
    shown = "''" if value == "''" else f"'{value}'"
    message = ("must be a folder name without control characters — e.g. output_dir: output" if value == "''"
               else "would overwrite the site's own files — use a folder of its own, e.g. output_dir: output")
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'output_dir')}: output_dir {shown} {message}"]


def test_output_dir_elsewhere_builds(make_site, tmp_path):
    site, run = build_with(make_site, BASE_CONFIG + f"output_dir: {tmp_path / 'public'}\n")
    assert run.code == 0, run.err
    assert (tmp_path / "public/index.html").is_file()


@pytest.mark.parametrize("section, line, message", [
    ("deploy", "cname: https://www.example.de/",
     "deploy.cname 'https://www.example.de/' must be a host name such as www.example.de "
     "— write it without https:// and without a path"),
    ("privacy", "allowed_hosts: cdn.example.de",
     "privacy.allowed_hosts must be a list of host names — e.g. allowed_hosts: [cdn.example.de]"),
    ("privacy", "allowed_hosts: [[cdn.example.de]]",
     'privacy.allowed_hosts must be text, not a list — put the text in double quotes, e.g. '
     'allowed_hosts: "cdn.example.de"'),
    ("feeds", "- limit: 5",
     "feeds must be a mapping of keys to values, not a list — write each value on its own indented line "
     "below 'feeds:'"),
])
def test_publishing_values_of_the_wrong_kind(make_site, section, line, message):
    config = with_key(section, line)
    number = line_of(config, line) if section != "feeds" else line_of(config, "feeds:")
    assert failed_with(make_site, config) == [f"config.yaml:{number}: {message}"]


def test_unknown_nested_key_warns_with_its_near_miss(make_site):
    config = with_key("pagination", "pagesize: 5")
    site, run = build_with(make_site, config)
    assert run.code == 0, run.err
    assert run.err == (f"warning: config.yaml:{line_of(config, 'pagesize')}: unknown config key "
                       "'pagination.pagesize' is ignored — did you mean 'pagination.page_size'?\n")


def test_a_date_pattern_babel_refuses_is_a_config_error(make_site):
    config = BASE_CONFIG + "formats:\n  time: qqqqqqq\n"
    assert failed_with(make_site, config) == [
        f"config.yaml:{line_of(config, 'time:')}: formats.time 'qqqqqqq' is not a valid pattern "
        "(Invalid length for field: 'qqqqqqq') — use CLDR letters and quote literal text, e.g. time: \"HH:mm 'Uhr'\""]


# ---------------------------------------------------------------- any value: no traceback, one line, safe result

FUZZ_KEYS = {  # key → (section or "", leaf)
    "title": ("", "title"), "base_url": ("", "base_url"), "language": ("", "language"),
    "timezone": ("", "timezone"), "theme": ("", "theme"), "output_dir": ("", "output_dir"),
    "related_count": ("", "related_count"), "permalinks.article": ("permalinks", "article"),
    "formats.date": ("formats", "date"), "pagination.page_size": ("pagination", "page_size"),
    "feeds.limit": ("feeds", "limit"), "deploy.cname": ("deploy", "cname"),
    "deploy.removal_limit": ("deploy", "removal_limit"), "markdown.allow_html": ("markdown", "allow_html"),
}


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("fuzz")
    (site / "themes/default/templates").mkdir(parents=True)
    return site


def _config_with(key: str, value: str) -> str:
    section, leaf = FUZZ_KEYS[key]
    quoted = json.dumps(value)  # a JSON string is a YAML double-quoted scalar
    lines = BASE_CONFIG.replace("title: Testseite\n", "") if key == "title" else BASE_CONFIG
    return lines + (f"{section}:\n  {leaf}: {quoted}\n" if section else f"{leaf}: {quoted}\n")


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(FUZZ_KEYS)),
       value=st.one_of(st.text(max_size=60), st.from_regex(r"[0-9]{1,6000}", fullmatch=True),
                       st.sampled_from(["/news/{slug}/", "de_DE", "Europe/Berlin", "https://x.de/a b", "..",
                                        "/", "javascript:x", "HH:mm", "9" * 4301])))
def test_any_value_gives_one_line_problems_or_a_usable_config(fuzz_site, key, value):
    (fuzz_site / "config.yaml").write_text(_config_with(key, value), "utf-8")
    config, problems = load_config(fuzz_site / "config.yaml")
    total = (fuzz_site / "config.yaml").read_text("utf-8").count("\n")
    for problem in problems:
        assert "\n" not in format_problem(problem) and 1 <= problem.line <= total, problem
    if config is None:
        assert any(p.is_error for p in problems)
        return
    Locale.parse(config.language)
    assert config.zone.key == config.timezone
    article_path = config.article_permalink.replace("{slug}", "gold")
    assert posixpath.normpath(article_path) + "/" == article_path
    assert (fuzz_site / config.output_dir).resolve() not in (fuzz_site, *fuzz_site.parents)
    assert 1 <= config.publishing.page_size <= 1000 and 1 <= config.publishing.feeds_limit <= 1000


# ---------------------------------------------------------------- later stages name the key's line too


def test_missing_legal_keys_name_the_line_of_their_section_or_key(make_site):
    config = BASE_CONFIG.replace("  vat_id: DE000000000\n", "").replace("  email: redaktion@example.de\n",
                                                                          "  email: ''\n")
    site = make_site({**GOLD, "content/pages/impressum.md": "---\ntitle: Impressum\n---\nText.\n"}, config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        f"config.yaml:{line_of(config, 'impressum:')}: 'impressum.vat_id' is required for the impressum page "
        "— add it under impressum: in config.yaml, e.g. vat_id: DE000000000",
        f"config.yaml:{line_of(config, 'email: ')}: 'impressum.email' is required for the impressum page "
        "— add it under impressum: in config.yaml, e.g. email: redaktion@example.de",
    ]


def test_a_language_with_region_is_written_as_a_bcp47_tag_in_pages_and_feeds(make_site):
    site = make_site({"content/news/gold.md": article("Gold")}, config=BASE_CONFIG + "language: de_AT\n")
    run = run_build(site, "--now", "2024-05-01 12:00")
    assert run.code == 0, run.err
    page = (site / "output/news/gold/index.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="de-AT">') and '"inLanguage": "de-AT"' in page
    assert "<language>de-AT</language>" in (site / "output/rss.xml").read_text()


def test_a_control_character_in_a_config_text_is_an_error_at_its_line(make_site):
    config = BASE_CONFIG.replace("description: Eine kleine Testseite\n", 'description: "Eine\\0 kleine\\x07 Testseite"\n')
    site = make_site({"content/news/gold.md": article("Gold")}, config=config)
    run = run_build(site, *NOW)
    assert run.code == 1
    assert problem_lines(run) == [
        "config.yaml:2: description contains the control characters U+0000, U+0007 — delete it; it is invisible "
        "in most editors, and pages and feeds cannot carry it"]


def test_a_theme_name_too_long_for_a_folder_is_a_config_error(make_site):
    config = BASE_CONFIG.replace("theme: default\n", "theme: " + "9" * 300 + "\n")
    site = make_site({"content/news/gold.md": article("Gold")}, config=config)
    run = run_build(site, *NOW)
    assert run.code == 1
    [line] = problem_lines(run)
    assert line.startswith("config.yaml:5: theme '9999") and line.endswith(
        "is longer than 100 bytes, too long for a folder name — e.g. theme: default")


def test_an_output_dir_name_too_long_for_the_file_system_is_a_config_error(make_site):
    site = make_site({"content/news/gold.md": article("Gold")}, config=BASE_CONFIG + "output_dir: " + "o" * 300 + "\n")
    run = run_build(site, *NOW)
    assert run.code == 1
    [line] = problem_lines(run)
    assert line.endswith("has a folder name longer than 255 bytes, more than file systems allow "
                         "— e.g. output_dir: output")
