"""The polish pass between Graphviz's two runs: square the boxes, route the flows, place the labels.

`dot` places every component and orders every row (render.dot_layout); its layout is read back
(`-Tjson0`), and this pass redraws the boxes and lines on top of those positions:

- every box is fitted to what it holds, with one margin all round and room for its title;
- boxes of one kind that stand side by side (partitions, user modes, kernel modes, layers,
  compared systems) get one top and one bottom edge;
- each layer (hypervisor, hardware) spans exactly the row of partitions it carries, its title
  centred as on a bar, its components each under what it connects to (a trap under what sends
  it) and the others spread evenly;
- a component under another in one box, joined by a flow, stands straight under it;
- a note stands centred under the boxes beside it, the legend at the right under the figure;
- each flow is routed again, orthogonally, on a grid through the gaps between the boxes:
  it never enters a component that is not one of its ends, never crosses or runs along
  another flow, and crosses as few box edges as it can, so it leaves a partition once;
- each step number is put beside its own line, clear of every line and box.

The result is a DOT source with every position fixed, which `neato -n2` draws as given.
Everything is plain arithmetic on dot's output: the same input gives the same bytes.
"""

import heapq
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import combinations_with_replacement, product

MARGIN = 10.0  # inside every box, around what it holds (dot's own cluster margin)
TITLE_GAP = 18.0  # a box's title band is the title's height plus this
CLEARANCE = 5.0  # the least distance between a line and a component it does not end at
LANE = 6.0  # the least distance between two lines
STUB = 9.0  # a line leaves and enters a component straight for at least this (the arrowhead)
ARROW = 7.0  # arrowsize 0.7
BEND_COST = 40.0
BORDER_COST = 60.0
OFF_CENTRE_COST = 0.05  # per pt a line starts away from the middle of its side (or of a facing overlap)
LABEL_PAD = 3.0
GAP = 8.0  # between two boxes side by side
# Side by side, edges of one kind of box this close are made one; farther apart, the boxes
# hold different rows (a kernel mode that starts a row higher than its neighbour's).
ALIGN_SLACK = 45.0
PARTITION_GAP = 40.0  # at most, between two partitions side by side
NARROWING_STEP = 8.0  # how near the narrowest gap the layers allow the partitions come
ALIGNED_KINDS = ("user", "kernel", "partition", "hypervisor", "hardware", "system")
PARTITION_KINDS = ("partition", "os")
LAYER_KINDS = ("hypervisor", "hardware")


class LayoutError(Exception):
    pass


@dataclass
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    def grown(self, d):
        return Rect(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def contains(self, x, y):
        return self.x0 < x < self.x1 and self.y0 < y < self.y1

    def overlaps(self, other):
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    @staticmethod
    def union(rects):
        return Rect(min(r.x0 for r in rects), min(r.y0 for r in rects), max(r.x1 for r in rects), max(r.y1 for r in rects))


@dataclass
class Box:
    name: str
    kind: str
    title: Rect  # width and height of the title, as dot measured it (x0 = y0 = 0)
    children: list = field(default_factory=list)  # Box
    nodes: list = field(default_factory=list)  # names of the components directly inside
    rect: Rect = None
    parent: "Box" = None
    title_dx: float = 0.0  # how far right of its place (_title_left) the title moves, to let a line pass


@dataclass
class Layout:
    nodes: dict  # name -> Rect
    boxes: dict  # cluster name -> Box
    routes: list  # one polyline [(x, y), ...] per flow, from its source to its target
    labels: list  # one (x, y) centre or None per flow


# --- reading dot's layout --------------------------------------------------------------


def _read(graph, kinds):
    objects = graph["objects"]
    nodes, hidden = {}, set()
    for obj in objects:
        if "pos" not in obj:
            continue
        x, y = map(float, obj["pos"].split(","))
        w, h = float(obj["width"]) * 36, float(obj["height"]) * 36
        nodes[obj["name"]] = Rect(x - w, y - h, x + w, y + h)
        if "invis" in obj.get("style", ""):
            hidden.add(obj["name"])
    boxes = {}
    for obj in objects:
        if obj["name"].startswith("cluster_"):
            name = obj["name"]
            title = Rect(0, 0, float(obj.get("lwidth", 0)) * 72, float(obj.get("lheight", 0)) * 72)
            boxes[name] = Box(name, kinds.get(name.removeprefix("cluster_"), "box"), title)
    for obj in objects:
        if obj["name"] in boxes:
            box = boxes[obj["name"]]
            for index in obj.get("subgraphs", []):
                child = boxes.get(objects[index]["name"])
                if child is not None:
                    child.parent = box
                    box.children.append(child)
    for obj in objects:
        if obj["name"] in boxes:
            box = boxes[obj["name"]]
            nested = {n for child in box.children for n in _all_nodes(child, objects, boxes)}
            box.nodes = [objects[i]["name"] for i in obj.get("nodes", []) if objects[i]["name"] not in nested
                         and objects[i]["name"] not in hidden]
    return nodes, hidden, boxes


def _all_nodes(box, objects, boxes):
    obj = next(o for o in objects if o["name"] == box.name)
    return [objects[i]["name"] for i in obj.get("nodes", [])]


# --- boxes -----------------------------------------------------------------------------


def _fit(box, nodes):
    """The box around what it holds: one margin all round, its title above."""
    for child in box.children:
        _fit(child, nodes)
    _refit(box, nodes)


def _refit(box, nodes):
    inside = [nodes[n] for n in box.nodes] + [child.rect for child in box.children]
    content = Rect.union(inside)
    rect = Rect(content.x0 - MARGIN, content.y0 - MARGIN, content.x1 + MARGIN, content.y1 + box.title.y1 + TITLE_GAP)
    rect.x1 = max(rect.x1, rect.x0 + box.title.x1 + 3 * MARGIN)
    box.rect = rect


def _align(boxes, kinds, slack=ALIGN_SLACK):
    """Boxes of one of these kinds whose heights overlap share one top edge and one bottom edge,
    where theirs are near: a box that reaches a row higher or lower than the others keeps it."""
    for group in sorted({_side_kind(kind) for kind in kinds}):
        chosen = sorted((b for b in boxes if b.kind in kinds and _side_kind(b.kind) == group),
                        key=lambda b: (b.rect.y0, b.name))
        bands = []
        for box in chosen:
            band = next((band for band in bands if any(_overlap_y(box.rect, other.rect) for other in band)), None)
            if band is None:
                bands.append([box])
            else:
                band.append(box)
        for band in bands:
            high = max(b.rect.y1 for b in band)
            low = min(b.rect.y0 for b in band)
            for box in band:
                if high - box.rect.y1 <= slack:
                    box.rect.y1 = high
                if box.rect.y0 - low <= slack:
                    box.rect.y0 = low


def _side_kind(kind):
    """Partitions and operating systems on the hardware stand in one line."""
    return "partition" if kind in PARTITION_KINDS else kind


def _overlap_y(a, b):
    return a.y0 < b.y1 and b.y0 < a.y1


def _fill(box):
    """The boxes inside a partition take its whole width; the highest reaches up to its title,
    the lowest down to its bottom."""
    if not box.children:
        return
    for child in box.children:
        child.rect.x0, child.rect.x1 = box.rect.x0 + MARGIN, box.rect.x1 - MARGIN
    lowest = min(box.children, key=lambda child: child.rect.y0)
    lowest.rect.y0 = box.rect.y0 + MARGIN
    highest = max(box.children, key=lambda child: child.rect.y1)
    highest.rect.y1 = box.rect.y1 - box.title.y1 - TITLE_GAP


def _walk(box):
    yield box
    for child in box.children:
        yield from _walk(child)


def _square_boxes(roots, nodes):
    """Fit, align and widen every box, inner boxes first."""
    for root in roots:
        _fit(root, nodes)
    every = [b for root in roots for b in _walk(root)]
    by_depth = sorted({_depth(b) for b in every}, reverse=True)
    for depth in by_depth:  # innermost first: a box is aligned before its parent is fitted to it
        level = [b for b in every if _depth(b) == depth]
        for box in level:
            if box.children:
                _refit(box, nodes)
        _align(level, ALIGNED_KINDS + PARTITION_KINDS)
    _align(every, PARTITION_KINDS, slack=float("inf"))  # partitions side by side at any depth
    for box in every:
        if box.kind in PARTITION_KINDS:
            _fill(box)
    # Each layer spans the row of partitions it carries, which widens the outer partitions if
    # the layer holds more than they do.
    for scope in [None, *every]:
        siblings = roots if scope is None else scope.children
        partitions = [b for b in siblings if b.kind in PARTITION_KINDS]
        layers = [b for b in siblings if b.kind in LAYER_KINDS]
        if not partitions or not layers:
            continue
        left = min(b.rect.x0 for b in partitions + layers)
        right = max(b.rect.x1 for b in partitions + layers)
        for layer in layers:
            layer.rect.x0, layer.rect.x1 = left, right
        first, last = min(partitions, key=lambda b: b.rect.x0), max(partitions, key=lambda b: b.rect.x1)
        first.rect.x0, last.rect.x1 = left, right
        for partition in (first, last):
            _fill(partition)
    # Compared systems: fitted to their widened contents, then one top and bottom for all.
    systems = [b for b in every if b.kind == "system"]
    for box in systems:
        _refit(box, nodes)
    _align(systems, ("system",), slack=float("inf"))


def _first_clash(boxes, nodes):
    """Two boxes side by side (same parent) that overlap: where to cut the drawing, how far to
    move its right part."""
    for a in sorted(boxes, key=lambda b: b.name):
        for b in sorted(boxes, key=lambda b: b.name):
            if a is b or a.parent is not b.parent or not _overlap_y(a.rect, b.rect):
                continue
            if a.rect.x0 <= b.rect.x0 < a.rect.x1 + GAP:
                inner_a = max(nodes[n].x1 for box in _walk(a) for n in box.nodes)
                inner_b = min(nodes[n].x0 for box in _walk(b) for n in box.nodes)
                if inner_a < inner_b:
                    return (inner_a + inner_b) / 2, a.rect.x1 + GAP - b.rect.x0
    return None


def _depth(box):
    depth = 0
    while box.parent is not None:
        box, depth = box.parent, depth + 1
    return depth


# --- closing gaps ----------------------------------------------------------------------


def _close_gaps(roots, nodes, flows):
    """Partitions side by side stand PARTITION_GAP apart, where dot left more between them and the
    layers beneath can still hold their rows: every line across the gap is no longer than it
    needs to be. Where the layers' rows need more room (their boxes beside the lines that cross
    them), the gap closes as far as they allow, found by bisection to within NARROWING_STEP."""
    partitions = [b for b in roots if b.kind in PARTITION_KINDS]
    layers = [b for b in roots if b.kind in LAYER_KINDS]
    boxes = [b for root in roots for b in _walk(root)]
    for index in range(len(partitions) - 1):
        ordered = sorted(partitions, key=lambda b: b.rect.x0)
        left, right = ordered[index], ordered[index + 1]
        shift = right.rect.x0 - left.rect.x1 - PARTITION_GAP
        cut = (left.rect.x1 + right.rect.x0) / 2
        saved = {name: Rect(r.x0, r.y0, r.x1, r.y1) for name, r in nodes.items()}

        def narrowed_by(amount):
            """Whether the layers' rows still fit with the right part moved left by amount."""
            for name, rect in saved.items():
                nodes[name].x0, nodes[name].x1 = rect.x0, rect.x1
            _narrow(layers, nodes, cut, amount)
            _square_boxes(roots, nodes)
            return _layers_fit(boxes, nodes, flows)

        if shift <= 1 or narrowed_by(shift):
            continue
        fits, fails = 0.0, shift
        while fails - fits > NARROWING_STEP:
            middle = (fits + fails) / 2
            if narrowed_by(middle):
                fits = middle
            else:
                fails = middle
        narrowed_by(fits)


def _narrow(layers, nodes, cut, shift):
    """Move what stands right of the cut left by shift; each layer's row shrinks evenly, in its
    order (the rows are spread again later)."""
    in_layers = {n for layer in layers for n in layer.nodes}
    for name, rect in nodes.items():
        if name not in in_layers and (rect.x0 + rect.x1) / 2 > cut:
            rect.x0, rect.x1 = rect.x0 - shift, rect.x1 - shift
    for layer in layers:
        x0, x1 = layer.rect.x0, layer.rect.x1
        for name in layer.nodes:
            rect = nodes[name]
            width, centre = rect.x1 - rect.x0, (rect.x0 + rect.x1) / 2
            centre = x0 + (centre - x0) * (x1 - x0 - shift) / (x1 - x0)
            rect.x0, rect.x1 = centre - width / 2, centre + width / 2


def _layers_fit(boxes, nodes, flows):
    return _place_layer_rows(boxes, {name: Rect(r.x0, r.y0, r.x1, r.y1) for name, r in nodes.items()}, flows)


# --- nodes one above the other ----------------------------------------------------------


def _stack_straight(pairs, nodes, boxes):
    """Each node the script put under another is centred under it, as far as its box allows, where
    that keeps it clear of the nodes beside it (dot gives way to the stack's edge alignment)."""
    owner = {n: box for box in boxes.values() for n in box.nodes}
    for upper, lower in pairs:
        box = owner.get(lower)
        if box is None or owner.get(upper) is None:
            continue
        rect = nodes[lower]
        width = rect.x1 - rect.x0
        inner = box.rect.grown(-MARGIN)
        x0 = min(max(_centre_x(nodes[upper]) - width / 2, inner.x0), inner.x1 - width)
        moved = Rect(x0, rect.y0, x0 + width, rect.y1)
        beside = [r for n, r in nodes.items() if n != lower and owner.get(n) is not None and _overlap_y(r, moved)]
        if any(moved.grown(GAP / 2).overlaps(r) for r in beside):
            continue
        rect.x0, rect.x1 = moved.x0, moved.x1


def _flows_within_a_box(flows, nodes, boxes):
    """(upper, lower) for each flow between two components of one box, one above the other: a
    short line inside a box is drawn straight (the VSCs over their VMBus)."""
    owner = {n: box for box in boxes.values() for n in box.nodes}
    pairs = []
    for flow in flows:
        a, b = flow["source"], flow["target"]
        if owner.get(a) is not None and owner.get(a) is owner.get(b) and not _overlap_y(nodes[a], nodes[b]):
            pairs.append((a, b) if nodes[a].y0 > nodes[b].y0 else (b, a))
    return pairs


# --- notes and the legend --------------------------------------------------------------


def _place_notes(notes, nodes, boxes, roots):
    """Each note stands centred under the boxes beside it (a compared system's partitions and
    layers), and the legend at the right, under the lowest box: where dot puts them follows the
    rows above them, not the boxes."""
    owner = {n: box for box in boxes.values() for n in box.nodes}
    for name in notes:
        beside = owner[name].children if name in owner else roots
        shift = _centre_x(Rect.union([box.rect for box in beside])) - _centre_x(nodes[name])
        nodes[name].x0, nodes[name].x1 = nodes[name].x0 + shift, nodes[name].x1 + shift
    _square_boxes(roots, nodes)  # every box fitted again: the layers' rows have moved too
    if "legend" in nodes:
        legend, right = nodes["legend"], max(box.rect.x1 for box in roots)
        legend.x0, legend.x1 = right - (legend.x1 - legend.x0), right


# --- the layers' rows ------------------------------------------------------------------


def _place_layer_rows(boxes, nodes, flows):
    """Spread each layer's components along it, each under (or over) what it connects to, and
    clear of the lines that pass through the layer on their way to a layer below: every line
    between a partition and the hardware can then run straight down.

    The lowest layer first: where a device sits decides where a driver's line crosses the
    hypervisor above it. Whether every row found its places."""
    layers = sorted((b for b in boxes if b.kind in LAYER_KINDS and b.nodes), key=lambda b: (b.rect.y0, b.name))
    return all([_place_row(row, layer, nodes, flows) for layer in layers for row in _rows_of(layer.nodes, nodes)])


def _rows_of(names, nodes):
    rows = {}
    for name in names:
        rect = nodes[name]
        rows.setdefault(round((rect.y0 + rect.y1) / 2), []).append(name)
    return [sorted(row, key=lambda n: nodes[n].x0) for _, row in sorted(rows.items())]


def _centre_x(rect):
    return (rect.x0 + rect.x1) / 2


def _place_row(row, layer, nodes, flows):
    inside = set(layer.nodes)
    layer.title_dx = 0.0
    left, right = layer.rect.x0 + 2 * MARGIN, layer.rect.x1 - 2 * MARGIN
    top, bottom = layer.rect.y1, layer.rect.y0
    # Lines that cross this layer without ending in it, and the places where each could cross
    # straight, the middle of its ends' overlap first (as the router prefers).
    crossings = []
    for flow in flows:
        a, b = nodes[flow["source"]], nodes[flow["target"]]
        if flow["source"] in inside or flow["target"] in inside:
            continue
        if min(a.y0, b.y0) < bottom and max(a.y1, b.y1) > top:
            spots = _spots(max(a.x0, b.x0) + 8, min(a.x1, b.x1) - 8)
            if spots:
                crossings.append([(x - CLEARANCE - LANE, x + CLEARANCE + LANE) for x in spots])
    # What each component wants: to stand under the ends outside the layer it connects to, or,
    # passed on from one to another (a trap), under the one that sends to it, so that the line
    # it comes by drops straight; the targets of one source share its width, left to right.
    wanted = {}
    by_source = {}
    for name in row:
        ends = [flow["target"] if flow["source"] == name else flow["source"]
                for flow in flows if name in (flow["source"], flow["target"])]
        ends = [end for end in ends if end not in inside]
        senders = [flow["source"] for flow in flows if flow["target"] == name and flow["source"] not in inside]
        if len(ends) > 1 and senders:
            ends = senders
        if len(ends) == 1:
            by_source.setdefault(ends[0], []).append(name)
        elif ends:
            wanted[name] = sum(_centre_x(nodes[end]) for end in ends) / len(ends)
    for end, names in by_source.items():
        span = nodes[end]
        if len(names) == 1:
            wanted[names[0]] = _centre_x(span)
            continue
        cut = _centre_x(span)
        first, last = names[0], names[-1]
        wanted[first] = cut - GAP / 2 - (nodes[first].x1 - nodes[first].x0) / 2
        wanted[last] = cut + GAP / 2 + (nodes[last].x1 - nodes[last].x0) / 2
        for k, name in enumerate(names[1:-1], 1):
            wanted[name] = span.x0 + (span.x1 - span.x0) * (k + 0.5) / len(names)
    widths = [nodes[n].x1 - nodes[n].x0 for n in row]
    # Whether a row fits beside a set of corridors does not depend on where its components would
    # like to stand (_sweep tries every way to share them out), only which way is chosen.
    placed = None
    for corridors in product(*crossings):
        swept = _sweep(_spread(row, widths, wanted, left, right), widths, corridors, left, right)
        if swept is not None:
            xs, shares = swept
            placed = _even_out(xs, widths, shares, {i for i, name in enumerate(row) if name in wanted})
            break
    if placed is None:
        return False
    for name, x0, width in zip(row, placed, widths):
        nodes[name].x0, nodes[name].x1 = x0, x0 + width
    # A line that crosses the layer's title band where the title stands moves the title past it:
    # one crossing the layer, or one coming down to a component in it.
    lines = list(corridors)
    for flow in flows:
        ends = (flow["source"], flow["target"])
        here, there = [e for e in ends if e in row], [e for e in ends if e not in inside]
        if here and there and nodes[there[0]].y0 > top:
            spots = _spots(max(nodes[here[0]].x0, nodes[there[0]].x0) + 8, min(nodes[here[0]].x1, nodes[there[0]].x1) - 8)
            lines += [(spots[0] - CLEARANCE - LANE, spots[0] + CLEARANCE + LANE)] if spots else []
    for a, b in sorted(lines):
        start = _title_left(layer) - 4
        if a < start + layer.title.x1 + 8 and b > start:
            layer.title_dx += b - start
    return True


def _title_left(box):
    """Where a box's title text starts. A layer's (hypervisor, hardware) is centred, as on a bar
    across the figure, where lines rarely pass; any other box's is at its top left. Either moves
    right by title_dx to let a line pass before it."""
    if box.kind in LAYER_KINDS:
        return (box.rect.x0 + box.rect.x1 - box.title.x1) / 2 + box.title_dx
    return box.rect.x0 + MARGIN - 2 + box.title_dx


def _spread(row, widths, wanted, left, right):
    """Left edges: a wanted component centred where it wants, the others spread evenly
    between their placed neighbours (or the layer's ends)."""
    starts = [None if name not in wanted else wanted[name] - width / 2 for name, width in zip(row, widths)]
    k = 0
    while k < len(row):
        if starts[k] is not None:
            k += 1
            continue
        end = k
        while end < len(row) and starts[end] is None:
            end += 1
        low = left if k == 0 else starts[k - 1] + widths[k - 1]
        high = right if end == len(row) else starts[end]
        free = high - low - sum(widths[k:end])
        gap = free / (end - k + 1)
        x = low + gap
        for i in range(k, end):
            starts[i] = x
            x += widths[i] + gap
        k = end
    return starts


def _sweep(starts, widths, corridors, left, right):
    """The left edges made to keep the order, GAP apart, inside the layer and off the
    corridors, as near their starts as that allows, and the components each free stretch holds
    [((start, end), indices)]; None if they do not fit.

    The corridors cut the layer into free stretches, each holding a run of the components in
    order: of every way to share them out that fits, the one that moves them least."""
    free, x = [], left
    for a, b in sorted(corridors):
        if a > x:
            free.append((x, min(a, right)))
        x = max(x, b)
    if x < right:
        free.append((x, right))
    n, best = len(starts), None
    for cuts in combinations_with_replacement(range(n + 1), len(free) - 1):
        bounds = (0, *cuts, n)
        xs, fits = list(starts), True
        for (a, b), first, last in zip(free, bounds, bounds[1:]):
            members = range(first, last)
            if sum(widths[i] for i in members) + GAP * max(len(members) - 1, 0) > b - a:
                fits = False
                break
            low = a
            for i in members:
                xs[i] = max(xs[i], low)
                low = xs[i] + widths[i] + GAP
            high = b
            for i in reversed(members):
                xs[i] = min(xs[i], high - widths[i])
                high = xs[i] - GAP
        if fits:
            moved = sum(abs(x - start) for x, start in zip(xs, starts))
            if best is None or moved < best[0] - 1e-6:
                best = (moved, xs, [(stretch, range(first, last)) for stretch, first, last in zip(free, bounds, bounds[1:])])
    return None if best is None else best[1:]


def _even_out(xs, widths, shares, anchored):
    """In each free stretch, the runs of components that stand nowhere in particular (connected
    to nothing outside the layer) spread evenly between what bounds them: their neighbours, a
    corridor, the layer's ends."""
    xs = list(xs)
    for (a, b), members in shares:
        members = list(members)
        k = 0
        while k < len(members):
            if members[k] in anchored:
                k += 1
                continue
            end = k
            while end < len(members) and members[end] not in anchored:
                end += 1
            run = members[k:end]
            low = a if k == 0 else xs[members[k - 1]] + widths[members[k - 1]]
            high = b if end == len(members) else xs[members[end]]
            gap = (high - low - sum(widths[i] for i in run)) / (len(run) + 1)
            if gap >= GAP:
                x = low + gap
                for i in run:
                    xs[i] = x
                    x += widths[i] + gap
            k = end
    return xs


# --- routing ---------------------------------------------------------------------------


def _ports(rect, side):
    """Where a line may leave or enter a component on one side, the middle first."""
    cx, cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    w, h = rect.x1 - rect.x0, rect.y1 - rect.y0
    if side in ("top", "bottom"):
        y = rect.y1 if side == "top" else rect.y0
        xs = [cx] + ([cx - w / 4, cx + w / 4] if w >= 40 else [])
        return [(x, y) for x in xs]
    x = rect.x1 if side == "right" else rect.x0
    ys = [cy] + ([cy - h / 4, cy + h / 4] if h >= 28 else [])
    return [(x, y) for y in ys]


def _facing(rect, other, side):
    """Ports straight across from the other end, where the two overlap: a line with no bend.
    The middle of the overlap first, then its quarters and its ends, for a straight line that
    must pass beside a box's title."""
    if side in ("top", "bottom"):
        low, high = max(rect.x0, other.x0) + 8, min(rect.x1, other.x1) - 8
        y = rect.y1 if side == "top" else rect.y0
        return [(x, y) for x in _spots(low, high)]
    low, high = max(rect.y0, other.y0) + 6, min(rect.y1, other.y1) - 6
    x = rect.x1 if side == "right" else rect.x0
    return [(x, y) for y in _spots(low, high)]


def _spots(low, high):
    if low > high:
        return []
    return list(dict.fromkeys(low + (high - low) * t for t in (0.5, 0.25, 0.75, 0.0, 1.0)))


OUTWARD = {"top": (0, 1), "bottom": (0, -1), "left": (-1, 0), "right": (1, 0)}


def _gap_midpoints(edges, low, high):
    edges = sorted(set(edges))
    mids = [(a + b) / 2 for a, b in zip(edges, edges[1:]) if b - a >= 2 * 3]
    return [m for m in mids if low <= m <= high]


class Router:
    def __init__(self, nodes, hidden, boxes, frame):
        self.nodes = {n: r for n, r in nodes.items() if n not in hidden}
        self.boxes = [b for b in boxes.values()]
        self.frame = frame
        self.titles = [self._title_rect(b) for b in self.boxes]
        self.committed = []  # polylines already routed
        self.cleared = {n: r.grown(CLEARANCE) for n, r in self.nodes.items()}  # no line comes closer
        xs, ys = [], []
        for rect in [*self.nodes.values(), *(b.rect for b in self.boxes), *self.cleared.values()]:
            xs += [rect.x0, rect.x1]
            ys += [rect.y0, rect.y1]
        self.base_xs = _gap_midpoints(xs, frame.x0, frame.x1)
        self.base_ys = _gap_midpoints(ys, frame.y0, frame.y1)
        self._grid_lines = {}  # what stands across a grid line whatever is routed: see _across

    @staticmethod
    def _title_rect(box):
        left, r = _title_left(box), box.rect
        return Rect(left - 4, r.y1 - box.title.y1 - TITLE_GAP + 4, left + box.title.x1 + 4, r.y1)

    def route(self, source, target):
        s, t = self.nodes[source], self.nodes[target]
        starts = [(p, side) for side in OUTWARD for p in _ports(s, side) + _facing(s, t, side)]
        # Of two equally short routes, the one nearer the middle of its box's side.
        middles = {side: (_ports(s, side)[0], _facing(s, t, side)[:1]) for side in OUTWARD}
        ends = [(p, side) for side in OUTWARD for p in _ports(t, side) + _facing(t, s, side)]
        xs = sorted(set(self.base_xs + [p[0] for p, _ in starts + ends]))
        ys = sorted(set(self.base_ys + [p[1] for p, _ in starts + ends]))
        offsets = [min(abs(p[0] - q[0]) + abs(p[1] - q[1]) for q in [middles[side][0], *middles[side][1]]) * OFF_CENTRE_COST
                   for p, side in starts]
        path = self._search(xs, ys, (source, target), starts, ends, offsets)
        if path is None:
            raise LayoutError(f"no clear route for the flow {source} -> {target}")
        self.committed.append(path)
        return path

    def _across(self, vertical, at):
        """What stands across the grid line x = at (vertical) or y = at, whatever is routed, kept
        for the next route: each component with its clearance, by name (a route may touch its
        own ends); what no line may cross (the titles) or run along (a box edge); and where the
        line crosses box edges."""
        key = (vertical, at)
        if key not in self._grid_lines:
            if vertical:
                def spans(r):
                    return r.x0 < at < r.x1, (r.y0, r.y1)
            else:
                def spans(r):
                    return r.y0 < at < r.y1, (r.x0, r.x1)
            owned = []
            for name, rect in self.cleared.items():
                inside, stretch = spans(rect)
                if inside:
                    owned.append((name, stretch))
            fixed = [stretch for inside, stretch in map(spans, self.titles) if inside]
            borders = []
            for box in self.boxes:
                inside, stretch = spans(box.rect)
                if inside:
                    borders += stretch
                edges = (box.rect.x0, box.rect.x1) if vertical else (box.rect.y0, box.rect.y1)
                fixed += [spans(box.rect)[1]] * sum(abs(edge - at) < 3 for edge in edges)  # its edge runs here
            self._grid_lines[key] = (owned, fixed, sorted(borders))
        return self._grid_lines[key]

    def _blocked(self, xs, ys, ends):
        """The blocked stretches of every grid line, merged, and the box edges that cross it:
        every component but the route's own ends with its clearance, the ends themselves, the
        titles, the box edges, and the lines already routed with a lane each side."""
        vblock = [[] for _ in xs]
        hblock = [[] for _ in ys]

        def near(grid, low, high):  # the indices of the grid lines strictly between low and high
            return range(bisect_right(grid, low), bisect_left(grid, high))

        for line in self.committed:
            for (ax, ay), (bx, by) in zip(line, line[1:]):
                if ax == bx:  # a vertical segment blocks the vertical lines near it
                    low, high = min(ay, by) - LANE, max(ay, by) + LANE
                    for i in near(xs, ax - LANE, ax + LANE):
                        vblock[i].append((low, high))
                    for j in near(ys, low, high):
                        hblock[j].append((ax - LANE, ax + LANE))
                else:
                    low, high = min(ax, bx) - LANE, max(ax, bx) + LANE
                    for j in near(ys, ay - LANE, ay + LANE):
                        hblock[j].append((low, high))
                    for i in near(xs, low, high):
                        vblock[i].append((ay - LANE, ay + LANE))
        own = [self.nodes[name] for name in ends]
        borders = []
        for vertical, grid, blocks in ((True, xs, vblock), (False, ys, hblock)):
            crossed = []
            for at, block in zip(grid, blocks):
                owned, fixed, edges = self._across(vertical, at)
                block += [stretch for name, stretch in owned if name not in ends] + fixed
                block += [(r.y0, r.y1) if vertical else (r.x0, r.x1) for r in own
                          if (r.x0 < at < r.x1 if vertical else r.y0 < at < r.y1)]
                crossed.append(edges)
            borders.append(crossed)
        return [_merge(b) for b in vblock], [_merge(b) for b in hblock], borders[0], borders[1]

    def _search(self, xs, ys, ends_named, starts, ends, offsets):
        """The cheapest route on the grid: length, plus BEND_COST a bend and BORDER_COST a box
        edge crossed; it bends nowhere near its own ends (the arrowhead's stub).

        A state is a grid point and the heading the route arrives there with, in one number:
        (i * len(ys) + j) * 4 + heading, the heading an index into MOVES."""
        nx, ny = len(xs), len(ys)
        xi = {x: i for i, x in enumerate(xs)}
        yi = {y: j for j, y in enumerate(ys)}
        vblock, hblock, vborders, hborders = self._blocked(xs, ys, ends_named)
        no_turn = {i * ny + j for z in (self.nodes[n].grown(STUB) for n in ends_named)
                   for i, x in enumerate(xs) if z.x0 < x < z.x1 for j, y in enumerate(ys) if z.y0 < y < z.y1}
        goal = {}
        for (x, y), side in ends:
            dx, dy = OUTWARD[side]
            goal[xi[x] * ny + yi[y]] = HEADING[(-dx, -dy)]
        goals = {node * 4 + heading for node, heading in goal.items()}
        # What is left to go, as the search guesses it: the distance to the middle of the ends.
        tx = sum(p[0] for p, _ in ends) / len(ends)
        ty = sum(p[1] for p, _ in ends) / len(ends)
        to_x, to_y = [abs(x - tx) for x in xs], [abs(y - ty) for y in ys]
        heap, best, came = [], {}, {}
        for order, ((x, y), side) in enumerate(starts):
            state = (xi[x] * ny + yi[y]) * 4 + HEADING[OUTWARD[side]]
            cost = offsets[order]
            best[state] = cost
            heapq.heappush(heap, (cost + to_x[xi[x]] + to_y[yi[y]], cost, order, state))
        counter, unreached = len(starts), float("inf")
        while heap:
            _, cost, _, state = heapq.heappop(heap)
            if cost > best.get(state, unreached):
                continue
            if state in goals:
                return _unwind(came, state, xs, ys)
            node, d = divmod(state, 4)
            i, j = divmod(node, ny)
            may_turn = node not in no_turn
            for nd in (0, 1, 2, 3):  # MOVES: right, left, up, down
                if nd == d ^ 1:  # back where it came from
                    continue
                turn = nd != d
                if turn and not may_turn:
                    continue
                if nd == 0:
                    if i + 1 == nx:
                        continue
                    ni, nj, a, b, blocked, borders = i + 1, j, xs[i], xs[i + 1], hblock[j], hborders[j]
                elif nd == 1:
                    if i == 0:
                        continue
                    ni, nj, a, b, blocked, borders = i - 1, j, xs[i - 1], xs[i], hblock[j], hborders[j]
                elif nd == 2:
                    if j + 1 == ny:
                        continue
                    ni, nj, a, b, blocked, borders = i, j + 1, ys[j], ys[j + 1], vblock[i], vborders[i]
                else:
                    if j == 0:
                        continue
                    ni, nj, a, b, blocked, borders = i, j - 1, ys[j - 1], ys[j], vblock[i], vborders[i]
                if _hits(blocked, a, b):
                    continue
                crossed = bisect_right(borders, b) - bisect_left(borders, a)
                new = cost + (b - a) + BEND_COST * turn + BORDER_COST * crossed
                nstate = (ni * ny + nj) * 4 + nd
                if new < best.get(nstate, unreached):
                    best[nstate] = new
                    came[nstate] = state
                    counter += 1
                    heapq.heappush(heap, (new + to_x[ni] + to_y[nj], new, counter, nstate))
        return None


MOVES = ((1, 0), (-1, 0), (0, 1), (0, -1))  # a heading's opposite is its index ^ 1
HEADING = {move: index for index, move in enumerate(MOVES)}


def _merge(intervals):
    merged = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _hits(intervals, a, b):
    """Whether the open stretch (a, b) of a line meets a blocked stretch."""
    k = bisect_right(intervals, (b,)) - 1
    while k >= 0:
        lo, hi = intervals[k]
        if hi <= a:
            return False
        if lo < b and hi > a:
            return True
        k -= 1
    return False


def _unwind(came, state, xs, ys):
    points = []
    while state is not None:
        i, j = divmod(state // 4, len(ys))
        points.append((xs[i], ys[j]))
        state = came.get(state)
    points.reverse()
    corners = [points[0]]
    for prev, here, nxt in zip(points, points[1:], points[2:]):
        if (prev[0] == here[0]) != (here[0] == nxt[0]):
            corners.append(here)
    corners.append(points[-1])
    return corners


# --- labels ----------------------------------------------------------------------------


def _label_size(text):
    lines = text.split("\n")
    return 8.0 * max(map(len, lines)) + 2, 15.0 * len(lines)


def _place_label(text, own, routes, rects, borders, placed):
    """Beside its own line, as near the line's start as it fits: a step number says where the
    step begins. Beside a vertical stretch it stands right of the line, then left; beside a
    horizontal one, above, then below."""
    w, h = _label_size(text)
    for mx, my, vertical in _along(own):
        if vertical:
            candidates = [(mx + w / 2 + LABEL_PAD, my), (mx - w / 2 - LABEL_PAD, my)]
        else:
            candidates = [(mx, my + h / 2 + LABEL_PAD), (mx, my - h / 2 - LABEL_PAD)]
        for cx, cy in candidates:
            rect = Rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if any(rect.grown(1).overlaps(r) for r in rects + placed):
                continue
            if any(_segment_meets(rect.grown(1), line) for line in routes):
                continue
            if any(_segment_meets(rect.grown(1), [p, q]) for p, q in borders):
                continue
            placed.append(rect)
            return cx, cy, "l" if cx > mx and vertical else "r" if vertical else "n"
    return None


def _along(line, step=4.0):
    """Points along a polyline from its start, every `step`, clear of its corners and its
    arrowhead, each with whether its stretch is vertical."""
    for (ax, ay), (bx, by) in zip(line, line[1:]):
        length = abs(bx - ax) + abs(by - ay)
        d = STUB
        while d <= length - STUB:
            t = d / length
            yield ax + (bx - ax) * t, ay + (by - ay) * t, ax == bx
            d += step
    for (ax, ay), (bx, by) in zip(line, line[1:]):  # a stretch too short for that: its middle
        yield (ax + bx) / 2, (ay + by) / 2, ax == bx


def _segment_meets(rect, line):
    for (ax, ay), (bx, by) in zip(line, line[1:]):
        if max(ax, bx) >= rect.x0 and min(ax, bx) <= rect.x1 and max(ay, by) >= rect.y0 and min(ay, by) <= rect.y1:
            return True
    return False


# --- the whole pass --------------------------------------------------------------------


def polish(figure, graph):
    """Lay the figure out on dot's placement of it (`graph`, see render.dot_layout): squared
    boxes, routed flows, placed labels."""
    nodes, hidden, boxes = _read(graph, figure.box_kinds)
    roots = [b for b in boxes.values() if b.parent is None]
    _square_boxes(roots, nodes)
    for _ in range(len(boxes)):  # squared boxes can be wider than dot's: move apart those that meet
        clash = _first_clash(boxes.values(), nodes)
        if clash is None:
            break
        cut, shift = clash
        for rect in nodes.values():
            if (rect.x0 + rect.x1) / 2 > cut:
                rect.x0, rect.x1 = rect.x0 + shift, rect.x1 + shift
        _square_boxes(roots, nodes)
    _close_gaps(roots, nodes, figure.flow_edges)
    _stack_straight(figure.stacked + _flows_within_a_box(figure.flow_edges, nodes, boxes), nodes, boxes)
    _place_layer_rows(boxes.values(), nodes, figure.flow_edges)
    _place_notes(figure.notes, nodes, boxes, roots)
    frame = Rect.union([*(r for n, r in nodes.items() if n not in hidden), *(b.rect for b in boxes.values())]).grown(40)
    flows = figure.flow_edges
    # Flows are routed in the order the script declares them, which follows the paths; a flow
    # that finds no clear route goes first in the next attempt.
    order = list(range(len(flows)))
    for _ in range(len(flows) + 1):
        router = Router(nodes, hidden, boxes, frame)
        routes = [None] * len(flows)
        try:
            for k in order:
                routes[k] = router.route(flows[k]["source"], flows[k]["target"])
            break
        except LayoutError:
            order.remove(k)
            order.insert(0, k)
    else:
        raise LayoutError(f"no clear route for the flow {flows[k]['source']} -> {flows[k]['target']}")
    labels = [None] * len(flows)
    rects = [r for n, r in router.nodes.items()] + router.titles
    borders = []
    for b in boxes.values():
        r = b.rect
        corners = [(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1), (r.x0, r.y0)]
        borders += list(zip(corners, corners[1:]))
    placed = []
    for k, edge in enumerate(flows):
        if edge["label"]:
            labels[k] = _place_label(edge["label"], routes[k], routes, rects, borders, placed)
            if labels[k] is None:
                raise LayoutError(f"no clear place for the label {edge['label']!r} of {edge['source']} -> {edge['target']}")
    return Layout(nodes, boxes, routes, labels)


def _f(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _spline(points, both):
    """A polyline as Graphviz's spline: each straight stretch one Bézier, the arrowheads apart."""
    points = list(points)
    (ex, ey), (px, py) = points[-1], points[-2]
    head = (ex, ey)
    points[-1] = _towards((ex, ey), (px, py), ARROW)
    tail = None
    if both:
        tail = points[0]
        points[0] = _towards(points[0], points[1], ARROW)
    spline = [points[0]]
    for p, q in zip(points, points[1:]):
        spline += [p, q, q]
    text = " ".join(f"{_f(x)},{_f(y)}" for x, y in spline)
    ends = (f"s,{_f(tail[0])},{_f(tail[1])} " if tail else "") + f"e,{_f(head[0])},{_f(head[1])} "
    return ends + text


def _towards(p, q, d):
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = (dx * dx + dy * dy) ** 0.5
    return p[0] + dx / length * d, p[1] + dy / length * d


_EDGE_LINE = re.compile(r'^\s*(?:"[^"]*"|[\w.]+) -> (?:"[^"]*"|[\w.]+)')


def _statements(source):
    """The source's lines, a quoted string that spans lines (a two-line label) kept in one."""
    statements, pending = [], ""
    for line in source.splitlines():
        pending = f"{pending}\n{line}" if pending else line
        if len(re.findall(r'(?<!\\)"', pending)) % 2 == 0:
            statements.append(pending)
            pending = ""
    return statements + ([pending] if pending else [])


def positioned_source(figure, layout):
    """The figure's DOT source with every position fixed, for `neato -n2`; the flows are
    written again with their routes, the invisible edges that only guided dot are left out.
    Its colours are the drawing's stand-ins, for `Figure.in_scheme` to fill in."""
    lines = [line for line in _statements(figure.dot.source) if not _EDGE_LINE.match(line)]
    body, closing = lines[:-1], lines[-1]
    out = []
    for line in body:
        out.append(line)
        match = re.match(r'^\s*subgraph ("?)(cluster_[^"\s]+)\1 \{', line)
        if match and match.group(2) in layout.boxes:
            box = layout.boxes[match.group(2)]
            r = box.rect
            lp = (_title_left(box) + box.title.x1 / 2, r.y1 - 4 - box.title.y1 / 2)
            out.append(f'\t\tgraph [bb="{_f(r.x0)},{_f(r.y0)},{_f(r.x1)},{_f(r.y1)}" lp="{_f(lp[0])},{_f(lp[1])}" '
                       f'id="{box.name.removeprefix("cluster_")}"]')
    for name, r in layout.nodes.items():
        out.append(f'\t"{name}" [pos="{_f((r.x0 + r.x1) / 2)},{_f((r.y0 + r.y1) / 2)}"]')
    for k, (edge, route, label) in enumerate(zip(figure.flow_edges, layout.routes, layout.labels)):
        attrs = dict(edge["attrs"])
        attrs["dir"] = "both" if edge["both"] else "forward"
        attrs["id"] = f"flow-{k}"
        attrs["pos"] = _spline(route, edge["both"])
        if label is not None:
            # A label of two lines beside a vertical line is flush with that line.
            attrs["xlabel"] = edge["label"] if label[2] == "n" or "\n" not in edge["label"] else \
                "".join(f"{line}\\{label[2]}" for line in edge["label"].split("\n"))
            attrs["xlp"] = f"{_f(label[0])},{_f(label[1])}"
        text = " ".join(f'{key}="{value}"' for key, value in attrs.items())
        out.append(f'\t"{edge["source"]}" -> "{edge["target"]}" [{text}]')
    return "\n".join(out + [closing]) + "\n"
