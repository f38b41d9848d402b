"""Degree and betweenness against figures worked out by hand, not by the library the code uses
(networkx): a five-node graph whose shortest paths can be counted on paper.

    A1 —bearer— N1 —beneficiary— A2 —bearer— N2
                 └——instrument—— I ——instrument——┘

Undirected, N1 touches A1, A2 and I; N2 touches A2 and I. Shortest paths between the ten pairs:
A1–A2 via N1; A1–I via N1; A1–N2 via N1,A2 or N1,I (two, each half); A2–I via N1 or N2 (half
each); N1–N2 via A2 or I (half each). Betweenness (normalised by (5-1)(5-2)/2 = 6): N1 = 3.5/6,
A2 = 1/6, I = 1/6, N2 = 0.5/6, A1 = 0. Degree: N1 3, A2 2, I 2, N2 2, A1 1; degree centrality
= degree / 4."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from normgraph.graph import network as N
from normgraph.graph.store import KnowledgeGraph
from normgraph.graph.view import render_html

NG = "https://w3id.org/normgraph/ontology#"
EX = "https://w3id.org/normgraph/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DEGREE = {"actor/a1": 1, "actor/a2": 2, "norm/n1": 3, "norm/n2": 2, "instrument/i": 2}
BETWEENNESS = {"actor/a1": 0.0, "actor/a2": 1 / 6, "norm/n1": 3.5 / 6, "norm/n2": 0.5 / 6, "instrument/i": 1 / 6}


@pytest.fixture(scope="module")
def small() -> KnowledgeGraph:
    store = ox.Store()
    g = ox.NamedNode(EX + "graph/small")

    def node(name: str, *classes: str) -> ox.NamedNode:
        iri = ox.NamedNode(EX + name)
        for c in classes:
            store.add(ox.Quad(iri, RDF_TYPE, ox.NamedNode(NG + c), g))
        store.add(ox.Quad(iri, LABEL, ox.Literal(name.split("/")[1].upper()), g))
        return iri

    a1, a2 = node("actor/a1", "Actor"), node("actor/a2", "Actor")
    n1, n2 = node("norm/n1", "Norm", "Obligation"), node("norm/n2", "Norm", "Recommendation")
    i = node("instrument/i", "Instrument", "Convention")
    for s, p, o in ((n1, "bearer", a1), (n1, "beneficiary", a2), (n1, "instrument", i), (n2, "bearer", a2),
                    (n2, "instrument", i)):  # fmt: skip
        store.add(ox.Quad(s, ox.NamedNode(NG + p), o, g))
    return KnowledgeGraph(store)


def test_the_analysis_gives_the_figures_worked_out_by_hand(small):
    report = N.analyse(N.project(small), top=5)
    assert (report.nodes, report.edges) == (5, 5)
    assert [len(report.components)] == [1] and report.components[0].size == 5
    assert [(r.iri.removeprefix(EX), r.degree) for r in report.actors] == [("actor/a2", 2), ("actor/a1", 1)]
    assert [(r.iri.removeprefix(EX), r.degree) for r in report.instruments] == [("instrument/i", 2)]
    for row in (*report.actors, *report.instruments):
        name = row.iri.removeprefix(EX)
        assert row.degree == DEGREE[name]
        assert row.degree_centrality == pytest.approx(DEGREE[name] / 4)
        assert row.betweenness == pytest.approx(BETWEENNESS[name])
    # A2 bears one norm, A1 one; each norm is asserted nowhere
    assert sorted((r.iri.removeprefix(EX), r.norms) for r in report.bearers) == [("actor/a1", 1), ("actor/a2", 1)]


def test_the_page_sizes_nodes_by_the_figures_worked_out_by_hand(small):
    import json
    import re

    page = render_html(small)
    (data,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    nodes = {n["iri"].removeprefix(EX): n for n in json.loads(data)["nodes"]}
    assert set(nodes) == set(DEGREE)
    for name, node in nodes.items():
        assert node["degree"] == DEGREE[name], name
        assert node["betweenness"] == pytest.approx(BETWEENNESS[name], abs=1e-6), name  # the page keeps 6 digits
