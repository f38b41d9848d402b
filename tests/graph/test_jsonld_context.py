"""The published JSON-LD context (ontology/context.jsonld) against the ontology and the exports:
the file is what the generator makes of normgraph.ttl, every term the ontology declares or the
exports use is mapped (or left out with a reason), and each term's shape follows the ontology."""

from __future__ import annotations

import json
from importlib.resources import files

import pyoxigraph as ox
import pytest

from normgraph.ontology import NG, NG_IRI
from normgraph.ontology._context import LEFT_OUT, build_context, render

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DECLARED = {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", OWL + "Class",
            OWL + "NamedIndividual"}  # fmt: skip


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(files("normgraph.ontology").joinpath("context.jsonld").read_bytes())["@context"]


@pytest.fixture(scope="module")
def ontology() -> list[ox.Triple]:
    from normgraph.ontology import ontology_path

    return list(ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE))


def _mapped(context: dict) -> dict[str, str]:
    """IRI → term, every term's IRI expanded with the context's prefixes."""
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    out = {}
    for name, value in context.items():
        if name.startswith("@"):
            continue
        iri = value if isinstance(value, str) else value.get("@id", "")
        if iri.startswith("@"):
            continue
        prefix, _, rest = iri.partition(":")
        out[prefixes[prefix] + rest if prefix in prefixes else iri] = name
    return out


def _left_out(iri: str) -> bool:
    return iri in LEFT_OUT or any(iri.startswith(ns) for ns in LEFT_OUT if ns.endswith(("#", "/")))


def unmapped(triples, context: dict) -> set[str]:
    """Every IRI the ontology declares (a class, property or individual) with no term."""
    mapped = _mapped(context)
    declared = {t.subject.value for t in triples
                if t.predicate.value == RDF_TYPE and t.object.value in DECLARED and isinstance(t.subject, ox.NamedNode)}
    return {iri for iri in declared if iri not in mapped and not _left_out(iri)}


def test_the_shipped_file_is_the_generated_one(shipped):
    text = files("normgraph.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    assert text == render(build_context()), "regenerate: python -m normgraph.ontology._context"
    assert shipped["@version"] == 1.1


def test_every_declared_term_of_the_ontology_is_mapped(ontology, shipped):
    assert unmapped(ontology, shipped) == set()
    for name in NG.terms:  # and under its own name
        value = shipped[name]
        assert (value if isinstance(value, str) else value["@id"]) == f"ng:{name}"


def test_a_new_ontology_property_without_a_term_is_caught(ontology, shipped):
    new = ox.NamedNode(NG_IRI + "ratifiedBy")
    grown = ontology + [ox.Triple(new, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "ObjectProperty"))]
    assert unmapped(grown, shipped) == {new.value}


def test_every_term_the_seed_export_uses_is_mapped(seed_graph, shipped):
    mapped = _mapped(shipped)
    used = {q.predicate.value for q in seed_graph.store if q.predicate.value != RDF_TYPE}
    used |= {q.object.value for q in seed_graph.store if q.predicate.value == RDF_TYPE}
    assert {iri for iri in used if iri not in mapped and not _left_out(iri)} == set()


def test_term_shapes_follow_the_ontology(ontology, shipped):
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, str] = {}
    for t in ontology:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(NG_IRI):
            if t.predicate.value == RDF_TYPE:
                kinds.setdefault(t.subject.value, set()).add(t.object.value)
            elif t.predicate.value == RDFS + "range" and isinstance(t.object, ox.NamedNode):
                ranges[t.subject.value] = t.object.value
    checked = 0
    for iri, types in kinds.items():
        name = iri[len(NG_IRI):]
        term = shipped[name]
        functional = OWL + "FunctionalProperty" in types
        if OWL + "ObjectProperty" in types:
            enumerated = ranges.get(iri) in (NG_IRI + "StateRole", NG_IRI + "AttributionBasis",
                                             "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property")  # fmt: skip
            assert term["@type"] == ("@vocab" if enumerated else "@id"), name
        elif OWL + "DatatypeProperty" in types:
            expected = "xsd:decimal" if ranges.get(iri) == "http://www.w3.org/2001/XMLSchema#decimal" else None
            assert term.get("@type") == expected, name  # integers and booleans are JSON's own
        else:
            assert isinstance(term, str), name  # classes and individuals: plain terms
            continue
        assert (term.get("@container") == "@set") == (not functional), name
        checked += 1
    assert checked >= 60


def test_one_term_per_iri_and_no_keyword_clash(shipped):
    from normgraph.graph._jsonld import Terms

    Terms(shipped)  # raises when two terms map one IRI
    assert shipped["id"] == "@id" and shipped["type"] == {"@id": "@type", "@container": "@set"}
    assert not [name for name in shipped if name.startswith("@") and name != "@version"]


def test_left_out_terms_say_why():
    assert LEFT_OUT and all(len(reason) > 10 for reason in LEFT_OUT.values())
