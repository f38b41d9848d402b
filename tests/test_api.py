"""The public API: a curated surface, and importing it loads none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import normgraph


def test_public_names_resolve():
    for name in normgraph.__all__:
        assert getattr(normgraph, name) is not None, name


def test_importing_normgraph_and_its_cli_stays_light():
    heavy = ("rdflib", "pyvis", "networkx", "pyshacl", "owlrl", "SPARQLWrapper", "httpx", "starlette", "uvicorn")
    code = "import sys, normgraph, normgraph.cli; print(','.join(m for m in %r if m in sys.modules))" % (heavy,)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_docstring_tour_works():
    graph = normgraph.build_graph()
    assert normgraph.validate(graph).conforms
    assert normgraph.run_named(graph, "norms-by-role", {"role": "transit"}).records()[0]["number"] == 38
    report = normgraph.analyse(normgraph.project(graph))
    assert "betweenness" in report.text().lower()
