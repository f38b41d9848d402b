"""Where a store keeps its Graph Store and Update endpoints, from its query endpoint's URL and the
``Server`` header it answers with. Stores name them differently:

=========  =============================  ==========================================  =====================
store      query endpoint                 Graph Store (PUT per graph)                 SPARQL Update
=========  =============================  ==========================================  =====================
Oxigraph   ``/query``                     ``/store``                                  ``/update``
Fuseki     ``/ds/query``, ``/ds/sparql``  ``/ds/data``                                ``/ds/update``
GraphDB    ``/repositories/X``            ``/repositories/X/rdf-graphs/service``      ``…/X/statements``
Virtuoso   ``/sparql``                    ``/sparql-graph-crud`` (``-auth`` + user)   ``/sparql`` (``/sparql-auth``)
=========  =============================  ==========================================  =====================

Push tries the candidates in order: a 404, 405 or 501 moves on to the next.

:func:`insert_data` writes the SPARQL Update that adds N-Triples to a graph, around two
quirks of Virtuoso 7's SPARQL compiler, which (1) refuses blank nodes in ``INSERT DATA`` and (2)
stores ``"50"^^xsd:decimal`` as the integer 50 (``"50.0"`` it keeps a decimal).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

HINT = (
    "give --store URL (Graph Store) or --update URL (SPARQL Update): e.g. Oxigraph …/store, "
    "Fuseki /ds/data, GraphDB /repositories/X/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth"
)


@dataclass(frozen=True)
class StoreUrls:
    product: str  # "Virtuoso", "Oxigraph", "Fuseki", "GraphDB" or "" when unknown
    stores: tuple[str, ...]  # Graph Store Protocol candidates, best first
    updates: tuple[str, ...]  # SPARQL Update candidates, best first


def product_of(server_header: str, endpoint: str) -> str:
    server = server_header.lower()
    path = urllib.parse.urlsplit(endpoint).path
    if "virtuoso" in server:
        return "Virtuoso"
    if "oxigraph" in server:
        return "Oxigraph"
    if "fuseki" in server or "jetty" in server:
        return "Fuseki"
    if "graphdb" in server or re.search(r"/repositories/[^/]+/?$", path):
        return "GraphDB"
    return ""


def store_urls(endpoint: str, server_header: str = "", *, authenticated: bool = False,
               store: str | None = None, update: str | None = None) -> StoreUrls:
    """The candidates for ``endpoint``; ``store``/``update`` given by the user are the only ones."""
    product = product_of(server_header, endpoint)
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    head, _, tail = path.rpartition("/")
    if product == "GraphDB":
        base = re.sub(r"/(statements|rdf-graphs/service)$", "", path)
        stores, updates = [at(f"{base}/rdf-graphs/service")], [at(f"{base}/statements")]
    elif product == "Virtuoso":
        root = head if tail.startswith("sparql") else path
        crud, sparql = at(f"{root}/sparql-graph-crud"), at(f"{root}/sparql")
        if authenticated:  # Virtuoso asks for credentials only on its -auth endpoints
            stores, updates = [crud + "-auth"], [sparql + "-auth"]
        else:
            stores, updates = [crud], [sparql]
    else:
        base = head if tail in ("query", "sparql") else path
        stores = [at(f"{base}/store"), at(f"{base}/data")] if product != "Oxigraph" else [at(f"{base}/store")]
        updates = [at(f"{base}/update")]
        if product == "Fuseki":
            stores = [at(f"{base}/data"), at(base)]
            updates = [at(f"{base}/update"), at(base)]
    return StoreUrls(
        product,
        (store,) if store else tuple(dict.fromkeys(stores)),
        (update,) if update else tuple(dict.fromkeys(updates)),
    )


_WHOLE_DECIMAL = re.compile(rb'"(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


def insert_data(graph: str | None, ntriples: bytes, product: str = "") -> str:
    """SPARQL Update adding ``ntriples`` to ``graph`` (None: the default graph) on ``product``."""
    if product == "Virtuoso":
        # An unescaped quote only ever delimits a literal in N-Triples, so this never edits text.
        ntriples = _WHOLE_DECIMAL.sub(rb'"\1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', ntriples)
    triples = ntriples.decode("utf-8")
    block = triples if graph is None else f"GRAPH {ox.NamedNode(graph)} {{\n{triples}}}"
    if product == "Virtuoso" and b"_:" in ntriples:
        return f"INSERT {{ {block} }} WHERE {{ }}"  # fresh blank nodes, as INSERT DATA would make
    return f"INSERT DATA {{ {block} }}"
