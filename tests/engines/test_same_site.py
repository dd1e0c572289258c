"""Both engines build the same site: MkDocs (which publishes) and Zensical (its authors'
successor), compared page by page as a reader meets them. Run by `make test-engines`: two full
builds are too slow for `make test`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SITE_SOURCES, build_site, copy_project
from illustrated.pdf import PDF_NAME
from manifest import broken_links, manifest

ZENSICAL_SITE = Path("build/site-zensical")  # zensical.yml's site_dir

# Every way the engines' sites may differ, with the reason: (page, what) -> why. Anything else
# that differs fails, and so does an entry here that no longer differs.
KNOWN_DIFFERENCES = {
    ("", "title"): "Zensical 0.0.73 gives templates no page.is_homepage, so the theme's <title> of "
                   "the home page is 'Home - <site name>' where Material's is the site name alone",
}


def zensical_build(project):
    """`zensical build --strict`, as `make build-zensical` runs it; with `-m`, the project's own
    package (this copy's) comes first on the path, as `python -m mkdocs` has it in build_site."""
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", "zensical.yml"],
        capture_output=True, text=True, cwd=project, env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site built by each engine from one copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("engines") / "project", SITE_SOURCES)
    mkdocs = build_site(project, project / "site")
    assert mkdocs.returncode == 0, mkdocs.stderr
    zensical = zensical_build(project)
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return project / "site", project / ZENSICAL_SITE


@pytest.fixture(scope="module")
def manifests(sites):
    return [manifest(site) for site in sites]


def differences(mkdocs, zensical):
    """{(page, what): (MkDocs', Zensical's)} of everything a reader would see differ."""
    found = {}
    for url in sorted(set(mkdocs["pages"]) | set(zensical["pages"])):
        if url not in mkdocs["pages"] or url not in zensical["pages"]:
            found[(url, "page")] = (url in mkdocs["pages"], url in zensical["pages"])
            continue
        for what, value in mkdocs["pages"][url].items():
            if zensical["pages"][url][what] != value:
                found[(url, what)] = (value, zensical["pages"][url][what])
    if mkdocs["nav"] != zensical["nav"]:
        found[("", "navigation")] = (mkdocs["nav"], zensical["nav"])
    return found


def test_both_engines_build_the_same_site_but_for_the_known_differences(manifests):
    found = differences(*manifests)
    unexpected = {key: value for key, value in found.items() if key not in KNOWN_DIFFERENCES}
    assert not unexpected, f"the engines' sites differ (MkDocs', Zensical's): {unexpected}"
    stale = sorted(set(KNOWN_DIFFERENCES) - set(found))
    assert not stale, f"listed as known differences, but the sites agree there now: {stale}"


def test_the_sites_are_the_site(manifests):
    """The comparison means something: the pages, figures, glossary and tooltips are there."""
    pages = manifests[1]["pages"]
    assert len(pages) >= 14 and "404.html" in pages
    shown = [slug for page in pages.values() for slug in page["figures"]]
    assert len(shown) == len(set(shown)) == 8
    glossary = [heading for heading in pages["glossary/"]["headings"] if heading[0] == 2]
    assert len(glossary) > 40 and ("vmbus" in {heading[1] for heading in glossary})
    assert ("VMBus", "Virtual Machine Bus") in pages["walkthrough/partitions/"]["abbreviations"]
    assert not pages["glossary/"]["abbreviations"], "the glossary spells acronyms out itself"
    assert ("glossary/", "vmbus") in pages["walkthrough/role-install/"]["links"], "a figure's component link"
    numbers = [number for page in pages.values() for number in page["figure_numbers"]]
    assert sorted(numbers) == [f"Figure {n}." for n in range(1, 9)], "every caption is numbered"


@pytest.mark.parametrize("engine", [0, 1], ids=["mkdocs", "zensical"])
def test_every_internal_link_reaches_a_file_and_anchor(sites, manifests, engine):
    # The PDF is printed from the built site, so `make pdf` writes it into site/ after the
    # build (tests/pdf/ checks it is there); a build alone has the pages' links to it only.
    broken = broken_links(sites[engine], manifests[engine])
    assert ("walkthrough/", PDF_NAME, "", "no such file") in broken
    assert [link for link in broken if link[1] != PDF_NAME] == []


@pytest.mark.parametrize("engine", [0, 1], ids=["mkdocs", "zensical"])
def test_both_publish_every_figure_file(sites, engine):
    published = sorted(path.name for path in (sites[engine] / "figures").iterdir())
    assert len(published) == 8 * 4 and all(name.endswith((".svg", ".png")) for name in published)


# --- strict errors fail both builds --------------------------------------------------------

BREAKAGES = {
    "unknown figure": ("walkthrough/isolation.md", "[[figure: no-such-figure]]",
                       "walkthrough/isolation.md, line 7: no figure script draws 'no-such-figure'"),
    "malformed marker": ("walkthrough/isolation.md", "[[figure: Not A Slug]]",
                         "walkthrough/isolation.md, line 7: malformed figure marker"),
    "figure shown twice": ("walkthrough/isolation.md", "[[figure: after-role]]",
                           "walkthrough/isolation.md, line 7: figure 'after-role' is already shown on walkthrough/role-install.md"),
    "reference to an unknown figure": ("walkthrough/isolation.md", "As [[see: no-such-figure]] shows.",
                                       "walkthrough/isolation.md, line 7: a reference to figure 'no-such-figure', which no figure script draws"),
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_bad_marker_fails_both_engines_naming_page_and_line(engine, breakage, site_project, tmp_path):
    page_path, marker, message = BREAKAGES[breakage]
    page = site_project / "docs" / page_path
    lines = page.read_text().splitlines()
    lines.insert(6, marker)
    page.write_text("\n".join(lines) + "\n")
    result = build_site(site_project, tmp_path / "site") if engine == "mkdocs" else build_then_zensical(site_project)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_reference_to_a_figure_no_page_shows_fails_both_engines_naming_page_and_line(engine, site_project, tmp_path):
    shown = site_project / "docs" / "walkthrough" / "hyperv-vs-esx.md"
    shown.write_text(shown.read_text().replace("[[figure: hyperv-vs-esx]]\n", ""))
    page = site_project / "docs" / "walkthrough" / "isolation.md"
    lines = page.read_text().splitlines()
    lines.insert(6, "As [[see: hyperv-vs-esx]] shows.")
    page.write_text("\n".join(lines) + "\n")
    result = build_site(site_project, tmp_path / "site") if engine == "mkdocs" else build_then_zensical(site_project)
    assert result.returncode != 0
    assert "shown on no page: hyperv-vs-esx; referred to on walkthrough/isolation.md, line 7" in result.stdout + result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_missing_glossary_term_fails_both_engines(engine, site_project, tmp_path):
    script = site_project / "diagrams" / "before_role.py"
    script.write_text(script.read_text().replace('"device-driver"', '"device-drivr"'))
    result = build_site(site_project, tmp_path / "site") if engine == "mkdocs" else build_then_zensical(site_project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "figure 'before-role' (diagrams/before_role.py) links to the glossary term 'device-drivr'" in output


def build_then_zensical(project):
    figures = subprocess.run([sys.executable, "-m", "illustrated.figures"], capture_output=True, text=True, cwd=project)
    assert figures.returncode == 0, figures.stderr
    return zensical_build(project)
