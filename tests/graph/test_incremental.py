"""The per-document build cache (issue 16): an edit to one document rebuilds that document and
takes the others from their pieces; every export is byte-identical to a clean build; a piece
whose ids or provisions resolve differently now, a broken piece, or a removed document is
handled as a clean build would. The corpus: the seed beside the texts of the two treaties it
restates (its ng:restates point into them), copied from ../shared into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normgraph.errors import NormgraphError
from normgraph.graph.cache import cached_build
from normgraph.graph.export import serialize
from normgraph.graph.store import build_graph

SEED = "ipu-118-migrant-workers"
COE = "coe-trafficking-convention"


def _same_as_a_clean_build(corpus: Path, graph) -> None:  # type: ignore[no-untyped-def]
    fresh = build_graph(corpus)
    assert graph.in_canonical_order
    for fmt in ("nquads", "trig", "turtle"):
        assert serialize(graph, fmt) == serialize(fresh, fmt), fmt


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_to_one_document_rebuilds_that_document_only(restates_corpus: Path, cache_dir: Path) -> None:
    first = cached_build(restates_corpus)  # nothing cached: built whole, its pieces kept
    assert (first.how, sorted(first.rebuilt), first.documents) == ("built", sorted([SEED, COE, "un-trafficking-protocol"]), 3)
    assert cached_build(restates_corpus).how == "hit"
    _edit(restates_corpus / SEED / "annotations.yaml", "action: prohibit and prevent trafficking and related acts",
          "action: prohibit and prevent trafficking and every related act")
    edited = cached_build(restates_corpus)
    assert (edited.how, edited.rebuilt) == ("pieces", (SEED,))
    _same_as_a_clean_build(restates_corpus, edited.graph)
    # the treaty's text named differently: its own graph is rebuilt, the seed's links still hold
    _edit(restates_corpus / COE / "annotations.yaml", "title: coe-trafficking-convention", "title: CETS 197")
    retitled = cached_build(restates_corpus)
    assert retitled.rebuilt == (COE,)
    _same_as_a_clean_build(restates_corpus, retitled.graph)


def test_a_document_whose_links_now_resolve_elsewhere_is_rebuilt(restates_corpus: Path, cache_dir: Path) -> None:
    cached_build(restates_corpus)
    # without the Convention's text, the seed's restated articles are provisions of the instrument
    shutil.rmtree(restates_corpus / COE)
    after = cached_build(restates_corpus)
    assert (after.how, after.rebuilt, after.documents) == ("pieces", (SEED,), 2)
    _same_as_a_clean_build(restates_corpus, after.graph)


def test_an_id_removed_from_the_registry_is_refused_as_a_clean_build_refuses(seed_folder: Path, tmp_path: Path,
                                                                              cache_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_folder, corpus / SEED)
    shutil.copytree(seed_folder, corpus / "second-copy")
    cached_build(corpus)
    # the second copy no longer registers an actor: the first still defines it, nothing breaks …
    _edit(corpus / "second-copy" / "annotations.yaml", "  ngos:\n", "  ngos-renamed:\n")
    assert cached_build(corpus).rebuilt == ("second-copy",)
    # … until the first loses it too: the unchanged documents that use it are read again and fail
    _edit(corpus / SEED / "annotations.yaml", "  ngos:\n", "  ngos-gone:\n")
    with pytest.raises(NormgraphError) as clean:
        build_graph(corpus)
    with pytest.raises(NormgraphError) as incremental:
        cached_build(corpus)
    assert str(incremental.value) == str(clean.value)


def test_a_broken_piece_is_rebuilt(restates_corpus: Path, cache_dir: Path) -> None:
    cached_build(restates_corpus)
    for entry in cache_dir.glob("graph-*"):
        entry.unlink()  # no whole-corpus entry: the pieces are read
    pieces = sorted((cache_dir / "pieces").glob("doc-*.nq"), key=lambda p: p.stat().st_size)
    pieces[-1].write_bytes(pieces[-1].read_bytes()[:-200])  # the largest, cut short
    again = cached_build(restates_corpus)
    assert again.how == "pieces" and len(again.rebuilt) == 1
    _same_as_a_clean_build(restates_corpus, again.graph)


def test_a_corpus_mostly_new_is_built_whole_and_mostly_old_from_pieces(seed_folder: Path, tmp_path: Path,
                                                                         cache_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in ("a", "b", "c"):
        shutil.copytree(seed_folder, corpus / name)
    cached_build(corpus)
    for name in ("d", "e", "f", "g"):  # four new documents beside three known ones: built whole
        shutil.copytree(seed_folder, corpus / name)
    grown = cached_build(corpus)
    assert (grown.how, len(grown.rebuilt)) == ("built", 7)
    _same_as_a_clean_build(corpus, grown.graph)
    shutil.copytree(seed_folder, corpus / "h")  # one new beside seven known: from pieces
    assert cached_build(corpus).rebuilt == ("h",)


def test_pieces_are_data_not_code(restates_corpus: Path, cache_dir: Path) -> None:
    cached_build(restates_corpus)
    names = {p.suffix for p in (cache_dir / "pieces").iterdir()}
    assert names == {".json", ".nq"}  # JSON and N-Quads: nothing the cache reads is executed
