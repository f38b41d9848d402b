"""A large corpus read and built on every idle core: documents are independent until their
registries merge, and again once they have merged.

Reading a document (splitting its text, parsing its YAML, checking its quotes) and making its
graph are pure Python, so one process uses one core. A corpus of many documents is read by
forked worker processes (:func:`ordered_map`; the parsed documents come back pickled, about a
tenth of the time reading them took); once the registries are merged, its documents' graphs are
made by workers forked again (:func:`forked_map`), which inherit the whole corpus and send back
each graph as N-Quads text for this process to load while they make the next.

Results come back in document order and the first failure in that order is raised, so a parallel
read says exactly what a sequential one says. Small corpora stay in one process (starting
workers costs more than it saves below about :data:`MIN_BYTES` of text and annotations), and so
does a busy machine: only idle cores are used, by the count of tasks that want a core now (see
``_others_running``), since workers competing with other work for the same cores were measured
slower than one process.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import NormgraphError

T = TypeVar("T")
R = TypeVar("R")

MIN_BYTES = 2 << 20  # the 100k-triple benchmark corpus is 2.5 MB; the bundled one 0.16 MB
ENVIRONMENT = "NORMGRAPH_WORKERS"


def worker_count(folders: Sequence[Path]) -> int:
    """How many processes to build these document folders with: ``$NORMGRAPH_WORKERS`` when set
    (1: one process), else the idle cores when the corpus is big enough to gain from them; one
    where processes cannot be forked (Windows), whatever was chosen."""
    chosen = os.environ.get(ENVIRONMENT, "").strip()
    if chosen:
        try:
            count = int(chosen)
        except ValueError:
            raise NormgraphError(f"${ENVIRONMENT} must be a whole number of processes, not {chosen!r}") from None
        if count < 1:
            raise NormgraphError(f"${ENVIRONMENT} must be 1 or more, not {count}")
        return min(count, max(len(folders), 1)) if _can_fork() else 1
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
    """Cores not busy with other work right now: this process's cores less the other processes
    that want one, rounded."""
    return round(_cores() - _others_running())


def _others_running(samples: int = 3) -> float:
    """How many other tasks are runnable right now: the median of a few readings of Linux's
    count of runnable tasks (``/proc/loadavg``'s fourth field, this process included), 1 ms
    apart. Not the load average itself: that still counts, for a minute, the work that just
    ended (a build right after another one would find no idle core). Elsewhere: the 1-minute
    load average, as ``make -l`` uses it."""
    readings = []
    try:
        for _ in range(samples):
            with open("/proc/loadavg", encoding="ascii") as handle:
                readings.append(int(handle.read().split()[3].split("/")[0]) - 1)
            time.sleep(0.001)
        return float(max(sorted(readings)[len(readings) // 2], 0))
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except OSError:  # not known here
        return 0.0


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use, not the machine's
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing  # here: every command imports this module, few build large corpora

    return "fork" in multiprocessing.get_all_start_methods()


def ordered_map(function: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``map(function, items)`` over ``workers`` forked processes, results in the order of
    ``items``; an exception raised for an item is raised here when its turn comes."""
    items = list(items)
    return forked_map(lambda index: function(items[index]), len(items), workers if workers > 1 else 0)


# What forked_map's workers run, and where they leave results: inherited, never pickled.
_TASK: Callable[[int], Any] | None = None
_SCRATCH: str | None = None


def forked_map(function: Callable[[int], R], count: int, processes: int) -> Iterator[R]:
    """``function(0)`` … ``function(count - 1)``, in order, over ``processes`` forked processes
    (0: in this one) that inherit ``function`` and everything it refers to: only the index goes
    out, so a worker can work on the whole corpus this process holds without it being pickled.
    The processes are forked when the first result is asked for; an exception is raised when its
    turn comes.

    Each result comes back pickled in a file of a private scratch folder in memory
    (``/dev/shm``) rather than through the executor's pipe: at a million triples the pipe cost this
    process twice the CPU (0.62 s against 0.31 s for the parsed documents, measured)."""
    if processes < 1 or count < 1:
        yield from map(function, range(count))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _TASK, _SCRATCH
    if _TASK is not None:
        raise RuntimeError("forked_map does not nest")
    scratch = _scratch_folder()
    _TASK, _SCRATCH = function, scratch
    # an executor, not multiprocessing.Pool: a worker killed outright (by the kernel, out of
    # memory) breaks it and says so, where a Pool waits for the lost result for ever
    executor = ProcessPoolExecutor(min(processes, count), mp_context=multiprocessing.get_context("fork"))
    try:
        futures = [executor.submit(_run_task, index) for index in range(count)]  # the first forks them all
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    finally:
        _TASK = _SCRATCH = None  # the children have their copy; this process needs none
    try:
        for future in futures:
            try:
                sent = future.result()
            except BrokenProcessPool:
                raise NormgraphError(
                    "a worker process stopped without a word (killed: out of memory?); "
                    f"${ENVIRONMENT}=1 builds in one process"
                ) from None
            if isinstance(sent, _Inline):
                yield sent.result
                continue
            with open(sent, "rb") as handle:
                result = pickle.load(handle)
            os.unlink(sent)
            yield result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)  # at most one document per worker to finish
        shutil.rmtree(scratch, ignore_errors=True)


def _scratch_folder() -> str:
    """A new private folder for results, named after this process; the folders of processes that
    are gone (killed before they could clean up) are removed first, as memory is what they hold."""
    base = _memory_folder()
    for stale in Path(base or tempfile.gettempdir()).glob("normgraph-*-*"):
        owner = stale.name.split("-")[1]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(stale, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"normgraph-{os.getpid()}-", dir=base)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive, and not ours to clean up
        return True
    return True


def _memory_folder() -> str | None:
    """``/dev/shm`` where it can be written (a file there is memory), else the temporary folder."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


class _Inline:
    """A result sent through the executor's pipe after all: the scratch folder could not take it."""

    def __init__(self, result: Any) -> None:
        self.result = result


def _run_task(index: int) -> str | _Inline:
    assert _TASK is not None and _SCRATCH is not None, "forked_map's task runs only in the workers it forked"
    result = _TASK(index)
    path = None
    try:
        fd, path = tempfile.mkstemp(dir=_SCRATCH)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path
    except OSError:  # a full /dev/shm (64 MB in a default Docker container): the slow way
        if path is not None:
            Path(path).unlink(missing_ok=True)
        return _Inline(result)
