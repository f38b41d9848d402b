"""Compacted and framed JSON-LD: the writer agrees with PyLD's compaction, every export reads back
(pyoxigraph, rdflib, PyLD) to the same quads, the bytes are stable, framing nests what the seed
says, and the command line's options do what they say or refuse in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib.compare import isomorphic

from conftest import DATA
from normgraph import build_graph, load_graph, serialize
from normgraph.graph import _jsonld
from normgraph.graph.export import _jsonld_graphs, frame
from normgraph.graph.store import KnowledgeGraph

NG = "https://w3id.org/normgraph/ontology#"
NGR = "https://w3id.org/normgraph/id/"
SEED = NGR + "doc/ipu-118-migrant-workers/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _quads(data: bytes) -> set[str]:
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}


def _graph_of(quads) -> KnowledgeGraph:
    store = ox.Store()
    store.extend(quads)
    return KnowledgeGraph(store)


def _rdflib_graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads():
        name = "" if g is None or str(g) == "urn:x-rdflib:default" else (g.n3() if isinstance(g, rdflib.BNode) else str(g))
        out.setdefault(name, rdflib.Graph()).add((s, p, o))
    return out


def _dataset(nquads: bytes) -> dict[str, rdflib.Graph]:
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads.decode(), format="nquads")
    return _rdflib_graphs(dataset)


def _same_dataset(a: dict[str, rdflib.Graph], b: dict[str, rdflib.Graph]) -> bool:
    """Isomorphic graph by graph (blank-node graph names aside, which rdflib relabels)."""
    named = lambda d: {k: v for k, v in d.items() if not k.startswith("_:")}  # noqa: E731
    blank = lambda d: sorted(len(v) for k, v in d.items() if k.startswith("_:"))  # noqa: E731
    na, nb = named(a), named(b)
    return sorted(na) == sorted(nb) and all(isomorphic(na[k], nb[k]) for k in na) and blank(a) == blank(b)


def _pyld_compaction(graph: KnowledgeGraph) -> dict:
    """PyLD's compaction of the same expanded input the writer reads (rdf:type as @type, the
    writer's native numbers and booleans), named graphs first as the writer lays them out."""
    docs = list(_jsonld_graphs(graph.store, False))
    default = [n for n in _jsonld._framing_input(docs[:1])]
    by_id = {n["@id"]: n for n in default}
    expanded = []
    for name, data in docs[1:]:
        nodes = _jsonld._framing_input([(name, data)])
        if not nodes:
            continue
        holder = by_id.pop(name, None) or {"@id": name}
        expanded.append({**holder, "@graph": nodes})
    expanded += [n for n in default if n["@id"] in by_id]
    out = jsonld.compact(expanded, {"@context": _jsonld.context()},
                         {**_jsonld.loader_options(), "graph": True, "skipExpansion": True})
    _jsonld._keyword_datatypes(out)  # the writer's one departure: "@type" in value objects (for rdflib)
    return out


# --- the writer is JSON-LD compaction --------------------------------------------------------------


def test_compaction_equals_pyld_on_the_seed(seed_graph):
    ours = json.loads(serialize(seed_graph, "jsonld"))
    theirs = _pyld_compaction(seed_graph)
    assert ours["@context"] == theirs["@context"]
    assert ours["@graph"] == theirs["@graph"]


def test_what_a_web_client_reads(seed_graph):
    doc = json.loads(serialize(seed_graph, "jsonld"))
    graph = {n["id"]: n for g in doc["@graph"] for n in g.get("@graph", [])}
    norm = graph["ngr:doc/ipu-118-migrant-workers/p38/prohibit-prevent-trafficking"]
    assert norm["type"] == ["Norm", "Obligation"]
    assert norm["bearer"] == ["ngr:actor/all-states"]
    assert norm["appliesToRole"] == ["DestinationCountry", "SourceCountry", "TransitCountry"]
    assert norm["quote"] == "to prohibit and prevent trafficking and related acts"
    assert norm["negated"] is False and norm["bearerBasis"] == "Stated" and norm["beneficiaryBasis"] == "Inferred"
    paragraph = graph["ngr:doc/ipu-118-migrant-workers/p38"]
    assert paragraph["number"] == 38 and paragraph["reviewed"] is True
    figure = graph["ngr:doc/ipu-118-migrant-workers/p21/icrmw-states-parties"]
    assert figure["value"] == "37" and figure["unit"] == ["States Parties"]  # xsd:decimal keeps its form
    dated = graph["ngr:doc/ipu-118-migrant-workers/p21/icrmw-entry-into-force"]
    assert dated["date"] == [{"@type": "xsd:gYearMonth", "@value": "2003-07"}]
    assert "rdf:type" not in json.dumps(doc) and "@type\": \"http" not in json.dumps(doc)


# --- round trips ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_graph() -> KnowledgeGraph:
    return build_graph(DATA / "hostile-corpus")


@pytest.mark.parametrize("which", ["seed", "hostile", "treaties"])
def test_compacted_json_ld_reads_back_to_the_same_graph(which, seed_graph, hostile_graph, request):
    # treaties: the seed beside two real treaty texts from ../shared (articles, points, restated law)
    graph = {"seed": seed_graph, "hostile": hostile_graph}.get(which) or build_graph(
        request.getfixturevalue("restates_corpus"))
    data = serialize(graph, "jsonld")
    nquads = serialize(graph, "nquads")
    assert _quads(data) == {str(q) for q in graph.store}  # pyoxigraph: the very quads
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="json-ld")
    assert _same_dataset(_rdflib_graphs(dataset), _dataset(nquads))  # rdflib
    back = jsonld.to_rdf(json.loads(data), {**_jsonld.loader_options(), "format": "application/n-quads"})
    assert _same_dataset(_dataset(back.encode()), _dataset(nquads))  # PyLD
    # and the compaction is PyLD's on the awkward text too
    assert json.loads(data)["@graph"] == _pyld_compaction(graph)["@graph"]


def test_same_bytes_built_or_loaded(seed_graph, tmp_path):
    data = serialize(seed_graph, "jsonld")
    assert serialize(build_graph(), "jsonld") == data
    (tmp_path / "g.jsonld").write_bytes(data)
    (tmp_path / "g.trig").write_bytes(serialize(seed_graph, "trig"))
    assert serialize(load_graph(tmp_path / "g.jsonld"), "jsonld") == data  # sorted, not in store order
    assert serialize(load_graph(tmp_path / "g.trig"), "jsonld") == data


def test_referenced_context_reads_back_with_the_published_file(seed_graph):
    data = serialize(seed_graph, "jsonld", context_url=_jsonld.CONTEXT_URL)
    doc = json.loads(data)
    assert doc["@context"] == _jsonld.CONTEXT_URL
    embedded = json.loads(serialize(seed_graph, "jsonld"))
    assert doc["@graph"] == embedded["@graph"]
    back = jsonld.to_rdf(doc, {**_jsonld.loader_options(), "format": "application/n-quads"})
    assert _same_dataset(_dataset(back.encode()), _dataset(serialize(seed_graph, "nquads")))


def test_expanded_form_is_the_former_output(seed_graph):
    expanded = serialize(seed_graph, "jsonld", jsonld="expanded")
    nquads = serialize(seed_graph, "nquads")
    assert expanded == ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.JSON_LD)
    assert _quads(expanded) == _quads(serialize(seed_graph, "jsonld"))


def test_empty_graph_default_graph_and_values_no_term_fits():
    empty = serialize(_graph_of([]), "jsonld")
    assert json.loads(empty)["@graph"] == [] and _quads(empty) == set()
    s, g = ox.NamedNode(NGR + "x"), ox.NamedNode(NGR + "graph/g")
    quads = [ox.Quad(s, ox.NamedNode(NG + "number"), ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))),
             ox.Quad(g, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("the graph")),
             ox.Quad(s, ox.NamedNode(NG + "value"), ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")), g),
             ox.Quad(s, ox.NamedNode(NG + "value"), ox.Literal("7.5", datatype=ox.NamedNode(XSD + "decimal")), g),
             ox.Quad(s, ox.NamedNode(NG + "bearer"), ox.Literal("not an IRI"), g)]  # fmt: skip
    graph = _graph_of(quads)
    data = serialize(graph, "jsonld")
    assert _quads(data) == {str(q) for q in graph.store}
    top = json.loads(data)["@graph"]
    assert top[0] == {"id": "ngr:graph/g", "label": "the graph",  # what the default graph says of g, with g
                      "@graph": [{"id": "ngr:x", "ng:bearer": "not an IRI", "ng:value": 7, "value": "7.5"}]}
    assert top[1] == {"id": "ngr:x", "number": 7}


def test_json_ld_cannot_carry_a_triple_term():
    from normgraph.errors import NormgraphError

    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    try:
        graph = _graph_of([ox.Quad(s, p, ox.Triple(s, p, ox.Literal("x")))])
    except (TypeError, ValueError):  # pragma: no cover - a pyoxigraph without RDF 1.2
        pytest.skip("this pyoxigraph has no triple terms")
    with pytest.raises(NormgraphError, match="JSON-LD"):
        serialize(graph, "jsonld")


# --- hypothesis: literals, IRIs, blank nodes, graphs ---------------------------------------------

_TERM_IRIS = [NG + "number", NG + "quote", NG + "bearer", NG + "value", NG + "appliesToRole", NG + "negated",
              NG + "action", "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
              "http://example.org/p", NG + "Norm", "https://w3id.org/normgraph/id/concept/x", NGR]  # fmt: skip
_NODE_IRIS = [NGR + "actor/states", NG + "TransitCountry", NG + "Obligation", NG + "bearer", "http://example.org/x",
              "urn:x-test:1", NGR + "concept/trafficking", "http://purl.org/dc/terms/", NG]  # fmt: skip
_DATATYPES = [XSD + t for t in ("integer", "decimal", "boolean", "date", "gYear", "double", "string", "token")] + [
    "http://example.org/dt", "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"]
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_lexical = st.one_of(_text, st.sampled_from(["0", "-0", "+5", "007", "42", "-42", "true", "false", "1", "1e3",
                                             str(2**53 - 1), str(2**53), str(-(2**60)), "2003-07", "", "\"q\""]))


@st.composite
def _objects(draw):
    kind = draw(st.sampled_from(["iri", "bnode", "plain", "lang", "typed"]))
    if kind == "iri":
        return ox.NamedNode(draw(st.sampled_from(_NODE_IRIS)))
    if kind == "bnode":
        return ox.BlankNode(draw(st.sampled_from(["b1", "b2"])))
    if kind == "plain":
        return ox.Literal(draw(_text))
    if kind == "lang":
        return ox.Literal(draw(_text), language=draw(st.sampled_from(["en", "en-GB", "fr", "zh-Hant-TW", "x-y"])))
    return ox.Literal(draw(_lexical), datatype=ox.NamedNode(draw(st.sampled_from(_DATATYPES))))


_graph_names = st.sampled_from([ox.DefaultGraph(), ox.NamedNode(NGR + "graph/a"), ox.NamedNode(NGR + "actor/states"),
                                ox.BlankNode("g1")])  # fmt: skip
_quad = st.builds(ox.Quad, st.one_of(st.sampled_from([ox.NamedNode(i) for i in _NODE_IRIS]),
                                     st.just(ox.BlankNode("b1"))),
                  st.sampled_from([ox.NamedNode(i) for i in _TERM_IRIS]), _objects(), _graph_names)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_quad, max_size=14))
def test_generated_graphs_round_trip_and_match_pyld(quads):
    graph = _graph_of(quads)
    data = serialize(graph, "jsonld")
    assert _quads(data) == {str(q) for q in graph.store}
    assert json.loads(data)["@graph"] == _pyld_compaction(graph)["@graph"]
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="json-ld")
    assert _same_dataset(_rdflib_graphs(dataset), _dataset(serialize(graph, "nquads")))
    assert serialize(load_graph_bytes(data), "jsonld") == data


def load_graph_bytes(data: bytes) -> KnowledgeGraph:
    store = ox.Store()
    store.bulk_extend(ox.parse(data, format=ox.RdfFormat.JSON_LD))
    return KnowledgeGraph(store)


@settings(max_examples=80, deadline=None)
@given(_text, st.sampled_from(["en", "de-CH", "ar"]), _lexical, st.sampled_from(_DATATYPES))
def test_literals_survive_with_language_and_datatype(text, language, lexical, datatype):
    s = ox.NamedNode(NGR + "doc/x/p1")
    quads = [ox.Quad(s, ox.NamedNode(NG + "quote"), ox.Literal(text), ox.NamedNode(NGR + "graph/x")),
             ox.Quad(s, ox.NamedNode(NG + "bearerInference"), ox.Literal(text, language=language)),
             ox.Quad(s, ox.NamedNode(NG + "value"), ox.Literal(lexical, datatype=ox.NamedNode(datatype)))]  # fmt: skip
    graph = _graph_of(quads)
    stored = {str(q) for q in graph.store}  # as the store keeps them ("0"^^xsd:boolean is "false")
    data = serialize(graph, "jsonld")
    assert _quads(data) == stored
    back = jsonld.to_rdf(json.loads(data), {**_jsonld.loader_options(), "format": "application/n-quads"})
    # PyLD (3.x, unlike the JSON-LD 1.1 spec) rewrites a string "0" typed xsd:double as "0.0E0"
    assert {_doubles_as_values(q) for q in ox.parse(back.encode(), format=ox.RdfFormat.N_QUADS)} == {
        _doubles_as_values(q) for q in graph.store}


def _doubles_as_values(quad: ox.Quad) -> str | tuple[str, str]:
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == XSD + "double":
        try:
            return str(quad.subject), repr(float(o.value.replace("INF", "inf")))
        except ValueError:
            pass
    return str(quad)


# --- framing -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def framed(seed_graph) -> dict:
    return frame(seed_graph, "norm")


def _norm(framed: dict, path: str) -> dict:
    found = [n for n in framed["@graph"] if n["id"] == "ngr:doc/ipu-118-migrant-workers/" + path]
    assert len(found) == 1
    return found[0]


def test_one_object_per_norm(seed_graph, framed):
    norms = {r[0].value for r in seed_graph.query(f"SELECT ?n WHERE {{ ?n a <{NG}Norm> }}")}
    assert len(norms) == 49
    assert {n["id"].replace("ngr:", NGR) for n in framed["@graph"]} == norms
    assert framed["@context"] == _jsonld.context()


def test_norm_with_its_paragraph_bearer_and_instrument(framed):
    norm = _norm(framed, "p53/afford-crc-protection")
    assert norm["type"] == ["Norm", "Obligation"]
    assert norm["quote"] == "afford the special protection of the Convention on the Rights of the Child"
    [paragraph] = norm["assertedIn"]
    assert paragraph["id"] == "ngr:doc/ipu-118-migrant-workers/p53" and paragraph["number"] == 53
    assert paragraph["text"].startswith("It is clearly of vital importance that strategies are developed")
    assert norm["quote"] in paragraph["text"]
    assert paragraph["partOf"] == "ngr:doc/ipu-118-migrant-workers"
    [bearer] = norm["bearer"]
    assert bearer["id"] == "ngr:actor/authorities" and bearer["label"] == {"@language": "en", "@value": "the authorities"}
    assert bearer["subgroupOf"] == ["ngr:actor/states"]  # a reference, not nested
    [instrument] = norm["instrument"]
    assert instrument["id"] == "ngr:instrument/crc" and "Convention" in instrument["type"]
    assert instrument["entryIntoForce"] == {"@type": "xsd:date", "@value": "1990-09-02"}


def test_a_norm_of_paragraph_38(framed):
    norm = _norm(framed, "p38/investigate-prosecute-punish")
    assert norm["quote"] == "to investigate, prosecute and punish traffickers"
    assert norm["action"] == ["investigate, prosecute and punish traffickers"]
    assert norm["appliesToRole"] == ["DestinationCountry", "SourceCountry", "TransitCountry"]
    assert [b["id"] for b in norm["bearer"]] == ["ngr:actor/all-states"]
    assert [b["id"] for b in norm["beneficiary"]] == ["ngr:actor/victims-of-trafficking"]
    assert norm["beneficiaryBasis"] == "Inferred" and norm["bearerBasis"] == "Stated"
    assert [p["number"] for p in norm["assertedIn"]] == [38]
    assert "instrument" not in norm  # the seed names none for it


def test_only_paragraphs_parties_and_instruments_are_nested(framed):
    nested = {"assertedIn", "bearer", "holder", "beneficiary", "instrument"}

    def objects_below(value):
        if isinstance(value, list):
            return [o for v in value for o in objects_below(v)]
        return [value] if isinstance(value, dict) and "id" in value else []

    for norm in framed["@graph"]:
        for key, value in norm.items():
            for inner in objects_below(value):
                assert key in nested, (norm["id"], key)
                for k2, v2 in inner.items():
                    assert not objects_below(v2), (norm["id"], key, k2)


def test_framed_output_says_only_what_the_graph_says(seed_graph):
    data = serialize(seed_graph, "jsonld", frame="norm")
    framed_triples = {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    union = {(q.subject, q.predicate, q.object) for q in seed_graph.store}
    assert framed_triples <= union
    norms = {t[0] for t in union if t[1].value.endswith("#type") and t[2].value == NG + "Norm"}
    assert {t for t in union if t[0] in norms} <= framed_triples  # every statement about a norm is there
    assert serialize(seed_graph, "jsonld", frame="norm") == data


# --- the command line ----------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=300)


def test_cli_export_compact_expanded_context_and_frame(tmp_path, seed_graph):
    corpus = ["--corpus", str(DATA / "mini-corpus")]
    compact = run("export", *corpus, "-f", "jsonld")
    assert compact.returncode == 0, compact.stderr
    assert isinstance(json.loads(compact.stdout)["@context"], dict)
    expanded = run("export", *corpus, "-o", str(tmp_path / "e.jsonld"), "--jsonld", "expanded")
    assert expanded.returncode == 0 and isinstance(json.loads((tmp_path / "e.jsonld").read_text()), list)
    url = "http://127.0.0.1:7878/context.jsonld"
    referenced = run("export", *corpus, "-f", "jsonld", "--jsonld-context", url)
    assert json.loads(referenced.stdout)["@context"] == url
    framed = run("export", "--frame", "norm")  # implies JSON-LD
    assert framed.returncode == 0, framed.stderr
    assert len(json.loads(framed.stdout)["@graph"]) == 49
    converted = run("convert", str(tmp_path / "e.jsonld"), str(tmp_path / "c.jsonld"))
    assert converted.returncode == 0, converted.stderr
    assert (tmp_path / "c.jsonld").read_text() == compact.stdout


@pytest.mark.parametrize("args, message", [
    (["export", "-f", "turtle", "--frame", "norm"], "apply to JSON-LD only"),
    (["export", "-f", "jsonld", "--jsonld", "expanded", "--frame", "norm"], "no context and no frame"),
    (["export", "-f", "jsonld", "--frame", "nosuch"], "no frame 'nosuch'"),
    (["export", "-f", "jsonld", "--jsonld-context", "not a url"], "not a URL"),
    (["export", "-f", "jsonld", "--jsonld", "flat"], "Invalid value"),
])  # fmt: skip
def test_cli_refuses_in_one_line(args, message):
    result = run(*args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_cli_broken_frame_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{\n  "@type": "Norm",\n  oops\n}\n')
    result = run("export", "--frame", str(bad))
    assert result.returncode == 1
    assert f"{bad}:3:3: not JSON" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_frame_with_a_remote_context_is_refused_offline(seed_graph, tmp_path):
    from normgraph.errors import NormgraphError

    spec = {"@context": "http://example.org/context.jsonld", "@type": "http://example.org/T"}
    with pytest.raises(NormgraphError, match="will not fetch http://example.org/context.jsonld"):
        frame(seed_graph, spec)


def test_frame_file_and_packaged_data(tmp_path, seed_graph):
    from importlib.resources import files

    frames = files("normgraph.ontology").joinpath("frames")
    assert "norm.jsonld" in [p.name for p in frames.iterdir()]
    own = tmp_path / "instruments.jsonld"
    own.write_text(json.dumps({"@context": _jsonld.CONTEXT_URL, "@type": "Convention"}))
    out = frame(seed_graph, str(own))
    assert {n["id"] for n in out["@graph"]} >= {"ngr:instrument/crc", "ngr:instrument/icrmw"}
    assert Path(str(files("normgraph.ontology").joinpath("context.jsonld"))).is_file()


def test_public_api(seed_graph, tmp_path):
    import normgraph

    assert normgraph.frame is frame and "frame" in normgraph.__all__
    path = normgraph.export(seed_graph, "jsonld", tmp_path / "n.jsonld", frame="norm")
    assert json.loads(path.read_bytes()) == json.loads(json.dumps(frame(seed_graph)))
    referenced = normgraph.export(seed_graph, "jsonld", tmp_path / "r.jsonld", context_url="context.jsonld")
    assert json.loads(referenced.read_bytes())["@context"] == "context.jsonld"
