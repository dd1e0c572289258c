"""The reviewed list of cited sources (includes/sources.yml): the one place an external address
is written. Pages cite an entry by id as a Markdown reference link, `[text][id]`; glossary
entries list theirs under `sources:`.
"""

import datetime
import functools
import re
from pathlib import Path

import yaml

SOURCES = Path("includes/sources.yml")  # relative to the project, where the site is built
FIELDS = ("id", "title", "url", "publisher", "checked")
ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
# PyYAML's libyaml loader, where it was built with it: ten times faster than the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(ValueError):
    """A bad list of sources, or a citation of a source it lacks; the message says where."""


def load_with_lines(path):
    """The entries of a YAML list and the line each starts on; bad YAML fails with file and line."""
    text = Path(path).read_text(encoding="utf-8")
    loader = YAML_LOADER(text)
    try:
        document = loader.get_single_node()
        entries = loader.construct_document(document) if document is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise SourceError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    finally:
        loader.dispose()
    if not isinstance(entries, list):
        raise SourceError(f"{path}: expected a list of entries")
    return entries, [node.start_mark.line + 1 for node in document.value]


def load(path=SOURCES):
    """{id: entry} of the list at `path`, checked: every field present, ids unique and well
    formed, addresses https://, each `checked` a date."""
    return _load(str(path), Path(path).stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)  # read once per build, however many pages cite it
def _load(path, mtime):
    entries, lines = load_with_lines(path)
    found = {}
    for entry, line in zip(entries, lines):
        where = f"{path}, line {line}"
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: an entry is a mapping of {', '.join(FIELDS)}")
        missing = [field for field in FIELDS if not entry.get(field)]
        if missing:
            raise SourceError(f"{where}: entry {entry.get('id', '?')!r} lacks {', '.join(missing)}")
        if not ID.fullmatch(str(entry["id"])):
            raise SourceError(f"{where}: the id {entry['id']!r} is not lower-case letters, digits, '.' and '-'")
        if entry["id"] in found:
            raise SourceError(f"{where}: the id {entry['id']!r} is used twice")
        if not str(entry["url"]).startswith("https://"):
            raise SourceError(f"{where} ({entry['id']}): the url must be an https:// address")
        if not isinstance(entry["checked"], datetime.date):
            raise SourceError(f"{where} ({entry['id']}): checked must be a date (YYYY-MM-DD), the day it was read")
        found[entry["id"]] = entry
    return found
