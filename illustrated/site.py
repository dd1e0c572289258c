"""The site's pages as the extensions need to see them all at once, whichever page is being
converted: their Markdown sources in the reading order of mkdocs.yml's `nav`, which page
shows which figure, and so each figure's number. Both engines read the same mkdocs.yml, so this reads it too.
"""

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

import yaml

CONFIG = Path("mkdocs.yml")  # relative to the project, where the site is built
FIGURE_MARKER = re.compile(r"^\[\[figure:\s*(?P<slug>[a-z0-9-]+)\s*\]\]\s*$")
# A reference to a figure, `[[see: slug]]`, or a code span, which is left as it is (so that
# `[[see: slug]]` in backticks shows the syntax).
FIGURE_REFERENCE = re.compile(r"(?P<code>(?P<ticks>`+).+?(?P=ticks))|\[\[see:\s*(?P<slug>[^\]]*?)\s*\]\]")


class Source(NamedTuple):
    path: str  # relative to docs_dir, as in the nav
    text: str


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's, where PyYAML has it
    """mkdocs.yml as data: an engine's tags (!ENV, !relative) are read as nothing."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def settings(config=CONFIG):
    """mkdocs.yml as data."""
    config = Path(config)
    return _settings(str(config.resolve()), config.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)  # read once per build, however many pages ask
def _settings(config, stamp):
    return yaml.load(Path(config).read_text(encoding="utf-8"), Loader=_Loader) or {}


def pages(config=CONFIG):
    """Every page's source, in reading order (the nav's, then any page it leaves out)."""
    config = Path(config)
    configured = settings(config)
    docs = config.parent / (configured.get("docs_dir") or "docs")
    # Asked several times a page: os.walk lists docs/ in half the time pathlib's rglob takes.
    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(docs) for name in names if name.endswith(".md"))
    stamps = tuple((path, os.stat(path).st_mtime_ns) for path in files)
    return _pages(str(docs), tuple(_nav_paths(configured.get("nav") or [])), stamps)


@functools.lru_cache(maxsize=2)  # read once per build, however many pages ask
def _pages(docs, reading_order, stamps):
    found = {Path(path).relative_to(docs).as_posix(): Path(path) for path, _ in stamps}
    order = [path for path in reading_order if path in found] + sorted(set(found) - set(reading_order))
    return tuple(Source(path, found[path].read_text(encoding="utf-8")) for path in order)


def figures_shown(config=CONFIG):
    """{slug: [page, ...]}: the pages that show each figure, in reading order."""
    return _figures_shown(pages(config))


@functools.lru_cache(maxsize=2)
def _figures_shown(pages):
    shown = {}
    for page in pages:
        for line in page.text.splitlines():
            match = FIGURE_MARKER.match(line)
            if match:
                shown.setdefault(match["slug"], []).append(page.path)
    return shown


def figure_numbers(config=CONFIG):
    """{slug: N}: a figure's number is its place in reading order among the figures that a page
    shows with a `[[figure: ...]]` marker (the home page's images of two of them are not those)."""
    return {slug: number for number, slug in enumerate(figures_shown(config), 1)}


def figure_references(config=CONFIG):
    """[(page, line, slug), ...]: every reference to a figure in the pages' sources."""
    return [
        (page.path, number, match["slug"])
        for page in pages(config)
        for number, line in enumerate(page.text.splitlines(), 1)
        if "[[see:" in line
        for match in FIGURE_REFERENCE.finditer(line)
        if not match["code"]
    ]


def page_url(source):
    """The address of a page's source relative to the site's root (use_directory_urls)."""
    stem = source.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"


def _nav_paths(nav):
    """The pages of the navigation, in reading order."""
    if isinstance(nav, str):
        return [nav]
    items = nav.values() if isinstance(nav, dict) else nav
    return [path for item in items for path in _nav_paths(item)]
