"""The build cache: a hit gives the same graph as a build, byte for byte in every export; any
change to what the graph is made from is a miss; a broken entry is rebuilt; it can be off."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normgraph.graph import cache
from normgraph.graph.cache import cached_graph, corpus_key
from normgraph.graph.export import serialize
from normgraph.graph.store import build_graph

SRC = Path(__file__).resolve().parents[2] / "src"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("graph-*")) if folder.is_dir() else []


@pytest.mark.parametrize("which", ["seed", "mini"])
def test_a_hit_is_the_same_graph_as_a_build(which: str, cache_dir: Path, mini_corpus: Path) -> None:
    folder = None if which == "seed" else mini_corpus
    first = cached_graph(folder)  # a miss: built and stored
    assert len(entries(cache_dir)) == 1
    second = cached_graph(folder)  # a hit: loaded
    fresh = build_graph(folder)
    assert len(second) == len(fresh) == len(first)
    assert [g.value for g in second.graphs()] == [g.value for g in fresh.graphs()]
    assert second.in_canonical_order  # the fast export path holds for a hit too
    for fmt in ("turtle", "trig", "nquads"):
        assert serialize(second, fmt) == serialize(fresh, fmt), fmt


def test_editing_an_annotation_is_seen_by_the_next_query(cache_dir: Path, mini_corpus: Path) -> None:
    from normgraph.queries import run_sparql

    ask = 'ASK { ?n <https://w3id.org/normgraph/ontology#action> "protect victims at all costs" }'
    assert run_sparql(cached_graph(mini_corpus), ask).boolean is False
    annotations = next(mini_corpus.glob("*/annotations.yaml"))
    text = annotations.read_text(encoding="utf-8")
    # a different action for the first norm, written within the same second as the build
    edited = text.replace("action: protect victims of trafficking", "action: protect victims at all costs", 1)
    assert edited != text
    annotations.write_text(edited, encoding="utf-8")
    graph = cached_graph(mini_corpus)
    assert run_sparql(graph, ask).boolean is True
    assert len(entries(cache_dir)) == 2  # the old entry stays until pruned, unused


def test_the_key_covers_names_texts_new_documents_and_the_ontology_flag(tmp_path: Path, mini_corpus: Path) -> None:
    base = corpus_key(mini_corpus)
    assert corpus_key(mini_corpus) == base  # stable
    copy = tmp_path / "copy"
    shutil.copytree(mini_corpus, copy)
    assert corpus_key(copy) == base  # content, not location
    assert corpus_key(mini_corpus, with_ontology=False) != base
    doc = next(p for p in copy.iterdir() if p.is_dir())
    text = doc / "text.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b" \n", 1))
    assert corpus_key(copy) != base
    shutil.copytree(mini_corpus, tmp_path / "renamed")
    first = next(p for p in (tmp_path / "renamed").iterdir() if p.is_dir())
    first.rename(first.with_name(first.name + "-b"))
    assert corpus_key(tmp_path / "renamed") != base
    shutil.copytree(doc, copy / "zz-another-document")
    assert corpus_key(copy) not in (base,)
    hidden = tmp_path / "hidden"
    shutil.copytree(mini_corpus, hidden)
    (hidden / ".notes").mkdir()
    (hidden / ".notes" / "x.txt").write_text("not a document")
    assert corpus_key(hidden) == base  # load_corpus skips it too


def test_a_broken_entry_is_ignored_and_replaced(cache_dir: Path, mini_corpus: Path) -> None:
    fresh = serialize(build_graph(mini_corpus), "nquads")
    cached_graph(mini_corpus)
    [entry] = entries(cache_dir)
    data = entry.read_bytes()
    for broken in (data[: len(data) // 2], b"garbage", data.replace(b"quads", b"quadz", 1), b""):
        entry.write_bytes(broken)
        assert serialize(cached_graph(mini_corpus), "nquads") == fresh
        assert entry.read_bytes() == data  # rewritten whole


def test_off_by_environment(cache_dir: Path, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMGRAPH_CACHE", "0")
    graph = cached_graph(mini_corpus)
    assert entries(cache_dir) == []
    assert serialize(graph, "nquads") == serialize(build_graph(mini_corpus), "nquads")  # built all the same
    monkeypatch.setenv("NORMGRAPH_CACHE", "1")  # the control: on, the same call caches in that folder
    cached_graph(mini_corpus)
    assert len(entries(cache_dir)) == 1


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NORMGRAPH_CACHE_DIR", str(blocker / "cache"))
    assert len(cached_graph(mini_corpus)) == len(build_graph(mini_corpus))


def test_a_corpus_with_an_error_is_not_cached_and_still_fails(cache_dir: Path, mini_corpus: Path) -> None:
    from normgraph.errors import AnnotationError

    annotations = next(mini_corpus.glob("*/annotations.yaml"))
    annotations.write_text(annotations.read_text(encoding="utf-8").replace("quote: ", "quote: NOT IN THE TEXT ", 1),
                           encoding="utf-8")  # fmt: skip
    with pytest.raises(AnnotationError, match="not a verbatim substring"):
        cached_graph(mini_corpus)
    assert entries(cache_dir) == []


def test_only_the_newest_entries_are_kept(cache_dir: Path, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    annotations = next(mini_corpus.glob("*/annotations.yaml"))
    original = annotations.read_text(encoding="utf-8")
    for n in range(4):
        annotations.write_text(original + f"\n# edit {n}\n", encoding="utf-8")
        cached_graph(mini_corpus)
    assert len(entries(cache_dir)) == 2


def test_entries_of_the_earlier_trig_format_are_removed(cache_dir: Path, mini_corpus: Path) -> None:
    cache_dir.mkdir(parents=True)
    old = cache_dir / ("graph-" + "0" * 40 + ".trig")
    old.write_text("# normgraph build cache: 1 quads none\n", encoding="utf-8")
    cached_graph(mini_corpus)
    assert not old.exists()
    assert [p.suffix for p in entries(cache_dir)] == [".nq"]


def test_the_command_line_uses_it_and_sees_edits(tmp_path: Path, mini_corpus: Path) -> None:
    env = {**os.environ, "NORMGRAPH_CACHE_DIR": str(tmp_path / "cli-cache"), "PYTHONPATH": str(SRC)}
    env.pop("NORMGRAPH_CACHE", None)
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/normgraph/ontology#Paragraph> }"

    def count() -> str:
        done = subprocess.run([sys.executable, "-m", "normgraph", "query", "--corpus", str(mini_corpus), "--sparql",
                               sparql, "-f", "csv"], capture_output=True, text=True, env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.split()[-1]

    before = count()
    assert entries(tmp_path / "cli-cache")
    assert count() == before  # a hit
    text = next(mini_corpus.glob("*/text.txt"))
    body = text.read_text(encoding="utf-8").rstrip("\n")
    last = max(int(n) for n in re.findall(r"(?m)^\s*(\d+)\. ", body))
    text.write_text(body + f"\n\n{last + 1}. A new paragraph added by the test.\n", encoding="utf-8")
    assert int(count()) == int(before) + 1


def test_a_build_stopped_midway_leaves_no_entry_and_no_temporary_file(
    cache_dir: Path, seed_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry is written as the build goes (no second pass over the store): stopped between
    two documents, the build leaves neither a half entry nor its temporary file; the next build
    writes the whole entry."""
    from normgraph.builders import triples

    corpus = tmp_path / "corpus"
    for name in ("doc-a", "doc-b"):
        shutil.copytree(seed_folder, corpus / name)
    real, made = triples.document_nquads, []

    def stopped(document, node):  # type: ignore[no-untyped-def]
        made.append(document.id)
        if len(made) == 2:
            raise KeyboardInterrupt
        return real(document, node)

    monkeypatch.setenv("NORMGRAPH_WORKERS", "1")
    monkeypatch.setattr(triples, "document_nquads", stopped)
    with pytest.raises(KeyboardInterrupt):
        cached_graph(corpus)
    assert made == ["doc-a", "doc-b"]
    assert entries(cache_dir) == [] and not list(cache_dir.glob(".graph-*"))
    monkeypatch.setattr(triples, "document_nquads", real)
    built = cached_graph(corpus)
    [entry] = entries(cache_dir)
    assert int(entry.read_bytes().split(b"\n", 1)[0].split()[-3]) == len(built)  # the count, written last
    assert serialize(cached_graph(corpus), "nquads") == serialize(build_graph(corpus), "nquads")
