"""Numbers in annotations have ranges (issue #13, finding 12): 15 bytes such as `1e999999999` are
a billion digits once written as an xsd:decimal, and a confidence is a share between 0 and 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normgraph import build_graph
from normgraph.errors import AnnotationError


def _with(mini_corpus: Path, old: str, new: str) -> Path:
    annotations = mini_corpus / "mini-doc" / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    assert text.count(old) == 1
    annotations.write_text(text.replace(old, new), encoding="utf-8")
    return annotations


@pytest.mark.parametrize(("old", "new", "message"), [
    ("        bearer: states\n", "        bearer: states\n        confidence: 1e999999999\n",
     r"'confidence': '?1e\+?999999999'? is out of range"),
    ("        bearer: states\n", "        bearer: states\n        confidence: 1.5\n", r"'confidence' must be between 0 and 1, not 1.5"),
    ("        bearer: states\n", "        bearer: states\n        confidence: -0.1\n", r"'confidence' must be between 0 and 1, not -0.1"),
    ("        value: 98\n", "        value: 1e-999999999\n", r"'value': '?1e-999999999'? is out of range"),
])
def test_out_of_range_numbers_are_one_line_errors(mini_corpus, old, new, message):
    annotations = _with(mini_corpus, old, new)
    line = annotations.read_text(encoding="utf-8").splitlines().index(new.splitlines()[-1]) + 1
    with pytest.raises(AnnotationError, match=message) as caught:
        build_graph(mini_corpus)
    assert f"annotations.yaml:{line}:" in str(caught.value)
    result = subprocess.run([sys.executable, "-m", "normgraph", "build", "--corpus", str(mini_corpus), "--out",
                             str(mini_corpus.parent / "out")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("value", ["0", "1", "0.85"])
def test_a_confidence_in_range_is_kept(mini_corpus, value):
    _with(mini_corpus, "        bearer: states\n", f"        bearer: states\n        confidence: {value}\n")
    graph = build_graph(mini_corpus)
    found = [row["c"].value for row in graph.query(
        "SELECT ?c WHERE { ?n <https://w3id.org/normgraph/ontology#confidence> ?c }")]
    assert len(found) == 1 and float(found[0]) == float(value)


def test_a_large_but_real_figure_is_kept(mini_corpus):
    _with(mini_corpus, "        value: 98\n", "        value: 6000000000\n")
    graph = build_graph(mini_corpus)
    values = [row["v"].value for row in graph.query("SELECT ?v WHERE { ?c <https://w3id.org/normgraph/ontology#value> ?v }")]
    assert values == ["6000000000"]
