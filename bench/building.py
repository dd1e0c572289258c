"""Row 6: `mkdocs build --strict` of the whole site, without any figure built (cold) and again (warm)."""

import shutil

from common import PYTHON, copy_of, progress, timed


def site_builds(snapshot, work, runs):
    """Returns the cold times, the warm times, and the last site built (for the page weights)."""
    project = copy_of(snapshot, work / "site-project")
    site = work / "site"
    command = [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    cold, warm = [], []
    for i in range(runs):
        progress(f"site build, cold then warm {i + 1}/{runs}")
        shutil.rmtree(project / "build", ignore_errors=True)  # no figure rendered yet
        cold.append(timed(command, project)[0])
        warm.append(timed(command, project)[0])
    return cold, warm, site
