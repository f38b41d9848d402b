"""The HTML view: a self-contained pyvis page of instruments, norms, actors, roles and paragraphs.

A plain rendering (the interactive view with legend, search and filters is its own piece of
work). It makes no network request: vis-network is inlined and pyvis's Bootstrap links, which
point at a CDN, are removed. Labels reach the page through Jinja's ``tojson`` (which escapes
``<``, ``>`` and ``&``); tooltips and the heading are HTML-escaped here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .export import write_atomic
from .store import KnowledgeGraph

STYLE = {  # node kind → (colour, shape)
    "Instrument": ("#1f77b4", "box"),
    "Norm": ("#d62728", "dot"),
    "Actor": ("#2ca02c", "ellipse"),
    "StateRole": ("#9467bd", "diamond"),
    "Paragraph": ("#7f7f7f", "square"),
    "Claim": ("#ff7f0e", "triangle"),
}

_EDGES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o WHERE {
  VALUES ?p { ng:bearer ng:holder ng:beneficiary ng:appliesToRole ng:instrument ng:assertedIn ng:source
              ng:supplements ng:adoptedAt ng:derivedFrom }
  ?s ?p ?o .
}
"""
_NODES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?kind ?label ?detail WHERE {
  VALUES ?kind { ng:Instrument ng:Norm ng:Actor ng:StateRole ng:Paragraph ng:Claim }
  ?node a ?kind .
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node ng:quote|ng:text ?detail }
}
"""
# pyvis's template links Bootstrap from a CDN; the page does not need it.
_REMOTE = re.compile(r"<(link|script)\b[^>]*\b(href|src)=\"https?://[^\"]*\"[^>]*>(\s*</script>)?", re.S)


def render_html(graph: KnowledgeGraph, heading: str = "normgraph") -> str:
    """The view as one HTML string with everything inlined."""
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line", heading=html.escape(heading))
    kinds: dict[str, str] = {}
    labels: dict[str, str] = {}
    details: dict[str, str] = {}
    for row in graph.query(_NODES):  # type: ignore[attr-defined]
        node = row["node"].value
        kinds.setdefault(node, row["kind"].value.rsplit("#", 1)[1])
        labels.setdefault(node, row["label"].value if row["label"] else node.rsplit("/", 1)[-1])
        if row["detail"]:
            details.setdefault(node, row["detail"].value)
    edges = [(r["s"].value, r["p"].value.rsplit("#", 1)[1], r["o"].value) for r in graph.query(_EDGES)]  # type: ignore[attr-defined]
    for node in sorted(kinds):
        colour, shape = STYLE[kinds[node]]
        tooltip = f"{kinds[node]}: {labels[node]}"
        if node in details:
            tooltip += "\n\n" + details[node]
        label = labels[node] if len(labels[node]) <= 40 else labels[node][:39] + "…"
        net.add_node(node, label=label, title=html.escape(tooltip), color=colour, shape=shape)
    for source, relation, target in sorted(edges):
        if source in kinds and target in kinds:
            net.add_edge(source, target, title=relation, label=relation)
    net.set_options('{"layout": {"randomSeed": 7}, "physics": {"stabilization": {"iterations": 300}},'
                    ' "edges": {"font": {"size": 8}, "arrows": {"to": {"enabled": true}}}}')
    return _REMOTE.sub("", net.generate_html())


def write_html(graph: KnowledgeGraph, path: str | Path, heading: str = "normgraph") -> Path:
    write_atomic(path, render_html(graph, heading).encode("utf-8"))
    return Path(path)
