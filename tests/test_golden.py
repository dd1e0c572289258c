"""Every figure matches its golden images: an unintended change to a script, the style, the
generator or Graphviz fails here, saying which figure and which boxes, with a picture."""

import re

import pytest

import golden_images
from conftest import SLUGS, copy_project, generator, run_generator


@pytest.fixture(scope="module")
def differences(figures):
    """Each figure compared once; the report of all differences written before any test says so."""
    found = {}
    for slug in SLUGS:
        for scheme in generator.SCHEMES:
            difference = golden_images.compare(slug, scheme, figures)
            if difference:
                found[(slug, scheme)] = difference
    report = golden_images.write_report(list(found.values()))
    return found, report


@pytest.mark.parametrize("scheme", generator.SCHEMES)
@pytest.mark.parametrize("slug", SLUGS)
def test_a_figure_matches_its_golden_images(differences, slug, scheme):
    found, report = differences
    if (slug, scheme) in found:
        pytest.fail(found[(slug, scheme)].message(report), pytrace=False)


def test_no_golden_image_outlives_its_figure():
    wanted = {path.name for slug in SLUGS for path in golden_images.golden_files(slug)}
    stale = sorted(path.name for path in golden_images.GOLDEN_DIR.iterdir() if path.name not in wanted)
    assert not stale, f"golden images of no figure in tests/golden/: {', '.join(stale)}; `make golden` removes them"


# The comparison itself, on figures changed on purpose in a copy of the project.
CHANGES = {
    "a longer label": ("diagrams/after_role.py", r'component\("VID",', 'component("VID, renamed",'),
    "another colour": ("illustrated/style.py", r'("hypervisor":\s*)"#[0-9a-fA-F]{6}"', r'\1"#ff00ff"'),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_figure_fails_with_what_changed_and_a_report(tmp_path, change):
    project = copy_project(tmp_path / "project")
    path, pattern, replacement = CHANGES[change]
    source = (project / path).read_text()
    edited, count = re.subn(pattern, replacement, source, count=1)
    assert count == 1, f"{path} no longer has {pattern!r}: pick another change to make for this test"
    (project / path).write_text(edited)
    assert run_generator(project, "after-role").returncode == 0

    difference = golden_images.compare("after-role", "light", project / "build" / "figures")
    report = golden_images.write_report([difference], tmp_path / "report")
    message = difference.message(report)

    assert message.startswith("figure after-role (light) differs")
    assert f"{report}#after-role-light" in message and "make golden" in message
    assert re.search(r"PNG: \d+ pixel\(s\) differ", message)
    if change == "a longer label":
        assert "box(es) gone:\n    'VID'\n" in message and "new box(es):\n    'VID, renamed'\n" in message
        assert re.search(r"moved or changed size:\n    '[^']+' \d+\.\d pt (right|wider)", message), "boxes beside it moved"
    else:
        assert "no box moved" in message and "#ff00ff" in message
    page = report.read_text()
    assert 'id="after-role-light"' in page
    for role in ("golden", "new", "difference"):
        assert (report.parent / f"after-role-light.{role}.png").stat().st_size > 0
        assert f'src="after-role-light.{role}.png"' in page
