"""The glossary page and the abbreviations, from includes/glossary.yml.

The glossary page holds a line `[[glossary]]` where the entries go, each with links to the
figures that show it ("Figure N: title", numbered as their captions are) and the sections
that speak of it. Every other page gets each entry with an `abbr` as an abbreviation (the
`abbr` extension must be on), so the acronym shows its expansion on hover.

    markdown_extensions:
      - abbr
      - illustrated.markdown.glossary:
          glossary: includes/glossary.yml
          page: glossary/index.md
          sections: walkthrough/
"""

import posixpath
import re
from html import escape

from markdown import Extension
from markdown.preprocessors import Preprocessor

from illustrated import figures, glossary, site, sources
from illustrated.markdown import engine

MARKER = "[[glossary]]"


class GlossaryPage(Preprocessor):
    def __init__(self, md, options):
        super().__init__(md)
        self.options = options

    def run(self, lines):
        entries = glossary.load(self.options["glossary"], self.options["sources"])
        page = engine.page(self.md)
        if page.path != self.options["page"]:
            abbreviations = [f"*[{entry['abbr']}]: {entry['expansion']}" for entry in entries if entry.get("abbr")]
            return [*lines, "", *abbreviations, ""]
        if MARKER not in lines:
            raise glossary.GlossaryError(f"{page.path}: the line {MARKER} is missing")
        # The glossary spells every acronym out in its own heading: no tooltips needed there.
        at = lines.index(MARKER)
        return [*lines[:at], *self.entries_markdown(entries, page).split("\n"), *lines[at + 1:]]

    def entries_markdown(self, entries, page):
        here = posixpath.dirname(page.path)
        drawn = figures.metadata()
        self.check_figure_terms(entries, drawn)
        shown = {slug: pages[0] for slug, pages in site.figures_shown(self.options["config"]).items()}
        numbers = site.figure_numbers(self.options["config"])
        sections = [
            (source.path, re.search(r"^# (.+)$", source.text, re.M).group(1), source.text, source.text.lower())
            for source in site.pages(self.options["config"])
            if source.path.startswith(self.options["sections"])
        ]
        listed = sources.load(self.options["sources"])
        blocks = []
        for entry in sorted(entries, key=lambda e: e["term"].lower()):
            heading = entry["term"] + (f" ({entry['expansion']})" if entry.get("expansion") else "")
            lines = [f"## {heading} {{ #{entry['id']} }}", "", " ".join(entry["definition"].split())]
            facts = []
            if entry.get("russian"):
                facts.append(f"In the article: *{entry['russian']}*")
            # Written as HTML: some 150 links on the page, which Markdown's link patterns scan
            # their whole line again for, each (a tenth of a warm build, make bench row 6b).
            shown_in = [
                f'<a href="{page.link(site.page_url(uri))}#figure-{slug}">Figure {numbers[slug]}: {escape(drawn[slug]["title"])}</a>'
                for slug, uri in shown.items()
                if slug in drawn and entry["id"] in drawn[slug]["terms"]
            ]
            if shown_in:
                facts.append("Figures: " + ", ".join(shown_in))
            spoken_of = [
                f"[{title}]({posixpath.relpath(uri, here)})"
                for uri, title, text, lowered in sections
                if _mentions(text, lowered, entry)
            ]
            if spoken_of:
                facts.append("Sections: " + ", ".join(spoken_of))
            cited = glossary.cited_by(entry)
            links = ", ".join(f"[{listed[source]['title']}][{source}]" for source in cited)
            facts.append(f"{'Sources' if len(cited) > 1 else 'Source'}: {links}")
            lines += ["", *[f"- {fact}" for fact in facts], ""]
            blocks.append("\n".join(lines))
        return "\n".join(blocks)

    def check_figure_terms(self, entries, drawn):
        """Every component a figure links to the glossary has its entry."""
        ids = {entry["id"] for entry in entries}
        for slug, meta in drawn.items():
            for term in meta["terms"]:
                if term not in ids:
                    raise glossary.GlossaryError(
                        f"figure {slug!r} ({meta['source']}) links to the glossary term {term!r}, "
                        f"which {self.options['glossary']} does not define"
                    )


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


class GlossaryExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "glossary": [str(glossary.GLOSSARY), "the entries, relative to the project"],
            "sources": [str(sources.SOURCES), "the list of sources the entries cite"],
            "page": ["glossary/index.md", "the glossary page, relative to docs_dir"],
            "sections": ["walkthrough/", "where the pages are whose mentions of a term the glossary links to"],
            "config": [str(site.CONFIG), "the site's configuration, for its pages and their reading order"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After fenced code (25) and raw HTML (20) are stashed, before citations (15) are checked.
        md.preprocessors.register(GlossaryPage(md, self.getConfigs()), "glossary", 17)


def makeExtension(**kwargs):
    return GlossaryExtension(**kwargs)
