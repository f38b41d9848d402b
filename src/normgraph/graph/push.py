"""Loading the graph into a triple store: SPARQL 1.1 Graph Store HTTP Protocol, with a SPARQL
Update fallback for stores that have no Graph Store endpoint.

Each named graph goes in one ``PUT``, which replaces that graph: pushing again never duplicates,
and a push that fails leaves the store's previous version of the graph as it was. Triples in the
default graph (a graph loaded from a Turtle file has only those) go to the store's default graph
the same way. The fallback sends ``DROP SILENT GRAPH`` (or ``DEFAULT``) and ``INSERT DATA`` in one
update request (one transaction in Oxigraph, Fuseki, GraphDB and Virtuoso). The N-Triples sent
are pyoxigraph's own dump of each graph: no Python object per triple.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import QueryError
from .store import KnowledgeGraph

NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class PushedGraph:
    graph: str | None  # None: the default graph
    triples: int
    method: str  # "graph-store" or "update"


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    graphs: tuple[PushedGraph, ...] = field(default=())

    def text(self) -> str:
        lines = [f"pushed {sum(g.triples for g in self.graphs)} triples in {len(self.graphs)} graphs to {self.endpoint}"]
        lines += [f"  {g.graph or '(default graph)'}  {g.triples} triples  ({g.method})" for g in self.graphs]
        return "\n".join(lines)


def derived_url(endpoint: str, last_segment: str) -> str:
    """``http://host/ds/query`` → ``http://host/ds/{last_segment}`` (Oxigraph, Fuseki naming)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    head, _, tail = path.rpartition("/")
    base = head if tail in ("query", "sparql") else path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{base}/{last_segment}", "", ""))


def push(
    graph: KnowledgeGraph,
    endpoint: str,
    *,
    into: str | None = None,
    store_url: str | None = None,
    update_url: str | None = None,
    timeout: float = 120.0,
) -> PushReport:
    """Load every named graph of ``graph`` (or all of it merged into the graph ``into``)."""
    if not urllib.parse.urlsplit(endpoint).scheme.startswith("http"):
        raise QueryError(f"{endpoint!r} is not an http(s) URL")
    store_url = store_url or derived_url(endpoint, "store")
    update_url = update_url or derived_url(endpoint, "update")
    if into is not None:
        try:
            ox.NamedNode(into)
        except ValueError:
            raise QueryError(f"--graph {into!r} is not a valid IRI") from None
    pushed = []
    use_update = False
    for name, data in _batches(graph, into):
        if not use_update:
            status = _put(store_url, name, data, timeout)
            if status in (404, 405, 501):  # no Graph Store endpoint there: use SPARQL Update
                use_update = True
        if use_update:
            _update(update_url, name, data, timeout)
        pushed.append(PushedGraph(name, data.count(b"\n"), "update" if use_update else "graph-store"))
    return PushReport(endpoint, tuple(pushed))


def _batches(graph: KnowledgeGraph, into: str | None) -> Iterator[tuple[str | None, bytes]]:
    """(graph IRI or None for the default graph, its triples as N-Triples), one graph at a time."""
    if into is not None:
        from .export import serialize

        yield into, serialize(graph, "ntriples")  # the union, each triple once
        return
    for name in graph.graphs():
        yield name.value, graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
    default = graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if default:
        yield None, default


def _put(store_url: str, graph_iri: str | None, data: bytes, timeout: float) -> int:
    target = {"graph": graph_iri} if graph_iri is not None else {"default": ""}
    url = f"{store_url}?{urllib.parse.urlencode(target)}"
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": NTRIPLES})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 405, 501):
            return exc.code
        body = exc.read()[:300].decode("utf-8", "replace")
        raise QueryError(f"{store_url} refused {_named(graph_iri)} (HTTP {exc.code}): {' '.join(body.split())}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise QueryError(_network_message(store_url, exc, timeout)) from None


def _update(update_url: str, graph_iri: str | None, data: bytes, timeout: float) -> None:
    if graph_iri is None:
        body = f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{data.decode('utf-8')}}}"
    else:
        iri = ox.NamedNode(graph_iri)
        body = f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{data.decode('utf-8')}}} }}"
    request = urllib.request.Request(
        update_url,
        data=body.encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return
    except urllib.error.HTTPError as exc:
        text = exc.read()[:300].decode("utf-8", "replace")
        raise QueryError(f"{update_url} refused the update for {_named(graph_iri)} (HTTP {exc.code}): {' '.join(text.split())}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise QueryError(_network_message(update_url, exc, timeout)) from None


def _named(graph_iri: str | None) -> str:
    return "the default graph" if graph_iri is None else f"graph <{graph_iri}>"


def _network_message(url: str, exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return f"no answer from {url} within {timeout:g} s"
    return f"cannot reach {url}: {' '.join(str(reason).split())}"
