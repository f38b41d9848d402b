"""Per-document pieces of the build cache: an edit to one document rebuilds that document only.

When the whole-corpus entry misses (``cache.py``), the corpus is put together from pieces, one
per document folder, each keyed by the content of that folder (and normgraph's code, as the
whole-corpus key is). A piece holds what the rest of the build needs from its document without
reading it again — its registry records, the ids it uses, the provisions it cites, its units
when it is a treaty's text — and the document's graph as N-Quads in the cache's own order.

A piece is used only when everything its graph was made from is still true: the same content,
every id it uses still of the same kind in the merged registries, every provision it cites
resolving to the same node. Otherwise its document is read and built again, and checked as in a
full build (a removed actor another document still uses gets the same error). The pieces and the
freshly built graphs are written as one whole-corpus entry and loaded by ``cache.load_entry``,
so an incremental build returns exactly what loading a full build's entry returns. Pieces are
JSON and N-Quads: nothing in the cache folder is executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..builders.annotations import ActorRecord, ConceptRecord, DocumentMeta, InstrumentRecord, ProvisionRef
from ..builders.corpus import (
    ANNOTATION_FILE,
    TEXT_FILE,
    Corpus,
    CorpusDocument,
    Progress,
    _check_inside,
    _check_references,
    _is_document,
    _merge,
    _silent,
    check_id_clashes,
    id_pools,
    load_document,
    paused_gc,
    references,
)
from ..builders.document import citation_to_eid
from ..builders._ntriples import iri_of
from ..builders.triples import _Resolver, document_nquads, registry_nquads
from ..errors import CorpusError
from ..ontology import scheme_concept_ids

_VERSION = 1  # of the piece format
_RECORDS = {"instruments": InstrumentRecord, "actors": ActorRecord, "concepts": ConceptRecord}


def folder_digest(sub: Path) -> bytes:
    """The content of one document folder, as ``cache.corpus_key`` reads it."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(b"\1" + sub.name.encode() + b"\0")
    names = {p.name for p in sub.iterdir() if not p.name.startswith(".")} | {TEXT_FILE, ANNOTATION_FILE}
    for name in sorted(names):
        path = sub / name
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"{name} {len(data)}\0".encode() + data)
        else:
            digest.update(f"{name} {'folder' if path.exists() else 'absent'}\0".encode())
    return digest.digest()


@dataclass
class Piece:
    """What the build needs of one document, kept between builds."""

    id: str
    meta: DocumentMeta
    registries: dict[str, dict[str, Any]]  # section → id → record
    uses: dict[str, list[str]]  # pool → ids (see builders.corpus.references)
    provisions: list[ProvisionRef]
    units: dict[str, list[Any]] | None  # a treaty's text: unit key → [key, eId]
    context: dict[str, Any]  # what its graph was made against (see _context)
    nquads: bytes = b""

    # the parts of a CorpusDocument the build reads, for a document that was not read again
    def stand_in(self, folder: Path) -> SimpleNamespace:
        annotations = SimpleNamespace(path=folder / ANNOTATION_FILE, document=self.meta, **self.registries)
        return SimpleNamespace(id=self.id, folder=folder, annotations=annotations, provision_refs=tuple(self.provisions),
                               text=_Units(self.units or {}))  # fmt: skip


class _Units:
    """A treaty text's units by key, enough for ``_Resolver.provision`` and the provision check."""

    def __init__(self, units: dict[str, list[Any]]) -> None:
        self._units = units

    def unit(self, key: int | str) -> SimpleNamespace:
        found = self._units.get(str(key)) or self._units.get(citation_to_eid(str(key)) or "")
        if found is None:
            raise KeyError(key)
        return SimpleNamespace(key=found[0], eid=found[1])


def _piece_of(document: CorpusDocument) -> Piece:
    uses: dict[str, set[str]] = {}
    for pool, ids, *_ in references(document.annotations):
        uses.setdefault(pool, set()).update(ids)
    units = None
    if document.annotations.document.instrument:
        index = document.text._index()
        units = {str(k): [u.key, u.eid] for k, u in index.items() if isinstance(k, str)}
    return Piece(
        id=document.id,
        meta=document.annotations.document,
        registries={section: dict(getattr(document.annotations, section)) for section in _RECORDS},
        uses={pool: sorted(ids) for pool, ids in sorted(uses.items())},
        provisions=list(document.provision_refs),
        units=units,
        context={},
    )


def _context(piece: Piece, corpus: Corpus, node: _Resolver) -> dict[str, Any] | None:
    """The node each id and provision the piece uses resolves to now; None when one no longer
    resolves (the document must then be read again, and its check will say what is wrong)."""
    pools = id_pools(corpus)
    nodes: dict[str, str] = {}
    for pool, ids in piece.uses.items():
        for ident in ids:
            if ident not in pools[pool]:
                return None
            nodes[ident] = iri_of(node(ident))
    provisions = []
    for ref in piece.provisions:
        try:
            provisions.append(iri_of(node.provision(ref)[0]))
        except KeyError:
            return None
    return {"nodes": nodes, "provisions": provisions}


# --- the files -----------------------------------------------------------------------------------


def _paths(folder: Path, key: str) -> tuple[Path, Path]:
    return folder / f"doc-{key}.json", folder / f"doc-{key}.nq"


def _to_json(piece: Piece) -> bytes:
    data = {"version": _VERSION, "id": piece.id, "meta": asdict(piece.meta),
            "registries": {s: {k: asdict(r) for k, r in records.items()} for s, records in piece.registries.items()},
            "uses": piece.uses, "provisions": [asdict(r) for r in piece.provisions], "units": piece.units,
            "context": piece.context, "lines": piece.nquads.count(b"\n")}  # fmt: skip
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def _record(cls: type, value: dict[str, Any]) -> Any:
    kept = {f.name: value[f.name] for f in fields(cls) if f.name in value}
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in kept.items()})


def read_piece(folder: Path, key: str) -> Piece | None:
    """The piece stored under ``key``, or None when missing, unreadable or incomplete."""
    meta_path, quads_path = _paths(folder, key)
    try:
        data = json.loads(meta_path.read_bytes())
        nquads = quads_path.read_bytes()
        if data.get("version") != _VERSION or nquads.count(b"\n") != data["lines"]:
            return None
        return Piece(
            id=data["id"], meta=_record(DocumentMeta, data["meta"]),
            registries={s: {k: _record(_RECORDS[s], r) for k, r in data["registries"][s].items()} for s in _RECORDS},
            uses=data["uses"], provisions=[_record(ProvisionRef, r) for r in data["provisions"]],
            units=data["units"], context=data["context"], nquads=nquads,
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_piece(folder: Path, key: str, piece: Piece) -> None:
    """Store a piece atomically (the N-Quads first, the JSON that names their size last); a
    failure leaves no piece and is not an error."""
    meta_path, quads_path = _paths(folder, key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in ((quads_path, piece.nquads), (meta_path, _to_json(piece))):
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            finally:
                Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass


def prune_pieces(folder: Path, keep: set[str]) -> None:
    """Pieces of documents no longer in the corpus just built go, unless recent (another corpus)."""
    pieces = sorted(folder.glob("doc-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in pieces[max(len(keep), 1) * 8 :]:
        if stale.stem[4:] not in keep:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".nq").unlink(missing_ok=True)


# --- the build -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assembled:
    """The graphs of a corpus as the cache entry's lines, and which documents were built anew."""

    nquads: bytes
    rebuilt: tuple[str, ...]


def document_keys(folder: Path, code: bytes) -> dict[str, str]:
    """Each document folder's piece key (its content and the code)."""
    subs = [sub for sub in sorted(folder.iterdir()) if _is_document(sub)]
    return {sub.name: hashlib.blake2b(code + folder_digest(sub), digest_size=20).hexdigest() for sub in subs}


def stored_share(keys: dict[str, str], pieces_dir: Path) -> float:
    """The share of documents that have a piece (unchecked): when it is small, a whole build is
    quicker than building documents one by one (``cache.cached_build``)."""
    if not keys:
        return 0.0
    return sum(1 for key in keys.values() if _paths(pieces_dir, key)[0].is_file()) / len(keys)


def _keep_piece(document: CorpusDocument, nquads: bytes, corpus: Corpus, node: _Resolver, folder: Path, key: str) -> None:
    """Write a document's piece, with the graph built from it."""
    piece = _piece_of(document)
    piece.nquads = nquads
    piece.context = _context(piece, corpus, node) or {}
    write_piece(folder, key, piece)


class PieceWriter:
    """The pieces of a corpus built whole, written as the build hands over each document's
    graph (:data:`normgraph.graph.store.GraphSink`): the text it loaded is the piece's N-Quads."""

    def __init__(self, corpus: Corpus, keys: dict[str, str], pieces_dir: Path) -> None:
        self.corpus, self.keys, self.pieces_dir = corpus, keys, pieces_dir
        self.node = _Resolver(corpus)

    def __call__(self, index: int, data: bytes) -> None:
        if index < 0:  # the registry graph: every piece carries its own part of the registries
            return
        document = self.corpus.documents[index]
        _keep_piece(document, data, self.corpus, self.node, self.pieces_dir, self.keys[document.id])

    def finish(self) -> None:
        prune_pieces(self.pieces_dir, set(self.keys.values()))


def assemble(folder: Path, code: bytes, pieces_dir: Path, progress: Progress | None = None) -> Assembled:
    """The corpus's graphs (registry and documents, not the ontology) as N-Quads, from the
    pieces that still hold and from documents read and built again; raises as a build does."""
    progress = progress or _silent
    with paused_gc():
        return _assemble(folder, code, pieces_dir, progress)


def _assemble(folder: Path, code: bytes, pieces_dir: Path, progress: Progress) -> Assembled:
    subs = [sub for sub in sorted(folder.iterdir()) if _is_document(sub)]
    root = folder.resolve()
    for sub in subs:
        for path in (sub, sub / TEXT_FILE, sub / ANNOTATION_FILE):
            _check_inside(root, path)
    keys = {sub.name: hashlib.blake2b(code + folder_digest(sub), digest_size=20).hexdigest() for sub in subs}
    pieces: dict[str, Piece] = {}
    for sub in subs:
        piece = read_piece(pieces_dir, keys[sub.name])
        if piece is not None and piece.id == sub.name:
            pieces[sub.name] = piece
    fresh: dict[str, CorpusDocument] = {}
    missing = [sub for sub in subs if sub.name not in pieces]
    for sub in progress(missing, len(missing), "reading"):
        fresh[sub.name] = load_document(sub)
    if not subs:
        raise CorpusError(f"no document folders (each needs a {TEXT_FILE})", path=folder)

    def corpus_of() -> Corpus:
        documents = [fresh[s.name] if s.name in fresh else pieces[s.name].stand_in(s) for s in subs]
        return Corpus(folder, tuple(documents), _merge(documents, "instruments"),  # type: ignore[arg-type]
                      _merge(documents, "actors"), _merge(documents, "concepts"), scheme_concept_ids())  # fmt: skip

    corpus = corpus_of()
    check_id_clashes(corpus, folder)
    node = _Resolver(corpus)
    # a piece whose ids or provisions resolve differently now: read and build its document again
    stale = [s for s in subs if s.name in pieces and _context(pieces[s.name], corpus, node) != pieces[s.name].context]
    for sub in stale:
        fresh[sub.name] = load_document(sub)
        del pieces[sub.name]
    if stale:  # the same content, so the same registries; the documents themselves are now real
        corpus = corpus_of()
        node = _Resolver(corpus)
    for name in fresh:
        _check_references(corpus, fresh[name])
    graphs: dict[str, bytes] = {}  # document id → its graph
    built = [fresh[s.name] for s in subs if s.name in fresh]
    for document in progress(built, len(built), "building"):
        graphs[document.id] = document_nquads(document, node)
        _keep_piece(document, graphs[document.id], corpus, node, pieces_dir, keys[document.id])
    for name, piece in pieces.items():
        graphs[name] = piece.nquads
        for path in _paths(pieces_dir, keys[name]):
            try:
                os.utime(path)  # recently used: kept by the pruning
            except OSError:
                pass
    prune_pieces(pieces_dir, set(keys.values()))
    # the entry's order, as a whole build writes it: the registries, then the documents in order
    data = b"".join([registry_nquads(corpus, node), *(graphs[s.name] for s in subs)])
    return Assembled(data, tuple(d.id for d in built))


__all__ = ["Assembled", "assemble", "document_keys", "folder_digest", "PieceWriter", "stored_share"]
