"""OWL-RL inference (owlrl on rdflib), loaded only when called: a slow import."""

from __future__ import annotations

import pyoxigraph as ox

from ..builders.triples import graph_iri
from .store import KnowledgeGraph

INFERRED_GRAPH = graph_iri("inferred")


def _to_rdflib(graph: KnowledgeGraph):  # type: ignore[no-untyped-def]
    from .validate import _to_rdflib as convert

    return convert(graph)


def infer(graph: KnowledgeGraph) -> int:
    """Materialise OWL-RL entailments (e.g. ``prov:wasDerivedFrom`` from ``ng:assertedIn``)
    into the graph ``ngr:graph/inferred``; returns how many triples were added."""
    import owlrl
    import rdflib

    base = _to_rdflib(graph)
    before = set(base)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(base)
    quads: list[ox.Quad] = []
    for s, p, o in set(base) - before:
        if isinstance(s, rdflib.BNode) or isinstance(o, rdflib.BNode):
            continue  # OWL-RL's own scaffolding, not facts about the text
        if isinstance(s, rdflib.Literal) or not isinstance(p, rdflib.URIRef):
            continue  # generalised RDF that no serialisation can carry
        quads.append(ox.Quad(_ox(s), _ox(p), _ox(o), INFERRED_GRAPH))
    graph.add_graph(quads)
    return len(quads)


def _ox(term):  # type: ignore[no-untyped-def]
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(term)
