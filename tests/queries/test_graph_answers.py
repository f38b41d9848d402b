"""CONSTRUCT and DESCRIBE answers as graphs: Turtle with the exports' prefixes, from Python and
from `normgraph query`, and the same triples as before."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from normgraph import FORMATS, KnowledgeGraph, QueryError, serialize

NG = "https://w3id.org/normgraph/ontology#"
CONSTRUCT = f"CONSTRUCT {{ ?n a ?t ; <{NG}bearer> ?b }} WHERE {{ ?n a ?t ; <{NG}bearer> ?b ; <{NG}assertedIn>/<{NG}number> 38 }}"


def test_a_construct_answer_is_prefixed_turtle_with_the_same_triples(seed_graph):
    result = seed_graph.run(CONSTRUCT)
    turtle = result.serialize()
    assert "@prefix ng: <https://w3id.org/normgraph/ontology#> ." in turtle
    assert " a ng:" in turtle and "ng:bearer <https://w3id.org/normgraph/id/actor/" in turtle
    body = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix"))
    assert body.strip() and f"<{NG}" not in body  # the statements write no ng: IRI in full
    parsed = {q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)}
    assert parsed == set(result.triples) and len(parsed) > 4
    assert result.render("table") == turtle  # what `normgraph query` prints
    # a graph like any other: exported the same way, in every format
    graph = result.graph()
    assert isinstance(graph, KnowledgeGraph) and len(graph) == len(result)
    for name in FORMATS:
        assert result.serialize(name) == serialize(graph, name).decode()
    # and to rdflib, with the prefixes bound
    as_rdflib = result.to_rdflib()
    assert len(as_rdflib) == len(result) and "ng:bearer" in as_rdflib.serialize(format="turtle")


def test_describe_too(seed_graph):
    result = seed_graph.run("DESCRIBE <https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/p38>")
    assert result.kind == "graph" and "ng:number 38" in result.serialize()


def test_a_select_answer_is_not_a_graph(seed_graph):
    with pytest.raises(QueryError, match="this is a SELECT answer, not a graph: only CONSTRUCT and DESCRIBE give one"):
        seed_graph.run("SELECT * WHERE { ?s ?p ?o } LIMIT 1").serialize()


def test_normgraph_query_prints_construct_with_prefixes():
    done = subprocess.run([sys.executable, "-m", "normgraph", "query", "--sparql", CONSTRUCT],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("@prefix ") and "@prefix ng: <https://w3id.org/normgraph/ontology#> ." in done.stdout
    assert " a ng:" in done.stdout
    graph = rdflib.Graph().parse(data=done.stdout, format="turtle")
    assert len(graph) > 4 and (None, rdflib.RDF.type, rdflib.URIRef(NG + "Obligation")) in graph
