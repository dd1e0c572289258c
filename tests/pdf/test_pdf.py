"""The PDF of the walkthrough (`make pdf`), printed from a fresh build and read back with
poppler's pdftotext and pdfimages and a small reader of the PDF's own link annotations.
Run by `make test-pdf`: printing takes longer than `make test` may."""

import re
import subprocess

import pytest

from conftest import ROOT
from illustrated import figures, pdf, site

CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture(scope="module")
def printed(site, browser, tmp_path_factory):
    out = pdf.write_pdf(site, tmp_path_factory.mktemp("pdf") / pdf.PDF_NAME, CONFIG, browser)
    return out, Reader(out.read_bytes())


class Reader:
    """What a viewer follows in a PDF as Chromium writes it (no object streams): its pages in
    order, the named destinations, and every link annotation with the page it is on."""

    def __init__(self, data):
        self.objects = {int(m[1]): m[2] for m in re.finditer(rb"(?m)^(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}
        root = re.search(rb"/Type /Catalog.*?/Pages (\d+) 0 R", data, re.S)[1]
        self.pages = self._leaves(int(root))
        index = {number: i + 1 for i, number in enumerate(self.pages)}
        dests = re.search(rb"/Dests (\d+) 0 R", data)[1]
        self.destinations = {
            name.decode(): index[int(page)]
            for name, page in re.findall(rb"/([^\s/\[\]<>()]+) \[(\d+) 0 R /XYZ", self.objects[int(dests)])
        }
        self.links = []  # (page, "dest" or "uri", target)
        for page_number, page in enumerate(self.pages, 1):
            annots = re.search(rb"/Annots \[([^\]]*)\]", self.objects[page])
            for ref in re.findall(rb"(\d+) 0 R", annots[1]) if annots else []:
                annot = self.objects[int(ref)]
                dest, uri = re.search(rb"/Dest /(\S+?)(?=[\s/>])", annot), re.search(rb"/URI \(([^)]*)\)", annot)
                self.links.append((page_number, "dest", dest[1].decode()) if dest else (page_number, "uri", uri[1].decode()))

    def _leaves(self, number):
        body = self.objects[number]
        if b"/Type /Pages" not in body:
            return [number]
        kids = re.search(rb"/Kids \[([^\]]*)\]", body)[1]
        return [leaf for kid in re.findall(rb"(\d+) 0 R", kids) for leaf in self._leaves(int(kid))]


def text(path, first=None, last=None):
    pages = ["-f", str(first), "-l", str(last or first)] if first else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def titles():
    return [re.search(r"^# (.+)$", page.text, re.M)[1] for page in site.pages(CONFIG) if page.path in pdf.printed_pages(CONFIG)]


def test_the_pdf_holds_the_walkthrough_the_glossary_and_the_credits_in_reading_order(printed):
    path, reader = printed
    printed_pages = pdf.printed_pages(CONFIG)
    assert printed_pages[0] == "walkthrough/index.md" and "glossary/index.md" in printed_pages
    assert printed_pages[-1] == "about/index.md"
    # Each page of the site starts a page of paper, in reading order, after the cover.
    starts = [reader.destinations[pdf.key(site.page_url(source))] for source in printed_pages]
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[0] == 2
    for title, start in zip(titles(), starts):
        assert " ".join(title.split()) in " ".join(text(path, start).split()), title


def test_every_page_has_its_number_in_the_footer(printed):
    path, reader = printed
    total = len(reader.pages)
    assert total > 30
    for number in (1, 2, total // 2, total):
        assert re.search(rf"^\s*{number} / {total}\s*$", text(path, number), re.M), number


def test_the_figures_are_vector_drawings_with_their_numbered_captions(printed):
    path, reader = printed
    numbers = site.figure_numbers(CONFIG)
    for slug, meta in figures.metadata().items():
        key = pdf.key(site.page_url(site.figures_shown(CONFIG)[slug][0]))
        page = reader.destinations[f"{key}--figure-{slug}"]
        # The drawing may start on the page after its anchor, where it fits whole.
        shown = " ".join(text(path, page, min(page + 2, len(reader.pages))).split())
        labels = set(re.findall(r"<text[^>]*>([A-Za-z][\w-]{3,})</text>", figures.page_svg(slug)))
        assert labels and all(label in shown for label in labels), (slug, labels - set(shown.split()))
        assert f"Figure {numbers[slug]}. {meta['caption'].split()[0]}" in shown
    # Drawn as paths and text: the only pictures are the figures' small icons.
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    sizes = [tuple(map(int, line.split()[3:5])) for line in listing.splitlines()[2:]]
    assert sizes and max(max(size) for size in sizes) <= 128


def test_internal_links_land_on_their_targets_in_the_pdf(printed):
    path, reader = printed
    internal = [(page, target) for page, kind, target in reader.links if kind == "dest"]
    assert len(internal) > 100
    missing = sorted({target for _, target in internal if target not in reader.destinations})
    assert not missing
    # Every link to a figure lands where its number is printed, "Figure N" in the text.
    numbers = site.figure_numbers(CONFIG)
    to_figures = [target for _, target in internal if "--figure-" in target]
    assert len(to_figures) > 20  # the glossary's "Figures:" and the pages' references
    for target in set(to_figures):
        slug = target.split("--figure-")[1]
        page = reader.destinations[target]
        assert f"Figure {numbers[slug]}." in text(path, page, min(page + 1, len(reader.pages))), target
    # No link between the printed pages leaves the PDF for the web.
    base = "https://hyperv-illustrated.github.io/"
    left = [target for _, kind, target in reader.links if kind == "uri" and target.startswith(base)
            and target.removeprefix(base).startswith(pdf.SECTIONS)]
    assert not left


def test_the_site_links_to_the_pdf_where_make_pdf_writes_it(site):
    for page in ("walkthrough/index.html", "about/index.html"):
        html = (site / page).read_text()
        assert f'href="../{pdf.PDF_NAME}"' in html, page
    makefile = (ROOT / "Makefile").read_text()
    assert "python -m illustrated.pdf site\n" in makefile  # default: SITE/PDF_NAME
