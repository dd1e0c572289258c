"""What the engine tells an extension about the page it is converting, so that errors can name
the page and line, links can be made relative to the page, and a page can ask the theme to hide
its table of contents.

Neither engine hands this to extensions as an argument; each leaves it somewhere an extension
can read it while the page is converted:

- Zensical registers a preprocessor named "rendering_context" whose `page` has `path` (the
  source, relative to docs_dir), `url` and `meta` (the front matter, which it reads back after
  the conversion).
- MkDocs 1.6 (its last release) registers a treeprocessor named "relpath" holding the page's
  `file`; `file.page` is the page, whose `meta` the theme reads after the conversion.

The engines differ in one thing an extension must know: Zensical rewrites every relative
`href` of the finished page as relative to the Markdown source (raw HTML included), MkDocs only
the links Markdown made. `Page.link` writes a raw HTML link that both resolve to the same file.

Elsewhere (Python-Markdown alone) the page is unknown: errors name the line only.
"""

import posixpath
import re
from pathlib import Path
from typing import NamedTuple

FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n\n*", re.S)


class Page(NamedTuple):
    path: str  # the source, relative to docs_dir; "" when unknown
    url: str  # relative to the site's root, as the browser sees it
    meta: dict
    first_line: int  # the line of the source file the Markdown text starts on
    rewrites_html_links: bool = False  # Zensical's, see above

    def where(self, number):
        """'page.md, line N' for line `number` of the Markdown text the extension is given."""
        line = number + self.first_line - 1
        return f"{self.path}, line {line}" if self.path else f"line {line} of the page's text"

    def root(self):
        """The relative address of the site's root from this page ('' at the root itself)."""
        folder = posixpath.dirname(self.url) if not self.url.endswith("/") else self.url.rstrip("/")
        return "" if not folder else posixpath.relpath(".", folder) + "/"

    def link(self, target):
        """The href, in raw HTML, of a site file or page `target` (relative to the site's root;
        a page's address ends with "/")."""
        if self.rewrites_html_links:
            return posixpath.relpath(target, posixpath.dirname(self.path)) + ("/" if target.endswith("/") else "")
        return self.root() + target

    def hide(self, part):
        """Ask the theme to hide part of the page ('toc', 'navigation'), as front matter would."""
        hidden = self.meta.setdefault("hide", [])
        if part not in hidden:
            hidden.append(part)


def page(md):
    """The page `md` is converting, as far as the engine lets us know."""
    if "rendering_context" in md.preprocessors:  # Zensical
        context = md.preprocessors["rendering_context"]
        source = Path(context.config["docs_dir"]) / context.page.path
        return Page(context.page.path, context.page.url, context.page.meta, _first_line(source), True)
    if "relpath" in md.treeprocessors:  # MkDocs
        file = md.treeprocessors["relpath"].file
        return Page(file.src_uri, file.url, file.page.meta, _first_line(Path(file.abs_src_path)))
    return Page("", "", {}, 1)


def _first_line(source):
    """The line the Markdown text starts on, after the front matter that the engine removed."""
    match = FRONT_MATTER.match(source.read_text(encoding="utf-8"))
    return 1 + (match.group(0).count("\n") if match else 0)
