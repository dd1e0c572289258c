"""Citations: every external address is in includes/sources.yml, and only there."""

import re

import pytest

from conftest import ROOT, build_site
from illustrated import sources
from illustrated.markdown import citations
from illustrated.markdown.citations import CITATION, DEFINITION, INLINE_CODE

LISTED = sources.load(ROOT / sources.SOURCES)
SITE_URL = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
EXTERNAL = re.compile(r'\b(?:href|src)="(https?://[^"]+)"')
PAGES = sorted((ROOT / "docs").rglob("*.md"))


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


def test_every_listed_source_is_cited_somewhere(site):
    linked = set(external_links(site))
    uncited = sorted(id for id, entry in LISTED.items() if entry["url"] not in linked)
    assert not uncited, f"includes/sources.yml lists sources that no page cites: {uncited}"


@pytest.mark.parametrize("path", [*PAGES, ROOT / "includes" / "glossary.yml"], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_writes_an_external_address_itself(path):
    in_code = False  # an address in a code example is shown, not linked
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        in_code ^= line.lstrip().startswith("```")
        address = not in_code and re.search(r"https?://\S+", INLINE_CODE.sub("", line))
        assert not address, f"{path.relative_to(ROOT)}, line {number}: {address[0]} belongs in includes/sources.yml"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_every_citation_names_a_listed_source(path):
    text = path.read_text(encoding="utf-8")
    defined = {name.lower() for name in DEFINITION.findall(text)}
    for number, line in enumerate(text.splitlines(), 1):
        for match in CITATION.finditer(INLINE_CODE.sub("", line)):
            cited = (match[2] or match[1]).lower()
            assert cited in LISTED or cited in defined, f"{path.relative_to(ROOT)}, line {number}: {match[0]} cites no listed source"


def test_a_citation_of_an_unlisted_source_fails_the_strict_build(site_project, tmp_path):
    page = site_project / "docs" / "walkthrough" / "hypervisor.md"
    page.write_text(page.read_text() + "\nAs [the spec says][no-such-source].\n")
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "walkthrough/hypervisor.md" in result.stderr
    assert "'[the spec says][no-such-source]' cites 'no-such-source', which includes/sources.yml does not list" in result.stderr


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
