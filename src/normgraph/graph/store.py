"""The engine: a pyoxigraph store holding the ontology, the registries and one named graph per
document. Queries run over the union of all graphs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

import pyoxigraph as ox

from ..builders._workers import worker_count
from ..builders.corpus import Corpus, Progress, load_corpus, paused_gc
from ..builders.triples import ONTOLOGY_GRAPH, corpus_graphs
from .._help import Brief
from ..errors import NormgraphError
from ..ontology import ontology_path
from ._order import insertion_order

if TYPE_CHECKING:
    import pandas
    import rdflib

    from ..queries import QueryResult


@dataclass(frozen=True)
class KnowledgeGraph(metaclass=Brief):
    """A built graph. ``store`` is a plain :class:`pyoxigraph.Store`: use it directly if you like.

    A graph that normgraph built (or took from the build cache) holds each named graph in the
    canonical order (see :mod:`normgraph.graph._order`), and its exports are pyoxigraph's own
    serialisation. Changing ``store`` directly is fine: the export notices that the size changed
    and sorts instead, to the same bytes. (It cannot notice a change that leaves the size as it
    was, one quad removed and another added: export ``KnowledgeGraph(graph.store)`` then.)"""

    store: ox.Store
    _canonical_size: int = field(default=-1, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.store)

    @property
    def in_canonical_order(self) -> bool:
        """Whether the store still returns every graph in canonical order, as it was made."""
        return self._canonical_size == len(self.store)

    def add_graph(self, quads: Iterable[ox.Quad]) -> None:
        """Add the quads of one graph that is not in the store yet (as inference does), so that
        the store stays in canonical order when it was."""
        ordered = insertion_order(quads)
        names = {q.graph_name for q in ordered}
        # the order holds if this is one new graph; the exports' fast path also relies on no
        # triple being in two graphs
        keep = (
            self.in_canonical_order
            and len(names) <= 1
            and not any(next(self.store.quads_for_pattern(None, None, None, g), None) for g in names)
            and not any(next(self.store.quads_for_pattern(q.subject, q.predicate, q.object), None) for q in ordered)
        )
        self.store.extend(ordered)
        object.__setattr__(self, "_canonical_size", len(self.store) if keep else -1)  # frozen: the one mark

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, graph)

    def graphs(self) -> list[ox.NamedNode]:
        """The named graphs, sorted by IRI."""
        names = [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(names, key=lambda g: g.value)

    def query(self, sparql: str, **kwargs: object) -> object:
        """Run SPARQL over the union of all graphs (``FROM``/``GRAPH`` still work); pyoxigraph's
        own answer. ``run`` gives a :class:`~normgraph.QueryResult`, ``query_df`` a DataFrame."""
        return self.store.query(sparql, use_default_graph_as_union=True, **kwargs)

    def run(self, query_or_name: str, **params: str | int | float | bool) -> QueryResult:
        """A named query (``graph.run("norms-by-role", role="transit")``), a ``.rq`` file, or
        SPARQL text; parameters are bound safely and work with names and files only."""
        from ..queries import run_query

        return run_query(self, query_or_name, params)

    def query_df(self, query_or_name: str, *, prefixed: bool = False, **params: str | int | float | bool) -> pandas.DataFrame:
        """``run(...)`` as a pandas DataFrame (see :meth:`QueryResult.to_pandas`); needs
        ``pip install normgraph[pandas]``."""
        return self.run(query_or_name, **params).to_pandas(prefixed=prefixed)

    @overload
    def to_rdflib(self, *, merged: Literal[False] = ...) -> rdflib.Dataset: ...
    @overload
    def to_rdflib(self, *, merged: Literal[True]) -> rdflib.Graph: ...

    def to_rdflib(self, *, merged: bool = False) -> rdflib.Graph:
        """An rdflib ``Dataset`` with the same named graphs (and the exports' prefixes bound);
        ``merged=True``: one ``Graph`` holding their union. ``normgraph.from_rdflib`` goes back."""
        from ._rdflib import to_dataset, to_graph

        return to_graph(self) if merged else to_dataset(self)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self.store):,} triples in {len(self.graphs()):,} named graphs>"

    def _repr_html_(self) -> str:
        """A summary for notebooks: counts by class, the documents, a few triples (escaped)."""
        from ._summary import summary_html

        return summary_html(self)


def ontology_quads() -> Iterator[ox.Quad]:
    """The ontology's triples in their own graph. Its blank nodes (OWL lists) get labels in
    parse order, not the parser's random ones, so every build serialises to the same bytes."""
    labels: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(term):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term, ox.BlankNode(f"ontology{len(labels)}"))
        return term

    for t in ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE):
        yield ox.Quad(stable(t.subject), t.predicate, stable(t.object), ONTOLOGY_GRAPH)


GraphSink = Callable[[int, bytes], None]
"""``sink(index, data)``: each graph's N-Quads as the build loads it, newest quad first (the
build cache's form): index -1 is the registry graph, 0… the corpus's documents in order."""


def graph_from_corpus(
    corpus: Corpus, *, with_ontology: bool = True, progress: Progress | None = None, sink: GraphSink | None = None
) -> KnowledgeGraph:
    """The graph of a corpus read by :func:`~normgraph.builders.corpus.load_corpus`; ``sink``
    is handed each graph's text too (the build cache writes it without a second pass)."""
    store = ox.Store()
    if with_ontology:
        store.bulk_extend(insertion_order(ontology_quads()))
    # A large corpus's document graphs are made in forked processes while this one loads them:
    # making a graph costs about what loading it does, so one core of those there are to use
    # is this process's (with as many processes as cores, loading waited its turn: 100k 0.23 s
    # against 0.19 s, 1M 2.1 s against 1.7 s, measured)
    processes = worker_count([document.folder for document in corpus.documents]) - 1
    graphs = corpus_graphs(corpus, processes)
    documents = progress(graphs, len(corpus.documents), "building") if progress else graphs
    with paused_gc():
        # each graph's lines come sorted (descending): loaded in that order, the store returns
        # them in canonical order. Lenient: the builder wrote every IRI from checked parts.
        for index, data in enumerate(chain([next(graphs)], documents), start=-1):  # the registries first
            store.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            if sink is not None:
                sink(index, data)
    return KnowledgeGraph(store, len(store))


def build_graph(
    corpus_folder: str | Path | None = None, *, with_ontology: bool = True, progress: Progress | None = None
) -> KnowledgeGraph:
    """Read, check and build a corpus folder (default: the bundled corpus). ``progress``: see
    :data:`normgraph.builders.corpus.Progress`."""
    corpus = load_corpus(corpus_folder, progress=progress)
    return graph_from_corpus(corpus, with_ontology=with_ontology, progress=progress)


def load_graph(*paths: str | Path, format: str | None = None) -> KnowledgeGraph:
    """A graph from RDF files, any of normgraph's formats (from each file's extension, or
    ``format`` for all): TriG, N-Quads and JSON-LD keep their named graphs; triple formats go to
    the default graph. Several files make one graph."""
    from .export import FORMATS, format_of

    if not paths:
        raise NormgraphError("no RDF file to load")
    store = ox.Store()
    for path in map(Path, paths):
        rdf_format = FORMATS[format_of(path, format, option="--data-format")].rdf_format
        try:
            # parsed, then added: blank nodes keep the labels the parser gives them (a file's own,
            # or labels derived from it), where bulk_load would draw new random ones — so the
            # same file converts to the same bytes every time
            store.bulk_extend(ox.parse(path=path, format=rdf_format))
        except (OSError, SyntaxError, ValueError) as exc:
            raise NormgraphError(f"cannot load the graph: {exc}", path=path) from None
    return KnowledgeGraph(store)
