"""The geometry of every figure, read from its published SVG in both schemes (y grows downwards).

What each box and flow is comes from the figure's metadata (written from the script); where it
is drawn comes from the SVG alone.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import SLUGS, generate

SVG = "{http://www.w3.org/2000/svg}"
TOLERANCE = 1.0  # pt
PARTITIONS = ("partition", "os")
LAYERS = ("hypervisor", "hardware")
NUMBERED = ["guest-windows-enlightened", "guest-linux-enlightened", "guest-unenlightened", "management-path"]
FIGURES = [(slug, scheme) for slug in SLUGS for scheme in generate.SCHEMES]


class Drawing:
    """One SVG: boxes by id (left, top, right, bottom), flows as polylines, texts as boxes."""

    def __init__(self, figures, slug, scheme):
        self.meta = json.loads((figures / f"{slug}.json").read_text())
        self.name = f"{slug} ({scheme})"
        prefix = f"{slug}-{scheme}-"
        root = ET.parse(generate.output_file(slug, scheme, "svg", figures)).getroot()
        self.boxes, self.nodes, self.flows, self.texts, self.steps = {}, {}, {}, [], {}
        for group in root.iter(SVG + "g"):
            kind, gid = group.get("class"), (group.get("id") or "").removeprefix(prefix)
            if kind in ("cluster", "node"):
                shape = next((e for e in group.iter() if e.tag in (SVG + "path", SVG + "polygon")), None)
                if shape is None:  # an invisible point that only guided the layout
                    continue
                rect = _bounds(_numbers(shape.get("d") or shape.get("points")))
                (self.boxes if kind == "cluster" else self.nodes)[gid] = rect
                if kind == "cluster":
                    self.texts += [(f"the title of {gid}", _text_box(t)) for t in group.findall(SVG + "text")]
            elif kind == "edge" and gid.startswith("flow-"):
                path = next(group.iter(SVG + "path"))
                line = _flatten(path.get("d"))
                tips = [_numbers(p.get("points")) for p in group.iter(SVG + "polygon")]
                for tip in tips:  # the arrowhead's point extends the line to the box it enters
                    xy = list(zip(tip[0::2], tip[1::2]))
                    end = max(xy, key=lambda p: min(_distance(p, line[0]), _distance(p, line[-1])))
                    if _distance(end, line[-1]) < _distance(end, line[0]):
                        line.append(end)
                    else:
                        line.insert(0, end)
                k = int(gid.removeprefix("flow-"))
                self.flows[k] = line
                lines = group.findall(SVG + "text")
                for text in lines:
                    self.texts.append((f"step {lines[0].text} of {self.flow_name(k)}", _text_box(text)))
                if lines:  # a step's number is its first line; the whole label counts as its place
                    boxes = [_text_box(text) for text in lines]
                    self.steps[k] = (lines[0].text, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                     max(b[2] for b in boxes), max(b[3] for b in boxes)))

    def flow_name(self, k):
        flow = self.meta["flows"][k]
        return f"flow {k} ({flow['source']} -> {flow['target']})"

    def of_kind(self, *kinds):
        return {box: rect for box, rect in self.boxes.items() if self.meta["boxes"].get(box) in kinds}


def _numbers(text):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _bounds(numbers):
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


def _flatten(d):
    """An SVG path of cubic Béziers (M x,y C ...) as a polyline, sampled finely."""
    numbers = _numbers(d)
    points = list(zip(numbers[0::2], numbers[1::2]))
    line = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = line[-1], points[i], points[i + 1], points[i + 2]
        for step in range(1, 9):
            t = step / 8
            line.append(tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t * t * c + t ** 3 * e
                              for a, b, c, e in zip(p0, p1, p2, p3)))
    return line


def _text_box(text):
    """The box a text covers: DejaVu Sans is about 0.62 em wide a character, 1 em high."""
    size = float(text.get("font-size"))
    width = 0.62 * size * len(text.text or "")
    x, y = float(text.get("x")), float(text.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
    return (left, y - 0.75 * size, left + width, y + 0.25 * size)


def _distance(p, q):
    return ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5


def _segments(line):
    return list(zip(line, line[1:]))


def _cross(a, b, c, d):
    """Whether segments ab and cd meet (touching counts)."""
    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(value) < 1e-9 else (1 if value > 0 else -1)

    def on(p, q, r):
        return min(p[0], q[0]) - 1e-9 <= r[0] <= max(p[0], q[0]) + 1e-9 and min(p[1], q[1]) - 1e-9 <= r[1] <= max(p[1], q[1]) + 1e-9

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (o1 == 0 and on(a, b, c)) or (o2 == 0 and on(a, b, d)) or (o3 == 0 and on(c, d, a)) or (o4 == 0 and on(c, d, b))


def _lines_meet(first, second):
    return any(_cross(a, b, c, d) for a, b in _segments(first) for c, d in _segments(second))


def _inside(point, rect, margin=0.0):
    return rect[0] + margin < point[0] < rect[2] - margin and rect[1] + margin < point[1] < rect[3] - margin


def _line_meets_rect(line, rect):
    """Whether a polyline touches the inside of a box (its edges included)."""
    corners = [(rect[0], rect[1]), (rect[2], rect[1]), (rect[2], rect[3]), (rect[0], rect[3])]
    edges = list(zip(corners, corners[1:] + corners[:1]))
    return any(_inside(p, rect) for p in line) or any(_cross(a, b, c, d) for a, b in _segments(line) for c, d in edges)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _runs_inside(line, rect):
    """How many separate stretches of a line lie inside a box."""
    fine = [line[0]]
    for p, q in _segments(line):
        n = max(1, int(_distance(p, q)))
        fine += [(p[0] + (q[0] - p[0]) * i / n, p[1] + (q[1] - p[1]) * i / n) for i in range(1, n + 1)]
    states = [_inside(p, rect) for p in fine]
    return sum(1 for before, now in zip([False] + states, states) if now and not before)


@pytest.fixture(scope="module")
def drawings(figures):
    return {(slug, scheme): Drawing(figures, slug, scheme) for slug, scheme in FIGURES}


def _side_by_side(rects):
    """Groups of boxes that stand on one line: boxes whose heights overlap."""
    groups = []
    for box, rect in sorted(rects.items(), key=lambda item: item[1][1]):
        group = next((g for g in groups if any(rect[1] < other[3] and other[1] < rect[3] for other in g.values())), None)
        if group is None:
            groups.append({box: rect})
        else:
            group[box] = rect
    return [g for g in groups if len(g) > 1]


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_partitions_side_by_side_share_their_top_and_bottom_edges(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    for group in _side_by_side(drawing.of_kind(*PARTITIONS)):
        for edge, index in (("top", 1), ("bottom", 3)):
            values = {box: rect[index] for box, rect in group.items()}
            spread = max(values.values()) - min(values.values())
            assert spread <= TOLERANCE, f"{drawing.name}: the {edge} edges of {values} are {spread:.1f} pt apart"


def _scope(meta_boxes, drawing, box):
    """The partitions a layer carries: those in the same compared system, or all of them."""
    systems = drawing.of_kind("system")
    here = next((s for s, rect in systems.items() if _contains(rect, drawing.boxes[box])), None)
    partitions = drawing.of_kind(*PARTITIONS)
    if here is None:
        return partitions
    return {p: rect for p, rect in partitions.items() if _contains(systems[here], rect)}


def _contains(outer, inner):
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_each_layer_is_exactly_as_wide_as_the_partitions_it_carries(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    layers = drawing.of_kind(*LAYERS)
    assert layers, f"{drawing.name}: no hypervisor or hardware layer found"
    for layer, rect in layers.items():
        partitions = _scope(drawing.meta["boxes"], drawing, layer)
        assert partitions, f"{drawing.name}: {layer} carries no partition"
        left = min(r[0] for r in partitions.values())
        right = max(r[2] for r in partitions.values())
        assert abs(rect[0] - left) <= TOLERANCE, f"{drawing.name}: {layer} starts at {rect[0]:.1f}, its partitions {sorted(partitions)} at {left:.1f}"
        assert abs(rect[2] - right) <= TOLERANCE, f"{drawing.name}: {layer} ends at {rect[2]:.1f}, its partitions {sorted(partitions)} at {right:.1f}"
        assert rect[1] > max(r[3] for r in partitions.values()), f"{drawing.name}: {layer} is not below its partitions"


@pytest.mark.parametrize("scheme", generate.SCHEMES)
def test_compared_systems_align_layer_by_layer(drawings, scheme):
    compared = [(slug, s) for slug, s in drawings if s == scheme and drawings[slug, s].of_kind("system")]
    assert compared, "no figure compares two systems"
    for key in compared:
        drawing = drawings[key]
        systems = drawing.of_kind("system")
        assert len(systems) == 2, f"{drawing.name}: {sorted(systems)}"
        (a, ra), (b, rb) = sorted(systems.items(), key=lambda item: item[1][0])
        assert ra[2] < rb[0], f"{drawing.name}: {a} and {b} overlap"
        for index, edge in ((1, "top"), (3, "bottom")):
            assert abs(ra[index] - rb[index]) <= TOLERANCE, f"{drawing.name}: the {edge} edges of {a} and {b} differ by {abs(ra[index] - rb[index]):.1f} pt"
        for kinds in (PARTITIONS, ("hypervisor",), ("hardware",)):
            inside = {system: [r for box, r in drawing.of_kind(*kinds).items() if _contains(rect, r)]
                      for system, rect in systems.items()}
            assert all(inside.values()), f"{drawing.name}: not both systems have a {kinds[0]} layer"
            rects = [r for rs in inside.values() for r in rs]
            for index, edge in ((1, "top"), (3, "bottom")):
                spread = max(r[index] for r in rects) - min(r[index] for r in rects)
                assert spread <= TOLERANCE, f"{drawing.name}: the {kinds[0]} layers' {edge} edges are {spread:.1f} pt apart"


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_no_flow_crosses_another(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    flows = sorted(drawing.flows)
    assert len(flows) == len(drawing.meta["flows"]), f"{drawing.name}: {len(flows)} flows drawn, {len(drawing.meta['flows'])} declared"
    for i in flows:
        for j in flows:
            if i < j:
                assert not _lines_meet(drawing.flows[i], drawing.flows[j]), f"{drawing.name}: {drawing.flow_name(i)} meets {drawing.flow_name(j)}"


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_no_flow_runs_through_a_box_it_does_not_end_at(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    for k, line in drawing.flows.items():
        flow = drawing.meta["flows"][k]
        for node, rect in drawing.nodes.items():
            if node in (flow["source"], flow["target"]):
                # Its own ends: it touches their edges, never their inside.
                assert not any(_inside(p, rect, margin=1.0) for p in line), f"{drawing.name}: {drawing.flow_name(k)} runs into {node}"
            else:
                assert not _line_meets_rect(line, rect), f"{drawing.name}: {drawing.flow_name(k)} runs through {node}"


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_no_flow_leaves_a_box_and_comes_back(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    for k, line in drawing.flows.items():
        for box, rect in drawing.boxes.items():
            runs = _runs_inside(line, rect)
            assert runs <= 1, f"{drawing.name}: {drawing.flow_name(k)} enters {box} {runs} times"


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_no_label_overlaps_a_line_or_a_box(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    for what, rect in drawing.texts:
        for k, line in drawing.flows.items():
            assert not _line_meets_rect(line, rect), f"{drawing.name}: {what} overlaps {drawing.flow_name(k)}"
        for node, box in drawing.nodes.items():
            assert not _overlap(rect, box), f"{drawing.name}: {what} overlaps the box {node}"
        for box, outline in drawing.boxes.items():
            inside = _contains(outline, rect)
            assert inside or not _overlap(rect, outline), f"{drawing.name}: {what} overlaps the edge of {box}"
    steps = [rect for _, rect in drawing.steps.values()]
    for i, a in enumerate(steps):
        for b in steps[i + 1:]:
            assert not _overlap(a, b), f"{drawing.name}: two step numbers overlap"


@pytest.mark.parametrize("slug,scheme", [(slug, scheme) for slug, scheme in FIGURES if slug in NUMBERED])
def test_numbered_steps_read_in_order_along_their_path(drawings, slug, scheme):
    drawing = drawings[slug, scheme]
    flows = drawing.meta["flows"]
    numbered = sorted((int(f["step"].split("\n")[0]), k) for k, f in enumerate(flows) if f["step"])
    assert numbered, f"{drawing.name} numbers no steps"
    assert [n for n, _ in numbered][0] == 1, f"{drawing.name}: the steps do not start at 1"
    steps = sorted({n for n, _ in numbered})
    assert steps == list(range(1, len(steps) + 1)), f"{drawing.name}: steps {steps} skip a number"
    for n in steps[:-1]:
        ends = {flows[k]["target"] for m, k in numbered if m == n}
        starts = {flows[k]["source"] for m, k in numbered if m == n + 1}
        assert ends & starts, f"{drawing.name}: step {n + 1} does not start where step {n} ends"
    for _, k in numbered:
        text, rect = drawing.steps[k]
        centre = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
        nearest = min(drawing.flows, key=lambda j: min(_distance(centre, p) for p in drawing.flows[j]))
        assert flows[nearest]["step"].split("\n")[0] == text, f"{drawing.name}: step {text} stands nearer {drawing.flow_name(nearest)} than its own line"


FACING = 24.0  # pt: two boxes one above the other that overlap this much have room for a straight line


@pytest.mark.parametrize("slug,scheme", FIGURES)
def test_a_flow_between_boxes_that_face_each_other_is_one_straight_line(drawings, slug, scheme):
    """Where the ends of a flow stand one above the other, overlapping by FACING or more, and no
    other component stands between them in that overlap, the line is straight: no bend, no detour."""
    drawing = drawings[slug, scheme]
    for k, line in drawing.flows.items():
        flow = drawing.meta["flows"][k]
        a, b = drawing.nodes[flow["source"]], drawing.nodes[flow["target"]]
        upper, lower = sorted((a, b), key=lambda r: r[1])
        low, high = max(a[0], b[0]), min(a[2], b[2])
        if high - low < FACING or upper[3] >= lower[1]:
            continue
        between = (low, upper[3], high, lower[1])
        if any(_overlap(between, rect) for node, rect in drawing.nodes.items()
               if node not in (flow["source"], flow["target"])):
            continue
        xs = {round(x, 1) for x, _ in line}
        assert max(xs) - min(xs) <= TOLERANCE, f"{drawing.name}: {drawing.flow_name(k)} bends, though its ends face each other"
