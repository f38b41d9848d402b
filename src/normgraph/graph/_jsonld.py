"""Compacted JSON-LD from quads, with normgraph's published ``@context``.

What a web client gets: ``"type": ["Norm", "Obligation"]``, ``"bearer": ["ngr:actor/states"]``,
``"number": 38``, one ``@graph`` per named graph. The compaction is JSON-LD 1.1's (IRI
compaction, term selection, value compaction) for the only shapes RDF gives — flat node objects
whose values are IRIs, blank nodes and literals — and for a context of this module's kind
(one term per IRI; types ``@id``, ``@vocab`` or a datatype; containers ``@set`` or none). Written
here rather than by PyLD because PyLD's compaction is 35 times slower at 100k triples, rdflib's
4 times (docs/performance.md); the tests hold this one to PyLD's output on the seed, the hostile
corpus, real treaties and generated data, and read every export back with pyoxigraph, rdflib
and PyLD.

Literals become JSON numbers and booleans only where reading them back gives the same literal
(canonical ``xsd:integer`` within JavaScript's safe range; ``"true"``/``"false"``); every other
literal keeps its lexical form, so a graph round-trips to the same quads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import NormgraphError

CONTEXT_URL = "https://w3id.org/normgraph/context.jsonld"  # the published name (`serve` has it too)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER, _BOOLEAN = _XSD + "integer", _XSD + "boolean"
_SAFE_INTEGER = 2**53 - 1  # JSON.parse keeps every integer up to this exactly
_GEN_DELIMS = tuple(":/?#[]@")
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,15}")  # no sign on 0, no "+", no leading zeros


@cache
def context_text() -> bytes:
    """``ontology/context.jsonld`` as shipped: ``{"@context": {…}}``."""
    from importlib.resources import files

    return files("normgraph.ontology").joinpath("context.jsonld").read_bytes()


@cache
def context() -> dict[str, Any]:
    """The ``@context`` object (a fresh copy is the caller's to change: use ``copy.deepcopy``)."""
    return json.loads(context_text())["@context"]


@dataclass(frozen=True)
class _Term:
    name: str
    kind: str  # "plain" (no @type), "id", "vocab" or "typed"
    datatype: str | None
    as_set: bool


class Terms:
    """The inverse of a context, for compaction: which term, if any, writes an IRI or a value."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.prefixes: list[tuple[str, str]] = []
        simple = {name: value for name, value in ctx.items() if isinstance(value, str) and not name.startswith("@")}
        for name, value in simple.items():
            if ":" not in name and value.endswith(_GEN_DELIMS) and not value.startswith("@"):
                self.prefixes.append((name, value))
        self.names = {name for name in ctx if not name.startswith("@")}
        self.by_iri: dict[str, _Term] = {}
        self.id_key, self.type_key, self.type_set = "@id", "@type", False
        for name, value in ctx.items():
            if name.startswith("@"):
                continue
            definition = {"@id": value} if isinstance(value, str) else value
            iri = definition.get("@id")
            if iri == "@id":
                self.id_key = name
                continue
            if iri == "@type":
                self.type_key, self.type_set = name, definition.get("@container") == "@set"
                continue
            iri = self._expand(iri)
            kind, datatype = "plain", None
            declared = definition.get("@type")
            if declared == "@id":
                kind = "id"
            elif declared == "@vocab":
                kind = "vocab"
            elif declared is not None:
                kind, datatype = "typed", self._expand(declared)
            if iri in self.by_iri:
                raise ValueError(f"two terms of the context map {iri}: {self.by_iri[iri].name}, {name}")
            self.by_iri[iri] = _Term(name, kind, datatype, definition.get("@container") == "@set")
        self.by_name = {term.name: term for term in self.by_iri.values()}
        self._iris: dict[tuple[str, bool], str] = {}

    def _expand(self, value: str) -> str:
        prefix, _, suffix = value.partition(":")
        for name, iri in self.prefixes:
            if name == prefix:
                return iri + suffix
        return value

    def iri(self, iri: str, vocab: bool) -> str:
        """IRI compaction: a term (``vocab``: as a type or a ``@vocab`` value), else the shortest
        compact IRI, else the IRI itself."""
        key = (iri, vocab)
        found = self._iris.get(key)
        if found is None:
            term = self.by_iri.get(iri) if vocab else None
            if term is not None and term.kind in ("plain", "id"):
                found = term.name
            else:
                found = self.curie(iri)
            self._iris[key] = found
        return found

    def curie(self, iri: str) -> str:
        best: str | None = None
        for name, namespace in self.prefixes:
            if iri.startswith(namespace) and iri != namespace:
                candidate = f"{name}:{iri[len(namespace):]}"
                if candidate not in self.names and (best is None or (len(candidate), candidate) < (len(best), best)):
                    best = candidate
        if best is not None:
            return best
        for name, _ in self.prefixes:
            if iri.startswith(name + ":"):
                raise NormgraphError(f"the IRI <{iri}> reads as a compact IRI with the context's prefix {name!r}: "
                                     "compacted JSON-LD cannot carry it; use --jsonld expanded")  # fmt: skip
        return iri

    def key(self, predicate: str, value_kind: str, datatype: str | None) -> _Term | str:
        """The term that writes this value of ``predicate`` (term selection), or the key to
        write it under when none does (its compact or full IRI)."""
        term = self.by_iri.get(predicate)
        if term is not None:
            if term.kind == "plain":
                return term
            if value_kind == "node" and term.kind in ("id", "vocab"):
                return term
            if value_kind == "typed" and term.kind == "typed" and term.datatype == datatype:
                return term
        return self.curie(predicate)


@cache
def default_terms() -> Terms:
    return Terms(context())


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _Compactor:
    """Turns the expanded node objects pyoxigraph writes (each subject once per graph, a list of
    value objects per predicate) into compacted ones, with caches: IRIs and predicates repeat."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.ids: dict[str, str] = {}
        self.keys: dict[tuple[str, str, str | None], _Term | str] = {}

    def node_id(self, iri: str) -> str:
        found = self.ids.get(iri)
        if found is None:
            found = self.ids[iri] = self.terms.iri(iri, False)
        return found

    def key(self, predicate: str, kind: str, datatype: str | None) -> _Term | str:
        found = self.keys.get((predicate, kind, datatype))
        if found is None:
            found = self.keys[(predicate, kind, datatype)] = self.terms.key(predicate, kind, datatype)
        return found

    def value(self, predicate: str, value: dict[str, Any]) -> tuple[_Term | str, Any]:
        """The key a value object is written under, and what is written there."""
        terms = self.terms
        ref = value.get("@id")
        if ref is not None:
            key = self.key(predicate, "node", None)
            kind = key.kind if isinstance(key, _Term) else "plain"
            if kind == "id":
                return key, self.node_id(ref)
            if kind == "vocab":
                return key, terms.iri(ref, True)
            return key, {terms.id_key: self.node_id(ref)}
        if "@language" in value:
            return self.key(predicate, "lang", None), value
        lexical = value["@value"]
        datatype = value.get("@type")
        if datatype is None:  # xsd:string
            return self.key(predicate, "native", None), lexical
        if datatype == _INTEGER and _CANONICAL_INTEGER.fullmatch(lexical) and abs(int(lexical)) <= _SAFE_INTEGER:
            return self.key(predicate, "native", None), int(lexical)
        if datatype == _BOOLEAN and lexical in ("true", "false"):
            return self.key(predicate, "native", None), lexical == "true"
        key = self.key(predicate, "typed", datatype)
        if isinstance(key, _Term) and key.kind == "typed":
            return key, lexical
        # "@type", not its alias: rdflib's parser drops a datatype given by an alias (7.x)
        return key, {"@type": terms.iri(datatype, True), "@value": lexical}

    def node(self, expanded: dict[str, Any], into: dict[str, Any] | None = None) -> dict[str, Any]:
        """One node object, compacted: id, type, then its properties by name (``into``: a node
        object of the same id to merge into)."""
        terms = self.terms
        props: dict[str, tuple[_Term | str, list[Any]]] = {}
        types: list[str] = []
        if into is not None:  # rare: a subject given twice; its values first
            types = list(into.pop(terms.type_key, None) or [])
            for name in [n for n in into if n != terms.id_key]:
                old = into.pop(name)
                props[name] = (self.terms.by_name.get(name, name), old if isinstance(old, list) else [old])
        out = {terms.id_key: self.node_id(expanded["@id"])}
        for predicate, values in expanded.items():
            if predicate[0] == "@":
                continue
            for value in values:
                if predicate == _RDF_TYPE and "@id" in value:
                    types.append(terms.iri(value["@id"], True))
                    continue
                key, written = self.value(predicate, value)
                name = key.name if isinstance(key, _Term) else key
                entry = props.get(name)
                if entry is None:
                    props[name] = (key, [written])
                else:
                    entry[1].append(written)
        if types:
            out[terms.type_key] = types if terms.type_set or len(types) > 1 else types[0]
        for name in sorted(props):
            key, values = props[name]
            out[name] = values if (isinstance(key, _Term) and key.as_set) or len(values) > 1 else values[0]
        return out


GraphDocs = Iterable[tuple[str | None, bytes]]  # (graph name, None for the default graph; expanded JSON-LD)


def _nodes(compactor: _Compactor, expanded: bytes) -> dict[str, dict[str, Any]]:
    """A graph's compacted node objects by id."""
    nodes: dict[str, dict[str, Any]] = {}
    for node in json.loads(expanded) if expanded else ():
        node_id = compactor.node_id(node["@id"])
        nodes[node_id] = compactor.node(node, nodes.get(node_id))
    return nodes


def write(graphs: GraphDocs, context_url: str | None = None) -> bytes:
    """The compacted document from each graph's expanded JSON-LD (the default graph first): the
    context embedded (or ``context_url`` referenced), then one node object a line — the same
    quads give the same bytes, and a diff shows which nodes changed."""
    compactor = _Compactor(default_terms())
    dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    if context_url is None:
        head = _embedded_head()
    else:
        head = '{\n  "@context": ' + dumps(context_url) + ",\n"
    parts = [head, '  "@graph": [']
    default: dict[str, dict[str, Any]] = {}
    written = 0
    for name, expanded in graphs:
        if name is None:
            default = _nodes(compactor, expanded)
            continue
        nodes = _nodes(compactor, expanded)
        if not nodes:
            continue
        graph_id = compactor.node_id(name)
        holder = default.pop(graph_id, None) or {compactor.terms.id_key: graph_id}
        parts.append(",\n    " if written else "\n    ")
        parts.append(dumps(holder)[:-1] + ', "@graph": [')
        parts.append(",".join("\n      " + dumps(node) for node in nodes.values()))
        parts.append("\n    ]}")
        written += 1
    for node in default.values():
        parts.append(",\n    " if written else "\n    ")
        parts.append(dumps(node))
        written += 1
    parts.append("\n  ]\n}\n" if written else "]\n}\n")
    return "".join(parts).encode()


    parts.append("\n  ]\n}\n" if not first else "]\n}\n")
    return "".join(parts).encode()


def _refuse_remote(url: str, options: Any = None) -> dict[str, Any]:
    """PyLD's document loader: the published context from the package, nothing from the network."""
    if url == CONTEXT_URL:
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(context_text())}
    raise NormgraphError(f"JSON-LD: will not fetch {url} (normgraph reads no remote documents; only "
                         f"{CONTEXT_URL} is known, from the package)")  # fmt: skip


def loader_options() -> dict[str, Any]:
    """Options for PyLD calls: the offline document loader, no base IRI."""
    return {"documentLoader": _refuse_remote, "base": None}



# --- framing (PyLD) ------------------------------------------------------------------------------


def _native(value: dict[str, Any]) -> Any:
    """A literal's value object as the compacted writer gives it: native where lossless."""
    datatype = value.get("@type")
    lexical = value.get("@value")
    if datatype == _INTEGER and _CANONICAL_INTEGER.fullmatch(lexical) and abs(int(lexical)) <= _SAFE_INTEGER:
        return {"@value": int(lexical)}
    if datatype == _BOOLEAN and lexical in ("true", "false"):
        return {"@value": lexical == "true"}
    return value


def _framing_input(graphs: GraphDocs) -> list[dict[str, Any]]:
    """Every graph's node objects in one list (framing reads the graphs merged), in expanded
    JSON-LD with ``@type`` and the writer's native values — so framed and compacted output agree."""
    nodes: list[dict[str, Any]] = []
    for _, expanded in graphs:
        for node in json.loads(expanded) if expanded else ():
            types = node.pop(_RDF_TYPE, None)
            out: dict[str, Any] = {}
            if types:
                if any("@id" in v for v in types):
                    out["@type"] = [v["@id"] for v in types if "@id" in v]
                literals = [v for v in types if "@id" not in v]
                if literals:
                    node[_RDF_TYPE] = literals
            for key, values in node.items():
                out[key] = values if key[0] == "@" else [v if "@id" in v else _native(v) for v in values]
            nodes.append(out)
    return nodes


def shipped_frames() -> list[str]:
    """The names of the frames in ``ontology/frames/`` (``norm`` …)."""
    from importlib.resources import files

    folder = files("normgraph.ontology").joinpath("frames")
    return sorted(p.name[: -len(".jsonld")] for p in folder.iterdir() if p.name.endswith(".jsonld"))


def load_frame(frame: str | dict[str, Any]) -> dict[str, Any]:
    """A frame: a shipped frame's name, a frame file's path, or the frame itself."""
    if isinstance(frame, dict):
        return frame
    from importlib.resources import files
    from pathlib import Path

    if frame in shipped_frames():
        return json.loads(files("normgraph.ontology").joinpath(f"frames/{frame}.jsonld").read_bytes())
    path = Path(frame)
    if not path.is_file():
        raise NormgraphError(f"no frame {frame!r}: give a shipped frame ({', '.join(shipped_frames())}) or a JSON-LD frame file")
    try:
        loaded = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise NormgraphError(f"not JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NormgraphError(f"cannot read the frame: {exc}", path=path) from None
    if not isinstance(loaded, dict):
        raise NormgraphError("a JSON-LD frame is a JSON object", path=path)
    return loaded


def framed(graphs: GraphDocs, frame: str | dict[str, Any], context_url: str | None = None) -> dict[str, Any]:
    """The graph framed (JSON-LD 1.1 Framing, by PyLD): one object per node the frame matches,
    with what the frame embeds nested. The published context comes back embedded (or as
    ``context_url``); a frame with a context of its own keeps it."""
    from pyld import jsonld

    spec = load_frame(frame)
    try:
        out = jsonld.frame(_framing_input(graphs), spec, loader_options())
    except jsonld.JsonLdError as exc:
        raise _refusal(exc) from None
    if spec.get("@context") == CONTEXT_URL:
        out["@context"] = context_url or context()
        _keyword_datatypes(out)
    out.setdefault("@graph", [])
    return out


def _refusal(exc: BaseException) -> NormgraphError:
    """Ours if the loader refused a document somewhere down PyLD's chain of errors, else PyLD's
    own message on one line."""
    seen: BaseException | None = exc
    for _ in range(20):
        if seen is None or isinstance(seen, NormgraphError):
            break
        seen = getattr(seen, "cause", None) or seen.__cause__ or seen.__context__
    if isinstance(seen, NormgraphError):
        return seen
    message = getattr(exc, "message", None) or str(exc)
    code = getattr(exc, "code", None)
    return NormgraphError(f"JSON-LD framing failed: {message}" + (f" ({code})" if code else ""))


def _keyword_datatypes(value: Any) -> None:
    """``{"type": D, "@value": v}`` → ``{"@type": D, "@value": v}``, as the compacted writer has it."""
    if isinstance(value, list):
        for item in value:
            _keyword_datatypes(item)
    elif isinstance(value, dict):
        if "@value" in value and "type" in value:
            value["@type"] = value.pop("type")
            value["@value"] = value.pop("@value")
        for key, item in value.items():
            if key != "@context":
                _keyword_datatypes(item)


def framed_bytes(graphs: GraphDocs, frame: str | dict[str, Any], context_url: str | None = None) -> bytes:
    """:func:`framed` as indented JSON (nested objects read best so), an embedded context laid
    out as the shipped file is (a term a line)."""
    out = framed(graphs, frame, context_url)
    if out.get("@context") is not context():
        return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode()
    out.pop("@context")
    body = json.dumps(out, ensure_ascii=False, indent=2)
    return (_embedded_head() + body[len("{\n"):] + "\n").encode()


def _embedded_head() -> str:
    """``{`` and the shipped ``"@context": {…}`` member, ready for the next member."""
    text = context_text().decode().strip()
    return "{\n  " + text[1:-1].strip() + ",\n"
