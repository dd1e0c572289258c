"""Row 5: how long after a figure script is saved `mkdocs serve` serves the new figure."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from common import ENV, PYTHON, BenchError, copy_of, figure_scripts, progress

STARTUP_TIMEOUT = 120  # seconds: a cold start renders every figure, then builds the site
REFRESH_TIMEOUT = 30  # seconds for one change to show; far above any healthy refresh
POLL_EVERY = 0.02  # seconds between two requests for the figure
SETTLE = 0.5  # seconds of quiet after a refresh, so that one change never overlaps the next
LABEL = re.compile(r'(component\(")([^"]*)(")')  # the first component's label in a script


def refresh_latency(snapshot, work, runs):
    """Serve a copy of the project, edit a label in one script `runs` times, time each refresh.

    Returns the latencies and the URL path of the figure that was watched.
    """
    project = copy_of(snapshot, work / "serve")
    script = figure_scripts(project)[0]
    original = script.read_text()
    if not LABEL.search(original):
        raise BenchError(f"{script.name} has no component(\"...\") label for the bench to change")
    path = f"/figures/{script.stem.replace('_', '-')}.svg"
    port = _free_port()
    url = f"http://127.0.0.1:{port}{path}"
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it also stops its workers
    )
    try:
        progress(f"starting mkdocs serve on 127.0.0.1:{port}")
        served = _wait_until_served(url, server, work / "serve.log")
        latencies = []
        for i in range(runs):
            progress(f"serve refresh {i + 1}/{runs}")
            time.sleep(SETTLE)
            script.write_text(LABEL.sub(lambda m: f"{m[1]}{m[2]} {i + 1}{m[3]}", original, count=1))
            changed_at = time.perf_counter()
            served = _wait_for_change(url, served, server, work / "serve.log")
            latencies.append(time.perf_counter() - changed_at)
        return latencies, path
    finally:
        script.write_text(original)
        _stop(server)
        log.close()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=REFRESH_TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError):
        return None  # not serving yet, or serving no such file yet


def _wait_until_served(url, server, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        _check_alive(server, log_path)
        body = _get(url)
        if body:
            return body
        time.sleep(0.2)
    raise BenchError(f"mkdocs serve did not serve {url} within {STARTUP_TIMEOUT} s; its log:\n{_tail(log_path)}")


def _wait_for_change(url, before, server, log_path):
    deadline = time.monotonic() + REFRESH_TIMEOUT
    while time.monotonic() < deadline:
        _check_alive(server, log_path)
        body = _get(url)
        if body and body != before:
            return body
        time.sleep(POLL_EVERY)
    raise BenchError(f"{url} did not change within {REFRESH_TIMEOUT} s of the script's edit; log:\n{_tail(log_path)}")


def _check_alive(server, log_path):
    if server.poll() is not None:
        raise BenchError(f"mkdocs serve exited with {server.returncode}; its log:\n{_tail(log_path)}")


def _stop(server):
    """Interrupt the server as Ctrl-C would, then make sure it and its workers are gone."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    try:  # whatever of its group is left, such as a figure worker
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tail(log_path, lines=20):
    return "\n".join(log_path.read_text().splitlines()[-lines:])
