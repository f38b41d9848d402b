"""OWL 2 RL inference into the graph ``ngr:graph/inferred``, with two engines (issue 16).

* ``reasonable`` (the default; Rust, ``pip install reasonable``): the store's triples go in as
  strings, literals and blank nodes as placeholder IRIs that map back exactly (no rdflib parsing,
  no literal normalisation on the way).
* ``owlrl`` (rdflib, pure Python): the reference, some 50× slower on the bundled corpus.

Both give the same inferred triples on the bundled corpus once one filter (:func:`noise`) has
taken out what no user asks for: ``x owl:sameAs x``, ``x rdf:type owl:Thing``, the closure of the
ontology itself (``rdfs:subClassOf``, ``rdfs:domain`` … between ontology terms, which the
ontology graph answers with a property path) and statements about the RDF/RDFS/OWL/XSD terms.
What stays: types from domains, ranges and superclasses (``prov:Entity``, ``lrmlmm:Obligation``),
superproperties (``prov:wasDerivedFrom`` from ``ng:assertedIn``, ``dcterms:isPartOf`` …), and
inverses, symmetric and transitive properties and real equalities (``a owl:sameAs b``) should the
ontology or the data ever give rise to them. The engines differ before the filter; each
difference is listed in docs/performance.md ("Inference (issue 16)") and pinned in
tests/graph/test_inference.py.

Both engines are imported only when called: owlrl (with rdflib) is a slow import.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..builders.triples import graph_iri
from ..errors import NormgraphError
from .store import KnowledgeGraph

INFERRED_GRAPH = graph_iri("inferred")

ENGINES = ("auto", "reasonable", "owlrl")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
W3C_VOCABULARIES = (_RDF, _RDFS, _OWL, _XSD)

RDF_TYPE = ox.NamedNode(_RDF + "type")
OWL_SAME_AS = ox.NamedNode(_OWL + "sameAs")
#: Types every resource has: saying so adds nothing.
TRIVIAL_TYPES = frozenset({ox.NamedNode(_OWL + "Thing"), ox.NamedNode(_RDFS + "Resource")})
#: Predicates between ontology terms (classes, properties): their closure is the ontology's, not
#: the texts'. The ontology graph holds the stated axioms; ``rdfs:subClassOf+`` gives the rest.
SCHEMA_PREDICATES = frozenset(
    ox.NamedNode(iri)
    for iri in (
        _RDFS + "subClassOf", _RDFS + "subPropertyOf", _RDFS + "domain", _RDFS + "range",
        _OWL + "equivalentClass", _OWL + "equivalentProperty", _OWL + "disjointWith",
        _OWL + "propertyDisjointWith", _OWL + "inverseOf", _OWL + "complementOf",
    )
)  # fmt: skip

#: The categories :func:`noise` removes, in the order it tests them.
NOISE_CATEGORIES = (
    "reflexive owl:sameAs",
    "owl:Thing / rdfs:Resource type",
    "ontology closure",
    "about RDF/RDFS/OWL/XSD terms",
)


def noise(triple: ox.Triple) -> str | None:
    """Why an inferred triple is left out (one of :data:`NOISE_CATEGORIES`), or None to keep it.

    The one filter both engines go through:

    * ``x owl:sameAs x``: OWL-RL's eq-ref makes every resource equal to itself.
    * ``x rdf:type owl:Thing`` (or ``rdfs:Resource``): every resource is one.
    * the ontology's own closure: a schema predicate (:data:`SCHEMA_PREDICATES`: ``ng:Right
      rdfs:subClassOf prov:Entity``, ``ng:bearer rdfs:domain prov:Entity``, ``C rdfs:subClassOf
      C``) or a type from the RDF/RDFS/OWL vocabularies (``owl:Class``, ``rdf:Property``).
    * triples about an RDF/RDFS/OWL/XSD term (``xsd:string a rdfs:Datatype``,
      ``rdfs:label a owl:AnnotationProperty``).
    """
    s, p, o = triple.subject, triple.predicate, triple.object
    if p == OWL_SAME_AS and s == o:
        return NOISE_CATEGORIES[0]
    if p == RDF_TYPE and o in TRIVIAL_TYPES:
        return NOISE_CATEGORIES[1]
    if p in SCHEMA_PREDICATES or (
        p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(W3C_VOCABULARIES)
    ):
        return NOISE_CATEGORIES[2]
    if isinstance(s, ox.NamedNode) and s.value.startswith(W3C_VOCABULARIES):
        return NOISE_CATEGORIES[3]
    return None


@dataclass
class Entailments:
    """What one engine inferred from a graph, after the filter."""

    engine: str
    #: the triples kept, in no particular order; none is in the graph already
    triples: list[ox.Triple]
    #: triples the engine derived that are not in the graph (before the filter)
    derived: int = 0
    #: left out by :func:`noise`, per category
    removed: Counter[str] = field(default_factory=Counter)
    #: left out because RDF cannot hold them or they name no resource: a blank node (OWL-RL's
    #: anonymous classes, the ontology's lists), a literal as subject (generalised RDF)
    unrepresentable: int = 0
    #: reasonable only: whether the closure needed the second, complete pass (a functional or
    #: inverse-functional property with two values; see :func:`_reasonable`)
    complete_pass: bool = False
    #: the triples :func:`noise` left out, when asked for (``keep_noise=True``)
    noise: list[ox.Triple] = field(default_factory=list)


def check_engine(engine: str) -> str:
    """``engine`` if it is one of :data:`ENGINES`, else a one-line error."""
    if engine not in ENGINES:
        raise NormgraphError(f"unknown inference engine {engine!r}: choose {', '.join(ENGINES)}")
    return engine


def resolve_engine(engine: str = "auto") -> str:
    """The engine that ``engine`` stands for: ``auto`` is reasonable when it is installed."""
    if check_engine(engine) != "auto":
        return engine
    try:
        import reasonable  # noqa: F401
    except ImportError:
        return "owlrl"
    return "reasonable"


def entailments(graph: KnowledgeGraph, engine: str = "auto", *, keep_noise: bool = False) -> Entailments:
    """The OWL 2 RL entailments of the union of the graph's graphs that are not in it yet,
    filtered by :func:`noise` (``keep_noise``: keep what it left out in ``.noise`` too). The
    graph is not changed."""
    name = resolve_engine(engine)
    if name == "reasonable":
        derived, complete = _reasonable(graph)
    else:
        derived, complete = _owlrl(graph), False
    result = _keep(graph, derived, name, keep_noise)
    result.complete_pass = complete
    return result


def infer(graph: KnowledgeGraph, engine: str = "auto") -> int:
    """Materialise OWL 2 RL entailments (e.g. ``prov:wasDerivedFrom`` from ``ng:assertedIn``)
    into the graph ``ngr:graph/inferred``, without the noise :func:`noise` describes; returns how
    many triples were added. ``engine``: ``auto`` (reasonable if installed, else owlrl),
    ``reasonable`` or ``owlrl``."""
    found = entailments(graph, engine)
    graph.add_graph(ox.Quad(t.subject, t.predicate, t.object, INFERRED_GRAPH) for t in found.triples)
    return len(found.triples)


def _keep(graph: KnowledgeGraph, derived: Iterable[ox.Triple | None], engine: str, keep_noise: bool) -> Entailments:
    """The derived triples that RDF can hold, are not noise and are not in the graph yet."""
    result = Entailments(engine, [])
    store = graph.store
    for triple in derived:
        if triple is None:
            result.unrepresentable += 1
            continue
        result.derived += 1
        why = noise(triple)
        if why is not None:
            result.removed[why] += 1
            if keep_noise:
                result.noise.append(triple)
        # a plain literal and its xsd:string twin are one term in pyoxigraph, two in rdflib
        elif next(store.quads_for_pattern(triple.subject, triple.predicate, triple.object), None) is None:
            result.triples.append(triple)
        else:
            result.derived -= 1
    result.derived += result.unrepresentable
    return result


# -- reasonable ----------------------------------------------------------------------------------

_FUNCTIONAL = (_OWL + "FunctionalProperty", _OWL + "InverseFunctionalProperty")
_TYPE = _RDF + "type"


def _reasonable(graph: KnowledgeGraph) -> tuple[list[ox.Triple | None], bool]:
    """The new triples of reasonable's closure (None for what RDF cannot hold), and whether the
    complete pass was needed.

    The terms go in as strings, which reasonable takes for IRIs; each literal and blank node as a
    placeholder IRI unique to this call, mapped back afterwards: a literal comes back as the store
    holds it, no rdflib term is made on the way in, and reasonable parses no literal.
    OWL-RL treats literals as individuals in its rules all the same (generalised RDF).

    The first pass leaves out the ``owl:FunctionalProperty`` / ``owl:InverseFunctionalProperty``
    declarations. With them, every value of such a property is ``owl:sameAs`` itself, and
    reasoning over a hundred thousand reflexive equalities was four fifths of the time; they are
    noise. The only other thing they give, ``y1 owl:sameAs y2`` for two values of one functional
    property, is checked on the first closure: if any property has two values there, the
    closure is computed again with the declarations (the complete pass). Without such a pair the
    two passes agree but for the reflexive equalities, as no rule of reasonable's reads
    ``owl:sameAs`` otherwise than to copy triples from a resource to its equals."""
    import reasonable

    prefix = f"urn:uuid:{uuid.uuid4()}#"
    terms: list[ox.Literal | ox.BlankNode] = []
    placeholders: dict[ox.Literal | ox.BlankNode, str] = {}

    def as_string(term):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.NamedNode):
            return term.value
        found = placeholders.get(term)
        if found is None:
            found = placeholders[term] = f"{prefix}{len(terms)}"
            terms.append(term)
        return found

    given = {(as_string(q.subject), q.predicate.value, as_string(q.object)) for q in graph.store}
    functional = {s for s, p, o in given if p == _TYPE and o == _FUNCTIONAL[0]}
    inverse = {s for s, p, o in given if p == _TYPE and o == _FUNCTIONAL[1]}
    first = [t for t in given if not (t[1] == _TYPE and t[2] in _FUNCTIONAL)]
    new = _reason(reasonable, first, given)
    complete = bool(functional or inverse) and _two_values(chain(given, new), functional, inverse)
    if complete:
        new = _reason(reasonable, list(given), given)

    start = len(prefix)

    def back(value: str):  # type: ignore[no-untyped-def]
        if value.startswith(prefix):
            return terms[int(value[start:])]
        return ox.NamedNode(value)

    derived: list[ox.Triple | None] = []
    for s, p, o in new:
        subject, obj = back(s), back(o)
        if not isinstance(subject, ox.NamedNode) or isinstance(obj, ox.BlankNode) or p.startswith(prefix):
            derived.append(None)  # a literal as subject (generalised RDF), OWL lists, anonymous classes
        else:
            derived.append(ox.Triple(subject, ox.NamedNode(p), obj))
    return derived, complete


def _reason(reasonable, triples: list[tuple[str, str, str]], given: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    reasoner = reasonable.PyReasoner()
    try:
        reasoner.from_graph(triples)
        closure = reasoner.reason()
    except BaseException as exc:  # a Rust panic is a BaseException (pyo3_runtime.PanicException)
        if type(exc).__name__ != "PanicException":
            raise
        raise NormgraphError(f"the reasonable engine failed ({exc}); try the engine owlrl") from None
    new = {(str(s), str(p), str(o)) for s, p, o in closure}
    new -= given
    return new


def _two_values(triples: Iterable[tuple[str, str, str]], functional: set[str], inverse: set[str]) -> bool:
    """Whether some functional property has two values for one subject, or some inverse-
    functional property two subjects for one value."""
    seen: dict[tuple[str, str, bool], str] = {}
    for s, p, o in triples:
        if p in functional and seen.setdefault((p, s, False), o) != o:
            return True
        if p in inverse and seen.setdefault((p, o, True), s) != s:
            return True
    return False


# -- owlrl ---------------------------------------------------------------------------------------


def _owlrl(graph: KnowledgeGraph) -> list[ox.Triple | None]:
    """The new triples of owlrl's closure (OWL-RL semantics, no axiomatic triples)."""
    import owlrl
    import rdflib

    # the union's triples through N-Triples (pyoxigraph writes them, rdflib parses them)
    base = rdflib.Graph()
    base.parse(data=ox.serialize((q.triple for q in graph.store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    before = set(base)
    # owlrl swaps rdflib's literal parsers for its own and puts back only those rdflib had: the
    # rest (xsd:gYearMonth …) stayed, and later pySHACL runs in the process judged literals
    # differently. The whole table is kept and restored here.
    conversions = dict(rdflib.term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(base)
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(conversions)
    derived: list[ox.Triple | None] = []
    for s, p, o in set(base) - before:
        if isinstance(s, (rdflib.BNode, rdflib.Literal)) or isinstance(o, rdflib.BNode):
            derived.append(None)  # OWL-RL's own scaffolding, or generalised RDF
        elif not isinstance(p, rdflib.URIRef):
            derived.append(None)
        else:
            derived.append(ox.Triple(_ox(s), _ox(p), _ox(o)))
    return derived


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
