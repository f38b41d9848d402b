"""What the command line shows a person while it works: a line per long step with its time, and
progress bars over documents — on a terminal only. In a pipe, a file or a CI log nothing is
written (stdout stays the data, stderr the errors), and ``normgraph --quiet`` silences it too."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_quiet = False


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def shown() -> bool:
    """Whether progress is shown: stderr is a terminal, not --quiet, not ``TERM=dumb``."""
    return not _quiet and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


@contextmanager
def step(description: str) -> Iterator[None]:
    """``normgraph: {description} …`` while it runs, then ``… {seconds} s`` in its place."""
    if not shown():
        yield
        return
    started = time.perf_counter()
    sys.stderr.write(f"normgraph: {description} …")
    sys.stderr.flush()
    done = False
    try:
        yield
        done = True
    finally:
        seconds = time.perf_counter() - started
        ending = f"{seconds:.1f} s" if done else "stopped"
        sys.stderr.write(f"\r\033[Knormgraph: {description}: {ending}\n")
        sys.stderr.flush()


def note(message: str) -> None:
    """One line for a person (how a graph was made), on a terminal only."""
    if shown():
        sys.stderr.write(f"normgraph: {message}\n")
        sys.stderr.flush()


def progress(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    """A progress bar over documents for long work (20 or more), on a terminal only."""
    if total < 20 or not shown():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=f"normgraph: {description}", unit="doc", leave=False, file=sys.stderr)
