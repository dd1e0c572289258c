"""What only MkDocs needs; the page work is done by the Markdown extensions, which Zensical runs too.

- Under `mkdocs serve`, every rebuild first builds the figures that changed (a `make build`
  has `make figures` do it before) and publishes them from build/figures/ itself: written into
  docs/figures/, they would wake the watcher for a second build. The generator runs in a
  process of its own, as `make figures` runs it, so that an edit to the package (the visual
  language, the polish pass) is drawn with the edited code, not with what this server imported
  when it started. A broken figure is reported without stopping the server.
- The search plugin parses every page to index it, the figures and their highlighted sources
  too, though it leaves them out of the index (data-search-exclude): a third of a warm build.
  The hook sets them aside before the plugin reads a page and puts them back after.
- MkDocs compiles the theme's templates again on every build (a quarter of a small site's
  build, `make bench`); Jinja's bytecode cache keeps them in build/templates/ and recompiles
  any template whose source changed, so edits in overrides/ show at once.
"""

import logging
import re
import subprocess
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from illustrated import figures
from illustrated.markdown.figures import NOT_INDEXED

log = logging.getLogger("mkdocs.hooks.illustrated")
_serving = False


# Remember whether this is `mkdocs serve`: on_config runs again for each of its rebuilds.
def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


# Under serve: build the figures that changed, and let the figures extension report, not fail.
def on_config(config):
    if not _serving:
        return config
    try:
        changed = figures.stale()  # here: without a change, no process is started
    except figures.FigureError as exc:  # no scripts, no Graphviz: nothing to serve figures from
        raise PluginError(str(exc)) from None
    if changed:
        run = subprocess.run([sys.executable, "-m", "illustrated.figures", "--no-publish"],
                             cwd=figures.ROOT, capture_output=True, text=True)
        if run.stdout.strip():
            log.info(run.stdout.strip())
        for error in re.split(r"^error: ", run.stderr, flags=re.M):  # one per broken figure
            if error.strip():
                log.error(error.strip())
    config.mdx_configs.setdefault("illustrated.markdown.figures", {})["serving"] = True
    return config


# Under serve: publish the figures just built, in place of what docs/figures/ holds.
def on_files(files, config):
    if not _serving:
        return files
    for source in figures.built_files():
        uri = f"figures/{source.name}"
        if files.get_file_from_path(uri):
            files.remove(files.get_file_from_path(uri))
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


_SET_ASIDE = re.compile(r"<!--hv:set-aside (\d+)-->")
_set_aside = {}  # page -> what its content holds in place of each <!--hv:set-aside N-->


# Before the search plugin reads the page (on_page_context): what it would not index, set aside.
def on_page_content(html, page, config, files):
    parts = _set_aside[page.file.src_uri] = []
    kept, at = [], 0
    while (start := html.find(NOT_INDEXED[0], at)) >= 0:  # str.find: a regex is slower here
        end = html.index(NOT_INDEXED[1], start)
        kept.append(f"{html[at:start]}<!--hv:set-aside {len(parts)}-->")
        parts.append(html[start + len(NOT_INDEXED[0]):end])
        at = end + len(NOT_INDEXED[1])
    return "".join(kept) + html[at:]


# After the search plugin has read the page, before the theme renders it: put it back.
@event_priority(-100)
def on_page_context(context, page, config, nav):
    parts = _set_aside.pop(page.file.src_uri)
    page.content = _SET_ASIDE.sub(lambda match: parts[int(match[1])], page.content)
    return context


# Keep the compiled templates between builds.
def on_env(env, config, files):
    cache = Path(config.config_file_path).parent / "build" / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env
