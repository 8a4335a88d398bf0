"""The project's own sample site, served under ``/blog/`` and crawled like a bot.

The sample site (``content/``, ``themes/``, ``config.yaml``) is built with
``--base-url https://example.org/blog/`` into ``<tmp>/site/blog`` and served
from ``<tmp>/site`` with ``http.server``.  A crawler starts at ``/blog/`` and
follows every internal ``href``/``src``/``srcset`` (plus canonical URLs, feed
links and sitemap ``<loc>``s mapped to the local server): nothing may be
missing, every internal link must carry ``/blog/``, and every ``#anchor`` must
exist on its page.  The same crawl runs at the root base URL, and once more
with an extra article that links sources, site paths, anchors and images.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
from PIL import Image

from conftest import ROOT, run_build

NOW = ("--now", "2024-06-10 12:00")
EXTRA = Path(__file__).parent / "fixtures" / "publishing" / "gold-crawl-check.md"


def sample_site(tmp_path: Path, extra: bool = False) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "themes", project / "themes")
    shutil.copytree(ROOT / "data", project / "data")  # the sample article's table and chart
    shutil.copy(ROOT / "config.yaml", project / "config.yaml")
    if extra:
        shutil.copy(EXTRA, project / "content" / "news" / EXTRA.name)
        buf = io.BytesIO()
        Image.new("RGB", (640, 360), (212, 175, 55)).save(buf, "PNG")
        (project / "content" / "news" / "vergleich.png").write_bytes(buf.getvalue())
    return project


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture
def serve():
    """``serve(folder) -> "http://127.0.0.1:PORT"``; servers stop after the test."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@dataclass
class Crawl:
    """What the crawler found: ``status`` per local path, ``bad_links`` (page,
    link) that miss the base path, ``missing_anchors`` (page, link)."""

    status: dict[str, int] = field(default_factory=dict)
    bad_links: list[tuple[str, str]] = field(default_factory=list)
    missing_anchors: list[tuple[str, str]] = field(default_factory=list)
    referrers: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)

    @property
    def not_found(self) -> list[tuple[str, str]]:
        return sorted((path, self.referrers.get(path, "")) for path, code in self.status.items() if code != 200)


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def html_links(data: bytes) -> tuple[list[str], list[str], set[str]]:
    """Every URL an HTML page links or loads, its form actions (checked for
    the base path, never fetched: they post to a server) and its ids."""
    doc = lxml.html.fromstring(data)
    links = list(doc.xpath("//@href | //@src"))
    for srcset in doc.xpath("//@srcset"):
        links += [part.split()[0] for part in srcset.split(",") if part.strip()]
    links += doc.xpath('//meta[@property="og:url" or @property="og:image" or @name="twitter:image"]/@content')
    for style in doc.xpath("//style/text() | //@style"):
        links += re.findall(r"""url\(\s*['"]?([^'")\s]+)""", style)
    return links, list(doc.xpath("//form/@action")), set(doc.xpath("//@id"))


def xml_links(data: bytes) -> list[str]:
    """URLs in a sitemap (``<loc>``), Atom (``link/@href``, ``id``) or RSS feed (``link``, ``guid``)."""
    root = ET.fromstring(data)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("loc", "link", "guid", "id", "uri", "url") and element.text and element.text.strip():
            found.append(element.text.strip())
        if tag == "link" and element.get("href"):
            found.append(element.get("href"))
    return [u for u in found if u.startswith("http")]


def crawl(local: str, base_url: str, start: str, extra_starts: tuple[str, ...] = ()) -> Crawl:
    """Crawl the server at ``local`` from ``start`` (a path such as ``/blog/``).

    ``base_url`` is the site's public URL; absolute links to its host are
    mapped to the local server.  Only GETs what a browser or bot would.
    """
    public = urlsplit(base_url)
    base_path = public.path
    result = Crawl()
    queue = [start, *extra_starts]
    anchors: list[tuple[str, str, str]] = []
    while queue:
        path = queue.pop()
        if path in result.status:
            continue
        code, ctype, data = _fetch(local + path)
        result.status[path] = code
        if code != 200:
            continue
        actions: list[str] = []
        if "html" in ctype:
            links, actions, ids = html_links(data)
            result.ids[path] = ids
        elif path.endswith(".xml"):
            links = xml_links(data)
        elif path.endswith(".txt"):
            links = re.findall(r"(?m)^Sitemap:\s*(\S+)", data.decode())
        else:
            continue
        for action in actions:
            parts = urlsplit(action)
            if (parts.netloc or public.netloc) == public.netloc and not parts.path.startswith(base_path):
                result.bad_links.append((path, action))
        for link in links:
            link = link.strip()
            if not link or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            parts = urlsplit(link)
            if parts.scheme and parts.netloc != public.netloc:
                continue  # another site (a plain link, no load: the privacy check covers loads)
            if not parts.scheme and not link.startswith("#") and not link.startswith(base_path):
                result.bad_links.append((path, link))
            target, fragment = urldefrag(urljoin(path, parts.path + (f"?{parts.query}" if parts.query else "")
                                                 if parts.scheme else link))
            if parts.scheme:
                target = urlsplit(target).path
            if not target.startswith(base_path):
                result.bad_links.append((path, link))
            if fragment:
                anchors.append((path, link, target or path))
            if target not in result.status:
                result.referrers.setdefault(target, path)
                queue.append(target)
    for page, link, target in anchors:
        fragment = urldefrag(link)[1]
        if fragment not in result.ids.get(target, set()):
            result.missing_anchors.append((page, link))
    return result


def check(result: Crawl, base_path: str, min_pages: int) -> None:
    assert result.not_found == [], "missing (path, first page linking it)"
    assert sorted(set(result.bad_links)) == [], f"internal links without {base_path}"
    assert sorted(set(result.missing_anchors)) == [], "links to #anchors that are not on their page"
    pages = [p for p in result.ids]
    assert len(pages) >= min_pages, pages
    assert any(re.search(r"/assets/css/site\.[0-9a-f]{10}\.css$", p) for p in result.status)
    for must in ("feed.xml", "rss.xml", "sitemap.xml", "news/", "themen/", "archiv/", "impressum/",
                 "datenschutz/"):
        assert any(p.startswith(base_path + must) for p in result.status), must


def _build(project: Path, *args: str) -> None:
    run = run_build(project, *NOW, *args)
    assert run.code == 0, run.err


def test_sample_site_under_blog_has_no_dead_links(tmp_path, serve):
    project = sample_site(tmp_path)
    _build(project, "--base-url", "https://example.org/blog/", "--output", str(tmp_path / "site" / "blog"))
    local = serve(tmp_path / "site")
    result = crawl(local, "https://example.org/blog/", "/blog/", ("/blog/robots.txt",))
    check(result, "/blog/", 30)
    assert "/blog/seite/2/" in result.status, "the home page's second page is reached"
    assert _fetch(local + "/robots.txt")[0] == 404, "nothing is written outside the sub-path"


def test_sample_site_at_the_root_has_no_dead_links(tmp_path, serve):
    project = sample_site(tmp_path)
    _build(project, "--output", str(tmp_path / "site"))
    local = serve(tmp_path / "site")
    result = crawl(local, "https://www.example.de/", "/", ("/robots.txt",))
    check(result, "/", 30)


@pytest.mark.parametrize("base_url,prefix", [("https://example.org/blog/", "/blog/"),
                                             ("https://www.example.de/", "/")])
def test_links_images_and_anchors_from_markdown_are_reachable(tmp_path, serve, base_url, prefix):
    project = sample_site(tmp_path, extra=True)
    out = tmp_path / "site" / prefix.strip("/")
    _build(project, "--base-url", base_url, "--output", str(out))
    local = serve(tmp_path / "site")
    result = crawl(local, base_url, prefix, (prefix + "robots.txt",))
    check(result, prefix, 30)
    article = prefix + "news/gold-und-silber-im-vergleich/"
    assert result.status.get(article) == 200
    images = [p for p in result.status if p.startswith(prefix + "bilder/vergleich.")]
    # the 640 px PNG fallback and WebP at 480 and 640 px (render/pictures.py), all reachable
    assert len(images) == 3 and all(result.status[image] == 200 for image in images)
    linked = lxml.html.fromstring((out / "news" / "gold-und-silber-im-vergleich" / "index.html").read_bytes())
    hrefs = linked.xpath('//div[@class="prose"]//a/@href')
    assert all(h.startswith((prefix, "#")) for h in hrefs) and any(h.endswith("#ausblick") for h in hrefs), hrefs


def test_404_page_links_work_from_any_depth(tmp_path, serve):
    project = sample_site(tmp_path)
    _build(project, "--base-url", "https://example.org/blog/", "--output", str(tmp_path / "site" / "blog"))
    local = serve(tmp_path / "site")
    data = (tmp_path / "site" / "blog" / "404.html").read_bytes()
    links, _, _ = html_links(data)
    internal = [l for l in links if not urlsplit(l).scheme and not l.startswith(("#", "mailto:", "tel:"))]
    assert internal
    for depth in ("/blog/gibt-es-nicht", "/blog/news/alt/weg/", "/blog/a/b/c/d/e.html"):
        for link in internal:
            target = urldefrag(urljoin(depth, link))[0]
            assert _fetch(local + target)[0] == 200, f"{link} from 404.html served at {depth}"
