"""Serialisation: every format pyoxigraph writes, deterministic and written atomically.

Determinism: quads are sorted before writing, so two builds of the same corpus give the same
bytes whatever order the store returns them in. Triple formats (Turtle, N-Triples, RDF/XML) get
the union of all named graphs; quad formats (TriG, N-Quads, JSON-LD) keep the graphs.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .store import KnowledgeGraph

# ngr: is left out on purpose: its IRIs hold "/", which Turtle could only write as "\/".
PREFIXES = {
    "ng": "https://w3id.org/normgraph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
}


@dataclass(frozen=True)
class Format:
    name: str
    rdf_format: ox.RdfFormat
    extension: str
    keeps_graphs: bool
    media_type: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ox.RdfFormat.TURTLE, "ttl", False, "text/turtle"),
        Format("ntriples", ox.RdfFormat.N_TRIPLES, "nt", False, "application/n-triples"),
        Format("nquads", ox.RdfFormat.N_QUADS, "nq", True, "application/n-quads"),
        Format("trig", ox.RdfFormat.TRIG, "trig", True, "application/trig"),
        Format("jsonld", ox.RdfFormat.JSON_LD, "jsonld", True, "application/ld+json"),
        Format("xml", ox.RdfFormat.RDF_XML, "rdf", False, "application/rdf+xml"),
    )
}


def sorted_triples(graph: KnowledgeGraph) -> list[ox.Triple]:
    """The union of all graphs, without duplicates, in a stable order."""
    triples = {q.triple for q in graph.store}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def sorted_quads(graph: KnowledgeGraph) -> list[ox.Quad]:
    return sorted(
        graph.store,
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )


def serialize(graph: KnowledgeGraph, format: str) -> bytes:
    """The graph in ``format`` (a key of :data:`FORMATS`) as bytes."""
    spec = FORMATS[format]
    items = sorted_quads(graph) if spec.keeps_graphs else sorted_triples(graph)
    prefixes = PREFIXES if format in ("turtle", "trig", "xml") else None
    data = ox.serialize(items, format=spec.rdf_format, prefixes=prefixes)
    assert data is not None
    return data


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(graph: KnowledgeGraph, format: str, path: str | Path) -> Path:
    """Serialise ``graph`` to ``path`` atomically; returns the path."""
    write_atomic(path, serialize(graph, format))
    return Path(path)
