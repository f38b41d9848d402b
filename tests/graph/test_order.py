"""The canonical order kept by the store (graph/_order.py): what it relies on in pyoxigraph, and
that the fast export path (a built graph, serialised by pyoxigraph as it is stored) writes the
same bytes as the sorting path (any other graph), whatever the terms."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normgraph.errors import NormgraphError
from normgraph.graph._order import canonical_key, insertion_order
from normgraph.graph.export import _NOT_IN_XML_TEXT as _NOT_IN_XML
from normgraph.graph.export import FORMATS, serialize
from normgraph.graph.store import KnowledgeGraph, build_graph, load_graph
from normgraph.graph.inference import infer

E = "http://example.org/"


def unmarked(graph: KnowledgeGraph) -> KnowledgeGraph:
    """The same store, not known to be in order: exports take the sorting path."""
    return KnowledgeGraph(graph.store)


def graph_lines(store: ox.Store, name: ox.NamedNode | ox.DefaultGraph) -> list[bytes]:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).splitlines()


# -- what the order relies on in pyoxigraph ------------------------------------------------------


@pytest.mark.parametrize("how", ["extend", "bulk_extend", "load", "bulk_load"])
def test_pyoxigraph_returns_a_graphs_quads_newest_first(how: str) -> None:
    """The fact the fast path stands on (pinned: a pyoxigraph that changes it fails here)."""
    rng = random.Random(7)
    quads = [
        ox.Quad(ox.NamedNode(f"{E}s{rng.randrange(500)}"), ox.NamedNode(f"{E}p{rng.randrange(5)}"),
                ox.Literal(str(i)), ox.NamedNode(f"{E}g{rng.randrange(4)}"))
        for i in range(60_000)
    ]  # fmt: skip
    store = ox.Store()
    if how in ("extend", "bulk_extend"):
        getattr(store, how)(quads)
    else:
        getattr(store, how)(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    for g in range(4):
        name = ox.NamedNode(f"{E}g{g}")
        inserted = [q.object.value for q in quads if q.graph_name == name]
        assert [q.object.value for q in store.quads_for_pattern(None, None, None, name)] == inserted[::-1]
        assert [line.rsplit(b'"', 2)[1].decode() for line in graph_lines(store, name)] == inserted[::-1]


# -- the builder, the cache and inference keep the order -------------------------------------------


@pytest.fixture(scope="module")
def built(seed_graph):  # type: ignore[no-untyped-def]
    return seed_graph


def test_a_built_graph_is_stored_in_canonical_order(built: KnowledgeGraph) -> None:
    assert built.in_canonical_order
    for name in [*built.graphs(), ox.DefaultGraph()]:
        lines = graph_lines(built.store, name)
        assert lines == sorted(lines), name


def test_a_built_graph_has_no_triple_in_two_graphs(built: KnowledgeGraph, mini_corpus: Path) -> None:
    """The fast path writes triple formats graph by graph without looking for repeats."""
    for graph in (built, build_graph(mini_corpus)):
        assert len({q.triple for q in graph.store}) == len(graph)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_fast_path_writes_what_sorting_writes(built: KnowledgeGraph, fmt: str) -> None:
    assert serialize(built, fmt) == serialize(unmarked(built), fmt)


def test_a_changed_store_is_sorted_again(mini_corpus: Path) -> None:
    graph = build_graph(mini_corpus)
    extra = ox.Quad(ox.NamedNode(f"{E}a"), ox.NamedNode(f"{E}b"), ox.Literal("c"), ox.NamedNode(f"{E}graph"))
    graph.store.add(extra)  # the newest quad, returned first: not the canonical place
    assert not graph.in_canonical_order
    fresh = KnowledgeGraph(ox.Store())
    fresh.store.bulk_extend(insertion_order(graph.store))
    for fmt in ("turtle", "nquads"):
        assert serialize(graph, fmt) == serialize(fresh, fmt)


def test_inference_keeps_the_order(mini_corpus: Path) -> None:
    graph = build_graph(mini_corpus)
    assert infer(graph) > 0
    assert graph.in_canonical_order
    assert serialize(graph, "trig") == serialize(unmarked(graph), "trig")


def test_adding_to_an_existing_graph_gives_up_the_mark(mini_corpus: Path) -> None:
    graph = build_graph(mini_corpus)
    some = next(iter(graph.graphs()))
    graph.add_graph([ox.Quad(ox.NamedNode(f"{E}zzz"), ox.NamedNode(f"{E}p"), ox.Literal("x"), some)])
    assert not graph.in_canonical_order
    lines = serialize(graph, "nquads").splitlines()
    assert lines == sorted(lines, key=lambda line: (line.rsplit(b" ", 2)[1], line))


def test_re_exporting_an_export_gives_the_same_bytes(built: KnowledgeGraph, tmp_path: Path) -> None:
    """Load a normgraph N-Quads export (the sorting path) and write it again: same bytes. (Loading
    renames blank nodes, so this holds for a graph without them: the built graph minus the
    ontology's OWL lists.)"""
    no_blanks = KnowledgeGraph(ox.Store())
    no_blanks.store.extend(
        q for q in built.store if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    )
    path = tmp_path / "graph.nq"
    path.write_bytes(serialize(no_blanks, "nquads"))
    again = load_graph(path)
    for fmt in ("nquads", "turtle", "trig"):
        assert serialize(again, fmt) == serialize(no_blanks, fmt)


# -- any terms: the key the builder sorts by is the text pyoxigraph writes --------------------------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_segment = st.text(alphabet="abcxyz/_-é0123456789", max_size=6)
_iri = st.builds(lambda path, frag: ox.NamedNode(E + path + (f"#{frag}" if frag else "")), _segment, _segment)
_blank = st.builds(lambda n: ox.BlankNode(f"b{n}"), st.integers(0, 30))
_literal = st.one_of(
    st.builds(ox.Literal, _text),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), _text, st.sampled_from(["en", "fr", "en-GB"])),
    st.builds(lambda v: ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
              st.integers(-1000, 1000)),
    st.builds(lambda v, d: ox.Literal(v, datatype=ox.NamedNode(E + d)), _text, st.sampled_from(["dt", "dt2"])),
)  # fmt: skip
_graph_name = st.one_of(st.just(ox.DefaultGraph()), st.builds(lambda n: ox.NamedNode(f"{E}graph{n}"), st.integers(0, 3)))
_quad = st.builds(ox.Quad, st.one_of(_iri, _blank), _iri, st.one_of(_iri, _blank, _literal), _graph_name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_quad, max_size=40))
def test_any_graph_inserted_in_insertion_order_serialises_as_sorted(quads: list[ox.Quad]) -> None:
    store = ox.Store()
    by_graph: dict[str, list[ox.Quad]] = {}
    home: dict[ox.Triple, str] = {}  # a built graph holds a triple in one graph only
    for q in quads:
        if home.setdefault(q.triple, str(q.graph_name)) == str(q.graph_name):
            by_graph.setdefault(str(q.graph_name), []).append(q)
    for group in by_graph.values():
        store.extend(insertion_order(group))
    marked = KnowledgeGraph(store, len(store))
    for name in [*store.named_graphs(), ox.DefaultGraph()]:
        lines = graph_lines(store, name)
        assert lines == sorted(lines)
        assert [line[:-2].decode() for line in lines] == sorted({canonical_key(q) for q in by_graph.get(str(name), [])})
    for fmt in FORMATS:
        if fmt == "xml" and any(isinstance(q.object, ox.Literal) and _NOT_IN_XML.search(q.object.value) for q in store):
            with pytest.raises(NormgraphError, match="RDF/XML cannot carry"):  # refused either way
                serialize(marked, fmt)
            continue
        assert serialize(marked, fmt) == serialize(KnowledgeGraph(store), fmt), fmt
    # and what is written is the graph: every quad, nothing else (the parser keeps blank labels)
    assert set(ox.parse(serialize(marked, "trig"), format=ox.RdfFormat.TRIG)) == set(store)
    assert {q.triple for q in ox.parse(serialize(marked, "turtle"), format=ox.RdfFormat.TURTLE)} == {q.triple for q in store}


def test_a_store_that_is_not_in_the_order_it_claims_is_sorted(mini_corpus: Path) -> None:
    """The export's guard: were pyoxigraph to return a graph oldest first, a graph marked as in
    order would come out reversed; the export checks each graph's first quads and sorts."""
    built = build_graph(mini_corpus)
    store = ox.Store()
    for name in built.graphs():  # each graph inserted ascending: the store returns it descending
        store.extend(sorted(built.store.quads_for_pattern(None, None, None, name), key=canonical_key))
    wrongly_marked = KnowledgeGraph(store, len(store))
    for fmt in ("turtle", "nquads"):
        assert serialize(wrongly_marked, fmt) == serialize(built, fmt)
