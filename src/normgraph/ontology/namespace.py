"""The ``ng:`` vocabulary as a closed namespace, after rdflib's ``DefinedNamespace``.

``NG.Norm`` is a :class:`pyoxigraph.NamedNode`; ``NG.Nrom`` raises ``AttributeError`` so a typo
fails where it is written instead of minting a term nobody declared. The term list is tested to
match ``normgraph.ttl`` exactly, in both directions.
"""

from __future__ import annotations

from typing import ClassVar

from pyoxigraph import NamedNode

NG_IRI = "https://w3id.org/normgraph/ontology#"
NGR_IRI = "https://w3id.org/normgraph/id/"


class _ClosedNamespaceMeta(type):
    """Turns the class's annotated names into IRIs and refuses every other name."""

    def __getattr__(cls, name: str) -> NamedNode:
        # Only called when normal lookup failed: the name is not a declared term.
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"ng:{name} is not a term of the normgraph ontology")

    @property
    def terms(cls) -> tuple[str, ...]:
        """The local names of every declared term, in declaration order."""
        return tuple(name for name in cls.__annotations__ if name != "iri")

    def __getitem__(cls, name: str) -> NamedNode:
        if name not in cls.terms:
            raise KeyError(f"ng:{name} is not a term of the normgraph ontology")
        return getattr(cls, name)

    def __contains__(cls, item: object) -> bool:
        value = item.value if isinstance(item, NamedNode) else str(item)
        return value.startswith(NG_IRI) and value[len(NG_IRI):] in cls.terms

    def __iter__(cls):  # type: ignore[no-untyped-def]
        return (getattr(cls, name) for name in cls.terms)


class NG(metaclass=_ClosedNamespaceMeta):
    """Every class, property and individual of ``https://w3id.org/normgraph/ontology#``."""

    iri: ClassVar[str] = NG_IRI

    # Classes of the contract
    Document: NamedNode
    Paragraph: NamedNode
    Instrument: NamedNode
    Convention: NamedNode
    Protocol: NamedNode
    Declaration: NamedNode
    Actor: NamedNode
    StateRole: NamedNode
    Norm: NamedNode
    Obligation: NamedNode
    Recommendation: NamedNode
    Right: NamedNode
    Claim: NamedNode
    # Classes added by normgraph
    Conference: NamedNode
    Programme: NamedNode
    GoalSet: NamedNode
    Observance: NamedNode
    State: NamedNode
    StateGroup: NamedNode
    Organisation: NamedNode
    Office: NamedNode
    PersonGroup: NamedNode
    Figure: NamedNode
    DateStatement: NamedNode
    Definition: NamedNode
    Distinction: NamedNode
    Enumeration: NamedNode
    RoleStatement: NamedNode
    Provision: NamedNode
    AttributionBasis: NamedNode
    Stated: NamedNode
    Inferred: NamedNode
    # Document structure (Akoma Ntoso-style units)
    Unit: NamedNode
    Preamble: NamedNode
    Part: NamedNode
    Chapter: NamedNode
    Section: NamedNode
    Article: NamedNode
    Point: NamedNode
    Annex: NamedNode
    # The three state roles
    SourceCountry: NamedNode
    TransitCountry: NamedNode
    DestinationCountry: NamedNode
    # Properties of the contract
    partOf: NamedNode
    number: NamedNode
    text: NamedNode
    assertedIn: NamedNode
    quote: NamedNode
    bearer: NamedNode
    holder: NamedNode
    beneficiary: NamedNode
    appliesToRole: NamedNode
    action: NamedNode
    condition: NamedNode
    negated: NamedNode
    instrument: NamedNode
    mentions: NamedNode
    value: NamedNode
    unit: NamedNode
    source: NamedNode
    adoptedOn: NamedNode
    entryIntoForce: NamedNode
    # Properties added by normgraph
    topic: NamedNode
    about: NamedNode
    cue: NamedNode
    item: NamedNode
    date: NamedNode
    selector: NamedNode
    charStart: NamedNode
    charEnd: NamedNode
    byteStart: NamedNode
    byteEnd: NamedNode
    hasRole: NamedNode
    supplements: NamedNode
    adoptedAt: NamedNode
    derivedFrom: NamedNode
    adoptionReference: NamedNode
    treatyReference: NamedNode
    startDate: NamedNode
    endDate: NamedNode
    place: NamedNode
    unverified: NamedNode
    unknown: NamedNode
    documentKind: NamedNode
    event: NamedNode
    reviewed: NamedNode
    machineProposed: NamedNode
    confidence: NamedNode
    qualifier: NamedNode
    within: NamedNode
    eId: NamedNode
    num: NamedNode
    heading: NamedNode
    textOf: NamedNode
    partyTo: NamedNode
    subgroupOf: NamedNode
    # Links to the law a statement restates (issue 14)
    restates: NamedNode
    parallels: NamedNode
    provisionOf: NamedNode
    citation: NamedNode
    # Who the text names and who the annotator inferred; hedges and scope (issue 14)
    bearerBasis: NamedNode
    holderBasis: NamedNode
    beneficiaryBasis: NamedNode
    bearerInference: NamedNode
    holderInference: NamedNode
    beneficiaryInference: NamedNode
    scope: NamedNode
    hedge: NamedNode


for _name in NG.terms:
    setattr(NG, _name, NamedNode(NG_IRI + _name))
del _name
