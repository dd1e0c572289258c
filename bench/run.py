"""`make bench`: how fast the figures, `mkdocs serve` and the site build are, and how heavy the pages.

Each measurement runs BENCH_RUNS times (default 5) on copies of the project made in a
temporary folder when the bench starts, so neither build/ nor anyone's edits in the work
tree are touched or counted; only the mkdocs-diagrams venv is kept, in build/bench/. The
output is one Markdown table of medians, each ratio computed from medians of the same run,
then the page weights in detail: paste both into docs/contributing/benchmarks.md.

Exit status: 0 when every row was measured, whether or not it met its target; 1 when a
row could not be measured, with the reason under the table.
"""

import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.dont_write_bytecode = True  # the bench leaves no bytecode cache in the work tree

import building  # noqa: E402
import generation  # noqa: E402
import plugin_comparison  # noqa: E402
import serving  # noqa: E402
import weights  # noqa: E402
from common import BenchError, median, progress, runs_wanted, snapshot  # noqa: E402

PAGE_TARGET = 500_000  # bytes transferred, gzip as the host serves it: the heaviest page, all it loads
FIGURE_TARGET = 150_000  # bytes: any one published figure file


@dataclass
class Row:
    number: str
    measurement: str
    value: str = "failed (see below)"
    compared: str = ""
    target: str = ""
    met: bool | None = None  # None: no target


def main():
    try:
        runs = runs_wanted()
        if sys.prefix == sys.base_prefix:
            raise BenchError("run the bench with the project's venv: `make bench`")
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows, errors, details = [], [], []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hv-bench-") as tmp:
        work = Path(tmp)
        project = snapshot(work / "project")
        figure_rows(project, work, runs, rows, errors)
        serve_row(project, work, runs, rows, errors)
        site = site_rows(project, work, runs, rows, errors)
        plugin_rows(project, work, runs, rows, errors, details)
        weight_rows(site, rows, errors, details)
    print(heading(runs, load))
    print()
    print(table(rows, runs))
    for line in details:
        print(line)
    for error in errors:
        print(f"\nerror: {error}", file=sys.stderr)
    return 1 if errors else 0


def measure(errors, what, action):
    """Run one measurement; on failure keep its reason and carry on with the others."""
    try:
        return action()
    except BenchError as exc:
        errors.append(f"{what}: {exc}")
        return None


def figure_rows(project, work, runs, rows, errors):
    result = measure(errors, "figures", lambda: generation.measure_rounds(project, work, runs))
    cold = Row("1", "Cold generation: every figure into an empty folder (`python -m illustrated.figures`)")
    floor = Row("2", "Floor: Graphviz alone on the generator's DOT sources", target="cold ≤ 1.3× floor")
    warm = Row("3", "Warm `make figures`, nothing changed (make and Python start-up included)", target="< 5 % of cold")
    changed = Row("4", "One script changed: exactly 1 figure rendered")
    rows += [cold, floor, warm, changed]
    if not result:
        return
    times, facts = result
    m = {key: median(values) for key, values in times.items()}
    cold.value = seconds(m["cold"])
    floor.measurement = (
        f"Floor: Graphviz alone, the generator's {facts['dot runs']} runs: per figure one `dot -Tjson0` layout "
        f"and one `neato -n2` drawing per scheme (SVG + PNG, same dpi, both schemes at once), {facts['at once']} figures at once"
    )
    floor.value = seconds(m["floor"])
    floor.compared, floor.met = f"cold / floor = {m['cold'] / m['floor']:.2f}×", m["cold"] / m["floor"] <= 1.3
    warm.value = seconds(m["warm"])
    warm.compared, warm.met = f"warm / cold = {m['warm'] / m['cold']:.1%}", m["warm"] / m["cold"] < 0.05
    changed.measurement = f"One script changed (a comment appended to `{facts['changed script']}`): exactly 1 figure rendered"
    changed.value = seconds(m["changed"])
    changed.compared = f"changed / cold = {m['changed'] / m['cold']:.0%}"


def serve_row(project, work, runs, rows, errors):
    result = measure(errors, "mkdocs serve refresh", lambda: serving.refresh_latency(project, work, runs))
    row = Row("5", "`mkdocs serve` refresh: a label edited in a script until the new SVG is served", target="< 1.5 s")
    if result:
        times, path = result
        row.measurement = f"`mkdocs serve` refresh: a label edited in a script until `{path}` changes"
        row.value, row.met = seconds(median(times)), median(times) < 1.5
    rows.append(row)


def site_rows(project, work, runs, rows, errors):
    result = measure(errors, "site builds", lambda: building.site_builds(project, work, runs))
    new = {
        "mkdocs cold": Row("6a", "MkDocs, cold: `python -m illustrated.figures`, then `mkdocs build --strict` (no figure rendered yet)"),
        "mkdocs warm": Row("6b", "MkDocs, warm: `mkdocs build --strict`, every figure current", target="≤ 1.1× its floor (6c)"),
        "mkdocs floor": Row("6c", "Floor: MkDocs, warm, the same pages without any figure (no figures extension; not --strict, as their links to figures now miss)"),
        "zensical cold": Row("6d", "Zensical 0.0.73, cold: `python -m illustrated.figures`, then `zensical build --strict` (no figure, no cache)"),
        "zensical warm": Row("6e", "Zensical, warm: `zensical build --strict`, every figure current, its cache kept"),
        "zensical floor": Row("6f", "Floor: Zensical, warm, the same pages without any figure"),
    }
    rows += new.values()
    if not result:
        return None
    times, site = result
    m = {kind: median(values) for kind, values in times.items()}
    for kind, row in new.items():
        row.value = seconds(m[kind])
    for engine, floor in (("mkdocs", "6c"), ("zensical", "6f")):
        for kind in ("cold", "warm"):
            new[f"{engine} {kind}"].compared = f"{kind} / floor ({floor}) = {m[f'{engine} {kind}'] / m[f'{engine} floor']:.2f}×"
    new["mkdocs warm"].met = m["mkdocs warm"] / m["mkdocs floor"] <= 1.1
    return site


def plugin_rows(project, work, runs, rows, errors, details):
    result = measure(errors, "mkdocs-diagrams comparison", lambda: plugin_comparison.compare(project, work, runs))
    name = "mkdocs-diagrams"
    if result:
        name = f"mkdocs-diagrams {result[1]['mkdocs-diagrams']}"
    plugin_cold = Row("7a", f"Twin site with the {name} plugin, cold")
    plugin_warm = Row("7b", f"Twin site with the {name} plugin, warm (it runs every script again)")
    ours_cold = Row("7c", "Twin site with our figures extension and hook, same scripts, cold")
    ours_warm = Row("7d", "Twin site with our figures extension and hook, same scripts, warm")
    bare = Row("7e", "Twin site without any figure: stock MkDocs alone")
    cached_bare = Row("7f", "Twin site without any figure, with our hook's template cache: its floor")
    if result:
        times, versions = result
        m = {key: median(values) for key, values in times.items()}
        plugin_cold.value, plugin_warm.value = seconds(m["plugin cold"]), seconds(m["plugin warm"])
        ours_cold.value, ours_warm.value = seconds(m["ours cold"]), seconds(m["ours warm"])
        ours_cold.compared = f"7a / 7c = {m['plugin cold'] / m['ours cold']:.2f}×"
        ours_warm.compared = f"7b / 7d = {m['plugin warm'] / m['ours warm']:.1f}×; 7d / 7f = {m['ours warm'] / m['no figures, cached templates']:.2f}×"
        bare.value = seconds(m["no figures"])
        bare.compared = f"7b / 7e = {m['plugin warm'] / m['no figures']:.1f}×"
        cached_bare.value = seconds(m["no figures, cached templates"])
        cached_bare.compared = f"7b / 7f = {m['plugin warm'] / m['no figures, cached templates']:.1f}×"
        details.append(
            "\nRows 7a–7b ran with " + ", ".join(f"{pkg} {version}" for pkg, version in versions.items())
            + " (bench/requirements-plugin.txt)."
        )
    rows += [plugin_cold, plugin_warm, ours_cold, ours_warm, bare, cached_bare]


def weight_rows(site, rows, errors, details):
    page = Row("8a", "Heaviest page: HTML and every file it loads", target="< 500 KB transferred")
    figure = Row("8b", "Largest published figure file", target="< 150 KB")
    rows += [page, figure]
    if site is None:
        errors.append("page weights: no site was built (row 6 failed)")
        return
    weighed = measure(errors, "page weights", lambda: (weights.page_weights(site), weights.figure_sizes(site)))
    if not weighed:
        return
    pages, figures = weighed
    # Transferred bytes: static hosts such as GitHub Pages send HTML, CSS, JS and JSON gzipped.
    url, (size, zipped, _) = max(pages.items(), key=lambda item: item[1][1])
    page.measurement = f"Heaviest of {len(pages)} pages, `{url}`: HTML and every file it loads, as transferred (gzip)"
    page.value, page.met = f"{kb(zipped)} ({kb(size)} uncompressed)", zipped < PAGE_TARGET
    name, largest = max(figures.items(), key=lambda item: item[1])
    figure.measurement = f"Largest of {len(figures)} published figure files, `{name}`"
    figure.value, figure.met = kb(largest), largest < FIGURE_TARGET
    details.append("\nPage weights (HTML and every file it loads, light scheme; gzipped in brackets):\n")
    details += [f"- `{url}`: {kb(size)} ({kb(zipped)})" for url, (size, zipped, _) in sorted(pages.items())]
    details.append("\nPublished figure files:\n")
    for slug in sorted({name.rsplit(".", 1)[0].removesuffix("-dark") for name in figures}):
        sizes = [
            f"{label} {kb(figures[file])}"
            for label, file in (("SVG", f"{slug}.svg"), ("PNG", f"{slug}.png"), ("dark SVG", f"{slug}-dark.svg"), ("dark PNG", f"{slug}-dark.png"))
            if file in figures
        ]
        details.append(f"- `{slug}`: {', '.join(sizes)}")


def heading(runs, load):
    graphviz = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    return (
        f"Benchmarks of {date.today().isoformat()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{graphviz}; load average {load:.1f} when the bench started (other work on the machine slows "
        f"every row); medians of {runs} runs each; 1 KB = 1000 bytes."
    )


def table(rows, runs):
    lines = [
        f"| # | Measurement | Median of {runs} | Compared | Target: met? |",
        "|---|---|--:|---|---|",
    ]
    for row in rows:
        target = row.target if row.met is None else f"{row.target}: {'yes' if row.met else '**no**'}"
        lines.append(f"| {row.number} | {row.measurement} | {row.value} | {row.compared} | {target} |")
    return "\n".join(lines)


def seconds(value):
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def kb(size):
    return f"{size / 1000:.1f} KB"


if __name__ == "__main__":
    progress("each measurement runs on copies of the project in a temporary folder")
    sys.exit(main())
