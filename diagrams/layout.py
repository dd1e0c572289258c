"""The polish pass between Graphviz's two runs: square the boxes, route the flows, place the labels.

`dot` places every component and orders every row; its layout is read back (`-Tjson`), and
this pass redraws the boxes and lines on top of those positions:

- every box is fitted to what it holds, with one margin all round and room for its title;
- boxes of one kind that stand side by side (partitions, user modes, kernel modes, layers,
  compared systems) get one top and one bottom edge;
- each layer (hypervisor, hardware) spans exactly the row of partitions it carries;
- each flow is routed again, orthogonally, on a grid through the gaps between the boxes:
  it never enters a component that is not one of its ends, never crosses or runs along
  another flow, and crosses as few box edges as it can, so it leaves a partition once;
- each step number is put beside its own line, clear of every line and box.

The result is a DOT source with every position fixed, which `neato -n2` draws as given.
Everything is plain arithmetic on dot's output: the same input gives the same bytes.
"""

import heapq
import json
import re
import subprocess
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

MARGIN = 10.0  # inside every box, around what it holds (dot's own cluster margin)
TITLE_GAP = 18.0  # a box's title band is the title's height plus this
CLEARANCE = 5.0  # the least distance between a line and a component it does not end at
LANE = 6.0  # the least distance between two lines
STUB = 9.0  # a line leaves and enters a component straight for at least this (the arrowhead)
ARROW = 7.0  # arrowsize 0.7
BEND_COST = 40.0
BORDER_COST = 150.0
LABEL_PAD = 3.0
GAP = 8.0  # between two boxes side by side
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


@dataclass
class Layout:
    nodes: dict  # name -> Rect
    boxes: dict  # cluster name -> Box
    routes: list  # one polyline [(x, y), ...] per flow, from its source to its target
    labels: list  # one (x, y) centre or None per flow


# --- reading dot's layout --------------------------------------------------------------


def run_dot(source):
    result = subprocess.run(["dot", "-Tjson"], input=source, capture_output=True, text=True, start_new_session=True)
    problems = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    if result.returncode != 0 or problems:
        raise LayoutError("Graphviz rejected the graph this script drew:\n  " + "\n  ".join(problems or result.stderr.splitlines() or ["(no message)"]))
    return json.loads(result.stdout)


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


def _align(boxes, kinds):
    """Boxes of these kinds whose heights overlap share the lowest bottom and the highest top."""
    chosen = sorted((b for b in boxes if b.kind in kinds), key=lambda b: (b.rect.y0, b.name))
    bands = []
    for box in chosen:
        band = next((band for band in bands if any(_overlap_y(box.rect, other.rect) for other in band)), None)
        if band is None:
            bands.append([box])
        else:
            band.append(box)
    for band in bands:
        low, high = min(b.rect.y0 for b in band), max(b.rect.y1 for b in band)
        for box in band:
            box.rect.y0, box.rect.y1 = low, high


def _overlap_y(a, b):
    return a.y0 < b.y1 and b.y0 < a.y1


def _fill(box):
    """The boxes inside a partition take its whole width; the lowest reaches its bottom."""
    if not box.children:
        return
    for child in box.children:
        child.rect.x0, child.rect.x1 = box.rect.x0 + MARGIN, box.rect.x1 - MARGIN
    lowest = min(box.children, key=lambda child: child.rect.y0)
    lowest.rect.y0 = box.rect.y0 + MARGIN


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
        _align(level, PARTITION_KINDS)
    _align(every, PARTITION_KINDS)  # partitions side by side at any depth
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
    _align(systems, ("system",))


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
    """A port straight across from the other end, where the two overlap: a line with no bend."""
    if side in ("top", "bottom"):
        low, high = max(rect.x0, other.x0) + 8, min(rect.x1, other.x1) - 8
        y = rect.y1 if side == "top" else rect.y0
        return [((low + high) / 2, y)] if low <= high else []
    low, high = max(rect.y0, other.y0) + 6, min(rect.y1, other.y1) - 6
    x = rect.x1 if side == "right" else rect.x0
    return [(x, (low + high) / 2)] if low <= high else []


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
        xs, ys = [], []
        for rect in [*self.nodes.values(), *(b.rect for b in self.boxes)]:
            xs += [rect.x0, rect.x1]
            ys += [rect.y0, rect.y1]
        for rect in self.nodes.values():
            g = rect.grown(CLEARANCE)
            xs += [g.x0, g.x1]
            ys += [g.y0, g.y1]
        self.base_xs = _gap_midpoints(xs, frame.x0, frame.x1)
        self.base_ys = _gap_midpoints(ys, frame.y0, frame.y1)

    @staticmethod
    def _title_rect(box):
        r = box.rect
        return Rect(r.x0, r.y1 - box.title.y1 - TITLE_GAP + 4, r.x0 + box.title.x1 + 2 * MARGIN - 4, r.y1)

    def route(self, source, target):
        s, t = self.nodes[source], self.nodes[target]
        starts = [(p, side) for side in OUTWARD for p in _ports(s, side) + _facing(s, t, side)]
        ends = [(p, side) for side in OUTWARD for p in _ports(t, side) + _facing(t, s, side)]
        xs = sorted(set(self.base_xs + [p[0] for p, _ in starts + ends]))
        ys = sorted(set(self.base_ys + [p[1] for p, _ in starts + ends]))
        obstacles = [r.grown(CLEARANCE) for n, r in self.nodes.items() if n not in (source, target)]
        obstacles += [s, t] + self.titles
        zones = [s.grown(STUB), t.grown(STUB)]
        path = self._search(xs, ys, obstacles, zones, starts, ends)
        if path is None:
            raise LayoutError(f"no clear route for the flow {source} -> {target}")
        self.committed.append(path)
        return path

    def _search(self, xs, ys, obstacles, zones, starts, ends):
        xi = {x: i for i, x in enumerate(xs)}
        yi = {y: j for j, y in enumerate(ys)}
        # Blocked stretches of every grid line, and the box edges that cross it.
        vblock = [_blocked(x, [(o.y0, o.y1) for o in obstacles if o.x0 < x < o.x1]) for x in xs]
        hblock = [_blocked(y, [(o.x0, o.x1) for o in obstacles if o.y0 < y < o.y1]) for y in ys]
        for line in self.committed:
            for (ax, ay), (bx, by) in zip(line, line[1:]):
                if ax == bx:  # a vertical segment blocks the vertical lines near it
                    for i, x in enumerate(xs):
                        if abs(x - ax) < LANE:
                            vblock[i] = _merge(vblock[i] + [(min(ay, by) - LANE, max(ay, by) + LANE)])
                    for j, y in enumerate(ys):
                        if min(ay, by) - LANE < y < max(ay, by) + LANE:
                            hblock[j] = _merge(hblock[j] + [(ax - LANE, ax + LANE)])
                else:
                    for j, y in enumerate(ys):
                        if abs(y - ay) < LANE:
                            hblock[j] = _merge(hblock[j] + [(min(ax, bx) - LANE, max(ax, bx) + LANE)])
                    for i, x in enumerate(xs):
                        if min(ax, bx) - LANE < x < max(ax, bx) + LANE:
                            vblock[i] = _merge(vblock[i] + [(ay - LANE, ay + LANE)])
        vborders = [sorted(y for b in self.boxes for y in (b.rect.y0, b.rect.y1) if b.rect.x0 < x < b.rect.x1) for x in xs]
        hborders = [sorted(x for b in self.boxes for x in (b.rect.x0, b.rect.x1) if b.rect.y0 < y < b.rect.y1) for y in ys]
        # A line may not run along a box edge.
        for i, x in enumerate(xs):
            near = [(b.rect.y0, b.rect.y1) for b in self.boxes for bx in (b.rect.x0, b.rect.x1) if abs(bx - x) < 3]
            vblock[i] = _merge(vblock[i] + near)
        for j, y in enumerate(ys):
            near = [(b.rect.x0, b.rect.x1) for b in self.boxes for by in (b.rect.y0, b.rect.y1) if abs(by - y) < 3]
            hblock[j] = _merge(hblock[j] + near)

        goal = {}
        for (x, y), side in ends:
            dx, dy = OUTWARD[side]
            goal[(xi[x], yi[y])] = (-dx, -dy)
        tx = sum(p[0] for p, _ in ends) / len(ends)
        ty = sum(p[1] for p, _ in ends) / len(ends)
        heap, best, came = [], {}, {}
        for order, ((x, y), side) in enumerate(starts):
            state = (xi[x], yi[y], OUTWARD[side])
            cost = 0.0
            best[state] = cost
            heapq.heappush(heap, (cost + abs(x - tx) + abs(y - ty), cost, order, state))
        counter = len(starts)
        while heap:
            _, cost, _, state = heapq.heappop(heap)
            if cost > best.get(state, float("inf")):
                continue
            i, j, d = state
            if goal.get((i, j)) == d:
                return _unwind(came, state, xs, ys)
            for nd in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                if nd == (-d[0], -d[1]):
                    continue
                turn = nd != d
                if turn and any(z.contains(xs[i], ys[j]) for z in zones):
                    continue
                ni, nj = i + nd[0], j + nd[1]
                if not (0 <= ni < len(xs) and 0 <= nj < len(ys)):
                    continue
                if nd[0]:  # horizontal move along y = ys[j]
                    a, b = sorted((xs[i], xs[ni]))
                    if _hits(hblock[j], a, b):
                        continue
                    crossed = bisect_right(hborders[j], b) - bisect_left(hborders[j], a)
                    length = b - a
                else:
                    a, b = sorted((ys[j], ys[nj]))
                    if _hits(vblock[i], a, b):
                        continue
                    crossed = bisect_right(vborders[i], b) - bisect_left(vborders[i], a)
                    length = b - a
                new = cost + length + BEND_COST * turn + BORDER_COST * crossed
                nstate = (ni, nj, nd)
                if new < best.get(nstate, float("inf")):
                    best[nstate] = new
                    came[nstate] = state
                    counter += 1
                    heapq.heappush(heap, (new + abs(xs[ni] - tx) + abs(ys[nj] - ty), new, counter, nstate))
        return None


def _blocked(_, intervals):
    return _merge(intervals)


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
        points.append((xs[state[0]], ys[state[1]]))
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
    return 8.0 * len(text) + 2, 15.0


def _place_label(text, own, routes, rects, borders, placed):
    w, h = _label_size(text)
    segments = sorted(zip(own, own[1:]), key=lambda seg: -abs(seg[1][0] - seg[0][0]) - abs(seg[1][1] - seg[0][1]))
    for (ax, ay), (bx, by) in segments:
        for t in (0.5, 0.35, 0.65, 0.2, 0.8):
            mx, my = ax + (bx - ax) * t, ay + (by - ay) * t
            if ax == bx:
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
                return cx, cy
    return None


def _segment_meets(rect, line):
    for (ax, ay), (bx, by) in zip(line, line[1:]):
        if max(ax, bx) >= rect.x0 and min(ax, bx) <= rect.x1 and max(ay, by) >= rect.y0 and min(ay, by) <= rect.y1:
            return True
    return False


# --- the whole pass --------------------------------------------------------------------


def polish(figure):
    """Lay the figure out: dot's placement, squared boxes, routed flows, placed labels."""
    graph = run_dot(figure.dot.source)
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
    written again with their routes, the invisible edges that only guided dot are left out."""
    lines = [line for line in _statements(figure.dot.source) if not _EDGE_LINE.match(line)]
    body, closing = lines[:-1], lines[-1]
    out = []
    for line in body:
        out.append(line)
        match = re.match(r'^\s*subgraph ("?)(cluster_[^"\s]+)\1 \{', line)
        if match and match.group(2) in layout.boxes:
            box = layout.boxes[match.group(2)]
            r = box.rect
            lp = (r.x0 + MARGIN - 2 + box.title.x1 / 2, r.y1 - 4 - box.title.y1 / 2)
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
            attrs["xlabel"] = edge["label"]
            attrs["xlp"] = f"{_f(label[0])},{_f(label[1])}"
        text = " ".join(f'{key}="{value}"' for key, value in attrs.items())
        out.append(f'\t"{edge["source"]}" -> "{edge["target"]}" [{text}]')
    return "\n".join(out + [closing]) + "\n"
