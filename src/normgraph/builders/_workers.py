"""A large corpus read on every idle core: documents are independent until their registries merge.

Reading a document (splitting its text, parsing its YAML, checking its quotes) is pure Python,
so one process uses one core, and it is about 60 % of a build. A corpus of many documents is
read by forked worker processes instead; the parsed documents come back pickled (about a tenth of
the time reading them took). Making the quads stays in this process: sending them back costs
more than making them (measured: N-Quads text out and parsed in, 1.6-1.9x the CPU of making them
here).

Results come back in document order and the first failure in that order is raised, so a parallel
read says exactly what a sequential one says. Small corpora stay in one process (starting
workers costs more than it saves below about :data:`MIN_BYTES` of text and annotations), and so
does a busy machine: only idle cores are used, by the load average (as ``make -l`` does), since
workers competing with other work for the same cores were measured slower than one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from ..errors import NormgraphError

T = TypeVar("T")
R = TypeVar("R")

MIN_BYTES = 2 << 20  # the 100k-triple benchmark corpus is 2.5 MB; the bundled one 0.16 MB
ENVIRONMENT = "NORMGRAPH_WORKERS"

def worker_count(folders: Sequence[Path]) -> int:
    """How many processes to read these document folders with: ``$NORMGRAPH_WORKERS`` when set
    (1: one process), else the idle cores when the corpus is big enough to gain from them."""
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
            return max(1, min(_idle_cores(), len(folders)))
    return 1


def _idle_cores() -> int:
    """Cores not already busy: this process's cores less the 1-minute load average, rounded."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not known here
        load = 0.0
    return round(_cores() - load)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use, not the machine's
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(function: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``map(function, items)`` over ``workers`` forked processes, results in the order of
    ``items``; an exception raised for an item is raised here when its turn comes."""
    if workers <= 1:
        yield from map(function, items)
        return
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        yield from pool.imap(function, items, chunksize=1)
    finally:
        pool.terminate()
        pool.join()
