"""Graphviz's runs and what is done to their output before it is published.

The polished layout (see layout.py) is drawn by `neato -n2` as SVG and PNG; the SVG is made fit
to publish (no comments or file paths, ids unique on a page, one accessible title and
description, each icon embedded once). The copy a page inlines is inline_svg.py's.
"""

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

from illustrated.cache import temporary_name

MIN_GRAPHVIZ = (2, 42)
PNG_DPI = "144"


class FigureError(Exception):
    """A figure or the toolchain failed; the message says which and where."""


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


# dot only places the boxes: the polish pass (layout.py) routes every flow itself, so dot draws
# its edges as plain lines. Its orthogonal router would cost time for nothing, and it crashes on
# some graphs (an assertion in maze.c after a label grew by two characters).
DOT_LAYOUT = ("dot", "-Tjson0", "-Gsplines=line")  # json0: no drawing instructions, only positions


def dot_layout(source):
    """dot's layout of a DOT source, as the JSON object `dot -Tjson0` writes."""
    result = subprocess.run(DOT_LAYOUT, input=source, capture_output=True, text=True, start_new_session=True)
    problems = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    if result.returncode != 0 or problems:
        raise FigureError("Graphviz rejected the graph this script drew:\n  " + "\n  ".join(problems or result.stderr.splitlines() or ["(no message)"]))
    return json.loads(result.stdout)


def render(figure, drawings):
    """Draw the figure's positioned DOT sources (see layout.positioned_source), one per scheme:
    {(svg, png, prefix): source}, where `prefix` makes the SVG's ids unique on a page. Each is
    drawn by `neato -n2`, which keeps every given position, as an SVG and a PNG in temporary
    files, all at once; returns {final path: temporary path} for the caller to move."""
    runs, scratch = [], []
    try:
        for (svg, png, prefix), source in drawings.items():
            dot_file, raw_svg = temporary_name(svg.with_suffix(".dot")), temporary_name(svg.with_name(f"raw-{svg.name}"))
            scratch += [dot_file, raw_svg]
            dot_file.write_text(source)
            command = ["neato", "-n2", "-Tsvg", f"-o{raw_svg}", "-Tpng", f"-Gdpi={PNG_DPI}", f"-o{temporary_name(png)}", str(dot_file)]
            # Graphviz catches Ctrl-C itself, to write a partial drawing from its signal handler:
            # that can deadlock it, or mix PNG bytes into the SVG. In its own session the
            # terminal's Ctrl-C does not reach it, and a started figure is finished whole.
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
            runs.append((svg, png, prefix, raw_svg, process))
        staged = {}
        for svg, png, prefix, raw_svg, process in runs:
            problems = [line for line in process.communicate()[1].splitlines() if line.strip()]
            if process.returncode != 0 or any(line.startswith("Error") for line in problems):
                raise FigureError("Graphviz rejected the graph this script drew:\n  " + "\n  ".join(problems or ["(no message)"]))
            temporary_name(svg).write_text(clean_svg(raw_svg.read_text(), prefix, figure))
            staged.update({svg: temporary_name(svg), png: temporary_name(png)})
        return staged
    except BaseException:
        for *_, process in runs:
            process.wait()  # none writes on after its files are gone
            process.stderr.close()
        for svg, png, *_ in runs:
            for final in (svg, png):
                temporary_name(final).unlink(missing_ok=True)
        raise
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)


def clean_svg(svg, prefix, figure):
    """Make Graphviz's SVG fit to publish: no comments, no file paths, ids unique on a page."""
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = _undo_png_scale(svg)
    svg = re.sub(r"<\?xml[^>]*>\n?|<!DOCTYPE[^>]*>\n?", "", svg, flags=re.S)
    svg = svg.replace(' id="', f' id="{prefix}-')  # every id Graphviz writes follows a space
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
