"""`-o` onto what is not a plain file (issue #13, finding 1): a device, a FIFO or a symlink is
written through, never replaced by a regular file; a folder is refused in one line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from normgraph._files import write_output


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, timeout=300)


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device of our own (the machine's null or full device, major 1), so that a
    regression replaces a node in a temporary folder, not /dev/null for the whole machine."""
    node = tmp_path / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return node


def test_a_null_device_stays_a_device(tmp_path):
    null = _device(tmp_path, "null", 3)
    before = null.stat()
    result = _cli("export", "-f", "turtle", "-o", str(null))
    assert result.returncode == 0, result.stderr
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifos_reader_gets_the_whole_export(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _cli("export", "-f", "ntriples", "-o", str(fifo))
    reader.join(timeout=120)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    expected = _cli("export", "-f", "ntriples").stdout
    assert received == [expected] and expected.count(b"\n") > 5000


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_output(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]  # no temporary left


def test_a_folder_is_refused_in_one_line(tmp_path):
    result = _cli("export", "-f", "turtle", "-o", str(tmp_path))
    assert result.returncode != 0
    assert b"Traceback" not in result.stderr
    assert b"is a directory" in result.stderr
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        write_output(tmp_path, b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_device_that_refuses_writes_is_an_error_not_a_replacement(tmp_path):
    full = _device(tmp_path, "full", 7)
    before = full.stat()
    result = _cli("export", "-f", "turtle", "-o", str(full))
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"No space left on device" in result.stderr
    assert stat.S_ISCHR(full.stat().st_mode) and full.stat().st_ino == before.st_ino
