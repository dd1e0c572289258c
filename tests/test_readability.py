"""Every figure reads where it is shown: at a 1280 x 800 window, its smallest label renders at
12 CSS px or more on its page (the SVG's rendered width against its viewBox, times its smallest
font size)."""

import re

import pytest

from conftest import ROOT, SLUGS

WINDOW = {"width": 1280, "height": 800}
SMALLEST_LABEL_PX = 12


def pages_showing_figures():
    """Each page that shows a figure, as its URL path -> the slugs it shows: inline, through a
    figure marker, or as an image of a published figure."""
    shown = {}
    for source in sorted((ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        slugs = re.findall(r"^\[\[figure:\s*([a-z0-9-]+)\s*\]\]\s*$", text, flags=re.M)
        slugs += re.findall(r"\]\((?:\.\./)*figures/([a-z0-9-]+?)(?:-dark)?\.svg", text)
        if slugs:
            path = source.relative_to(ROOT / "docs").with_suffix("").as_posix()
            url = "" if path == "index" else path.removesuffix("/index").removesuffix("index") + "/"
            shown[url] = sorted(set(slugs))
    return shown


PAGES = pages_showing_figures()

# The rendered size of every figure on the page, in CSS px per point of its smallest label.
# An inline SVG is measured in place; a published figure shown as an <img> is read for its viewBox
# and font sizes (its twin in the other colour scheme is not displayed, and not measured).
MEASURE = """async () => {
  const sizes = {};
  const smallest = texts => Math.min(...texts.map(t => parseFloat(t.getAttribute('font-size'))));
  for (const svg of document.querySelectorAll('.hv-figure__art svg')) {
    const slug = svg.closest('.hv-figure__art').dataset.figure;
    sizes[slug] = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * smallest([...svg.querySelectorAll('text')]);
  }
  const images = [...document.querySelectorAll('img[src*="figures/"]')].filter(img => img.checkVisibility());
  for (const img of images) {
    img.scrollIntoView();  // a lazy image loads once in view, as it does for a reader
    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; });
    const svg = new DOMParser().parseFromString(await (await fetch(img.currentSrc)).text(), 'image/svg+xml').documentElement;
    const slug = new URL(img.currentSrc).pathname.split('/').pop().replace(/(-dark)?\\.svg$/, '');
    sizes[slug] = img.getBoundingClientRect().width / svg.viewBox.baseVal.width * smallest([...svg.querySelectorAll('text')]);
  }
  return sizes;
}"""


@pytest.fixture(scope="module")
def label_sizes(browser, server):
    """The smallest label of each figure, in CSS px, on each page that shows it."""
    context = browser.new_context(viewport=WINDOW)
    page = context.new_page()
    sizes = {}
    for url, slugs in PAGES.items():
        page.goto(server + url)
        sizes[url] = page.evaluate(MEASURE)
    context.close()
    return sizes


def test_every_figure_is_shown_on_a_page_that_is_measured():
    assert sorted({slug for slugs in PAGES.values() for slug in slugs}) == sorted(SLUGS)


@pytest.mark.parametrize("url, slug", [(url, slug) for url, slugs in PAGES.items() for slug in slugs])
def test_the_smallest_label_reads_at_12_px_at_1280(label_sizes, url, slug):
    where = f"/{url} at {WINDOW['width']} x {WINDOW['height']}"
    assert slug in label_sizes[url], f"figure {slug} was not found rendered on {where}"
    size = label_sizes[url][slug]
    assert size >= SMALLEST_LABEL_PX, (
        f"figure {slug}: its smallest label renders at {size:.2f} CSS px on {where}, "
        f"under {SMALLEST_LABEL_PX} px")
