"""Where each node of a built graph was written: the annotation file and line behind its IRI.

A SHACL report names focus nodes (``ngr:doc/para/45/obligation-1``); a person fixing the
problem edits ``annotations.yaml``. This maps the one to the other for the nodes annotations
make: documents, their annotated units, norms and claims, and the instruments, actors and
concepts of the registries (at the first file that defines each, in corpus order).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .annotations import statement_ids
from .corpus import Corpus
from .triples import concept_iri, document_iri, iri, unit_iri


@dataclass(frozen=True)
class Source:
    """An annotation file, a line of it and, for what a unit asserts, the unit's key."""

    path: Path
    line: int
    paragraph: int | str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        if self.paragraph is None:
            return where
        unit = f"paragraph {self.paragraph}" if isinstance(self.paragraph, int) else f"unit {self.paragraph}"
        return f"{where}, {unit}"


def annotation_sources(corpus: Corpus) -> dict[str, Source]:
    """IRI (its full text) → where it was written."""
    sources: dict[str, Source] = {}
    for document in corpus.documents:
        annotations = document.annotations
        path = annotations.path
        sources[document_iri(document.id).value] = Source(path, annotations.document.line)
        registries = (("instrument/", annotations.instruments), ("actor/", annotations.actors))
        for prefix, records in registries:
            for key, record in records.items():
                sources.setdefault(iri(prefix + key).value, Source(path, record.line))
        for key, record in annotations.concepts.items():
            sources.setdefault(concept_iri(key).value, Source(path, record.line))
        for key, para in annotations.paragraphs.items():
            unit = unit_iri(document.id, document.text.unit(key)).value
            sources[unit] = Source(path, para.line, key)
            records = (*para.norms, *para.claims)  # the order statement_ids numbers them in
            for ident, record in zip(statement_ids(para), records, strict=True):
                sources[f"{unit}/{ident}"] = Source(path, record.line, key)
    return sources
