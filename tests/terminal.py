"""The CLI on a real pseudo-terminal (``pty``): what a person at a terminal sees. Used by
tests/test_console.py (stderr on the terminal) and tests/queries/test_table_width.py (stdout)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def run_on_terminal(args: list[str], *, cwd: Path, env: dict[str, str], stream: str = "stderr") -> tuple[int, str, str]:
    """``python -m normgraph ARGS`` with ``stream`` ("stderr" or "stdout") on a pseudo-terminal and
    the other on a pipe: (exit code, stdout, stderr), the terminal's text with "\\r\\n" as it came."""
    leader, follower = pty.openpty()
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    try:
        process = subprocess.Popen([sys.executable, "-m", "normgraph", *args], cwd=cwd, env=env, **pipes)
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        other = process.stdout if stream == "stderr" else process.stderr
        piped = other.read().decode() if other else ""
        code = process.wait(timeout=300)
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    return (code, piped, shown) if stream == "stderr" else (code, shown, piped)
