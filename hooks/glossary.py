"""The glossary, from one source (includes/glossary.yml): its page, and tooltips on every page.

The glossary page holds a line `[[glossary]]` where the entries go. Every entry with an
`abbr` becomes an abbreviation, so the acronym shows its expansion on hover on every page.
"""

import posixpath
import re
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "diagrams"))
import generate  # noqa: E402

from illustrated import sources  # noqa: E402

SOURCE = ROOT / "includes" / "glossary.yml"
PAGE = "glossary/index.md"
MARKER = "[[glossary]]"
SECTIONS = "walkthrough/"  # the article's sections, which the entries point back to
REQUIRED = ("id", "term", "definition", "sources")
# PyYAML's libyaml loader, where it was built with it: ten times faster than the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_state = {"entries": [], "pages": {}, "sections": []}  # pages: figure slug -> the page showing it


def load():
    """The glossary entries; a bad file fails with its name and line."""
    path = SOURCE.relative_to(ROOT)
    text = SOURCE.read_text(encoding="utf-8")
    try:
        loader = YAML_LOADER(text)  # one parse gives both the entries and the line of each
        try:
            document = loader.get_single_node()
            entries = loader.construct_document(document) if document is not None else None
        finally:
            loader.dispose()
        starts = [node.start_mark.line + 1 for node in getattr(document, "value", [])]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise PluginError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(entries, list):
        raise PluginError(f"{path}: expected a list of entries")
    try:
        cited = sources.load()
    except sources.SourceError as exc:
        raise PluginError(str(exc)) from None
    seen = set()
    for number, (entry, line) in enumerate(zip(entries, starts), 1):
        where = f"{path}, line {line}: entry {number}"
        missing = [key for key in REQUIRED if not (isinstance(entry, dict) and entry.get(key))]
        if missing:
            raise PluginError(f"{where} lacks {', '.join(missing)}")
        if entry["id"] in seen:
            raise PluginError(f"{where}: the id {entry['id']!r} is used twice")
        if entry.get("abbr") and not entry.get("expansion"):
            raise PluginError(f"{where} ({entry['id']}): an abbr needs an expansion")
        unknown = [source for source in _as_list(entry["sources"]) if source not in cited]
        if unknown:
            raise PluginError(
                f"{where} ({entry['id']}): sources {', '.join(map(repr, unknown))} are not in {sources.SOURCES}"
            )
        seen.add(entry["id"])
    return entries


# Read the glossary once per build.
def on_config(config):
    _state["entries"] = load()


# Check that every figure links to a real entry (the figures are built by then, in on_config).
def on_pre_build(config):
    ids = {entry["id"] for entry in _state["entries"]}
    for slug, meta in generate.metadata().items():
        for term in meta["terms"]:
            if term not in ids:
                raise PluginError(
                    f"figure {slug!r} ({meta['source']}) links to the glossary term {term!r}, "
                    f"which {SOURCE.relative_to(ROOT)} does not define"
                )


# Render the glossary page; give every page the abbreviations.
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == PAGE:
        if MARKER not in markdown:
            raise PluginError(f"{PAGE}: the line {MARKER} is missing")
        # The glossary spells every acronym out in its own heading: no tooltips needed there.
        return markdown.replace(MARKER, _entries_markdown(page))
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
        lines = [f"## {heading} {{ #{entry['id']} }}", "", " ".join(entry["definition"].split())]
        facts = []
        if entry.get("russian"):
            facts.append(f"In the article: *{entry['russian']}*")
        shown_in = [
            f"[{figures[slug]['title']}]({posixpath.relpath(page_uri, here)}#figure-{slug})"
            for slug, page_uri in _state["pages"].items()
            if slug in figures and entry["id"] in figures[slug]["terms"]
        ]
        if shown_in:
            facts.append("Figures: " + ", ".join(shown_in))
        sections = [
            f"[{title}]({posixpath.relpath(uri, here)})"
            for uri, title, text, lowered in _state["sections"]
            if _mentions(text, lowered, entry)
        ]
        if sections:
            facts.append("Sections: " + ", ".join(sections))
        cited = sources.load()
        links = ", ".join(f"[{cited[source]['title']}][{source}]" for source in _as_list(entry["sources"]))
        facts.append(f"{'Sources' if len(_as_list(entry['sources'])) > 1 else 'Source'}: {links}")
        lines += ["", *[f"- {fact}" for fact in facts], ""]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _mentions(text, lowered, entry):
    """Whether a page speaks of an entry: links to it, or names it (the acronym as written).
    A plain search in the lowered text comes first: the regular expression is three times slower."""
    if f"#{entry['id']})" in text:
        return True
    names = [(entry["term"], re.I)] + ([(entry["abbr"], 0)] if entry.get("abbr") else [])
    return any(
        name.lower() in lowered and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags)
        for name, flags in names
    )


# Before any page is rendered: which page shows which figure, and what each section says,
# for the glossary's links to figures and sections.
def on_files(files, config):
    marker = re.compile(r"^\[\[figure:\s*([a-z0-9-]+)\s*\]\]\s*$", re.M)
    reading_order = _nav_paths(config["nav"])
    pages = sorted(files.documentation_pages(), key=lambda f: reading_order.index(f.src_uri) if f.src_uri in reading_order else len(reading_order))
    _state["pages"], _state["sections"] = {}, []
    for file in pages:
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        for slug in marker.findall(text):
            _state["pages"][slug] = file.src_uri  # in reading order
        if file.src_uri.startswith(SECTIONS):
            title = re.search(r"^# (.+)$", text, re.M).group(1)
            _state["sections"].append((file.src_uri, title, text, text.lower()))
    return files


def _nav_paths(nav):
    """The pages of the navigation, in reading order."""
    if isinstance(nav, str):
        return [nav]
    items = nav.values() if isinstance(nav, dict) else nav
    return [path for item in items for path in _nav_paths(item)]
