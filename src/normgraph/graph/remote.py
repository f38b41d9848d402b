"""A remote SPARQL 1.1 endpoint, queried through SPARQLWrapper, answering in the same shapes as
the local store (pyoxigraph results), so named queries run unchanged on either.

Every failure — the endpoint down, an HTTP error, a malformed query refused, no answer in time —
becomes a one-line :class:`QueryError`.
"""

from __future__ import annotations

import socket
import urllib.error
import warnings
from dataclasses import dataclass

import pyoxigraph as ox

from .._sparql import query_form
from ..errors import QueryError

# Above this many characters a query goes by POST (URL-encoded), below by GET.
POST_ABOVE = 1500


@dataclass(frozen=True)
class Endpoint:
    """``url`` is the query endpoint (e.g. ``http://127.0.0.1:7878/query``).

    ``union_default_graph`` asks the store to answer over all named graphs, as the local engine
    does (Oxigraph's ``union-default-graph`` parameter; GraphDB and Virtuoso do so by default,
    Fuseki needs ``tdb2:unionDefaultGraph`` in its configuration)."""

    url: str
    timeout: float = 30.0
    union_default_graph: bool = True

    def query(self, sparql: str) -> object:
        """Run SPARQL; returns QuerySolutions, QueryBoolean or a list of triples."""
        from SPARQLWrapper import GET, POST, SPARQLWrapper

        form = query_form(sparql)
        if form == "UPDATE":
            raise QueryError("this is an update, not a query: normgraph query only reads")
        client = SPARQLWrapper(self.url)
        client.setQuery(sparql)
        client.queryType = form or "SELECT"  # SPARQLWrapper's own guess reads keywords in comments
        client.setTimeout(max(1, round(self.timeout)))
        client.setMethod(POST if len(sparql) > POST_ABOVE else GET)
        if self.union_default_graph:
            client.addParameter("union-default-graph", "true")
        graph_answer = form in ("CONSTRUCT", "DESCRIBE")
        client.setReturnFormat("turtle" if graph_answer else "json")
        if graph_answer:
            client.addCustomHttpHeader("Accept", "text/turtle, application/n-triples;q=0.9")
        with warnings.catch_warnings():  # SPARQLWrapper warns on stderr about query types it cannot guess
            warnings.simplefilter("ignore")
            data = self._fetch(client)
        from ..queries._results import QueryResult

        try:
            if graph_answer:
                return QueryResult("graph", triples=tuple(ox.parse(data, format=ox.RdfFormat.TURTLE))).canonical()
            answer = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return QueryResult.from_pyoxigraph(answer).canonical()
        except (SyntaxError, ValueError) as exc:
            if b"operation has been cancelled" in data[-200:]:
                raise QueryError(f"{self.url} stopped the query: it ran past the server's timeout") from None
            raise QueryError(f"{self.url} answered something that is not SPARQL results: {_line(exc)}") from None

    def _fetch(self, client: object) -> bytes:
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError,
            EndPointNotFound,
            QueryBadFormed,
            SPARQLWrapperException,
            Unauthorized,
            URITooLong,
        )

        try:
            response = client.query()  # type: ignore[attr-defined]
            return bytes(response.response.read())
        except QueryBadFormed as exc:
            raise QueryError(f"{self.url} refused the query as malformed: {_detail(exc)}") from None
        except EndPointNotFound:
            raise QueryError(f"no SPARQL endpoint at {self.url} (HTTP 404)") from None
        except EndPointInternalError as exc:
            raise QueryError(f"{self.url} failed (HTTP 500): {_detail(exc)}") from None
        except Unauthorized:
            raise QueryError(f"{self.url} needs authentication (HTTP 401)") from None
        except URITooLong:
            raise QueryError(f"{self.url} refused a long query URL (HTTP 414)") from None
        except SPARQLWrapperException as exc:
            raise QueryError(f"{self.url}: {_detail(exc)}") from None
        except urllib.error.HTTPError as exc:
            raise QueryError(f"{self.url} answered HTTP {exc.code}: {_line(exc.read()[:300].decode('utf-8', 'replace') or exc.reason)}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise QueryError(f"no answer from {self.url} within {self.timeout:g} s") from None
            raise QueryError(f"cannot reach {self.url}: {_line(exc.reason)}") from None
        except (socket.timeout, TimeoutError):
            raise QueryError(f"no answer from {self.url} within {self.timeout:g} s") from None
        except (ConnectionError, OSError) as exc:
            raise QueryError(f"cannot reach {self.url}: {_line(exc)}") from None


def _line(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 300 else text[:299] + "…"


def _detail(exc: BaseException) -> str:
    # SPARQLWrapper puts a fixed preamble before the server's own words; keep the words.
    text = str(exc)
    for marker in ("Response:\n", "Response: "):
        if marker in text:
            text = text.split(marker, 1)[1]
    text = text.strip().removeprefix("b'").removeprefix('b"').rstrip("'\"")
    return _line(text.replace("\\n", " "))
