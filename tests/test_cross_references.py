"""Numbered figures and cross-references: captions read "Figure N." in the site's reading order,
`[[see: slug]]` becomes "Figure N" linked to the figure, and a reference to a figure that is not
there fails. First the extension alone on a small site of its own, then the built site."""

import posixpath
import re

import markdown
import pytest

from conftest import ROOT
from illustrated import figures, site
from illustrated.site import page_url
from illustrated.markdown import figures as figures_extension

CAPTION = re.compile(r'<div class="hv-figure" id="figure-(?P<slug>[a-z0-9-]+)">.*?<strong>Figure (?P<number>\d+)\.</strong>', re.S)
REFERENCE = re.compile(r'<a href="(?P<href>[^"]*)"[^>]*>Figure (?P<number>\d+)(?::[^<]*)?</a>')


@pytest.fixture
def small_site(tmp_path, site):  # `site`: the figures are built
    """A site whose nav reads z.md before sub/a.md, the reverse of the files' names: every
    figure is shown, three on z.md, the rest on sub/a.md."""
    slugs = list(figures.metadata())
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("nav:\n  - Z: z.md\n  - Part:\n      - sub/a.md\n")
    (tmp_path / "docs" / "z.md").write_text("# Z\n\n" + "".join(f"[[figure: {slug}]]\n\n" for slug in slugs[:3]))
    (tmp_path / "docs" / "sub" / "a.md").write_text("# A\n\n" + "".join(f"[[figure: {slug}]]\n\n" for slug in slugs[3:]))
    return tmp_path / "mkdocs.yml", slugs


def convert(text, config):
    extension = figures_extension.makeExtension(config=str(config))
    return markdown.markdown(text, extensions=["attr_list", "pymdownx.superfences", "pymdownx.tabbed", extension])


def test_figures_are_numbered_in_the_navs_reading_order(small_site):
    config, slugs = small_site
    assert site.figure_numbers(config) == {slug: number for number, slug in enumerate(slugs, 1)}
    html = convert((config.parent / "docs" / "sub" / "a.md").read_text(), config)
    assert [(m["slug"], int(m["number"])) for m in CAPTION.finditer(html)] == [
        (slug, number) for number, slug in enumerate(slugs, 1)][3:]


def test_a_reference_is_the_figures_number_linked_to_its_anchor(small_site):
    config, slugs = small_site
    html = convert(f"As [[see: {slugs[4]}]] and [[see:{slugs[0]}]] show; `[[see: {slugs[1]}]]` is code.\n", config)
    # The engine is unknown here: links are relative to docs_dir, as from a page at its root.
    assert f'<a href="sub/a.md#figure-{slugs[4]}" title="{figures.metadata()[slugs[4]]["title"]}">Figure 5</a>' in html
    assert f'<a href="z.md#figure-{slugs[0]}"' in html and ">Figure 1</a>" in html
    assert f"<code>[[see: {slugs[1]}]]</code>" in html


def test_a_reference_to_a_figure_no_script_draws_fails_naming_the_line(small_site):
    config, _ = small_site
    with pytest.raises(figures.FigureError, match=r"line 3 of the page's text: a reference to figure 'no-such', which no figure script draws"):
        convert("# A page\n\nSee [[see: no-such]].\n", config)


def test_a_reference_to_a_figure_no_page_shows_fails_naming_page_and_line(small_site):
    config, slugs = small_site
    page = config.parent / "docs" / "z.md"
    page.write_text(page.read_text().replace(f"[[figure: {slugs[0]}]]", f"Not shown: [[see: {slugs[0]}]]."))
    with pytest.raises(figures.FigureError, match=rf"shown on no page: {slugs[0]}; referred to on z.md, line 3$"):
        convert("# Any page\n", config)


# --- the built site --------------------------------------------------------------------------

def built_page(site_dir, source):
    """The built HTML of a page's Markdown source (use_directory_urls)."""
    stem = source.removesuffix(".md")
    return site_dir / ("index.html" if stem == "index" else (stem.removesuffix("/index") if stem.endswith("/index") else stem) + "/index.html")


def test_the_built_sites_captions_are_numbered_one_to_eight_in_reading_order(site):
    captions = [
        (match["slug"], int(match["number"]))
        for source in site_pages()
        for match in CAPTION.finditer(built_page(site, source).read_text())
    ]
    assert [number for _, number in captions] == list(range(1, len(figures.metadata()) + 1))
    assert captions[:2] == [("before-role", 1), ("after-role", 2)]


def test_every_reference_in_the_built_site_reaches_the_figure_of_its_number(site):
    numbered = {}  # (page url, anchor) -> number
    for source in site_pages():
        for match in CAPTION.finditer(built_page(site, source).read_text()):
            numbered[(page_url(source), f"figure-{match['slug']}")] = int(match["number"])
    references = []
    for source in site_pages():
        url = page_url(source)
        for match in REFERENCE.finditer(built_page(site, source).read_text()):
            path, _, anchor = match["href"].partition("#")
            target = posixpath.normpath(posixpath.join(url, path)) + "/" if path else url  # pages end in /
            references.append((url, target, anchor, int(match["number"])))
    assert references, "the site refers to its figures"
    for url, target, anchor, number in references:
        assert numbered.get((target, anchor)) == number, (url, target, anchor, number)
    by_page = {url for url, *_ in references}
    assert {"", "walkthrough/parent-partition/", "glossary/"} <= by_page


def site_pages():
    return [source.path for source in site.pages(ROOT / "mkdocs.yml")]
