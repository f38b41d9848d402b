"""The canonical order, kept by the store itself so that exporting does not have to sort.

normgraph writes each graph's triples by subject, predicate and object, each compared as its
N-Triples text (UTF-8 bytes and Python strings compare alike, and a whole N-Triples line sorts
exactly as its three terms compared in turn, because terms are self-delimiting).

pyoxigraph's in-memory store returns a graph's quads newest first (``test_order.py`` pins this
down, so an upgrade that changes it fails the tests rather than the exports). So a graph whose
quads are inserted in *descending* canonical order is iterated, dumped and serialised by
pyoxigraph — in Rust, at its own speed — in ascending canonical order. The builder, the build
cache and inference insert that way and mark the graph; exporting a graph that is not marked
(one loaded from a file, or changed since) sorts it instead, to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def canonical_key(quad: ox.Quad | ox.Triple) -> str:
    """A triple's N-Triples line without the final `` .``: the canonical sort key."""
    return f"{quad.subject} {quad.predicate} {quad.object}"


def insertion_order(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` in the order to insert them so that the store returns each graph's in canonical
    order: descending, as it returns the newest first."""
    ordered = list(quads)
    # str(quad) is the N-Quads line "<s> <p> <o> <g>", one call into Rust instead of three. Two
    # quads of one graph compare as their canonical keys do: the graph is a common suffix, and
    # where one key is a prefix of the other, the shorter is followed by " " in both forms
    # (N-Triples escapes every character below the space).
    ordered.sort(key=str, reverse=True)
    return ordered
