"""A corpus folder → documents with their annotations, registries merged and every reference
checked: quotes against their paragraph's text, ids against the registries.

A corpus is a folder with one sub-folder per document (``text.txt`` + ``annotations.yaml``).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from .._help import Brief
from ..errors import AnnotationError, CorpusError
from ..ontology import scheme_concept_ids
from .annotations import (
    ROLES,
    ActorRecord,
    Annotations,
    ConceptRecord,
    DocumentMeta,
    InstrumentRecord,
    ProvisionRef,
    StatementRecord,
    read_annotations,
)
from ._workers import ordered_map, worker_count
from .document import DocumentText, Unit, read_document

TEXT_FILE = "text.txt"
ANNOTATION_FILE = "annotations.yaml"
_DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # fullmatch: "$" would let a trailing newline in
# normgraph's own graphs are ngr:graph/{name}, like a document's: a document may not take these
RESERVED_IDS = frozenset({"registry", "ontology", "inferred"})


def bundled_corpus() -> Path:
    """The corpus shipped with the package (the seed document)."""
    return Path(str(files("normgraph") / "corpus"))


@dataclass(frozen=True)
class CorpusDocument:
    id: str
    folder: Path
    text: DocumentText
    annotations: Annotations

    @property
    def provision_refs(self) -> tuple[ProvisionRef, ...]:
        """Every provision its norms and claims restate or parallel, in file order."""
        return tuple(ref for para in self.annotations.paragraphs.values() for record in (*para.norms, *para.claims)
                     for ref in (*record.restates, *record.parallels))


@dataclass(frozen=True)
class Corpus(metaclass=Brief):
    """Documents and the registries they share, checked and ready for the triple builder."""

    folder: Path
    documents: tuple[CorpusDocument, ...]
    instruments: dict[str, InstrumentRecord]
    actors: dict[str, ActorRecord]
    concepts: dict[str, ConceptRecord]
    scheme_concepts: frozenset[str]

    def text_of(self, instrument: str) -> CorpusDocument | None:
        """The corpus document that is the instrument's own text (``document: instrument:``), if any."""
        return next((d for d in self.documents if d.annotations.document.instrument == instrument), None)


Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]
"""``progress(items, total, description)`` → the same items, shown to a person as they pass
(the command line wraps them in a progress bar on long work; the library shows nothing)."""


def _silent(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    return items


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a bulk step.

    Reading a corpus or building a graph allocates millions of small objects that live on, and
    none of them form cycles worth collecting mid-way; the collector would keep rescanning the
    growing heap (at a million triples that is about 40 % of a build). It runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_corpus(folder: str | Path | None = None, *, progress: Progress | None = None) -> Corpus:
    """Read every document of a corpus folder and check it; raise on the first problem."""
    folder = Path(folder) if folder is not None else bundled_corpus()
    if not folder.is_dir():
        raise CorpusError("no such corpus folder", path=folder)
    with paused_gc():
        return _load_corpus(folder, progress or _silent)


def _load_corpus(folder: Path, progress: Progress) -> Corpus:
    subs = [sub for sub in sorted(folder.iterdir()) if _is_document(sub)]
    root = folder.resolve()
    for sub in subs:
        for path in (sub, sub / TEXT_FILE, sub / ANNOTATION_FILE):
            _check_inside(root, path)
    workers = worker_count(subs)
    documents = list(progress(ordered_map(load_document, subs, workers), len(subs), "reading"))
    if not documents:
        raise CorpusError(f"no document folders (each needs a {TEXT_FILE})", path=folder)
    instruments = _merge(documents, "instruments")
    actors = _merge(documents, "actors")
    concepts = _merge(documents, "concepts")
    corpus = Corpus(folder, tuple(documents), instruments, actors, concepts, scheme_concept_ids())
    for document in documents:
        _check_references(corpus, document)
    return corpus


def _is_document(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith((".", "_"))


def _check_inside(root: Path, path: Path) -> None:
    """A document folder or file that is a symlink out of the corpus is refused: a corpus one was
    sent could otherwise publish any file the builder can read (docs/robustness.md). Symlinks
    that stay inside the corpus folder are followed."""
    target = path.resolve()
    if target != root and root not in target.parents:
        raise CorpusError(f"a symlink to {target}, outside the corpus folder {root}; copy it into the corpus instead",
                          path=path)


def check_document_id(folder: Path) -> None:
    """A document's id is its folder's name: lower-case letters, digits and hyphens, and not the
    name of one of normgraph's own graphs (its IRI would be theirs)."""
    if not _DOC_ID.fullmatch(folder.name):
        raise CorpusError(
            "a document folder's name is its document id: lower-case letters, digits and hyphens", path=folder
        )
    if folder.name in RESERVED_IDS:
        raise CorpusError(
            f"{folder.name!r} is the name of one of normgraph's own graphs ({', '.join(sorted(RESERVED_IDS))}); "
            "give the document folder another name",
            path=folder,
        )


def load_document(folder: Path) -> CorpusDocument:
    """One document folder: its text split into paragraphs, its annotations read."""
    check_document_id(folder)
    text_path = folder / TEXT_FILE
    if not text_path.is_file():
        raise CorpusError(f"no {TEXT_FILE} in this document folder", path=folder)
    text = read_document(text_path)
    annotation_path = folder / ANNOTATION_FILE
    if annotation_path.is_file():
        annotations = read_annotations(annotation_path)
    else:  # a text without annotations still gives its paragraphs
        annotations = Annotations(path=annotation_path, document=DocumentMeta(title=folder.name))
    document = CorpusDocument(folder.name, folder, text, annotations)
    _check_quotes(document)
    return document


def _known_units(text: DocumentText) -> str:
    keys = [u.key for u in text.paragraphs]
    if all(isinstance(k, int) for k in keys):
        return f"it has {keys[0]}-{keys[-1]}"
    shown = ", ".join(str(k) for k in keys[:6])
    return f"its units are {shown}{', …' if len(keys) > 6 else ''}"


def annotated_units(document: CorpusDocument) -> list[tuple[Unit, ParagraphAnnotation]]:
    """Each annotated unit with its annotations, in document order."""
    pairs = [(document.text.unit(key), para) for key, para in document.annotations.paragraphs.items()]
    return sorted(pairs, key=lambda pair: (pair[0].char_start, pair[0].eid))


def _check_quotes(document: CorpusDocument) -> None:
    path = document.annotations.path
    seen: dict[str, int | str] = {}
    for number, para in document.annotations.paragraphs.items():
        try:
            paragraph = document.text.unit(number)
        except KeyError:
            raise AnnotationError(
                f"the text has no {'paragraph' if isinstance(number, int) else 'unit'} {number} ({_known_units(document.text)})",
                path=path,
                line=para.line,
                paragraph=number,
            ) from None
        if paragraph.eid in seen:
            raise AnnotationError(
                f"{number} and {seen[paragraph.eid]} name the same unit ({paragraph.citation})",
                path=path, line=para.line, paragraph=number,
            )  # fmt: skip
        seen[paragraph.eid] = number
        for record in (*para.norms, *para.claims):
            if paragraph.find(record.quote, record.occurrence) is None:
                found = paragraph.text.count(record.quote)
                why = (
                    f"occurs only {found} time(s), occurrence {record.occurrence} was asked for"
                    if found
                    else "is not a verbatim substring of the paragraph's text"
                )
                raise AnnotationError(
                    f"the quote {_short(record.quote)} {why}",
                    path=path,
                    line=record.lines.get("quote", record.line),
                    paragraph=number,
                )
            for key in ("hedge", "scope"):
                words = getattr(record, key, None)
                if words is not None and paragraph.find(words, 1) is None:
                    raise AnnotationError(f"the {key} {_short(words)} is not a verbatim substring of the paragraph's text",
                                          path=path, line=record.lines.get(key, record.line), paragraph=number)


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


_MERGEABLE = {"alt_labels", "line", "lines"}  # where a record sits is not a fact


def _merge(documents: list[CorpusDocument], section: str) -> dict[str, Any]:
    """One registry from every document's: the same id must agree on every scalar fact."""
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    for document in documents:
        registry: dict[str, Any] = getattr(document.annotations, section)
        for key, record in registry.items():
            if key not in merged:
                merged[key], origin[key] = record, document.annotations.path
                continue
            first = merged[key]
            for f in fields(record):
                if f.name not in _MERGEABLE and getattr(first, f.name) != getattr(record, f.name):
                    raise CorpusError(
                        f"{section[:-1]} {key!r} says {f.name} = {getattr(record, f.name)!r}, but "
                        f"{origin[key]} says {getattr(first, f.name)!r}",
                        path=document.annotations.path,
                        line=record.line,
                    )
            labels = tuple(dict.fromkeys((*first.alt_labels, *record.alt_labels)))
            merged[key] = replace(first, alt_labels=labels)
    return merged


def check_id_clashes(corpus: Corpus, path: Path) -> None:
    """No id names two kinds of thing (an instrument and an actor…): its IRI would be ambiguous."""
    kinds = {"instrument": corpus.instruments.keys(), "actor": corpus.actors.keys(),
             "concept": corpus.scheme_concepts | corpus.concepts.keys()}  # fmt: skip
    for kind, ids in kinds.items():
        for other, other_ids in kinds.items():
            clash = sorted(set(ids) & set(other_ids)) if kind < other else []
            if clash:
                raise CorpusError(f"id {clash[0]!r} names both an {kind} and an {other}", path=path)


def references(ann: Annotations) -> Iterator[tuple[str, tuple[str, ...], Any, str, int | str | None]]:
    """Every id an annotation file uses: (pool, ids, record, key, paragraph), the pool being the
    kind it must be — instrument, actor, concept, or any (a mention, what a claim is about)."""
    if ann.document.publisher:
        yield "actor", (ann.document.publisher,), ann.document, "publisher", None
    if ann.document.instrument:
        yield "instrument", (ann.document.instrument,), ann.document, "instrument", None
    for actor in ann.actors.values():
        yield "instrument", actor.party_to, actor, "party_to", None
        yield "actor", actor.subgroup_of, actor, "subgroup_of", None
    for record in ann.instruments.values():
        for relation in ("supplements", "adopted_at", "derived_from"):
            yield "instrument", getattr(record, relation), record, relation, None
    for concept in ann.concepts.values():
        yield "concept", concept.broader, concept, "broader", None
    for number, para in ann.paragraphs.items():
        yield "concept", para.topics, para, "topics", number
        yield "any", para.mentions, para, "mentions", number
        for norm in para.norms:
            for slot in ("bearer", "holder", "beneficiary"):
                yield "actor", getattr(norm, slot), norm, slot, number
            yield "instrument", norm.instrument, norm, "instrument", number
            yield "concept", norm.topics, norm, "topics", number
        for claim in para.claims:
            yield "actor", claim.source, claim, "source", number
            yield "instrument", claim.instrument, claim, "instrument", number
            yield "any", claim.about, claim, "about", number
            yield "concept", claim.topics, claim, "topics", number


_WHAT = {"instrument": "instrument", "actor": "actor", "concept": "concept", "any": "instrument, actor, concept or role"}


def id_pools(corpus: Corpus) -> dict[str, Any]:
    """The ids of each pool :func:`references` names, for this corpus."""
    concepts = corpus.scheme_concepts | corpus.concepts.keys()
    return {"instrument": corpus.instruments.keys(), "actor": corpus.actors.keys(), "concept": concepts,
            "any": set(ROLES) | corpus.instruments.keys() | corpus.actors.keys() | concepts}  # fmt: skip


def _check_references(corpus: Corpus, document: CorpusDocument) -> None:
    ann = document.annotations
    check_id_clashes(corpus, ann.path)
    pools = id_pools(corpus)
    for pool, ids, record, key, para in references(ann):
        for ident in ids:
            if ident not in pools[pool]:
                line = getattr(record, "lines", {}).get(key, record.line)
                raise AnnotationError(f"unknown {_WHAT[pool]} id {ident!r}", path=ann.path, line=line, paragraph=para)
    for number, para in ann.paragraphs.items():
        for statement in (*para.norms, *para.claims):
            _check_provisions(corpus, statement, ann.path, number)


def _check_provisions(corpus: Corpus, record: StatementRecord, path: Path, number: int | str) -> None:
    """A restated provision names a registered instrument; when the instrument's text is in the
    corpus, the citation must name one of its units (a wrong article number is caught here)."""
    for ref in (*record.restates, *record.parallels):
        if ref.instrument not in corpus.instruments:
            raise AnnotationError(f"unknown instrument id {ref.instrument!r}", path=path, line=ref.line, paragraph=number)
        treaty = corpus.text_of(ref.instrument)
        if treaty is None:
            continue
        try:
            treaty.text.unit(ref.eid)
        except KeyError:
            raise AnnotationError(
                f"{ref.citation!r}: {treaty.id}, the text of {ref.instrument!r}, has no unit {ref.eid}",
                path=path, line=ref.line, paragraph=number,
            ) from None
