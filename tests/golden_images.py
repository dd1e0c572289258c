"""Golden images: every figure's SVG and PNG, in both schemes, as last accepted, in tests/golden/.

    python tests/golden_images.py    # (`make golden`) accept the figures generated now as golden

The tests compare each new figure with its golden files: the SVG exactly (the generator's
output is reproducible), the PNG with pixelmatch and a tolerance (a rasteriser's build can move
anti-aliasing). A difference is told in words (which boxes moved, by how much, which lines
changed) and in pictures: a side-by-side report, golden | new | difference, under build/.
"""

import difflib
import html
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from illustrated import figures as generator

ROOT = Path(__file__).resolve().parent.parent

GOLDEN_DIR = ROOT / "tests" / "golden"
REPORT_DIR = ROOT / "build" / "golden-report"
SVG = "{http://www.w3.org/2000/svg}"

# The perceptual (YIQ) distance past which two pixels differ: half pixelmatch's default, so that
# a pale fill turned into another pale fill (grey to pink) counts.
PIXEL_THRESHOLD = 0.05
# Pixels that may differ beyond that (anti-aliasing aside), as a share of the figure: enough for
# stray edge pixels from another cairo or FreeType build, far too few for a changed word or colour.
PNG_TOLERANCE = 0.0001
# pixelmatch tells anti-aliasing from change by looking two pixels around each one.
NEIGHBOURHOOD = 3
SHOWN_LINES = 8  # changed SVG lines, or moved boxes, quoted in a message and the report
MOVE = 0.05  # pt: Graphviz writes two decimals at most; less than this is the same place


@dataclass
class Difference:
    """How one figure in one scheme differs from its golden files, in words and pictures."""

    slug: str
    scheme: str
    findings: list = field(default_factory=list)
    pictures: dict = field(default_factory=dict)  # "golden" / "new" / "difference" -> PIL image

    @property
    def anchor(self):
        return f"{self.slug}-{self.scheme}"

    def message(self, report):
        shown = [line for finding in self.findings for line in finding.splitlines()]
        return (
            f"figure {self.slug} ({self.scheme}) differs from its golden images in tests/golden/:\n  "
            + "\n  ".join(shown)
            + f"\n  side by side (golden | new | difference): {report}#{self.anchor}"
            + "\n  if the change is intended, accept it with `make golden`"
        )


def golden_files(slug, golden_dir=GOLDEN_DIR):
    return generator.output_files(slug, golden_dir)


def accept(out_dir=generator.BUILT, golden_dir=GOLDEN_DIR):
    """Generate what is stale, then make the published files of every figure the golden ones."""
    failed = [outcome for outcome in generator.build(out_dir=out_dir) if outcome.error]
    if failed:
        raise SystemExit("\n".join(f"error: {outcome.error}" for outcome in failed) + "\nnothing was accepted")
    golden_dir.mkdir(parents=True, exist_ok=True)
    wanted = {path.name for script in generator.scripts() for path in golden_files(generator.slug_of(script), golden_dir)}
    for stale in golden_dir.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    changed = []
    for name in sorted(wanted):
        new, golden = out_dir / name, golden_dir / name
        if not golden.exists() or golden.read_bytes() != new.read_bytes():
            shutil.copyfile(new, golden)
            changed.append(name)
    return changed


# --- comparing one figure in one scheme -------------------------------------------------


def compare(slug, scheme, new_dir, golden_dir=GOLDEN_DIR):
    """The Difference of a figure from its golden files, or None when it matches them."""
    difference = Difference(slug, scheme)
    svg, png = (generator.output_file(slug, scheme, ext, golden_dir) for ext in ("svg", "png"))
    new_svg, new_png = (generator.output_file(slug, scheme, ext, new_dir) for ext in ("svg", "png"))
    for golden in (svg, png):
        if not golden.exists():
            difference.findings.append(f"no golden file {golden.name}: a new figure? accept it with `make golden`")
    if svg.exists() and svg.read_bytes() != new_svg.read_bytes():
        difference.findings.append(_svg_findings(svg.read_text(), new_svg.read_text()))
    if png.exists():
        finding = _png_findings(png, new_png, difference.pictures)
        if finding:
            difference.findings.append(finding)
    return difference if difference.findings else None


def boxes(svg_text):
    """Every labelled box (cluster or node) as name -> (box, element id), the box being (left, top,
    width, height) in pt from the picture's top left. Boxes that share a label are named after
    the box that holds them."""
    root = ET.fromstring(svg_text)
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    translate = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", graph.get("transform") or "")
    shift = [float(n) for n in translate.groups()] if translate else [0.0, 0.0]
    found = []
    for group in graph.iter(SVG + "g"):
        if group.get("class") not in ("cluster", "node"):
            continue
        shape = next((e for e in group.iter() if e.tag in (SVG + "path", SVG + "polygon")), None)
        label = " ".join(t.text.strip() for t in group.iter(SVG + "text") if t.text and t.text.strip())
        if shape is None or not label:
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points"))]
        xs, ys = [x + shift[0] for x in numbers[0::2]], [y + shift[1] for y in numbers[1::2]]
        found.append((label, (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)), group.get("id")))
    return _named(found)


def _named(found):
    counts = {}
    for label, _, _ in found:
        counts[label] = counts.get(label, 0) + 1
    named, seen = {}, {}
    for label, box, element in found:
        name = label
        if counts[label] > 1:
            holders = [(b[2] * b[3], other) for other, b, _ in found if other != label and _holds(b, box)]
            name = f"{label} (in {min(holders)[1]})" if holders else label
        seen[name] = seen.get(name, 0) + 1
        named[name if seen[name] == 1 else f"{name} #{seen[name]}"] = (box, element)
    return named


def _holds(outer, inner):
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and outer[0] + outer[2] >= inner[0] + inner[2] and outer[1] + outer[3] >= inner[1] + inner[3])


def _size(svg_text):
    return tuple(float(n) for n in re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg_text).groups())


def _svg_findings(golden, new):
    lines = []
    if _size(golden) != _size(new):
        lines.append("SVG size {:g} x {:g} pt is now {:g} x {:g} pt".format(*_size(golden), *_size(new)))
    before, after = boxes(golden), boxes(new)
    pairs = {name: name for name in before if name in after}
    # A box whose label changed is still the same box: its id says so, or else its top left corner.
    for key in (lambda box, element: element, lambda box, element: (round(box[0], 1), round(box[1], 1))):
        unpaired = {key(*found): name for name, found in after.items() if name not in pairs.values()}
        pairs |= {name: unpaired[key(*found)] for name, found in before.items()
                  if name not in pairs and key(*found) in unpaired}
    relabelled = [f"'{name}' is now labelled '{pairs[name]}'" for name in pairs if pairs[name] != name]
    moved = [_movement(name, before[name][0], after[pairs[name]][0]) for name in pairs]
    moved = [line for line in moved if line]
    lines += _at_most("box(es) relabelled:", relabelled)
    lines += _at_most(f"{len(moved)} box(es) moved or changed size:", moved)
    lines += _at_most("box(es) gone:", [f"'{name}'" for name in before if name not in pairs])
    lines += _at_most("new box(es):", [f"'{name}'" for name in after if name not in pairs.values()])
    if not moved:
        lines.append("no box moved")
    lines += _at_most("SVG lines changed (- golden, + new):", _changed_lines(golden.splitlines(), new.splitlines()))
    return "\n".join(lines)


def _changed_lines(golden, new):
    """The lines that differ, each pair of long lines cut around where they start to differ."""
    shown = []
    for tag, g1, g2, n1, n2 in difflib.SequenceMatcher(None, golden, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = golden[g1:g2], new[n1:n2]
        for index, line in enumerate(removed):
            counterpart = added[index] if index < len(added) else line
            shown.append("-" + _excerpt(line, _first_difference(line, counterpart)))
        for index, line in enumerate(added):
            counterpart = removed[index] if index < len(removed) else line
            shown.append("+" + _excerpt(line, _first_difference(line, counterpart)))
    return shown


def _first_difference(line, other):
    return next((i for i, (a, b) in enumerate(zip(line, other)) if a != b), min(len(line), len(other)))


def _excerpt(line, at, width=140):
    start = max(0, min(at - 40, len(line) - width))
    text = line[start:start + width]
    return ("..." if start else "") + text + ("..." if start + width < len(line) else "")


def _movement(name, before, after):
    deltas = [after[i] - before[i] for i in range(4)]
    if all(abs(delta) < MOVE for delta in deltas):
        return ""
    words = []
    for delta, less, more in zip(deltas, ("left", "up", "narrower", "shorter"), ("right", "down", "wider", "taller")):
        if abs(delta) >= MOVE:
            words.append(f"{abs(delta):.1f} pt {more if delta > 0 else less}")
    return f"'{name}' {', '.join(words)}"


def _at_most(heading, items):
    if not items:
        return []
    shown = [f"  {item}" for item in items[:SHOWN_LINES]]
    if len(items) > SHOWN_LINES:
        shown.append(f"  ... and {len(items) - SHOWN_LINES} more")
    return [heading, *shown]


def _png_findings(golden_png, new_png, pictures):
    from PIL import Image, ImageChops
    from pixelmatch.contrib.PIL import pixelmatch

    if golden_png.read_bytes() == new_png.read_bytes():
        return ""
    golden, new = (Image.open(path).convert("RGBA") for path in (golden_png, new_png))
    finding = []
    if golden.size != new.size:
        finding.append("PNG size {} x {} px is now {} x {} px".format(*golden.size, *new.size))
        golden, new = (_on_canvas(image, _union(golden.size, new.size)) for image in (golden, new))
    changed = ImageChops.difference(golden, new).getbbox(alpha_only=False)
    difference = _faded(golden)
    pictures.update(golden=golden, new=new, difference=difference)
    if changed is None:
        return "\n".join(finding)  # the same pixels, written differently
    # pixelmatch looks at every pixel it is given, slowly: give it only the changed region.
    left, top, right, bottom = changed
    region = (max(left - NEIGHBOURHOOD, 0), max(top - NEIGHBOURHOOD, 0),
              min(right + NEIGHBOURHOOD, golden.width), min(bottom + NEIGHBOURHOOD, golden.height))
    marks = Image.new("RGBA", (region[2] - region[0], region[3] - region[1]))
    count = pixelmatch(golden.crop(region), new.crop(region), marks, threshold=PIXEL_THRESHOLD)
    difference.paste(marks, region[:2])
    allowed = int(PNG_TOLERANCE * golden.width * golden.height)
    if count <= allowed and not finding:
        return ""
    share = 100 * count / (golden.width * golden.height)
    finding.append(f"PNG: {count} pixel(s) differ ({share:.3f} %; {allowed} allowed), "
                   f"within x {left}-{right}, y {top}-{bottom} px")
    return "\n".join(finding)


def _union(first, second):
    return max(first[0], second[0]), max(first[1], second[1])


def _on_canvas(image, size):
    from PIL import Image

    canvas = Image.new("RGBA", size)
    canvas.paste(image, (0, 0))
    return canvas


def _faded(image):
    """The golden picture in pale grey, as pixelmatch draws unchanged pixels under its marks."""
    from PIL import Image

    white = Image.new("L", image.size, 255)
    grey = Image.blend(white, image.convert("L"), 0.1)
    return Image.merge("RGBA", (grey, grey, grey, Image.new("L", image.size, 255)))


# --- the report --------------------------------------------------------------------------


def write_report(differences, report_dir=REPORT_DIR):
    """A page that shows each difference side by side; returns its path. An old report goes."""
    shutil.rmtree(report_dir, ignore_errors=True)
    if not differences:
        return None
    report_dir.mkdir(parents=True)
    sections = []
    for difference in differences:
        cells = []
        for role, picture in difference.pictures.items():
            name = f"{difference.anchor}.{role}.png"
            picture.save(report_dir / name)
            cells.append(f'<figure><a href="{name}"><img src="{name}" alt="{role}"></a><figcaption>{role}</figcaption></figure>')
        if not cells:
            cells.append("<p>The PNG files are the same; only the SVG differs.</p>")
        sections.append(
            f'<section id="{difference.anchor}"><h2>{difference.slug} ({difference.scheme})</h2>'
            f'<pre>{html.escape(chr(10).join(difference.findings))}</pre><div class="row">{"".join(cells)}</div></section>'
        )
    index = report_dir / "index.html"
    index.write_text(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Golden image differences</title>"
        "<style>body{font:14px/1.4 system-ui,sans-serif;margin:1rem}pre{white-space:pre-wrap}"
        ".row{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem}figure{margin:0}"
        "img{width:100%;border:1px solid #999;background:repeating-conic-gradient(#eee 0 25%,#fff 0 50%) 0 0/16px 16px}"
        "figcaption{text-align:center}</style>"
        f"<h1>{len(differences)} figure rendering(s) differ from tests/golden/</h1>"
        "<p>Golden | new | difference (red: changed pixels, yellow: anti-aliasing only). "
        "If a change is intended, accept it with <code>make golden</code>.</p>"
        + "".join(sections)
        + "</html>\n"
    )
    return index


if __name__ == "__main__":
    accepted = accept()
    print(f"golden images: {len(accepted)} file(s) accepted into {GOLDEN_DIR.relative_to(ROOT)}/"
          + (f": {', '.join(accepted)}" if accepted else " (all were current)"))
