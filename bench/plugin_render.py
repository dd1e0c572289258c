"""Lets one of our figure scripts run under the mkdocs-diagrams plugin (make bench, row 7).

The plugin runs each `*.diagrams.py` file as a program and expects it to render its own
Diagram. Ours hand their figure to our generator instead, so the bench adds two lines to
each copy: `import plugin_render` at the top, which makes the figure wait at the end of its
block, and `plugin_render.render(__file__)` at the bottom, which renders it the way the
diagrams library renders any Diagram (one `dot` run per format), in both colour schemes, as
SVG and PNG at our resolution: the same files our generator publishes, from the same graph.
"""

import os
import runpy
from pathlib import Path

from illustrated import style
from illustrated.render import PNG_DPI  # our resolution, so that both sides draw equally large PNGs

style.Figure.collecting = True  # a figure's block ends by keeping it, not by calling our generator
# The plugin runs each script in docs/, not in a project with diagrams/icons/: the bench put them beside this file.
style.ICONS = {name: Path(__file__).with_name("icons") / path.name for name, path in style.ICONS.items()}


def render(script):
    """Render the figure the script drew in the light scheme, then draw and render it in dark."""
    name = Path(script).name.removesuffix(".diagrams.py").replace("_", "-")
    _render_as_diagrams_does(style.Figure.built.pop(), name)
    style.SCHEME = "dark"
    runpy.run_path(script, run_name="__figure__")  # not "__main__": this part does not run again
    _render_as_diagrams_does(style.Figure.built.pop(), f"{name}-dark")


def _render_as_diagrams_does(figure, filename):
    """What diagrams.Diagram.__exit__ does, with our file names and formats."""
    figure.filename = figure.dot.filename = filename
    figure.outformat = ["svg", "png"]
    figure.dot.graph_attr["dpi"] = PNG_DPI
    figure.render()
    os.remove(figure.filename)  # the DOT file the library writes before each render
