"""`mkdocs serve`: saving a figure script or the style updates the figure, with no reload loop."""

import selectors
import time

import pytest

from conftest import SITE_SOURCES, copy_project, serve, wait_for


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "project", SITE_SOURCES)
    server, url = serve(project, "figures/before-role.svg")
    wait_for(url, lambda body: body)
    yield project, server, url
    server.terminate()
    server.communicate(timeout=30)


def builds_so_far(server, seconds):
    """How many builds the server logs within the next few seconds (reads its output live)."""
    count, deadline = 0, time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(server.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.2):
                line = server.stdout.readline()
                count += "Documentation built" in line
    return count


def test_an_idle_server_does_not_rebuild_itself(served):
    project, server, url = served
    builds_so_far(server, 1)  # the first build
    assert builds_so_far(server, 4) == 0, "the server rebuilt with nothing changed: a reload loop"


def test_saving_a_script_updates_its_figure_and_then_settles(served):
    project, server, url = served
    builds_so_far(server, 1)
    script = project / "diagrams" / "before_role.py"
    script.write_text(script.read_text().replace('"Applications"', '"User applications"'))
    wait_for(url, lambda body: b"User applications" in body)
    assert builds_so_far(server, 4) <= 1, "one save, at most one more build"


def test_saving_the_style_updates_the_figures(served):
    project, server, url = served
    style = project / "illustrated" / "style.py"
    style.write_text(style.read_text().replace('"text": "#1b2631"', '"text": "#102030"'))
    wait_for(url, lambda body: b"#102030" in body)
