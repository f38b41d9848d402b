"""The normgraph ontology: the ``ng:`` namespace and the Turtle files that declare it."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from .namespace import NG, NG_IRI, NGR_IRI

ONTOLOGY_IRI = "https://w3id.org/normgraph/ontology"
CONCEPT_BASE = NGR_IRI + "concept/"


def ontology_path() -> Path:
    """The OWL ontology (with the SKOS concept scheme), as a Turtle file."""
    return Path(str(files(__name__) / "normgraph.ttl"))


def shapes_path() -> Path:
    """The SHACL shapes, as a Turtle file."""
    return Path(str(files(__name__) / "shapes.ttl"))


@cache
def scheme_concept_ids() -> frozenset[str]:
    """The ids of the topics in the ontology's concept scheme (``ngr:concept/{id}``)."""
    import pyoxigraph as ox

    skos_concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ids = set()
    for triple in ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE):
        if triple.predicate == rdf_type and triple.object == skos_concept:
            subject = triple.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(CONCEPT_BASE):
                ids.add(subject.value[len(CONCEPT_BASE) :])
    return frozenset(ids)


__all__ = ["NG", "NG_IRI", "NGR_IRI", "ONTOLOGY_IRI", "ontology_path", "shapes_path", "scheme_concept_ids"]
