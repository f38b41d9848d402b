"""A real HTTP server on loopback whose answers a test writes: it demands a password, redirects,
fails part-way, names itself as a given store, or forwards to a real Oxigraph. Used by the push
tests (tests/graph/test_push_*.py) through the ``harness`` fixture in conftest.py."""

from __future__ import annotations

import base64
import http.client
import http.server
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from normgraph.graph._http import Credentials

Answer = tuple[int, dict[str, str], bytes]
CLOSE = "close"  # a rule's answer: hang up without a response


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    status: int | None = None  # what the harness answered (0: hung up)


@dataclass
class Harness:
    """A real HTTP server on ``host``: answers by ``rule`` when it returns an answer, else forwards
    to ``upstream`` (Oxigraph), else 404. With ``auth`` set it demands that Basic user/password
    first, as a reverse proxy in front of a store would. Records every request in ``seen``."""

    upstream: str | None = None
    host: str = "127.0.0.1"
    port: int = 0
    rule: Callable[[Seen], Answer | str | None] | None = None
    auth: Credentials | None = None
    server_header: str | None = "normgraph-test-harness"  # what it says it is ("Virtuoso/7.2"); None: no Server header
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer((self.host, self.port), _Handler)
        self.server.daemon_threads = True
        self.server.harness = self  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, seen: Seen) -> Answer | str:
        if self.auth is not None and seen.headers.get("authorization") != basic(self.auth):
            return 401, {"WWW-Authenticate": 'Basic realm="x"', "Content-Type": "text/plain"}, b"authentication required"
        if self.rule is not None:
            with self.lock:
                ruled = self.rule(seen)
            if ruled is not None:
                return ruled
        if self.upstream is None:
            return 404, {"Content-Type": "text/plain"}, b"not here"
        return self.forward(seen)

    def forward(self, seen: Seen) -> Answer:
        parts = urllib.parse.urlsplit(self.upstream)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            headers = {k: v for k, v in seen.headers.items() if k in ("content-type", "accept")}
            connection.request(seen.method, seen.path, seen.body if seen.method in ("POST", "PUT") else None, headers)
            response = connection.getresponse()
            data = response.read()
            kept = {k: v for k, v in response.getheaders() if k.lower() in ("content-type", "location")}
            return response.status, kept, data
        finally:
            connection.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    def version_string(self) -> str:
        return self.server.harness.server_header or ""  # type: ignore[attr-defined]

    def send_response(self, code: int, message: str | None = None) -> None:
        # http.server's own, except that the Server header can be left out
        self.log_request(code)
        self.send_response_only(code, message)
        if self.server.harness.server_header is not None:  # type: ignore[attr-defined]
            self.send_header("Server", self.version_string())
        self.send_header("Date", self.date_time_string())

    def _handle(self) -> None:
        harness: Harness = self.server.harness  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"")
        with harness.lock:
            harness.seen.append(seen)
        answer = harness.answer(seen)
        if answer == CLOSE:
            seen.status = 0
            self.close_connection = True
            return
        status, headers, data = answer  # type: ignore[misc]
        seen.status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815 - http.server's naming

    def log_message(self, *args: object) -> None:
        pass


def basic(credentials: Credentials) -> str:
    """The Authorization header of HTTP Basic for ``credentials``."""
    return "Basic " + base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
