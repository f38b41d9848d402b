"""A large corpus read and built on every core: documents are independent until their graphs meet.

Reading a document (splitting its text, parsing its YAML, checking its quotes) and making its
quads are pure Python, so one process uses one core; a corpus of a hundred documents is spread
over worker processes instead. Workers are forked: they start at once and inherit what the parent
has already read (the corpus, for making quads), so nothing but results crosses between processes.

Results come back in document order and the first failure in that order is raised, so a parallel
build says exactly what a sequential one says. Small corpora stay in one process: starting
workers costs more than it saves below about :data:`MIN_BYTES` of text and annotations.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import NormgraphError

T = TypeVar("T")
R = TypeVar("R")

MIN_BYTES = 2 << 20  # the 100k-triple benchmark corpus is 2.5 MB; the bundled one 0.16 MB
ENVIRONMENT = "NORMGRAPH_WORKERS"

# what forked workers inherit: set just before forking, cleared after
_inherited: dict[str, Any] = {}


def inherited(key: str) -> Any:
    """In a worker: a value the parent handed to :func:`ordered_map` as ``inherit``."""
    return _inherited[key]


def worker_count(folders: Sequence[Path]) -> int:
    """How many processes to read and build these document folders with: ``$NORMGRAPH_WORKERS``
    when set (1: one process), else every core when the corpus is big enough to gain from it."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    if chosen:
        try:
            count = int(chosen)
        except ValueError:
            raise NormgraphError(f"${ENVIRONMENT} must be a whole number of processes, not {chosen!r}") from None
        if count < 1:
            raise NormgraphError(f"${ENVIRONMENT} must be 1 or more, not {count}")
        return min(count, max(len(folders), 1))
    if len(folders) < 2 or not _can_fork():
        return 1
    size = 0
    for folder in folders:
        for entry in os.scandir(folder):
            if entry.is_file():
                size += entry.stat().st_size
        if size >= MIN_BYTES:
            return min(_cores(), len(folders))
    return 1


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use, not the machine's
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(function: Callable[[T], R], items: Iterable[T], workers: int, *,
                inherit: dict[str, Any] | None = None) -> Iterator[R]:
    """``map(function, items)`` over ``workers`` forked processes, results in the order of
    ``items``; an exception raised for an item is raised here when its turn comes."""
    if workers <= 1:
        yield from map(function, items)
        return
    _inherited.update(inherit or {})
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        _inherited.clear()  # the workers have their copy; the parent keeps no reference
    try:
        yield from pool.imap(function, items, chunksize=1)
    finally:
        pool.terminate()
        pool.join()
