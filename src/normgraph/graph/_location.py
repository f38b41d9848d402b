"""``normgraph serve --location DIR``: a persistent Oxigraph store (RocksDB) that outlives the server.

A folder is one of three things: new (absent or empty: a store is made there), an Oxigraph store
(served as it is, or replaced whole on ``--reload``), or something else, which is refused — opening
it would turn any folder into a store, files and all. A store in use by another process is refused
in one line too: by another ``normgraph serve`` (it holds an ``flock`` on the folder for as long as
it runs — a read-only Oxigraph server takes no RocksDB lock, so that lock alone would let a second
serve load or replace a store under a running one), or by any program that has it open for writing
(RocksDB's own lock).

Writes are atomic: a graph is loaded into a sibling folder first, then renamed into place (onto an
empty folder, or exchanged with the old store in one ``renameat2`` call), so ``DIR`` is never half
loaded, even if loading is interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from ..errors import NormgraphError
from .store import KnowledgeGraph

Kind = Literal["new", "store"]

_STORE_MARKS = ("CURRENT", "IDENTITY")
"""Files every RocksDB database holds (Oxigraph's on-disk storage)."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_held: dict[Path, int] = {}
"""Folders this process serves: their locked descriptors, kept open until the process ends."""


def hold(location: Path) -> None:
    """Lock ``location`` (a folder) for this process, or say which process holds it."""
    key = location.resolve()
    if key in _held:
        os.close(_held.pop(key))  # the folder was replaced (--reload): lock the new one
    fd = os.open(location, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise NormgraphError(f"--location {location}: the store is in use by another `normgraph serve`; "
                             "stop it or choose another folder") from None
    _held[key] = fd


def inspect(location: Path) -> Kind:
    """What ``location`` holds: ``new`` (absent or empty) or ``store``; anything else is refused."""
    if not location.exists():
        if not location.parent.is_dir():
            raise NormgraphError(f"--location {location}: its parent folder does not exist")
        return "new"
    if not location.is_dir():
        raise NormgraphError(f"--location {location}: not a folder (give a folder for the store)")
    names = {entry.name for entry in os.scandir(location)}
    if not names:
        return "new"
    if all(mark in names for mark in _STORE_MARKS) and any(n.startswith("MANIFEST-") for n in names):
        return "store"
    raise NormgraphError(f"--location {location}: not an Oxigraph store (it holds other files); "
                         "give an empty or new folder, or the folder of a store")


@contextlib.contextmanager
def opened(location: Path) -> Iterator[KnowledgeGraph]:
    """The store at ``location`` as a graph, closed again on leaving (the server needs its lock)."""
    import pyoxigraph as ox

    try:
        store = ox.Store(str(location))
    except OSError as exc:
        raise _open_error(location, exc) from None
    graph = KnowledgeGraph(store)
    try:
        yield graph
    finally:
        store.flush()
        del graph, store
        gc.collect()  # pyoxigraph releases the RocksDB lock when the store object goes


def check_free(location: Path) -> int:
    """Open and close the store at ``location``: it is a store nobody else holds. Its size."""
    with opened(location) as graph:
        return len(graph)


def create(location: Path, graph: KnowledgeGraph) -> None:
    """Make a store holding ``graph`` at ``location`` (absent or an empty folder)."""
    staged = _stage(location, graph)
    try:
        os.rename(staged, location)  # onto an empty folder too: rename(2) replaces it
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise NormgraphError(f"--location {location}: cannot put the new store in place: {exc.strerror or exc}") from None


def replace(location: Path, graph: KnowledgeGraph) -> None:
    """Replace the store at ``location`` by one holding ``graph``, whole: old or new, never a mix."""
    check_free(location)  # not swapped away from under a running server
    staged = _stage(location, graph)
    try:
        if not _exchange(staged, location):
            # No renameat2 (not Linux, or an old C library): two renames; if interrupted between
            # them, the old store is left whole at the path named in the error.
            old = staged.with_name(staged.name + ".old")
            os.rename(location, old)
            os.rename(staged, location)
            staged = old
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _stage(location: Path, graph: KnowledgeGraph) -> Path:
    import pyoxigraph as ox

    staged = Path(tempfile.mkdtemp(prefix=f".{location.name}.loading-", dir=location.parent))
    try:
        disk = ox.Store(str(staged))
        disk.bulk_extend(graph.store)
        disk.flush()
        del disk
        gc.collect()
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # the kernel or file system cannot exchange
        return False
    raise NormgraphError(f"--location {b}: cannot put the new store in place: {os.strerror(code)}")


def _open_error(location: Path, exc: OSError) -> NormgraphError:
    text = str(exc)
    if "lock" in text.lower():
        return NormgraphError(f"--location {location}: the store is in use by another process (another "
                              "`normgraph serve` or Oxigraph server); stop it or choose another folder")
    return NormgraphError(f"--location {location}: cannot open the store: {' '.join(text.split())[:300]}")


__all__ = ["Kind", "check_free", "create", "inspect", "opened", "replace"]
