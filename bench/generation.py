"""Rows 1-4: the figure generator from nothing, against Graphviz alone, warm, and after one edit."""

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ENV, PYTHON, BenchError, copy_of, figure_scripts, progress, run, timed

GENERATE = [PYTHON, "-m", "illustrated.figures"]
# The copies share the project's venv (see common.snapshot): `-o` keeps make from redoing the
# set-up from a copy, whose editable install would then point into the copy.
MAKE_FIGURES = ["make", "-o", ".venv/.site", "figures"]


def rendered_count(result):
    """How many figures the generator says it rendered, from its summary line (none when
    `make figures` found every input older than its last run and did not start it)."""
    match = re.search(r"^figures: (\d+) rendered", result.stdout, re.M)
    if not match and re.search(r"Nothing to be done|is up to date", result.stdout):
        return 0
    if not match:
        raise BenchError(f"the generator printed no 'figures: N rendered' line:\n{result.stdout}{result.stderr}")
    return int(match[1])


def measure_rounds(snapshot, work, runs):
    """Rows 1-4, measured in rounds: each round times each of them once, one after the other,
    so that a ratio compares measurements made under the same load on the machine.

    Returns {"cold", "floor", "warm", "changed": [seconds]} and facts for the table.
    """
    # Prepared once: the DOT sources for the floor, and a warm copy for rows 3 and 4.
    sources = work / "floor-sources"
    sources.mkdir()
    jobs, dpi = write_dot_sources(snapshot, sources)
    # The generator runs one thread per core, at most one per figure, each with its own `dot`.
    workers = min(len(figure_scripts(snapshot)), os.cpu_count() or 1)
    warm = copy_of(snapshot, work / "warm")
    run(MAKE_FIGURES, warm)
    changed_script = figure_scripts(warm)[0]
    times = {"cold": [], "floor": [], "warm": [], "changed": []}
    for i in range(runs):
        progress(f"figures: cold, Graphviz alone, warm, one script changed {i + 1}/{runs}")
        times["cold"].append(_cold(snapshot, work / f"cold-{i}"))
        times["floor"].append(_floor(jobs, dpi, workers, work / f"floor-{i}"))
        times["warm"].append(_warm_make(warm))
        times["changed"].append(_one_changed(warm, changed_script, f"# bench: edit {i + 1}\n"))
    runs_count = sum(len(figure_runs) for _, figure_runs in jobs)
    facts = {"dot runs": runs_count, "figures": len(jobs), "at once": workers, "changed script": changed_script.name}
    return times, facts


def _cold(snapshot, project):
    """Row 1: `python -m illustrated.figures` in a fresh copy of the scripts and the package, so
    every figure renders."""
    copy_of(snapshot, project, ["diagrams", "illustrated"])
    seconds, result = timed(GENERATE, project)
    if rendered_count(result) != len(figure_scripts(project)):
        raise BenchError(f"a cold run rendered only part of the figures:\n{result.stdout}")
    return seconds


def _floor(jobs, dpi, workers, out):
    """Row 2: Graphviz alone on the generator's DOT sources, with the generator's parallelism."""
    out.mkdir()
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda job: _dot(job, out, dpi), jobs))
    return time.perf_counter() - start


def _warm_make(project):
    """Row 3: `make figures` when nothing changed, make and Python start-up included."""
    seconds, result = timed(MAKE_FIGURES, project)
    if rendered_count(result) != 0:
        raise BenchError(f"`make figures` rendered figures although nothing changed:\n{result.stdout}")
    return seconds


def _one_changed(project, script, comment):
    """Row 4: a comment appended to one script; exactly that figure must render again."""
    with script.open("a") as f:
        f.write(comment)
    seconds, result = timed(MAKE_FIGURES, project)
    if rendered_count(result) != 1:
        raise BenchError(f"after one script changed, the generator did not render exactly 1 figure:\n{result.stdout}")
    return seconds


def write_dot_sources(snapshot, out):
    """Run every figure script in each scheme with the generator's own `_draw`, and keep what the
    generator hands Graphviz: the DOT source `dot` lays out (once per figure, the light one),
    and the positioned source of each scheme that `neato -n2` draws after the polish pass.

    Returns one job per figure, [(name, [(command, DOT source)])], in the generator's order of
    runs, and the generator's PNG resolution; the sources are also written to `out`, to look at.
    Runs in a process of its own in the snapshot, with the snapshot's package, as the generator
    runs in its project.
    """
    # No bytecode cache either: every copy the bench makes starts from the snapshot.
    env = {**ENV, "PYTHONPATH": str(snapshot), "PYTHONDONTWRITEBYTECODE": "1"}
    result = run([PYTHON, Path(__file__).resolve(), out.resolve()], snapshot, env)
    written = json.loads(result.stdout)
    return written["jobs"], written["dpi"]


def _dot_sources(out):
    """What `write_dot_sources` returns, in the snapshot's own process."""
    from illustrated import figures, render

    jobs = []
    for script in figures.scripts():
        slug = figures.slug_of(script)
        figure = figures._draw(script)
        layout_source = figure.source("light")  # exactly what the generator lays out
        (out / f"{slug}.layout.dot").write_text(layout_source)
        runs = [("layout", layout_source)]
        drawing = figures.layout_of(figure)
        for scheme in figures.SCHEMES:
            name = figures.output_name(slug, scheme, "dot")
            source = figure.in_scheme(drawing, scheme)  # exactly what the generator draws
            (out / name).write_text(source)
            runs.append((name.removesuffix(".dot"), source))
        jobs.append((slug, runs))
    return jobs, render.PNG_DPI


def _dot(job, out, dpi):
    """The generator's own Graphviz runs for one figure, as a generator thread runs them: `dot
    -Tjson0` for the layout, then `neato -n2` for each scheme at once, SVG and PNG at its dpi,
    each reading its source from a file."""
    from illustrated.render import DOT_LAYOUT  # the generator's own layout command

    slug, runs = job
    (name, source), *drawings = runs
    result = subprocess.run([*DOT_LAYOUT, f"-o{out / slug}.json"], input=source, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"Graphviz failed on the layout of {slug}:\n{result.stderr}")
    started = []
    for name, source in drawings:
        (out / f"{name}.dot").write_text(source)
        command = ["neato", "-n2", "-Tsvg", f"-o{out / name}.svg", "-Tpng", f"-Gdpi={dpi}", f"-o{out / name}.png", str(out / f"{name}.dot")]
        started.append((name, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)))
    for name, process in started:
        stderr = process.communicate()[1]
        if process.returncode != 0:
            raise BenchError(f"Graphviz failed on {name} of {slug}:\n{stderr}")


if __name__ == "__main__":  # write_dot_sources, in the snapshot
    jobs, dpi = _dot_sources(Path(sys.argv[1]))
    print(json.dumps({"jobs": jobs, "dpi": dpi}))
