"""Serialisation: every format pyoxigraph writes, deterministic and written atomically.

The order is canonical, so the same graph gives the same bytes however it was made: graph by
graph (sorted by name, the default graph last), and within a graph by subject, predicate and
object, each as its N-Triples text. Quad formats (TriG, N-Quads, JSON-LD) keep the graphs; triple
formats (Turtle, N-Triples, RDF/XML) write their union in the same order, a triple held by
several graphs once, where it first appears.

A graph that normgraph built is already stored in that order (:mod:`._order`), and its Turtle,
TriG, N-Triples and N-Quads are pyoxigraph's own serialisation, graph by graph. Any other graph
(loaded from a file, or changed since it was built) is sorted first: each graph is dumped as
N-Triples (Rust), its lines are sorted as bytes (C), and only the formats that need terms parse
them back.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .._files import write_output
from ..errors import NormgraphError
from ..builders.corpus import paused_gc
from ._order import canonical_key
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


# A file's extension, or a format's other name, → the format (`-f` from `-o`, `--data` files).
_ALIASES = {"ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
            "nq": "nquads", "nquads": "nquads", "n-quads": "nquads", "trig": "trig", "jsonld": "jsonld",
            "json-ld": "jsonld", "json": "jsonld", "rdf": "xml", "owl": "xml", "xml": "xml", "rdfxml": "xml",
            "rdf/xml": "xml"}  # fmt: skip


def format_name(name: str) -> str | None:
    """The format a name or an extension stands for ("ttl", "Turtle", "rdf" …), or None."""
    return _ALIASES.get(name.strip().lower().lstrip("."))


def format_of(path: str | Path, given: str | None = None, *, option: str = "--format") -> str:
    """The format of a file: ``given`` (a name or an extension) when there is one, else the
    file's extension; a clear error when neither says."""
    from ..errors import NormgraphError

    if given is not None:
        name = format_name(given)
        if name is None:
            raise NormgraphError(f"{option} {given!r}: not a format; choose {', '.join(FORMATS)} (or ttl, nt, nq, rdf, owl)")
        return name
    suffix = Path(path).suffix
    name = format_name(suffix) if suffix else None
    if name is None:
        raise NormgraphError(f"cannot tell the format of {path} from its extension {suffix or '(none)'}: give {option} "
                             f"({', '.join(FORMATS)})")
    return name


GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def _graph_names(store: ox.Store) -> list[GraphName]:
    """Every graph that may hold quads, in the canonical order (by N-Quads text; the default
    graph, "DEFAULT", after the IRIs)."""
    names: list[GraphName] = list(store.named_graphs())
    names.append(ox.DefaultGraph())
    return sorted(names, key=str)


def _starts_in_order(store: ox.Store) -> bool:
    """A cheap guard on what the fast path assumes of pyoxigraph (tests pin it down): each
    graph's first few quads come out in canonical order. A pyoxigraph returning the oldest
    first would fail here, and the export would sort instead of writing a reversed graph."""
    for name in _graph_names(store):
        keys = [canonical_key(q) for q in islice(store.quads_for_pattern(None, None, None, name), 4)]
        if keys != sorted(keys):
            return False
    return True


def _joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _graph_texts(store: ox.Store, in_order: bool, *, union: bool) -> Iterator[tuple[GraphName, bytes]]:
    """Each graph's triples as canonical N-Triples text. ``in_order``: the store already returns
    them so. ``union``: leave out the triples an earlier graph already gave (a built graph has
    none; see ``test_order.py``)."""
    seen: set[bytes] = set()
    for name in _graph_names(store):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if in_order or not data:
            yield name, data
            continue
        lines = data.splitlines()
        lines.sort()
        if union:
            if seen:
                lines = [line for line in lines if line not in seen]
            seen.update(lines)
        yield name, _joined(lines)


@functools.cache
def _prefix_header() -> bytes:
    """The ``@prefix`` lines pyoxigraph writes ahead of a Turtle document."""
    probe = ox.Triple(ox.NamedNode("urn:x-normgraph:s"), ox.NamedNode("urn:x-normgraph:p"), ox.Literal("o"))
    text = ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert text is not None
    return text[: text.index(b"<urn:x-normgraph:s>")]


def _turtle_bodies(store: ox.Store, in_order: bool, *, union: bool) -> Iterator[tuple[GraphName, bytes]]:
    """Each graph's triples as Turtle statements, without the prefix lines (empty graphs too)."""
    header = _prefix_header()
    if in_order:  # the store's own order is the canonical one: let Rust write it all
        texts = ((name, store.dump(format=ox.RdfFormat.TURTLE, from_graph=name, prefixes=PREFIXES))
                 for name in _graph_names(store))  # fmt: skip
    else:
        texts = ((name, ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                                     prefixes=PREFIXES) if nt else b"")
                 for name, nt in _graph_texts(store, in_order, union=union))  # fmt: skip
    for name, text in texts:
        if text and not text.startswith(header):  # pragma: no cover - pyoxigraph writing prefixes otherwise
            raise RuntimeError("unexpected Turtle prefix lines from pyoxigraph")
        yield name, text[len(header) :] if text else b""


def _turtle(store: ox.Store, in_order: bool) -> bytes:
    body = b"".join(body for _, body in _turtle_bodies(store, in_order, union=True))
    return _prefix_header() + body if body else b""


def _trig(store: ox.Store, in_order: bool) -> bytes:
    parts: list[bytes] = []
    for name, body in _turtle_bodies(store, in_order, union=False):
        if not body:
            continue
        if isinstance(name, ox.DefaultGraph):
            parts.append(body)
        else:  # pyoxigraph's own TriG layout: the statements indented by a tab inside the block
            parts.append(f"{name} {{\n\t".encode() + body[:-1].replace(b"\n", b"\n\t") + b"\n}\n")
    return _prefix_header() + b"".join(parts) if parts else b""


def _ntriples(store: ox.Store, in_order: bool) -> bytes:
    return b"".join(text for _, text in _graph_texts(store, in_order, union=True))


def _nquads(store: ox.Store, in_order: bool) -> bytes:
    parts: list[bytes] = []
    for name, text in _graph_texts(store, in_order, union=False):
        if isinstance(name, ox.DefaultGraph):
            parts.append(text)
        else:  # " .\n" ends every line and nothing else: N-Triples escapes line breaks in literals
            parts.append(text.replace(b" .\n", f" {name} .\n".encode()))
    return b"".join(parts)


JSONLD_FORMS = ("compact", "expanded")


def _jsonld_graphs(store: ox.Store, in_order: bool) -> Iterator[tuple[str | None, bytes]]:
    """Each graph as expanded JSON-LD in the canonical order, the default graph first (named
    graphs' node objects take what the default graph says about them)."""
    names = _graph_names(store)
    for name in [ox.DefaultGraph()] + [n for n in names if not isinstance(n, ox.DefaultGraph)]:
        if in_order:
            data = store.dump(format=ox.RdfFormat.JSON_LD, from_graph=name)
        else:
            lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).splitlines()
            lines.sort()
            data = ox.serialize(ox.parse(_joined(lines), format=ox.RdfFormat.N_TRIPLES),
                                format=ox.RdfFormat.JSON_LD) if lines else b""  # fmt: skip
        label = None if isinstance(name, ox.DefaultGraph) else (f"_:{name.value}" if isinstance(name, ox.BlankNode)
                                                                else name.value)  # fmt: skip
        yield label, data or b""


def _jsonld(graph: KnowledgeGraph, in_order: bool, form: str, context_url: str | None, frame: str | None) -> bytes:
    from . import _jsonld

    if form not in JSONLD_FORMS:
        raise NormgraphError(f"JSON-LD form {form!r}: choose {' or '.join(JSONLD_FORMS)}")
    try:
        if frame is not None:
            return _jsonld.framed_bytes(_jsonld_graphs(graph.store, in_order), frame, context_url)
        if form == "compact":
            return _jsonld.write(_jsonld_graphs(graph.store, in_order), context_url)
        data = ox.serialize(ox.parse(_nquads(graph.store, in_order), format=ox.RdfFormat.N_QUADS),
                            format=ox.RdfFormat.JSON_LD)  # fmt: skip
    except OSError as exc:  # pyoxigraph: "JSON-LD does not support RDF 1.2 yet" (triple terms)
        raise NormgraphError(f"cannot write JSON-LD: {exc}; export as N-Quads or TriG") from None
    assert data is not None
    return data


def frame(graph: KnowledgeGraph, name: str | dict[str, Any] = "norm", *, context_url: str | None = None) -> dict[str, Any]:
    """The graph framed as JSON-LD, as Python objects: ``frame(graph)["@graph"]`` is one object
    per norm with its paragraph (number, text), bearers, holders, beneficiaries and instruments
    nested. ``name``: a shipped frame (``"norm"``), a frame file's path, or a frame object."""
    from . import _jsonld

    store = graph.store
    in_order = graph.in_canonical_order and _starts_in_order(store)
    with paused_gc():
        return _jsonld.framed(_jsonld_graphs(store, in_order), name, context_url)


def serialize(graph: KnowledgeGraph, format: str, *, jsonld: str = "compact", context_url: str | None = None,
              frame: str | None = None) -> bytes:
    """The graph in ``format`` (a key of :data:`FORMATS`) as bytes.

    JSON-LD is compacted with normgraph's context (``ontology/context.jsonld``), embedded so the
    file works offline; ``context_url`` references it by URL instead; ``jsonld="expanded"`` gives
    pyoxigraph's expanded form (no context, ``rdf:type`` as a property); ``frame`` (a shipped
    frame's name such as ``"norm"``, or a frame file) gives one object per matching node instead
    (docs/jsonld.md)."""
    spec = FORMATS[format]
    store = graph.store
    in_order = graph.in_canonical_order and _starts_in_order(store)  # len(store) counts: ask once
    with paused_gc():
        if format == "jsonld":
            return _jsonld(graph, in_order, jsonld, context_url, frame)
        if format == "turtle":
            return _turtle(store, in_order)
        if format == "trig":
            return _trig(store, in_order)
        if spec.keeps_graphs:
            text, text_format = _nquads(store, in_order), ox.RdfFormat.N_QUADS
        else:
            text, text_format = _ntriples(store, in_order), ox.RdfFormat.N_TRIPLES
        if spec.rdf_format == text_format:
            return text  # N-Triples / N-Quads: the canonical lines are the document
        prefixes = PREFIXES if format == "xml" else None
        if format == "xml":
            _check_xml_can_carry(store, text)
        data = ox.serialize(ox.parse(text, format=text_format), format=spec.rdf_format, prefixes=prefixes)
        if format == "xml" and data is not None:
            # a raw carriage return is read back as a newline (XML's end-of-line rule); pyoxigraph
            # writes none in markup, so every one is text and becomes a character reference
            data = data.replace(b"\r", b"&#13;")
    assert data is not None
    return data


# XML 1.0 cannot carry these characters at all, not even as &#12; (form feeds are common in text
# taken from PDFs). N-Triples writes them as \uXXXX escapes (or \b, \f), which is what we look for.
_NOT_IN_XML = re.compile(rb"\\(?:u00(?:0[0-8BbCcEeFf]|1[0-9A-Fa-f])|[bf])")
_NOT_IN_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_xml_can_carry(store: ox.Store, ntriples: bytes) -> None:
    if not _NOT_IN_XML.search(ntriples):
        return
    for quad in store:  # only on the way to the error: name the first offending statement
        value = quad.object.value if isinstance(quad.object, ox.Literal) else ""
        found = _NOT_IN_XML_TEXT.search(value)
        if found:
            raise NormgraphError(
                f"RDF/XML cannot carry the control character U+{ord(found.group()):04X} in the text of "
                f"{quad.subject} {quad.predicate}; XML 1.0 has no way to write it. Export as Turtle, "
                "N-Triples, TriG or JSON-LD, which keep it, or remove it from the source text"
            )


def export(graph: KnowledgeGraph, format: str, path: str | Path, **jsonld: str | None) -> Path:
    """Serialise ``graph`` to ``path`` (atomically, see :mod:`normgraph._files`); returns the path.
    ``jsonld``: :func:`serialize`'s JSON-LD options (``jsonld``, ``context_url``, ``frame``)."""
    write_output(path, serialize(graph, format, **jsonld))  # type: ignore[arg-type]
    return Path(path)
