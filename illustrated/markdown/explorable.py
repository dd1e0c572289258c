"""What makes an inline figure explorable on its page, beyond its links (called by figures.py):

- glossary cards: the hidden element that describes each component link (its glossary entry's
  term, expansion and first sentence), which the link's aria-describedby names and the card
  script shows; the links themselves were described and put in reading order when the figure
  was built (inline_svg.py);
- steps: the caption's numbered list of a figure's steps (their sentences come from the figure
  script's flows), each item naming the SVG elements its step lights up, for the step-through.

The front end is docs/javascripts/figures.js (its glossary cards and step-through parts).
"""

import re
from html import escape

from illustrated import glossary
from illustrated.inline_svg import term_id


class ExplorableError(ValueError):
    """A figure whose drawing lacks what its metadata names; the message says which."""


def terms_html(slug, terms, glossary_href):
    """One hidden description per glossary term the figure links to: what a screen reader
    hears on a component, and what its card shows."""
    entries = glossary.by_id()
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
