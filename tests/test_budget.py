"""Issue 14's budget: the JavaScript and CSS it adds stay under 15 KB gzipped together, each
part within its share, none holds up the page's first paint, none comes from another host."""

import gzip
import re

from conftest import ROOT

# Every file issue 14 adds to what a browser loads, by part, with that part's share in bytes
# gzipped. Figure numbers and cross-references are made at build time: they add no file.
ISSUE_14 = {
    "print and numbering": (2 * 1024, ["docs/stylesheets/print.css", "docs/javascripts/print.js"]),
}
TOTAL = 15 * 1024


def gzipped(path):
    return len(gzip.compress((ROOT / path).read_bytes(), compresslevel=9))


def test_each_part_and_the_whole_stay_within_budget():
    total = 0
    for part, (share, files) in ISSUE_14.items():
        size = sum(gzipped(path) for path in files)
        assert size <= share, f"{part}: {size} bytes gzipped, over its {share}"
        total += size
    assert total <= TOTAL, f"issue 14 adds {total} bytes gzipped, over {TOTAL}"


def test_none_holds_up_rendering_or_comes_from_another_host(site):
    html = (site / "walkthrough" / "role-install" / "index.html").read_text()
    for _, files in ISSUE_14.values():
        for path in files:
            name = path.removeprefix("docs/")
            tag = re.search(rf'<(?:script|link)\b[^>]*"(?:\.\./)*{re.escape(name)}"[^>]*>', html)
            assert tag, f"{name} is not loaded"
            if name.endswith(".js"):
                assert re.search(r"\s(defer|async)\b", tag[0]), tag[0]
            else:
                assert 'media="print"' in tag[0], tag[0]
    assert not re.search(r'<(?:script\b[^>]*src|link rel="stylesheet"[^>]*href)="(?:https?:)?//', html)
