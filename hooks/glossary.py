"""The glossary, from one source (includes/glossary.yml): its page, and tooltips on every page.

The glossary page holds a line `[[glossary]]` where the entries go. Every entry with an
`abbr` becomes an abbreviation, so the acronym shows its expansion on hover on every page.
"""

import html
import logging
import posixpath
import re
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "diagrams"))
import generate  # noqa: E402

SOURCE = Path(__file__).resolve().parent.parent / "includes" / "glossary.yml"
PAGE = "glossary/index.md"
MARKER = "[[glossary]]"
REQUIRED = ("id", "term", "definition", "source")
log = logging.getLogger("mkdocs.hooks.glossary")

_state = {"entries": [], "pages": {}}


def load(path=SOURCE):
    """The glossary entries; a bad file fails with its name and line."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise PluginError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(entries, list):
        raise PluginError(f"{path}: expected a list of entries")
    seen = set()
    for number, entry in enumerate(entries, 1):
        missing = [key for key in REQUIRED if not (isinstance(entry, dict) and entry.get(key))]
        if missing:
            raise PluginError(f"{path}: entry {number} lacks {', '.join(missing)}")
        if entry["id"] in seen:
            raise PluginError(f"{path}: entry {number}: the id {entry['id']!r} is used twice")
        if entry.get("abbr") and not entry.get("expansion"):
            raise PluginError(f"{path}: entry {number} ({entry['id']}): an abbr needs an expansion")
        seen.add(entry["id"])
    return entries


# Read the glossary once per build.
def on_config(config):
    _state["entries"] = load()
    _state["pages"] = {}


# Check that every figure links to a real entry (the figures are built by then, in on_config).
def on_pre_build(config):
    ids = {entry["id"] for entry in _state["entries"]}
    for slug, meta in generate.metadata().items():
        for term in meta["terms"]:
            if term not in ids:
                raise PluginError(
                    f"figure {slug!r} ({meta['source']}) links to the glossary term {term!r}, "
                    f"which {SOURCE.relative_to(SOURCE.parent.parent)} does not define"
                )


# Render the glossary page; give every page the abbreviations.
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == PAGE:
        if MARKER not in markdown:
            raise PluginError(f"{PAGE}: the line {MARKER} is missing")
        markdown = markdown.replace(MARKER, _entries_markdown(page))
    abbreviations = [
        f"*[{entry['abbr']}]: {entry['expansion']}" for entry in _state["entries"] if entry.get("abbr")
    ]
    return markdown + "\n\n" + "\n".join(abbreviations) + "\n"


def _entries_markdown(page):
    here = posixpath.dirname(page.file.src_uri)
    figures = generate.metadata()
    blocks = []
    for entry in sorted(_state["entries"], key=lambda e: e["term"].lower()):
        heading = entry["term"]
        if entry.get("expansion"):
            heading += f" ({entry['expansion']})"
        lines = [f"### {heading} {{ #{entry['id']} }}", "", " ".join(entry["definition"].split())]
        facts = []
        if entry.get("russian"):
            facts.append(f"In the article: *{entry['russian']}*")
        shown_in = [
            f"[{meta['title']}]({posixpath.relpath(_figure_page(slug), here)}#figure-{slug})"
            for slug, meta in sorted(figures.items())
            if entry["id"] in meta["terms"] and _figure_page(slug)
        ]
        if shown_in:
            facts.append("Figures: " + ", ".join(shown_in))
        facts.append(f"Source: <{entry['source']}>")
        lines += ["", *[f"- {fact}" for fact in facts], ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _figure_page(slug):
    """The page that shows a figure, read from the pages' markers before they are rendered."""
    return _state["pages"].get(slug, "")


# Find which page shows which figure before any page is rendered, for the glossary's links.
def on_files(files, config):
    marker = re.compile(r"^\[\[figure:\s*([a-z0-9-]+)\s*\]\]\s*$", re.M)
    for file in files.documentation_pages():
        for slug in marker.findall(Path(file.abs_src_path).read_text(encoding="utf-8")):
            _state["pages"][slug] = file.src_uri
    return files
