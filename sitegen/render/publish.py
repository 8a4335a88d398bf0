"""Files beside the pages: feeds, sitemap, robots.txt and host files.

See ``feeds`` (Atom and RSS), ``sitemap`` (sitemap.xml, robots.txt) and
``hostfiles`` (.nojekyll, CNAME, _headers).  Every file is a pure function
of the site, the plan and the config: two builds give identical bytes.
"""

from __future__ import annotations

from typing import Mapping

from sitegen.config.settings import Config
from sitegen.render.feeds import feed_files
from sitegen.render.topicfeeds import topic_feed_files
from sitegen.render.hostfiles import host_files
from sitegen.site.planner import PlannedPage
from sitegen.site.model import Site
from sitegen.render.sitemap import sitemap_files
from sitegen.render.views import Extras


def publish_files(site: Site, planned: list[PlannedPage], config: Config, extras: Extras,
                  feeds_memo: dict | None = None) -> Mapping[str, bytes]:
    """Return ``{output path: bytes}`` of the feeds, sitemap, robots.txt and host files
    (``feeds_memo``: ``serve``'s topic feeds of the last rebuild, see ``topicfeeds``)."""
    files: dict[str, bytes] = {}
    files.update(feed_files(site, config, extras))
    files.update(topic_feed_files(site, config, extras, feeds_memo))
    files.update(sitemap_files(planned, config))
    files.update(host_files(planned, config))
    return files
