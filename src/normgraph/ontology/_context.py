"""The JSON-LD ``@context`` (``context.jsonld``), generated from the ontology.

The shipped file is this module's output; ``tests/graph/test_jsonld_context.py`` fails when the
two differ, or when the ontology or the exports use a term the context neither maps nor leaves out
(with a reason, in :data:`LEFT_OUT`). Regenerate after changing ``normgraph.ttl``::

    python -m normgraph.ontology._context     # rewrites src/normgraph/ontology/context.jsonld

The rules, taken from the ontology so a new term needs no edit here:

* every ``ng:`` class and named individual is a term of its own name (``"type": ["Norm",
  "Obligation"]``, ``"appliesToRole": ["TransitCountry"]``);
* an object property's values are IRIs (``"@type": "@id"``), or terms (``"@vocab"``) when its
  range is an enumeration (``owl:oneOf``) or ``rdf:Property``;
* ``xsd:integer`` and ``xsd:boolean`` values are JSON numbers and booleans (no ``@type``: the
  writer emits native values only where reading them back gives the same literal);
  ``xsd:decimal`` keeps its datatype, as a string (a JSON number would come back as an
  ``xsd:integer`` or ``xsd:double``); strings, language strings and the date unions take no
  ``@type`` (each value says its own);
* a property that is not ``owl:FunctionalProperty`` is a ``@set``: always an array, so a client
  need not test for one value or many. No other container: language and index maps would fold
  values into keys a client must know about, for no gain on this data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
VANN = "http://purl.org/vocab/vann/"

# Terms from other vocabularies that the graph uses on its instances (and the ontology on itself):
# name → (IRI, "@type" or None, a @set?). Datatypes as for ng: properties above.
EXTERNAL: dict[str, tuple[str, str | None, bool]] = {
    "label": (RDFS + "label", None, False),
    "comment": (RDFS + "comment", None, False),
    "seeAlso": (RDFS + "seeAlso", "@id", True),
    "isDefinedBy": (RDFS + "isDefinedBy", "@id", False),
    "subClassOf": (RDFS + "subClassOf", "@id", True),
    "subPropertyOf": (RDFS + "subPropertyOf", "@id", True),
    "domain": (RDFS + "domain", "@id", True),
    "range": (RDFS + "range", "@id", True),
    "title": (DCTERMS + "title", None, False),
    "description": (DCTERMS + "description", None, False),
    "identifier": (DCTERMS + "identifier", None, False),
    "language": (DCTERMS + "language", None, False),
    "license": (DCTERMS + "license", "@id", False),
    "publisher": (DCTERMS + "publisher", "@id", False),
    "prefLabel": (SKOS + "prefLabel", None, False),
    "altLabel": (SKOS + "altLabel", None, True),
    "definition": (SKOS + "definition", None, False),
    "notation": (SKOS + "notation", None, True),
    "broader": (SKOS + "broader", "@id", True),
    "inScheme": (SKOS + "inScheme", "@id", True),
    "hasTopConcept": (SKOS + "hasTopConcept", "@id", True),
    "topConceptOf": (SKOS + "topConceptOf", "@id", True),
    "closeMatch": (SKOS + "closeMatch", "@id", True),
    "exact": (OA + "exact", None, False),
    "prefix": (OA + "prefix", None, False),
    "suffix": (OA + "suffix", None, False),
    "start": (OA + "start", None, False),
    "end": (OA + "end", None, False),
    "versionInfo": (OWL + "versionInfo", None, False),
    "preferredNamespacePrefix": (VANN + "preferredNamespacePrefix", None, False),
    "preferredNamespaceUri": (VANN + "preferredNamespaceUri", None, False),
}
EXTERNAL_CLASSES = {
    "Concept": SKOS + "Concept",
    "ConceptScheme": SKOS + "ConceptScheme",
    "TextQuoteSelector": OA + "TextQuoteSelector",
    "TextPositionSelector": OA + "TextPositionSelector",
}

# What the context deliberately does not name; written as compact IRIs ("owl:unionOf") instead.
LEFT_OUT: dict[str, str] = {
    RDF + "first": "RDF lists inside OWL axioms (owl:unionOf, owl:oneOf); kept as rdf:first/rdf:rest, "
    "not @list, so blank nodes round-trip unchanged",
    RDF + "rest": "as rdf:first",
    OWL: "the ontology's OWL axioms and declarations (owl:Class, owl:unionOf, owl:equivalentClass …): "
    "read by OWL tools, which expect the owl: names, not by web clients",
    RDFS + "Datatype": "as owl: (datatype unions in property ranges)",
}

_GEN_DELIMS = tuple(":/?#[]@")


def _ontology() -> tuple[list[Any], dict[str, str]]:
    import pyoxigraph as ox

    from . import ontology_path

    parser = ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE)
    triples = list(parser)
    return triples, dict(parser.prefixes)


def build_context() -> dict[str, Any]:
    """The ``@context`` object, from ``normgraph.ttl``."""
    import pyoxigraph as ox

    from .namespace import NG, NG_IRI

    triples, prefixes = _ontology()
    types: dict[str, set[str]] = {}
    ranges: dict[str, str] = {}
    one_of: set[str] = set()  # classes that enumerate their members
    equivalent: dict[str, str] = {}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        key = s.value if isinstance(s, ox.NamedNode) else str(s)
        if p == RDF + "type" and isinstance(o, ox.NamedNode):
            types.setdefault(key, set()).add(o.value)
        elif p == RDFS + "range" and isinstance(o, ox.NamedNode):
            ranges[key] = o.value
        elif p == OWL + "oneOf":
            one_of.add(key)
        elif p == OWL + "equivalentClass":
            equivalent[key] = str(o)
    enumerations = {c for c in types if c in one_of or equivalent.get(c) in one_of} | {RDF + "Property"}

    def compact(iri: str) -> str:
        for name, ns in prefixes.items():
            if iri.startswith(ns) and iri != ns and name:
                return f"{name}:{iri[len(ns):]}"
        return iri

    context: dict[str, Any] = {"@version": 1.1}
    for name, ns in prefixes.items():
        if name and ns.endswith(_GEN_DELIMS):  # usable as a prefix in compact IRIs
            context[name] = ns
    context["id"] = "@id"
    context["type"] = {"@id": "@type", "@container": "@set"}

    properties: dict[str, Any] = {}
    for name in NG.terms:
        iri = NG_IRI + name
        kinds = types.get(iri, set())
        if OWL + "ObjectProperty" in kinds or OWL + "DatatypeProperty" in kinds:
            definition: dict[str, Any] = {"@id": f"ng:{name}"}
            if OWL + "ObjectProperty" in kinds:
                definition["@type"] = "@vocab" if ranges.get(iri) in enumerations else "@id"
            elif ranges.get(iri) == XSD + "decimal":
                definition["@type"] = "xsd:decimal"
            if OWL + "FunctionalProperty" not in kinds:
                definition["@container"] = "@set"
            properties[name] = definition
        else:  # classes and named individuals
            context[name] = f"ng:{name}"
    for name, iri in EXTERNAL_CLASSES.items():
        context[name] = compact(iri)
    context.update(properties)
    for name, (iri, datatype, as_set) in EXTERNAL.items():
        definition = {"@id": compact(iri)}
        if datatype:
            definition["@type"] = datatype
        if as_set:
            definition["@container"] = "@set"
        context[name] = definition
    return context


def render(context: dict[str, Any]) -> str:
    """The file's text: ``{"@context": …}``, two-space indents, one term a line."""
    lines = []
    for name, definition in context.items():
        value = json.dumps(definition, ensure_ascii=False, separators=(", ", ": "))
        lines.append(f"    {json.dumps(name)}: {value}")
    return '{\n  "@context": {\n' + ",\n".join(lines) + "\n  }\n}\n"


def main() -> None:
    target = Path(__file__).with_name("context.jsonld")
    text = render(build_context())
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text):,} characters)", file=sys.stderr)


if __name__ == "__main__":
    main()
