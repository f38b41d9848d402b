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

from ..builders.corpus import paused_gc
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


# How the canonical order is made fast: each graph is dumped as N-Triples by pyoxigraph (Rust),
# its lines are sorted as bytes (C), and only then do the formats that need terms parse them
# back. A line "<s> <p> <o> ." sorts exactly as the three terms' texts compared in turn
# (terms are self-delimiting), which is the order normgraph has always written; UTF-8 bytes sort
# as code points do. N-Triples and N-Quads are written straight from the sorted lines.


def _graph_names(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """Every graph that holds quads (the default graph too), sorted by their N-Quads text."""
    names: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(store.named_graphs())
    names.append(ox.DefaultGraph())
    return sorted(names, key=str)


def _graph_lines(store: ox.Store, name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> list[bytes]:
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).splitlines()
    lines.sort()
    return lines


def _triple_lines(graph: KnowledgeGraph) -> list[bytes]:
    """The union of all graphs as sorted N-Triples lines, without duplicates."""
    lines: list[bytes] = []
    for name in _graph_names(graph.store):
        lines += _graph_lines(graph.store, name)  # sorted runs: the final sort merges them
    lines.sort()
    return list(dict.fromkeys(lines))  # duplicates are neighbours now; keeps the order


def _quad_lines(graph: KnowledgeGraph) -> list[bytes]:
    """Every quad as an N-Quads line, by graph, then subject, predicate and object."""
    out: list[bytes] = []
    for name in _graph_names(graph.store):
        lines = _graph_lines(graph.store, name)
        if isinstance(name, ox.DefaultGraph):
            out += lines
        else:
            suffix = f" {name} .".encode()
            out += [line[:-2] + suffix for line in lines]  # "<s> <p> <o> ." → "... <g> ."
    return out


def _joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def sorted_triples(graph: KnowledgeGraph) -> list[ox.Triple]:
    """The union of all graphs, without duplicates, in a stable order: by subject, predicate
    and object, each compared as its N-Triples text."""
    with paused_gc():
        return list(ox.parse(_joined(_triple_lines(graph)), format=ox.RdfFormat.N_TRIPLES))


def sorted_quads(graph: KnowledgeGraph) -> list[ox.Quad]:
    """Every quad, by graph name, then subject, predicate and object (as N-Quads text)."""
    with paused_gc():
        return list(ox.parse(_joined(_quad_lines(graph)), format=ox.RdfFormat.N_QUADS))


def serialize(graph: KnowledgeGraph, format: str) -> bytes:
    """The graph in ``format`` (a key of :data:`FORMATS`) as bytes."""
    spec = FORMATS[format]
    with paused_gc():
        if spec.keeps_graphs:
            text, text_format = _joined(_quad_lines(graph)), ox.RdfFormat.N_QUADS
        else:
            text, text_format = _joined(_triple_lines(graph)), ox.RdfFormat.N_TRIPLES
        if spec.rdf_format == text_format:
            return text  # N-Triples / N-Quads: the sorted lines are the document
        prefixes = PREFIXES if format in ("turtle", "trig", "xml") else None
        data = ox.serialize(ox.parse(text, format=text_format), format=spec.rdf_format, prefixes=prefixes)
    assert data is not None
    return data


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would: the old
        # file's, or 0666 less the umask
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
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
