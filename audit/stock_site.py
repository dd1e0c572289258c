"""The audit's reference: a stock Material site with this site's theme, and nothing of ours.

Usage: python audit/stock_site.py OUT_DIR   (`make audit` runs it)

Builds, into OUT_DIR, one page of one paragraph with mkdocs.yml's theme (palette, features,
font, language) and search plugin exactly as configured, but without our templates
(custom_dir), hooks, Markdown extensions or CSS. Lighthouse scores it in the same run as our
pages: what it loses is Material's own cost on this machine, the floor our pages are measured
against.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The project information a page's SEO audit reads (title, description, canonical link).
PROJECT_KEYS = ("site_name", "site_description", "site_url")
PAGE = """\
# A stock Material page

This page has one paragraph of text and the theme of the site it is the reference for: the
same palette, the same features, the same search plugin, and nothing else.
"""


def stock_config(config: dict) -> dict:
    theme = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    plugins = [plugin for plugin in config.get("plugins", []) if plugin == "search" or "search" in plugin]
    return {**{key: config[key] for key in PROJECT_KEYS}, "theme": theme, "plugins": plugins}


def main(out_dir: str) -> None:
    config = stock_config(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="audit-stock-") as source:
        (Path(source) / "docs").mkdir()
        (Path(source) / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
        (Path(source) / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
             "--config-file", str(Path(source) / "mkdocs.yml"), "--site-dir", str(Path(out_dir).resolve())],
            check=True,
        )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python audit/stock_site.py OUT_DIR")
    main(sys.argv[1])
