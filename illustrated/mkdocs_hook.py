"""What only MkDocs needs; the page work is done by the Markdown extensions, which Zensical runs too.

- Under `mkdocs serve`, every rebuild first builds the figures that changed (a `make build`
  has `make figures` do it before) and publishes them from build/figures/ itself: written into
  docs/figures/, they would wake the watcher for a second build. The generator runs in a
  process of its own, as `make figures` runs it, so that an edit to the package (the visual
  language, the polish pass) is drawn with the edited code, not with what this server imported
  when it started. A broken figure is reported without stopping the server.
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
from mkdocs.structure.files import File

from illustrated import figures

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


# Keep the compiled templates between builds.
def on_env(env, config, files):
    cache = Path(config.config_file_path).parent / "build" / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env
