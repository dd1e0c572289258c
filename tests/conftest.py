"""Fixtures shared by the tests: figures built in isolation, the built site, a browser."""

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from illustrated import figures as generator

ROOT = Path(__file__).resolve().parent.parent

SLUGS = [generator.slug_of(script) for script in generator.scripts(ROOT / "diagrams")]


FIGURE_SOURCES = ("diagrams", "illustrated")
SITE_SOURCES = ("diagrams", "docs", "illustrated", "includes", "overrides", "mkdocs.yml", "zensical.yml")
GENERATOR = [sys.executable, "-m", "illustrated.figures"]


def copy_project(destination, parts=FIGURE_SOURCES):
    """A copy of what the figures (or the whole site) are made from, the package included, so
    that a test can build, or break things, without touching the real build/: run with
    `in_copy(project)`, a process there runs the copy's code."""
    for part in parts:
        if not (ROOT / part).exists():
            continue
        if (ROOT / part).is_dir():
            # docs/figures/ is generated: a copy publishes its own
            shutil.copytree(ROOT / part, destination / part, ignore=shutil.ignore_patterns("__pycache__", "figures"))
        else:
            shutil.copy2(ROOT / part, destination / part)
    return destination


def in_copy(project, **variables):
    """The environment of a process that runs a copy's code: PYTHONPATH comes before the
    editable install's finder, so `illustrated` is the copy's package."""
    return {**os.environ, "PYTHONPATH": str(project), **variables}


def build_site(project, site_dir):
    """What `make build` runs in a project (copy): the figures, then `mkdocs build --strict`;
    returns the first process that failed, or the build's."""
    figures = run_generator(project)
    if figures.returncode != 0:
        return figures
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        cwd=project,
        env=in_copy(project, NO_MKDOCS_2_WARNING="1"),
    )


def run_generator(project, *args, **variables):
    """`python -m illustrated.figures` in a project (copy), with its own code."""
    return subprocess.run([*GENERATOR, *args], capture_output=True, text=True, cwd=project, env=in_copy(project, **variables))


@pytest.fixture(scope="session")
def figures(tmp_path_factory):
    """Every figure, built from nothing by the generator in a fresh copy of the scripts and the package."""
    project = copy_project(tmp_path_factory.mktemp("figures"))
    result = run_generator(project)
    assert result.returncode == 0, result.stderr
    return project / "build" / "figures"


@pytest.fixture
def site_project(tmp_path, figures):
    """A copy of everything the site is made from, for a test that edits or breaks it, with its
    figures built, as `make figures` leaves a working tree: a build renders only what the test
    changes."""
    project = copy_project(tmp_path / "project", SITE_SOURCES)
    shutil.copytree(figures, project / "build" / "figures")
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The whole site, built the way `make build` builds it (strict)."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1, as a static host serves it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def chromium_path():
    """The system Chromium: Playwright cannot download its own browsers on these machines."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run `make test`, which installs it, or set CHROMIUM")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serve(project, path):
    """Start `mkdocs serve` in a project (copy); returns the process and the URL of `path`."""
    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=in_copy(project, NO_MKDOCS_2_WARNING="1"),
    )
    return server, f"http://127.0.0.1:{port}/{path}"


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def wait_for(url, condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            body = fetch(url)
            if condition(body):
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up as expected within {seconds} s")
