"""A document's id is its folder's name (issue #13, findings 4 and 13): the names of normgraph's own
graphs are refused, and so is a name ending in a newline, each in one line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normgraph import build_graph
from normgraph.builders.corpus import RESERVED_IDS
from normgraph.errors import CorpusError
from normgraph.builders.triples import ONTOLOGY_GRAPH, REGISTRY_GRAPH
from normgraph.graph.inference import INFERRED_GRAPH

DATA = Path(__file__).resolve().parents[1] / "data" / "mini-corpus"


def _corpus_with(tmp_path: Path, name: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = next(p for p in DATA.iterdir() if p.is_dir())
    shutil.copytree(first, corpus / name)
    return corpus


def test_every_graph_of_normgraphs_own_is_reserved():
    own = {str(g.value).rsplit("/", 1)[1] for g in (REGISTRY_GRAPH, ONTOLOGY_GRAPH, INFERRED_GRAPH)}
    assert own == set(RESERVED_IDS)


@pytest.mark.parametrize("name", sorted(RESERVED_IDS))
def test_a_document_may_not_take_a_reserved_graph_name(tmp_path, name):
    corpus = _corpus_with(tmp_path, name)
    with pytest.raises(CorpusError, match=rf"'{name}' is the name of one of normgraph's own graphs"):
        build_graph(corpus)
    result = subprocess.run([sys.executable, "-m", "normgraph", "build", "--corpus", str(corpus), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"'{name}' is the name of one of normgraph's own graphs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_name_ending_in_a_newline_is_not_an_id(tmp_path):
    corpus = _corpus_with(tmp_path, "report\n")
    with pytest.raises(CorpusError, match="a document folder's name is its document id"):
        build_graph(corpus)


def test_extract_refuses_a_reserved_output_folder(tmp_path):
    text = next(p for p in DATA.iterdir() if p.is_dir()) / "text.txt"
    result = subprocess.run([sys.executable, "-m", "normgraph", "extract", str(text), "-o", str(tmp_path / "registry")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'registry' is the name of one of normgraph's own graphs" in result.stderr
