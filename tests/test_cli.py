"""The command line as users run it: a real process, its exit code, its stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DATA


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_build_writes_turtle_trig_and_html(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert "70 paragraphs" in result.stdout
    for name in ("normgraph.ttl", "normgraph.trig", "normgraph.html"):
        assert (out / name).stat().st_size > 1000
        assert f"wrote {out / name}" in result.stdout
    triples = list(ox.parse(path=out / "normgraph.ttl", format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("#quote") for t in triples)
    html = (out / "normgraph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "https://cdn" not in html


def test_build_twice_gives_identical_files(tmp_path):
    for name in ("a", "b"):
        assert run("build", "--out", str(tmp_path / name)).returncode == 0
    for file in ("normgraph.ttl", "normgraph.trig"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "xml"])
def test_export_to_stdout_and_file(fmt, tmp_path):
    result = run("export", "--corpus", str(DATA / "mini-corpus"), "--format", fmt)
    assert result.returncode == 0, result.stderr
    target = tmp_path / f"g.{fmt}"
    again = run("export", "--corpus", str(DATA / "mini-corpus"), "--format", fmt, "-o", str(target))
    assert again.returncode == 0
    assert target.read_text(encoding="utf-8") == result.stdout
    if fmt == "jsonld":
        assert isinstance(json.loads(result.stdout), (list, dict))


def test_export_with_inference_adds_prov_derivation():
    result = run("export", "--corpus", str(DATA / "mini-corpus"), "--format", "nquads", "--infer")
    assert result.returncode == 0, result.stderr
    inferred = [line for line in result.stdout.splitlines() if "graph/inferred" in line]
    assert any("prov#wasDerivedFrom" in line and "/p1/protect-victims>" in line for line in inferred)


def test_stats_counts_and_coverage():
    result = run("stats", "--corpus", str(DATA / "mini-corpus"))
    assert result.returncode == 0, result.stderr
    assert "ng:Norm                 4" in result.stdout
    assert "mini-doc: 3 paragraphs" in result.stdout
    assert "reviewed           3  (100%)" in result.stdout


def test_viz_writes_a_page(tmp_path):
    result = run("viz", "--corpus", str(DATA / "mini-corpus"), "-o", str(tmp_path / "v.html"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html  # the quote is in the page only escaped
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e should not be run" in html  # … and there, escaped
    assert html.count('"kind":"Paragraph"') == 3  # the mini text's three paragraphs


def _corpus_with(tmp_path: Path, text: bytes, annotations: str | None = None) -> Path:
    doc = tmp_path / "corpus" / "bad-doc"
    doc.mkdir(parents=True)
    (doc / "text.txt").write_bytes(text)
    if annotations is not None:
        (doc / "annotations.yaml").write_text(annotations, encoding="utf-8")
    return tmp_path / "corpus"


GOOD_TEXT = b"1. States must act.\n\n2. Victims have rights.\n"


@pytest.mark.parametrize(
    ("text", "annotations", "fragments"),
    [
        (b"", None, ["text.txt", "the text is empty"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None, ["text.txt:", "binary file"]),
        (b"1. Caf\xe9 au lait.\n", None, ["text.txt:1", "not UTF-8"]),
        (GOOD_TEXT, "document:\n  title: [unclosed\n", ["annotations.yaml:3", "malformed YAML"]),
        (GOOD_TEXT,
         "document:\n  title: t\nparagraphs:\n  1:\n    norms:\n      - type: obligation\n        quote: States shall act.\n",
         ["annotations.yaml:7", "paragraph 1", "'States shall act.' is not a verbatim substring"]),
        (GOOD_TEXT,
         "document:\n  title: t\nparagraphs:\n  2:\n    norms:\n      - type: right\n        quote: Victims have rights.\n        holder: victimz\n",
         ["annotations.yaml:8", "paragraph 2", "unknown actor id 'victimz'"]),
    ],
)
def test_bad_input_gives_one_line_and_non_zero_exit(tmp_path, text, annotations, fragments):
    corpus = _corpus_with(tmp_path, text, annotations)
    for command in (["build", "--out", str(tmp_path / "out")], ["export", "-f", "turtle"], ["stats"], ["validate"]):
        result = run(*command, "--corpus", str(corpus))
        assert_clean_error(result, *fragments)
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_missing_corpus_and_bad_option(tmp_path):
    assert_clean_error(run("stats", "--corpus", str(tmp_path / "nope")), "no such corpus folder")
    assert_clean_error(run("export", "--format", "yaml"), "--format 'yaml': not a format; choose turtle")


def test_every_command_has_help():
    for command in ("build", "export", "validate", "stats", "viz"):
        result = run(command, "--help")
        assert result.returncode == 0 and "--corpus" in result.stdout, command


def test_queries_lists_names_parameters_and_descriptions():
    result = run("queries")
    assert result.returncode == 0
    assert "norms-by-role\n  Norms by state role: Every obligation" in result.stdout
    assert "--param role (iri, ng:StateRole) [optional, example=transit]" in result.stdout


def test_a_switch_parameter_from_the_command_line():
    """exact=true narrows "What must States do?" to the norms borne under the name States; a value
    that is not a switch is one clean line naming it."""
    every_guise = run("query", "norms-by-bearer", "-p", "actor=States", "-f", "json")
    by_name = run("query", "norms-by-bearer", "-p", "actor=States", "-p", "exact=yes", "-f", "json")
    rows = [json.loads(r.stdout)["results"]["bindings"] for r in (every_guise, by_name)]
    assert [len(r) for r in rows] == [41, 21]
    assert {row["bearerLabel"]["value"] for row in rows[1]} == {"States"}
    assert_clean_error(run("query", "norms-by-bearer", "-p", "exact=maybe"),
                       "parameter 'exact': 'maybe' is not a switch (true or false; yes/no and 1/0 work too)")


def test_query_formats_and_forms(tmp_path):
    csv_out = run("query", "claims-with-figures", "-p", "source=ILO", "-f", "csv")
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("claim,value,unit,attributedTo,")
    as_json = json.loads(run("query", "rights-and-holders", "-f", "json").stdout)
    assert as_json["head"]["vars"] == ["right", "holderLabel", "basis", "inference", "action", "number", "quote"]
    assert run("query", "--sparql", "ASK { ?r a <https://w3id.org/normgraph/ontology#Right> }").stdout == "true\n"
    construct = run("query", "--sparql", "CONSTRUCT { ?p a ?t } WHERE { ?p a ?t ; <https://w3id.org/normgraph/ontology#number> 38 }")
    triples = list(ox.parse(construct.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert sorted(t.object.value for t in triples) == ["https://w3id.org/normgraph/ontology#Paragraph",
                                                      "https://w3id.org/normgraph/ontology#Unit"]
    rq = tmp_path / "mine.rq"
    rq.write_text("# param: n (integer) [example=38]: paragraph\n"
                  "SELECT ?text WHERE { ?p <https://w3id.org/normgraph/ontology#number> ?n ; "
                  "<https://w3id.org/normgraph/ontology#text> ?text }\n")
    own = run("query", str(rq), "-p", "n=38", "-f", "csv")
    assert own.returncode == 0 and "Three key obligations" in own.stdout
    assert_clean_error(run("query", str(rq)), "mine.rq", "needs the parameter 'n'")
    assert_clean_error(run("query", str(tmp_path / "missing.rq")), "missing.rq", "cannot read the query")
    assert_clean_error(run("query", "--sparql", "ASK {}", "-p", "x=1"), "--param works with named queries")
    assert_clean_error(run("query", "--sparql", "INSERT DATA { <a:b> <a:c> <a:d> }", "--endpoint", "http://127.0.0.1:9/query"),
                       "this is an update, not a query")
