"""Citations: `[any text][source-id]` on any page links to that entry of includes/sources.yml.

The extension gives every page the list's entries as reference definitions, so a page never
writes an external address itself, and fails the build on a citation of an id the list lacks
(Python-Markdown would otherwise leave the brackets in the text, silently). A line
`[[sources]]` becomes the whole list, as a table.

    markdown_extensions:
      - illustrated.markdown.citations:
          sources: includes/sources.yml
"""

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from illustrated import sources
from illustrated.markdown import engine

# `[text][id]` or `[id][]`, not inside inline code; the text may hold one level of brackets.
CITATION = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([^\[\]]*)\]")
INLINE_CODE = re.compile(r"(`+).+?\1")
DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:", re.M)
MARKER = "[[sources]]"


class CitationError(sources.SourceError):
    pass


class Citations(Preprocessor):
    def __init__(self, md, path):
        super().__init__(md)
        self.path = path

    def run(self, lines):
        entries = sources.load(self.path)
        defined = {name.lower() for name in DEFINITION.findall("\n".join(lines))}
        in_code = False  # a citation shown in a code example is not one
        for number, line in enumerate(lines, 1):
            in_code ^= line.lstrip().startswith(("```", "~~~"))
            for match in [] if in_code else CITATION.finditer(INLINE_CODE.sub("", line)):
                cited = (match[2] or match[1]).lower()
                if cited not in entries and cited not in defined:
                    where = engine.page(self.md).where(number)
                    raise CitationError(f"{where}: {match[0]!r} cites {cited!r}, which {self.path} does not list")
        for id, entry in entries.items():
            self.md.references.setdefault(id, (entry["url"], None))
        return [row for line in lines for row in (_table(entries) if line.strip() == MARKER else [line])]


class Unresolved(Postprocessor):
    """A citation that another extension wrote into the page (a figure's caption, a glossary
    entry) and that no reference resolved is left as text: fail on it, naming the page."""

    CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)

    def run(self, text):
        match = CITATION.search(self.CODE.sub("", text))
        if match:
            raise CitationError(f"{engine.page(self.md).path or 'a page'}: {match[0]!r} cites no listed source")
        return text


def _table(entries):
    """Every source, grouped by publisher: what a reader checks our claims against."""
    rows = sorted(entries.values(), key=lambda entry: (entry["publisher"], entry["title"].lower()))
    return ["| Source | Publisher | Last read |", "|---|---|---|"] + [
        f"| [{entry['title']}][{entry['id']}] | {entry['publisher']} | {entry['checked']:%d %B %Y} |" for entry in rows
    ]


class CitationsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"sources": [str(sources.SOURCES), "the list of sources, relative to the project"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before any other extension adds or stashes lines (fenced code is 25), so that an error
        # names the page's own line; what other extensions add is checked once it is HTML.
        md.preprocessors.register(Citations(md, self.getConfig("sources")), "citations", 29)
        md.postprocessors.register(Unresolved(md), "unresolved-citations", 5)  # after raw HTML (30)


def makeExtension(**kwargs):
    return CitationsExtension(**kwargs)
