"""Figures on the pages: a line `[[figure: after-role]]` becomes the figure, inline, in a tab
beside its script's source, with its caption, "Figure N. ...", and its downloads. Figures are
numbered in reading order across the site (see site.py). Anywhere in the text, `[[see: after-role]]`
becomes "Figure N", linked to the figure on the page that shows it.

The figures are built before the build by `python -m illustrated.figures` (`make figures`);
this extension only places them. Strict: an unknown figure, a malformed marker, a figure shown
twice, a figure shown on no page, or a reference to a figure that no page shows fails the build, naming the page and line where the
engine lets us know them (see engine.py).

    markdown_extensions:
      - illustrated.markdown.figures:
          serving: false   # MkDocs' hook sets it under `mkdocs serve`
"""

import hashlib
import logging
import posixpath
from html import escape
from pathlib import Path

import markdown
import pygments
from markdown import Extension
from markdown.preprocessors import Preprocessor
from pymdownx.__meta__ import __version__ as pymdownx_version
from pymdownx.highlight import HighlightExtension
from pymdownx.superfences import SuperFencesCodeExtension

from illustrated import figures, site
from illustrated.cache import temporary_name
from illustrated.markdown import engine, explorable

log = logging.getLogger("illustrated.figures")
# Around what the search index leaves out (data-search-exclude): the figure and its source. The
# MkDocs hook keeps them from its search plugin's parser altogether (see mkdocs_hook.py).
NOT_INDEXED = ("<!--hv:not-indexed-->", "<!--/hv:not-indexed-->")


class Figures(Preprocessor):
    def __init__(self, md, options):
        super().__init__(md)
        self.options = options

    def run(self, lines):
        drawn = figures.metadata()
        shown = site.figures_shown(self.options["config"])
        unshown = sorted(set(drawn) - set(shown))
        if unshown and not self.options["serving"]:
            referred = [f"{path}, line {line}" for path, line, slug in site.figure_references(self.options["config"]) if slug in unshown]
            raise figures.FigureError(
                f"figure(s) drawn but shown on no page: {', '.join(unshown)}"
                + (f"; referred to on {'; '.join(referred)}" if referred else "")
            )
        if not any(line.startswith("[[figure") for line in lines):
            return lines
        page, numbers = engine.page(self.md), site.figure_numbers(self.options["config"])
        out, here = [], set()
        for number, line in enumerate(lines, 1):
            if not line.startswith("[[figure"):
                out.append(line)
                continue
            match = site.FIGURE_MARKER.match(line)
            slug = match and match["slug"]
            where = page.where(number)
            if not match or slug not in drawn:
                problem = f"{where}: no figure script draws {slug!r}" if match else f"{where}: malformed figure marker {line!r}"
                if not self.options["serving"]:
                    raise figures.FigureError(problem + " (the scripts are in diagrams/)")
                log.error(problem)  # a live preview keeps running and says so on the page
                out += ['!!! failure "Figure missing"', f"    {problem}"]
                continue
            first = shown.get(slug, [page.path])[0]
            if slug in here or (page.path and first != page.path):
                raise figures.FigureError(f"{where}: figure {slug!r} is already shown on {first if slug not in here else page.path}")
            here.add(slug)
            out += self.figure_markdown(drawn[slug], page, numbers[slug]).split("\n")
            # A page with a figure gives it the width that the table of contents would take.
            page.hide("toc")
        return out

    def figure_markdown(self, meta, page, number):
        slug, here = meta["slug"], posixpath.dirname(page.path)
        svg = figures.page_svg(slug)  # read once: the drawing and its caption's steps both need it
        download = {ext: posixpath.relpath(f"figures/{slug}.{ext}", here) for ext in ("svg", "png")}
        # Tabs cannot sit inside a Markdown-in-HTML block (it splits them), so the anchor stands alone.
        return f"""<div class="hv-figure" id="figure-{slug}"></div>

=== "Figure"

    {self.md.htmlStash.store(self.art_html(meta, page, svg))}

=== "Source"

    {self.md.htmlStash.store(self.source_html(meta))}

**Figure {number}.** {explorable.caption_markdown(meta, svg)}
<span class="hv-figure__downloads">Download: [SVG]({download['svg']}) · [PNG]({download['png']})</span>
{{ .hv-figure__caption }}
"""

    def art_html(self, meta, page, svg):
        """The figure inline, so its components are links the reader can follow. One SVG serves
        both colour schemes; each scheme has its own "Full size" link to its published file, which
        the full-screen viewer's control replaces where JavaScript runs.
        Figures and sources are kept out of the search index: results would show code."""
        slug, root = meta["slug"], page.root()
        svg = svg.replace('xlink:href="../glossary/', f'xlink:href="{root}glossary/')
        title = escape(meta["title"])
        full = "".join(
            f'<a class="hv-figure__full hv-figure__full--{scheme}" href="{href}" '
            f'aria-label="Full size: {title}"><span>Full size</span></a>'
            for scheme in figures.SCHEMES
            for href in [page.link("figures/" + figures.published_name(slug, scheme, "svg"))]
        )
        # The full-screen viewer's control, shown by docs/javascripts/figures.js (the viewer).
        control = (f'<button type="button" class="hv-figure__open" aria-haspopup="dialog" '
                   f'aria-label="Full screen: {title}" hidden>Full screen</button>')
        terms = explorable.terms_html(slug, meta["terms"], f"{root}glossary/")
        art = f'<div class="hv-figure__art" data-figure="{slug}" data-search-exclude>{full}{control}{svg}{terms}</div>'
        return NOT_INDEXED[0] + art + NOT_INDEXED[1]

    def source_html(self, meta):
        """The script as the Source tab shows it, highlighted as the page's own code blocks are.
        Kept in build/sources/ by content hash: highlighting takes a fifth of a warm build."""
        script = Path(meta["source"]).read_text(encoding="utf-8")
        block = f'```python title="{meta["source"]}"\n{script}\n```'
        settings = {
            kind: ext.getConfigs()
            for ext in self.md.registeredExtensions
            for kind in (HighlightExtension, SuperFencesCodeExtension)
            if type(ext) is kind
        }
        inputs = (block, sorted((kind.__name__, sorted(c.items())) for kind, c in settings.items()),
                  markdown.__version__, pygments.__version__, pymdownx_version)
        cache = Path(self.options["cache"])
        cached = cache / f"{meta['slug']}.{hashlib.sha256(repr(inputs).encode()).hexdigest()[:16]}.html"
        try:
            html = cached.read_text(encoding="utf-8")
        except FileNotFoundError:
            extensions = [kind(**config) for kind, config in settings.items()]
            html = markdown.Markdown(extensions=extensions or [SuperFencesCodeExtension()]).convert(block)
            cache.mkdir(parents=True, exist_ok=True)
            # Two builds at once (`mkdocs serve` and `make build`) may both get here: each
            # writes under its own name and removes only another version of the source.
            for stale in cache.glob(f"{meta['slug']}.*.html"):
                if stale != cached:
                    stale.unlink(missing_ok=True)
            temporary = temporary_name(cached)
            temporary.write_text(html, encoding="utf-8")
            temporary.replace(cached)
        return f'{NOT_INDEXED[0]}<div class="hv-figure__source" data-search-exclude>{html}</div>{NOT_INDEXED[1]}'


class References(Preprocessor):
    """`[[see: slug]]` becomes a Markdown link, "Figure N", to the figure's anchor on the page
    that shows it: the engine resolves and checks it as any link between pages."""

    def __init__(self, md, options):
        super().__init__(md)
        self.options = options

    def run(self, lines):
        if not any("[[see:" in line for line in lines):
            return lines
        page = engine.page(self.md)
        drawn = figures.metadata()
        shown = site.figures_shown(self.options["config"])
        numbers = site.figure_numbers(self.options["config"])
        here = posixpath.dirname(page.path) or "."

        def link(match, where):
            if match["code"]:
                return match[0]
            slug = match["slug"]
            if slug not in drawn or slug not in shown:
                problem = (f"{where}: a reference to figure {slug!r}, which no page shows with [[figure: {slug}]]"
                           if slug in drawn else f"{where}: a reference to figure {slug!r}, which no figure script draws")
                if not self.options["serving"]:
                    raise figures.FigureError(problem)
                log.error(problem)
                return f"**Figure ? ({escape(problem)})**"
            target = shown[slug][0]
            href = "" if target == page.path else posixpath.relpath(target, here)
            title = drawn[slug]["title"].replace('"', "'")  # the link's tooltip; Markdown escapes it
            return f'[Figure {numbers[slug]}]({href}#figure-{slug} "{title}")'

        return [site.FIGURE_REFERENCE.sub(lambda match: link(match, page.where(number)), line) for number, line in enumerate(lines, 1)]


class FiguresExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "serving": [False, "a live preview: a broken marker or an unshown figure is reported, not fatal"],
            "config": [str(site.CONFIG), "the site's configuration, for the pages that show the figures"],
            "cache": ["build/sources", "where highlighted figure sources are kept, relative to the project"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After fenced code is stashed (25): a marker in a code block is not one. Before raw
        # HTML (20), which stashes the figure's anchor as any HTML block on the page.
        md.preprocessors.register(Figures(md, self.getConfigs()), "figures", 22)
        # Before the figures, which make many lines of one: the references' line numbers hold.
        md.preprocessors.register(References(md, self.getConfigs()), "figure-references", 23)


def makeExtension(**kwargs):
    return FiguresExtension(**kwargs)
