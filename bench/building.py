"""Row 6: the whole site, built by each engine, cold and warm, against its floor: the same pages
without any figure, built by the same engine in the same round, so every ratio compares
builds made under the same load.

Cold is a copy with no figure rendered and no engine cache: `python -m illustrated.figures`,
then the engine. Warm is the engine alone with every figure current, as `make build` and
`make build-zensical` find it when no script changed (their figures step is row 3).
"""

import re
import shutil

from common import PYTHON, copy_of, progress, timed

FIGURES = [PYTHON, "-m", "illustrated.figures"]
ENGINES = {
    "mkdocs": [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet"],
    "zensical": [PYTHON, "-m", "zensical", "build", "--strict", "--config-file", "zensical.yml"],
}
# The floor is built without --strict: its pages still link to the figures' anchors, which it lacks.
FLOOR = {name: [part for part in command if part != "--strict"] for name, command in ENGINES.items()}
KINDS = ("mkdocs cold", "mkdocs warm", "mkdocs floor", "zensical cold", "zensical warm", "zensical floor")


def site_builds(snapshot, work, runs):
    """Returns {kind: [seconds]} for KINDS, and the last site MkDocs built (for the page weights)."""
    project = copy_of(snapshot, work / "site-project")
    floor = _without_figures(copy_of(snapshot, work / "floor-project"))
    for command in FLOOR.values():  # the floor is measured warm: fill its caches first
        timed(command, floor)
    times = {kind: [] for kind in KINDS}
    for i in range(runs):
        progress(f"site builds: MkDocs, Zensical, each cold, warm and its floor {i + 1}/{runs}")
        for name, command in ENGINES.items():
            _clean(project)
            times[f"{name} cold"].append(timed(FIGURES, project)[0] + timed(command, project)[0])
            times[f"{name} warm"].append(timed(command, project)[0])
            times[f"{name} floor"].append(timed(FLOOR[name], floor)[0])
    site = work / "site"  # for the page weights: what `make build` publishes
    timed([*ENGINES["mkdocs"], "--site-dir", str(site)], project)
    return times, site


def _clean(project):
    """No figure rendered or published, no engine cache: what a fresh clone has."""
    for generated in ("build", "site", "docs/figures", ".cache"):
        shutil.rmtree(project / generated, ignore_errors=True)


def _without_figures(project):
    """The same project with no figure on any page and no figures extension: the floor."""
    for page in (project / "docs").rglob("*.md"):
        page.write_text(re.sub(r"^\[\[figure:[^\n]*\]\]\n", "", page.read_text(), flags=re.M))
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^  - illustrated\.markdown\.figures:.*\n(?:      .*\n)*", "", config.read_text(), flags=re.M))
    return project
