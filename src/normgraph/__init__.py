"""normgraph: policy and legal texts as a knowledge graph of instruments, obligations and actors.

>>> import normgraph
>>> graph = normgraph.build_graph()            # the bundled corpus
>>> normgraph.export(graph, "turtle", "out/normgraph.ttl")
>>> normgraph.validate(graph).conforms
True
"""

from .builders import Corpus, DocumentText, Paragraph, load_corpus, read_document
from .errors import (
    AnnotationError,
    CorpusError,
    DocumentError,
    NormgraphError,
    QueryError,
    ValidationFailed,
)
from .graph.export import FORMATS, export, serialize
from .graph.store import KnowledgeGraph, build_graph, load_graph
from .graph.validate import ValidationReport, infer, validate
from .graph.view import render_html, write_html
from .ontology import NG
from .queries.stats import Stats, compute_stats

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "NG",
    "AnnotationError",
    "Corpus",
    "CorpusError",
    "DocumentError",
    "DocumentText",
    "KnowledgeGraph",
    "NormgraphError",
    "Paragraph",
    "QueryError",
    "Stats",
    "ValidationFailed",
    "ValidationReport",
    "build_graph",
    "compute_stats",
    "export",
    "infer",
    "load_corpus",
    "load_graph",
    "read_document",
    "render_html",
    "serialize",
    "validate",
    "write_html",
]
