"""Build every figure in diagrams/ into build/figures/: SVG and PNG, light and dark, plus metadata.

    python diagrams/generate.py            # every figure whose inputs changed
    python diagrams/generate.py after-role # just these

Each figure is rebuilt only when the hash of its inputs (its script, the shared style, this
generator, the versions of diagrams and Graphviz, the colour scheme) changes. Figures are
independent, so they render in parallel, one worker per core. A broken script fails loudly
with its own line and traceback; the other figures still build, and the last good output
of the broken one stays in place, because every file is written to a temporary name first.

Nothing here knows about MkDocs: the site's hook and the Makefile both call `build()`.
"""

import signal
import sys

# Ctrl-C while the generator is still importing: nothing has been written yet, so stop at once,
# as an interrupted run does (exit 130). main() takes Ctrl-C over when it starts.
if __name__ == "__main__":
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))

import base64  # noqa: E402  (after the handler: imports take a while on a loaded machine)
import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
import runpy
import shutil
import subprocess
import threading
import traceback
from pathlib import Path
from typing import NamedTuple

# Scripts are run, not kept as libraries: a bytecode cache in diagrams/ would only wake up the
# `mkdocs serve` watcher for a second, useless rebuild.
sys.dont_write_bytecode = True

SCRIPTS_DIR = Path(__file__).resolve().parent
OUT_DIR = SCRIPTS_DIR.parent / "build" / "figures"
SUPPORT_MODULES = {"style", "generate", "layout"}  # the only files in diagrams/ that are not figures
SCHEMES = ("light", "dark")
MIN_GRAPHVIZ = (2, 42)
PNG_DPI = "144"


class FigureError(Exception):
    """A figure or the toolchain failed; the message says which and where."""


class Outcome(NamedTuple):
    slug: str
    rendered: bool = False
    error: str = ""


def slug_of(script):
    return script.stem.replace("_", "-")


def scripts():
    """Every figure script, in name order."""
    return sorted(p for p in SCRIPTS_DIR.glob("*.py") if p.stem not in SUPPORT_MODULES)


def output_name(slug, scheme, ext):
    return f"{slug}.{ext}" if scheme == "light" else f"{slug}-{scheme}.{ext}"


def output_file(slug, scheme, ext, out_dir=OUT_DIR):
    return out_dir / output_name(slug, scheme, ext)


def output_files(slug, out_dir=OUT_DIR):
    """The published files of one figure: SVG and PNG in each scheme."""
    return [output_file(slug, scheme, ext, out_dir) for scheme in SCHEMES for ext in ("svg", "png")]


def page_file(slug, out_dir=OUT_DIR):
    """The one SVG a page inlines: the light rendering, recoloured by CSS in the dark scheme."""
    return out_dir / f"{slug}.page.svg"


def metadata(out_dir=OUT_DIR):
    """Title, caption, text alternative and glossary terms of every figure built so far."""
    found = {}
    for script in scripts():
        meta = out_dir / f"{slug_of(script)}.json"
        if meta.exists():
            found[slug_of(script)] = json.loads(meta.read_text())
    return found


def graphviz_version():
    """The installed Graphviz version, or one clear line on how to install it."""
    hint = "install the 'graphviz' package (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz)"
    if shutil.which("dot") is None:
        raise FigureError(f"Graphviz's 'dot' command was not found: {hint}")
    out = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr
    match = re.search(r"version (\d+)\.(\d+)(?:\.(\d+))?", out)
    if not match:
        raise FigureError(f"could not read the Graphviz version from {out.strip()!r}: {hint}")
    version = tuple(int(part or 0) for part in match.groups())
    if version[:2] < MIN_GRAPHVIZ:
        wanted = ".".join(map(str, MIN_GRAPHVIZ))
        raise FigureError(f"Graphviz {'.'.join(map(str, version))} is too old (need {wanted} or newer): {hint}")
    return ".".join(map(str, version))


@functools.cache
def _diagrams_release():
    """The installed diagrams release, read from its dist-info folder's name: asking
    importlib.metadata costs more than the whole warm run otherwise needs."""
    site_packages = Path(importlib.util.find_spec("diagrams").origin).parent.parent
    return ", ".join(sorted(path.name for path in site_packages.glob("diagrams-*.dist-info")))


def input_hashes(script, graphviz):
    """One content hash per colour scheme over everything that decides the figure's output."""
    common = hashlib.sha256()
    for path in (script, SCRIPTS_DIR / "style.py", SCRIPTS_DIR / "layout.py", Path(__file__), *sorted(SCRIPTS_DIR.glob("icons/*"))):
        common.update(path.read_bytes())
    common.update(f"{_diagrams_release()}; graphviz {graphviz}".encode())
    hashes = {}
    for scheme in SCHEMES:
        digest = common.copy()
        digest.update(scheme.encode())
        hashes[scheme] = digest.hexdigest()
    return hashes


def is_current(slug, hashes, out_dir):
    meta = out_dir / f"{slug}.json"
    if not meta.exists():
        return False
    try:
        recorded = json.loads(meta.read_text())["hashes"]
    except (ValueError, KeyError):
        return False
    expected = [*output_files(slug, out_dir), page_file(slug, out_dir)]
    return recorded == hashes and all(path.exists() for path in expected)


def temporary_name(path):
    """Where a file is written before it is renamed into place; `remove_temporary` knows it."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_temporary(out_dir):
    """Remove what an interrupted run left half-written."""
    for leftover in out_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


# --- running a script -------------------------------------------------------------------


def _script_error(slug, script, exc):
    """The error and the traceback, trimmed to the script's own frames."""
    rel = script.relative_to(SCRIPTS_DIR.parent)
    if isinstance(exc, SyntaxError) and exc.filename == str(script):
        pointer = " " * ((exc.offset or 1) - 1) + "^"
        return f"figure '{slug}' ({rel}, line {exc.lineno}): SyntaxError: {exc.msg}\n  {(exc.text or '').rstrip()}\n  {pointer}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(script)]
    where = f"line {frames[-1].lineno}" if frames else "while building the figure"
    lines = "".join(traceback.format_list(frames))
    summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return f"figure '{slug}' ({rel}, {where}): {summary}\nTraceback (the script's own frames):\n{lines}{summary}"


def _draw(script, scheme):
    """Run a figure script under one colour scheme and return the Figure it drew."""
    import style

    style.SCHEME = scheme
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


# --- rendering and post-processing ------------------------------------------------------


def _render(slug, figure, scheme, out_dir, placed):
    """Draw the polished layout with `neato -n2`, which keeps every given position, as SVG and PNG
    to temporary files, and return them as {final path: temporary path} for the caller to move."""
    import layout

    svg, png = (out_dir / output_name(slug, scheme, ext) for ext in ("svg", "png"))
    raw_svg = temporary_name(out_dir / f"raw-{svg.name}")
    try:
        result = subprocess.run(
            ["neato", "-n2", "-Tsvg", f"-o{raw_svg}", "-Tpng", f"-Gdpi={PNG_DPI}", f"-o{temporary_name(png)}"],
            input=layout.positioned_source(figure, placed),
            capture_output=True,
            text=True,
            # Graphviz catches Ctrl-C itself, to write a partial drawing from its signal handler:
            # that can deadlock it, or mix PNG bytes into the SVG. In its own session the
            # terminal's Ctrl-C does not reach it, and a started figure is finished whole.
            start_new_session=True,
        )
        problems = [line for line in result.stderr.splitlines() if line.strip()]
        if result.returncode != 0 or any(line.startswith("Error") for line in problems):
            temporary_name(png).unlink(missing_ok=True)
            raise FigureError("Graphviz rejected the graph this script drew:\n  " + "\n  ".join(problems or ["(no message)"]))
        temporary_name(svg).write_text(clean_svg(raw_svg.read_text(), f"{slug}-{scheme}", figure))
        return {svg: temporary_name(svg), png: temporary_name(png)}
    finally:
        raw_svg.unlink(missing_ok=True)


def _polish(figure):
    import layout

    try:
        return layout.polish(figure)
    except layout.LayoutError as exc:
        raise FigureError(str(exc)) from None


def clean_svg(svg, prefix, figure):
    """Make Graphviz's SVG fit to publish: no comments, no file paths, ids unique on a page."""
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = _undo_png_scale(svg)
    svg = re.sub(r"<\?xml[^>]*>\n?|<!DOCTYPE[^>]*>\n?", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _embed_icons(svg, prefix)
    # Graphviz titles each shape with its internal name; the figure gets one real title.
    svg = re.sub(r"<title>[^<]*</title>\n?", "", svg)
    svg = re.sub(
        r"(<svg\b[^>]*?)>",
        lambda m: f'{m.group(1)} role="group" aria-labelledby="{prefix}-title">'
        f'\n<title id="{prefix}-title">{_xml(figure.title)}</title>\n<desc>{_xml(figure.alt_text())}</desc>',
        svg,
        count=1,
    )
    return svg


def _undo_png_scale(svg):
    """The PNG's resolution is a graph attribute, so dot scales the SVG too: set it back to 1:1."""
    width, height = re.search(r'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"', svg).groups()
    svg = re.sub(r'<svg width="[^"]+" height="[^"]+"', f'<svg width="{width}pt" height="{height}pt"', svg, count=1)
    return re.sub(r'transform="scale\([\d.]+ [\d.]+\)', 'transform="scale(1 1)', svg, count=1)


def recolourable(light, dark):
    """The light SVG, made to take the dark rendering's colours under Material's dark scheme.

    Both renderings come from one layout, so their tags pair up one to one. Where a colour
    differs, the light tag gets a class named after its dark colour, and a style sheet in the
    SVG gives that class the colour under `[data-md-color-scheme="slate"]`: a page carries one
    copy of each figure instead of two, and the standalone file ignores the rule.
    """
    tag = re.compile(r"<[^>]+>")
    light_tags, dark_tags = tag.findall(light), tag.findall(dark)
    if len(light_tags) != len(dark_tags):
        raise FigureError("the light and dark renderings differ in shape, not only in colour")
    rules, tags = {}, iter(dark_tags)

    def mark(match):
        light_tag, dark_tag = match.group(0), next(tags)
        classes = []
        for prop in ("fill", "stroke"):
            before = re.search(rf'\s{prop}="([^"]+)"', light_tag)
            after = re.search(rf'\s{prop}="([^"]+)"', dark_tag)
            if before and after and before.group(1) != after.group(1):
                name = f"hv-{prop}-{after.group(1).lstrip('#')}"
                rules[name] = f'[data-md-color-scheme="slate"] .{name}{{{prop}:{after.group(1)}}}'
                classes.append(name)
        if not classes:
            return light_tag
        end = -2 if light_tag.endswith("/>") else -1
        return f'{light_tag[:end]} class="{" ".join(classes)}"{light_tag[end:]}'

    marked = tag.sub(mark, light)
    style = f"<style>{''.join(sorted(rules.values()))}</style>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + style, marked, count=1)


def _embed_icons(svg, prefix):
    """Replace absolute icon paths by data URIs, each icon stored once and reused with <use>."""
    icons = {}

    def use(match):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', match.group(0)))
        path = attrs["xlink:href"]
        ref = icons.setdefault(path, f"{prefix}-icon-{len(icons)}")
        return (
            f'<use xlink:href="#{ref}" x="{attrs["x"]}" y="{attrs["y"]}" '
            f'width="{attrs["width"]}" height="{attrs["height"]}"/>'
        )

    svg = re.sub(r"<image\b[^>]*/>", use, svg)
    if not icons:
        return svg
    symbols = "".join(
        f'<symbol id="{ref}" viewBox="0 0 1 1"><image width="1" height="1" '
        f'xlink:href="data:image/png;base64,{base64.b64encode(Path(path).read_bytes()).decode()}"/></symbol>'
        for path, ref in icons.items()
    )
    return re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n<defs>{symbols}</defs>", svg, count=1)


def _xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- one figure, all figures ------------------------------------------------------------


def build_one(script, out_dir, hashes):
    """Build one figure in both schemes. Never raises for a broken figure: it returns the
    error, and leaves the figure's last good files untouched."""
    slug = slug_of(script)
    source = script.relative_to(SCRIPTS_DIR.parent)
    staged = {}
    try:
        figures = {scheme: _draw(script, scheme) for scheme in SCHEMES}
        # One layout for both schemes: only the colours differ, so the drawings pair up tag by tag.
        placed = _polish(figures["light"])
        for scheme, figure in figures.items():
            staged.update(_render(slug, figure, scheme, out_dir, placed))
        light, dark = (staged[output_file(slug, scheme, "svg", out_dir)].read_text() for scheme in SCHEMES)
        temporary_name(page_file(slug, out_dir)).write_text(recolourable(light, dark))
        staged[page_file(slug, out_dir)] = temporary_name(page_file(slug, out_dir))
        meta = figures["light"].metadata(slug, source.as_posix()) | {"hashes": hashes}
        meta_path = out_dir / f"{slug}.json"
        temporary_name(meta_path).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        staged[meta_path] = temporary_name(meta_path)  # moved last: it marks the figure complete
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


def _worker_init(in_pool=False):
    if in_pool:  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.path.insert(0, str(SCRIPTS_DIR))
    import style  # noqa: F401  (imports diagrams once per worker, not once per figure)


def build(slugs=None, out_dir=OUT_DIR, force=False):
    """Build the named figures (default: all). Returns one Outcome per figure."""
    graphviz = graphviz_version()
    chosen = scripts()
    if slugs:
        known = {slug_of(s): s for s in chosen}
        unknown = sorted(set(slugs) - set(known))
        if unknown:
            raise FigureError(f"no figure script for {', '.join(unknown)} in {SCRIPTS_DIR}")
        chosen = [known[s] for s in slugs]
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_temporary(out_dir)
    outcomes = {slug_of(script): Outcome(slug_of(script)) for script in chosen}
    # Deciding what is current costs a hash per script: no worker starts when nothing changed.
    stale = {}
    for script in chosen:
        hashes = input_hashes(script, graphviz)
        if force or not is_current(slug_of(script), hashes, out_dir):
            stale[script] = hashes
    try:
        outcomes.update((outcome.slug, outcome) for outcome in _run(stale, out_dir))
    except KeyboardInterrupt:
        remove_temporary(out_dir)
        raise
    return list(outcomes.values())


@contextlib.contextmanager
def _ctrl_c_as_flag():
    """Ctrl-C only sets a flag while workers run: a KeyboardInterrupt raised at a random point
    inside the pool's machinery can leave it unable to shut down. (Only the main thread may set
    signal handlers; under `mkdocs serve` builds run in another, and Ctrl-C ends the server.)"""
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
    """Build the stale figures: in this process when there is one, else one worker per core."""
    if not stale:
        return []
    if len(stale) == 1:
        _worker_init()
        return [build_one(script, out_dir, hashes) for script, hashes in stale.items()]
    from concurrent.futures import ProcessPoolExecutor, wait  # paid for only with work

    with _ctrl_c_as_flag() as ctrl_c, ProcessPoolExecutor(
        min(len(stale), os.cpu_count() or 1), initializer=_worker_init, initargs=(True,)
    ) as pool:
        jobs = [pool.submit(build_one, script, out_dir, hashes) for script, hashes in stale.items()]
        while not all(job.done() for job in jobs):
            if ctrl_c.is_set():
                for job in jobs:
                    job.cancel()  # figures not started yet; those running finish whole
                wait(jobs)
                raise KeyboardInterrupt
            wait(jobs, timeout=0.1)  # wakes when all are done, or to look at Ctrl-C again
        return [job.result() for job in jobs]


def main(argv=None):
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C is a KeyboardInterrupt again
    args = sys.argv[1:] if argv is None else argv
    force = "--force" in args
    slugs = [a for a in args if a != "--force"]
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
        f"{len(failed)} failed ({OUT_DIR.relative_to(SCRIPTS_DIR.parent)})"
        + (f": {', '.join(rendered)}" if rendered else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
