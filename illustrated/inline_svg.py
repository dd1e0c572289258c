"""The copy of a figure that a page inlines, made once by the generator (figures.py):

- one SVG for both colour schemes: the light rendering, given the dark one's colours under
  Material's dark scheme, so that a page carries one copy of each figure instead of two;
- explorable: each component link is named by its label and described by its glossary card
  (a hidden element with the id `term_id`, which the Markdown extension writes beside it:
  markdown/explorable.py), instead of Graphviz's tooltip, and the links come in reading order,
  so that Tab follows it.
"""

import re

from illustrated.render import FigureError

# A top-level part of Graphviz's drawing: `<g id="..." class="cluster|node|edge">...</g>`.
_GROUP_START = re.compile(r'<g id="[^"]*" class="(cluster|node|edge)">')
_TAG = re.compile(r"<(/?)g\b[^>]*?(/?)>")
_LINK = re.compile(r'<g id="[^"]*"><a\b[^>]*>.*?</a>\n</g>\n?', re.S)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def inline_svg(light, dark, slug):
    """The page's copy of a figure, from its light and dark renderings."""
    return _explorable(recolourable(light, dark), slug)


def recolourable(light, dark):
    """The light SVG, made to take the dark rendering's colours under Material's dark scheme.

    Both renderings come from one layout, so their tags pair up one to one. Where a colour
    differs, the light tag gets a class named after its dark colour, and a style sheet in the
    SVG gives that class the colour under `[data-md-color-scheme="slate"]`: a page carries one
    copy of each figure instead of two, and the standalone file ignores the rule.
    """
    tag = re.compile(r"<[^>]+>")
    light_tags, dark_tags = tag.findall(light), tag.findall(dark)
    if len(light_tags) != len(dark_tags):
        raise FigureError("the light and dark renderings differ in shape, not only in colour")
    rules, tags = {}, iter(dark_tags)
    paints = {prop: re.compile(rf'\s{prop}="([^"]+)"') for prop in ("fill", "stroke")}

    def mark(match):
        light_tag, dark_tag = match.group(0), next(tags)
        if light_tag == dark_tag:
            return light_tag
        classes = []
        for prop, paint in paints.items():
            before, after = paint.search(light_tag), paint.search(dark_tag)
            if before and after and before.group(1) != after.group(1):
                name = f"hv-{prop}-{after.group(1).lstrip('#')}"
                rules[name] = f'[data-md-color-scheme="slate"] .{name}{{{prop}:{after.group(1)}}}'
                classes.append(name)
        if not classes:
            return light_tag
        end = -2 if light_tag.endswith("/>") else -1
        return f'{light_tag[:end]} class="{" ".join(classes)}"{light_tag[end:]}'

    marked = tag.sub(mark, light)
    style = f"<style>{''.join(sorted(rules.values()))}</style>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + style, marked, count=1)


def _explorable(svg, slug):
    """The page's copy of a figure's SVG: component links without tooltips, named by their
    label and described by their glossary card, in reading order."""
    svg = re.sub(r' xlink:title="[^"]*"', "", svg)
    svg = re.sub(r"<a (xlink:href=\"[^\"]*#([^\"]+)\")([^>]*)>(.*?)</a>", lambda m: _described_link(m, slug), svg, flags=re.S)
    return _in_reading_order(svg)


def _described_link(match, slug):
    href, term, rest, body = match.groups()
    label = " ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", body))
    return (f'<a {href}{rest} aria-label="{label}" aria-describedby="{term_id(slug, term)}" '
            f'data-term="{term}">{body}</a>')


def term_id(slug, term):
    return f"figure-{slug}-term-{term}"


def _in_reading_order(svg):
    """Graphviz writes nodes in its own order; Tab follows the document. The linked parts are
    put in reading order (rows top to bottom, each left to right) after the boxes, and the
    lines after them, painted over the nodes as before; unlinked nodes (notes, the legend) go
    with the boxes. A box that is a link itself (a process
    holding components) moves as a whole, before what it holds, which paints over it."""
    start = re.search(r'<g id="[^"]*" class="graph"[^>]*>\n', svg)
    end = svg.rindex("</g>")
    body = svg[start.end():end]
    head, parts = _top_level_parts(body)
    clusters, linked, edges = [], [], []
    for kind, part in parts:
        if kind == "cluster":
            link = _LINK.search(part)
            if link:
                linked.append(link.group(0))
                part = part[:link.start()] + part[link.end():]
            clusters.append(part)
        elif kind == "node":
            (linked if "<a " in part else clusters).append(part)  # a note, the legend: not in Tab's way
        else:
            edges.append(part)
    return svg[:start.end()] + head + "".join(clusters + reading_order(linked, _box) + edges) + svg[end:]


def _top_level_parts(body):
    """What comes before the first group (the background), and each top-level group."""
    first = _GROUP_START.search(body)
    head, parts, at = body[:first.start()], [], first.start()
    while at < len(body):
        match = _GROUP_START.match(body, at)
        if not match:
            raise FigureError(f"unexpected SVG content: {body[at:at + 80]!r}")
        depth, scan = 0, at
        for tag in _TAG.finditer(body, at):
            if tag.group(2):  # <g/>
                continue
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                scan = tag.end()
                break
        if body[scan:scan + 1] == "\n":
            scan += 1
        parts.append((match.group(1), body[at:scan]))
        at = scan
    return head, parts


def _box(part):
    """The bounding box (left, top, right, bottom) of a part's outline: its first path or polygon."""
    shape = re.search(r'<(?:path[^>]*\bd|polygon[^>]*\bpoints)="([^"]+)"', part)
    numbers = [float(n) for n in _NUMBER.findall(shape.group(1))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def reading_order(items, box_of):
    """The items in rows top to bottom, each row left to right. A row starts with the topmost
    item not yet placed and holds every item that begins above that item's bottom."""
    boxed = sorted(((box_of(item), item) for item in items), key=lambda pair: (pair[0][1], pair[0][0]))
    rows, bottom = [], None
    for box, item in boxed:
        if bottom is None or box[1] >= bottom:
            rows.append([])
            bottom = box[3]
        rows[-1].append((box, item))
    return [item for row in rows for _, item in sorted(row, key=lambda pair: pair[0][0])]
