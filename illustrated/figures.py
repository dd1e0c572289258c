"""The figures as the site sees them: built by the generator (diagrams/generate.py) into
build/figures/, then published into docs/figures/, where every engine publishes what docs/ holds.

    python -m illustrated.figures             # every figure whose inputs changed, then publish
    python -m illustrated.figures after-role  # just these

This module is the only one that knows where the generator lives. Publishing writes only the
files whose bytes changed: a file rewritten in docs/ on every build would make `mkdocs serve`
rebuild forever. docs/figures/ is git-ignored; `make figures` fills it before a build.
"""

import functools
import sys
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "diagrams"
sys.path.insert(0, str(GENERATOR))  # goes away when the generator moves into this package
import generate  # noqa: E402

FigureError = generate.FigureError
SCHEMES = generate.SCHEMES
BUILT = generate.OUT_DIR
PUBLISHED = GENERATOR.parent / "docs" / "figures"


def build(slugs=None):
    """Build the figures whose inputs changed into build/figures/; returns the generator's outcomes."""
    return generate.build(slugs)


def built_files(built=BUILT):
    """The files each built figure publishes: SVG and PNG, in each scheme."""
    return [path for slug in metadata(built) for path in generate.output_files(slug, built)]


def publish(built=BUILT, published=PUBLISHED):
    """Copy each built figure's published files (SVG and PNG, both schemes) into docs/figures/,
    writing only those that differ, and remove what no figure publishes any more."""
    if not built.is_dir():  # nothing built yet (no Graphviz, say): keep what was published
        return
    published.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for source in built_files(built):
        target = published / source.name
        wanted.add(target.name)
        data = source.read_bytes()
        if not (target.exists() and target.read_bytes() == data):
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            temporary.replace(target)
    for stale in published.iterdir():
        # Dot files are make's stamp, or temporaries an interrupted run left; neither is published.
        if stale.name not in wanted and (not stale.name.startswith(".") or stale.suffix == ".tmp"):
            stale.unlink()


def metadata(built=BUILT):
    """{slug: title, caption, text alternative, glossary terms, source} of every figure built."""
    stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(built.glob("*.json")))
    return _metadata(str(built), stamps)


@functools.lru_cache(maxsize=2)  # read once per build, however many pages ask
def _metadata(built, stamps):
    return generate.metadata(Path(built))


def published_name(slug, scheme, ext):
    """The file name a figure is published under in figures/."""
    return generate.output_name(slug, scheme, ext)


def page_svg(slug, built=BUILT):
    """The SVG a page inlines: the light rendering, recoloured by its own CSS under the dark scheme."""
    return generate.page_file(slug, built).read_text(encoding="utf-8")


def main(argv=None):
    """The generator's command line, then publishing: what `make figures` runs."""
    status = generate.main(argv)
    publish()  # a broken figure keeps its last good files, so publishing is always safe
    return status


if __name__ == "__main__":
    sys.exit(main())
