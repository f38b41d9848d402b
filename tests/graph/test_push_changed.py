"""Push replaces: a graph pushed, then a changed version of it (one triple removed, one added)
pushed again, leaves the store holding exactly the new version — on a real Oxigraph server and a
real Virtuoso, through the Graph Store Protocol, through SPARQL Update in staged batches, and
merged into one graph (``--graph``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from conftest import DATA, oxigraph_server
from normgraph import build_graph
from normgraph.graph._http import Credentials
from normgraph.graph.push import push
from normgraph.graph.remote import Endpoint
from normgraph.graph.store import KnowledgeGraph
from normgraph.queries import run_sparql

NG = "https://w3id.org/normgraph/ontology#"
DOC = "https://w3id.org/normgraph/id/graph/mini-doc"
NORM = ox.NamedNode("https://w3id.org/normgraph/id/doc/mini-doc/p1/protect-victims")
ACTION = ox.NamedNode(NG + "action")
COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
INTO = "https://example.org/normgraph/all-in-one"
ADDED = "added in the second version"


def _versions() -> tuple[KnowledgeGraph, KnowledgeGraph, ox.Quad, ox.Quad]:
    old = build_graph(DATA / "mini-corpus")
    new = build_graph(DATA / "mini-corpus")
    (removed,) = new.store.quads_for_pattern(NORM, ACTION, None, ox.NamedNode(DOC))
    new.store.remove(removed)
    added = ox.Quad(NORM, COMMENT, ox.Literal(ADDED), ox.NamedNode(DOC))
    new.store.add(added)
    assert len(new) == len(old)  # the same count: only the contents tell the versions apart
    return old, new, removed, added


def _rows(source, graph: str) -> Counter:  # type: ignore[no-untyped-def]
    """The graph's triples as the local engine prints them, blank nodes as one placeholder (made in
    the query: each store labels blank nodes its own way)."""
    result = run_sparql(source, f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s0 ?p ?o0 }}
        BIND(IF(isBlank(?s0), "_:", ?s0) AS ?s) BIND(IF(isBlank(?o0), "_:", ?o0) AS ?o) }}""")
    rows = []
    for row in result.records():
        rows.append(tuple("_:" if str(row[k]).startswith("_:") else str(row[k]) for k in ("s", "p", "o")))
    return Counter(rows)


def _local_merged(graph: KnowledgeGraph) -> Counter:
    merged = KnowledgeGraph(ox.Store())
    merged.store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(INTO)) for q in graph.store)
    return _rows(merged, INTO)


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    with oxigraph_server() as base:
        yield base


@pytest.fixture(params=["oxigraph", "virtuoso"])
def target(request) -> dict:  # type: ignore[no-untyped-def]
    if request.param == "oxigraph":
        base = request.getfixturevalue("oxigraph")
        return {"query": f"{base}/query", "update": f"{base}/update", "credentials": None, "clear": None}
    virtuoso = request.getfixturevalue("virtuoso")
    virtuoso.clear()
    from virtuoso import USER

    return {"query": virtuoso.sparql, "update": virtuoso.sparql + "-auth",
            "credentials": Credentials(USER, virtuoso.password), "clear": virtuoso.clear}  # fmt: skip


@pytest.mark.parametrize("method", ["graph-store", "update", "into"])
def test_a_changed_graph_replaces_the_old_one(target, method):
    old, new, removed, added = _versions()
    options: dict = {"credentials": target["credentials"]}
    if method == "update":
        options |= {"update_url": target["update"], "batch": 50}  # several batches through a staging graph
    if method == "into":
        options |= {"into": INTO}
    endpoint = Endpoint(target["query"], credentials=target["credentials"])
    try:
        push(old, target["query"], **options)
        graphs = [INTO] if method == "into" else [g.value for g in old.graphs()]
        assert _rows(endpoint, graphs[0]) == (_local_merged(old) if method == "into" else _rows(old, graphs[0]))
        report = push(new, target["query"], **options)
        assert {g.method for g in report.graphs} == {"update" if method == "update" else "graph-store"}
        assert [g.graph for g in report.graphs] == graphs
        for name in graphs:  # every graph holds exactly the new version
            expected = _local_merged(new) if method == "into" else _rows(new, name)
            assert _rows(endpoint, name) == expected, name
        where = INTO if method == "into" else DOC
        on_store = _rows(endpoint, where)
        assert (NORM.value, COMMENT.value, ADDED) in on_store
        assert (NORM.value, ACTION.value, removed.object.value) not in on_store
        assert sum(on_store.values()) == (len(new) if method == "into" else len(list(new.store.quads_for_pattern(None, None, None, ox.NamedNode(DOC)))))
        staging = run_sparql(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                       "FILTER(STRSTARTS(STR(?g), 'urn:normgraph:staging:')) }")  # fmt: skip
        assert len(staging) == 0
    finally:
        if target["clear"] is not None:
            target["clear"]()
        else:
            import urllib.request

            request = urllib.request.Request(target["update"], data=b"DROP ALL", method="POST",
                                             headers={"Content-Type": "application/sparql-update"})  # fmt: skip
            urllib.request.urlopen(request, timeout=30).close()
