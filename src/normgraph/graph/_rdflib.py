"""To and from rdflib, term by term (no text in between, so blank-node labels, language tags and
lexical forms are carried exactly as the store holds them).

rdflib is imported here only, and only when a conversion runs: it is a slow import.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import NormgraphError
from .store import KnowledgeGraph

if TYPE_CHECKING:
    import rdflib

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
AnyOxTerm = OxTerm | ox.Triple  # what a quad may hold (RDF-star), refused on the way


def to_dataset(graph: KnowledgeGraph) -> rdflib.Dataset:
    """Every named graph as a graph of an rdflib ``Dataset`` of the same name; the default graph
    as its default graph. The ``PREFIXES`` of the exports are bound, so it serialises ``ng:…``."""
    import rdflib

    dataset = rdflib.Dataset()
    _bind_prefixes(dataset)
    term = _Converter().rdflib_term
    default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    # Dataset.addN checks every context against its store; one add per graph is as quick
    for name in [*graph.store.named_graphs(), ox.DefaultGraph()]:
        target = dataset.graph(default if isinstance(name, ox.DefaultGraph) else term(name))
        target.addN((term(q.subject), term(q.predicate), term(q.object), target)
                    for q in graph.store.quads_for_pattern(None, None, None, name))  # fmt: skip
    return dataset


def to_graph(graph: KnowledgeGraph) -> rdflib.Graph:
    """The union of every graph as one rdflib ``Graph`` (a triple in several graphs once)."""
    import rdflib

    merged = rdflib.Graph()
    _bind_prefixes(merged)
    term = _Converter().rdflib_term
    merged.addN((term(q.subject), term(q.predicate), term(q.object), merged) for q in graph.store)
    return merged


def from_rdflib(source: rdflib.Graph) -> KnowledgeGraph:
    """A graph from an rdflib ``Graph`` (its triples into the default graph), or a
    ``ConjunctiveGraph``/``Dataset`` (each named graph kept, its default graph the default)."""
    import rdflib

    if not isinstance(source, rdflib.Graph):
        raise NormgraphError(f"from_rdflib takes an rdflib Graph, ConjunctiveGraph or Dataset, not {type(source).__name__}")
    store = ox.Store()
    store.extend(_quads(source))
    return KnowledgeGraph(store)


def _quads(source: rdflib.Graph) -> Iterator[ox.Quad]:
    import rdflib

    convert = _Converter().ox_term
    if not isinstance(source, rdflib.ConjunctiveGraph):  # a plain Graph: its triples are the default graph's
        for s, p, o in source:
            yield ox.Quad(convert(s), convert(p), convert(o), ox.DefaultGraph())  # type: ignore[arg-type]
        return
    default_ids = {rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    if not isinstance(source, rdflib.Dataset):  # a ConjunctiveGraph's default graph has a name of its own
        default_ids.add(source.default_context.identifier)
    for s, p, o, context in source.quads((None, None, None, None)):
        name = context.identifier if isinstance(context, rdflib.Graph) else context
        graph_name = ox.DefaultGraph() if name is None or name in default_ids else convert(name)
        if isinstance(graph_name, ox.Literal):
            raise NormgraphError(f"a graph named by a literal cannot be converted: {name!r}")
        yield ox.Quad(convert(s), convert(p), convert(o), graph_name)  # type: ignore[arg-type]


def _bind_prefixes(target: rdflib.Graph) -> None:
    from .export import PREFIXES

    for prefix, iri in PREFIXES.items():
        target.bind(prefix, iri, override=True, replace=True)


class _Converter:
    """Term conversion with a cache: IRIs repeat on almost every triple, and a blank node must map
    to the same node every time it appears in one conversion."""

    def __init__(self) -> None:
        self._to_rdflib: dict[AnyOxTerm, object] = {}
        self._to_ox: dict[object, OxTerm] = {}

    def rdflib_term(self, term: AnyOxTerm) -> rdflib.term.Identifier:
        known = self._to_rdflib.get(term)
        if known is None:
            known = self._to_rdflib[term] = _rdflib_term(term)
        return known  # type: ignore[return-value]

    def ox_term(self, term: object) -> OxTerm:
        known = self._to_ox.get(term)
        if known is None:
            known = self._to_ox[term] = self._new_ox_term(term)
        return known

    def _new_ox_term(self, term: object) -> OxTerm:
        import rdflib

        if isinstance(term, rdflib.URIRef):
            try:
                return ox.NamedNode(str(term))
            except ValueError:
                raise NormgraphError(f"not a valid IRI: <{term}>") from None
        if isinstance(term, rdflib.BNode):
            try:
                return ox.BlankNode(str(term))
            except ValueError:  # rdflib allows any string as a label; a fresh one, kept for the conversion
                return ox.BlankNode()
        if isinstance(term, rdflib.Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise NormgraphError(f"{type(term).__name__} {term!s}: not an RDF term normgraph can store "
                             "(IRIs, blank nodes and literals only)")


def _rdflib_term(term: AnyOxTerm) -> rdflib.term.Identifier:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string; rdflib writes it plain
            return rdflib.Literal(term.value)
        # the store's lexical form as it is: rdflib would otherwise "normalise" it (or fail to)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype), normalize=False)
    raise NormgraphError(f"{term}: RDF-star triples cannot be converted to rdflib")

