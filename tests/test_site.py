"""The built site: every page complete, every figure placed, every glossary link real."""

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT, SLUGS

WALKTHROUGH = yaml.safe_load(
    re.search(r"^nav:\n(.*)", (ROOT / "mkdocs.yml").read_text(), re.S | re.M).group(0)
)["nav"][1]["Walkthrough"]


def pages(site):
    return sorted(p for p in site.rglob("index.html") if p.parent.name not in ("404",))


def html_of(site, md_path):
    url = md_path.removesuffix(".md").removesuffix("index").rstrip("/")
    return (site / url / "index.html").read_text()


class Head(HTMLParser):
    """The H1s and the meta description of a page."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.description = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")


def test_every_page_has_one_h1_and_its_own_meta_description(site):
    for source in sorted((ROOT / "docs").rglob("*.md")):
        front = re.match(r"---\n(.*?)\n---\n", source.read_text(), re.S)
        assert front, f"{source.name} has no front matter"
        description = yaml.safe_load(front.group(1))["description"]  # fails on broken YAML
        assert 50 <= len(description) <= 160, source
        html = html_of(site, str(source.relative_to(ROOT / "docs")))
        head = Head()
        head.feed(html)
        assert head.h1 == 1, f"{source} has {head.h1} H1"
        assert head.description == description, f"{source}: the page does not carry its own description"


def test_every_figure_is_inlined_on_a_page_with_source_and_downloads(site):
    everything = "".join(page.read_text() for page in pages(site))
    for slug in SLUGS:
        assert f'id="figure-{slug}"' in everything, slug
        assert everything.count(f'aria-labelledby="{slug}-light-title"') == 1, f"{slug}: inlined once"
        assert f"figures/{slug}-dark.svg" in everything, f"{slug}: the dark scheme's full-size link"
        assert f"figures/{slug}.svg" in everything and f"figures/{slug}.png" in everything, slug
        assert (site / "figures" / f"{slug}.svg").exists() and (site / "figures" / f"{slug}-dark.png").exists()


def test_a_figure_tab_shows_its_script_source(site):
    html = html_of(site, "walkthrough/role-install.md")
    script = (ROOT / "diagrams" / "after_role.py").read_text()
    first_code_line = next(line for line in script.splitlines() if line.startswith("with figure("))
    assert "diagrams/after_role.py" in html
    assert re.sub(r"<[^>]+>", "", html).count("Windows Server 2008 after the Hyper-V role is installed") >= 1
    assert "with" in html and "figure" in html and first_code_line.split('"')[1] in html


def test_every_glossary_term_a_figure_links_to_exists(site):
    glossary = (site / "glossary" / "index.html").read_text()
    anchors = set(re.findall(r'<h2 id="([^"]+)"', glossary))
    for page in pages(site):
        for term in re.findall(r'xlink:href="(?:\.\./)*glossary/#([a-z0-9-]+)"', page.read_text()):
            assert term in anchors, f"{page.relative_to(site)} links to missing term {term}"


def test_the_glossary_gives_russian_terms_and_acronyms_have_tooltips(site):
    glossary = (site / "glossary" / "index.html").read_text()
    assert "шина виртуальных устройств" in glossary
    entry = glossary[glossary.index('id="vmbus"'):][:4000]
    assert "../walkthrough/partitions/" in entry, "the entry links to the sections that use it"
    assert "#figure-guest-types" in entry, "the entry links to the figures that show it"
    partitions = html_of(site, "walkthrough/partitions.md")
    assert re.search(r'<abbr title="Virtual [Mm]achine [Bb]us[^"]*">VMBus</abbr>', partitions)


def test_every_glossary_entry_cites_its_sources_by_title(site):
    glossary = (site / "glossary" / "index.html").read_text()
    cited = re.findall(r"<li>Sources?: (.*?)</li>", glossary)
    assert len(cited) == glossary.count('<h2 id="'), "a source line per entry"
    for line in cited:
        for link in re.split(r", (?=<a )", line):
            found = re.fullmatch(r'<a href="(https://[^"]+)">([^<]+)</a>', link)
            assert found, line
            assert not found.group(2).startswith("http"), f"{found.group(1)} is cited by its address, not its title"


def test_every_walkthrough_page_links_to_the_next(site):
    for page, following in zip(WALKTHROUGH, WALKTHROUGH[1:]):
        html = html_of(site, page)
        target = Path(following).stem if Path(following).stem != "index" else ""
        next_link = re.search(r'<a href="([^"]*)" class="md-footer__link md-footer__link--next"', html)
        assert next_link and next_link.group(1) in (f"../{target}/", f"{target}/"), (page, following)
