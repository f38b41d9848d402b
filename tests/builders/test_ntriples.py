"""The builder writes its quads as N-Quads text (issue 16, goal 4): every term must be written
exactly as pyoxigraph writes the same term, or the lines would sort out of the canonical order
and the exports would change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph.builders import triples
from normgraph.builders._ntriples import ClosedTextNamespace, graph_lines, iri_of, named, quoted
from normgraph.graph._order import insertion_order
from normgraph.ontology import NG

XSD = "http://www.w3.org/2001/XMLSchema#"
# every control character, the quote and backslash, non-ASCII of every width, line separators
awkward = st.text(st.characters(codec="utf-8"), max_size=40) | st.text(
    st.sampled_from(['"', "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "\x85", "\u2028", "é", "😀", "a", " "]),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(awkward)
def test_literals_are_written_as_pyoxigraph_writes_them(value):  # type: ignore[no-untyped-def]
    assert quoted(value) == triples.text(value) == str(ox.Literal(value))
    assert triples.english(value) == str(ox.Literal(value, language="en"))


@given(st.sampled_from(["2003", "2003-07", "2003-07-01", "unknown-ish"]))
def test_dates_carry_the_datatype_their_length_says(value):  # type: ignore[no-untyped-def]
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    assert triples.date_literal(value) == str(ox.Literal(value, datatype=ox.NamedNode(XSD + kind)))


@given(st.integers(min_value=0, max_value=10**12), st.booleans(),
       st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9))
def test_numbers_and_booleans(number, flag, amount):  # type: ignore[no-untyped-def]
    assert triples.integer(number) == triples.offset(number) == str(ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer")))
    assert triples.boolean(flag) == str(ox.Literal("true" if flag else "false", datatype=ox.NamedNode(XSD + "boolean")))
    assert triples.decimal_literal(Decimal(amount)) == str(ox.Literal(format(Decimal(amount), "f"), datatype=ox.NamedNode(XSD + "decimal")))


def test_iris_and_the_closed_namespace():
    assert named("https://example.org/a?b=1&c") == str(ox.NamedNode("https://example.org/a?b=1&c"))
    assert iri_of(named("https://example.org/x")) == "https://example.org/x"
    text_ng = ClosedTextNamespace(NG)
    assert text_ng.Obligation == str(NG.Obligation) and text_ng["Right"] == str(NG.Right)
    with pytest.raises(AttributeError, match="not a term of the normgraph ontology"):
        text_ng.Obligaton  # noqa: B018  (a typo fails where it is written, as with NG itself)
    with pytest.raises(KeyError):
        text_ng["Nrom"]


terms = st.one_of(
    st.sampled_from(["https://w3id.org/normgraph/id/a", "https://w3id.org/normgraph/id/a/b", "https://w3id.org/normgraph/id/ab",
                     "https://example.org/é"]).map(ox.NamedNode),
    awkward.map(ox.Literal),
    awkward.map(lambda v: ox.Literal(v, language="en")),
    st.integers(-5, 500).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))),
)
subjects = st.sampled_from(["https://w3id.org/normgraph/id/s", "https://w3id.org/normgraph/id/s/1", "https://w3id.org/normgraph/id/s1"]).map(ox.NamedNode)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(subjects, subjects, terms), max_size=30))
def test_a_graphs_lines_load_into_the_order_of_the_object_builder(triples_list):  # type: ignore[no-untyped-def]
    """The text path and the object path (insertion_order) put the same quads in the store in the
    same order, duplicates and all, so the store returns the graph in canonical order."""
    graph = ox.NamedNode("https://w3id.org/normgraph/id/graph/d")
    data = graph_lines(((str(s), str(p), str(o)) for s, p, o in triples_list), str(graph))
    from_text = ox.Store()
    from_text.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    from_objects = ox.Store()
    from_objects.bulk_extend(insertion_order(ox.Quad(s, p, o, graph) for s, p, o in triples_list))
    assert list(from_text) == list(from_objects)
    assert [str(q) for q in from_text] == sorted({str(q) for q in from_objects})  # canonical: ascending
    assert data.decode().count("\n") == len(from_objects)  # each quad once


def newest_first(store: ox.Store, name: ox.NamedNode) -> bytes:
    """One graph as pyoxigraph dumps it, lines reversed: the order its quads were inserted in."""
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).splitlines()
    lines.reverse()
    return b"".join(line[:-1] + f"{name} .\n".encode() for line in lines)  # "<s> <p> <o> ." + graph


def test_the_seed_graphs_text_is_what_the_store_holds(seed_folder):  # type: ignore[no-untyped-def]
    """A document's text is byte for byte the store's own dump of the graph it built, in the
    order the store was given the quads: what the build cache and the pieces keep."""
    from normgraph.builders.corpus import load_corpus
    from normgraph.graph.store import graph_from_corpus

    corpus = load_corpus(seed_folder.parent)
    graph = graph_from_corpus(corpus)
    node = triples._Resolver(corpus)
    for document in corpus.documents:
        data = triples.document_nquads(document, node)
        assert data == newest_first(graph.store, triples.graph_iri(document.id))
        assert len(data.splitlines()) > 1000
    assert triples.registry_nquads(corpus) == newest_first(graph.store, triples.REGISTRY_GRAPH)


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("which", ["hostile", "treaties"])
def test_the_lenient_load_keeps_only_terms_a_strict_parser_accepts(which, request):  # type: ignore[no-untyped-def]
    """The store loads the builder's text without checking IRIs: every IRI it holds must still
    be one pyoxigraph accepts, and the whole graph must read back through the strict N-Quads
    parser as the same quads (the hostile corpus: control characters, quotes, bidi marks and
    the rest; the treaties: real articles, points and restated provisions from ../shared)."""
    from normgraph.graph.export import serialize
    from normgraph.graph.store import build_graph

    folder = DATA / "hostile-corpus" if which == "hostile" else request.getfixturevalue("restates_corpus")
    graph = build_graph(folder, with_ontology=False)  # the ontology is parsed, not the builder's text
    for quad in graph.store:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                assert ox.NamedNode(term.value) == term
            elif isinstance(term, ox.Literal):
                assert term.language in (None, "en")
    strict = ox.Store()
    strict.load(serialize(graph, "nquads"), format=ox.RdfFormat.N_QUADS)  # raises on a bad term
    assert set(strict) == set(graph.store) and len(strict) > 100
