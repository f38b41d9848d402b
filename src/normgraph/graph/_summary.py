"""A graph at a glance, for a notebook cell: its size, counts by class, its documents and a few of
its triples, as escaped HTML (``KnowledgeGraph._repr_html_``)."""

from __future__ import annotations

from itertools import islice

import pyoxigraph as ox

from .store import KnowledgeGraph

_DOCUMENTS = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?document (SAMPLE(?t) AS ?title) WHERE { ?document a ng:Document OPTIONAL { ?document dcterms:title ?t } }
GROUP BY ?document ORDER BY ?document
"""
SAMPLE_TRIPLES = 5


def summary_html(graph: KnowledgeGraph) -> str:
    from ..queries import run_named, run_sparql
    from ..queries._html import table
    from ..queries._results import _display

    graphs = graph.graphs()
    parts = [f"<p><b>normgraph KnowledgeGraph</b>: {len(graph):,} triples in {len(graphs):,} named graphs</p>"]
    classes = run_named(graph, "counts-by-class")
    parts.append(table(("class", "count"), [[_display(r["class"]), str(r["count"].value)] for r in classes.rows],  # type: ignore[union-attr]
                       caption="Resources by class"))
    documents = run_sparql(graph, _DOCUMENTS)
    parts.append(table(("document", "title"), [[_display(r["document"]), _display(r["title"])] for r in documents.rows],
                       caption="Documents"))
    sample = _sample(graph)
    parts.append(table(("subject", "predicate", "object"), [[_display(t) for t in q.triple] for q in sample],  # type: ignore[misc]
                       total=len(graph), caption="A few triples"))
    return "".join(parts)


def _sample(graph: KnowledgeGraph) -> list[ox.Quad]:
    """The first triples of the first document's graph (the ontology's are the same everywhere)."""
    from ..builders.triples import ONTOLOGY_GRAPH, REGISTRY_GRAPH, graph_iri

    shared = {ONTOLOGY_GRAPH, REGISTRY_GRAPH, graph_iri("inferred")}
    documents = [g for g in graph.graphs() if g not in shared] or graph.graphs()
    name = documents[0] if documents else ox.DefaultGraph()
    return list(islice(graph.store.quads_for_pattern(None, None, None, name), SAMPLE_TRIPLES))
