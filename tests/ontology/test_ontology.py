"""The OWL ontology ``normgraph.ttl``: parses, matches ``NG`` exactly, documents every term,
carries the contract's class tree, state roles and alignments, and holds the topic scheme."""

from __future__ import annotations

from importlib.resources import as_file, files

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from normgraph.ontology.namespace import NG, NG_IRI, NGR_IRI

NGNS = Namespace(NG_IRI)
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
LRMLMM = Namespace("http://docs.oasis-open.org/legalruleml/ns/v1.0/metamodel#")
ONTOLOGY = URIRef("https://w3id.org/normgraph/ontology")
CONCEPT = Namespace(NGR_IRI + "concept/")
SCHEME = CONCEPT["scheme"]

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)

CONCEPT_IDS = """
trafficking smuggling forced-labour debt-bondage xenophobia racism discrimination
non-refoulement reflection-period residence-permit migration labour-migration
irregular-migration migrant-rights human-rights poverty globalization sexual-exploitation
labour-exploitation organ-trafficking child-trafficking domestic-servitude
victim-identification victim-protection repatriation reintegration re-trafficking
awareness-raising birth-registration technical-assistance state-sovereignty
international-cooperation organized-crime remittances brain-drain development climate-change
health trade gender-inequality access-to-justice redress consent data-and-statistics demand
law-enforcement humanitarian-crisis migration-management equality minorities
political-extremism information-technology
""".split()


def _resource(name: str):
    return files("normgraph.ontology") / name


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(data=_resource("normgraph.ttl").read_text(encoding="utf-8"), format="turtle")


def _ng_local(term) -> str | None:
    if isinstance(term, URIRef) and str(term).startswith(NG_IRI):
        return str(term)[len(NG_IRI):]
    return None


def _declared(onto: Graph) -> dict[str, set[URIRef]]:
    """Local name -> the declaration types it has, for every ng: IRI typed with one."""
    found: dict[str, set[URIRef]] = {}
    for kind in DECLARATION_TYPES:
        for subject in onto.subjects(RDF.type, kind):
            local = _ng_local(subject)
            if local is not None:
                found.setdefault(local, set()).add(kind)
    return found


def _union_members(onto: Graph, node) -> set:
    """The members of an owl:unionOf node, or {node} itself for a named class or datatype."""
    if isinstance(node, BNode):
        union = onto.value(node, OWL.unionOf)
        assert union is not None, f"anonymous class expression without owl:unionOf: {node}"
        return set(Collection(onto, union))
    return {node}


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["normgraph.ttl", "shapes.ttl"])
def test_parses_with_pyoxigraph(name: str) -> None:
    with as_file(_resource(name)) as path:
        triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) > 100


@pytest.mark.parametrize("name", ["normgraph.ttl", "shapes.ttl"])
def test_parses_with_rdflib(name: str) -> None:
    graph = Graph().parse(data=_resource(name).read_text(encoding="utf-8"), format="turtle")
    assert len(graph) > 100


def test_pyoxigraph_and_rdflib_agree_on_size(onto: Graph) -> None:
    with as_file(_resource("normgraph.ttl")) as path:
        store = pyoxigraph.Store()
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(onto)


# --- the term list -----------------------------------------------------------------------------


def test_declared_terms_equal_namespace_terms(onto: Graph) -> None:
    declared = set(_declared(onto))
    expected = set(NG.terms)
    missing = sorted(expected - declared)
    extra = sorted(declared - expected)
    assert not missing and not extra, (
        f"in namespace.py but not declared in normgraph.ttl: {missing}; "
        f"declared in normgraph.ttl but not in namespace.py: {extra}"
    )


def test_every_ng_iri_used_is_a_term(onto: Graph) -> None:
    used = {_ng_local(term) for triple in onto for term in triple} - {None}
    unknown = sorted(used - set(NG.terms))
    assert not unknown, f"normgraph.ttl uses ng: IRIs that are not terms: {unknown}"


def test_each_term_has_exactly_one_kind(onto: Graph) -> None:
    ambiguous = {name: kinds for name, kinds in _declared(onto).items() if len(kinds) != 1}
    assert not ambiguous, f"terms declared with more than one kind: {ambiguous}"


def test_kinds_of_terms(onto: Graph) -> None:
    declared = _declared(onto)
    individuals = {n for n, k in declared.items() if OWL.NamedIndividual in k}
    assert individuals == {"SourceCountry", "TransitCountry", "DestinationCountry", "Stated", "Inferred"}
    for name in ("partOf", "assertedIn", "bearer", "holder", "beneficiary", "appliesToRole",
                 "instrument", "mentions", "source", "topic", "about", "selector", "hasRole",
                 "supplements", "adoptedAt", "derivedFrom", "unverified", "unknown", "within", "textOf",
                 "partyTo", "subgroupOf", "bearerBasis", "holderBasis", "beneficiaryBasis"):
        assert declared[name] == {OWL.ObjectProperty}, name
    for name in ("number", "text", "quote", "action", "condition", "negated", "value", "unit",
                 "adoptedOn", "entryIntoForce", "cue", "item", "date", "charStart", "charEnd",
                 "byteStart", "byteEnd", "startDate", "endDate", "place", "reviewed",
                 "machineProposed", "confidence", "documentKind", "event", "eId", "num", "heading",
                 "scope", "hedge", "bearerInference", "holderInference", "beneficiaryInference"):
        assert declared[name] == {OWL.DatatypeProperty}, name


def test_every_term_is_documented(onto: Graph) -> None:
    problems = []
    for name in NG.terms:
        term = NGNS[name]
        for prop in (RDFS.label, RDFS.comment):
            values = list(onto.objects(term, prop))
            if not any(isinstance(v, Literal) and v.language == "en" and str(v).strip()
                       for v in values):
                problems.append(f"ng:{name} has no English {prop.n3(onto.namespace_manager)}")
        if (term, RDFS.isDefinedBy, ONTOLOGY) not in onto:
            problems.append(f"ng:{name} has no rdfs:isDefinedBy the ontology")
    assert not problems, "\n".join(problems)


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY, DCTERMS.title) is not None
    assert onto.value(ONTOLOGY, DCTERMS.description) is not None
    assert onto.value(ONTOLOGY, DCTERMS.license) is not None


# --- the class tree ----------------------------------------------------------------------------

SUBCLASSES = {
    "Convention": "Instrument", "Protocol": "Instrument", "Declaration": "Instrument",
    "Conference": "Instrument", "Programme": "Instrument", "GoalSet": "Instrument",
    "Observance": "Instrument",
    "Obligation": "Norm", "Recommendation": "Norm", "Right": "Norm",
    "State": "Actor", "StateGroup": "Actor", "Organisation": "Actor", "Office": "Actor",
    "PersonGroup": "Actor",
    "Figure": "Claim", "DateStatement": "Claim", "Definition": "Claim", "Distinction": "Claim",
    "Enumeration": "Claim", "RoleStatement": "Claim",
    # document structure: every unit kind is an ng:Unit (a contract ng:Paragraph included)
    "Paragraph": "Unit", "Preamble": "Unit", "Part": "Unit", "Chapter": "Unit", "Section": "Unit",
    "Article": "Unit", "Point": "Unit", "Annex": "Unit",
}
ROOTS = {"Document", "Unit", "Instrument", "Actor", "StateRole", "Norm", "Claim", "Provision", "AttributionBasis"}


@pytest.mark.parametrize(("sub", "sup"), sorted(SUBCLASSES.items()))
def test_contract_subclasses(onto: Graph, sub: str, sup: str) -> None:
    assert (NGNS[sub], RDFS.subClassOf, NGNS[sup]) in onto


def test_every_class_is_a_root_or_has_an_ng_superclass(onto: Graph) -> None:
    classes = {n for n, k in _declared(onto).items() if OWL.Class in k}
    assert classes == ROOTS | set(SUBCLASSES)
    for name in ROOTS:
        supers = {_ng_local(o) for o in onto.objects(NGNS[name], RDFS.subClassOf)} - {None}
        assert not supers, f"ng:{name} is a root class but has ng: superclasses {supers}"


# --- state roles -------------------------------------------------------------------------------

ROLES = [NGNS.SourceCountry, NGNS.TransitCountry, NGNS.DestinationCountry]


def test_state_role_has_exactly_three_individuals(onto: Graph) -> None:
    typed = set(onto.subjects(RDF.type, NGNS.StateRole))
    assert typed == set(ROLES)
    for role in ROLES:
        assert (role, RDF.type, OWL.NamedIndividual) in onto
    enumerations = []
    for expr in onto.objects(NGNS.StateRole, OWL.equivalentClass):
        one_of = onto.value(expr, OWL.oneOf)
        if one_of is not None:
            enumerations.append(list(Collection(onto, one_of)))
    assert len(enumerations) == 1 and sorted(enumerations[0]) == sorted(ROLES)


def test_state_roles_are_all_different(onto: Graph) -> None:
    groups = [
        set(Collection(onto, onto.value(node, OWL.distinctMembers)))
        for node in onto.subjects(RDF.type, OWL.AllDifferent)
    ]
    assert set(ROLES) in groups


def test_state_role_synonyms(onto: Graph) -> None:
    def alt(role):
        return {str(v).lower() for v in onto.objects(role, SKOS.altLabel)}

    assert {"country of origin", "sending country"} <= alt(NGNS.SourceCountry)
    assert {"receiving country", "target destination"} <= alt(NGNS.DestinationCountry)
    assert "country of transit" in alt(NGNS.TransitCountry)
    notations = {str(onto.value(role, SKOS.notation)) for role in ROLES}
    assert notations == {"source", "transit", "destination"}


# --- properties --------------------------------------------------------------------------------

DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}


@pytest.mark.parametrize(("name", "datatypes"), [
    ("negated", {XSD.boolean}),
    ("number", {XSD.integer}),
    ("value", {XSD.decimal}),
    ("confidence", {XSD.decimal}),
    ("machineProposed", {XSD.boolean}),
    ("reviewed", {XSD.boolean}),
    ("text", {XSD.string}),
    ("quote", {XSD.string}),
    ("adoptedOn", DATE_TYPES),
    ("entryIntoForce", DATE_TYPES),
    ("date", DATE_TYPES),
    ("startDate", DATE_TYPES),
    ("endDate", DATE_TYPES),
    ("charStart", {XSD.integer}),
    ("charEnd", {XSD.integer}),
    ("byteStart", {XSD.integer}),
    ("byteEnd", {XSD.integer}),
])
def test_datatype_ranges(onto: Graph, name: str, datatypes: set) -> None:
    ranges = list(onto.objects(NGNS[name], RDFS.range))
    assert len(ranges) == 1, f"ng:{name} has ranges {ranges}"
    assert _union_members(onto, ranges[0]) == datatypes


@pytest.mark.parametrize(("name", "domain", "range_"), [
    ("partOf", {NGNS.Unit}, {NGNS.Document}),
    ("within", {NGNS.Unit}, {NGNS.Unit}),
    ("eId", {NGNS.Unit}, {XSD.string}),
    ("num", {NGNS.Unit}, {XSD.string}),
    ("heading", {NGNS.Unit}, {XSD.string}),
    ("textOf", {NGNS.Document}, {NGNS.Instrument}),
    ("partyTo", {NGNS.Actor}, {NGNS.Instrument}),
    ("subgroupOf", {NGNS.Actor}, {NGNS.Actor}),
    ("assertedIn", {NGNS.Norm, NGNS.Claim}, {NGNS.Unit}),
    ("quote", {NGNS.Norm, NGNS.Claim}, None),
    ("bearer", {NGNS.Norm}, {NGNS.Actor}),
    ("holder", {NGNS.Right}, {NGNS.Actor}),
    ("beneficiary", {NGNS.Norm}, {NGNS.Actor}),
    ("appliesToRole", {NGNS.Norm}, {NGNS.StateRole}),
    ("instrument", {NGNS.Norm, NGNS.Claim}, {NGNS.Instrument}),
    ("mentions", {NGNS.Unit}, {NGNS.Instrument, NGNS.Actor, SKOS.Concept}),
    ("source", {NGNS.Claim}, {NGNS.Actor}),
    ("hasRole", {NGNS.Actor}, {NGNS.StateRole}),
    ("supplements", {NGNS.Instrument}, {NGNS.Instrument}),
    ("adoptedAt", {NGNS.Instrument}, {NGNS.Instrument}),
    ("derivedFrom", {NGNS.Instrument}, {NGNS.Instrument}),
    ("topic", None, {SKOS.Concept}),
    ("about", {NGNS.Claim}, None),
    ("selector", {NGNS.Norm, NGNS.Claim}, None),
    ("unverified", None, {RDF.Property}),
    ("unknown", None, {RDF.Property}),
    ("documentKind", {NGNS.Document}, {XSD.string}),
    ("event", {NGNS.Document}, {XSD.string}),
    ("cue", {NGNS.Norm}, {XSD.string}),
    ("item", {NGNS.Claim}, {XSD.string}),
    ("place", {NGNS.Instrument}, {XSD.string}),
    ("reviewed", {NGNS.Unit}, None),
])
def test_domains_and_ranges(onto: Graph, name: str, domain, range_) -> None:
    prop = NGNS[name]
    if domain is not None:
        domains = list(onto.objects(prop, RDFS.domain))
        assert len(domains) == 1, f"ng:{name} has domains {domains}"
        assert _union_members(onto, domains[0]) == domain
    if range_ is not None:
        ranges = list(onto.objects(prop, RDFS.range))
        assert len(ranges) == 1, f"ng:{name} has ranges {ranges}"
        assert _union_members(onto, ranges[0]) == range_


def test_selector_range_is_both_oa_selectors(onto: Graph) -> None:
    assert set(onto.objects(NGNS.selector, RDFS.range)) == {
        OA.TextQuoteSelector, OA.TextPositionSelector,
    }


# --- alignments --------------------------------------------------------------------------------


def test_asserted_in_is_a_prov_derivation(onto: Graph) -> None:
    assert (NGNS.assertedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto


@pytest.mark.parametrize(("term", "prop", "target"), [
    (NGNS.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (NGNS.topic, RDFS.subPropertyOf, DCTERMS.subject),
    (NGNS.mentions, RDFS.subPropertyOf, DCTERMS.references),
    (NGNS.derivedFrom, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (NGNS.selector, RDFS.subPropertyOf, OA.hasSelector),
    (NGNS.Document, RDFS.subClassOf, PROV.Entity),
    (NGNS.Paragraph, RDFS.subClassOf, PROV.Entity),
    (NGNS.Norm, RDFS.subClassOf, PROV.Entity),
    (NGNS.Claim, RDFS.subClassOf, PROV.Entity),
    (NGNS.Actor, RDFS.subClassOf, PROV.Agent),
    (NGNS.Organisation, RDFS.subClassOf, PROV.Organization),
    (NGNS.Convention, RDFS.subClassOf, ELI.LegalResource),
    (NGNS.Protocol, RDFS.subClassOf, ELI.LegalResource),
    (NGNS.Declaration, RDFS.subClassOf, ELI.LegalResource),
    (NGNS.Instrument, RDFS.seeAlso, ELI.LegalResource),
    (NGNS.Paragraph, RDFS.seeAlso, ELI.LegalResourceSubdivision),
    (NGNS.adoptedOn, RDFS.seeAlso, ELI.date_document),
    (NGNS.entryIntoForce, RDFS.seeAlso, ELI.first_date_entry_in_force),
    (NGNS.Obligation, RDFS.subClassOf, LRMLMM.Obligation),
    (NGNS.Right, RDFS.subClassOf, LRMLMM.Right),
    (NGNS.Obligation, SKOS.closeMatch, ODRL.Duty),
    (NGNS.Right, SKOS.closeMatch, ODRL.Permission),
    (NGNS.StateRole, RDFS.subClassOf, SKOS.Concept),
])
def test_alignment(onto: Graph, term, prop, target) -> None:
    assert (term, prop, target) in onto


# --- the topic scheme --------------------------------------------------------------------------


def _concepts(onto: Graph) -> set[URIRef]:
    return set(onto.subjects(SKOS.inScheme, SCHEME))


def test_scheme(onto: Graph) -> None:
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in onto
    assert onto.value(SCHEME, SKOS.prefLabel) == Literal("normgraph topics", lang="en")


def test_scheme_holds_exactly_the_concept_ids(onto: Graph) -> None:
    ids = {str(c)[len(str(CONCEPT)):] for c in _concepts(onto)}
    assert len(CONCEPT_IDS) == len(set(CONCEPT_IDS)) == 52
    assert ids == set(CONCEPT_IDS), (
        f"missing: {sorted(set(CONCEPT_IDS) - ids)}; unexpected: {sorted(ids - set(CONCEPT_IDS))}"
    )
    typed = {c for c in onto.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(CONCEPT))}
    assert typed == _concepts(onto)


def test_every_concept_is_labelled_and_defined(onto: Graph) -> None:
    problems = []
    for concept in sorted(_concepts(onto)):
        labels = [v for v in onto.objects(concept, SKOS.prefLabel) if v.language == "en"]
        if len(labels) != 1:
            problems.append(f"{concept} has {len(labels)} English prefLabels")
        if not any(v.language == "en" for v in onto.objects(concept, SKOS.definition)):
            problems.append(f"{concept} has no English definition")
    assert not problems, "\n".join(problems)


def test_concept_hierarchy(onto: Graph) -> None:
    concepts = _concepts(onto)
    tops = set(onto.subjects(SKOS.topConceptOf, SCHEME))
    assert tops == set(onto.objects(SCHEME, SKOS.hasTopConcept))
    for concept in concepts:
        broader = set(onto.objects(concept, SKOS.broader))
        assert broader <= concepts, f"{concept} has a broader concept outside the scheme"
        assert bool(broader) != (concept in tops), (
            f"{concept}: a concept is a top concept exactly when it has no broader concept"
        )
    for concept in concepts:  # no cycles
        seen, frontier = set(), {concept}
        while frontier:
            frontier = {b for c in frontier for b in onto.objects(c, SKOS.broader)} - seen
            assert concept not in frontier, f"{concept} is its own ancestor"
            seen |= frontier


def test_pref_labels_are_unique(onto: Graph) -> None:
    labels = [str(onto.value(c, SKOS.prefLabel)).lower() for c in _concepts(onto)]
    assert len(labels) == len(set(labels))
