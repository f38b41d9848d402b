"""The graph as a network: projection, views, aggregation, analytics and GraphML/GEXF export.

Expected counts come from SPARQL on the same graph, never from numbers written here, so the
tests hold while the seed annotations grow.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest

from conftest import DATA
from normgraph import NormgraphError, build_graph
from normgraph.graph import network as N

PREFIXES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
NGR = "https://w3id.org/normgraph/id/"
MINI = NGR + "doc/mini-doc/"


def count(graph, where: str, variables: str = "*") -> int:
    """How many distinct solutions (of ``variables``) ``where`` has."""
    rows = list(graph.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {variables} WHERE {{ {where} }} }}"))
    return int(rows[0]["n"].value)


@pytest.fixture(scope="module")
def seed(seed_graph):
    return N.project(seed_graph)


@pytest.fixture(scope="module")
def mini_graph():
    return build_graph(DATA / "mini-corpus")


@pytest.fixture(scope="module")
def mini(mini_graph):
    return N.project(mini_graph)


# -- projection --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Instrument", "Norm", "Actor", "StateRole", "Paragraph", "Document", "Claim"])
def test_every_resource_of_a_kind_is_a_node(seed, seed_graph, kind):
    kinds = Counter(k for _, k in seed.nodes(data="kind"))
    assert kinds[kind] == count(seed_graph, f"?x a ng:{kind} FILTER(isIRI(?x))")
    assert kinds[kind] > 0


def test_concepts_are_those_pointed_at_and_their_broader_concepts(seed, seed_graph):
    concepts = {row["a"].value for row in seed_graph.query(PREFIXES + """
        SELECT DISTINCT ?a WHERE {
          ?x (ng:topic|ng:mentions|ng:about) ?c . ?c skos:broader* ?a . ?a a skos:Concept
          FILTER NOT EXISTS { ?a a ng:StateRole } FILTER NOT EXISTS { ?x a skos:Concept } }""")}
    assert concepts
    assert {n for n, k in seed.nodes(data="kind") if k == "Concept"} == concepts


@pytest.mark.parametrize("relation", ["bearer", "holder", "beneficiary", "appliesToRole", "instrument",
                                      "assertedIn", "partOf", "mentions", "topic", "about", "source"])  # fmt: skip
def test_edges_are_named_by_their_relation(seed, seed_graph, relation):
    relations = Counter(key for _, _, key in seed.edges(keys=True))
    assert relations[relation] == count(seed_graph, f"?s ng:{relation} ?o FILTER(isIRI(?o))", "?s ?o")
    for u, v, key, data in seed.edges(keys=True, data=True):
        assert key == data["relation"]


def test_a_norm_carries_what_the_view_shows(mini):
    norm = mini.nodes[MINI + "p1/protect-victims"]
    assert norm["kind"] == "Norm" and norm["subtype"] == "Obligation"
    assert norm["quote"] == 'States must protect victims of trafficking "at all times" \\ without exception'
    assert norm["action"] == "protect victims of trafficking"
    assert norm["negated"] is False
    out = {(key, v) for _, v, key in mini.out_edges(MINI + "p1/protect-victims", keys=True)}
    assert ("bearer", NGR + "actor/states") in out
    assert ("assertedIn", MINI + "p1") in out
    assert ("instrument", NGR + "instrument/test-convention") in out
    paragraph = mini.nodes[MINI + "p1"]
    assert paragraph["kind"] == "Paragraph" and paragraph["number"] == 1
    assert paragraph["text"].startswith("States must protect victims")
    instrument = mini.nodes[NGR + "instrument/test-convention"]
    assert instrument["subtype"] == "Convention" and instrument["label"] == "Test Convention <b>bold</b>"
    assert sorted(instrument["alt_labels"]) == ["Convention 'quoted'", "the Convention"]
    claim = mini.nodes[MINI + "p3/figure-1"]
    assert claim["value"] == 98 and claim["unit"] == "per cent"


def test_state_roles_are_roles_not_concepts(seed):
    roles = {n for n, k in seed.nodes(data="kind") if k == "StateRole"}
    assert {r.rsplit("#", 1)[1] for r in roles} == {"SourceCountry", "TransitCountry", "DestinationCountry"}


def test_projection_is_deterministic(seed_graph):
    a, b = N.project(seed_graph), N.project(seed_graph)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


# -- views -------------------------------------------------------------------------------------


def test_select_by_kind_keeps_only_those_kinds(seed):
    view = N.select(seed, ["Norm", "actor"])  # any case
    assert {k for _, k in view.nodes(data="kind")} == {"Norm", "Actor"}
    assert view.number_of_nodes() == sum(1 for _, k in seed.nodes(data="kind") if k in ("Norm", "Actor"))
    kind = dict(seed.nodes(data="kind"))
    between = {(u, v, k) for u, v, k in seed.edges(keys=True) if {kind[u], kind[v]} <= {"Norm", "Actor"}}
    assert set(view.edges(keys=True)) == between  # every edge between the kept nodes, no other
    assert {key for _, _, key in between} == {"bearer", "holder", "beneficiary", "subgroupOf"}


def test_select_by_relation_keeps_those_edges_and_their_ends(seed):
    view = N.select(seed, relations=["bearer,holder"])
    assert {key for _, _, key in view.edges(keys=True)} == {"bearer", "holder"}
    ends = {n for u, v in view.edges() for n in (u, v)}
    assert set(view.nodes) == ends


@pytest.mark.parametrize(("kinds", "relations", "message"), [
    (["Norms"], None, "unknown node type 'Norms'; choose from Instrument, Norm"),
    (None, ["bearers"], "unknown relation 'bearers'; choose from bearer"),
])  # fmt: skip
def test_unknown_names_are_refused(seed, kinds, relations, message):
    with pytest.raises(NormgraphError, match=re.escape(message)):
        N.select(seed, kinds, relations)


@pytest.mark.parametrize("ref", [
    "https://w3id.org/normgraph/id/instrument/test-convention", "ngr:instrument/test-convention",
    "instrument/test-convention", "test-convention", "Test Convention <b>bold</b>", "the convention",
])  # fmt: skip
def test_a_node_can_be_named_many_ways(mini, ref):
    assert N.resolve(mini, ref) == NGR + "instrument/test-convention"


def test_paragraphs_and_roles_by_number_and_name(mini):
    assert N.resolve(mini, "p2") == MINI + "p2"
    assert N.resolve(mini, "¶2") == MINI + "p2"
    assert N.resolve(mini, "mini-doc/p2") == MINI + "p2"
    assert N.resolve(mini, "ng:TransitCountry") == "https://w3id.org/normgraph/ontology#TransitCountry"
    assert N.resolve(mini, "transit country") == "https://w3id.org/normgraph/ontology#TransitCountry"


def test_unknown_and_ambiguous_references_say_so(seed, mini):
    with pytest.raises(NormgraphError, match="no node 'nothing-like-this'"):
        N.resolve(mini, "nothing-like-this")
    with pytest.raises(NormgraphError, match=r"matches \d+ nodes"):
        N.resolve(mini, "recommendation-1")  # in paragraphs 1 and 2


def test_ego_view_grows_with_depth(mini):
    centre = NGR + "actor/states"
    zero = N.ego(mini, "states", 0)
    one = N.ego(mini, "states", 1)
    two = N.ego(mini, "states", 2)
    assert set(zero.nodes) == {centre}
    assert set(one.nodes) == {centre, *mini.predecessors(centre), *mini.successors(centre)}
    assert set(one.nodes) < set(two.nodes)
    # depth 2 from the actor reaches the paragraph through the norm it bears
    assert MINI + "p1" in two and MINI + "p1/protect-victims" in one
    assert two.graph["centre"] == centre
    with pytest.raises(NormgraphError, match="depth"):
        N.ego(mini, "states", -1)


def test_ego_around_an_instrument_and_a_paragraph(seed, seed_graph):
    rows = list(seed_graph.query(PREFIXES + """SELECT ?i (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ng:Norm ; ng:instrument ?i }
                                                GROUP BY ?i ORDER BY DESC(?k) ?i LIMIT 1"""))  # fmt: skip
    instrument, norms = rows[0]["i"].value, int(rows[0]["k"].value)
    around = N.ego(seed, instrument.rsplit("/", 2)[-2] + "/" + instrument.rsplit("/", 1)[-1], 1)
    assert sum(1 for n, k in around.nodes(data="kind") if k == "Norm" and around.has_edge(n, instrument)) == norms
    para = N.ego(seed, "ipu-118-migrant-workers/p38", 1)
    asserted = count(seed_graph, "?s ng:assertedIn <https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/p38>")
    assert sum(1 for _, k in para.nodes(data="kind") if k in ("Norm", "Claim")) == asserted


# -- aggregation -------------------------------------------------------------------------------


def test_collapsing_paragraphs_moves_their_edges_to_the_document(mini):
    collapsed = N.collapse_paragraphs(mini)
    assert not any(k == "Paragraph" for _, k in collapsed.nodes(data="kind"))
    doc = NGR + "doc/mini-doc"
    assert collapsed.nodes[doc]["paragraphs"] == 3
    asserted = [u for u, v, key in collapsed.edges(keys=True) if v == doc and key == "assertedIn"]
    assert len(asserted) == sum(1 for _, k in mini.nodes(data="kind") if k in ("Norm", "Claim"))
    mentions = {v: d["count"] for u, v, key, d in collapsed.edges(keys=True, data=True) if u == doc and key == "mentions"}
    assert mentions[NGR + "actor/states"] == 1
    assert not any(key == "partOf" for _, _, key in collapsed.edges(keys=True))


def test_aggregation_only_above_the_limit_and_says_what_it_did():
    net = N.project(N.synthetic_graph(150, seed=3))
    same = N.aggregate(net, net.number_of_nodes())
    assert same.graph is net and not same.aggregated
    limit = net.number_of_nodes() // 3
    agg = N.aggregate(net, limit)
    assert agg.aggregated and agg.graph.number_of_nodes() == limit
    assert agg.total_nodes == net.number_of_nodes() and agg.total_edges == net.number_of_edges()
    assert "paragraphs are collapsed into their documents" in agg.steps[0]
    assert f"only the {limit:,} most connected" in agg.steps[1]
    kept = agg.graph.number_of_nodes()
    degrees = dict(N.collapse_paragraphs(net).degree())
    smallest_kept = min(degrees[n] for n in agg.graph)
    assert all(degrees[n] <= smallest_kept for n in degrees if n not in agg.graph)
    assert kept == limit
    # collapsing alone may be enough
    paragraphs = sum(1 for _, k in net.nodes(data="kind") if k == "Paragraph")
    just = N.aggregate(net, net.number_of_nodes() - paragraphs + 5)
    assert len(just.steps) == 1 and not any(k == "Paragraph" for _, k in just.graph.nodes(data="kind"))


def test_aggregation_also_bounds_edges():
    net = N.project(N.synthetic_graph(150, seed=3))
    budget = net.number_of_edges() // 4
    agg = N.aggregate(net, net.number_of_nodes(), max_edges=budget)
    assert agg.aggregated and agg.graph.number_of_edges() <= budget
    shown = agg.graph.number_of_nodes()
    assert f"only the {shown:,} most connected" in agg.steps[-1]
    assert N.aggregate(net, net.number_of_nodes(), max_edges=net.number_of_edges()).graph is net


def test_synthetic_graphs_are_deterministic_and_shaped_like_the_seed():
    a, b = N.project(N.synthetic_graph(70, seed=5)), N.project(N.synthetic_graph(70, seed=5))
    assert list(a.edges(keys=True)) == list(b.edges(keys=True))
    kinds = Counter(k for _, k in a.nodes(data="kind"))
    assert kinds["Paragraph"] == 70 and kinds["Document"] == 1
    assert 2 < a.number_of_edges() / a.number_of_nodes() < 6


# -- analytics ---------------------------------------------------------------------------------


def test_analysis_matches_networkx_and_sparql(seed, seed_graph):
    report = N.analyse(seed, top=5)
    simple = nx.Graph(seed.to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    assert report.nodes == seed.number_of_nodes() and report.edges == seed.number_of_edges()
    assert len(report.components) == nx.number_connected_components(simple)
    assert sum(c.size for c in report.components) == seed.number_of_nodes()
    between = nx.betweenness_centrality(simple)
    degree = nx.degree_centrality(simple)
    for row in (*report.instruments, *report.actors):
        assert row.degree == simple.degree(row.iri)
        assert row.degree_centrality == pytest.approx(degree[row.iri])
        assert row.betweenness == pytest.approx(between[row.iri])
    actors = [n for n, k in seed.nodes(data="kind") if k == "Actor"]
    assert report.actors[0].degree == max(simple.degree(a) for a in actors)
    assert len(report.instruments) == 5 and {r.kind for r in report.instruments} == {"Instrument"}
    # the actor bearing most norms, and how many: SPARQL says the same
    rows = list(seed_graph.query(PREFIXES + """SELECT ?a (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ng:Norm ; ng:bearer ?a }
                                                GROUP BY ?a ORDER BY DESC(?k) ?a LIMIT 1"""))  # fmt: skip
    assert (report.bearers[0].iri, report.bearers[0].norms) == (rows[0]["a"].value, int(rows[0]["k"].value))
    rows = list(seed_graph.query(PREFIXES + """SELECT ?p (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ng:Norm ; ng:assertedIn ?p }
                                                GROUP BY ?p ORDER BY DESC(?k) ?p LIMIT 1"""))  # fmt: skip
    assert (report.paragraphs[0].iri, report.paragraphs[0].norms) == (rows[0]["p"].value, int(rows[0]["k"].value))
    # … and what the annotation file says, read as plain YAML (no builder, no graph): the paragraph
    # with the most norms, and how many
    import yaml

    from normgraph.builders.corpus import bundled_corpus

    raw = yaml.safe_load((bundled_corpus() / "ipu-118-migrant-workers" / "annotations.yaml").read_text(encoding="utf-8"))
    per_paragraph = {int(k): len(v.get("norms") or []) for k, v in raw["paragraphs"].items()}
    most = max(per_paragraph.values())
    assert report.paragraphs[0].norms == most
    assert report.paragraphs[0].iri.rsplit("/p", 1)[1] in {str(k) for k, v in per_paragraph.items() if v == most}
    text = report.text()
    for heading in ("Connected components:", "Instruments by degree centrality", "Actors by degree centrality",
                    "Actors bearing the most norms", "Paragraphs asserting the most norms"):  # fmt: skip
        assert heading in text
    assert report.as_dict()["instruments"][0]["iri"] == report.instruments[0].iri


def test_components_of_a_split_graph(mini):
    # roles nobody plays or names form components of their own
    report = N.analyse(mini)
    isolated = [n for n in mini if mini.degree(n) == 0]
    assert sum(1 for c in report.components if c.size == 1) == len(isolated) > 0


def test_betweenness_is_sampled_on_big_graphs(monkeypatch):
    net = N.project(N.synthetic_graph(40, seed=2))
    monkeypatch.setattr(N, "EXACT_BETWEENNESS_LIMIT", 50)
    values, sample = N.betweenness(N.undirected(net))
    assert sample == min(N.BETWEENNESS_SAMPLE, net.number_of_nodes())
    again, _ = N.betweenness(N.undirected(net))
    assert values == again  # seeded


# -- GraphML and GEXF --------------------------------------------------------------------------


def read_back(data: bytes, fmt: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))


@pytest.mark.parametrize("fmt", N.NETWORK_FORMATS)
def test_exports_parse_back_with_the_same_counts(seed, fmt, tmp_path):
    path = N.write_network(seed, fmt, tmp_path / f"seed.{fmt}")
    back = read_back(path.read_bytes(), fmt)
    assert back.number_of_nodes() == seed.number_of_nodes()
    assert back.number_of_edges() == seed.number_of_edges()
    assert back.is_directed()
    iris = {d["iri"] for _, d in back.nodes(data=True)}
    assert iris == set(seed.nodes)
    relations = Counter(d["relation"] for _, _, d in back.edges(data=True))
    assert relations == Counter(key for _, _, key in seed.edges(keys=True))
    for _, data in back.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())


@pytest.mark.parametrize("fmt", N.NETWORK_FORMATS)
def test_exports_keep_hostile_text_and_drop_what_xml_cannot_hold(fmt):
    net = N.project(build_graph(DATA / "hostile-corpus"))
    first = sorted(net.nodes)[0]
    net.nodes[first]["label"] = "form\x0cfeed </script> & \"quotes\" \x00"
    net.nodes[first]["alt_labels"] = ["a", "b"]
    back = read_back(N.network_bytes(net, fmt), fmt)
    assert (back.number_of_nodes(), back.number_of_edges()) == (net.number_of_nodes(), net.number_of_edges())
    labels = {d["iri"]: d["label"] for _, d in back.nodes(data=True)}
    assert labels[first] == 'form feed </script> & "quotes"  '
    assert "<img src=x onerror=\"window.__xss='instrument'\"> Convention" in labels.values()
    alts = {d["iri"]: d.get("alt_labels") for _, d in back.nodes(data=True)}
    assert alts[first] == "a; b"


def test_graphml_is_plain_graphml_for_gephi_and_yed(seed):
    data = N.network_bytes(seed, "graphml")
    root = ET.fromstring(data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    node_ids = [n.get("id") for n in root.iterfind(".//g:node", ns)]
    edge_ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in node_ids)  # XML name tokens, not IRIs
    assert len(set(edge_ids)) == len(edge_ids) == seed.number_of_edges()
    keys = {k.get("attr.name"): k.get("attr.type") for k in root.iterfind("g:key", ns)}
    assert keys["label"] == "string" and keys["number"] in ("int", "long") and keys["negated"] == "boolean"
    assert N.network_bytes(seed, "graphml") == data  # deterministic


def test_gexf_declares_typed_attributes(seed):
    root = ET.fromstring(N.network_bytes(seed, "gexf"))
    ns = {"x": "http://www.gexf.net/1.2draft"}
    titles = {a.get("title"): a.get("type") for a in root.iterfind(".//x:attributes[@class='node']/x:attribute", ns)}
    assert titles["kind"] == "string" and titles["negated"] == "boolean"
    labels = [n.get("label") for n in root.iterfind(".//x:node", ns)]
    assert all(labels) and len(labels) == seed.number_of_nodes()


def test_unknown_export_format(seed):
    with pytest.raises(NormgraphError, match="unknown network format 'dot'"):
        N.network_bytes(seed, "dot")


# -- command line ------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=300)


def test_stats_network_reports_centrality_components_and_carriers():
    result = run("stats", "--network", "--corpus", str(DATA / "mini-corpus"))
    assert result.returncode == 0, result.stderr
    assert "Resources by class:" in result.stdout  # the plain stats are still there
    for fragment in ("Network:", "Connected components:", "Instruments by degree centrality",
                     "Test Convention <b>bold</b>", "Actors bearing the most norms", "mini-doc ¶1"):  # fmt: skip
        assert fragment in result.stdout


@pytest.mark.parametrize("fmt", N.NETWORK_FORMATS)
def test_network_command_writes_graphml_and_gexf(tmp_path, fmt, mini):
    target = tmp_path / f"mini.{fmt}"
    result = run("network", "--corpus", str(DATA / "mini-corpus"), "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr
    back = read_back(target.read_bytes(), fmt)
    assert (back.number_of_nodes(), back.number_of_edges()) == (mini.number_of_nodes(), mini.number_of_edges())
    to_stdout = run("network", "--corpus", str(DATA / "mini-corpus"), "--format", fmt)
    assert to_stdout.returncode == 0
    assert read_back(to_stdout.stdout.encode("utf-8"), fmt).number_of_nodes() == mini.number_of_nodes()


def test_network_command_views_and_report(mini):
    result = run("network", "--corpus", str(DATA / "mini-corpus"), "--ego", "states", "--depth", "1", "--top", "3")
    assert result.returncode == 0, result.stderr
    expected = N.ego(mini, "states", 1)
    assert f"Network: {expected.number_of_nodes()} nodes, {expected.number_of_edges()} edges" in result.stdout
    result = run("network", "--corpus", str(DATA / "mini-corpus"), "--type", "Actor,Norm", "--json")
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert set(report["kinds"]) == {"Actor", "Norm"}


@pytest.mark.parametrize(("args", "fragment"), [
    (("--ego", "nobody-at-all"), "no node 'nobody-at-all'"),
    (("--type", "Widget"), "unknown node type 'Widget'"),
    (("--relation", "likes"), "unknown relation 'likes'"),
])  # fmt: skip
def test_network_command_errors_are_one_line(args, fragment):
    result = run("network", "--corpus", str(DATA / "mini-corpus"), *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


# -- the view's overview ---------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _leaves(plan: N.Overview, node: str) -> set[str]:
    if node not in plan.groups:
        return {node}
    return {x for m in plan.groups[node].members for x in _leaves(plan, m)}


def _check_overview(net: nx.MultiDiGraph, plan: N.Overview, budget: int) -> None:
    kinds = dict(net.nodes(data="kind"))
    shown = set().union(*(_leaves(plan, r) for r in plan.roots)) if plan.roots else set()
    norms = {n for n, k in kinds.items() if k == "Norm"}
    assert norms <= shown  # no norm is ever left out of the picture
    for gid, group in plan.groups.items():
        assert len(group.members) > 1  # a group of one is its member
        assert group.count == len(_leaves(plan, gid))
        assert all(plan.parent[m] == gid for m in group.members)
        assert {kinds[x] for x in _leaves(plan, gid)} == {group.kind}
        if group.kind == "Norm":
            assert re.search(r"\b" + f"{group.count:,}" + r"\b", group.label)  # the label says how many
    # every group opened, or none; opened, the picture fits the budget
    closed = [r for r in plan.roots if r in plan.groups]
    if plan.opened:
        assert set(closed) <= set(plan.opened) and len(shown) <= budget
    assert len(plan.roots) == len(set(plan.roots))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.integers(min_value=1, max_value=400), seed=st.integers(min_value=0, max_value=10_000),
       budget=st.integers(min_value=10, max_value=200))  # fmt: skip
def test_the_overview_keeps_every_norm_and_counts_its_groups(paragraphs, seed, budget):
    net = N.project(N.synthetic_graph(paragraphs, seed=seed))
    _check_overview(net, N.overview(net, budget), budget)


def test_the_seed_overview_opens_to_single_norms_and_a_large_one_stays_grouped(seed_graph):
    net = N.project(seed_graph)
    plan = N.overview(net)
    _check_overview(net, plan, N.OVERVIEW_BUDGET)
    assert plan.opened  # 49 norms fit: all drawn one by one
    big = N.project(N.synthetic_graph(1500, seed=2))
    plan = N.overview(big)
    _check_overview(big, plan, N.OVERVIEW_BUDGET)
    assert not plan.opened and len(plan.roots) <= N.OVERVIEW_BUDGET
    tops = [plan.groups[r] for r in plan.roots if r in plan.groups and plan.groups[r].kind == "Norm"]
    assert any(re.fullmatch(r"Instrument \d+ — [\d,]+ (obligations|recommendations|rights) in [\d,]+ documents", g.label) for g in tops)
    # a small graph is drawn whole
    small = N.ego(net, "instrument/crc", 2)
    assert set(N.overview(small).roots) == set(small)
