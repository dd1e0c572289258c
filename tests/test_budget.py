"""The budget of issue 14 (explorable figures): the JavaScript and CSS it adds stay under 15 KB
gzipped together, each file within its share, all of it loaded from this site without blocking
rendering. The files are listed here, the one place: a new file is added to a share."""

import gzip
import re

import yaml

from conftest import ROOT

KB = 1024
TOTAL = 15 * KB
# What the issue added, by the file each part lives in (paths from the project's root), and what
# it may weigh. The styles are the site's only ones, written into every page: counted whole (as
# a page gets them, without their comments), with their rules for figures, contrast and tables,
# which are not the issue's.
STYLES = "overrides/partials/styles.html"
SITE_STYLES = re.compile(r'<style id="site-styles">(.*?)</style>', re.S)  # the element it writes
SHARES = {
    "the four parts in the browser: print, viewer, cards, steps": (6 * KB, ["docs/javascripts/figures.js"]),
    "the viewer's gestures, fetched when the viewer is first wanted": (4 * KB, ["docs/javascripts/vendor/panzoom.min.js"]),
    "their styles, with the site's others": (3 * KB, [STYLES]),
    "print": (1 * KB, ["docs/stylesheets/print.css"]),
}
# Third-party code, copied from its npm package (`npm pack @panzoom/panzoom@4.6.2`: dist/panzoom.min.js
# and MIT-License.txt): the release its header names, and its licence.
VENDORED = {"docs/javascripts/vendor/panzoom.min.js": ("Panzoom 4.6.2", "docs/javascripts/vendor/panzoom.LICENSE.txt")}
# Fetched by figures.js on first use, not listed in mkdocs.yml.
ON_DEMAND = {"javascripts/vendor/panzoom.min.js"}
# Linked by overrides/main.html with media="print" (extra_css cannot say so): the screen never waits for it.
PRINT_ONLY = {"stylesheets/print.css"}


def shipped(path):
    """A file as a page gets it: the styles without their comments, which are the template's."""
    text = (ROOT / path).read_text()
    return re.sub(r"\{#.*?#\}", "", text, flags=re.S) if path == STYLES else text


def gzipped(path):
    return len(gzip.compress(shipped(path).encode(), compresslevel=6))  # a web server's usual level


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


def test_every_script_and_style_sheet_the_site_can_load_is_counted_and_scripts_do_not_block():
    config_ = config()
    scripts = [entry if isinstance(entry, dict) else {"path": entry} for entry in config_.get("extra_javascript", [])]
    loaded = {entry["path"] for entry in scripts} | set(config_.get("extra_css", [])) | PRINT_ONLY | ON_DEMAND
    counted = {path for _, paths in SHARES.values() for path in paths}
    assert {"docs/" + path for path in loaded} | {STYLES} == counted
    for entry in scripts:
        assert entry.get("defer") or entry.get("async"), f"{entry['path']} blocks rendering: load it with defer or async"
        assert not re.match(r"(https?:)?//", entry["path"]), f"{entry['path']} is fetched from another host"


def test_a_built_page_has_its_styles_in_it_one_script_of_ours_and_the_gestures_on_demand(site):
    html = (site / "walkthrough" / "role-install" / "index.html").read_text()
    ours = r'"(?:\.\./)*((?:javascripts|stylesheets)/[^"]+)"'
    scripts = {path: tag for tag, path in re.findall(rf"(<script\b[^>]*\bsrc={ours}[^>]*>)", html)}
    sheets = {path: tag for tag, path in re.findall(rf"(<link\b[^>]*\bhref={ours}[^>]*>)", html)}
    assert set(scripts) == {"javascripts/figures.js"}, "one script of ours; Panzoom is fetched on first use"
    assert re.findall(r"\b(defer|async)\b", scripts["javascripts/figures.js"]) == ["defer"]
    assert set(sheets) == PRINT_ONLY, "no style sheet of ours holds up the first paint"
    for path in PRINT_ONLY:
        assert 'media="print"' in sheets[path], sheets[path]
    [css] = SITE_STYLES.findall(html)
    [written] = SITE_STYLES.findall(shipped(STYLES))
    assert css.split() == written.split(), "the page carries the site's styles, without their comments"
    assert html.index(css) > html.index("assets/stylesheets/palette."), "after Material's style sheets"
    assert not re.search(r'<(?:script\b[^>]*src|link rel="stylesheet"[^>]*href)="(?:https?:)?//', html), "nothing from another host"


def test_vendored_code_is_the_pinned_release_with_its_licence():
    for path, (release, licence) in VENDORED.items():
        assert release in (ROOT / path).read_text()[:300], f"{path} is not {release}"
        assert "Permission is hereby granted" in (ROOT / licence).read_text(), f"{path}: its MIT licence is not beside it"
