"""Tables that fit the terminal (issue 17, item 5): on a terminal a table is fitted to its width
(COLUMNS honoured), the widest columns cut first; too many columns and rows are shown one at a
time, a line per column; in a pipe, or with --wide, every cell is whole. The terminal is a real
pseudo-terminal; prefixes are given for every vocabulary the graph uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from normgraph.queries import run_sparql
from terminal import run_on_terminal


def _on_a_terminal(args: list[str], columns: int, cwd: Path) -> str:
    """stdout of the CLI on a pseudo-terminal ``columns`` wide, as text (line ends as "\\n")."""
    code, out, _ = run_on_terminal(["-q", *args], cwd=cwd, env={**os.environ, "COLUMNS": str(columns), "TERM": "xterm"},
                                   stream="stdout")
    assert code == 0
    return out.replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_a_table_fits_the_terminal(columns: int, tmp_path: Path) -> None:
    out = _on_a_terminal(["query", "rights-and-holders"], columns, tmp_path)
    lines = out.splitlines()
    assert len(lines) > 5 and all(len(line) <= columns for line in lines), max(map(len, lines))
    assert lines[-1].endswith("rows)")
    if columns < 200:
        assert "…" in out  # the quotes are longer than that


def test_too_many_columns_become_records(tmp_path: Path) -> None:
    out = _on_a_terminal(["query", "norms-by-bearer", "-p", "actor=States"], 100, tmp_path)
    lines = out.splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert lines[0].startswith("-[ row 1 ]---") and lines[1] == "actor       | ngr:actor/states"
    assert sum(1 for line in lines if line.startswith("-[ row ")) == int(lines[-1].strip("()").split()[0])


def test_in_a_pipe_or_wide_every_cell_is_whole(tmp_path: Path) -> None:
    piped = subprocess.run([sys.executable, "-m", "normgraph", "query", "rights-and-holders"], capture_output=True,
                           text=True, cwd=tmp_path, timeout=300).stdout
    assert "…" not in piped and "States are sovereign, so they have the exclusive right to decide on migration" in piped
    wide = _on_a_terminal(["query", "rights-and-holders", "--wide"], 80, tmp_path)
    assert wide == piped


def test_every_vocabulary_gets_its_prefix(seed_graph) -> None:
    result = run_sparql(seed_graph, """SELECT ?p WHERE { VALUES ?p {
        <http://www.w3.org/2000/01/rdf-schema#label> <http://purl.org/dc/terms/title> <http://www.w3.org/ns/prov#Entity>
        <http://www.w3.org/ns/oa#exact> <http://www.w3.org/2004/02/skos/core#prefLabel>
        <https://w3id.org/normgraph/id/actor/states> <https://w3id.org/normgraph/ontology#Norm> <https://example.org/x> } }""")
    cells = [line.strip() for line in result.render("table").splitlines()[2:-1]]
    assert sorted(cells) == sorted(["rdfs:label", "dcterms:title", "prov:Entity", "oa:exact", "skos:prefLabel",
                                    "ngr:actor/states", "ng:Norm", "https://example.org/x"])
