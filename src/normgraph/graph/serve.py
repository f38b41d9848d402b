"""``normgraph serve``: a SPARQL 1.1 Protocol endpoint over the graph, a query editor at ``/query``
(for a browser; ``_pages``) and the HTML view at ``/view``.

Two established servers, no hand-written HTTP: the Oxigraph server (PyPI ``oxigraph``, see
``_engine``) answers SPARQL on an internal loopback port — read-only unless updates are allowed,
the union of all named graphs as default graph, like the local engine — and a small Starlette
app (uvicorn) in front of it serves the view and passes the protocol through.

The front is where the endpoint defends itself (``_guards`` says what it refuses):

- it answers HEAD itself (Oxigraph sends a body with its HEAD replies, which would corrupt
  the pooled connection for the next client);
- request bodies and results have size limits, and a result is held in a spooled file (memory
  up to a few MiB, then disk) until it is complete, so a client gets either the whole answer
  with 200 or a clear error — never a 200 with the engine's error text glued to half a result;
- the whole answer, streamed rows included, must arrive within the timeout: Oxigraph's own
  timeout does not stop a streamed result, and does not stop some aggregates at all, so past
  the deadline the front drops the connection (which ends a streamed query) or restarts the
  engine (the only sure end of one that has not started answering);
- the engine is supervised: restarted when it dies, with one line on stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ._engine import Engine, free_port, oxigraph_binary
from ._guards import (LOOPBACK_NAMES, Policy, Refusal, allowed_hosts, check_host, check_preflight, check_sparql,
                      check_write, cors_origin, media_type, sparql_texts)
from ..errors import NormgraphError
from .store import KnowledgeGraph

CANCELLED = b"The SPARQL operation has been cancelled"
MIB = 1024 * 1024
_IN_MEMORY = 4 * MIB  # a result or body larger than this waits on disk, not in memory
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0
    """Seconds a query may run, its answer included, before the server stops it."""
    allow_service: bool = False
    """Let queries call other endpoints with SERVICE (off: the server would fetch any URL)."""
    max_body: int = 64 * MIB
    max_result: int = 512 * MIB
    allowed_hosts: tuple[str, ...] = ()
    """Host names besides loopback and the bound address that requests may address."""
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    """Password for writes sent as forms (HTTP Basic or Bearer)."""
    cors: tuple[str, ...] = ()
    """Origins whose pages may read /query and /sparql (``_guards.cors_origins``); ``*`` any."""

    def policy(self) -> Policy:
        return Policy(allow_update=self.allow_update, allow_service=self.allow_service,
                      allowed_hosts=allowed_hosts(self.host, self.allowed_hosts), token=self.token, cors=self.cors)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


@contextlib.contextmanager
def oxigraph_server(graph: KnowledgeGraph | None, options: ServeOptions,
                    log: Callable[[str], None] = lambda line: None, *, location: Path | None = None) -> Iterator[Engine]:
    """Run a supervised Oxigraph server over a copy of ``graph`` in a temporary store, or over the
    persistent store at ``location`` as it is (``graph`` unused: see ``_location``); yields it
    (``.base`` is its URL)."""
    with tempfile.TemporaryDirectory(prefix="normgraph-serve-") as folder:
        log_file = Path(folder) / "engine.log"
        if location is None:
            if graph is None:
                raise ValueError("a graph or a location to serve")
            location = Path(folder) / "store"
            disk = ox.Store(str(location))
            disk.bulk_extend(graph.store)
            disk.flush()
            del disk  # release the database lock before the server opens it
        engine = Engine(location, read_only=not options.allow_update, timeout=options.timeout, log=log,
                        log_file=log_file)
        engine.start()
        try:
            yield engine
        finally:
            engine.stop()


class _TooLarge(Exception):
    pass


class _EngineGone(Exception):
    """The connection to the engine broke: it died, or was restarted under this request."""

    def __init__(self, generation: int) -> None:
        super().__init__(generation)
        self.generation = generation


def make_app(engine: Engine, view_html: str, options: ServeOptions):  # type: ignore[no-untyped-def]
    """The Starlette front: ``/query`` ``/sparql`` ``/update`` ``/store`` proxied; for people ``/``
    (links), ``/view`` (the view), the editor on ``/query``; ``/context.jsonld``."""
    import httpx
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Route

    from ._pages import EDITOR_CSP, LANDING_CSP, context_document, editor_page, landing_page, static_file, wants_html

    policy = options.policy()
    # The engine's own timeout answers most slow queries; the front waits a little longer
    # before it takes matters into its own hands.
    deadline_after = options.timeout + min(5.0, options.timeout)
    client = httpx.AsyncClient(timeout=httpx.Timeout(deadline_after, connect=5.0))
    passed_headers = ("content-type", "accept")
    stopped = f"The query was stopped: it ran longer than this server's {options.timeout:g} s timeout.\n"

    def refuse(refusal: Refusal) -> Response:
        headers = {"WWW-Authenticate": 'Basic realm="normgraph serve"'} if refusal.challenge else None
        return PlainTextResponse(refusal.message, status_code=refusal.status, headers=headers)

    async def read_body(request: Request) -> IO[bytes]:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > options.max_body:
            raise _TooLarge
        spool = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > options.max_body:
                spool.close()
                raise _TooLarge
            spool.write(chunk)
        spool.seek(0)
        return spool

    async def receive(method: str, path: str, request: Request, body: IO[bytes]) -> tuple[int, str | None, IO[bytes], int]:
        """Send to the engine and read its whole answer into a spool, within the deadline."""
        generation = engine.generation
        body.seek(0)
        upstream = client.build_request(
            method, engine.base + path, params=list(request.query_params.multi_items()),
            content=_chunks(body),
            headers={k: v for k, v in request.headers.items() if k.lower() in passed_headers},
        )  # fmt: skip
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)
        answered = False
        try:
            async with asyncio.timeout(deadline_after):
                response = await client.send(upstream, stream=True)
                answered = True
                try:
                    # HEAD needs the status and headers only: the body is never read (closing
                    # the stream stops the engine writing it).
                    size = 0 if request.method == "HEAD" else await spool_body(response, spool)
                finally:
                    await response.aclose()  # a dropped connection ends a streaming query
        except BaseException as exc:
            spool.close()
            if isinstance(exc, TimeoutError | httpx.TimeoutException) and not answered:
                # Still evaluating past its own timeout: only a restart stops it.
                await asyncio.to_thread(engine.restart, "was restarted to stop a runaway query", seen=generation)
            if isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.TimeoutException):
                raise _EngineGone(generation) from exc
            raise
        spool.seek(0)
        return response.status_code, response.headers.get("content-type"), spool, size

    async def spool_body(response: httpx.Response, spool: IO[bytes]) -> int:
        size = 0
        async for chunk in response.aiter_raw(_CHUNK):
            size += len(chunk)
            if size > options.max_result:
                raise _TooLarge
            spool.write(chunk)
        return size

    async def forward(request: Request, path: str, *, write: bool) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        if refusal is None and write:
            refusal = check_write(request.method, request.headers, policy)
        if refusal:
            return refuse(refusal)
        try:
            body = await read_body(request)
        except _TooLarge:
            return PlainTextResponse(f"The request body is larger than this server's limit of "
                                     f"{options.max_body / MIB:g} MiB.\n", status_code=413)
        try:
            if path != "/store":
                body.seek(0)
                texts = sparql_texts(list(request.query_params.multi_items()),
                                     request.headers.get("content-type", ""), body.read(options.max_body + 1))
                refusal = texts if isinstance(texts, Refusal) else check_sparql(texts, policy)
                if refusal:
                    return refuse(refusal)
            method = "GET" if request.method == "HEAD" else request.method
            for attempt in (1, 2):
                try:
                    status, media, spool, size = await receive(method, path, request, body)
                    break
                except _EngineGone as gone:
                    await asyncio.to_thread(engine.revive_if_dead, 1.0)
                    replaced = await asyncio.to_thread(engine.settled) != gone.generation
                    # A query can be asked again of the new engine; a write may have happened.
                    if attempt == 2 or write or not replaced:
                        return PlainTextResponse("The SPARQL engine stopped while answering; it has been "
                                                 "restarted. Try again.\n", status_code=502)
        except _TooLarge:
            return PlainTextResponse(f"The result is larger than this server's limit of {options.max_result / MIB:g} "
                                     "MiB: add a LIMIT or narrow the query.\n", status_code=507)
        except (TimeoutError, httpx.TimeoutException):
            return PlainTextResponse(stopped, status_code=503)
        finally:
            body.close()
        if status == 200 and request.method != "HEAD":
            problem = unfinished(media, _tail(spool, size))
            if problem is not None:
                spool.close()
                if problem.endswith(CANCELLED.decode()):
                    return PlainTextResponse(stopped, status_code=503)
                return PlainTextResponse(f"The SPARQL engine failed while answering: {problem}\n", status_code=502)
        if request.method == "HEAD":
            spool.close()
            return Response(b"", status_code=status, media_type=media)
        headers = {"content-length": str(size)}
        return StreamingResponse(_chunks(spool), status_code=status, media_type=media, headers=headers,
                                 background=BackgroundTask(spool.close))

    async def view(request: Request) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        return refuse(refusal) if refusal else HTMLResponse(view_html)

    def page(html: str, csp: str) -> Response:
        return HTMLResponse(html, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                           "Referrer-Policy": "no-referrer"})

    async def landing(request: Request) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        return refuse(refusal) if refusal else page(landing_page(), LANDING_CSP)

    async def static(request: Request) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        if refusal:
            return refuse(refusal)
        found = static_file(request.path_params["name"])
        if found is None:
            return PlainTextResponse("Not found.\n", status_code=404)
        return Response(found[0], media_type=found[1], headers={"Cache-Control": "max-age=3600",
                                                                "X-Content-Type-Options": "nosniff"})

    async def context(request: Request) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        if refusal:
            return refuse(refusal)
        document = context_document()
        if document is None:
            return PlainTextResponse("This normgraph has no JSON-LD context.\n", status_code=404)
        # A published context is fetched by JSON-LD processors on any site: public, no credentials.
        return Response(document, media_type="application/ld+json",
                        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=3600"})

    async def query(request: Request) -> Response:
        if (request.method in ("GET", "HEAD") and "query" not in request.query_params
                and wants_html(request.headers.get("accept", ""))):
            refusal = check_host(request.headers.get("host"), policy)
            return refuse(refusal) if refusal else page(editor_page(), EDITOR_CSP)
        response = await forward(request, "/query", write=False)
        if (request.method == "GET" and "query" not in request.query_params and response.status_code == 200
                and isinstance(response, StreamingResponse)):
            response = await public_description(request, response)
        allowed = cors_origin(request.headers.get("origin"), policy)
        if allowed is not None:
            response.headers["Access-Control-Allow-Origin"] = allowed
            if allowed != "*":
                response.headers.append("Vary", "Origin")
        return response

    async def public_description(request: Request, response: StreamingResponse) -> Response:
        """The engine's service description names its own address, a private loopback port
        behind this front: clients are told this server's instead (a few hundred bytes)."""
        body = b"".join([chunk if isinstance(chunk, bytes) else chunk.encode() async for chunk in response.body_iterator])
        if response.background is not None:
            await response.background()
        public = str(request.base_url).rstrip("/").encode()
        return Response(body.replace(engine.base.encode(), public), media_type=response.media_type)

    async def preflight(request: Request) -> Response:
        refusal = check_host(request.headers.get("host"), policy)
        if refusal:
            return refuse(refusal)
        granted = check_preflight(request.headers.get("origin"), request.headers.get("access-control-request-method"),
                                  request.headers.get("access-control-request-headers"), policy)
        return refuse(granted) if isinstance(granted, Refusal) else Response(status_code=204, headers=granted)

    async def update(request: Request) -> Response:
        return await forward(request, "/update", write=True)

    async def store(request: Request) -> Response:
        return await forward(request, "/store", write=request.method not in ("GET", "HEAD"))

    async def supervise() -> None:
        while True:
            await asyncio.sleep(0.5)
            await asyncio.to_thread(engine.revive_if_dead)

    routes = [
        Route("/", landing, methods=["GET"]),
        Route("/view", view, methods=["GET"]),
        Route("/static/{name:path}", static, methods=["GET"]),
        Route("/context.jsonld", context, methods=["GET"]),
        Route("/query", query, methods=["GET", "POST"]),
        Route("/sparql", query, methods=["GET", "POST"]),
        *([Route("/query", preflight, methods=["OPTIONS"]), Route("/sparql", preflight, methods=["OPTIONS"])]
          if options.cors else []),
        Route("/update", update, methods=["POST"]),
        Route("/store", store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = asyncio.create_task(supervise())
        yield
        watcher.cancel()
        await client.aclose()

    return Starlette(routes=routes, lifespan=lifespan)


def unfinished(media: str | None, tail: bytes) -> str | None:
    """Why a 200 answer is not a whole result, from its last bytes: Oxigraph reports an error met
    while streaming (a timeout, a failed SERVICE call) by writing its message after the rows
    already sent. A whole result ends as its format ends; None when it does."""
    kind = media_type(media or "")
    end = tail.rstrip(b" \t") if kind.endswith("json") else tail
    if not tail.strip() or tail in (b"true", b"false"):  # nothing, or an ASK answer in CSV or TSV
        return None
    if kind.endswith("json"):
        whole = end.endswith((b"}", b"]"))
    elif kind.endswith("xml"):
        whole = tail.rstrip().endswith(b">")
    elif kind in ("text/csv", "text/tab-separated-values", "application/n-triples", "application/n-quads",
                  "text/turtle", "application/trig"):
        whole = tail.endswith(b"\n")
    else:
        return None
    if whole:
        return None
    last = tail.decode("utf-8", "replace").replace("\r", "\n").rsplit("\n", 1)[-1]
    for mark in ("[", "{", ",", "\t", ">"):  # the message follows the last piece of the result
        last = last.rsplit(mark, 1)[-1] if mark in last and not last.endswith(mark) else last
    return " ".join(last.split())[-300:] or "the result ends mid-way"


def _tail(spool: IO[bytes], size: int) -> bytes:
    spool.seek(max(0, size - 4096))
    tail = spool.read()
    spool.seek(0)
    return tail


async def _chunks(spool: IO[bytes]) -> AsyncIterator[bytes]:
    while chunk := spool.read(_CHUNK):
        yield chunk


def serve(graph: KnowledgeGraph | None, view_html: str, options: ServeOptions,
          announce: Callable[[str], None] = lambda base: None, *, location: Path | None = None) -> None:
    """Serve until interrupted (Ctrl-C). ``announce`` receives the base URL once the port is
    bound — the real port when ``options.port`` is 0 (any free one). With ``location``, the
    persistent store there is served (prepared by ``_location``) and ``graph`` is not used."""
    import socket

    import uvicorn

    def log(line: str) -> None:
        print(f"normgraph serve: {line}", file=sys.stderr, flush=True)

    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((options.host, options.port))
        listener.listen(2048)  # connections wait in the backlog until uvicorn accepts them
    except OSError as exc:
        listener.close()
        raise NormgraphError(f"cannot listen on {options.host} port {options.port}: {exc.strerror or exc}") from None
    # uvicorn re-raises SIGTERM after its own shutdown; with this handler that becomes SystemExit,
    # so the engine below is stopped by the with-block instead of outliving us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with listener, oxigraph_server(graph, options, log, location=location) as engine:
        app = make_app(engine, view_html, options)
        port = listener.getsockname()[1]
        shown = f"[{options.host}]" if ":" in options.host else options.host
        announce(f"http://{shown}:{port}")
        uvicorn.run(app, fd=listener.fileno(), log_level="warning")


__all__ = ["ServeOptions", "free_port", "is_loopback", "make_app", "oxigraph_binary", "oxigraph_server", "serve",
           "unfinished"]
