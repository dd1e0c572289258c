"""The Markdown extensions on their own, in Python-Markdown with no engine around them: where no
engine names the page, an error still names the line."""

import markdown
import pytest

from conftest import ROOT
from illustrated import figures
from illustrated.markdown import figures as figures_extension
from illustrated.markdown import glossary as glossary_extension


def convert(text, *extensions):
    return markdown.markdown(text, extensions=["abbr", "attr_list", "pymdownx.superfences", *extensions])


def test_an_unknown_figure_is_named_with_its_line():
    extension = figures_extension.makeExtension(config=str(ROOT / "mkdocs.yml"))
    with pytest.raises(figures.FigureError, match=r"line 3 of the page's text: no figure script draws 'no-such'"):
        convert("# A page\n\n[[figure: no-such]]\n", extension)


def test_a_marker_in_a_code_block_is_left_alone():
    extension = figures_extension.makeExtension(config=str(ROOT / "mkdocs.yml"))
    html = convert("```text\n[[figure: no-such]]\n```\n", extension)
    assert "[[figure: no-such]]" in html


def test_every_other_page_gets_the_abbreviations():
    extension = glossary_extension.makeExtension(
        glossary=str(ROOT / "includes" / "glossary.yml"), sources=str(ROOT / "includes" / "sources.yml"),
        config=str(ROOT / "mkdocs.yml"),
    )
    html = convert("VMBus carries the messages.\n", extension)
    assert '<abbr title="Virtual Machine Bus">VMBus</abbr>' in html


def test_a_table_is_written_inside_materials_scrolling_wrapper():
    html = convert("| Term | Meaning |\n|---|---|\n| VSP | Virtualization service provider |\n\nAfter.\n",
                   "tables", "illustrated.markdown.tables")
    assert html.startswith('<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="hv-table">')
    assert html.endswith("</table></div></div>\n<p>After.</p>")
