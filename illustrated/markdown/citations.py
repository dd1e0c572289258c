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
from markdown.preprocessors import Preprocessor

from illustrated import sources

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
        for number, line in enumerate(lines, 1):
            for match in CITATION.finditer(INLINE_CODE.sub("", line)):
                cited = (match[2] or match[1]).lower()
                if cited not in entries and cited not in defined:
                    raise CitationError(
                        f"line {number} of the page's text (after its front matter): {match[0]!r} "
                        f"cites {cited!r}, which {self.path} does not list"
                    )
        for id, entry in entries.items():
            self.md.references.setdefault(id, (entry["url"], None))
        return [row for line in lines for row in (_table(entries) if line.strip() == MARKER else [line])]


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
        # After fenced code (25) and raw HTML (20) are stashed: a citation there is not one.
        md.preprocessors.register(Citations(md, self.getConfig("sources")), "citations", 15)


def makeExtension(**kwargs):
    return CitationsExtension(**kwargs)
