"""MkDocs side of the figures: build them, publish them, and show them where a page asks.

A page asks with a line of its own: `[[figure: after-role]]`. The real work is done by
diagrams/generate.py, which knows nothing of MkDocs; this hook only adapts it.
"""

import hashlib
import logging
import posixpath
import re
import sys
from html import escape
from pathlib import Path

import markdown as md  # not `markdown`: MkDocs names the page's text so in on_page_markdown
import pygments
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data
from pymdownx.__meta__ import __version__ as pymdownx_version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "diagrams"))
import generate  # noqa: E402

log = logging.getLogger("mkdocs.hooks.figures")
MARKER = re.compile(r"^\[\[figure:\s*(?P<slug>[a-z0-9-]+)\s*\]\]\s*$")


def _placeholder(part):
    """A placeholder that on_post_page fills in; Markdown wraps it in a paragraph inside the tabs."""
    return re.compile(rf'(?:<p>)?<div class="hv-figure__{part}" data-figure="(?P<slug>[a-z0-9-]+)">\s*</div>(?:</p>)?')


ART, SOURCE_TAB = _placeholder("art"), _placeholder("source")

_state = {"serving": False, "figures": {}, "shown": {}, "sources": {}}


# Remember whether this is `mkdocs serve`: there a broken figure must not stop the server.
def on_startup(command, dirty):
    _state["serving"] = command == "serve"


# Build the figures whose inputs changed (all of them on a cold start).
def on_config(config):
    try:
        outcomes = generate.build()
    except generate.FigureError as exc:
        raise PluginError(str(exc)) from None
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed:
        log.error(outcome.error)
    if failed and not _state["serving"]:
        raise PluginError(f"{len(failed)} figure(s) failed: {', '.join(o.slug for o in failed)}")
    _state["figures"] = generate.metadata()
    _state["shown"], _state["sources"] = {}, {}


# Publish every figure at figures/<slug>.svg and .png, with its dark twin.
def on_files(files, config):
    for slug in _state["figures"]:
        for path in generate.output_files(slug):
            files.append(File.generated(config, f"figures/{path.name}", abs_src_path=str(path)))
    return files


# Replace each figure marker by the figure, its source, its caption and its downloads.
def on_page_markdown(markdown, page, config, files):
    lines = markdown.split("\n")
    # MkDocs hands over the page without its front matter; count it back in for line numbers.
    source = page.file.content_string
    offset = source.count("\n") - get_data(source)[0].count("\n")
    for number, line in enumerate(lines):
        if not line.startswith("[[figure"):
            continue
        match = MARKER.match(line)
        slug = match and match["slug"]
        where = f"{page.file.src_uri}, line {number + 1 + offset}"
        if not match or slug not in _state["figures"]:
            problem = f"{where}: no figure script draws {slug!r}" if match else f"{where}: malformed figure marker {line!r}"
            if not _state["serving"]:
                raise PluginError(problem + " (the scripts are in diagrams/)")
            log.error(problem)
            lines[number] = f'!!! failure "Figure missing"\n    {problem}'
            continue
        if slug in _state["shown"]:
            raise PluginError(f"{where}: figure {slug!r} is already shown on {_state['shown'][slug]}")
        _state["shown"][slug] = page.file.src_uri
        _state["sources"][slug] = _source_html(_state["figures"][slug], config)
        lines[number] = _figure_markdown(_state["figures"][slug], page)
        # A page with a figure gives it the width that the table of contents would take.
        page.meta.setdefault("hide", []).append("toc")
    return "\n".join(lines)


def _figure_markdown(meta, page):
    here = posixpath.dirname(page.file.src_uri)
    download = {ext: posixpath.relpath(f"figures/{meta['slug']}.{ext}", here) for ext in ("svg", "png")}
    # Tabs cannot sit inside a Markdown-in-HTML block (it splits them), so the anchor stands alone.
    return f"""<div class="hv-figure" id="figure-{meta['slug']}"></div>

=== "Figure"

    <div class="hv-figure__art" data-figure="{meta['slug']}"></div>

=== "Source"

    <div class="hv-figure__source" data-figure="{meta['slug']}"></div>

{" ".join(meta['caption'].split())}
Download: [SVG]({download['svg']}) · [PNG]({download['png']})
{{ .hv-figure__caption }}
"""


# The script as the Source tab shows it, highlighted as any code block on the site. It is kept in
# build/sources/ by content hash: highlighting the scripts takes a fifth of a warm build.
def _source_html(meta, config):
    project = Path(config.config_file_path).parent
    script = (project / meta["source"]).read_text(encoding="utf-8")
    block = f'```python title="{meta["source"]}"\n{script}\n```'
    extensions = {"extensions": config.markdown_extensions, "extension_configs": config.mdx_configs}
    inputs = (block, extensions, md.__version__, pygments.__version__, pymdownx_version)
    cache = project / "build" / "sources"
    cached = cache / f"{meta['slug']}.{hashlib.sha256(repr(inputs).encode()).hexdigest()[:16]}.html"
    if not cached.exists():
        html = md.markdown(block, **extensions)
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob(f"{meta['slug']}.*.html"):
            stale.unlink()
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(html, encoding="utf-8")
        temporary.replace(cached)
    return cached.read_text(encoding="utf-8")


# Inline each figure, so its components are links the reader can follow. One SVG serves both
# colour schemes (its own style sheet recolours it under the dark one); each scheme has its
# own "Full size" link to the matching published file. The Source tabs are filled in here too.
# This runs on the finished page, after the search plugin has read it: figures and their
# sources are not searched (search results would show code), and parsing them slows builds.
def on_post_page(html, page, config):
    root = posixpath.relpath(".", page.url or ".") + "/" if page.url else ""
    root = "" if root == "./" else root

    def inline(match):
        slug = match["slug"]
        svg = generate.page_file(slug).read_text().replace('xlink:href="../glossary/', f'xlink:href="{root}glossary/')
        title = escape(_state["figures"][slug]["title"])
        full = "".join(
            f'<a class="hv-figure__full hv-figure__full--{scheme}" href="{root}figures/{generate.output_file(slug, scheme, "svg").name}" '
            f'aria-label="Full size: {title}"><span>Full size</span></a>'
            for scheme in generate.SCHEMES
        )
        return f'<div class="hv-figure__art" data-figure="{slug}">{full}{svg}</div>'

    html, count = ART.subn(inline, html)
    html, sources = SOURCE_TAB.subn(lambda match: _state["sources"][match["slug"]], html)
    if not count == sources == html.count('class="hv-figure"'):
        raise PluginError(f"{page.file.src_uri}: a figure's placeholder was not found after Markdown")
    return html


# Every figure must be shown somewhere: a figure on no page is a figure nobody maintains.
def on_env(env, config, files):
    unshown = sorted(set(_state["figures"]) - set(_state["shown"]))
    if unshown and not _state["serving"]:
        raise PluginError(f"figure(s) drawn but shown on no page: {', '.join(unshown)}")
    return env

