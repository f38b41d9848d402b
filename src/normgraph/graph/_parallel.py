"""A large corpus's document graphs made in worker processes (see builders/_workers.py).

Each worker makes one document's quads, sorts them into insertion order (graph/_order.py) and
sends them back as N-Quads text, which pickles in a fraction of the time quad objects would; the
parent parses each in turn (in Rust) into the store while the workers make the next ones.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from ..builders.corpus import Corpus, Progress
from ..builders.triples import quads_maker
from ..builders._workers import inherited, ordered_map

_made: dict[int, object] = {}  # in a worker: the quads maker for the inherited corpus, made once


def document_quads_in_workers(corpus: Corpus, workers: int, progress: Progress | None = None) -> Iterator[ox.Quad]:
    """Every document's quads, graph after graph in corpus order, each graph in insertion order."""
    blobs = ordered_map(_document_nquads, range(len(corpus.documents)), workers, inherit={"corpus": corpus})
    if progress is not None:
        blobs = progress(blobs, len(corpus.documents), "building")
    for blob in blobs:
        yield from ox.parse(blob, format=ox.RdfFormat.N_QUADS)


def _document_nquads(index: int) -> bytes:
    corpus: Corpus = inherited("corpus")
    make = _made.get(id(corpus))
    if make is None:
        make = _made[id(corpus)] = quads_maker(corpus)
    # the order insertion_order gives: descending by the quad's N-Quads text
    lines = sorted((str(quad) for quad in make(corpus.documents[index])), reverse=True)  # type: ignore[operator]
    return "".join([line + " .\n" for line in lines]).encode()
