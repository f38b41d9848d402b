"""A document read from a PDF, HTML or Word file says so in the graph, and keeps everything else
its metadata says (a misplaced block once cost such documents their date)."""

from __future__ import annotations

import pyoxigraph as ox

from normgraph.graph.store import build_graph

DOC = ox.NamedNode("https://w3id.org/normgraph/id/doc/mini-doc")
DCTERMS = "http://purl.org/dc/terms/"
SHA = "ab" * 32


def values(graph, predicate: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(q.object.value for q in graph.store.quads_for_pattern(DOC, ox.NamedNode(DCTERMS + predicate), None))


def test_a_source_file_adds_to_the_metadata_and_takes_nothing_away(mini_corpus):  # type: ignore[no-untyped-def]
    path = mini_corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    before = build_graph(mini_corpus)
    assert values(before, "date") == ["2008"] and values(before, "source") == []
    source = f'  source:\n    file: "report.pdf"\n    format: pdf\n    sha256: {SHA}\n    pages: 12\n'
    path.write_text(text.replace('  date: "2008"\n', '  date: "2008"\n' + source, 1), encoding="utf-8")
    after = build_graph(mini_corpus)
    assert values(after, "source") == ["report.pdf"]
    assert values(after, "extent") == ["12 pages"]
    assert len(values(after, "format")) == 1
    for predicate in ("date", "title", "publisher", "bibliographicCitation", "creator"):
        assert values(after, predicate) == values(before, predicate), predicate
    assert len(after) == len(before) + 3
