"""A built site as a reader meets it, engine aside: a manifest of each page's content.

For every page: its title, its headings (level, anchor, text), the figures inlined in it and
their numbers ("Figure N."), its abbreviations, every link of its content to the site itself,
resolved to the file and anchor it reaches, and the text of those that refer to a figure. The theme's chrome (header, navigation, footer) is left out but for the
navigation's order of pages, which is compared on its own.
"""

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HEADING = re.compile(r"h[1-6]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "path", "polygon", "ellipse", "use", "image", "polyline", "rect", "circle", "line", "stop"}


class _Content(HTMLParser):
    """Collects from a page what its content shows: headings, figures, abbreviations, links, ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article class="md-content__inner"> when > 0
        self.stack = []
        self.title = ""
        self.in_title = False
        self.headings, self.figures, self.abbreviations, self.links, self.ids = [], [], set(), [], set()
        self.numbers, self.link_texts = [], []  # captions' "Figure N.", and (href, text) of links
        self.in_caption = False
        self.nav = []
        self._text = None  # (kind, attrs, parts) of the element whose text is being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "title" and not self.stack:
            self.in_title = True
        if tag == "article" and "md-content__inner" in attrs.get("class", ""):
            self.depth = 1
            return
        if not self.depth:
            if tag == "a" and "md-nav__link" in attrs.get("class", "") and attrs.get("href"):
                self.nav.append(attrs["href"])
            return
        if tag not in VOID and not tag.endswith("/"):
            self.depth += 1
        if HEADING.fullmatch(tag):
            self._text = ("heading", {"level": int(tag[1]), "id": attrs.get("id", "")}, [])
        elif tag == "abbr":
            self._text = ("abbr", {"title": attrs.get("title", "")}, [])
        elif tag == "strong" and self.in_caption and not self._text:
            self._text = ("number", {}, [])
        elif tag == "a" and attrs.get("href") and not self._text:
            self._text = ("link", {"href": attrs["href"]}, [])
        if tag == "p":
            self.in_caption = "hv-figure__caption" in attrs.get("class", "")
        if tag == "div" and "hv-figure__art" in attrs.get("class", ""):
            self.figures.append(attrs.get("data-figure"))
        href = attrs.get("href") or attrs.get("xlink:href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if not self.depth:
            return
        if tag not in VOID:
            self.depth -= 1
        if tag == "p":
            self.in_caption = False
        ends = {"heading": "h", "abbr": "abbr", "number": "strong", "link": "a"}
        if self._text and (tag == ends[self._text[0]] or HEADING.fullmatch(tag) and self._text[0] == "heading"):
            kind, attrs, parts = self._text
            text = " ".join("".join(parts).split()).removesuffix("¶").strip()
            if kind == "heading":
                self.headings.append((attrs["level"], attrs["id"], text))
            elif kind == "abbr":
                self.abbreviations.add((text, attrs["title"]))
            elif kind == "number":
                self.numbers.append(text)
            else:
                self.link_texts.append((attrs["href"], text))
            self._text = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.depth and self._text:
            self._text[2].append(data)


def page_url(site, html):
    """The page's address relative to the site's root, as in its links ('' for the home page)."""
    relative = html.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def _resolve(url, href):
    """(path, anchor) of a link of the page at `url`, or None for a link off the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    if not parts.path:
        return (url, unquote(parts.fragment))
    path = posixpath.normpath(posixpath.join(posixpath.dirname(url) if not url.endswith("/") else url, parts.path))
    path = "" if path == "." else path + ("/" if parts.path.endswith("/") else "")
    return (path, unquote(parts.fragment))


def manifest(site):
    """{page url: {title, headings, figures, figure numbers, abbreviations, links, figure
    references}} and the navigation's pages."""
    site = Path(site)
    pages, nav, ids = {}, None, {}
    for html in sorted(site.rglob("*.html")):
        url = page_url(site, html)
        content = _Content()
        content.feed(html.read_text(encoding="utf-8"))
        ids[url] = content.ids
        links = sorted({link for link in map(lambda href: _resolve(url, href), content.links) if link})
        pages[url] = {
            "title": " ".join(content.title.split()),
            "headings": content.headings,
            "figures": content.figures,
            "figure_numbers": content.numbers,
            "figure_references": sorted(
                (_resolve(url, href), text) for href, text in content.link_texts if text.startswith("Figure ")
            ),
            "abbreviations": sorted(content.abbreviations),
            "links": links,
        }
        if url == "":  # each page once, in the order the navigation first links to it
            nav = list(dict.fromkeys(link[0] for link in map(lambda href: _resolve(url, href), content.nav) if link))
    return {"pages": pages, "nav": nav, "ids": ids}


def broken_links(site, found):
    """Every content link that reaches no file of the site, or no anchor of its page."""
    site = Path(site)
    broken = []
    for url, page in found["pages"].items():
        for path, anchor in page["links"]:
            target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
            if not target.is_file():
                broken.append((url, path, anchor, "no such file"))
            elif anchor and target.suffix == ".html" and anchor not in found["ids"].get(page_url(site, target), set()):
                broken.append((url, path, anchor, "no such anchor"))
    return broken
