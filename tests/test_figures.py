"""The figures: each script builds, alone and through the generator, into what it must show."""

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, SLUGS, copy_project, generator, run_generator

SVG = "{http://www.w3.org/2000/svg}"

# What each figure must show, from the issue and the article: the reader's checklist.
MUST_SHOW = {
    "before-role": ["Windows Server 2008", "User mode", "Applications", "Kernel mode", "Windows kernel",
                    "Device drivers", "Hardware", "Processors", "Memory", "Storage", "Network adapters"],
    "after-role": ["Parent partition", "VMMS", "WMI provider", "VMWP", "VID", "WinHv", "VSPs", "VMBus",
                   "Device drivers", "Windows kernel", "Child partitions", "Hypervisor", "Hardware",
                   "Processor", "Interrupts", "Address", "Hypercall"],
    "guest-types": ["Parent partition", "Windows guest", "without", "Linux guest", "VSCs", "VMBus",
                    "Emulated devices", "legacy network adapter", "IDE controller", "Its own IDE",
                    "VMWP", "VMMS", "WMI provider", "Intercepts", "Hypervisor", "Hardware"],
    "guest-windows-enlightened": ["Windows guest", "VSCs", "VMBus", "VSPs", "Device drivers", "Legend"],
    "guest-linux-enlightened": ["Linux guest", "VSCs", "VMBus", "VSPs", "Device drivers", "Legend"],
    "guest-unenlightened": ["without", "Its own IDE", "Emulated devices", "VMWP", "Intercepts",
                            "intercept message", "Device drivers", "Legend"],
    "hyperv-vs-esx": ["Hyper-V", "ESX", "Parent partition", "Device drivers", "ESX hypervisor",
                      "Service Console", "The article's claim (2010)"],
    "management-path": ["Management tool", "WMI service", "WMI provider", "VMMS", "VMWP", "VID", "WinHv",
                        "Hypercall", "Hypervisor"],
}
# Boxes that must lie inside other boxes: (figure, inner label, outer label), each label the start
# of a box's text. A component drawn in the wrong partition or process fails here.
INSIDE = [
    ("guest-types", "Emulated devices", "VMWP"),
    ("guest-types", "WMI provider", "VMMS"),
    ("guest-types", "Its own IDE", "Guest without ICs"),
    ("guest-unenlightened", "Emulated devices", "VMWP"),
    ("guest-unenlightened", "Its own IDE", "Guest without ICs"),
    ("after-role", "WMI provider", "VMMS"),
    ("after-role", "WinHv", "Kernel mode"),
    ("management-path", "Hyper-V WMI provider", "VMMS"),
    ("management-path", "WinHv", "Kernel mode"),
    ("hyperv-vs-esx", "Linux-based", "Service Console"),
]
NUMBERED = ["guest-windows-enlightened", "guest-linux-enlightened", "guest-unenlightened", "management-path"]


def texts(svg_path):
    return [t.text or "" for t in ET.parse(svg_path).getroot().iter(SVG + "text")]


def test_every_figure_of_the_issue_has_a_script():
    assert sorted(SLUGS) == sorted(MUST_SHOW)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_script_run_alone_writes_its_figure(slug, tmp_path):
    project = copy_project(tmp_path / "project")
    script = project / "diagrams" / f"{slug.replace('-', '_')}.py"
    elsewhere = tmp_path / "elsewhere"  # run from another directory: the script finds its project
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    for path in generator.output_files(slug, project / "build" / "figures"):
        assert path.stat().st_size > 0, path


@pytest.mark.parametrize("slug", SLUGS)
def test_each_figure_shows_what_it_must(figures, slug):
    for scheme in generator.SCHEMES:
        shown = " ".join(texts(generator.output_file(slug, scheme, "svg", figures)))
        missing = [label for label in MUST_SHOW[slug] if label not in shown]
        assert not missing, f"{slug} ({scheme}) lacks {missing}"


@pytest.mark.parametrize("slug", NUMBERED)
def test_path_figures_number_their_steps(figures, slug):
    shown = texts(generator.output_file(slug, "light", "svg", figures))
    assert {"1", "2", "3", "4", "5"} <= set(shown)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_component_links_to_the_glossary_with_a_tooltip(figures, slug):
    root = ET.parse(generator.output_file(slug, "light", "svg", figures)).getroot()
    links = list(root.iter(SVG + "a"))
    meta = json.loads((figures / f"{slug}.json").read_text())
    assert len(links) >= len(meta["terms"]) > 0
    for link in links:
        href = link.get("{http://www.w3.org/1999/xlink}href")
        assert re.fullmatch(r"\.\./glossary/#[a-z0-9-]+", href), href
        assert link.get("{http://www.w3.org/1999/xlink}title"), href


@pytest.mark.parametrize("slug", SLUGS)
def test_each_figure_has_a_title_and_a_text_alternative(figures, slug):
    root = ET.parse(generator.output_file(slug, "light", "svg", figures)).getroot()
    meta = json.loads((figures / f"{slug}.json").read_text())
    assert root.find(SVG + "title").text == meta["title"]
    alternative = root.find(SVG + "desc").text
    assert alternative == meta["alt"]
    for label in MUST_SHOW[slug][:3]:
        assert label in alternative


def test_published_files_are_small_and_carry_no_machine_details(figures):
    for path in figures.iterdir():
        data = path.read_bytes()
        if path.suffix == ".svg":
            assert len(data) < 150_000, f"{path.name} is {len(data)} bytes"
            text = data.decode()
            assert not re.search(r'(href|src)="(/|file:)', text), path.name
            assert "<script" not in text and not re.search(r"\son\w+=", text), path.name
        if path.suffix in (".svg", ".json"):
            text = data.decode()
            for leak in (str(ROOT), str(figures.parent.parent), "/tmp/", "/home/", "/root/", "site-packages"):
                assert leak not in text, f"{path.name} contains {leak}"
            assert not re.search(r"\b[0-9a-f]{32}\b", text), f"{path.name} has a random-looking id"


def test_two_builds_on_different_paths_are_byte_identical(figures, tmp_path):
    other = copy_project(tmp_path / "elsewhere" / "clone")
    assert run_generator(other).returncode == 0
    again = other / "build" / "figures"
    names = sorted(p.name for p in figures.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (figures / name).read_bytes() == (again / name).read_bytes(), name


# What decides a figure's output (its content hash), and what does not.
DECIDES_OUTPUT = ["diagrams/before_role.py", "diagrams/icons/windows.png", "illustrated/style.py",
                  "illustrated/layout.py", "illustrated/render.py", "illustrated/inline_svg.py", "illustrated/figures.py"]
DOES_NOT = ["diagrams/after_role.py", "illustrated/cache.py", "illustrated/markdown/figures.py"]


def test_a_figure_renders_again_when_what_decides_its_output_changes_and_only_then(tmp_path):
    project = copy_project(tmp_path)
    assert run_generator(project, "before-role").returncode == 0
    for path in DOES_NOT + DECIDES_OUTPUT:
        changed = project / path
        if changed.suffix == ".png":
            changed.write_bytes((project / "diagrams" / "icons" / "linux.png").read_bytes())
        else:
            changed.write_text(changed.read_text() + "\n# changed\n")
        result = run_generator(project, "before-role")
        assert result.returncode == 0, result.stderr
        rendered = "1 rendered" if path in DECIDES_OUTPUT else "0 rendered"
        assert rendered in result.stdout, f"after a change to {path}: {result.stdout}"


# --- geometry, read from the SVG coordinates (y grows downwards) ---------------------------


def boxes(svg_path):
    """Every labelled box (cluster or node): label -> (left, top, right, bottom)."""
    found = {}
    for group in ET.parse(svg_path).getroot().iter(SVG + "g"):
        if group.get("class") not in ("cluster", "node"):
            continue
        shape = next((e for e in group.iter() if e.tag in (SVG + "path", SVG + "polygon")), None)
        if shape is None:  # a note: text with no box
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points"))]
        xs, ys = numbers[0::2], numbers[1::2]
        label = " ".join(t.text.strip() for t in group.iter(SVG + "text") if t.text and t.text.strip())
        found.setdefault(label, (min(xs), min(ys), max(xs), max(ys)))
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_every_row_reads_left_to_right_as_its_script_wrote_it(figures, slug):
    svg = generator.output_file(slug, "light", "svg", figures)
    centres = {}
    for group in ET.parse(svg).getroot().iter(SVG + "g"):
        if group.get("class") == "node":
            text = next(group.iter(SVG + "text"), None)
            if text is not None:
                centres[group.get("id").removeprefix(f"{slug}-light-")] = float(text.get("x"))
    for row in json.loads((figures / f"{slug}.json").read_text())["rows"]:
        drawn = [node for node in row if node in centres]
        assert [centres[node] for node in drawn] == sorted(centres[node] for node in drawn), (slug, row)


@pytest.mark.parametrize("slug", ["after-role", "guest-types"])
def test_the_stack_reads_bottom_up(figures, slug):
    """The order of the layers; their alignment to the point is tests/test_geometry.py's."""
    found = boxes(generator.output_file(slug, "light", "svg", figures))
    hardware, hypervisor = found["Hardware"], found["Hypervisor"]
    partitions = [box for label, box in found.items() if "partition" in label or "guest" in label]
    assert len(partitions) >= 2
    assert hardware[1] > hypervisor[3], "the hardware is the lowest layer"
    for partition in partitions:
        assert hypervisor[1] > partition[3], "the hypervisor lies between the hardware and the partitions"
    lefts = sorted(partition[0] for partition in partitions)
    assert lefts == sorted(set(lefts)), "partitions stand side by side"


def box_starting(found, label):
    matches = [box for text, box in found.items() if text.startswith(label)]
    assert len(matches) == 1, f"{len(matches)} boxes start with {label!r}"
    return matches[0]


@pytest.mark.parametrize("slug, inner, outer", INSIDE)
def test_each_component_is_drawn_inside_its_box(figures, slug, inner, outer):
    found = boxes(generator.output_file(slug, "light", "svg", figures))
    (left, top, right, bottom), (out_left, out_top, out_right, out_bottom) = (
        box_starting(found, inner), box_starting(found, outer))
    assert out_left < left and out_top < top and right < out_right and bottom < out_bottom, (
        f"{slug}: {inner!r} is not inside {outer!r}")


def test_a_longer_label_still_renders(tmp_path):
    # dot's orthogonal router once crashed on after-role when its first label grew by " 1" (an
    # assertion in maze.c); the layout pass no longer asks dot to route edges at all.
    project = copy_project(tmp_path)
    script = project / "diagrams" / "after_role.py"
    script.write_text(re.sub(r'(component\(")([^"]*)(")', r"\1\2 1\3", script.read_text(), count=1))
    result = run_generator(project, "after-role")
    assert result.returncode == 0, result.stderr
