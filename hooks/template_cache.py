"""Keep Material's compiled page templates between builds.

MkDocs compiles the theme's Jinja templates again on every build: about a quarter of a small
site's build time (`make bench`, rows 7e and 7f). Jinja's own bytecode cache keeps them in
build/templates/ and recompiles any template whose source changed, so edits in overrides/
still show at once.
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def on_env(env, config, files):
    cache = Path(config.config_file_path).parent / "build" / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env
