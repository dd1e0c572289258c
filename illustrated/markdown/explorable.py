"""What makes an inline figure explorable, beyond its links (called by figures.py):

- glossary cards: each component link is described by its glossary entry's term, expansion and
  first sentence (a hidden element that aria-describedby names, which the card script shows),
  instead of Graphviz's tooltip, and the links come in reading order, so that Tab follows it;
- steps: the caption's numbered list of a figure's steps (their sentences come from the figure
  script's flows), each item naming the SVG elements its step lights up, for the step-through.

The front end is docs/javascripts/figure-cards.js and figure-steps.js.
"""

import re
from html import escape

from illustrated import glossary

# A top-level part of Graphviz's drawing: `<g id="..." class="cluster|node|edge">...</g>`.
_GROUP_START = re.compile(r'<g id="[^"]*" class="(cluster|node|edge)">')
_TAG = re.compile(r"<(/?)g\b[^>]*?(/?)>")
_LINK = re.compile(r'<g id="[^"]*"><a\b[^>]*>.*?</a>\n</g>\n?', re.S)
_HREF = re.compile(r'xlink:href="[^"]*#([^"]+)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class ExplorableError(ValueError):
    """A figure whose drawing lacks what its metadata names; the message says which."""


def explorable_svg(svg, slug):
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


def terms_html(slug, terms, glossary_href):
    """One hidden description per glossary term the figure links to: what a screen reader
    hears on a component, and what its card shows."""
    entries = {entry["id"]: entry for entry in glossary.load()}
    missing = sorted(set(terms) - set(entries))
    if missing:
        raise ExplorableError(f"figure {slug!r} links to glossary terms it lacks: {', '.join(missing)}")
    items = []
    for term in sorted(terms):
        entry = entries[term]
        name, expansion, definition = entry["term"], entry.get("expansion", ""), glossary.first_sentence(entry)
        spoken = f"{name} ({expansion}): {definition}" if expansion else f"{name}: {definition}"
        # Plain text, as a screen reader reads it (elements inside would add spaces); the card
        # lays out the same parts from the data attributes.
        items.append(
            f'<span id="{term_id(slug, term)}" data-href="{glossary_href}#{term}" data-term="{escape(name)}" '
            f'data-expansion="{escape(expansion)}" data-definition="{escape(definition)}">{escape(spoken)}</span>'
        )
    return f'<div class="hv-figure__terms" hidden>{"".join(items)}</div>'


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
            raise ExplorableError(f"unexpected SVG content: {body[at:at + 80]!r}")
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


def steps_markdown(meta, svg):
    """The caption's numbered list of steps, each naming the SVG ids of its flows and their ends,
    or "" for a figure without steps."""
    if not meta.get("steps"):
        return ""
    prefix = re.search(r'aria-labelledby="([^"]+)-title"', svg).group(1)
    ids = set(re.findall(r'\bid="([^"]+)"', svg.replace("&#45;", "-")))
    items = []
    for number, sentence in enumerate(meta["steps"], 1):
        parts = []
        for index, flow in enumerate(meta["flows"]):
            if flow.get("sentence") == sentence:
                parts += [f"flow-{index}", flow["source"], flow["target"]]
        lit = [f"{prefix}-{part}" for part in dict.fromkeys(parts)]
        unknown = [part for part in lit if part not in ids]
        if unknown:
            raise ExplorableError(f"figure {meta['slug']!r}, step {number}: the drawing has no {', '.join(unknown)}")
        items.append(f'<li markdown="span" data-step-lights="{" ".join(lit)}">{sentence}</li>')
    return f'<ol class="hv-figure__steps" data-steps-of="{meta["slug"]}" markdown="1">\n' + "\n".join(items) + "\n</ol>"


def caption_markdown(meta, svg):
    """The caption: the script's docstring, and for a figure with steps, its first paragraph,
    the numbered list of steps, then the rest."""
    steps = steps_markdown(meta, svg)
    summary, _, rest = meta["caption"].partition("\n\n")
    if not steps:
        return " ".join(meta["caption"].split())
    return f'{" ".join(summary.split())}\n{{ .hv-figure__caption }}\n\n{steps}\n\n{" ".join(rest.split())}'
