"""Content hashes of a figure's inputs, and atomic writes.

A figure is rendered again only when the hash of everything that decides its output changed;
the hashes are recorded in its metadata, written last. Every file is written to a temporary
name and renamed into place, so a reader (a build, `mkdocs serve`) never sees half a file,
and a failed or interrupted run leaves the last good files as they were.
"""

import functools
import hashlib
import importlib.util
import json
import os
from pathlib import Path


@functools.cache
def diagrams_release():
    """The installed diagrams release, read from its dist-info folder's name: asking
    importlib.metadata costs more than the whole warm run otherwise needs."""
    site_packages = Path(importlib.util.find_spec("diagrams").origin).parent.parent
    return ", ".join(sorted(path.name for path in site_packages.glob("diagrams-*.dist-info")))


def input_hashes(inputs, graphviz, schemes):
    """One content hash per colour scheme over everything that decides the figure's output:
    the files `inputs` and the versions of diagrams and Graphviz."""
    common = hashlib.sha256()
    for path in inputs:
        common.update(path.read_bytes())
    common.update(f"{diagrams_release()}; graphviz {graphviz}".encode())
    hashes = {}
    for scheme in schemes:
        digest = common.copy()
        digest.update(scheme.encode())
        hashes[scheme] = digest.hexdigest()
    return hashes


def is_current(meta, hashes, outputs):
    """Whether the figure whose metadata is `meta` was built from these hashes, and all its
    `outputs` are still there."""
    if not meta.exists():
        return False
    try:
        recorded = json.loads(meta.read_text())["hashes"]
    except (ValueError, KeyError):
        return False
    return recorded == hashes and all(path.exists() for path in outputs)


def temporary_name(path):
    """Where a file is written before it is renamed into place; `remove_temporary` knows it."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_temporary(out_dir):
    """Remove what an interrupted run left half-written."""
    for leftover in out_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
