"""Row 7: our figure hook against the mkdocs-diagrams plugin, on twin sites with the same figures.

The twins differ only in how figures are made: the same theme, search settings, Markdown
extensions and versions, one page per figure. One uses the plugin (PyPI mkdocs-diagrams, pinned in
requirements-plugin.txt, in its own venv under build/bench/), which runs every
`*.diagrams.py` file in a subprocess on each build; the other uses our hook, which renders
only the figures whose inputs changed (`python -m illustrated.figures`, as `make build` runs it
first) and places them with our figures extension. Each is built cold (no figure rendered yet)
and warm. Our twin also keeps the compiled theme templates between builds (our MkDocs hook,
illustrated/mkdocs_hook.py), as our site does. A third twin without any figure shows what stock MkDocs itself takes for
the same pages, and a fourth the same with the template cache: no way of making figures can
build faster than that.
"""

import ast
import shutil
from pathlib import Path

from common import ENV, PYTHON, ROOT, BenchError, figure_scripts, progress, run, timed

PLUGIN_VENV = ROOT / "build" / "bench" / "plugin-venv"
REQUIREMENTS = Path(__file__).with_name("requirements-plugin.txt")

CONFIG = """site_name: Figures
theme:
  name: material
  font: false
{figures}
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
{extensions}"""
SEARCH = "  - search:\n      separator: '[\\s\\-]+'\n      pipeline: [stopWordFilter]\n"  # as in our mkdocs.yml
WITH_PLUGIN = "plugins:\n  - diagrams\n" + SEARCH
OUR_HOOK = "hooks:\n  - illustrated/mkdocs_hook.py\n"
WITH_OURS = "plugins:\n" + SEARCH + OUR_HOOK
OUR_EXTENSION = "  - illustrated.markdown.figures\n"
WITHOUT_FIGURES = "plugins:\n" + SEARCH
WITHOUT_FIGURES_CACHED = "plugins:\n" + SEARCH + OUR_HOOK


def compare(snapshot, work, runs):
    """Returns {"plugin cold", "plugin warm", "ours cold", "ours warm", "no figures",
    "no figures, cached templates": [seconds]}
    and the versions the plugin's venv holds."""
    python = plugin_venv()
    scripts = figure_scripts(snapshot)
    plugin_site = _plugin_twin(snapshot, scripts, work / "twin-plugin")
    our_site = _our_twin(snapshot, scripts, work / "twin-ours")
    bare_site = _bare_twin(scripts, work / "twin-bare", WITHOUT_FIGURES)
    cached_bare_site = _bare_twin(scripts, work / "twin-bare-cached", WITHOUT_FIGURES_CACHED, snapshot)
    plugin_env = {**ENV, "PYTHONPATH": str(plugin_site / "lib")}  # where the scripts find illustrated.style
    kinds = ("plugin cold", "plugin warm", "ours cold", "ours warm", "no figures", "no figures, cached templates")
    times = {kind: [] for kind in kinds}
    for i in range(runs):
        progress(f"mkdocs-diagrams twin, then ours, each cold then warm {i + 1}/{runs}")
        for rendered in (*(plugin_site / "docs").glob("*.svg"), *(plugin_site / "docs").glob("*.png")):
            rendered.unlink()
        times["plugin cold"].append(_build(python, plugin_site, plugin_env))
        times["plugin warm"].append(_build(python, plugin_site, plugin_env))
        _check_published(plugin_site / "site", scripts, "the mkdocs-diagrams twin")
        for generated in ("build", "docs/figures"):
            shutil.rmtree(our_site / generated, ignore_errors=True)
        times["ours cold"].append(timed([PYTHON, "-m", "illustrated.figures"], our_site)[0] + _build(PYTHON, our_site, ENV))
        times["ours warm"].append(_build(PYTHON, our_site, ENV))
        _check_published(our_site / "site" / "figures", scripts, "our twin")
        times["no figures"].append(_build(PYTHON, bare_site, ENV))
        _build(PYTHON, cached_bare_site, ENV)  # fills the template cache: the measured build is warm
        times["no figures, cached templates"].append(_build(PYTHON, cached_bare_site, ENV))
    return times, _versions(python)


def plugin_venv():
    """The plugin's venv, made again whenever requirements-plugin.txt changes."""
    stamp = PLUGIN_VENV / ".requirements"
    wanted = REQUIREMENTS.read_text()
    if not (stamp.exists() and stamp.read_text() == wanted):
        progress(f"installing the pinned mkdocs-diagrams into {PLUGIN_VENV.relative_to(ROOT)}")
        run([PYTHON, "-m", "venv", "--clear", str(PLUGIN_VENV)], ROOT)
        pip = [str(PLUGIN_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        run([*pip, "-r", str(REQUIREMENTS)], ROOT)
        stamp.write_text(wanted)
    return PLUGIN_VENV / "bin" / "python"


def _plugin_twin(snapshot, scripts, site):
    """docs/ holds each script as `*.diagrams.py`, adapted; lib/ holds what they import, and the icons."""
    docs, lib = site / "docs", site / "lib"
    # Material shows each image in its own scheme, as our pages show each inlined figure.
    _pages(docs, scripts, lambda slug: f"![{slug}]({slug}.svg#only-light)\n![{slug}]({slug}-dark.svg#only-dark)")
    shutil.copytree(snapshot / "diagrams" / "icons", lib / "icons")
    shutil.copytree(snapshot / "illustrated", lib / "illustrated")
    shutil.copy(Path(__file__).with_name("plugin_render.py"), lib / "plugin_render.py")
    for script in scripts:
        (docs / f"{script.stem}.diagrams.py").write_text(_adapted(script.read_text()))
    (site / "mkdocs.yml").write_text(CONFIG.format(figures=WITH_PLUGIN, extensions=""))
    return site


def _adapted(source):
    """The script with the two lines that let it render itself (see plugin_render.py)."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    has_docstring = ast.get_docstring(tree) is not None
    after_docstring = tree.body[0].end_lineno if has_docstring else 0
    header = "import plugin_render  # added by the bench: keep the figure for diagrams' own render()\n"
    footer = "\nif __name__ == \"__main__\":  # added by the bench\n    plugin_render.render(__file__)\n"
    return "".join(lines[:after_docstring]) + header + "".join(lines[after_docstring:]) + footer


def _our_twin(snapshot, scripts, site):
    """Our package and generator with the same scripts, and the same pages asking for the figures."""
    _our_package(snapshot, site)
    _pages(site / "docs", scripts, lambda slug: f"[[figure: {slug}]]")
    (site / "mkdocs.yml").write_text(CONFIG.format(figures=WITH_OURS, extensions=OUR_EXTENSION))
    return site


def _our_package(snapshot, site):
    """The package, the scripts it builds and the glossary its figure cards read, copied: run
    from the twin, `python -m` imports the twin's package, which builds the twin's figures."""
    for part in ("diagrams", "illustrated", "includes"):
        shutil.copytree(snapshot / part, site / part)


def _bare_twin(scripts, site, plugins, snapshot=None):
    """The same pages with no figure on them, and nothing to make figures; with `snapshot`,
    our hook too (its template cache; it builds no figure outside `mkdocs serve`)."""
    _pages(site / "docs", scripts, lambda slug: "No figure.")
    if snapshot:
        _our_package(snapshot, site)
    (site / "mkdocs.yml").write_text(CONFIG.format(figures=plugins, extensions=""))
    return site


def _pages(docs, scripts, body):
    """One page per figure script, with `body(slug)` under its title, and an index of them."""
    docs.mkdir(parents=True)
    slugs = [script.stem.replace("_", "-") for script in scripts]
    for slug in slugs:
        (docs / f"{slug}.md").write_text(f"# {slug}\n\n{body(slug)}\n")
    (docs / "index.md").write_text("# Figures\n\n" + "".join(f"- [{slug}]({slug}.md)\n" for slug in slugs))


def _build(python, site, env):
    command = [str(python), "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site / "site")]
    return timed(command, site, env)[0]


def _check_published(folder, scripts, which):
    """Both twins must publish every figure in both schemes, as SVG and PNG."""
    for script in scripts:
        slug = script.stem.replace("_", "-")
        for name in (f"{slug}.svg", f"{slug}.png", f"{slug}-dark.svg", f"{slug}-dark.png"):
            if not (folder / name).is_file():
                raise BenchError(f"{which} did not publish {name} (looked in {folder})")


def _versions(python):
    """The versions the plugin ran with, as pip reports them."""
    wanted = ("mkdocs-diagrams", "mkdocs", "mkdocs-material", "diagrams")
    frozen = run([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"], ROOT).stdout
    pins = dict(line.split("==", 1) for line in frozen.splitlines() if "==" in line)
    lowered = {name.lower(): version for name, version in pins.items()}
    return {name: lowered.get(name, "?") for name in wanted}
