"""SHACL validation of built graphs, and OWL-RL inference."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

from normgraph import build_graph, infer, serialize, validate
from normgraph.graph.store import KnowledgeGraph

NG = "https://w3id.org/normgraph/ontology#"
NORM = "https://w3id.org/normgraph/id/doc/mini-doc/p1/protect-victims"


def _mini():
    from conftest import DATA

    return build_graph(DATA / "mini-corpus")


def test_the_bundled_corpus_conforms(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.text()
    assert not [v for v in report.violations if v.severity == "Violation"]


def test_a_norm_without_quote_and_a_paragraph_with_two_numbers_fail_with_node_and_shape():
    graph = _mini()
    store = graph.store
    for quad in list(store.quads_for_pattern(ox.NamedNode(NORM), ox.NamedNode(NG + "quote"), None)):
        store.remove(quad)
    para = ox.NamedNode("https://w3id.org/normgraph/id/doc/mini-doc/p2")
    store.add(ox.Quad(para, ox.NamedNode(NG + "number"), ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    report = validate(graph)
    assert not report.conforms
    text = report.text()
    assert text.startswith("Does not conform")
    assert any(v.focus == "ngr:doc/mini-doc/p1/protect-victims" and "quote" in (v.path or "") for v in report.violations), text
    assert any(v.focus == "ngr:doc/mini-doc/p2" and v.shape.startswith("ngr:shape/") for v in report.violations), text


def test_cli_validate_exit_codes(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "normgraph", "validate"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("Conforms")

    # An edited export that lost a quote: validate --graph reports the node and the shape.
    graph = _mini()
    nquads = serialize(graph, "nquads").decode()
    broken = "\n".join(line for line in nquads.splitlines() if not (line.startswith(f"<{NORM}> <{NG}quote>")))
    path = tmp_path / "broken.nq"
    path.write_text(broken + "\n")
    bad = subprocess.run([sys.executable, "-m", "normgraph", "validate", "--graph", str(path)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "Does not conform" in bad.stdout
    assert "ngr:doc/mini-doc/p1/protect-victims" in bad.stdout and "ngr:shape/" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_cli_validate_refuses_an_unreadable_graph_file(tmp_path):
    path = tmp_path / "junk.ttl"
    path.write_text("<a> <b> .\n")
    bad = subprocess.run([sys.executable, "-m", "normgraph", "validate", "--graph", str(path)], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert str(path) in bad.stderr and "cannot load the graph" in bad.stderr


def test_inference_materialises_provenance_in_its_own_graph():
    graph = _mini()
    before = len(graph)
    added = infer(graph)
    assert added > 0 and len(graph) == before + added
    inferred = ox.NamedNode("https://w3id.org/normgraph/id/graph/inferred")
    derived = list(graph.store.quads_for_pattern(ox.NamedNode(NORM), ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None, inferred))
    assert [q.object.value for q in derived] == ["https://w3id.org/normgraph/id/doc/mini-doc/p1"]
    assert isinstance(graph, KnowledgeGraph)
