"""Tables: written inside the scrolling wrapper that Material's script would put them in.

Once a page has loaded, Material's script moves every `table:not([class])` of the content into
`div.md-typeset__scrollwrap > div.md-typeset__table`, so that a wide table scrolls sideways on a
phone. Moving a table makes the browser style and lay it out again: on the About page's list of
sources that was 45 ms of the start-up task in Lighthouse's trace, most of the page's blocking
time (Contributing > Audit the pages). This extension writes the wrapper at build time, and a
class on the table so that the script leaves it where it is; the site's styles
(overrides/partials/styles.html) give that class Material's own table style
(tests/test_tables.py compares the two in Chromium).

    markdown_extensions:
      - illustrated.markdown.tables
"""

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

CLASS = "hv-table"


class WrapTables(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(parent):
                if child.tag == "table" and "class" not in child.attrib:
                    parent[index] = _wrapped(child)


def _wrapped(table):
    table.set("class", CLASS)
    scrollwrap = etree.Element("div", {"class": "md-typeset__scrollwrap"})
    etree.SubElement(scrollwrap, "div", {"class": "md-typeset__table"}).append(table)
    scrollwrap.tail, table.tail = table.tail, None
    return scrollwrap


class TablesExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(WrapTables(md), "illustrated_tables", 5)


def makeExtension(**kwargs):
    return TablesExtension(**kwargs)
