"""The engine: a pyoxigraph store holding the ontology, the registries and one named graph per
document. Queries run over the union of all graphs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..builders.corpus import Corpus, Progress, load_corpus, paused_gc
from ..builders.triples import ONTOLOGY_GRAPH, corpus_quads
from ..errors import NormgraphError
from ..ontology import ontology_path


@dataclass(frozen=True)
class KnowledgeGraph:
    """A built graph. ``store`` is a plain :class:`pyoxigraph.Store`: use it directly if you like."""

    store: ox.Store

    def __len__(self) -> int:
        return len(self.store)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, graph)

    def graphs(self) -> list[ox.NamedNode]:
        """The named graphs, sorted by IRI."""
        names = [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(names, key=lambda g: g.value)

    def query(self, sparql: str, **kwargs: object) -> object:
        """Run SPARQL over the union of all graphs (``FROM``/``GRAPH`` still work)."""
        return self.store.query(sparql, use_default_graph_as_union=True, **kwargs)


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


def graph_from_corpus(
    corpus: Corpus, *, with_ontology: bool = True, progress: Progress | None = None
) -> KnowledgeGraph:
    store = ox.Store()
    documents = progress(corpus.documents, len(corpus.documents), "building") if progress else None
    with paused_gc():  # millions of short-lived term objects, no cycles among them
        if with_ontology:
            store.bulk_extend(ontology_quads())
        store.bulk_extend(corpus_quads(corpus, documents))
    return KnowledgeGraph(store)


def build_graph(
    corpus_folder: str | Path | None = None, *, with_ontology: bool = True, progress: Progress | None = None
) -> KnowledgeGraph:
    """Read, check and build a corpus folder (default: the bundled corpus). ``progress``: see
    :data:`normgraph.builders.corpus.Progress`."""
    corpus = load_corpus(corpus_folder, progress=progress)
    return graph_from_corpus(corpus, with_ontology=with_ontology, progress=progress)


def load_graph(path: str | Path) -> KnowledgeGraph:
    """A graph written earlier (TriG or N-Quads keep the named graphs; triple formats go to the
    default graph)."""
    path = Path(path)
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    except (OSError, SyntaxError, ValueError) as exc:
        raise NormgraphError(f"cannot load the graph: {exc}", path=path) from None
    return KnowledgeGraph(store)
