"""A remote SPARQL 1.1 endpoint, queried through SPARQLWrapper, answering in the same shapes as
the local store (pyoxigraph results), so named queries run unchanged on either.

Every failure — the endpoint down, an HTTP error, a malformed query refused, no answer in time —
becomes a one-line :class:`QueryError`, with no password in it.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field

import pyoxigraph as ox

from .._help import Brief
from .._sparql import query_form
from ..errors import QueryError
from ._http import Credentials, HttpClient, auth_hint, one_line, redact, split_credentials

# Above this many characters a query goes by POST (URL-encoded), below by GET.
POST_ABOVE = 1500


@dataclass(frozen=True)
class Endpoint(metaclass=Brief):
    """``url`` is the query endpoint (e.g. ``http://127.0.0.1:7878/query``).

    ``union_default_graph`` asks the store to answer over all named graphs, as the local engine
    does (Oxigraph's ``union-default-graph`` parameter; GraphDB and Virtuoso do so by default,
    Fuseki needs ``tdb2:unionDefaultGraph`` in its configuration). ``credentials`` are sent only
    if the store asks, in the scheme it asks for (Basic or Digest); a ``user:password@`` in the URL
    is taken out of it and used the same way."""

    url: str
    timeout: float = 30.0
    union_default_graph: bool = True
    credentials: Credentials | None = field(default=None, repr=False)

    _client: HttpClient = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        url, user, password = split_credentials(self.url)
        if user is not None:
            object.__setattr__(self, "url", url)
            if self.credentials is None:
                object.__setattr__(self, "credentials", Credentials(user, password or ""))
        # one client per endpoint: it remembers the store's challenge, so a query is one request
        object.__setattr__(self, "_client", HttpClient(self.credentials, self.timeout))

    def query(self, sparql: str) -> object:
        """Run SPARQL; returns a :class:`~normgraph.queries.QueryResult`."""
        from SPARQLWrapper import GET, POST, SPARQLWrapper

        from ..queries._results import QueryResult

        form = query_form(sparql)
        if form == "UPDATE":
            raise QueryError("this is an update, not a query: normgraph query only reads")
        client = SPARQLWrapper(self.url)  # builds the SPARQL Protocol request; _http sends it
        client.setQuery(sparql)
        client.queryType = form or "SELECT"  # SPARQLWrapper's own guess reads keywords in comments
        client.setMethod(POST if len(sparql) > POST_ABOVE else GET)
        if self.union_default_graph:
            client.addParameter("union-default-graph", "true")
        graph_answer = form in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat("turtle" if graph_answer else "json")
        with warnings.catch_warnings():  # SPARQLWrapper warns on stderr about query types it cannot guess
            warnings.simplefilter("ignore")
            request = client._createRequest()
        headers = dict(request.header_items())
        if graph_answer:
            headers["Accept"] = "text/turtle, application/n-triples;q=0.9"
        data = self._fetch(request.get_method(), request.full_url, request.data, headers)
        try:
            if graph_answer:
                return QueryResult("graph", triples=tuple(ox.parse(data, format=ox.RdfFormat.TURTLE))).canonical()
            answer = ox.parse_query_results(_readable_blank_nodes(data), format=ox.QueryResultsFormat.JSON)
            return QueryResult.from_pyoxigraph(answer).canonical()
        except (SyntaxError, ValueError) as exc:
            if b"operation has been cancelled" in data[-200:]:
                raise QueryError(f"{redact(self.url)} stopped the query: it ran past the server's timeout") from None
            raise QueryError(f"{redact(self.url)} answered something that is not SPARQL results: {one_line(exc)}") from None

    def _fetch(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        response = self._client.send(method, url, body, headers)
        where = redact(self.url)
        if response.ok:
            if response.headers.get("X-SPARQL-MaxRows"):  # Virtuoso cut the answer at its ResultSetMaxRows
                raise QueryError(
                    f"{where} cut the answer at {response.headers['X-SPARQL-MaxRows']} rows (its ResultSetMaxRows); "
                    "raise that limit in the store or narrow the query"
                )
            return response.body
        status = response.status
        if status in (401, 403):
            raise QueryError(auth_hint(self.url, response, self.credentials))
        if status == 400:
            raise QueryError(f"{where} refused the query as malformed: {response.text()}")
        if status == 404:
            raise QueryError(f"no SPARQL endpoint at {where} (HTTP 404)")
        if status == 414:
            raise QueryError(f"{where} refused a long query URL (HTTP 414)")
        if status == 500:
            raise QueryError(f"{where} failed (HTTP 500): {response.text()}")
        raise QueryError(f"{where} answered HTTP {status}: {response.text()}")


def _readable_blank_nodes(data: bytes) -> bytes:
    """JSON results with every blank node label one SPARQL results may carry. Virtuoso writes
    ``nodeID://b10001`` for the node its Turtle calls ``_:b10001``: the prefix goes; any other
    label that is not a valid one is spelled in hex (one label, one node, as before)."""
    if b'"bnode"' not in data:
        return data
    try:
        document = json.loads(data)
        rows = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return data  # not results JSON: the parser below says so
    for row in rows:
        for term in row.values() if isinstance(row, dict) else ():
            if isinstance(term, dict) and term.get("type") == "bnode" and isinstance(term.get("value"), str):
                term["value"] = _blank_label(term["value"])
    return json.dumps(document).encode()


def _blank_label(value: str) -> str:
    # Injective: a hex spelling starts with one "x" then hex digits; a valid label that starts
    # with "x" gains a second, so the two kinds never meet.
    label = value.removeprefix("nodeID://")
    if not _PLAIN_LABEL.fullmatch(label):
        return "x" + value.encode("utf-8").hex()
    return "x" + label if label.startswith("x") else label


_PLAIN_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
"""Blank node labels valid in every RDF syntax (the ASCII part of SPARQL's BLANK_NODE_LABEL)."""
