"""RDF/XML and the characters XML cannot carry (issue #13, finding 3): a form feed from a PDF's text
must not give a file no XML parser reads; the export is refused in one line, other formats keep it."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from normgraph.errors import NormgraphError
from normgraph.graph.export import serialize
from normgraph.graph.store import KnowledgeGraph


def _graph(text: str) -> KnowledgeGraph:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://example.org/p1"), ox.NamedNode("https://example.org/text"), ox.Literal(text)))
    return KnowledgeGraph(store)


@pytest.mark.parametrize("char", ["\x0c", "\x01", "\x08", "\x0b", "\x1f"])
def test_rdf_xml_refuses_what_xml_cannot_carry(char):
    graph = _graph(f"end of page{char}next page")
    with pytest.raises(NormgraphError, match=rf"RDF/XML cannot carry the control character U\+{ord(char):04X} in the text of <https://example.org/p1>"):
        serialize(graph, "xml")
    for fmt in ("turtle", "ntriples", "jsonld"):  # the others keep it, and parse back
        data = serialize(graph, fmt)
        parsed = rdflib.Graph().parse(data=data, format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt])
        assert str(next(iter(parsed.objects()))) == f"end of page{char}next page"


@pytest.mark.parametrize("text", ["tab\tnewline\nreturn\r", "a backslash and f: \\f", "DEL \x7f and é"])
def test_rdf_xml_keeps_what_xml_can_carry(text):
    data = serialize(_graph(text), "xml")
    parsed = rdflib.Graph().parse(data=data, format="xml")
    assert str(next(iter(parsed.objects()))) == text  # a carriage return too (XML reads a raw one as \n)


def test_cli_export_of_a_text_with_a_form_feed(mini_corpus, tmp_path):
    text = mini_corpus / "mini-doc" / "text.txt"
    original = text.read_text(encoding="utf-8")
    cut = original.index("Each child")  # inside paragraph 2's text
    text.write_text(original[:cut] + "\x0c" + original[cut:], encoding="utf-8")
    args = [sys.executable, "-m", "normgraph", "export", "--corpus", str(mini_corpus), "-f"]
    refused = subprocess.run([*args, "xml", "-o", str(tmp_path / "g.rdf")], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "RDF/XML cannot carry the control character U+000C" in refused.stderr
    assert not (tmp_path / "g.rdf").exists()
    kept = subprocess.run([*args, "turtle", "-o", str(tmp_path / "g.ttl")], capture_output=True, text=True, timeout=300)
    assert kept.returncode == 0, kept.stderr
    assert "\\f" in (tmp_path / "g.ttl").read_text(encoding="utf-8")
