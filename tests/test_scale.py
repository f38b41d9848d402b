"""Scale behaviour at small scale: a generated corpus of several documents builds one graph with
a named graph per document; exports keep their documented order; progress is reported per
document; the query command stays light. Timings are never asserted here (see benchmarks/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate_corpus  # noqa: E402

from normgraph.builders.corpus import load_corpus  # noqa: E402
from normgraph.graph.export import serialize  # noqa: E402
from normgraph.graph.store import build_graph  # noqa: E402

NGR = "https://w3id.org/normgraph/id/"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "corpus"
    assert generate_corpus.main(["--triples", "20000", "--out", str(folder), "--seed", "3"]) == 0
    return folder


@pytest.fixture(scope="module")
def graph(generated: Path):  # type: ignore[no-untyped-def]
    return build_graph(generated)


def test_generated_corpus_builds_with_a_named_graph_per_document(generated: Path, graph) -> None:  # type: ignore[no-untyped-def]
    documents = sorted(p.name for p in generated.iterdir() if p.is_dir())
    assert len(documents) >= 2
    names = [g.value for g in graph.graphs()]
    assert names == sorted([f"{NGR}graph/{d}" for d in documents] + [f"{NGR}graph/ontology", f"{NGR}graph/registry"])
    for document in documents:  # each document's paragraphs live in its own graph only
        part_of = ox.NamedNode("https://w3id.org/normgraph/ontology#partOf")
        paragraphs = list(graph.store.quads_for_pattern(None, part_of, ox.NamedNode(f"{NGR}doc/{document}"), None))
        assert 50 <= len(paragraphs) <= 100
        assert {q.graph_name.value for q in paragraphs} == {f"{NGR}graph/{document}"}
    assert 12_000 < len(graph) < 30_000  # "about 20k": the generator aims within a document


def test_generated_documents_repeat_registry_entries_which_merge(generated: Path) -> None:
    corpus = load_corpus(generated)
    repeated = [d for d in corpus.documents[1:] if d.annotations.instruments or d.annotations.actors]
    assert repeated, "later documents repeat the registry entries they use"
    first = corpus.documents[0].annotations
    some = next(iter(repeated[0].annotations.actors))
    assert some in first.actors and corpus.actors[some].label == first.actors[some].label


def test_the_generator_is_deterministic(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again"
    generate_corpus.main(["--triples", "20000", "--out", str(again), "--seed", "3"])
    for path in sorted(generated.rglob("*.*")):
        assert (again / path.relative_to(generated)).read_bytes() == path.read_bytes(), path


def test_every_quote_of_the_generated_corpus_is_verbatim(generated: Path) -> None:
    corpus = load_corpus(generated)  # load_corpus checks every quote and reference
    figures = [c for d in corpus.documents for p in d.annotations.paragraphs.values() for c in p.claims
               if c.id == "synthetic-figure"]  # fmt: skip
    assert len(figures) == sum(len(d.text.paragraphs) for d in corpus.documents)


def test_exports_keep_the_documented_order(graph) -> None:  # type: ignore[no-untyped-def]
    """By graph, subject, predicate, object — each as its N-Quads text — for quad formats; for
    triple formats the same, each triple once."""
    key = lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))  # noqa: E731
    quads = list(ox.parse(serialize(graph, "nquads"), format=ox.RdfFormat.N_QUADS))
    assert quads == sorted(graph.store, key=key)
    triples = [q.triple for q in ox.parse(serialize(graph, "ntriples"), format=ox.RdfFormat.N_TRIPLES)]
    assert triples == list(dict.fromkeys(q.triple for q in sorted(graph.store, key=key)))


def test_duplicate_triples_across_graphs_appear_once_in_triple_formats(mini_corpus: Path) -> None:
    g = build_graph(mini_corpus)
    some = next(q for q in g.store.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode))
    g.store.add(ox.Quad(some.subject, some.predicate, some.object, ox.NamedNode(f"{NGR}graph/extra")))
    g.store.add(ox.Quad(some.subject, some.predicate, some.object, ox.DefaultGraph()))
    lines = serialize(g, "ntriples").decode().splitlines()
    assert len(lines) == len(set(lines)) == len({q.triple for q in g.store})
    nquads = serialize(g, "nquads").decode().splitlines()
    assert len(nquads) == len(g)
    assert sum(1 for line in nquads if f"{NGR}graph/extra" in line) == 1


def test_two_builds_of_a_generated_corpus_give_the_same_bytes(generated: Path, graph) -> None:  # type: ignore[no-untyped-def]
    other = build_graph(generated)
    for fmt in ("turtle", "trig"):
        assert serialize(other, fmt) == serialize(graph, fmt)


def test_progress_is_reported_per_document(generated: Path) -> None:
    seen: list[tuple[str, int, int]] = []

    def progress(items, total, description):  # type: ignore[no-untyped-def]
        count = 0
        for item in items:
            count += 1
            yield item
        seen.append((description, total, count))

    graph = build_graph(generated, progress=progress)
    documents = sum(1 for p in generated.iterdir() if p.is_dir())
    assert seen == [("reading", documents, documents), ("building", documents, documents)]
    assert len(graph) > 0


def test_the_query_command_imports_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from normgraph.cli import main\n"
        "try:\n"
        "    main(['query', 'norms-by-role', '-p', 'role=transit', '-f', 'csv'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = [m for m in ('rdflib', 'pyshacl', 'owlrl', 'pyvis', 'networkx', 'tqdm', 'SPARQLWrapper', 'starlette',\n"
        "                     'multiprocessing', 'concurrent.futures')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {"PYTHONPATH": str(ROOT / "src"), "NORMGRAPH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # a miss (build), then a hit (cache)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        assert "HEAVY []" in done.stdout
        assert done.stderr == ""  # no progress bar without a terminal
