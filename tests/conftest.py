"""Shared fixtures: the bundled seed document, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from normgraph.builders.corpus import bundled_corpus

DATA = Path(__file__).parent / "data"
SEED_ID = "ipu-118-migrant-workers"


@pytest.fixture(scope="session")
def seed_folder() -> Path:
    return bundled_corpus() / SEED_ID


@pytest.fixture(scope="session")
def seed_text_path(seed_folder: Path) -> Path:
    return seed_folder / "text.txt"


@pytest.fixture(scope="session")
def seed_document(seed_text_path: Path):  # type: ignore[no-untyped-def]
    from normgraph.builders.document import read_document

    return read_document(seed_text_path)


@pytest.fixture(scope="session")
def seed_graph():  # type: ignore[no-untyped-def]
    from normgraph import build_graph

    return build_graph()


@pytest.fixture()
def mini_corpus(tmp_path: Path) -> Path:
    """A writable copy of the small hand-made corpus in tests/data/mini-corpus."""
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(DATA / "mini-corpus", target)
    return target
