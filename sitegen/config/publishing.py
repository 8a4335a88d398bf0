"""The publishing part of ``config.yaml``: feeds, pagination, privacy, SEO,
deploy and news settings, read into ``Publishing`` (``Config.publishing``).

Split from ``config.settings``, which re-exports the public names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitegen.config import values
from sitegen.config.deploy import host as deploy_host
from sitegen.config.reader import Reader
from sitegen.config.yamltext import Node

DEFAULT_DISCLAIMER = ("Hinweis: Dieser Beitrag dient nur der Information und ist keine Anlageberatung "
                      "und keine Aufforderung zum Kauf oder Verkauf von Wertpapieren oder Edelmetallen.")

MAX_PAGE_SIZE = 1000      # articles on one list page
MAX_FEED_ENTRIES = 1000   # entries in feed.xml / rss.xml
MAX_REMOVAL_LIMIT = 1_000_000


@dataclass(frozen=True)
class Publishing:
    """Settings for publishing: feeds, pagination, SEO, privacy, deploy files.

    ``allowed_hosts`` may be loaded from by pages (privacy check);
    ``default_image`` is a path below ``content/`` for OpenGraph; ``logo`` a
    theme static path (``img/logo.png``) for JSON-LD; ``cname`` the custom
    domain written to ``CNAME`` ("" = no file).  ``removal_limit`` is how
    many published articles one build may remove (``deploy.removal_limit``);
    None means the default rule: 10 % of the published articles or 20,
    whichever is larger.  ``host`` is ``deploy.host`` (``config.deploy.HOSTS``,
    "" = not given) and ``news_publication`` the Google News publication name
    (``news.publication``, "" = the site title).
    ``expired`` is what happens to an article after its ``expires:``
    (``news.expired``: "remove" or "notice"); ``breaking_hours`` how long a
    ``breaking: true`` banner shows after the article's date (``news.breaking_hours``).
    ``deploy_target`` is where ``build.py deploy``
    copies the site (``deploy.target``, checked by ``deploy.target``; "" = none).
    """

    feeds_limit: int = 20
    page_size: int = 10
    allowed_hosts: tuple[str, ...] = ()
    cname: str = ""
    default_image: str = ""
    publisher: str = ""
    logo: str = ""
    disclaimer: str = DEFAULT_DISCLAIMER
    removal_limit: int | None = None
    host: str = ""
    news_publication: str = ""
    deploy_target: str = ""
    expired: str = "remove"
    breaking_hours: int = 6


def read_publishing(r: Reader, top: dict[str, Node]) -> Publishing:
    """The ``Publishing`` settings from the top-level keys ``feeds``,
    ``pagination``, ``privacy``, ``seo``, ``deploy``, ``news`` and
    ``disclaimer`` of ``top``; problems go to ``r`` (defaults in their place)."""
    feeds = r.mapping(top.get("feeds"), "feeds", {"limit"})
    pages = r.mapping(top.get("pagination"), "pagination", {"page_size"})
    privacy = r.mapping(top.get("privacy"), "privacy", {"allowed_hosts"})
    seo = r.mapping(top.get("seo"), "seo", {"default_image", "publisher", "logo"})
    deploy = r.mapping(top.get("deploy"), "deploy", {"cname", "removal_limit", "host", "target"})
    news = r.mapping(top.get("news"), "news", {"publication", "expired", "breaking_hours"})
    return Publishing(
        feeds_limit=r.integer(feeds.get("limit"), "feeds.limit", 20, minimum=1, maximum=MAX_FEED_ENTRIES),
        page_size=r.integer(pages.get("page_size"), "pagination.page_size", 10, minimum=1, maximum=MAX_PAGE_SIZE),
        allowed_hosts=_hosts(r, privacy.get("allowed_hosts")),
        cname=values.host_name(r, deploy.get("cname"), "deploy.cname"),
        default_image=r.text(seo.get("default_image"), "seo.default_image"),
        publisher=r.text(seo.get("publisher"), "seo.publisher"),
        logo=r.text(seo.get("logo"), "seo.logo"),
        disclaimer=r.text(top.get("disclaimer"), "disclaimer", DEFAULT_DISCLAIMER),
        removal_limit=r.integer(deploy.get("removal_limit"), "deploy.removal_limit", None,
                                minimum=0, maximum=MAX_REMOVAL_LIMIT, example=50),
        host=deploy_host(r, deploy.get("host")),
        news_publication=r.text(news.get("publication"), "news.publication", example="Testverlag News"),
        deploy_target=_deploy_target(r, deploy.get("target")),
        expired=_expired(r, news.get("expired")),
        breaking_hours=r.integer(news.get("breaking_hours"), "news.breaking_hours", 6, minimum=1, maximum=168),
    )


def _expired(r: Reader, node: Node | None) -> str:
    """``news.expired``: "remove" (default) or "notice"."""
    text = r.text(node, "news.expired", "remove", example="remove")
    if text not in ("remove", "notice"):
        r.error(node.line, f"news.expired must be remove or notice, not '{text}'", "e.g. expired: notice")
        return "remove"
    return text


def _deploy_target(r: Reader, node: Node | None) -> str:
    """``deploy.target`` as written ("" when absent); its form is checked by ``deploy.target.parse_target``."""
    text = r.text(node, "deploy.target", example="git:git@github.com:verlag/site.git#gh-pages")
    if text:
        from sitegen.deploy.target import TargetError, parse_target
        try:
            parse_target(text, Path("/"))
        except TargetError as exc:
            message, _, hint = str(exc).partition(" — ")
            r.error(node.line, message, hint)
            return ""
    return text


def _hosts(r: Reader, node: Node | None) -> tuple[str, ...]:
    """``privacy.allowed_hosts``: a list of host names, lower-cased."""
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        r.error(node.line, "privacy.allowed_hosts must be a list of host names",
                "e.g. allowed_hosts: [cdn.example.de]")
        return ()
    return tuple(r.text(h, "privacy.allowed_hosts", example="cdn.example.de").lower() for h in node.value
                 if h.value is not None)
