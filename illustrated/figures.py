"""The figures: found in diagrams/, built into build/figures/ (SVG and PNG, light and dark, plus
metadata), published into docs/figures/, where every engine publishes what docs/ holds.

    python -m illustrated.figures               # every figure whose inputs changed, then publish
    python -m illustrated.figures after-role    # just these
    python -m illustrated.figures --no-publish  # build only (`mkdocs serve` publishes them itself)

The project is the directory this runs in, where mkdocs.yml is: `make`, CI, both engines and
the tests' copies of the project all run there, and a script run alone runs this command line
in its own project (see style.Figure). What a figure looks like is style.py's and layout.py's;
render.py draws it with Graphviz, inline_svg.py makes the copy a page inlines; cache.py decides
what is stale and writes files atomically.

Each figure is rebuilt only when the hash of its inputs (its script, the icons, the visual
language, the polish pass, this generator, the versions of diagrams and Graphviz, the colour
scheme) changes. Figures are independent, so they render in parallel, one thread per core. A
broken script fails loudly with its own line and traceback; the other figures still build, and
the last good output of the broken one stays in place, because every file is written to a
temporary name first.

Publishing writes only the files whose bytes changed: a file rewritten in docs/ on every build
would make `mkdocs serve` rebuild forever. docs/figures/ is git-ignored; `make figures` fills it
before a build. Nothing here knows about an engine: MkDocs' hook and the Makefile both call it.
"""

import signal
import sys

# Ctrl-C while the generator is still importing: nothing has been written yet, so stop at once,
# as an interrupted run does (exit 130). main() takes Ctrl-C over when it starts.
if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))

import contextlib  # noqa: E402  (after the handler: imports take a while on a loaded machine)
import functools
import json
import os
import runpy
import threading
import traceback
from pathlib import Path
from typing import NamedTuple

from illustrated import cache, render
from illustrated.inline_svg import inline_svg
from illustrated.render import FigureError

# No bytecode cache: one written into illustrated/ (which `mkdocs serve` watches) would only wake
# up the watcher for a second, useless rebuild. `make figures` compiles the package beforehand.
sys.dont_write_bytecode = True

ROOT = Path.cwd()
SCRIPTS_DIR = ROOT / "diagrams"
BUILT = ROOT / "build" / "figures"
PUBLISHED = ROOT / "docs" / "figures"
# The package's modules that decide a figure's output: the visual language, the polish pass on
# dot's layout, the Graphviz runs and SVG clean-up, and this generator. (The Markdown extensions
# only place the files; cache.py only decides when to build.)
PIPELINE = [Path(__file__).with_name(name) for name in ("style.py", "layout.py", "render.py", "inline_svg.py", "figures.py")]
SCHEMES = ("light", "dark")


class Outcome(NamedTuple):
    slug: str
    rendered: bool = False
    error: str = ""


def slug_of(script):
    return script.stem.replace("_", "-")


def scripts(folder=SCRIPTS_DIR):
    """Every figure script, in name order: diagrams/ holds nothing else."""
    return sorted(folder.glob("*.py"))


def output_name(slug, scheme, ext):
    return f"{slug}.{ext}" if scheme == "light" else f"{slug}-{scheme}.{ext}"


def output_file(slug, scheme, ext, out_dir=BUILT):
    return out_dir / output_name(slug, scheme, ext)


def output_files(slug, out_dir=BUILT):
    """The published files of one figure: SVG and PNG in each scheme."""
    return [output_file(slug, scheme, ext, out_dir) for scheme in SCHEMES for ext in ("svg", "png")]


def page_file(slug, out_dir=BUILT):
    """The one SVG a page inlines (inline_svg.py): recoloured by CSS in the dark scheme, its
    links described, in reading order."""
    return out_dir / f"{slug}.page.svg"


def metadata(built=BUILT):
    """{slug: title, caption, text alternative, glossary terms, source} of every figure built."""
    stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(built.glob("*.json")))
    return _metadata(str(built), stamps)


@functools.lru_cache(maxsize=2)  # read once per build, however many pages ask
def _metadata(built, stamps):
    found = {}
    for script in scripts():
        meta = Path(built) / f"{slug_of(script)}.json"
        if meta.exists():
            found[slug_of(script)] = json.loads(meta.read_text())
    return found


# --- running a script -------------------------------------------------------------------


def _script_error(slug, script, exc):
    """The error and the traceback, trimmed to the script's own frames."""
    rel = script.relative_to(ROOT)
    if isinstance(exc, SyntaxError) and exc.filename == str(script):
        pointer = " " * ((exc.offset or 1) - 1) + "^"
        return f"figure '{slug}' ({rel}, line {exc.lineno}): SyntaxError: {exc.msg}\n  {(exc.text or '').rstrip()}\n  {pointer}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(script)]
    where = f"line {frames[-1].lineno}" if frames else "while building the figure"
    lines = "".join(traceback.format_list(frames))
    summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return f"figure '{slug}' ({rel}, {where}): {summary}\nTraceback (the script's own frames):\n{lines}{summary}"


# The visual language holds the figure being drawn in module state (the figures built): one
# script runs at a time, whatever the threads.
_drawing = threading.Lock()


def _draw(script):
    """Run a figure script and return the Figure it drew, with a stand-in for each colour: each
    scheme's source is `figure.source(scheme)`, so that a script runs once for every scheme."""
    with _drawing:
        return _draw_alone(script)


def _draw_alone(script):
    from illustrated import style

    style.SCHEME = None
    style.Figure.collecting = True
    style.Figure.built.clear()
    namespace = runpy.run_path(str(script), run_name="__figure__")
    if len(style.Figure.built) != 1:
        raise FigureError(f"draws {len(style.Figure.built)} figures; a script draws exactly one")
    figure = style.Figure.built[0]
    figure.caption = (namespace.get("__doc__") or "").strip()
    if not figure.caption:
        raise FigureError("has no docstring: a script's docstring is its figure's caption")
    return figure


# --- one figure, all figures ------------------------------------------------------------


def layout_of(figure):
    """The figure laid out: its DOT source with every position fixed, the colours still stand-ins."""
    graph = render.dot_layout(figure.source("light"))  # the colours move nothing
    from illustrated import layout  # imported while the other threads' Graphviz runs

    try:
        return layout.positioned_source(figure, layout.polish(figure, graph))
    except layout.LayoutError as exc:
        raise FigureError(str(exc)) from None


def build_one(script, out_dir, hashes):
    """Build one figure in both schemes. Never raises for a broken figure: it returns the
    error, and leaves the figure's last good files untouched."""
    slug = slug_of(script)
    source = script.relative_to(ROOT)
    staged = {}
    try:
        figure = _draw(script)
        # One layout for both schemes: only the colours differ, so the drawings pair up tag by tag.
        drawing = layout_of(figure)
        drawings = {(output_file(slug, scheme, "svg", out_dir), output_file(slug, scheme, "png", out_dir),
                     f"{slug}-{scheme}"): figure.in_scheme(drawing, scheme) for scheme in SCHEMES}
        staged.update(render.render(figure, drawings))
        light, dark = (staged[output_file(slug, scheme, "svg", out_dir)].read_text() for scheme in SCHEMES)
        cache.temporary_name(page_file(slug, out_dir)).write_text(inline_svg(light, dark, slug))
        staged[page_file(slug, out_dir)] = cache.temporary_name(page_file(slug, out_dir))
        meta = figure.metadata(slug, source.as_posix()) | {"hashes": hashes}
        meta_path = out_dir / f"{slug}.json"
        cache.temporary_name(meta_path).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        staged[meta_path] = cache.temporary_name(meta_path)  # moved last: it marks the figure complete
        for final, temporary in staged.items():
            os.replace(temporary, final)
        return Outcome(slug, rendered=True)
    except FigureError as exc:
        return Outcome(slug, error=f"figure '{slug}' ({source}): {exc}")
    except (Exception, SystemExit) as exc:  # the script's own error, reported at its own line
        return Outcome(slug, error=_script_error(slug, script, exc))
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def _inputs(script):
    """Every file that decides the figure's output: its script, the pipeline, the icons."""
    return [script, *PIPELINE, *sorted(SCRIPTS_DIR.glob("icons/*"))]


def chosen(slugs=None):
    """The scripts of the named figures, all of them by default."""
    if not SCRIPTS_DIR.is_dir():
        raise FigureError(f"no figure scripts in {SCRIPTS_DIR}: run this in the project, where mkdocs.yml is")
    found = scripts()
    if not slugs:
        return found
    known = {slug_of(s): s for s in found}
    unknown = sorted(set(slugs) - set(known))
    if unknown:
        raise FigureError(f"no figure script for {', '.join(unknown)} in {SCRIPTS_DIR}")
    return [known[s] for s in slugs]


def stale(among=None, out_dir=BUILT, force=False):
    """{script: input hashes} of the figures among these scripts (default: all) whose inputs
    changed since they were built into out_dir, or that miss a file: a hash per script."""
    graphviz = render.graphviz_version()
    found = {}
    for script in chosen() if among is None else among:
        hashes = cache.input_hashes(_inputs(script), graphviz, SCHEMES)
        outputs = [*output_files(slug_of(script), out_dir), page_file(slug_of(script), out_dir)]
        if force or not cache.is_current(out_dir / f"{slug_of(script)}.json", hashes, outputs):
            found[script] = hashes
    return found


def build(slugs=None, out_dir=BUILT, force=False):
    """Build the named figures (default: all) whose inputs changed. Returns one Outcome per figure."""
    wanted = chosen(slugs)
    to_build = stale(wanted, out_dir, force)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache.remove_temporary(out_dir)
    outcomes = {slug_of(script): Outcome(slug_of(script)) for script in wanted}
    try:
        outcomes.update((outcome.slug, outcome) for outcome in _run(to_build, out_dir))
    except KeyboardInterrupt:
        cache.remove_temporary(out_dir)
        raise
    return list(outcomes.values())


@contextlib.contextmanager
def _ctrl_c_as_flag():
    """Ctrl-C only sets a flag while figures are built: a KeyboardInterrupt raised at a random
    point inside the pool's machinery can leave it unable to shut down. (Only the main thread may
    set signal handlers: called from another thread, Ctrl-C is its caller's to handle.)"""
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.set())
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(stale, out_dir):
    """Build the stale figures, as many at once as there are cores. Threads are enough: most of a
    figure's time is spent in Graphviz, in processes of its own, and threads import the package
    (and compile it, see above) once, where worker processes each did it again."""
    if not stale:
        return []
    from concurrent.futures import ThreadPoolExecutor, wait  # paid for only with work

    from illustrated import style  # noqa: F401  (imported once, before the threads ask for it)

    with _ctrl_c_as_flag() as ctrl_c, ThreadPoolExecutor(min(len(stale), os.cpu_count() or 1)) as pool:
        jobs = [pool.submit(build_one, script, out_dir, hashes) for script, hashes in stale.items()]
        while not all(job.done() for job in jobs):
            if ctrl_c.is_set():
                for job in jobs:
                    job.cancel()  # figures not started yet; those running finish whole
                wait(jobs)
                raise KeyboardInterrupt
            wait(jobs, timeout=0.1)  # wakes when all are done, or to look at Ctrl-C again
        return [job.result() for job in jobs]


def built_files(built=BUILT):
    """The files each built figure publishes: SVG and PNG, in each scheme."""
    return [path for slug in metadata(built) for path in output_files(slug, built)]


def publish(built=BUILT, published=PUBLISHED):
    """Copy each built figure's published files (SVG and PNG, both schemes) into docs/figures/,
    writing only those that differ, and remove what no figure publishes any more."""
    if not built.is_dir():  # nothing built yet (no Graphviz, say): keep what was published
        return
    published.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for source in built_files(built):
        target = published / source.name
        wanted.add(target.name)
        data = source.read_bytes()
        if not (target.exists() and target.read_bytes() == data):
            temporary = cache.temporary_name(target)
            temporary.write_bytes(data)
            temporary.replace(target)
    for stale in published.iterdir():
        # Dot files are make's stamp, or temporaries an interrupted run left; neither is published.
        if stale.name not in wanted and (not stale.name.startswith(".") or stale.suffix == ".tmp"):
            stale.unlink()


def published_name(slug, scheme, ext):
    """The file name a figure is published under in figures/."""
    return output_name(slug, scheme, ext)


def page_svg(slug, built=BUILT):
    """The SVG a page inlines (see page_file)."""
    return page_file(slug, built).read_text(encoding="utf-8")


def main(argv=None):
    """The command line, what `make figures` runs: build what changed, report, then publish."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C is a KeyboardInterrupt again
    args = sys.argv[1:] if argv is None else argv
    status = _build_and_report(args)
    if "--no-publish" not in args:
        publish()  # a broken figure keeps its last good files, so publishing is always safe
    return status


def _build_and_report(args):
    force = "--force" in args
    slugs = [a for a in args if a not in ("--force", "--no-publish")]
    try:
        outcomes = build(slugs or None, force=force)
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: finished figures were kept, nothing half-written was left", file=sys.stderr)
        return 130
    failed = [o for o in outcomes if o.error]
    rendered = [o.slug for o in outcomes if o.rendered]
    for outcome in failed:
        print(f"error: {outcome.error}", file=sys.stderr)
    print(
        f"figures: {len(rendered)} rendered, {len(outcomes) - len(rendered) - len(failed)} current, "
        f"{len(failed)} failed ({BUILT.relative_to(ROOT)})"
        + (f": {', '.join(rendered)}" if rendered else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    status = main()
    # Every file is written and closed, the threads are joined: the interpreter's tear-down of
    # its modules would only add some 15 ms to every run (make bench, row 1).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
