"""The glossary's entries (includes/glossary.yml), checked: the one source of the glossary page,
the abbreviation tooltips and the figures' component links.
"""

import functools
import re
from pathlib import Path

from illustrated import sources

GLOSSARY = Path("includes/glossary.yml")  # relative to the project, where the site is built
REQUIRED = ("id", "term", "definition", "sources")


class GlossaryError(ValueError):
    """A bad glossary entry, or a link to a term it lacks; the message says where."""


def load(path=GLOSSARY, cited=sources.SOURCES):
    """The entries, each checked; a bad one fails with its file and line. `cited` is the list
    of sources the entries' `sources:` ids must be in."""
    return _load(str(path), str(cited), _stamps(path, cited))


def by_id(path=GLOSSARY, cited=sources.SOURCES):
    """{id: entry}, as load() reads them."""
    return _by_id(str(path), str(cited), _stamps(path, cited))


def _stamps(*paths):
    return tuple((str(p), Path(p).stat().st_mtime_ns) for p in paths)


@functools.lru_cache(maxsize=2)
def _by_id(path, cited, stamps):
    return {entry["id"]: entry for entry in _load(path, cited, stamps)}


@functools.lru_cache(maxsize=2)  # read once per build, however many pages ask
def _load(path, cited, stamps):
    try:
        entries, lines = sources.load_with_lines(path)
        listed = sources.load(cited)
    except sources.SourceError as exc:
        raise GlossaryError(str(exc)) from None
    seen = set()
    for number, (entry, line) in enumerate(zip(entries, lines), 1):
        where = f"{path}, line {line}: entry {number}"
        missing = [key for key in REQUIRED if not (isinstance(entry, dict) and entry.get(key))]
        if missing:
            raise GlossaryError(f"{where} lacks {', '.join(missing)}")
        if entry["id"] in seen:
            raise GlossaryError(f"{where}: the id {entry['id']!r} is used twice")
        if entry.get("abbr") and not entry.get("expansion"):
            raise GlossaryError(f"{where} ({entry['id']}): an abbr needs an expansion")
        unknown = [source for source in cited_by(entry) if source not in listed]
        if unknown:
            raise GlossaryError(f"{where} ({entry['id']}): sources {', '.join(map(repr, unknown))} are not in {cited}")
        seen.add(entry["id"])
    return tuple(entries)


def cited_by(entry):
    """The ids of the sources an entry cites (one id or a list of them)."""
    return entry["sources"] if isinstance(entry["sources"], list) else [entry["sources"]]


def first_sentence(entry):
    """The first sentence of an entry's definition, for the figures' cards: it ends at the
    first full stop followed by a new sentence (a capital letter), not at one inside "e.g."."""
    return _first_sentence(entry["definition"])


@functools.lru_cache(maxsize=256)  # every figure's card text, on every page that shows it
def _first_sentence(definition):
    text = " ".join(definition.split())
    match = re.search(r"(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s+[A-Z(\"])", text)
    return text[: match.end()] if match else text
