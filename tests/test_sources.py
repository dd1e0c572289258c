"""Citations: every external address is in includes/sources.yml, and only there."""

import ast
import re

import pytest
import yaml

from conftest import ROOT, build_site, generate
from illustrated import sources
from illustrated.markdown import citations
from illustrated.markdown.citations import CITATION, DEFINITION, INLINE_CODE

LISTED = sources.load(ROOT / sources.SOURCES)
SITE_URL = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
EXTERNAL = re.compile(r'\b(?:href|src)="(https?://[^"]+)"')
PAGES = sorted((ROOT / "docs").rglob("*.md"))
CAPTIONS = generate.scripts()  # a figure script's docstring is its caption


def cited_text(path):
    """What a reader is shown of a file: a page's Markdown, a figure script's caption."""
    text = path.read_text(encoding="utf-8")
    return ast.get_docstring(ast.parse(text)) or "" if path.suffix == ".py" else text


def external_links(site):
    """{address: [page, ...]} of every external link and image of the built site."""
    found = {}
    for html in sorted(site.rglob("*.html")):
        for address in EXTERNAL.findall(html.read_text()):
            if not address.startswith(SITE_URL):  # the site's own canonical address
                found.setdefault(address, []).append(str(html.relative_to(site)))
    return found


def test_every_external_link_of_the_site_is_a_listed_source(site):
    listed = {entry["url"] for entry in LISTED.values()}
    unlisted = {address: where[:3] for address, where in external_links(site).items() if address not in listed}
    assert not unlisted, f"external links not in includes/sources.yml: {unlisted}"


def cited_ids():
    """The ids that pages, captions and glossary entries cite (the [[sources]] table lists them
    all, so it does not count)."""
    cited = {
        (match[2] or match[1]).lower()
        for page in PAGES + CAPTIONS
        for match in CITATION.finditer(INLINE_CODE.sub("", cited_text(page)))
    }
    glossary = yaml.safe_load((ROOT / "includes" / "glossary.yml").read_text(encoding="utf-8"))
    return cited | {source for entry in glossary for source in entry["sources"]}


def test_every_listed_source_is_cited_somewhere(site):
    footer = re.search(r"<footer.*</footer>", (site / "index.html").read_text(), re.S).group(0)
    credited = {id for id, entry in LISTED.items() if f'href="{entry["url"]}"' in footer}  # the theme's credit
    uncited = sorted(set(LISTED) - cited_ids() - credited)
    assert not uncited, f"includes/sources.yml lists sources that no page or glossary entry cites: {uncited}"


@pytest.mark.parametrize("path", [*PAGES, ROOT / "includes" / "glossary.yml"], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_writes_an_external_address_itself(path):
    in_code = False  # an address in a code example is shown, not linked
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        in_code ^= line.lstrip().startswith("```")
        address = not in_code and re.search(r"https?://\S+", INLINE_CODE.sub("", line))
        assert not address, f"{path.relative_to(ROOT)}, line {number}: {address[0]} belongs in includes/sources.yml"


@pytest.mark.parametrize("path", PAGES + CAPTIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_citation_names_a_listed_source(path):
    text = cited_text(path)
    defined = {name.lower() for name in DEFINITION.findall(text)}
    for number, line in enumerate(text.splitlines(), 1):
        for match in CITATION.finditer(INLINE_CODE.sub("", line)):
            cited = (match[2] or match[1]).lower()
            assert cited in LISTED or cited in defined, f"{path.relative_to(ROOT)}, line {number}: {match[0]} cites no listed source"


def test_a_citation_of_an_unlisted_source_fails_the_strict_build(site_project, tmp_path):
    page = site_project / "docs" / "walkthrough" / "hypervisor.md"
    text = page.read_text() + "\nAs [the spec says][no-such-source].\n"
    page.write_text(text)
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        f"walkthrough/hypervisor.md, line {text.count(chr(10))}: '[the spec says][no-such-source]' cites "
        "'no-such-source', which includes/sources.yml does not list"
    ) in result.stderr


def test_a_caption_citing_an_unlisted_source_fails_the_strict_build(site_project, tmp_path):
    script = site_project / "diagrams" / "before_role.py"
    script.write_text(script.read_text().replace('"""', '"""As [a spec][no-such-source] says. ', 1))
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "walkthrough/role-install.md: '[a spec][no-such-source]' cites no listed source" in result.stderr


def test_a_broken_source_entry_fails_the_build_naming_its_line(site_project, tmp_path):
    listing = site_project / "includes" / "sources.yml"
    text = listing.read_text()
    line = text[: text.index("- id: kernel-vmbus")].count("\n") + 1
    listing.write_text(text.replace("  url: https://docs.kernel.org/virt/hyperv/vmbus.html", "  url: http://docs.kernel.org/", 1))
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert f"includes/sources.yml, line {line} (kernel-vmbus): the url must be an https:// address" in result.stderr


def test_the_sources_marker_lists_every_source_with_its_publisher_and_date():
    import markdown

    html = markdown.markdown("[[sources]]", extensions=["tables", citations.makeExtension(sources=str(ROOT / sources.SOURCES))])
    for entry in LISTED.values():
        assert f'<a href="{entry["url"]}">' in html, entry["id"]
    assert html.count("<tr>") == len(LISTED) + 1
