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
import stat
import tempfile
from pathlib import Path


def write_output(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (see the module's docstring for what "write" means where)."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # replace what it points to; the link stays a link
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    if mode is not None and not stat.S_ISREG(mode):  # a device, FIFO or socket: write through it
        with open(path, "wb") as handle:
            handle.write(data)
        return
    _replace_atomically(path, data, None if mode is None else stat.S_IMODE(mode))


def _replace_atomically(path: Path, data: bytes, mode: int | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would: the old
        # file's, or 0666 less the umask
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
