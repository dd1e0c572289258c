"""Row 8: what each page of the built site makes a browser download, and each figure file's size.

A page's weight is its HTML (the figures are inlined there) plus every file it makes the
browser fetch on load, each counted once: what its tags reference (style sheets, scripts,
the icon, images), what those style sheets reference, and what Material's scripts fetch by
themselves. That last part was read off Chromium's network log for this site: the search
worker, the search index, the word stemmers of each search language but English, and, with
instant navigation, the sitemap. Pages are weighed in the light scheme (a dark-only image
is not fetched there; in the dark scheme its light twin is not). Sizes are as stored; gzip (which hosts such as GitHub
Pages apply) is given beside them.
"""

import gzip
import json
import posixpath
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from common import BenchError


class _References(HTMLParser):
    """The URLs a page's own tags make the browser fetch, and Material's configuration."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.config = {}
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and set((attrs.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(attrs.get("href"))
        elif tag in ("script", "img", "source", "audio", "video", "iframe"):
            self.urls.append(attrs.get("src"))
        elif tag in ("image", "use"):  # inside inlined SVG; the figures' own are data: URIs
            self.urls.append(attrs.get("href") or attrs.get("xlink:href"))
        self._in_config = tag == "script" and attrs.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config = json.loads(data)

    def handle_endtag(self, tag):
        self._in_config = False


def page_weights(site):
    """{page URL: (bytes, gzipped bytes, [files])} for every HTML page of the site."""
    weights = {}
    for html in sorted(site.rglob("*.html")):
        files = sorted(_downloads(site, html))
        url = "/" + html.relative_to(site).as_posix().removesuffix("index.html")
        weights[url] = (sum(_size(f) for f in files), sum(_gzipped_size(f) for f in files), files)
    return weights


def figure_sizes(site):
    """{published figure file name: bytes}."""
    return {p.name: p.stat().st_size for p in sorted((site / "figures").glob("*")) if p.suffix in (".svg", ".png")}


def _downloads(site, html):
    found = {html}
    parser = _References()
    parser.feed(html.read_text())
    for url in parser.urls:
        if url and url.endswith("#only-dark"):
            continue  # Material hides it in the light scheme, and a hidden lazy image is not fetched
        found |= _with_css_references(site, _local_file(site, html, url))
    found |= _material_runtime(site, html, parser.config)
    found.discard(None)
    return found


def _local_file(site, referrer, url):
    """The site file a URL points to, relative to the file that references it; None if none."""
    if not url or url.startswith(("data:", "#", "mailto:")):
        return None
    if re.match(r"^[a-z]+:|^//", url):
        raise BenchError(f"{referrer.relative_to(site)} loads {url}: a page must not load files from other hosts")
    path = url.split("#")[0].split("?")[0]
    if path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = Path(posixpath.normpath(referrer.parent.joinpath(path).as_posix()))
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _with_css_references(site, path):
    if path is None:
        return {None}
    found = {path}
    if path.suffix == ".css":
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text()):
            found |= _with_css_references(site, _local_file(site, path, url))
    return found


def _material_runtime(site, html, config):
    """What Material's own scripts fetch on every page load (see the module's docstring)."""
    found = set()
    if config.get("search"):
        found.add(_local_file(site, html, config["search"]))
        index = site / "search" / "search_index.json"
        found.add(index)
        languages = json.loads(index.read_text())["config"]["lang"]
        stemmed = [lang for lang in languages if lang != "en"]  # lunr itself knows English
        lunr = site / "assets" / "javascripts" / "lunr" / "min"
        if stemmed:
            found.add(lunr / "lunr.stemmer.support.min.js")
            found |= {lunr / f"lunr.{lang}.min.js" for lang in stemmed}
        if len(languages) > 1:
            found.add(lunr / "lunr.multi.min.js")
    if "navigation.instant" in config.get("features", []):
        found.add(site / "sitemap.xml")
    return {path for path in found if path and path.is_file()}


@cache
def _size(path):
    return path.stat().st_size


@cache
def _gzipped_size(path):
    return len(gzip.compress(path.read_bytes(), 6))
