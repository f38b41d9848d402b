"""normgraph: policy and legal texts as a knowledge graph of instruments, obligations and actors.

>>> import normgraph
>>> graph = normgraph.build_graph()            # the bundled corpus
>>> normgraph.export(graph, "turtle", "out/normgraph.ttl")
>>> normgraph.validate(graph).conforms
True
>>> normgraph.run_named(graph, "norms-by-role", {"role": "transit"}).records()[0]["number"]
38
>>> normgraph.analyse(normgraph.project(graph)).text()      # centrality, components (networkx)

In a notebook (``pip install normgraph[pandas]``):

>>> graph.query_df("norms-by-role", role="transit")           # a typed pandas DataFrame
>>> graph.run("norms-by-role", role="transit")                # a QueryResult, shown as a table
>>> graph.to_rdflib()                                         # an rdflib Dataset; from_rdflib(g) back
"""

import typing as _typing

from .errors import (
    AnnotationError,
    CorpusError,
    DocumentError,
    NormgraphError,
    QueryError,
    ValidationFailed,
)

# The rest of the API is imported on first use, so `import normgraph` (and the CLI, which imports
# normgraph.errors) costs milliseconds, not the whole library.
_LAZY = {
    "Corpus": "builders", "DocumentText": "builders", "Paragraph": "builders",
    "load_corpus": "builders", "read_document": "builders",
    "FORMATS": "graph.export", "export": "graph.export", "serialize": "graph.export", "frame": "graph.export",
    "NetworkReport": "graph.network", "analyse": "graph.network", "ego": "graph.network",
    "project": "graph.network", "write_network": "graph.network",
    "KnowledgeGraph": "graph.store", "build_graph": "graph.store", "load_graph": "graph.store",
    "ValidationReport": "graph.validate", "infer": "graph.inference", "validate": "graph.validate",
    "Endpoint": "graph.remote", "Credentials": "graph._http", "push": "graph.push", "PushReport": "graph.push",
    "render_html": "graph.view", "write_html": "graph.view",
    "QueryResult": "queries", "run_named": "queries", "run_sparql": "queries",
    "NG": "ontology", "from_rdflib": "graph._rdflib",
    "Stats": "queries.stats", "compute_stats": "queries.stats",
}  # fmt: skip

if _typing.TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .builders import Corpus, DocumentText, Paragraph, load_corpus, read_document
    from .graph.export import FORMATS, export, frame, serialize
    from .graph._rdflib import from_rdflib
    from .graph.network import NetworkReport, analyse, ego, project, write_network
    from .graph._http import Credentials
    from .graph.push import PushReport, push
    from .graph.remote import Endpoint
    from .graph.store import KnowledgeGraph, build_graph, load_graph
    from .graph.inference import infer
    from .graph.validate import ValidationReport, validate
    from .graph.view import render_html, write_html
    from .ontology import NG
    from .queries import QueryResult, run_named, run_sparql
    from .queries.stats import Stats, compute_stats


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'normgraph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the public names only: not the typing helpers, _LAZY or the submodules imports leave behind
    return sorted([*__all__, "__version__"])


__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "NG",
    "AnnotationError",
    "Corpus",
    "CorpusError",
    "Credentials",
    "DocumentError",
    "DocumentText",
    "Endpoint",
    "KnowledgeGraph",
    "NetworkReport",
    "NormgraphError",
    "Paragraph",
    "PushReport",
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
    "frame",
    "from_rdflib",
    "infer",
    "load_corpus",
    "load_graph",
    "project",
    "push",
    "read_document",
    "render_html",
    "run_named",
    "run_sparql",
    "serialize",
    "validate",
    "write_html",
    "write_network",
]
