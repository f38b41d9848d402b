"""``normgraph serve``: a SPARQL 1.1 Protocol endpoint over the graph, with the HTML view at ``/``.

Two established servers, no hand-written HTTP: the Oxigraph server (PyPI ``oxigraph``) answers
SPARQL on an internal loopback port — read-only (``serve-read-only``) unless updates are
allowed, with its query timeout and the union of all named graphs as default graph, like the
local engine — and a small Starlette app (uvicorn) in front of it serves the view and passes the
protocol through. The front refuses updates and Graph Store writes unless ``allow_update``, and
turns Oxigraph's "operation cancelled" (a query stopped by the timeout, which Oxigraph reports
inside a 200 response) into a clear 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import NormgraphError
from .store import KnowledgeGraph

CANCELLED = b"The SPARQL operation has been cancelled"
READ_ONLY = "This SPARQL endpoint is read-only; start `normgraph serve --allow-update` to accept updates.\n"


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0
    """Seconds a query may run before the server stops it."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed with the package (PyPI ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise NormgraphError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """The Oxigraph server process over an on-disk copy of the graph, on a loopback port.

    ``restart()`` is the last resort against a runaway query: Oxigraph checks its timeout only
    between steps of evaluation, and a huge join can run long past it."""

    def __init__(self, location: Path, options: ServeOptions) -> None:
        self.location = location
        self.options = options
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        mode = "serve" if self.options.allow_update else "serve-read-only"
        command = [
            oxigraph_binary(), mode, "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
            "--timeout-s", str(max(1, round(self.options.timeout))), "--union-default-graph",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent
        )
        _wait_until_up(self.base, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        self.start()


@contextlib.contextmanager
def oxigraph_server(graph: KnowledgeGraph, options: ServeOptions) -> Iterator[OxigraphServer]:
    """Run an Oxigraph server over a copy of ``graph``; yields it (``.base`` is its URL)."""
    with tempfile.TemporaryDirectory(prefix="normgraph-serve-") as folder:
        location = Path(folder) / "store"
        disk = ox.Store(str(location))
        disk.bulk_extend(graph.store)
        disk.flush()
        del disk  # release the database lock before the server opens it
        server = OxigraphServer(location, options)
        server.start()
        try:
            yield server
        finally:
            server.stop()


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to end it when normgraph ends, however that happens
    (even a SIGKILL of normgraph must not leave an engine running on its own)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the normal shutdown path still stops the engine


def _wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            raise NormgraphError(f"the Oxigraph server stopped at start: {' '.join(error.split())[:300]}")
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise NormgraphError(f"the Oxigraph server did not answer within {seconds:g} s")


def make_app(upstream: OxigraphServer, view_html: str, options: ServeOptions):  # type: ignore[no-untyped-def]
    """The Starlette front: ``/`` the view, ``/query`` ``/sparql`` ``/update`` ``/store`` proxied."""
    import httpx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    # Past the timeout plus this grace, the front stops waiting and restarts Oxigraph.
    grace = max(5.0, options.timeout)
    client = httpx.AsyncClient(timeout=options.timeout + grace)
    passed_headers = ("content-type", "accept")
    stopped = f"The query was stopped: it ran longer than this server's {options.timeout:g} s timeout.\n"

    async def forward(request: Request, path: str) -> Response:
        try:
            upstream_response = await client.request(
                request.method,
                upstream.base + path,
                params=list(request.query_params.multi_items()),
                content=await request.body(),
                headers={k: v for k, v in request.headers.items() if k.lower() in passed_headers},
            )
        except httpx.TimeoutException:
            await asyncio.to_thread(upstream.restart)  # the only sure way to end a runaway query
            return PlainTextResponse(stopped, status_code=503)
        except httpx.HTTPError as exc:
            return PlainTextResponse(f"The SPARQL engine is unavailable: {exc}\n", status_code=502)
        body = upstream_response.content
        if upstream_response.status_code == 200 and body.rstrip().endswith(CANCELLED):
            return PlainTextResponse(stopped, status_code=503)
        media = upstream_response.headers.get("content-type")
        return Response(body, status_code=upstream_response.status_code, media_type=media)

    async def view(request: Request) -> Response:
        return HTMLResponse(view_html)

    async def query(request: Request) -> Response:
        return await forward(request, "/query")

    async def update(request: Request) -> Response:
        if not options.allow_update:
            return PlainTextResponse(READ_ONLY, status_code=403)
        return await forward(request, "/update")

    async def store(request: Request) -> Response:
        if request.method not in ("GET", "HEAD") and not options.allow_update:
            return PlainTextResponse(READ_ONLY, status_code=403)
        return await forward(request, "/store")

    routes = [
        Route("/", view, methods=["GET"]),
        Route("/query", query, methods=["GET", "POST"]),
        Route("/sparql", query, methods=["GET", "POST"]),
        Route("/update", update, methods=["POST"]),
        Route("/store", store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        yield
        await client.aclose()

    return Starlette(routes=routes, lifespan=lifespan)


def serve(graph: KnowledgeGraph, view_html: str, options: ServeOptions) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    # uvicorn re-raises SIGTERM after its own shutdown; with this handler that becomes SystemExit,
    # so the engine below is stopped by the with-block instead of outliving us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with oxigraph_server(graph, options) as upstream:
        app = make_app(upstream, view_html, options)
        uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
