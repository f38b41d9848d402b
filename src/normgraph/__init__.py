"""normgraph: policy and legal texts as a knowledge graph of instruments, obligations and actors.

>>> import normgraph
>>> graph = normgraph.build_graph()            # the bundled corpus
>>> normgraph.export(graph, "turtle", "out/normgraph.ttl")
>>> normgraph.validate(graph).conforms
True
>>> normgraph.run_named(graph, "norms-by-role", {"role": "transit"}).records()[0]["number"]
38
>>> normgraph.analyse(normgraph.project(graph)).text()      # centrality, components (networkx)
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
from .graph.network import NetworkReport, analyse, ego, project, write_network
from .graph.store import KnowledgeGraph, build_graph, load_graph
from .graph.validate import ValidationReport, infer, validate
from .graph.remote import Endpoint
from .graph.view import render_html, write_html
from .queries import QueryResult, run_named, run_sparql
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
    "Endpoint",
    "KnowledgeGraph",
    "NetworkReport",
    "NormgraphError",
    "Paragraph",
    "QueryError",
    "QueryResult",
    "Stats",
    "ValidationFailed",
    "ValidationReport",
    "analyse",
    "build_graph",
    "compute_stats",
    "ego",
    "export",
    "infer",
    "load_corpus",
    "load_graph",
    "project",
    "read_document",
    "render_html",
    "run_named",
    "run_sparql",
    "serialize",
    "validate",
    "write_html",
    "write_network",
]
