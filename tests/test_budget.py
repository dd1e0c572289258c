"""The budget of issue 14 (explorable figures): the JavaScript and CSS it adds stay under 15 KB
gzipped together, each part within its share, all of it loaded from this site without blocking
rendering. The files are listed here, the one place: a part's new file is added to its share."""

import gzip
import re

import yaml

from conftest import ROOT

DOCS = ROOT / "docs"
KB = 1024
TOTAL = 15 * KB
# Each part of the issue: its files (paths under docs/) and its share of the budget.
SHARES = {
    "full-screen viewer": (9 * KB, [
        "javascripts/vendor/panzoom.min.js",
        "javascripts/figure-viewer.js",
        "stylesheets/figure-viewer.css",
    ]),
    "glossary cards and step-through": (4 * KB, [
        "javascripts/figure-cards.js",
        "javascripts/figure-steps.js",
        "stylesheets/figure-cards.css",
    ]),
    # Figure numbers and cross-references are made at build time: they add no file.
    "print and numbering": (2 * KB, ["stylesheets/print.css", "javascripts/print.js"]),
}
# Third-party code, copied from its npm package (`npm pack @panzoom/panzoom@4.6.2`: dist/panzoom.min.js
# and MIT-License.txt): the release its header names, and its licence.
VENDORED = {"javascripts/vendor/panzoom.min.js": ("Panzoom 4.6.2", "javascripts/vendor/panzoom.LICENSE.txt")}
# What the site loaded before the issue: outside its budget.
BEFORE = {"stylesheets/figures.css", "stylesheets/palette.css"}
# Linked by overrides/main.html with media="print" (extra_css cannot say so): the screen never waits for it.
PRINT_ONLY = {"stylesheets/print.css"}


def gzipped(path):
    return len(gzip.compress((DOCS / path).read_bytes(), compresslevel=6))  # a web server's usual level


def config():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # MkDocs' !ENV and the like
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


def test_each_part_and_the_whole_stay_within_the_budget():
    sizes = {part: sum(gzipped(path) for path in paths) for part, (_, paths) in SHARES.items()}
    for part, (share, paths) in SHARES.items():
        print(f"{part}: {sizes[part]} B gzipped of {share} B ({', '.join(f'{p} {gzipped(p)} B' for p in paths)})")
        assert sizes[part] <= share, f"{part}: {sizes[part]} B gzipped, over its share of {share} B"
    assert sum(sizes.values()) <= TOTAL, f"issue 14 adds {sum(sizes.values())} B gzipped, over {TOTAL} B"


def test_every_script_and_style_sheet_the_site_loads_is_counted_and_scripts_do_not_block():
    config_ = config()
    scripts = [entry if isinstance(entry, dict) else {"path": entry} for entry in config_.get("extra_javascript", [])]
    loaded = {entry["path"] for entry in scripts} | set(config_.get("extra_css", [])) | PRINT_ONLY
    counted = {path for _, paths in SHARES.values() for path in paths}
    assert loaded - BEFORE == counted
    for entry in scripts:
        assert entry.get("defer") or entry.get("async"), f"{entry['path']} blocks rendering: load it with defer or async"
        assert not re.match(r"(https?:)?//", entry["path"]), f"{entry['path']} is fetched from another host"


def test_the_built_pages_load_the_scripts_deferred_once(site):
    html = (site / "walkthrough" / "role-install" / "index.html").read_text()
    tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    for _, paths in SHARES.values():
        for path in (p for p in paths if p.endswith(".js")):
            [tag] = [t for t in tags if path in t]
            assert re.findall(r"\b(defer|async)\b", tag) in (["defer"], ["async"]), tag
    for path in PRINT_ONLY:
        [tag] = re.findall(rf'<link\b[^>]*"(?:\.\./)*{re.escape(path)}"[^>]*>', html)
        assert 'media="print"' in tag, tag
    assert not re.search(r'<(?:script\b[^>]*src|link rel="stylesheet"[^>]*href)="(?:https?:)?//', html), "nothing from another host"


def test_vendored_code_is_the_pinned_release_with_its_licence():
    for path, (release, licence) in VENDORED.items():
        assert release in (DOCS / path).read_text()[:300], f"{path} is not {release}"
        assert "Permission is hereby granted" in (DOCS / licence).read_text(), f"{path}: its MIT licence is not beside it"
