"""A real Virtuoso (Debian's ``virtuoso-opensource``) on 127.0.0.1 for the tests and benchmarks.

Its database lives in a temporary folder; the ``dba`` password is replaced by a random one as
soon as the server answers (no default password is left open), and one user with update rights
is created. Anonymous requests may read but not write, as on a production store.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from served import listening

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""

USER = "normgraph"


def installed() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` listens on (Linux /proc); none while it is not up."""
    try:
        return {port for _, port in listening(pid)}
    except OSError:
        return set()


@dataclass
class Virtuoso:
    """``with Virtuoso() as v:`` starts a fresh server; ``v.sparql`` is its query endpoint."""

    max_rows: int = 1_000_000
    buffers: int = 20_000  # 8 KB pages; the 1M-triple benchmark asks for more
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="normgraph-virtuoso-")))
    password: str = field(default_factory=lambda: "pw" + secrets.token_hex(12), repr=False)
    dba_password: str = field(default_factory=lambda: "pw" + secrets.token_hex(12), repr=False)

    def __post_init__(self) -> None:
        self.sql_port, self.http_port = _free_port(), _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def __enter__(self) -> Virtuoso:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        # The ports are chosen free, then bound by virtuoso-t: another process may take one in
        # between. Virtuoso then exits before it listens on both, and is started again on new ports.
        for attempt in range(5):
            ini = self.folder / "virtuoso.ini"
            ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                      max_rows=self.max_rows, buffers=self.buffers, dirty=self.buffers * 3 // 4),
                           encoding="utf-8")
            self.process = subprocess.Popen(
                ["virtuoso-t", "+foreground", "+configfile", str(ini)],
                cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if self._listens(120):
                break
            self.stop(remove=False)
            for stale in self.folder.glob("virtuoso*"):
                stale.unlink()
            self.sql_port, self.http_port = _free_port(), _free_port()
        else:
            self.stop()
            raise RuntimeError("virtuoso-t did not listen on its ports in five attempts")
        try:
            self._configure()
        except BaseException:
            self.stop()  # never leave a server running behind a failed start
            raise

    def _listens(self, seconds: float) -> bool:
        """Whether virtuoso-t itself (not another process) listens on both its ports: True once
        it does, False as soon as it has exited or after ``seconds``."""
        assert self.process is not None
        deadline = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < deadline:
            if {self.sql_port, self.http_port} <= _listening_ports(self.process.pid):
                return True
            time.sleep(0.1)
        return False

    def _configure(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 120
        password = "dba"  # the fresh database's, replaced at once
        while True:
            if self.process.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{log}")
            if self._isql("status();", password, check=False).returncode == 0:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("Virtuoso did not come up within 120 s")
            time.sleep(0.3)
        self._isql(f"set password dba {self.dba_password};", password)
        self.sql(
            f"DB.DBA.USER_CREATE('{USER}', '{self.password}');",
            f'GRANT SPARQL_UPDATE TO "{USER}";',
            f'GRANT SPARQL_SELECT TO "{USER}";',
        )
        self._wait_for_http()

    def _wait_for_http(self) -> None:
        import urllib.request

        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.sparql}?query=ASK%7B%7D", timeout=5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def sql(self, *statements: str) -> str:
        """Run SQL (or ``SPARQL …`` lines) as dba; returns isql's output."""
        return self._isql(" ".join(statements), self.dba_password).stdout

    def clear(self) -> None:
        """Clear every graph but Virtuoso's own system graphs (tests share one server)."""
        import re

        listing = self.sql("SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } };")
        names = re.findall(r"^((?:https://w3id\.org/normgraph/|https://example\.org/|urn:)\S*)", listing, re.M)
        if names:
            self.sql(*(f"SPARQL CLEAR GRAPH <{name}>;" for name in names))

    def _isql(self, statements: str, password: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # Passwords start with a letter (isql reads "set password" arguments as names). The password goes on isql's command line: visible to local users for a moment, on a
        # throwaway database bound to 127.0.0.1 (isql has no other way to take it).
        result = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", password, f"exec={statements}"],
            capture_output=True, text=True, timeout=120,
        )
        if check and (result.returncode != 0 or "*** Error" in result.stdout + result.stderr):
            raise RuntimeError(f"isql failed on {statements[:200]!r}: {(result.stdout + result.stderr)[-800:]}")
        return result

    def stop(self, remove: bool = True) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)
