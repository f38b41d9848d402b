"""Files in, files out (issue 17, item 1): ``--data FILE…`` runs query, validate, stats, viz and
network over any RDF file; ``normgraph convert IN OUT`` between every format; ``-f`` taken from
``-o``'s extension. The real CLI in its own process, on the seed's own exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

EXTENSIONS = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig", "jsonld": "jsonld", "rdf": "xml",
              "owl": "xml", "xml": "xml"}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


@pytest.fixture(scope="module")
def seed_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "seed.trig"
    assert run("export", "-o", str(path)).returncode == 0  # -f from the extension
    return path


def _quads(path: Path, fmt: str) -> set[ox.Quad]:
    """The quads of a file, blank nodes left out (their labels are the file's own)."""
    rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[fmt]
    return {q for q in ox.parse(path=str(path), format=rdf)
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


@pytest.mark.parametrize("extension", sorted(EXTENSIONS))
def test_export_takes_its_format_from_the_output_extension(extension: str, seed_trig: Path, tmp_path: Path) -> None:
    out = tmp_path / f"seed.{extension}"
    assert run("export", "-o", str(out)).returncode == 0
    fmt = EXTENSIONS[extension]
    expected = _quads(seed_trig, "trig")
    if fmt not in QUAD_FORMATS:
        expected = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in expected}
    assert _quads(out, fmt) == expected


@pytest.mark.parametrize("extension", sorted(EXTENSIONS))
def test_convert_round_trips_through_every_format(extension: str, seed_trig: Path, tmp_path: Path) -> None:
    middle, back = tmp_path / f"seed.{extension}", tmp_path / "back.nq"
    first = run("convert", str(seed_trig), str(middle))
    assert first.returncode == 0, first.stderr
    assert run("convert", str(middle), str(back)).returncode == 0
    fmt = EXTENSIONS[extension]
    original = _quads(seed_trig, "trig")
    if fmt in QUAD_FORMATS:
        assert _quads(back, "nquads") == original
        assert "merged" not in first.stderr
    else:  # a triple format keeps every triple, in the default graph, and says the graphs were merged
        assert _quads(back, "nquads") == {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in original}
        assert "named graph(s) of" in first.stderr and "are merged into one" in first.stderr
    # converting is canonical: the same file twice gives the same bytes
    again = tmp_path / f"again.{extension}"
    assert run("convert", str(seed_trig), str(again)).returncode == 0
    assert again.read_bytes() == middle.read_bytes()


def test_a_query_over_a_file_answers_as_over_the_corpus(seed_trig: Path) -> None:
    args = ("query", "norms-by-bearer", "-p", "actor=States", "-f", "json")
    over_corpus = json.loads(run(*args).stdout)
    over_file = json.loads(run(*args, "--data", str(seed_trig)).stdout)
    assert over_file == over_corpus and len(over_file["results"]["bindings"]) > 40


def test_two_files_make_one_graph(seed_trig: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/s> <https://example.org/p> 'from another file' .\n", encoding="utf-8")
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"
    alone = json.loads(run("query", "--sparql", sparql, "-f", "json", "--data", str(seed_trig)).stdout)
    both = json.loads(run("query", "--sparql", sparql, "-f", "json", "--data", str(seed_trig), "--data", str(extra)).stdout)
    n = lambda answer: int(answer["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert n(both) == n(alone) + 1


def test_validate_stats_viz_and_network_take_files(seed_trig: Path, tmp_path: Path) -> None:
    checked = run("validate", "--data", str(seed_trig))
    assert checked.returncode == 0 and checked.stdout == "Conforms: the graph satisfies every shape.\n"
    assert run("stats", "--data", str(seed_trig)).stdout == run("stats").stdout
    view = tmp_path / "view.html"
    assert run("viz", "--data", str(seed_trig), "-o", str(view)).returncode == 0 and view.stat().st_size > 100_000
    graphml = tmp_path / "seed.graphml"
    assert run("network", "--data", str(seed_trig), "-f", "graphml", "-o", str(graphml)).returncode == 0
    assert graphml.read_text(encoding="utf-8").count("<node ") > 300


def test_a_file_without_a_known_extension_needs_data_format(seed_trig: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "seed.graph"
    renamed.write_bytes(seed_trig.read_bytes())
    assert one_error(run("stats", "--data", str(renamed))) == (
        f"normgraph: error: cannot tell the format of {renamed} from its extension .graph: give --data-format "
        "(turtle, ntriples, nquads, trig, jsonld, xml)")
    assert run("stats", "--data", str(renamed), "--data-format", "trig").stdout == run("stats").stdout


@pytest.mark.parametrize("args, message", [
    (("export",), "give --format (turtle, ntriples, nquads, trig, jsonld, xml) or -o FILE with its extension"),
    (("export", "-f", "nope"), "--format 'nope': not a format; choose turtle, ntriples, nquads, trig, jsonld, xml "
     "(or ttl, nt, nq, rdf, owl)"),
    (("export", "-o", "out.turtle2"), "cannot tell the format of out.turtle2 from its extension .turtle2: give --format "
     "(turtle, ntriples, nquads, trig, jsonld, xml)"),
    (("convert", "{trig}", "out.txt"), "cannot tell the format of out.txt from its extension .txt: give --to "
     "(turtle, ntriples, nquads, trig, jsonld, xml)"),
    (("stats", "--data", "{trig}", "--corpus", "."), "--data and --corpus: give one or the other"),
])  # fmt: skip
def test_what_cannot_be_done_is_one_line(args: tuple[str, ...], message: str, seed_trig: Path, tmp_path: Path) -> None:
    line = one_error(run(*(a.format(trig=seed_trig) for a in args), cwd=tmp_path))
    assert line == f"normgraph: error: {message}"
    assert not list(tmp_path.glob("out.*"))  # nothing written


def test_a_broken_file_names_itself_and_the_place(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/s> <https://example.org/p> .\n", encoding="utf-8")
    line = one_error(run("query", "--sparql", "ASK {}", "--data", str(broken)))
    assert line.startswith(f"normgraph: error: {broken}: cannot load the graph:") and "line 1" in line
