"""What every measurement shares: the project's copies, timed commands, medians, errors."""

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV = Path(sys.prefix)
# Material 9.8 prints an end-of-life notice on every build; the Makefile silences it the same way.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SUPPORT_MODULES = {"style", "generate", "layout"}  # as in diagrams/generate.py: the files that are not figures
# A copy of the project leaves out its history and everything generated; the venv is linked.
NOT_COPIED = {".git", ".venv", "build", "site", ".cache", ".pytest_cache", "__pycache__"}


class BenchError(Exception):
    """A measurement could not be made; the message says which command failed and why."""


def progress(message):
    """One line on stderr, so that stdout holds nothing but the table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def snapshot(destination):
    """Copy the project once: other people edit the work tree while the bench runs."""
    shutil.copytree(ROOT, destination, ignore=_not_copied)
    # The Makefile finds its tools in .venv; a link makes `make` in a copy use ours.
    (destination / ".venv").symlink_to(VENV, target_is_directory=True)
    return destination


def _not_copied(folder, names):
    generated = {"figures"} if Path(folder).name == "docs" else set()  # docs/figures/: make figures
    return [name for name in names if name in NOT_COPIED | generated]


def copy_of(source, destination, parts=None):
    """A fresh copy of the snapshot (or only `parts` of it), with no generated files."""
    if parts is None:
        shutil.copytree(source, destination, symlinks=True)
    else:
        for part in parts:
            shutil.copytree(source / part, destination / part, symlinks=True)
    return destination


def figure_scripts(project):
    """The figure scripts of a copy of the project, in name order, as the generator finds them."""
    return sorted(p for p in (project / "diagrams").glob("*.py") if p.stem not in SUPPORT_MODULES)


def run(command, cwd, env=ENV):
    """Run a command; fail with its own output if it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip() or "(no output)").splitlines()
        raise BenchError(
            f"`{' '.join(map(str, command))}` failed (exit {result.returncode}) in {cwd}:\n  "
            + "\n  ".join(output[-20:])
        )
    return result


def timed(command, cwd, env=ENV):
    """Wall time of one command, start-up included, and its result."""
    start = time.perf_counter()
    result = run(command, cwd, env)
    return time.perf_counter() - start, result


def median(values):
    return statistics.median(values)


def runs_wanted():
    """How often each measurement runs: BENCH_RUNS, default 5."""
    text = os.environ.get("BENCH_RUNS", "5")
    if not text.isdigit() or int(text) < 1:
        raise BenchError(f"BENCH_RUNS must be a whole number of runs, 1 or more (got {text!r})")
    return int(text)
