"""normgraph ⇄ rdflib: KnowledgeGraph.to_rdflib() (a Dataset, or one merged Graph) and
normgraph.from_rdflib (Graph, ConjunctiveGraph, Dataset), on the seed and on generated graphs."""

from __future__ import annotations

import datetime
import warnings
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import normgraph
from normgraph import KnowledgeGraph, NormgraphError, from_rdflib

# rdflib says so when it meets an ill-typed boolean, which the generated graphs hold on purpose
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")

XSD = "http://www.w3.org/2001/XMLSchema#"
NG = "https://w3id.org/normgraph/ontology#"


def test_the_seed_goes_to_a_dataset_with_its_named_graphs_and_back_unchanged(seed_graph):
    dataset = seed_graph.to_rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {g.value for g in seed_graph.graphs()}
    for name in seed_graph.graphs():
        assert len(dataset.graph(rdflib.URIRef(name.value))) == len(list(seed_graph.quads(name)))
    back = from_rdflib(dataset)
    assert set(back.store) == set(seed_graph.store)  # every quad, in the same graph
    # and it is a graph like any other: the same answers, the same export
    assert normgraph.run_named(back, "norms-by-role", {"role": "transit"}) == normgraph.run_named(
        seed_graph, "norms-by-role", {"role": "transit"})
    assert normgraph.serialize(back, "nquads") == normgraph.serialize(seed_graph, "nquads")


def test_merged_is_one_graph_of_the_union_with_the_exports_prefixes(seed_graph):
    merged = seed_graph.to_rdflib(merged=True)
    assert type(merged) is rdflib.Graph
    assert len(merged) == len({q.triple for q in seed_graph.store})
    assert dict(merged.namespaces())["ng"] == rdflib.URIRef(NG)
    turtle = merged.serialize(format="turtle")
    assert "@prefix ng: <https://w3id.org/normgraph/ontology#> ." in turtle and " ng:Obligation" in turtle
    # rdflib's own query engine answers like the store does
    rdflib_count = len(merged.query(f"SELECT ?n WHERE {{ ?n a <{NG}Obligation> }}"))
    assert rdflib_count == len(seed_graph.run(f"SELECT ?n WHERE {{ ?n a <{NG}Obligation> }}"))
    # a plain Graph comes back into the default graph
    back = from_rdflib(merged)
    assert back.graphs() == [] and len(back) == len(merged)
    assert isomorphic(back.to_rdflib(merged=True), merged)


def test_a_conjunctive_graph_keeps_its_contexts_and_its_default_graph():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7 deprecates it; users still have them
        conjunctive = rdflib.ConjunctiveGraph()
    s, p = rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p")
    conjunctive.get_context(rdflib.URIRef("urn:g1")).add((s, p, rdflib.Literal("in g1")))
    conjunctive.add((s, p, rdflib.Literal("default")))
    graph = from_rdflib(conjunctive)
    assert {(q.object.value, str(q.graph_name)) for q in graph.store} == {
        ("in g1", "<urn:g1>"), ("default", "DEFAULT")}


def test_blank_nodes_and_literal_forms_survive_both_ways():
    store = ox.Store()
    b1, b2 = ox.BlankNode("b1"), ox.BlankNode("b2")
    p = ox.NamedNode("urn:p")
    graph_name = ox.NamedNode("urn:g")
    literals = [
        ox.Literal("Guten Tag", language="de-ch"),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("2.5", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("2008-04-14", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("not a number", datatype=ox.NamedNode(XSD + "integer")),  # ill-typed: kept as written
        ox.Literal("x", datatype=ox.NamedNode("urn:my-datatype")),
        ox.Literal("plain\nwith a line break and \u202e"),
    ]
    store.add(ox.Quad(b1, p, b2, graph_name))
    store.add(ox.Quad(b2, p, b1))  # the default graph
    store.extend(ox.Quad(b1, ox.NamedNode(f"urn:p{i}"), lit, graph_name) for i, lit in enumerate(literals))
    graph = KnowledgeGraph(store)
    dataset = graph.to_rdflib()
    objects = {o for _, _, o in dataset.graph(rdflib.URIRef("urn:g"))}
    assert rdflib.Literal("Guten Tag", lang="de-ch") in objects
    assert rdflib.Literal("42", datatype=rdflib.XSD.integer) in objects
    assert any(isinstance(o, rdflib.Literal) and str(o) == "not a number" and o.datatype == rdflib.XSD.integer
               for o in objects)
    assert rdflib.Literal("plain\nwith a line break and \u202e") in objects  # xsd:string is rdflib's plain
    assert set(from_rdflib(dataset).store) == set(store)  # blank nodes keep their labels


def test_rdflib_lexical_forms_become_the_stores_canonical_forms():
    """What the store does to any literal (pyoxigraph keeps typed literals in canonical form):
    the value survives, the spelling may not."""
    graph = rdflib.Graph()
    values = [Decimal("1.50"), 1e20, datetime.datetime(2008, 4, 1, 12, tzinfo=datetime.timezone.utc)]
    for i, value in enumerate(values):
        graph.add((rdflib.URIRef(f"urn:s{i}"), rdflib.URIRef("urn:p"), rdflib.Literal(value)))
    back = from_rdflib(graph).to_rdflib(merged=True)
    for i, value in enumerate(values):
        literal = back.value(rdflib.URIRef(f"urn:s{i}"), rdflib.URIRef("urn:p"))
        assert isinstance(literal, rdflib.Literal) and literal.value == value
    assert str(back.value(rdflib.URIRef("urn:s0"), rdflib.URIRef("urn:p"))) == "1.5"


def test_what_cannot_be_stored_is_refused_in_one_line():
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p"), rdflib.Variable("x")))
    with pytest.raises(NormgraphError, match=r"^Variable x: not an RDF term normgraph can store"):
        from_rdflib(graph)
    bad = rdflib.Graph()
    bad.add((rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p"), rdflib.URIRef("not an iri")))
    with pytest.raises(NormgraphError, match="not a valid IRI: <not an iri>"):
        from_rdflib(bad)
    with pytest.raises(NormgraphError, match="takes an rdflib Graph, ConjunctiveGraph or Dataset, not list"):
        from_rdflib([])  # type: ignore[arg-type]


def test_rdflib_is_imported_only_by_a_conversion():
    import subprocess
    import sys

    code = ("import sys, normgraph; g = normgraph.build_graph(); len(g); normgraph.from_rdflib; "
            "print('rdflib' in sys.modules); g.to_rdflib(); print('rdflib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


# --- generated graphs --------------------------------------------------------------------------

_language = st.from_regex(r"[a-z]{2,3}(-([a-z]{2}|[0-9]{3}))?", fullmatch=True)  # BCP 47, as pyoxigraph checks
_text = st.text(max_size=30)


@st.composite
def _ox_literal(draw) -> ox.Literal:  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(["string", "lang", "integer", "decimal", "boolean", "date", "custom", "ill-typed"]))
    if kind == "string":
        return ox.Literal(draw(_text))
    if kind == "lang":
        return ox.Literal(draw(_text), language=draw(_language))
    if kind == "integer":
        return ox.Literal(str(draw(st.integers(-(10**30), 10**30))), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        value = draw(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if kind == "boolean":
        return ox.Literal(draw(st.sampled_from(["true", "false", "1", "0"])), datatype=ox.NamedNode(XSD + "boolean"))
    if kind == "date":
        return ox.Literal(draw(st.dates()).isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if kind == "custom":
        return ox.Literal(draw(_text), datatype=ox.NamedNode("urn:t:" + draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True))))
    return ox.Literal(draw(_text), datatype=ox.NamedNode(XSD + draw(st.sampled_from(["integer", "date", "boolean"]))))


_node = st.one_of(
    st.integers(0, 5).map(lambda i: ox.NamedNode(f"urn:t:n{i}")),
    st.integers(0, 5).map(lambda i: ox.BlankNode(f"b{i}")),
)
_graph_name = st.one_of(st.just(ox.DefaultGraph()), st.integers(0, 2).map(lambda i: ox.NamedNode(f"urn:t:g{i}")))
_quad = st.builds(
    ox.Quad, _node, st.integers(0, 3).map(lambda i: ox.NamedNode(f"urn:t:p{i}")),
    st.one_of(_node, _ox_literal()), _graph_name,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_quad, max_size=25))
def test_any_graph_goes_to_rdflib_and_back_unchanged(quads):
    store = ox.Store()
    store.extend(quads)
    graph = KnowledgeGraph(store)
    assert set(from_rdflib(graph.to_rdflib()).store) == set(store)
    merged = from_rdflib(graph.to_rdflib(merged=True))
    assert set(merged.store) == {ox.Quad(*q.triple) for q in store}


_rdflib_literal = st.one_of(
    _text.map(rdflib.Literal),
    st.tuples(_text, _language).map(lambda t: rdflib.Literal(t[0], lang=t[1])),
    st.integers(-(10**20), 10**20).map(rdflib.Literal),
    st.booleans().map(rdflib.Literal),
    st.dates().map(rdflib.Literal),
    st.tuples(_text, st.from_regex(r"[a-z]{1,8}", fullmatch=True)).map(
        lambda t: rdflib.Literal(t[0], datatype=rdflib.URIRef("urn:t:" + t[1]))),
)
_rdflib_node = st.one_of(st.integers(0, 5).map(lambda i: rdflib.URIRef(f"urn:t:n{i}")),
                         st.integers(0, 5).map(lambda i: rdflib.BNode(f"b{i}")))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_rdflib_node, st.integers(0, 3).map(lambda i: rdflib.URIRef(f"urn:t:p{i}")),
                          st.one_of(_rdflib_node, _rdflib_literal)), max_size=25))
def test_any_rdflib_graph_comes_back_isomorphic(triples):
    original = rdflib.Graph()
    for triple in triples:
        original.add(triple)
    assert isomorphic(from_rdflib(original).to_rdflib(merged=True), original)
