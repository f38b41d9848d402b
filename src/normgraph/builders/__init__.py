"""Builders: text + annotations → checked records → RDF quads. Nothing here knows about stores."""

from .annotations import Annotations, read_annotations
from .corpus import Corpus, CorpusDocument, bundled_corpus, load_corpus
from .document import DocumentText, Paragraph, parse_document, read_document
from .triples import corpus_quads

__all__ = [
    "Annotations",
    "Corpus",
    "CorpusDocument",
    "DocumentText",
    "Paragraph",
    "bundled_corpus",
    "corpus_quads",
    "load_corpus",
    "parse_document",
    "read_annotations",
    "read_document",
]
