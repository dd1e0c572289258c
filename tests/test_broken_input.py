"""Broken input: a broken figure or page fails loudly and precisely, and never costs a good figure."""

import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import (GENERATOR, SITE_SOURCES, SLUGS, build_site, copy_project, fetch, generator, in_copy, run_generator,
                      serve, wait_for)

# Each way a contributor can break a figure script: (what to replace, with what, expected message).
BREAKAGES = {
    "syntax error": ('with figure("', 'with figure("oops"', "SyntaxError"),
    "exception": ("    devices = hardware()\n", "    devices = hardware()\n    1 / 0\n", "ZeroDivisionError"),
    "unknown icon": ('icon="windows"', 'icon="beos"', "unknown icon 'beos'"),
    "Graphviz error": ('partition("Parent partition"', 'partition("Parent <partition"', "Graphviz rejected"),
}


def break_script(project, slug, breakage):
    """Break a copy of a script; returns the line number the error is on."""
    script = project / "diagrams" / f"{slug.replace('-', '_')}.py"
    old, new, _ = BREAKAGES[breakage]
    text = script.read_text()
    assert old in text
    broken = text.replace(old, new, 1)
    script.write_text(broken)
    changed = next(number for number, (a, b) in enumerate(zip(text.splitlines(), broken.splitlines()), 1) if a != b)
    return changed


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_script_is_named_with_its_line_and_spares_everything_else(breakage, tmp_path):
    project = copy_project(tmp_path)
    assert run_generator(project).returncode == 0
    out = project / "build" / "figures"
    good = {path.name: path.read_bytes() for path in out.iterdir()}

    line = break_script(project, "after-role", breakage)
    (project / "diagrams" / "before_role.py").write_text(
        (project / "diagrams" / "before_role.py").read_text() + "\n# changed too\n"
    )
    result = run_generator(project)

    assert result.returncode == 1
    message = BREAKAGES[breakage][2]
    assert "figure 'after-role' (diagrams/after_role.py" in result.stderr and message in result.stderr
    if breakage != "Graphviz error":  # Graphviz can only point into the graph, not the script
        assert f"line {line}" in result.stderr
    assert "style.py" not in result.stderr and "figures.py" not in result.stderr and "runpy" not in result.stderr
    assert "1 rendered" in result.stdout and "before-role" in result.stdout, "the other figures still build"
    for name, data in good.items():
        if name.startswith("after-role"):
            assert (out / name).read_bytes() == data, f"{name}: the last good output was replaced"
    assert not list(out.glob(".*")), "no temporary file is left behind"


def test_missing_graphviz_is_one_line_naming_the_package(tmp_path):
    project = copy_project(tmp_path / "project")
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_generator(project, PATH=str(empty))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "graphviz" in result.stderr and "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.stderr


def test_too_old_graphviz_is_one_line_naming_the_package(tmp_path):
    project = copy_project(tmp_path / "project")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dot").write_text("#!/bin/sh\necho 'dot - graphviz version 2.30.1 (20130116.1234)' >&2\n")
    (fake / "dot").chmod(0o755)
    result = run_generator(project, PATH=f"{fake}:{os.environ['PATH']}")
    assert result.returncode == 1
    assert "2.30.1 is too old" in result.stderr and "graphviz" in result.stderr and "Traceback" not in result.stderr


def test_interrupting_the_generator_leaves_nothing_half_written(tmp_path):
    project = copy_project(tmp_path)
    out = project / "build" / "figures"
    for delay in (0.2, 0.35, 0.5, 0.65):  # while figures are being drawn, at different points
        run = subprocess.Popen(
            [*GENERATOR, "--force"], cwd=project, env=in_copy(project), start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        _, stderr = run.communicate(timeout=60)
        assert run.returncode in (0, 130), stderr
        if out.exists():
            assert not list(out.glob(".*")), "a temporary file was left behind"
            for svg in out.glob("*.svg"):
                ET.parse(svg)  # every file there is whole
    result = run_generator(project)
    assert result.returncode == 0, result.stderr
    assert all(path.exists() for slug in SLUGS for path in generator.output_files(slug, out))


# --- the site ----------------------------------------------------------------------------


def test_the_strict_build_fails_on_a_broken_figure_naming_script_and_line(site_project, tmp_path):
    line = break_script(site_project, "guest-types", "exception")
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert f"figure 'guest-types' (diagrams/guest_types.py, line {line}" in result.stderr
    assert "ZeroDivisionError" in result.stderr


def test_the_strict_build_fails_on_a_link_to_a_missing_glossary_term(site_project, tmp_path):
    script = site_project / "diagrams" / "before_role.py"
    script.write_text(script.read_text().replace('"device-driver"', '"device-drivr"'))
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "figure 'before-role'" in result.stderr and "'device-drivr'" in result.stderr


# Each way a contributor can break the VMBus entry of the glossary: (what to replace, with what,
# expected message).
GLOSSARY_BREAKAGES = {
    "no sources": ("  sources: [kernel-vmbus]\n", "", "lacks sources"),
    "unknown source": ("[kernel-vmbus]", "[kernel-vmbux]", "sources 'kernel-vmbux' are not in includes/sources.yml"),
    "not YAML": ("  term: VMBus\n", "  term: [VMBus\n", "not valid YAML"),
}


@pytest.mark.parametrize("breakage", GLOSSARY_BREAKAGES)
def test_a_broken_glossary_entry_is_named_with_its_line(breakage, site_project, tmp_path):
    glossary = site_project / "includes" / "glossary.yml"
    old, new, message = GLOSSARY_BREAKAGES[breakage]
    before, entry = glossary.read_text().split("- id: vmbus\n")
    entry_line = before.count("\n") + 1
    assert old in entry
    glossary.write_text(before + "- id: vmbus\n" + entry.replace(old, new, 1))
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert " includes/glossary.yml, line" in result.stderr and message in result.stderr
    if breakage != "not YAML":  # a YAML error is named at the line the parser stopped on
        assert f"line {entry_line}: entry" in result.stderr


def test_the_strict_build_fails_on_a_page_showing_an_unknown_figure(site_project, tmp_path):
    page = site_project / "docs" / "walkthrough" / "isolation.md"
    lines = page.read_text().splitlines()
    lines.insert(6, "[[figure: no-such-figure]]")
    page.write_text("\n".join(lines) + "\n")
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "walkthrough/isolation.md, line 7" in result.stderr and "'no-such-figure'" in result.stderr


def test_the_strict_build_fails_on_a_figure_no_page_shows(site_project, tmp_path):
    scripts = site_project / "diagrams"
    (scripts / "orphan_figure.py").write_text((scripts / "before_role.py").read_text())
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "shown on no page: orphan-figure" in result.stderr


@pytest.mark.parametrize("link", ["![missing](../figures/no-such.svg)", "[missing](partitions.md#no-such-anchor)"])
def test_the_strict_build_fails_on_a_missing_image_or_anchor(site_project, tmp_path, link):
    page = site_project / "docs" / "walkthrough" / "isolation.md"
    page.write_text(page.read_text() + f"\n{link}\n")
    result = build_site(site_project, tmp_path / "site")
    assert result.returncode != 0
    assert "walkthrough/isolation.md" in result.stderr


def test_two_clones_on_different_paths_publish_the_same_site(tmp_path):
    sites = []
    for name in ("first", "second-clone"):
        project = copy_project(tmp_path / name / "project", SITE_SOURCES)
        assert build_site(project, project / "site").returncode == 0
        sites.append(project / "site")
    files = sorted(path.relative_to(sites[0]) for path in sites[0].rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(sites[1]) for path in sites[1].rglob("*") if path.is_file())
    differing = [f for f in files if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    # MkDocs stamps the build date into the sitemap; that, and only that, may differ.
    assert set(map(str, differing)) <= {"sitemap.xml", "sitemap.xml.gz"}
    for name in differing:
        if name.suffix == ".xml":
            first, second = ((site / name).read_text().splitlines() for site in sites)
            assert [a for a, b in zip(first, second) if a != b and "<lastmod>" not in a] == []
    host = os.uname().nodename
    leaks = [str(tmp_path), os.path.expanduser("~")] + ([host] if len(host) > 3 else [])  # "vm" is a word too
    for path in sites[0].rglob("*"):
        if path.is_file() and path.suffix in (".html", ".svg", ".xml", ".json", ".js", ".css"):
            text = path.read_text(errors="ignore")
            assert not [leak for leak in leaks if leak in text], path


def test_under_serve_a_broken_figure_keeps_the_last_good_one_until_fixed(site_project):
    server, url = serve(site_project, "figures/after-role.svg")
    try:
        good = wait_for(url, lambda body: body)
        script = site_project / "diagrams" / "after_role.py"
        original = script.read_text()
        script.write_text(original.replace("    devices = hardware()\n", "    devices = hardware()\n    1 / 0\n"))
        time.sleep(3)  # long enough for the watcher to rebuild
        assert server.poll() is None, "the server kept running"
        assert fetch(url) == good, "the last good figure is still served"
        script.write_text(original.replace('"Child partitions"', '"Child partitions (fixed)"'))
        fixed = wait_for(url, lambda body: b"(fixed)" in body)
        assert fixed != good
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert "figure 'after-role' (diagrams/after_role.py, line" in log and "ZeroDivisionError" in log
