"""The Oxigraph server process behind ``normgraph serve``: started on a loopback port, watched,
and restarted when it dies or must be stopped.

Oxigraph checks its query timeout only between steps of evaluation, so an aggregate over a huge
join, or the planning of a long property path, runs on past it; killing the process is then the
only sure stop. A supervisor restarts the engine whenever it has died, for whatever reason
(a crash, ``kill -9``, the out-of-memory killer), and says so on stderr.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..errors import NormgraphError

ENGINE_STACK = 64 * 1024 * 1024
"""Stack size of the engine's threads (reserved, not used, until a query needs it): Oxigraph's
2 MiB default overflows — and aborts the whole process — near 3,000 nested brackets; the
front refuses such queries first, this is the margin behind that check."""

_BIND_ATTEMPTS = 5


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed with the package (PyPI ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise NormgraphError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A port free at this moment. Someone may take it before it is used: callers retry."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Engine:
    """One Oxigraph server over ``location``, on a loopback port chosen at start.

    ``generation`` counts starts, so a request can tell whether the engine it spoke to was
    replaced while it waited. ``log`` receives one line per event worth a person's attention."""

    def __init__(self, location: Path, *, read_only: bool, timeout: float,
                 log: Callable[[str], None] = lambda line: None, log_file: Path | None = None) -> None:
        self.location = location
        self.read_only = read_only
        self.timeout = timeout
        self.log = log
        self.port = 0
        self.generation = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopping = False
        # The engine's stderr goes to a file, not a pipe nobody reads (a full pipe would block
        # it); its last line is the reason given when it dies. Beside a temporary store by
        # default; a persistent store's folder is the user's, so its caller names another place.
        self.log_file = log_file or location.parent / "engine.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        # The port is free when chosen but not reserved; if another process takes it first the
        # engine exits at once and a new port is tried.
        error = ""
        for _ in range(_BIND_ATTEMPTS):
            self.port = free_port()
            with open(self.log_file, "wb") as stderr:
                self.process = subprocess.Popen(
                    self._command(), stdout=subprocess.DEVNULL, stderr=stderr,
                    env={**os.environ, "RUST_MIN_STACK": str(ENGINE_STACK)}, preexec_fn=_die_with_parent,
                )  # fmt: skip
            error = _wait_until_up(self.base, self.process, self.log_file)
            if not error:
                self.generation += 1
                return
            if "in use" not in error.lower():
                break
        raise NormgraphError(f"the Oxigraph server did not start: {error}")

    def _command(self) -> list[str]:
        mode = "serve-read-only" if self.read_only else "serve"
        return [
            oxigraph_binary(), mode, "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
            "--timeout-s", str(max(1, round(self.timeout))), "--union-default-graph",
        ]  # fmt: skip

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self, reason: str, *, seen: int | None = None) -> None:
        """Kill and start again — unless ``seen`` is given and the engine has already been
        replaced since that generation (two requests seeing one death restart it once)."""
        with self._lock:
            if self._stopping or (seen is not None and seen != self.generation):
                return
            started = time.monotonic()
            exit_code = self._kill()
            last_words = _last_line(self.log_file) if exit_code is not None else ""
            self._start()
            said = f": {last_words}" if last_words else ""
            self.log(f"the SPARQL engine {reason}{_describe_exit(exit_code)}{said}; "
                     f"restarted in {time.monotonic() - started:.2f} s")

    def settled(self) -> int:
        """The generation once no start or restart is under way (waits for one to end)."""
        with self._lock:
            return self.generation

    def revive_if_dead(self, grace: float = 0.0) -> bool:
        """Restart the engine if its process has ended; True when it did. ``grace``: a process
        killed a moment ago may still look alive while its connections already fail, so wait
        up to that many seconds for it to end."""
        deadline = time.monotonic() + grace
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.alive() or self._stopping:
            return False
        seen = self.generation
        self.restart("stopped", seen=seen)
        return True

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()

    def _kill(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
            return None  # killed by us: its exit says nothing about why
        return self.process.returncode


def _describe_exit(code: int | None) -> str:
    if code is None:
        return ""
    if code < 0:
        try:
            return f" (killed by {signal.Signals(-code).name})"
        except ValueError:
            return f" (killed by signal {-code})"
    return f" (exit status {code})"


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to end it when normgraph ends, however that happens
    (even a SIGKILL of normgraph must not leave an engine running on its own)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the normal shutdown path still stops the engine


_FATAL = re.compile(r"fatal|panick|overflow|abort|out of memory", re.IGNORECASE)


def _last_line(log: Path) -> str:
    """The engine's last words, if they say why it ended (not an ordinary request error)."""
    try:
        lines = log.read_bytes()[-4096:].decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return " ".join(lines[-1].split())[:300] if lines and _FATAL.search(lines[-1]) else ""


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 30.0) -> str:
    """'' once the engine answers; otherwise why it did not (its own words when it exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            try:
                error = log.read_bytes()[:2000].decode("utf-8", "replace")
            except OSError:
                error = ""
            return " ".join(error.split())[:300] or f"exit status {process.returncode}"
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                return ""
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait()
    return f"no answer within {seconds:g} s"
