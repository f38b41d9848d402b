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

import contextlib
import shutil
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


@contextlib.contextmanager
def oxigraph_server(graph: KnowledgeGraph, options: ServeOptions) -> Iterator[str]:
    """Run an Oxigraph server over a copy of ``graph`` on a free loopback port; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="normgraph-serve-") as folder:
        location = Path(folder) / "store"
        disk = ox.Store(str(location))
        disk.bulk_extend(graph.store)
        disk.flush()
        del disk  # release the database lock before the server opens it
        port = free_port()
        mode = "serve" if options.allow_update else "serve-read-only"
        command = [
            oxigraph_binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
            "--timeout-s", str(max(1, round(options.timeout))), "--union-default-graph",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


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


def make_app(upstream: str, view_html: str, options: ServeOptions):  # type: ignore[no-untyped-def]
    """The Starlette front: ``/`` the view, ``/query`` ``/sparql`` ``/update`` ``/store`` proxied."""
    import httpx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    client = httpx.AsyncClient(base_url=upstream, timeout=options.timeout + 30)
    passed_headers = ("content-type", "accept")

    async def forward(request: Request, path: str) -> Response:
        upstream_response = await client.request(
            request.method,
            path,
            params=list(request.query_params.multi_items()),
            content=await request.body(),
            headers={k: v for k, v in request.headers.items() if k.lower() in passed_headers},
        )
        body = upstream_response.content
        if upstream_response.status_code == 200 and body.rstrip().endswith(CANCELLED):
            message = f"The query was stopped: it ran longer than this server's {options.timeout:g} s timeout.\n"
            return PlainTextResponse(message, status_code=503)
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

    with oxigraph_server(graph, options) as upstream:
        app = make_app(upstream, view_html, options)
        uvicorn.run(app, host=options.host, port=options.port, log_level="warning")
