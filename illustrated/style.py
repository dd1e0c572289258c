"""The visual language shared by every figure: palettes, component and flow styles, layout helpers.

Figure scripts describe *what* is in a figure; everything about *how* it looks lives here,
so that the same kind of thing looks the same on every figure and in both colour schemes.
"""

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import diagrams
from diagrams import Cluster, Diagram, Node

# The scheme a script draws in. The generator sets None: a script then draws each colour as a
# stand-in that `Figure.in_scheme` fills in, so that it runs once for both schemes. Drawn by
# another renderer (the bench's plugin twin), a script draws in "light" or "dark" itself.
SCHEME = "light"

# One colour per role. Dark colours keep the contrast of the light ones on a dark page.
PALETTES = {
    "light": {
        "background": "#ffffff",
        "text": "#1b2631",
        "muted": "#4d5b69",
        "component": "#ffffff",
        "border": "#5d6d7e",
        "user": "#e3f0fb",
        "kernel": "#ece6f6",
        "partition": "#f7f9fb",
        "hypervisor": "#fdebd3",
        "hardware": "#e8ecef",
        "legend": "#ffffff",
        "vmbus": "#1565c0",
        "hypercall": "#c05600",
        "trap": "#c62828",
        "management": "#2e7d32",
        "io_request": "#6a1b9a",
        "hardware_access": "#37474f",
    },
    "dark": {
        "background": "#1e2129",
        "text": "#e8edf2",
        "muted": "#b3bfcb",
        "component": "#2a303c",
        "border": "#8d9baa",
        "user": "#1d3347",
        "kernel": "#2e2743",
        "partition": "#242833",
        "hypervisor": "#47331a",
        "hardware": "#30363f",
        "legend": "#1e2129",
        "vmbus": "#64b5f6",
        "hypercall": "#ffb74d",
        "trap": "#ef9a9a",
        "management": "#81c784",
        "io_request": "#ce93d8",
        "hardware_access": "#cfd8dc",
    },
}

# Each kind of flow has one colour and one line style on every figure, named in the legend.
FLOWS = {
    "vmbus": {"label": "VMBus channel", "style": "bold"},
    "hypercall": {"label": "hypercall", "style": "dashed"},
    "trap": {"label": "emulated-device trap", "style": "dotted"},
    "management": {"label": "management call", "style": "solid"},
    "io_request": {"label": "I/O request", "style": "solid"},
    "hardware_access": {"label": "direct hardware access", "style": "solid"},
}

FONT = "DejaVu Sans"
GLOSSARY = "../glossary/"  # relative to the published figure in figures/; pages rewrite it

# Icons sit on a white tile, so that they stay visible on a dark page. They are the library's
# Windows and Linux icons (resources/generic/os), cropped to the logo and scaled to 64 px in
# diagrams/icons/: every figure embeds its icons, and the originals weigh 20 KB where these
# weigh 2. They are the project's, found where its figures are built (see figures.py).
ICONS = {name: Path("diagrams", "icons", f"{name}.png").absolute() for name in ("windows", "linux")}


def colour(role):
    return PALETTES[SCHEME][role] if SCHEME else f"@colour:{role}@"


_STAND_IN = re.compile(r"@colour:(\w+)@")


def icon_path(name):
    if name not in ICONS:
        raise ValueError(f"unknown icon {name!r}: the icons are {', '.join(sorted(ICONS))}")
    return str(ICONS[name])


class Figure(Diagram):
    """A Diagram that hands its graph to the generator instead of rendering on exit."""

    collecting = False  # True while the generator runs scripts
    built = []  # every Figure whose block has closed while collecting

    def __init__(self, title):
        self.title = title
        self.caption = ""
        self.components = []  # (box path, label, glossary term), for the text alternative
        self.flows = []  # (kind, source label, target label, step label)
        self.steps = []  # the sentence of each numbered step, in order: step n is steps[n - 1]
        self._ids = set()
        self.places = {}  # node id -> (row, column), set by row()
        self.rows = []  # the component ids of each row, left to right, as the script wrote them
        self.columns = []  # the node ids of each partition, left to right
        self.row_links = {}  # (left id, right id) -> index in the DOT body of the edge ordering them
        self.box_kinds = {}  # box id -> what it is: partition, os, user, kernel, hypervisor, hardware, system
        self.flow_edges = []  # each flow as the polish pass draws it: ends, label, attributes
        self.stacked = []  # (upper id, lower id): nodes the script put one straight above the other
        self.notes = []  # the ids of the notes: each stands centred under the boxes beside it
        super().__init__(
            name="",
            filename="figure",
            direction="TB",
            curvestyle="ortho",
            show=False,
            graph_attr={
                "bgcolor": colour("background"),
                "pad": "0.3",
                "nodesep": "0.2",
                "ranksep": "0.3",
                "newrank": "true",
                "fontname": FONT,
                "fontcolor": colour("text"),
                "label": "",
            },
            node_attr={
                "shape": "box",
                "style": "rounded,filled",
                "fixedsize": "false",
                "width": "0",
                "height": "0.4",
                "margin": "0.1,0.05",
                "labelloc": "c",
                "fontname": FONT,
                "fontsize": "13",
                "fontcolor": colour("text"),
                "color": colour("border"),
                "fillcolor": colour("component"),
                "target": "_top",
            },
            edge_attr={"fontname": FONT, "fontsize": "12", "arrowsize": "0.7"},
        )

    @staticmethod
    def in_scheme(source, scheme):
        """A DOT source drawn with stand-in colours (SCHEME None), in one scheme's colours."""
        palette = PALETTES[scheme]
        return _STAND_IN.sub(lambda match: palette[match[1]], source)

    def source(self, scheme):
        """The figure's DOT source in one scheme's colours."""
        return self.in_scheme(self.dot.source, scheme)

    def claim_id(self, nodeid):
        if nodeid in self._ids:
            raise ValueError(f"two components share the id {nodeid!r}: pass id= to tell them apart")
        self._ids.add(nodeid)
        return nodeid

    def alt_text(self):
        """The figure in words, for screen readers: every box, component and flow."""
        boxes = {}
        for path, label, _ in self.components:
            boxes.setdefault(path, []).append(label)
        parts = [f"{path}: {', '.join(labels)}." for path, labels in boxes.items()]
        if self.flows:
            steps = [
                f"{step + ' ' if step else ''}{source} to {target} ({FLOWS[kind]['label']})"
                for kind, source, target, step in self.flows
            ]
            parts.append("Flows: " + "; ".join(steps) + ".")
        return " ".join(parts).replace("\n", " ").replace("\n", " ")

    def metadata(self, slug, source):
        return {
            "slug": slug,
            "title": self.title,
            "caption": self.caption,
            "alt": self.alt_text(),
            "terms": sorted({term for _, _, term in self.components}),
            "rows": self.rows,
            "boxes": self.box_kinds,
            "flows": [{"source": e["source"], "target": e["target"], "kind": e["kind"], "step": e["label"],
                       "sentence": e["sentence"]} for e in self.flow_edges],
            "steps": self.steps,
            "source": source,
        }

    def __exit__(self, exc_type, exc_value, traceback):
        diagrams.setdiagram(None)
        if exc_type is not None:
            return
        if Figure.collecting:
            Figure.built.append(self)
        else:  # run alone as `python diagrams/<name>.py`: build it exactly as the generator does,
            # by becoming the generator's command line for this figure, in the script's project
            script = Path(sys.argv[0]).resolve()
            os.chdir(script.parent.parent)
            os.execv(sys.executable, [sys.executable, "-m", "illustrated.figures", script.stem.replace("_", "-")])


def figure(title):
    """The one figure a script draws; its title is the figure's accessible name."""
    return Figure(title)


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _box_path():
    names, cluster = [], diagrams.getcluster()
    while cluster is not None:
        names.insert(0, cluster.label.replace("\n", " "))
        cluster = cluster._parent
    return " › ".join(names) or "Figure"


def _linked_node(label, term, id, **attrs):
    fig = diagrams.getdiagram()
    nodeid = fig.claim_id(id or _slug(label))
    fig.components.append((_box_path(), label.replace("\n", " "), term))
    cluster = diagrams.getcluster()
    while cluster is not None and not hasattr(cluster, "column"):
        cluster = cluster._parent
    if cluster is not None:
        cluster.column.append(nodeid)
    tooltip = f"{label.replace(chr(10), ' ')}: see the glossary"
    return Node(label, nodeid=nodeid, id=nodeid, URL=f"{GLOSSARY}#{term}", tooltip=tooltip, **attrs)


def component(label, term, *, id=None):
    """A labelled box that links to its glossary entry."""
    return _linked_node(label, term, id)


def duty(label, term, *, id=None):
    """Something a layer does rather than a thing in it (the hypervisor's duties): a flat box."""
    return _linked_node(label, term, id, style="filled", fillcolor=colour("hypervisor"))


def _layer_label(title, icon=None):
    title = "<br/>".join(f"<b>{line}</b>" for line in title.split("\n"))
    if icon is None:  # a table cell, so that every line of a title starts at its left (balign)
        return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="0"><tr><td balign="left">{title}</td></tr></table>>'
    # The icon sits on a white tile: the Linux penguin is black and would vanish on a dark page.
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="2"><tr>'
        f'<td bgcolor="#ffffff" fixedsize="true" width="22" height="22"><img src="{icon_path(icon)}" scale="true"/></td>'
        f'<td width="4"></td><td align="left" balign="left">{title}</td></tr></table>>'
    )


@contextmanager
def _box(kind, title, fill, *, icon=None, id=None):
    fig = diagrams.getdiagram()
    with Cluster(title) as cluster:
        # diagrams names clusters after their label; two "User mode" boxes would merge into one.
        box_id = fig.claim_id(id or f"{kind}-{_slug(title)}")
        cluster.dot.name = "cluster_" + box_id
        fig.box_kinds[box_id] = kind
        cluster.dot.graph_attr.update(
            label=_layer_label(title, icon),
            labeljust="l",
            bgcolor=fill,
            pencolor=colour("border"),
            fontcolor=colour("text"),
            fontname=FONT,
            fontsize="13",
            style="rounded",
            margin="10",
        )
        yield cluster


@contextmanager
def partition(title, *, icon=None, id=None):
    """A partition: the parent, or a child running a guest OS. Partitions stand left to right."""
    with _box("partition", title, colour("partition"), icon=icon, id=id) as cluster:
        cluster.column = []
        diagrams.getdiagram().columns.append(cluster.column)
        yield cluster


def operating_system(title, *, icon=None, id=None):
    """An operating system running directly on the hardware, with no hypervisor beneath it."""
    return _box("os", title, colour("partition"), icon=icon, id=id)


def user_mode(*, id=None, title="User mode"):
    return _box("user", title, colour("user"), id=id)


def kernel_mode(*, id=None, title="Kernel mode"):
    return _box("kernel", title, colour("kernel"), id=id)


@contextmanager
def layer(kind, title, *, id=None):
    """A plain layer box of one kind ("hypervisor", "hardware"), for figures that compare systems;
    a "partition" layer is one of the systems compared, side by side."""
    with _box(kind, title, colour(kind), id=id) as cluster:
        if kind == "partition":
            diagrams.getdiagram().box_kinds[cluster.dot.name.removeprefix("cluster_")] = "system"
        yield cluster


def note(text, *, id):
    """A remark printed in the figure, not a component: plain text, no box, no link."""
    fig = diagrams.getdiagram()
    fig.notes.append(fig.claim_id(id))
    return Node(text, nodeid=id, id=id, shape="plaintext", style="", fontcolor=colour("muted"))


class Layer(list):
    """The nodes of a layer, left to right, each also reachable by name (`hardware.storage`).

    Invisible points at both ends (`ends`) carry the layer across the figure's width, so that
    its boxes stay free to sit under what they connect to.
    """

    def __init__(self, **nodes):
        super().__init__(nodes.values())
        self.__dict__.update(nodes)
        self.ends = (_end_point(f"{self[0].nodeid}-start"), _end_point(f"{self[-1].nodeid}-end"))
        for node in self:
            node.layer = self


def _end_point(nodeid):
    fig = diagrams.getdiagram()
    # Tied to the centre of the first (or last) component above, a point this wide takes the
    # layer's edge out about as far as the partition's, without stretching the rows above.
    return Node("", nodeid=fig.claim_id(nodeid), shape="box", width="0.6", height="0", style="invis")


def hypervisor(*, intercepts=False):
    """The hypervisor: a layer across the figure with its duties inside, left to right."""
    with _box("hypervisor", "Hypervisor", colour("hypervisor")):
        scheduling = duty("Processor\nscheduling", "cpu-scheduling")
        interrupts = duty("Interrupts", "interrupts")
        translation = duty("Address\ntranslation", "address-translation")
        hypercalls = duty("Hypercall\ninterface", "hypercall")
        trapping = {"intercepts": duty("Intercepts", "intercept")} if intercepts else {}
        return Layer(scheduling=scheduling, interrupts=interrupts, translation=translation, hypercalls=hypercalls, **trapping)


def hardware():
    """The physical machine: processors, memory and the devices, left to right."""
    with _box("hardware", "Hardware", colour("hardware")):
        return Layer(
            processors=component("Processors", "processor"),
            memory=component("Memory", "memory"),
            storage=component("Storage", "storage"),
            network=component("Network adapters", "network-adapter"),
        )


def above(upper, lower):
    """Put one node straight above another, for a box that does not span the figure."""
    _invisible(upper, lower, weight="100")
    diagrams.getdiagram().stacked.append((upper.nodeid, lower.nodeid))


def _invisible(upper, lower, **attrs):
    diagrams.getdiagram().dot.edge(upper.nodeid, lower.nodeid, style="invis", **attrs)


def row(*nodes):
    """Keep these nodes on one level, left to right in this order, even across boxes."""
    fig = diagrams.getdiagram()
    fig.rows.append([node.nodeid for node in nodes])
    layer = getattr(nodes[0], "layer", None)
    if layer is not None and set(nodes) == set(layer):  # a whole layer, in any order
        nodes = (layer.ends[0], *nodes, layer.ends[1])
    names = "; ".join(f'"{node.nodeid}"' for node in nodes)
    fig.dot.body.append(f"\t{{rank=same; {names}}}\n")
    for column, node in enumerate(nodes):
        fig.places[node.nodeid] = (len(fig.rows) - 1, column)
    for left, right in zip(nodes, nodes[1:]):
        fig.row_links[(left.nodeid, right.nodeid)] = len(fig.dot.body)
        _invisible(left, right)
    return list(nodes)


def stack(*rows):
    """Put each row above the next, top to bottom, the rows that span the figure equally wide.

    The first and the last node of every spanning row share a Graphviz `group`, joined by
    heavy invisible edges that Graphviz keeps straight: the layers line up at both ends.
    Light invisible edges between the nodes at the same relative place in two rows keep every
    row, spanning or not, in its place.
    """
    fig = diagrams.getdiagram()
    _keep_partitions_in_order(fig)
    spanning = [_inside_partitions(fig, row_nodes) for row_nodes in rows if _spans(fig, row_nodes)]
    for row_nodes in spanning:
        fig.dot.node(row_nodes[0].nodeid, group="left")
        fig.dot.node(row_nodes[-1].nodeid, group="right")
    for upper, lower in zip(spanning, spanning[1:]):
        _invisible(upper[0], lower[0], weight="100")
        _invisible(upper[-1], lower[-1], weight="100")
    for upper, lower in zip(rows, rows[1:]):
        for top, bottom in _proportional_pairs(upper, lower):
            _invisible(top, bottom)
    return rows


def _proportional_pairs(upper, lower):
    """Each node of the shorter row with the node at the same relative place in the longer."""
    short, long = (upper, lower) if len(upper) <= len(lower) else (lower, upper)
    pairs = [(node, long[round(i * (len(long) - 1) / max(len(short) - 1, 1))]) for i, node in enumerate(short)]
    return pairs if short is upper else [(top, bottom) for bottom, top in pairs]


def _inside_partitions(fig, row_nodes):
    """The part of a row inside the partitions: layers span the partitions, not what is outside."""
    inside = [node for node in row_nodes if any(node.nodeid in column for column in fig.columns)]
    return inside or row_nodes


def _spans(fig, row_nodes):
    """Whether a row reaches from the first partition to the last (a layer row always does).
    A lone box never does: tying both ends of the layers to it would squeeze them."""
    columns = _ordered_columns(fig)
    ids = {node.nodeid for node in row_nodes}
    if len(ids) == 1:
        return False
    if not columns or not any(ids & set(column) for column in columns):
        return True
    return bool(ids & set(columns[0])) and bool(ids & set(columns[-1]))


def _top(fig, column):
    return min((node for node in column if node in fig.places), key=lambda node: fig.places[node])


def _ordered_columns(fig):
    """The partitions in a row, left to right, in the order their topmost rows name them
    (not the order the script drew them in)."""
    columns = [column for column in fig.columns if any(node in fig.places for node in column)]
    return sorted(columns, key=lambda column: fig.places[_top(fig, column)])


def _keep_partitions_in_order(fig):
    """Graphviz ignores the order of boxes in a row; a hidden spine above them sets it.

    An invisible point above each partition, chained left to right, is tied to the
    partition's topmost node: any other order of the partitions would cross those ties.
    """
    columns = _ordered_columns(fig)
    if len(columns) < 2:
        return
    spine = []
    for index, column in enumerate(columns):
        top = _top(fig, column)
        point = f"spine-{index}"
        fig.dot.node(point, label="", shape="point", width="0", height="0", style="invis")
        fig.dot.edge(point, top, style="invis")
        spine.append(f'"{point}"')
    fig.dot.body.append(f"\t{{rank=same; {'; '.join(spine)}}}\n")
    for left, right in zip(spine, spine[1:]):
        fig.dot.body.append(f"\t{left} -> {right} [style=invis]\n")


def flow(kind, source, target, label="", *, both=False, step=None):
    """A flow of one of the kinds in FLOWS, drawn in that kind's colour and line style.

    `step` is the sentence of a numbered step: the flow is labelled with the step's number
    (in the order the steps first appear) above `label`, and the caption lists the steps. Flows
    that make one step together (a driver working two devices) give the same sentence."""
    fig = diagrams.getdiagram()
    if step is not None:
        if step not in fig.steps:
            fig.steps.append(step)
        number = str(fig.steps.index(step) + 1)
        label = f"{number}\n{label}" if label else number
    attrs = {
        "color": colour(kind),
        "fontcolor": colour(kind),
        "style": FLOWS[kind]["style"],
        "penwidth": "1.6",
        "dir": "both" if both else "forward",
        "constraint": "false",  # flows follow the stack; they must not reorder it
    }
    fig.flow_edges.append({"source": source.nodeid, "target": target.nodeid, "kind": kind, "label": label,
                           "both": both, "sentence": step,
                           "attrs": {key: attrs[key] for key in ("color", "fontcolor", "style", "penwidth")}})
    if label:
        attrs["xlabel"] = label
    fig.flows.append((kind, source.label.replace("\n", " "), target.label.replace("\n", " "), label))
    start, end = fig.places.get(source.nodeid), fig.places.get(target.nodeid)
    same_row = bool(start and end) and start[0] == end[0]
    if same_row and start[1] > end[1]:
        # Graphviz orders a row by its edges' directions: draw a leftward flow backwards.
        source, target = target, source
        attrs["dir"] = "both" if both else "back"
    if same_row:
        del attrs["constraint"]  # it runs along the row, so it may as well order it
    else:
        attrs["weight"] = "5"  # between rows, keep the line as straight as Graphviz can
    fig.dot.edge(source.nodeid, target.nodeid, **attrs)
    link = fig.row_links.pop((source.nodeid, target.nodeid), None)
    if link is not None:  # two edges between one pair of neighbours crash dot: keep the flow
        fig.dot.body[link] = fig.dot.body.pop()


# A line sample per flow kind, drawn in text: Graphviz tables cannot draw dashes.
_SAMPLES = {"bold": "━━━━━━", "dashed": "╺╸╺╸╺╸", "dotted": "┄┄┄┄┄┄", "solid": "──────"}  # one width


def legend(*kinds, under):
    """A key to the flow kinds a figure uses, in the flows' own colours and line styles, below a row."""
    rows = "".join(
        f'<tr><td align="left"><font color="{colour(kind)}"><b>{_SAMPLES[FLOWS[kind]["style"]]}</b></font></td>'
        f'<td align="left">{FLOWS[kind]["label"]}</td></tr>'
        for kind in kinds
    )
    label = f'<<table border="0" cellspacing="2" cellpadding="1"><tr><td colspan="2" align="left"><b>Legend</b></td></tr>{rows}</table>>'
    fig = diagrams.getdiagram()
    key = Node(label, nodeid=fig.claim_id("legend"), id="legend", style="rounded,dashed", fillcolor=colour("legend"))
    _invisible(under[len(under) // 2], key)
    return key


@contextmanager
def process(title, term, *, id=None):
    """A user-mode process that holds components of its own (the VMWP and its emulated devices,
    VMMS and the WMI provider it hosts): a box inside a mode, linked to its glossary entry."""
    fig = diagrams.getdiagram()
    fig.components.append((_box_path(), title.replace("\n", " "), term))
    with _box("process", title, colour("component"), id=id) as cluster:
        cluster.dot.graph_attr.update(
            URL=f"{GLOSSARY}#{term}", tooltip=f"{title.replace(chr(10), ' ')}: see the glossary", target="_top"
        )
        yield cluster
