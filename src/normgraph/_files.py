"""Writing output files: atomically where a file is replaced, through where it is not a file.

A regular file (or none yet) gets a temporary file beside it, renamed over it once complete, so a
reader sees the old file or the new one, never half. Anything else at the path is not ours to
replace: renaming onto ``/dev/null`` as root would make it a regular file for the whole machine, a
FIFO's reader would get nothing, and a symlink would stop being one. So a symlink is followed (the
file it points to is replaced atomically and the link stays), and a device, FIFO or socket is
written through, as a shell's ``>`` would.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def write_output(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (see the module's docstring for what "write" means where)."""
    write_outputs([(path, data)])


def write_outputs(items: Sequence[tuple[str | Path, bytes]]) -> None:
    """Several files replaced as a set: each is written to a temporary file beside it, and only
    when all are complete are they renamed into place, one after another with SIGINT and SIGTERM
    held back, so an interrupted build leaves the old set or the new one, never a mix, and no
    temporary files (issue #13, finding 15). Devices and FIFOs are written through afterwards."""
    staged: list[tuple[str, Path]] = []
    through: list[tuple[Path, bytes]] = []
    try:
        for path, data in items:
            target, mode = _resolve(Path(path))
            if mode is not None and not stat.S_ISREG(mode):  # a device, FIFO or socket
                through.append((target, data))
            else:
                _stage(target, data, mode, staged)
        with _signals_held():
            while staged:
                tmp, target = staged[0]
                _named(target, os.replace, tmp, target)
                staged.pop(0)
    finally:
        for tmp, _ in staged:  # interrupted or failed: nothing of ours is left behind
            Path(tmp).unlink(missing_ok=True)
    for target, data in through:
        with _named_open(target) as handle:
            handle.write(data)


def _resolve(path: Path) -> tuple[Path, int | None]:
    """The file to write (a symlink's target: the link stays a link) and its mode, if any."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    return path, mode


def _stage(path: Path, data: bytes, mode: int | None, staged: list[tuple[str, Path]]) -> str:
    """``data`` in a complete, synced temporary file beside ``path``, recorded in ``staged`` (for
    the caller to rename or remove) from the moment it exists; its name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():  # no signal between creating the file and recording it
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); give it the mode a plain open() would: the
            # old file's, or 0666 less the umask
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(handle.fileno(), stat.S_IMODE(mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return tmp
    except BaseException as exc:
        _about_target(exc, path)  # the caller removes the temporary file
        raise


def _named(path: Path, call: Callable[..., Any], *args: Any) -> Any:
    try:
        return call(*args)
    except OSError as exc:
        _about_target(exc, path)
        raise


def _named_open(path: Path) -> Any:
    return _named(path, open, path, "wb")


def _about_target(exc: BaseException, path: Path) -> None:
    """An OSError about our temporary file, told about the file asked for (the temporary one is
    ours, and gone): "out/normgraph.ttl: Permission denied"."""
    if isinstance(exc, OSError) and exc.errno is not None:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (pending, not lost) while the block runs: renames take
    microseconds, and a signal between two of them would leave a mixed set."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # no POSIX signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
