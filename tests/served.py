"""`normgraph serve` as a real process for tests: started on a port the kernel picks (`--port 0`,
so no other process can take it between choosing and binding), its URL read from the line it
prints, its stderr kept for the test to read, spoken to over plain HTTP."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

_ANNOUNCED = re.compile(r"SPARQL endpoint at (http://[^ ]+)/query")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Served:
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    prefix: tuple[str, ...] = ()
    """Run it through this command first (``nsenter --net=…``: inside a test's network namespace)."""
    base: str = ""
    lines: list[str] = field(default_factory=list)

    def __enter__(self) -> Served:
        self.process = subprocess.Popen(
            [*self.prefix, sys.executable, "-m", "normgraph", "serve", "--port", "0", *self.args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, **self.env},
        )  # fmt: skip
        ready = threading.Event()

        def drain() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.lines.append(line.rstrip("\n"))
                found = _ANNOUNCED.search(line)
                if found:
                    self.base = found.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(120) or not self.base:
            self.process.kill()
            raise RuntimeError("normgraph serve did not start:\n" + "\n".join(self.lines))
        self.port = int(self.base.rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = body.encode() if isinstance(body, str) else body
            connection.request(method, path, body=data, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def query(self, sparql: str, accept: str = "text/csv", **headers: str) -> Answer:
        return self.request("GET", "/query?" + urllib.parse.urlencode({"query": sparql}),
                            headers={"Accept": accept, **headers})

    def update(self, sparql: str, **headers: str) -> Answer:
        return self.request("POST", "/update", sparql,
                            headers={"Content-Type": "application/sparql-update", **headers})

    def count(self) -> int:
        answer = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert answer.status == 200, answer.text
        return int(answer.text.split()[1])

    def engines(self) -> list[int]:
        """Process ids of the Oxigraph servers this serve runs (its children)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and b"oxigraph" in cmdline and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return found

    def kill_engine(self) -> int:
        (engine,) = self.engines()
        os.kill(engine, signal.SIGKILL)
        return engine

    def rss_mib(self) -> float:
        """Resident memory of the front (the normgraph process itself), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def wait_for_line(self, pattern: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))


def listening(pid: int) -> set[tuple[str, int]]:
    """The (IPv4 address, port) pairs process ``pid`` listens on, from Linux /proc: what the
    kernel says, not what the program printed."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for fields in map(str.split, Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]):
        if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
            address, port = fields[1].split(":")
            octets = [str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)]  # little-endian
            found.add((".".join(octets), int(port, 16)))
    return found
