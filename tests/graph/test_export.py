"""Exports: every format parses back isomorphic to the built graph, bytes are stable, writes are
atomic, and awkward text survives every round trip."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from normgraph import FORMATS, build_graph, export, serialize
from normgraph._files import write_output as write_atomic


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(rdflib.XSD.string):  # RDF 1.1: the same literal as a plain one
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _graphs_of(quads) -> dict[str, rdflib.Graph]:
    """Named graph IRI (or '' for the default graph) → rdflib graph, built term by term."""
    graphs: dict[str, rdflib.Graph] = {}
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, rdflib.Graph()).add(tuple(_rdflib_term(t) for t in q.triple))
    return graphs


def _union(quads) -> rdflib.Graph:
    union = rdflib.Graph()
    for q in quads:
        union.add(tuple(_rdflib_term(t) for t in q.triple))
    return union


@pytest.fixture(scope="module")
def mini_graph():
    from conftest import DATA

    return build_graph(DATA / "mini-corpus")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("which", ["seed", "mini"])
def test_every_format_parses_back_isomorphic(fmt, which, seed_graph, mini_graph):
    graph = seed_graph if which == "seed" else mini_graph
    spec = FORMATS[fmt]
    data = serialize(graph, fmt)
    parsed = list(ox.parse(data, format=spec.rdf_format))
    if spec.keeps_graphs:
        original, back = _graphs_of(graph.store), _graphs_of(parsed)
        assert sorted(original) == sorted(back)
        for name in original:
            assert isomorphic(original[name], back[name]), f"graph {name} differs in {fmt}"
    else:
        parsed = [ox.Quad(t.subject, t.predicate, t.object) for t in parsed]
        assert isomorphic(_union(graph.store), _union(parsed))


@pytest.mark.parametrize("fmt", ["turtle", "xml", "ntriples"])
def test_rdflib_reads_our_triple_formats(fmt, mini_graph):
    parsed = rdflib.Graph().parse(data=serialize(mini_graph, fmt), format={"ntriples": "nt"}.get(fmt, fmt))
    assert isomorphic(parsed, _union(mini_graph.store))


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_rdflib_reads_our_quad_formats(fmt, mini_graph):
    dataset = rdflib.Dataset()
    dataset.parse(data=serialize(mini_graph, fmt), format={"jsonld": "json-ld"}.get(fmt, fmt))
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {g.value for g in mini_graph.graphs()}
    assert sum(len(g) for g in dataset.graphs()) == len(mini_graph)


def test_awkward_text_survives_every_format(mini_graph):
    quote = 'States must protect victims of trafficking "at all times" \\ without exception'
    title = 'The "Test" Convention\non two lines'
    heading = 'A small test document with "quotes", a back\\slash and <script>x</script>'
    for fmt, spec in FORMATS.items():
        back = {t.object.value for t in (q.triple if isinstance(q, ox.Quad) else q
                for q in ox.parse(serialize(mini_graph, fmt), format=spec.rdf_format))
                if isinstance(t.object, ox.Literal)}
        assert {quote, title, heading, "<script>alert(1)</script> should not be run"} <= back, fmt


def test_two_builds_give_identical_bytes(tmp_path):
    first = export(build_graph(), "turtle", tmp_path / "a.ttl").read_bytes()
    second = export(build_graph(), "turtle", tmp_path / "b.ttl").read_bytes()
    assert first == second
    assert serialize(build_graph(), "trig") == serialize(build_graph(), "trig")


def test_write_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out" / "graph.ttl"
    write_atomic(target, b"old")
    assert target.read_bytes() == b"old"

    import os

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new, half written")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]  # no temporary left behind


def test_named_graphs(seed_graph):
    names = [g.value for g in seed_graph.graphs()]
    assert names == [
        "https://w3id.org/normgraph/id/graph/ipu-118-migrant-workers",
        "https://w3id.org/normgraph/id/graph/ontology",
        "https://w3id.org/normgraph/id/graph/registry",
    ]
    assert not any(isinstance(q.subject, ox.BlankNode) for q in seed_graph.store
                   if q.graph_name.value != "https://w3id.org/normgraph/id/graph/ontology")


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "fresh.ttl"
        write_atomic(target, b"x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        write_atomic(target, b"y")  # an existing file keeps its mode
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)
