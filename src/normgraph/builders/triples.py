"""Checked corpus records + paragraphs → RDF quads, deterministically.

Every named thing gets a readable IRI under ``ngr:`` (see ``docs/annotation-format.md``); no
blank nodes. Each document's statements go to its own named graph, the shared registries
(instruments, actors, extra concepts) to ``ngr:graph/registry``.

The quads are made as N-Quads text (:mod:`._ntriples`), one graph at a time: the store loads
the text with Oxigraph's parser, and the build cache keeps it as it is. The public ``*_iri``
functions give the same IRIs as pyoxigraph terms, for the code that works with a store.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from ..ontology import NG as _NG
from ..ontology import NGR_IRI
from ._ntriples import ClosedTextNamespace, Term, TextNamespace, graph_lines, iri_of, named, quoted
from ._workers import forked_map
from .annotations import (SOURCE_FORMATS, UNKNOWN, ActorRecord, ClaimRecord, ConceptRecord, InstrumentRecord, NormRecord,
                          ParagraphAnnotation, ProvisionRef, StatementRecord, statement_ids)
from .corpus import Corpus, CorpusDocument, annotated_units
from .document import Paragraph, Unit

NG = ClosedTextNamespace(_NG)
RDF = TextNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = TextNamespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = TextNamespace("http://www.w3.org/2001/XMLSchema#")
SKOS = TextNamespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = TextNamespace("http://purl.org/dc/terms/")
OA = TextNamespace("http://www.w3.org/ns/oa#")

ROLE_NODES = {"source": NG.SourceCountry, "transit": NG.TransitCountry, "destination": NG.DestinationCountry}
NORM_CLASSES = {"obligation": NG.Obligation, "recommendation": NG.Recommendation, "right": NG.Right}
CLAIM_CLASSES = {
    "figure": NG.Figure,
    "date": NG.DateStatement,
    "definition": NG.Definition,
    "distinction": NG.Distinction,
    "list": NG.Enumeration,
    "role": NG.RoleStatement,
}
# The annotation file's name of an instrument fact → the property that carries it.
INSTRUMENT_FACTS = {
    "type": RDF.type,
    "title": DCTERMS.title,
    "alt_labels": SKOS.altLabel,
    "adopted": NG.adoptedOn,
    "adoption_reference": NG.adoptionReference,
    "entry_into_force": NG.entryIntoForce,
    "treaty_reference": NG.treatyReference,
    "url": RDFS.seeAlso,
    "supplements": NG.supplements,
    "adopted_at": NG.adoptedAt,
    "derived_from": NG.derivedFrom,
    "start": NG.startDate,
    "end": NG.endDate,
    "place": NG.place,
}
SELECTOR_CONTEXT = 32  # characters of prefix and suffix kept with a quote


# --- IRIs: as text for the builder, as pyoxigraph terms for everyone else ----------------------


def _iri(path: str) -> Term:
    return named(NGR_IRI + path)


def _graph(name: str) -> Term:
    return _iri(f"graph/{name}")


def _document(doc_id: str) -> Term:
    return _iri(f"doc/{doc_id}")


def _paragraph(doc_id: str, number: int) -> Term:
    return _iri(f"doc/{doc_id}/p{number}")


def _unit_term(doc_id: str, unit: Unit) -> Term:
    """A report's numbered paragraph keeps ``…/p{n}``; every other unit is named by its eId
    (``…/art_6__para_3``)."""
    if isinstance(unit.key, int):
        return _paragraph(doc_id, unit.key)
    return _iri(f"doc/{doc_id}/{unit.eid}")


def _concept_term(concept_id: str) -> Term:
    return _iri(f"concept/{concept_id}")


def _node(term: Term) -> NamedNode:
    return NamedNode(iri_of(term))


def iri(path: str) -> NamedNode:
    return _node(_iri(path))


def graph_iri(name: str) -> NamedNode:
    return _node(_graph(name))


REGISTRY_GRAPH = graph_iri("registry")
ONTOLOGY_GRAPH = graph_iri("ontology")


def document_iri(doc_id: str) -> NamedNode:
    return _node(_document(doc_id))


def paragraph_iri(doc_id: str, number: int) -> NamedNode:
    return _node(_paragraph(doc_id, number))


def unit_iri(doc_id: str, unit: Unit) -> NamedNode:
    return _node(_unit_term(doc_id, unit))


def concept_iri(concept_id: str) -> NamedNode:
    return _node(_concept_term(concept_id))


def _unit_label(unit: Unit) -> str:
    return f"¶{unit.key}" if isinstance(unit.key, int) else unit.citation


UNIT_CLASSES = {
    "paragraph": NG.Paragraph, "article": NG.Article, "preamble": NG.Preamble, "part": NG.Part,
    "chapter": NG.Chapter, "section": NG.Section, "annex": NG.Annex, "point": NG.Point, "subpoint": NG.Point,
}  # fmt: skip


# --- literals --------------------------------------------------------------------------------

text = quoted


def english(value: str) -> Term:
    return quoted(value) + "@en"


_DATE_TYPES = {4: "^^" + XSD.gYear, 7: "^^" + XSD.gYearMonth}
_DATE = "^^" + XSD.date
_DECIMAL = "^^" + XSD.decimal
_INTEGER = "^^" + XSD.integer
_TRUE, _FALSE = f'"true"^^{XSD.boolean}', f'"false"^^{XSD.boolean}'


def date_literal(value: str) -> Term:
    return quoted(value) + _DATE_TYPES.get(len(value), _DATE)


def decimal_literal(value: Decimal) -> Term:
    # xsd:decimal's canonical form: no exponent, at least one digit after a point only if needed
    return f'"{format(value, "f")}"{_DECIMAL}'


def boolean(value: bool) -> Term:
    return _TRUE if value else _FALSE


def integer(value: int) -> Term:
    # xsd:integer, not xsd:nonNegativeInteger (offsets too): Oxigraph stores derived integer
    # types as integers
    return f'"{value}"{_INTEGER}'


offset = integer


class _Resolver:
    """Maps annotation ids to IRIs (as terms), whatever registry they live in."""

    def __init__(self, corpus: Corpus) -> None:
        self.nodes: dict[str, Term] = dict(ROLE_NODES)
        for key in (*corpus.scheme_concepts, *corpus.concepts):
            self.nodes[key] = _concept_term(key)
        for key in corpus.instruments:
            self.nodes[key] = _iri(f"instrument/{key}")
        for key in corpus.actors:
            self.nodes[key] = _iri(f"actor/{key}")
        self.labels = {key: record.label for key, record in corpus.instruments.items()}
        # instrument id → the corpus document that is its text: restated provisions point into it
        self.texts = {d.annotations.document.instrument: d for d in corpus.documents if d.annotations.document.instrument}

    def __call__(self, ident: str) -> Term:
        return self.nodes[ident]

    def provision(self, ref: ProvisionRef) -> tuple[Term, bool]:
        """The provision's node and whether it is a unit of a document in the corpus: the unit's
        IRI when the instrument's text is here, else ``ngr:instrument/{id}/{eId}``."""
        treaty = self.texts.get(ref.instrument)
        if treaty is None:
            return _iri(f"instrument/{ref.instrument}/{ref.eid}"), False
        return _unit_term(treaty.id, treaty.text.unit(ref.eid)), True


def corpus_graphs(corpus: Corpus, processes: int = 0) -> Iterator[bytes]:
    """The corpus graph by graph, as N-Quads text (see :func:`._ntriples.graph_lines`): the
    registries, then each document's graph in corpus order. With ``processes`` the documents'
    graphs are made in that many forked processes (:func:`._workers.forked_map`)."""
    node = _Resolver(corpus)
    yield registry_nquads(corpus, node)
    documents = corpus.documents
    yield from forked_map(lambda index: document_nquads(documents[index], node), len(documents), processes)


def corpus_quads(corpus: Corpus) -> Iterator[Quad]:
    """Every quad of the corpus as pyoxigraph terms: the registries, then each document's graph."""
    for data in corpus_graphs(corpus):
        yield from parse(data, format=RdfFormat.N_QUADS)


def registry_nquads(corpus: Corpus, node: _Resolver | None = None) -> bytes:
    """The registry graph (instruments, actors, concepts, provisions) as N-Quads text."""
    return graph_lines(_registry_triples(corpus, node or _Resolver(corpus)), _graph("registry"))


def document_nquads(document: CorpusDocument, node: _Resolver) -> bytes:
    """One document's graph as N-Quads text."""
    return graph_lines(_document_triples(document, node), _graph(document.id))


Triple = tuple[Term, Term, Term]


def _registry_triples(corpus: Corpus, node: _Resolver) -> Iterator[Triple]:
    for instrument in corpus.instruments.values():
        yield from _instrument(instrument, node)
    for actor in corpus.actors.values():
        yield from _actor(actor, node)
    for concept in corpus.concepts.values():
        yield from _concept(concept, node)
    yield from _provision_triples(corpus, node)


def _instrument(record: InstrumentRecord, node: _Resolver) -> Iterator[Triple]:
    s = node(record.id)
    yield s, RDF.type, NG.Instrument
    if record.type != "Instrument":
        yield s, RDF.type, NG[record.type]
    yield s, RDFS.label, english(record.label)
    if record.title:
        yield s, DCTERMS.title, english(record.title)
    for label in record.alt_labels:
        yield s, SKOS.altLabel, english(label)
    for field, prop in (("adopted", NG.adoptedOn), ("entry_into_force", NG.entryIntoForce),
                        ("start", NG.startDate), ("end", NG.endDate)):  # fmt: skip
        value = getattr(record, field)
        if value == UNKNOWN:
            yield s, NG.unknown, prop
        elif value:
            yield s, prop, date_literal(value)
    for field, prop in (("adoption_reference", NG.adoptionReference),
                        ("treaty_reference", NG.treatyReference), ("place", NG.place)):  # fmt: skip
        value = getattr(record, field)
        if value:
            yield s, prop, text(value)
    if record.url:
        yield s, RDFS.seeAlso, named(record.url)
    for field, prop in (("supplements", NG.supplements), ("adopted_at", NG.adoptedAt),
                        ("derived_from", NG.derivedFrom)):  # fmt: skip
        for target in getattr(record, field):
            yield s, prop, node(target)
    for fact in record.unverified:
        yield s, NG.unverified, INSTRUMENT_FACTS[fact]
    if record.note:
        yield s, RDFS.comment, english(record.note)


def _actor(record: ActorRecord, node: _Resolver) -> Iterator[Triple]:
    s = node(record.id)
    yield s, RDF.type, NG.Actor
    if record.type != "Actor":
        yield s, RDF.type, NG[record.type]
    yield s, RDFS.label, english(record.label)
    for label in record.alt_labels:
        yield s, SKOS.altLabel, english(label)
    for role in record.roles:
        yield s, NG.hasRole, ROLE_NODES[role]
    for target in record.party_to:
        yield s, NG.partyTo, node(target)
    for wider in record.subgroup_of:
        yield s, NG.subgroupOf, node(wider)
    if record.note:
        yield s, RDFS.comment, english(record.note)


def _concept(record: ConceptRecord, node: _Resolver) -> Iterator[Triple]:
    s = node(record.id)
    yield s, RDF.type, SKOS.Concept
    yield s, SKOS.inScheme, _concept_term("scheme")
    yield s, SKOS.prefLabel, english(record.label)
    yield s, RDFS.label, english(record.label)
    for label in record.alt_labels:
        yield s, SKOS.altLabel, english(label)
    for broader in record.broader:
        yield s, SKOS.broader, node(broader)
    if record.definition:
        yield s, SKOS.definition, english(record.definition)


def _document_triples(document: CorpusDocument, node: _Resolver) -> Iterator[Triple]:
    doc = _document(document.id)
    meta = document.annotations.document
    yield doc, RDF.type, NG.Document
    yield doc, RDFS.label, english(meta.title)
    yield doc, DCTERMS.title, english(meta.title)
    yield doc, DCTERMS.identifier, text(document.id)
    if meta.kind:
        yield doc, NG.documentKind, text(meta.kind)  # a code-like word, not prose
    for value, prop in ((meta.event, NG.event), (meta.description, DCTERMS.description)):
        if value:
            yield doc, prop, english(value)
    if meta.language:
        yield doc, DCTERMS.language, text(meta.language)
    if meta.publisher:
        yield doc, DCTERMS.publisher, node(meta.publisher)
    if meta.instrument:
        yield doc, NG.textOf, node(meta.instrument)
    if meta.source is not None:  # the PDF, HTML or Word file text.txt was read from
        yield doc, DCTERMS.source, text(meta.source.file)
        yield doc, DCTERMS.format, text(SOURCE_FORMATS[meta.source.format])
        if meta.source.pages is not None:
            yield doc, DCTERMS.extent, text(f"{meta.source.pages} page{'s' if meta.source.pages != 1 else ''}")
    # What is not known is said to be unknown, never guessed.
    if meta.symbol == UNKNOWN:
        yield doc, NG.unknown, DCTERMS.bibliographicCitation
    elif meta.symbol:
        yield doc, DCTERMS.bibliographicCitation, text(meta.symbol)
    if meta.date == UNKNOWN:
        yield doc, NG.unknown, DCTERMS.date
    elif meta.date:
        yield doc, DCTERMS.date, date_literal(meta.date)
    if meta.authors in ((), (UNKNOWN,)):
        if meta.authors:
            yield doc, NG.unknown, DCTERMS.creator
    else:
        for author in meta.authors:
            yield doc, DCTERMS.creator, text(author)

    annotated = {unit.eid: para for unit, para in annotated_units(document)}
    for unit in document.text.units:
        yield from _unit(document, unit)
        if unit.eid in annotated:
            yield from _unit_annotations(document, unit, annotated[unit.eid], node)


def _unit(document: CorpusDocument, unit: Unit) -> Iterator[Triple]:
    p = _unit_term(document.id, unit)
    source = document.text
    yield p, RDF.type, NG.Unit
    yield p, RDF.type, UNIT_CLASSES[unit.kind]
    yield p, RDFS.label, text(f"{document.id} {_unit_label(unit)}")
    yield p, NG.partOf, _document(document.id)
    if unit.parent is not None:
        yield p, NG.within, _unit_term(document.id, source.unit(unit.parent))
    yield p, NG.eId, text(unit.eid)
    if unit.number is not None:
        yield p, NG.number, integer(unit.number)
    if unit.num is not None and not isinstance(unit.key, int):
        yield p, NG.num, text(unit.num)
    if unit.heading:
        yield p, NG.heading, text(unit.heading)
    if unit.text:
        yield p, NG.text, text(unit.text)
    yield p, NG.charStart, offset(unit.char_start)
    yield p, NG.charEnd, offset(unit.char_end)
    yield p, NG.byteStart, offset(source.byte_offset(unit.char_start))
    yield p, NG.byteEnd, offset(source.byte_offset(unit.char_end))


def _unit_annotations(document: CorpusDocument, unit: Unit, para: ParagraphAnnotation, node: _Resolver) -> Iterator[Triple]:
    p = _unit_term(document.id, unit)
    yield p, NG.reviewed, boolean(para.reviewed)
    if para.note:
        yield p, RDFS.comment, english(para.note)
    for topic in para.topics:
        yield p, NG.topic, node(topic)
    for mention in para.mentions:
        yield p, NG.mentions, node(mention)
    ids = iter(statement_ids(para))  # norms then claims, one distinct id each
    for norm in para.norms:
        yield from _norm(named(f"{iri_of(p)}/{next(ids)}"), norm, document, unit, node)
    for claim in para.claims:
        yield from _claim(named(f"{iri_of(p)}/{next(ids)}"), claim, document, unit, node)


def _statement(
    s: Term, record: StatementRecord, document: CorpusDocument, paragraph: Paragraph, node: _Resolver
) -> Iterator[Triple]:
    """What norms and claims share: where they are asserted and the words that assert them."""
    yield s, NG.assertedIn, _unit_term(document.id, paragraph)
    yield s, NG.quote, text(record.quote)
    for target in record.instrument:
        yield s, NG.instrument, node(target)
    for topic in record.topics:
        yield s, NG.topic, node(topic)
    if record.machine_proposed:
        yield s, NG.machineProposed, boolean(True)
    if record.confidence is not None:
        yield s, NG.confidence, decimal_literal(record.confidence)
    if record.note:
        yield s, RDFS.comment, english(record.note)
    yield from _provisions(s, record, node)
    span = paragraph.find(record.quote, record.occurrence)
    assert span is not None, "quotes are checked when the corpus is loaded"
    start, end = span
    char_start, char_end = paragraph.source_span(start, end)
    sel = named(iri_of(s) + "/selector")
    yield s, NG.selector, sel
    yield sel, RDF.type, OA.TextQuoteSelector
    yield sel, RDF.type, OA.TextPositionSelector
    yield sel, OA.exact, text(record.quote)
    yield sel, OA.prefix, text(paragraph.text[max(0, start - SELECTOR_CONTEXT) : start])
    yield sel, OA.suffix, text(paragraph.text[end : end + SELECTOR_CONTEXT])
    yield sel, OA.start, offset(char_start)
    yield sel, OA.end, offset(char_end)
    yield sel, NG.byteStart, offset(document.text.byte_offset(char_start))
    yield sel, NG.byteEnd, offset(document.text.byte_offset(char_end))


def _provisions(s: Term, record: StatementRecord, node: _Resolver) -> Iterator[Triple]:
    """ng:restates / ng:parallels (what each provision is: in the registry, see below)."""
    for prop, refs in ((NG.restates, record.restates), (NG.parallels, record.parallels)):
        for ref in refs:
            yield s, prop, node.provision(ref)[0]


def _provision_triples(corpus: Corpus, node: _Resolver) -> Iterator[Triple]:
    """What every provision a statement restates or parallels says of itself (its instrument and
    citation), so one query lists units and provisions outside the corpus alike. In the registry,
    once: two documents restating one article must not put the same triple in two graphs."""
    done: set[Term] = set()
    for document in corpus.documents:
        for ref in document.provision_refs:
            target, is_unit = node.provision(ref)
            if target in done:
                continue
            done.add(target)
            yield target, RDF.type, NG.Provision
            yield target, NG.provisionOf, node(ref.instrument)
            yield target, NG.citation, text(ref.citation)
            if not is_unit:  # a unit has its own label in its document's graph
                yield target, RDFS.label, english(f"{node.labels[ref.instrument]}, {ref.citation}")


def _label(kind: str, unit: Unit, words: str) -> Term:
    words = words if len(words) <= 80 else words[:79].rstrip() + "…"
    return english(f"{kind} ({_unit_label(unit)}): {words}")


_SLOTS = (("bearer", NG.bearer, NG.bearerBasis, NG.bearerInference),
          ("holder", NG.holder, NG.holderBasis, NG.holderInference),
          ("beneficiary", NG.beneficiary, NG.beneficiaryBasis, NG.beneficiaryInference))


def _norm(s: Term, norm: NormRecord, document: CorpusDocument, paragraph: Paragraph, node: _Resolver) -> Iterator[Triple]:
    yield s, RDF.type, NG.Norm
    yield s, RDF.type, NORM_CLASSES[norm.type]
    yield s, RDFS.label, _label(norm.type.capitalize(), paragraph, norm.action or norm.quote)
    yield s, NG.negated, boolean(norm.negated)
    for value, prop in ((norm.cue, NG.cue), (norm.action, NG.action), (norm.condition, NG.condition),
                        (norm.scope, NG.scope), (norm.hedge, NG.hedge)):  # fmt: skip
        if value:
            yield s, prop, text(value)
    for slot, prop, basis, inference in _SLOTS:
        actors = getattr(norm, slot)
        for actor in actors:
            yield s, prop, node(actor)
        if actors:  # every party says whether the text names it or the annotator inferred it, and why
            why = norm.inferred_why(slot)
            yield s, basis, NG.Stated if why is None else NG.Inferred
            if why is not None:
                yield s, inference, english(why)
    for role in norm.roles:
        yield s, NG.appliesToRole, ROLE_NODES[role]
    yield from _statement(s, norm, document, paragraph, node)


def _claim(s: Term, claim: ClaimRecord, document: CorpusDocument, paragraph: Paragraph, node: _Resolver) -> Iterator[Triple]:
    yield s, RDF.type, NG.Claim
    if claim.type in CLAIM_CLASSES:
        yield s, RDF.type, CLAIM_CLASSES[claim.type]
    yield s, RDFS.label, _label(f"Claim ({claim.type})", paragraph, claim.quote)
    if claim.value is not None:
        yield s, NG.value, decimal_literal(claim.value)
    if claim.qualifier:
        yield s, NG.qualifier, text(claim.qualifier)
    if claim.unit:
        yield s, NG.unit, text(claim.unit)
    if claim.date and claim.date != UNKNOWN:
        yield s, NG.date, date_literal(claim.date)
    for actor in claim.source:
        yield s, NG.source, node(actor)
    for target in claim.about:
        yield s, NG.about, node(target)
    for item in claim.items:
        yield s, NG.item, text(item)
    yield from _statement(s, claim, document, paragraph, node)


__all__ = [
    "corpus_graphs",
    "corpus_quads",
    "document_nquads",
    "registry_nquads",
    "document_iri",
    "paragraph_iri",
    "unit_iri",
    "graph_iri",
    "REGISTRY_GRAPH",
    "ONTOLOGY_GRAPH",
]
