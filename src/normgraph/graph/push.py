"""Loading the graph into a triple store: SPARQL 1.1 Graph Store HTTP Protocol, with a SPARQL
Update fallback for stores that have no Graph Store endpoint.

- **Replace, per graph.** Each named graph goes in one ``PUT``, which replaces that graph: pushing
  again never duplicates. Through SPARQL Update a graph that fits in one batch goes as
  ``DROP SILENT GRAPH`` + ``INSERT DATA`` in one request; a larger one is loaded in batches into a
  staging graph, then ``MOVE``d onto the graph in one request. Either way a graph is the old
  version or the new one, never half of each.
- **Bounded requests.** A batch is at most ``batch`` triples (Virtuoso's SPARQL compiler refuses
  about 2,000); a store that still refuses one as too large gets it in halves. Triples that share
  a blank node stay in one batch (a blank node's name holds only within one request).
- **Confirmed.** Success is reported only after the store's own count of every graph pushed
  matches what was sent. A push that fails part-way says which graphs are new, which are still the
  old version, and that re-running the push completes it.
- **Found.** The Graph Store and Update URLs are found from the query endpoint (see
  :mod:`._stores`); credentials are sent in whichever scheme the store asks for (:mod:`._http`).

The N-Triples sent are pyoxigraph's own dump of each graph: no Python object per triple.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from .._help import Brief
from ..errors import QueryError
from ._http import Credentials, HttpClient, Response, auth_hint, redact, split_credentials
from ._stores import HINT, StoreUrls, insert_data, store_urls
from .store import KnowledgeGraph

NTRIPLES = "application/n-triples"
DEFAULT_BATCH = 1000
MIN_BATCH = 50
STAGING = "urn:normgraph:staging:"
_BLANK_LABEL = re.compile(rb"_:[A-Za-z0-9_][^\s<>\"]*")
NOT_THERE = (404, 405, 501)

Progress = Callable[[int, int, int, int], None]
"""Called as (graphs done, graphs in all, triples sent, triples in all) after each request."""


@dataclass(frozen=True)
class PushedGraph:
    graph: str | None  # None: the default graph
    triples: int
    method: str  # "graph-store" or "update"
    requests: int = 1


@dataclass(frozen=True)
class PushReport(metaclass=Brief):
    endpoint: str
    graphs: tuple[PushedGraph, ...] = field(default=())
    product: str = ""
    target: str = ""  # the Graph Store or Update URL that took the data

    def text(self) -> str:
        store = f" ({self.product})" if self.product else ""
        lines = [f"pushed {sum(g.triples for g in self.graphs)} triples in {len(self.graphs)} graphs to "
                 f"{redact(self.endpoint)}{store}, confirmed by the store's count"]
        for g in self.graphs:
            batches = f", {g.requests} requests" if g.requests > 1 else ""
            lines.append(f"  {g.graph or '(default graph)'}  {g.triples} triples  ({g.method}{batches})")
        return "\n".join(lines)


Plan = list[tuple[str | None, bytes]]  # per graph: its name (None: the default graph), its N-Triples


def push(
    graph: KnowledgeGraph,
    endpoint: str,
    *,
    into: str | None = None,
    store_url: str | None = None,
    update_url: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = 120.0,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> PushReport:
    """Load every named graph of ``graph`` (or all of it merged into the graph ``into``) into the
    store whose query endpoint is ``endpoint``."""
    endpoint, user, password = split_credentials(endpoint)
    if credentials is None and user is not None:
        credentials = Credentials(user, password or "")
    store_url = split_credentials(store_url)[0] if store_url else None
    update_url = split_credentials(update_url)[0] if update_url else None
    for url in (endpoint, store_url, update_url):
        if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise QueryError(f"{redact(url)!r} is not an http(s) URL")
    if into is not None:
        try:
            ox.NamedNode(into)
        except ValueError:
            raise QueryError(f"--graph {into!r} is not a valid IRI") from None
    if batch < 1:
        raise QueryError(f"--batch must be at least 1 (got {batch})")
    client = HttpClient(credentials, timeout)
    server = _probe(client, endpoint)
    urls = store_urls(endpoint, server, authenticated=credentials is not None, store=store_url, update=update_url)
    if update_url and not store_url:
        urls = StoreUrls(urls.product, (), urls.updates)  # the user chose SPARQL Update
    plan: Plan = list(_graphs(graph, into))
    pusher = _Pusher(client, endpoint, urls, batch, progress, plan)
    pushed = pusher.run()
    _confirm(client, endpoint, pushed)
    return PushReport(endpoint, tuple(pushed), urls.product, pusher.target or "")


class _Pusher:
    def __init__(self, client: HttpClient, endpoint: str, urls: StoreUrls, batch: int,
                 progress: Progress | None, plan: Plan) -> None:
        self.client, self.endpoint, self.urls, self.batch = client, endpoint, urls, batch
        self.progress, self.plan = progress, plan
        self.stores = list(urls.stores)  # Graph Store candidates not yet ruled out
        self.updates = list(urls.updates)
        self.target: str | None = None
        self.sent = 0
        self.total = sum(_count(data) for _, data in plan)

    def run(self) -> list[PushedGraph]:
        done: list[PushedGraph] = []
        for index, (name, data) in enumerate(self.plan):
            try:
                done.append(self._one(name, data, index))
            except QueryError as exc:
                reason = exc.message
                if name is None and "HTTP" in reason:
                    reason += "; a store with no default graph of its own (Virtuoso) takes these triples with --graph IRI"
                raise QueryError(_partial(reason, index, self.plan)) from None
        return done

    def _tick(self, graphs_done: int, triples: int) -> None:
        self.sent += triples
        if self.progress is not None:
            self.progress(graphs_done, len(self.plan), self.sent, self.total)

    def _one(self, name: str | None, data: bytes, index: int) -> PushedGraph:
        count = _count(data)
        while self.stores:
            url = self.stores[0]
            response = _put(self.client, url, name, data)
            if response.status in NOT_THERE:
                self.stores.pop(0)
                continue
            if response.status == 413:  # too large for one request: this graph goes in batches
                break
            _check(response, url, f"the PUT of {_named(name)}", self.client)
            self.target = url
            self._tick(index + 1, count)
            return PushedGraph(name, count, "graph-store")
        requests = self._update(name, data, index)
        return PushedGraph(name, count, "update", requests)

    def _update(self, name: str | None, data: bytes, index: int) -> int:
        while self.updates:
            url = self.updates[0]
            try:
                requests = self._update_at(url, name, data, index)
            except _NotThere:
                self.updates.pop(0)
                continue
            self.target = url
            return requests
        tried = ", ".join(redact(u) for u in (*self.urls.stores, *self.urls.updates))
        raise QueryError(f"found no Graph Store or SPARQL Update endpoint for {redact(self.endpoint)} (tried {tried}); {HINT}")

    def _update_at(self, url: str, name: str | None, data: bytes, index: int) -> int:
        lines = data.splitlines(keepends=True)
        if len(lines) <= self.batch:
            body = f"{_drop(name)} ;\n{insert_data(name, data, self.urls.product)}"
            response = self._post(url, body)
            if response.status in (400, 413) and len(lines) > MIN_BATCH and (response.status == 413 or _too_large(response)):
                self.batch = max(MIN_BATCH, len(lines) // 2)  # the store's limit: keep under it from now on
                return self._staged(url, name, lines, index, self.batch)
            _check(response, url, f"the update of {_named(name)}", self.client)
            self._tick(index + 1, len(lines))
            return 1
        return self._staged(url, name, lines, index, self.batch)

    def _staged(self, url: str, name: str | None, lines: list[bytes], index: int, size: int) -> int:
        staging = STAGING + hashlib.sha256((name or "default").encode()).hexdigest()[:24]
        stage = ox.NamedNode(staging)
        requests = 1
        _check(self._post(url, f"DROP SILENT GRAPH {stage}"), url, f"clearing the staging graph <{staging}>", self.client)
        pending = list(_batches(lines, size))
        try:
            while pending:
                chunk = pending.pop(0)
                response = self._post(url, insert_data(staging, b"".join(chunk), self.urls.product))
                requests += 1
                if response.status == 413 or (response.status == 400 and _too_large(response)):
                    smaller = list(_batches(chunk, max(MIN_BATCH, len(chunk) // 2)))
                    if len(smaller) > 1:  # the store's limit: keep under it from now on, queued batches too
                        self.batch = max(len(c) for c in smaller)
                        pending = list(_batches([line for c in (chunk, *pending) for line in c], self.batch))
                        continue
                _check(response, url, f"a batch of {_named(name)} (into <{staging}>)", self.client)
                self._tick(index, len(chunk))
            target = "DEFAULT" if name is None else f"GRAPH {ox.NamedNode(name)}"
            _check(self._post(url, f"MOVE SILENT GRAPH {stage} TO {target}"), url, f"moving <{staging}> onto {_named(name)}", self.client)
        except QueryError:
            try:  # best effort: leave no partial copy behind for union-graph queries to see
                self._post(url, f"DROP SILENT GRAPH {stage}")
            except QueryError:
                pass
            raise
        self._tick(index + 1, 0)
        return requests + 1

    def _post(self, url: str, update: str) -> Response:
        response = self.client.send("POST", url, update.encode("utf-8"), {"Content-Type": "application/sparql-update"})
        if response.status in NOT_THERE:
            raise _NotThere(url)
        return response


class _NotThere(Exception):
    """This URL is not an Update endpoint (404, 405, 501): try the next candidate."""


def _graphs(graph: KnowledgeGraph, into: str | None) -> Iterator[tuple[str | None, bytes]]:
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


def _count(data: bytes) -> int:
    return data.count(b"\n")


def _batches(lines: list[bytes], size: int) -> Iterator[list[bytes]]:
    """Runs of at most ``size`` lines; the triples of one blank node never split across two."""
    if not any(b"_:" in line for line in lines):
        for start in range(0, len(lines), size):
            yield lines[start:start + size]
        return
    chunk: list[bytes] = []
    for group in _blank_node_groups(lines):
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk += group
    if chunk:
        yield chunk


def _blank_node_groups(lines: list[bytes]) -> list[list[bytes]]:
    """Lines grouped so that every blank node's triples are in one group (union-find over labels);
    a line without blank nodes is a group of its own."""
    parent: dict[bytes, bytes] = {}

    def root(x: bytes) -> bytes:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels_of = []
    for line in lines:
        # before the first quote only: a literal is always the object, so no blank node follows it,
        # and a "_:x" inside a literal is text
        found = _BLANK_LABEL.findall(line.split(b'"', 1)[0])
        labels_of.append(found)
        for other in found[1:]:
            parent[root(other)] = root(found[0])
    groups: dict[object, list[bytes]] = {}
    for i, (line, found) in enumerate(zip(lines, labels_of)):
        groups.setdefault(root(found[0]) if found else i, []).append(line)
    return list(groups.values())


def _probe(client: HttpClient, endpoint: str) -> str:
    """Ask the endpoint ``ASK {}``: is it SPARQL at all? Its ``Server`` header names the store."""
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode({'query': 'ASK {}'})}"
    response = client.send("GET", url, None, {"Accept": "application/sparql-results+json"})
    if response.status in (401, 403):
        raise QueryError(auth_hint(endpoint, response, client.credentials))
    if response.status == 404:
        raise QueryError(f"no SPARQL endpoint at {redact(endpoint)} (HTTP 404); give the store's query endpoint, "
                         "e.g. http://127.0.0.1:7878/query (Oxigraph), …:8890/sparql (Virtuoso), …/ds/query (Fuseki)")
    if not response.ok:
        raise QueryError(f"{redact(endpoint)} answered HTTP {response.status}: {response.text()}")
    try:
        answer = json.loads(response.body)
        if not isinstance(answer, dict) or "boolean" not in answer:
            raise ValueError
    except ValueError:
        kind = response.headers.get("Content-Type", "unknown content")
        raise QueryError(f"{redact(endpoint)} is not a SPARQL endpoint: ASK {{}} came back as {kind}, not SPARQL results") from None
    return response.headers.get("Server", "")


def _put(client: HttpClient, store_url: str, name: str | None, data: bytes) -> Response:
    target = {"graph": name} if name is not None else {"default": ""}
    url = f"{store_url}{'&' if '?' in store_url else '?'}{urllib.parse.urlencode(target)}"
    return client.send("PUT", url, data, {"Content-Type": NTRIPLES})


def _check(response: Response, url: str, what: str, client: HttpClient) -> None:
    if response.ok:
        return
    if response.status in (401, 403):
        raise QueryError(auth_hint(url, response, client.credentials))
    raise QueryError(f"{redact(url)} refused {what} (HTTP {response.status}): {response.text()}")


def _too_large(response: Response) -> bool:
    text = response.text(2000).lower()
    return any(word in text for word in ("memory", "exceeded", "too large", "too long", "limit"))


def _drop(name: str | None) -> str:
    return "DROP SILENT DEFAULT" if name is None else f"DROP SILENT GRAPH {ox.NamedNode(name)}"


def _named(name: str | None) -> str:
    return "the default graph" if name is None else f"graph <{name}>"


def _partial(reason: str, failed: int, plan: Plan) -> str:
    names = [_named(n) for n, _ in plan]
    if len(names) == 1:
        return f"{reason}\nthe store still holds its old version of {names[0]}"
    new, old = names[:failed], names[failed:]
    lines = [f"push stopped at {names[failed]} ({failed + 1} of {len(names)}): {reason}"]
    lines.append(f"  replaced by this push ({len(new)}): {_some(new)}")
    lines.append(f"  still the store's old version ({len(old)}): {_some(old)}")
    lines.append("  no graph is half old, half new; once the cause is fixed, re-running the same push completes it")
    return "\n".join(lines)


def _some(names: list[str], shown: int = 5) -> str:
    if not names:
        return "none"
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _confirm(client: HttpClient, endpoint: str, pushed: list[PushedGraph]) -> None:
    """The store's own count of each named graph pushed must equal what was sent."""
    named = [g for g in pushed if g.graph is not None]
    if named:
        values = " ".join(str(ox.NamedNode(g.graph)) for g in named)  # type: ignore[arg-type]
        sparql = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        counts = {row.get("g"): int(row.get("n", 0)) for row in _select(client, endpoint, sparql)}
        for g in named:
            held = counts.get(g.graph, 0)
            if held != g.triples:
                raise QueryError(
                    f"{redact(endpoint)} holds {held} triples in graph <{g.graph}> after the push, not the "
                    f"{g.triples} sent: the store did not keep them all (re-run the push; if it persists, "
                    "the store changes data as it loads it)"
                )
    for g in pushed:
        if g.graph is None:  # a store whose default graph is the union of all holds more, never less
            (row,) = _select(client, endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") or [{"n": 0}]
            if int(row["n"]) < g.triples:
                raise QueryError(f"{redact(endpoint)} holds {row['n']} triples in its default graph after the push, "
                                 f"fewer than the {g.triples} sent")


def _select(client: HttpClient, endpoint: str, sparql: str) -> list[dict[str, str]]:
    response = client.send("POST", endpoint, urllib.parse.urlencode({"query": sparql}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "application/sparql-results+json"})
    if not response.ok:
        raise QueryError(f"could not confirm the push: {redact(endpoint)} answered HTTP {response.status} to a count: {response.text()}")
    try:
        bindings = json.loads(response.body)["results"]["bindings"]
        return [{k: v["value"] for k, v in b.items()} for b in bindings]
    except (ValueError, KeyError, TypeError):
        raise QueryError(f"could not confirm the push: {redact(endpoint)} answered a count with {response.text(200)}") from None
