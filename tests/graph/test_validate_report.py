"""The SHACL report (graph/validate.py): a warning is reported but does not make a graph fail, a
violation does; every result names its severity, focus node, path, message and shape, in a fixed
order; the command line exits 0 on warnings alone and 1 on a violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from normgraph import build_graph, serialize, validate
from normgraph.graph.validate import ValidationReport, Violation

NG = "https://w3id.org/normgraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOC_GRAPH = ox.NamedNode("https://w3id.org/normgraph/id/graph/mini-doc")
NORM = "https://w3id.org/normgraph/id/doc/mini-doc/p1/protect-victims"
HOLDER_WARNING = ("Warning: ngr:doc/mini-doc/p2/right-1 ng:holder: A right should name who holds it (ng:holder). "
                  "[ngr:shape/RightShape-holder]")  # fmt: skip


@pytest.fixture()
def right_without_holder(tmp_path: Path) -> Path:
    """The mini corpus with its one right's holder left out: a SHACL warning, nothing else."""
    from conftest import DATA

    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "mini-corpus", corpus)
    path = corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("        holder: children\n") == 1
    path.write_text(text.replace("        holder: children\n", ""), encoding="utf-8")
    return corpus


def test_a_warning_alone_conforms_and_is_reported(right_without_holder: Path):
    report = validate(build_graph(right_without_holder))
    assert report.conforms is True
    assert report.violations == (
        Violation(focus="ngr:doc/mini-doc/p2/right-1", shape="ngr:shape/RightShape-holder", path="ng:holder",
                  severity="Warning", message="A right should name who holds it (ng:holder)."),
    )  # fmt: skip
    assert report.text() == f"Conforms (with warnings): 1 result(s)\n- {HOLDER_WARNING}"


def test_the_command_line_exits_0_on_a_warning_and_1_on_a_violation(right_without_holder: Path, tmp_path: Path):
    warned = subprocess.run([sys.executable, "-m", "normgraph", "validate", "--corpus", str(right_without_holder)],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert warned.returncode == 0, warned.stdout + warned.stderr
    annotations = right_without_holder / "mini-doc" / "annotations.yaml"
    line = next(number for number, text in enumerate(annotations.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "- type: right")  # the right's record: where to add its holder
    assert warned.stdout == (f"Conforms (with warnings): 1 result(s)\n- {HOLDER_WARNING}\n"
                             f"  at {annotations}:{line}, paragraph 2\n")
    graph = build_graph(right_without_holder)
    for quad in list(graph.store.quads_for_pattern(ox.NamedNode(NORM), ox.NamedNode(NG + "quote"), None)):
        graph.store.remove(quad)
    broken = tmp_path / "broken.nq"
    broken.write_bytes(serialize(graph, "nquads"))
    failed = subprocess.run([sys.executable, "-m", "normgraph", "validate", "--graph", str(broken)],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert failed.returncode == 1
    assert failed.stdout.splitlines() == [
        "Does not conform: 2 result(s)",
        "- Violation: ngr:doc/mini-doc/p1/protect-victims ng:quote: A norm has exactly one ng:quote, a non-empty "
        "xsd:string: the words that assert it. [ngr:shape/NormShape-quote]",
        f"- {HOLDER_WARNING}",
    ]


def test_violations_come_first_then_by_focus_and_shape(right_without_holder: Path):
    graph = build_graph(right_without_holder)
    for quad in list(graph.store.quads_for_pattern(ox.NamedNode(NORM), ox.NamedNode(NG + "quote"), None)):
        graph.store.remove(quad)
    claim = ox.NamedNode("https://w3id.org/normgraph/id/doc/mini-doc/p3/a-claim")  # no quote, asserted nowhere
    graph.store.add(ox.Quad(claim, RDF_TYPE, ox.NamedNode(NG + "Figure"), DOC_GRAPH))
    report = validate(graph)
    assert report.conforms is False
    assert [(v.severity, v.focus, v.shape) for v in report.violations] == [
        ("Violation", "ngr:doc/mini-doc/p1/protect-victims", "ngr:shape/NormShape-quote"),
        ("Violation", "ngr:doc/mini-doc/p3/a-claim", "ngr:shape/ClaimShape-assertedIn"),
        ("Violation", "ngr:doc/mini-doc/p3/a-claim", "ngr:shape/ClaimShape-quote"),
        ("Warning", "ngr:doc/mini-doc/p2/right-1", "ngr:shape/RightShape-holder"),
    ]
    assert report.text().splitlines()[0] == "Does not conform: 4 result(s)"
    assert report.text().splitlines()[2] == (
        "- Violation: ngr:doc/mini-doc/p3/a-claim ng:assertedIn: A claim is ng:assertedIn at least one unit "
        "(a paragraph, an article…). [ngr:shape/ClaimShape-assertedIn]")


def test_a_result_without_a_path_names_the_focus_node_only():
    from conftest import DATA

    graph = build_graph(DATA / "mini-corpus")
    graph.store.add(ox.Quad(ox.BlankNode("claim"), RDF_TYPE, ox.NamedNode(NG + "Figure"), DOC_GRAPH))
    report = validate(graph)
    (identity,) = [v for v in report.violations if v.shape == "ngr:shape/ClaimIdentityShape"]
    assert identity.path is None and identity.severity == "Violation"
    assert str(identity) == (f"Violation: {identity.focus}: A claim must be named by an IRI (ngr:doc/{{doc}}/p{{n}}/{{id}}), "
                             "not a blank node. [ngr:shape/ClaimIdentityShape]")  # fmt: skip


def test_own_shapes_with_info_and_full_iris(tmp_path: Path):
    from conftest import DATA

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ng: <https://w3id.org/normgraph/ontology#> .
        <https://example.org/shapes/CueInfo> a sh:NodeShape ; sh:targetClass ng:Norm ;
            sh:property [ sh:path ng:cue ; sh:minCount 1 ; sh:severity sh:Info ; sh:message "no cue" ] .
        """, encoding="utf-8")
    report = validate(build_graph(DATA / "mini-corpus"), shapes)
    assert report.conforms is True
    assert report.violations and {v.severity for v in report.violations} == {"Info"}
    assert all(v.path == "ng:cue" and v.message == "no cue" and v.focus.startswith("ngr:doc/mini-doc/")
               for v in report.violations)  # fmt: skip
    assert report.text().startswith(f"Conforms (with warnings): {len(report.violations)} result(s)\n- Info: ngr:doc/mini-doc/")


def test_the_report_texts():
    assert ValidationReport(True, ()).text() == "Conforms: the graph satisfies every shape."
    one = Violation("ngr:x", "https://example.org/s", None, "Violation", "bad")
    assert ValidationReport(False, ()).text() == "Does not conform: 0 result(s)"
    assert ValidationReport(False, (one,)).text() == "Does not conform: 1 result(s)\n- Violation: ngr:x: bad [https://example.org/s]"
