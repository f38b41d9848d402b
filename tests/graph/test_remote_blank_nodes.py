"""Blank nodes in a store's SPARQL results: Virtuoso labels them `nodeID://b10001`, which SPARQL
results parsers (pyoxigraph's) refuse; normgraph reads them as the nodes they are."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from normgraph.graph.remote import Endpoint, _blank_label, _readable_blank_nodes
from normgraph.queries import run_sparql


def test_virtuoso_blank_nodes_are_read_and_keep_their_identity(virtuoso):
    virtuoso.sql('SPARQL INSERT { GRAPH <urn:t:bnodes> { _:x <urn:t:p> _:y . _:y <urn:t:p> "v" } } WHERE { }')
    try:
        query = "SELECT ?s ?o WHERE { GRAPH <urn:t:bnodes> { ?s <urn:t:p> ?o } }"
        rows = run_sparql(Endpoint(virtuoso.sparql), query).records()
        assert len(rows) == 2
        (chain,) = [r for r in rows if str(r["o"]).startswith("_:")]
        (end,) = [r for r in rows if not str(r["o"]).startswith("_:")]
        assert str(end["o"]) == "v" and chain["o"] == end["s"] and chain["s"] != end["s"]
        # the same labels as the store's own Turtle gives them
        graph = run_sparql(Endpoint(virtuoso.sparql),
                           "CONSTRUCT { ?s <urn:t:p> ?o } WHERE { GRAPH <urn:t:bnodes> { ?s <urn:t:p> ?o } }")
        assert {str(t.subject) for t in graph.triples} == {str(r["s"]) for r in rows}
    finally:
        virtuoso.sql("SPARQL CLEAR GRAPH <urn:t:bnodes>")


def test_labels_are_rewritten_only_where_needed():
    assert _blank_label("nodeID://b10001") == "b10001"
    assert _blank_label("b1") == "b1"
    assert _blank_label("a:b") == "x" + "a:b".encode().hex()
    assert _blank_label("x1") == "xx1"
    plain = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:a"}}]}}'
    assert _readable_blank_nodes(plain) is plain
    assert _readable_blank_nodes(b'"bnode" not json') == b'"bnode" not json'


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=8, unique=True))
def test_distinct_labels_stay_distinct(labels):
    rewritten = [_blank_label(label) for label in labels]
    assert len(set(rewritten)) == len(labels)
    data = json.dumps({"head": {"vars": ["b"]}, "results": {"bindings": [
        {"b": {"type": "bnode", "value": label}} for label in labels]}}).encode()
    values = [row["b"]["value"] for row in json.loads(_readable_blank_nodes(data))["results"]["bindings"]]
    assert values == rewritten
