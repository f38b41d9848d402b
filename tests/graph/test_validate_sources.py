"""A validation report points at the annotation line to edit (issue 16: "a validation report names
the paragraph and the annotation line of each violation")."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from normgraph.builders.corpus import bundled_corpus, load_corpus
from normgraph.builders.sources import annotation_sources
from normgraph.graph.store import graph_from_corpus

SEED = bundled_corpus() / "ipu-118-migrant-workers"
SEED_LINES = (SEED / "annotations.yaml").read_text(encoding="utf-8").splitlines()
NG = "https://w3id.org/normgraph/ontology#"

SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ng: <https://w3id.org/normgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/shapes#> .
ex:ObligationsNameAnInstrument a sh:NodeShape ;
    sh:targetClass ng:Obligation ;
    sh:property [ sh:path ng:instrument ; sh:minCount 1 ; sh:message "names no instrument" ] .
ex:ActorsAreDefined a sh:NodeShape ;
    sh:targetClass ng:Actor ;
    sh:property [ sh:path skos:definition ; sh:minCount 1 ; sh:message "no definition" ] .
"""


def normgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=300,
                          env={"NORMGRAPH_CACHE": "0", "PATH": "/usr/bin:/bin"})


def test_every_norm_and_claim_maps_to_the_line_that_starts_it():
    corpus = load_corpus()
    sources = annotation_sources(corpus)
    graph = graph_from_corpus(corpus)
    statements = [row["s"].value for row in graph.store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s <{NG}assertedIn> ?p }} }}")]
    assert len(statements) > 60
    for node in statements:
        source = sources[node]
        assert source.path == SEED / "annotations.yaml"
        line = SEED_LINES[source.line - 1]
        ident = node.rsplit("/", 1)[1]
        # an explicit id is on the record's first line; an automatic one ("obligation-2") is not written
        assert line.lstrip().startswith("- "), (node, line)
        assert f"id: {ident}" in line or re.fullmatch(r"[a-z]+-\d+", ident), (node, line)
        paragraph = int(re.search(r"/p(\d+)/[^/]+$", node).group(1))
        assert source.paragraph == paragraph
        # the record sits under its paragraph's key, before the next paragraph's
        opening = sources[node.rsplit("/", 1)[0]].line
        assert opening < source.line


def test_the_cli_report_names_the_file_line_and_paragraph(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    result = normgraph("validate", "--shapes", str(shapes))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    focus = next(i for i, line in enumerate(lines) if "/p13/comprehensive-framework" in line)
    where = lines[focus + 1]
    match = re.fullmatch(r"  at (.+):(\d+), paragraph 13", where)
    assert match, where
    assert Path(match.group(1)) == SEED / "annotations.yaml"
    assert SEED_LINES[int(match.group(2)) - 1].strip() == "- id: comprehensive-framework"
    # a registry record: the actor's line in the file that defines it
    actors = [i for i, line in enumerate(lines) if line.startswith("- Violation: ngr:actor/")]
    assert actors
    for i in actors:
        ident = lines[i].split("ngr:actor/", 1)[1].split(" ", 1)[0]
        at = re.fullmatch(r"  at (.+):(\d+)", lines[i + 1])
        assert at, lines[i + 1]
        # the record's first line, under its id's key
        number = int(at.group(2)) - 1
        indent = len(SEED_LINES[number]) - len(SEED_LINES[number].lstrip())
        key = next(line for line in reversed(SEED_LINES[:number])
                   if line.strip() and len(line) - len(line.lstrip()) < indent)
        assert key.strip() == f"{ident}:", (ident, key)


def test_files_have_no_annotation_lines_to_name(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    exported = tmp_path / "g.trig"
    assert normgraph("export", "-o", str(exported)).returncode == 0
    result = normgraph("validate", "--shapes", str(shapes), "--data", str(exported))
    assert result.returncode == 1
    assert "- Violation: ngr:doc/ipu-118-migrant-workers/p13/comprehensive-framework" in result.stdout
    assert "  at " not in result.stdout
