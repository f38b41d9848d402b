"""The SHACL shapes ``shapes.ttl``: a valid shapes graph that accepts well-formed builder output
and rejects broken output with readable messages naming the focus node."""

from __future__ import annotations

import re
from importlib.resources import files

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from normgraph.ontology.namespace import NG, NG_IRI, NGR_IRI

NGR = Namespace(NGR_IRI)
SHAPE = Namespace(NGR_IRI + "shape/")

PREFIXES = """
@prefix ng: <https://w3id.org/normgraph/ontology#> .
@prefix ngr: <https://w3id.org/normgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""

# A small graph shaped like the builder's output: one document, two paragraphs, an actor,
# two instruments, a norm of each kind, two claims and a quote selector.
CONFORMING = PREFIXES + r"""
<https://w3id.org/normgraph/id/doc/d> a ng:Document ;
    rdfs:label "Migrant workers" ; ng:documentKind "report" .

<https://w3id.org/normgraph/id/doc/d/p1> a ng:Unit , ng:Paragraph ; ng:eId "para_1" ;
    ng:number 1 ; ng:partOf <https://w3id.org/normgraph/id/doc/d> ; ng:reviewed true ;
    ng:text "States should protect victims and must not punish them. Victims have the right to stay." ;
    ng:topic <https://w3id.org/normgraph/id/concept/trafficking> ;
    ng:mentions <https://w3id.org/normgraph/id/actor/states> , ng:DestinationCountry .

<https://w3id.org/normgraph/id/doc/d/p2> a ng:Unit , ng:Paragraph ; ng:eId "para_2" ;
    ng:number 2 ; ng:partOf <https://w3id.org/normgraph/id/doc/d> ;
    ng:text "The Convention has only 37 States Parties and entered into force in July 2003." .

<https://w3id.org/normgraph/id/actor/states> a ng:StateGroup , ng:Actor ;
    rdfs:label "States" ; ng:hasRole ng:SourceCountry , ng:DestinationCountry .
<https://w3id.org/normgraph/id/actor/victims> a ng:PersonGroup , ng:Actor ; rdfs:label "victims" .

<https://w3id.org/normgraph/id/instrument/icrmw> a ng:Convention , ng:Instrument ;
    rdfs:label "Migrant Workers Convention" ;
    dcterms:title "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families" ;
    ng:adoptedOn "1990-12-18"^^xsd:date ; ng:entryIntoForce "2003-07"^^xsd:gYearMonth .
<https://w3id.org/normgraph/id/instrument/palermo> a ng:Protocol , ng:Instrument ;
    rdfs:label "Trafficking Protocol" ; ng:adoptedOn "2000"^^xsd:gYear ;
    ng:supplements <https://w3id.org/normgraph/id/instrument/icrmw> .

<https://w3id.org/normgraph/id/doc/d/p1/protect> a ng:Recommendation ;
    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p1> ;
    ng:quote "States should protect victims" ; ng:cue "should" ; ng:negated false ;
    ng:bearer <https://w3id.org/normgraph/id/actor/states> ;
    ng:beneficiary <https://w3id.org/normgraph/id/actor/victims> ;
    ng:bearerBasis ng:Stated ; ng:beneficiaryBasis ng:Stated ;
    ng:action "protect victims" ;
    ng:appliesToRole ng:SourceCountry , ng:TransitCountry , ng:DestinationCountry ;
    ng:instrument <https://w3id.org/normgraph/id/instrument/palermo> ;
    ng:topic <https://w3id.org/normgraph/id/concept/victim-protection> ;
    ng:selector <https://w3id.org/normgraph/id/doc/d/p1/protect/selector> .

<https://w3id.org/normgraph/id/doc/d/p1/protect/selector> a oa:TextQuoteSelector , oa:TextPositionSelector ;
    oa:exact "States should protect victims" ; oa:suffix " and must" ;
    oa:start "0"^^xsd:integer ; oa:end "29"^^xsd:integer .

<https://w3id.org/normgraph/id/doc/d/p1/obligation-1> a ng:Obligation , ng:Norm ;
    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p1> ;
    ng:quote "must not punish them" ; ng:negated true ;
    ng:bearer <https://w3id.org/normgraph/id/actor/states> ;
    ng:bearerBasis ng:Inferred ; ng:bearerInference "no subject: the sentence's first clause names States"@en ;
    ng:scope "punish them" ; ng:hedge "must not" .

<https://w3id.org/normgraph/id/doc/d/p1/stay> a ng:Right ;
    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p1> ;
    ng:quote "Victims have the right to stay" ;
    ng:holder <https://w3id.org/normgraph/id/actor/victims> ; ng:holderBasis ng:Stated .

<https://w3id.org/normgraph/id/doc/d/p2/states-parties> a ng:Figure , ng:Claim ;
    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p2> ;
    ng:quote "only 37 States Parties" ; ng:value 37.0 ; ng:unit "States Parties" ;
    ng:instrument <https://w3id.org/normgraph/id/instrument/icrmw> .

<https://w3id.org/normgraph/id/doc/d/p2/in-force> a ng:DateStatement ;
    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p2> ;
    ng:quote "entered into force in July 2003" ; ng:date "2003-07"^^xsd:gYearMonth ;
    ng:about <https://w3id.org/normgraph/id/instrument/icrmw> .
"""

P1 = NGR["doc/d/p1"]
PROTECT = NGR["doc/d/p1/protect"]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    text = (files("normgraph.ontology") / "shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _data(turtle: str) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def _validate(shapes: Graph, data: Graph, **kwargs):
    return pyshacl.validate(data, shacl_graph=shapes, advanced=True, **kwargs)


def _results(report: Graph) -> list[tuple[URIRef, URIRef, URIRef, str]]:
    """(focus node, source shape, severity, messages) of every result in a report."""
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = " | ".join(sorted(str(m) for m in report.objects(result, SH.resultMessage)))
        out.append((
            report.value(result, SH.focusNode),
            report.value(result, SH.sourceShape),
            report.value(result, SH.resultSeverity),
            messages,
        ))
    return out


def _broken(old: str, new: str) -> Graph:
    assert old in CONFORMING, old
    return _data(CONFORMING.replace(old, new, 1))


# --- the shapes graph itself ------------------------------------------------------------------


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    """meta_shacl checks the shapes graph against the SHACL-for-SHACL shapes first."""
    conforms, _, text = _validate(shapes, _data(CONFORMING), meta_shacl=True)
    assert conforms, text


def test_shapes_use_only_ng_terms(shapes: Graph) -> None:
    used = {str(t)[len(NG_IRI):] for triple in shapes for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NG_IRI)}
    assert used - set(NG.terms) == set(), f"unknown ng: terms in shapes.ttl: {used - set(NG.terms)}"
    # and the SPARQL constraints' ng: names, which are not IRIs in the graph
    selects = [str(select) for select in shapes.objects(None, SH.select)]
    assert len(selects) >= 3
    for select in selects:
        names = set(re.findall(r"\bng:(\w+)", select))
        assert names and names <= set(NG.terms), names - set(NG.terms)


def test_shapes_live_under_ngr_shape(shapes: Graph) -> None:
    named = [s for s in set(shapes.subjects(RDF.type, SH.NodeShape))
             | set(shapes.subjects(RDF.type, SH.PropertyShape)) if isinstance(s, URIRef)]
    assert named
    assert all(str(s).startswith(str(SHAPE)) for s in named)


def test_every_constraining_shape_has_an_english_message(shapes: Graph) -> None:
    missing = []
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        messages = list(shapes.objects(shape, SH.message))
        if not any(isinstance(m, Literal) and m.language == "en" for m in messages):
            missing.append(shape)
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        if shapes.value(constraint, SH.message) is None:
            missing.append(constraint)
    assert not missing, f"shapes without an English sh:message: {missing}"


# --- conforming data --------------------------------------------------------------------------


def test_conforming_graph_conforms(shapes: Graph) -> None:
    conforms, _, text = _validate(shapes, _data(CONFORMING))
    assert conforms, text


def test_right_without_holder_is_only_a_warning(shapes: Graph) -> None:
    data = _broken("    ng:holder <https://w3id.org/normgraph/id/actor/victims> ; ng:holderBasis ng:Stated .",
                   "    ng:cue \"the right to\" .")
    conforms, report, text = _validate(shapes, data)
    assert not conforms  # pyshacl counts warnings unless told otherwise
    results = _results(report)
    assert [(f, s, sev) for f, s, sev, _ in results] == [
        (NGR["doc/d/p1/stay"], SHAPE["RightShape-holder"], SH.Warning)
    ], text
    conforms, _, _ = _validate(shapes, data, allow_warnings=True)
    assert conforms


# --- broken data ------------------------------------------------------------------------------


def test_norm_without_quote_and_paragraph_with_two_numbers(shapes: Graph) -> None:
    data = _broken('    ng:quote "States should protect victims" ; ', "    ")
    data += _data(PREFIXES + "<https://w3id.org/normgraph/id/doc/d/p1> ng:number 7 .")
    conforms, report, text = _validate(shapes, data)
    assert not conforms
    found = {(focus, shape) for focus, shape, _, _ in _results(report)}
    assert found == {
        (PROTECT, SHAPE["NormShape-quote"]),
        (P1, SHAPE["ParagraphShape-number"]),
    }, text
    assert str(PROTECT) in text and str(P1) in text
    assert "exactly one ng:quote" in text
    assert "exactly one ng:number" in text


@pytest.mark.parametrize(("old", "new", "focus", "shape", "words"), [
    ("ng:number 2 ;", "ng:number 0 ;", NGR["doc/d/p2"], "ParagraphShape-number", "at least 1"),
    ("ng:number 2 ;", 'ng:number "2" ;', NGR["doc/d/p2"], "ParagraphShape-number", "xsd:integer"),
    ('    ng:text "The Convention', '    ng:text "", "The Convention', NGR["doc/d/p2"],
     "ParagraphShape-text", "exactly one ng:text"),
    ("ng:number 1 ; ng:partOf <https://w3id.org/normgraph/id/doc/d> ;", "ng:number 1 ;",
     P1, "ParagraphShape-partOf", "ng:partOf"),
    ('rdfs:label "Migrant workers" ;', "", NGR["doc/d"], "DocumentShape-label", "rdfs:label"),
    ("a ng:Recommendation ;", "a ng:Norm ;", PROTECT, "NormShape-kind",
     "exactly one of ng:Obligation"),
    ("a ng:Recommendation ;", "a ng:Recommendation , ng:Obligation ;", PROTECT,
     "NormShape-kind", "exactly one of"),
    ("ng:negated false ;", "ng:negated false , true ;", PROTECT, "NormShape-negated",
     "at most one ng:negated"),
    ("ng:negated false ;", 'ng:negated "no" ;', PROTECT, "NormShape-negated", "xsd:boolean"),
    ("ng:appliesToRole ng:SourceCountry ,", "ng:appliesToRole ng:Actor ,", PROTECT,
     "NormShape-appliesToRole", "ng:SourceCountry"),
    ("ng:bearer <https://w3id.org/normgraph/id/actor/states> ;\n    ng:beneficiary",
     "ng:bearer <https://w3id.org/normgraph/id/actor/nobody> ;\n    ng:beneficiary",
     PROTECT, "NormShape-bearer", "ng:Actor"),
    ("ng:instrument <https://w3id.org/normgraph/id/instrument/palermo> ;",
     "ng:instrument <https://w3id.org/normgraph/id/actor/states> ;", PROTECT,
     "NormShape-instrument", "ng:Instrument"),
    ('ng:quote "States should protect victims" ;', 'ng:quote "States shall protect victims" ;',
     PROTECT, "NormShape", "not a verbatim substring"),
    ("ng:value 37.0 ;", "ng:value 37.0 , 38.0 ;", NGR["doc/d/p2/states-parties"],
     "ClaimShape-value", "at most one ng:value"),
    ("ng:value 37.0 ;", 'ng:value "37" ;', NGR["doc/d/p2/states-parties"], "ClaimShape-value",
     "xsd:decimal"),
    ('ng:quote "only 37 States Parties" ;', "", NGR["doc/d/p2/states-parties"],
     "ClaimShape-quote", "exactly one ng:quote"),
    ("<https://w3id.org/normgraph/id/doc/d/p2/in-force> a ng:DateStatement ;\n"
     "    ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p2> ;",
     "<https://w3id.org/normgraph/id/doc/d/p2/in-force> a ng:DateStatement ;",
     NGR["doc/d/p2/in-force"], "ClaimShape-assertedIn", "at least one unit"),
    ('ng:date "2003-07"^^xsd:gYearMonth', 'ng:date "July 2003"', NGR["doc/d/p2/in-force"],
     "ClaimShape-date", "xsd:gYear"),
    ('ng:adoptedOn "2000"^^xsd:gYear ;', 'ng:adoptedOn "2000"^^xsd:gYear , "2001"^^xsd:gYear ;',
     NGR["instrument/palermo"], "InstrumentShape-adoptedOn", "at most one ng:adoptedOn"),
    ('rdfs:label "Trafficking Protocol" ;', 'rdfs:label "Trafficking Protocol" , "Palermo" ;',
     NGR["instrument/palermo"], "InstrumentShape-label", "exactly one rdfs:label"),
    ("a ng:Protocol , ng:Instrument ;", "a ng:Protocol ;", NGR["instrument/palermo"],
     "InstrumentIdentityShape", "typed ng:Instrument"),
    ("a ng:PersonGroup , ng:Actor ; rdfs:label \"victims\" .", "a ng:PersonGroup , ng:Actor .",
     NGR["actor/victims"], "ActorShape-label", "rdfs:label"),
    ("a ng:PersonGroup , ng:Actor ;", "a ng:PersonGroup ;", NGR["actor/victims"],
     "ActorIdentityShape", "typed ng:Actor"),
    ("ng:hasRole ng:SourceCountry ,", "ng:hasRole <https://w3id.org/normgraph/id/concept/migration> ,", NGR["actor/states"],
     "ActorShape-hasRole", "ng:hasRole takes only"),
    ("ng:bearerBasis ng:Stated ; ng:beneficiaryBasis ng:Stated ;", "ng:beneficiaryBasis ng:Stated ;", PROTECT,
     "NormShape", "bearer: it has no basis"),
    ("ng:bearerInference \"no subject: the sentence's first clause names States\"@en ;", "", NGR["doc/d/p1/obligation-1"],
     "NormShape", "bearer: inferred, with no reason why"),
    ("ng:holderBasis ng:Stated .", "ng:holderBasis ng:Stated ; ng:holderInference \"guess\"@en .", NGR["doc/d/p1/stay"],
     "NormShape", "holder: stated, yet given a reason"),
    ("ng:bearerBasis ng:Stated ; ng:beneficiaryBasis ng:Stated ;",
     "ng:bearerBasis ng:Stated ; ng:beneficiaryBasis ng:Stated ; ng:holderBasis ng:Stated ;", PROTECT,
     "NormShape", "holder: a basis, but no actor in that slot"),
    ("ng:bearerBasis ng:Stated ; ng:beneficiaryBasis", "ng:bearerBasis ng:Actor ; ng:beneficiaryBasis", PROTECT,
     "NormShape-bearerBasis", "ng:Stated or ng:Inferred"),
    ("ng:bearerBasis ng:Stated ; ng:beneficiaryBasis", "ng:bearerBasis ng:Stated , ng:Inferred ; ng:beneficiaryBasis",
     PROTECT, "NormShape-bearerBasis", "at most one ng:bearerBasis"),
    ('names States"@en ;', 'names States" ;', NGR["doc/d/p1/obligation-1"], "NormShape-bearerInference", "language-tagged"),
    ('ng:hedge "must not" .', 'ng:hedge "may not" .', NGR["doc/d/p1/obligation-1"], "NormShape", 'ng:hedge \"may not\" is not a verbatim'),
    ('ng:scope "punish them" ;', 'ng:scope "punish us" ;', NGR["doc/d/p1/obligation-1"], "NormShape", "is not a verbatim substring"),
    ('ng:hedge "must not" .', 'ng:hedge "must not", "must" .', NGR["doc/d/p1/obligation-1"], "NormShape-hedge", "at most one ng:hedge"),
    ('oa:exact "States should protect victims" ; ', "", NGR["doc/d/p1/protect/selector"],
     "SelectorShape-exact", "exactly one oa:exact"),
    ('oa:end "29"^^xsd:integer', 'oa:end "0"^^xsd:integer . '
     '<https://w3id.org/normgraph/id/doc/d/p1/protect/selector> oa:start "5"^^xsd:integer',
     NGR["doc/d/p1/protect/selector"], "SelectorShape-start", "oa:start"),
])
def test_broken_graph_is_reported(shapes: Graph, old, new, focus, shape, words) -> None:
    conforms, report, text = _validate(shapes, _broken(old, new))
    assert not conforms
    hits = [(f, s, sev, m) for f, s, sev, m in _results(report)
            if f == focus and s == SHAPE[shape]]
    assert hits, f"expected a result from ngsh:{shape} on {focus}:\n{text}"
    assert any(words in m for _, _, _, m in hits), text
    assert all(sev == SH.Violation for _, _, sev, _ in hits)


def test_blank_node_norm_is_reported(shapes: Graph) -> None:
    data = _data(CONFORMING + """
        [] a ng:Obligation ; ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p1> ;
           ng:quote "must not punish them" .
    """)
    conforms, report, text = _validate(shapes, data)
    assert not conforms
    shapes_hit = {s for _, s, _, _ in _results(report)}
    assert shapes_hit == {SHAPE["NormIdentityShape"]}, text
    assert "blank node" in text


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_conforming_graph_with_the_ontology_merged_in(shapes: Graph, inference: str) -> None:
    """The built graph may carry the ontology (ngr:graph/ontology); that must not add results."""
    text = (files("normgraph.ontology") / "normgraph.ttl").read_text(encoding="utf-8")
    data = _data(CONFORMING) + Graph().parse(data=text, format="turtle")
    conforms, _, report = _validate(shapes, data, inference=inference)
    assert conforms, report
