"""The view's page as HTML: self-contained, escaped, deterministic, faithful to the graph.

What it does in a browser is in test_view_page.py and test_view_xss.py (real Chromium).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA
from normgraph import NormgraphError, build_graph, render_html
from normgraph.graph import network as N
from normgraph.graph.view import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, render_view, script_json, write_html

PREFIXES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
HOSTILE = [
    "<img src=x onerror=\"window.__xss='img'\">",
    "</script><script>window.__xss='script'</script>",
    "\"'><svg onload=\"window.__xss='svg'\">",
    "<a href=\"javascript:window.__xss='link'\">",
    "<!--<script>",
]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "script":
            self._script = None


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def data_of(page: str) -> dict:
    """The page's data as the page reads it: edges as objects, groups apart from the graph's nodes."""
    scripts = [text for attrs, text in parse(page).scripts if attrs.get("type") == "application/json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    names = data["relationNames"]
    data["edges"] = [{"from": e[0], "to": e[1], "relation": names[e[2]], **({"inferred": True} if len(e) > 3 else {})}
                     for e in data["edges"]]  # fmt: skip
    data["groups"] = [n for n in data["nodes"] if "group" in n]
    data["nodes"] = [n for n in data["nodes"] if "group" not in n]
    return data


@pytest.fixture(scope="module")
def seed_page(seed_graph) -> str:
    return render_html(seed_graph)


@pytest.fixture(scope="module")
def hostile_graph():
    return build_graph(DATA / "hostile-corpus")


def kind_counts(graph) -> Counter:  # type: ignore[no-untyped-def]
    """Nodes per kind, from SPARQL: what the page must hold."""
    counts: Counter = Counter()
    for kind in ("Instrument", "Norm", "Actor", "StateRole", "Paragraph", "Document", "Claim"):
        rows = graph.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ng:{kind} }}")
        counts[kind] = int(next(iter(rows))["n"].value)
    rows = graph.query(PREFIXES + """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?x (ng:topic|ng:mentions|ng:about) ?c . ?c skos:broader* ?a . ?a a skos:Concept
        FILTER NOT EXISTS { ?a a ng:StateRole } FILTER NOT EXISTS { ?x a skos:Concept } }""")
    counts["Concept"] = int(next(iter(rows))["n"].value)
    return +counts


# -- self-contained ----------------------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(seed_page):
    tags = parse(seed_page)
    for tag, attrs in tags.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
        for name in ("src", "href", "srcset", "data", "action", "poster"):
            assert name not in attrs, (tag, attrs)
    # vis-network and its CSS are inlined; their only URLs are data: images
    assert "vis-network" not in "".join(str(a) for _, a in tags.tags)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", seed_page)
    assert urls and all(u.startswith("data:") for u in urls)
    assert not re.search(r"\b(src|href)\s*=\s*['\"]?(https?:)?//", seed_page)
    assert len(seed_page) > 400_000  # vis-network is in there


def test_rendering_writes_no_lib_folder(tmp_path, seed_graph):
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        write_html(seed_graph, tmp_path / "out" / "view.html")
    finally:
        os.chdir(here)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["view.html"]


def test_csp_allows_exactly_the_page_scripts(seed_page):
    tags = parse(seed_page)
    meta = [a for t, a in tags.tags if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(meta) == 1
    policy = dict(part.strip().split(" ", 1) for part in meta[0]["content"].split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'none'"
    inline = [text for attrs, text in tags.scripts if not attrs]
    assert len(inline) == 2  # vis-network and the page's own
    allowed = set(policy["script-src"].split())
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in inline}
    assert allowed == expected
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_page_without_csp_on_request(seed_graph):
    page = render_html(seed_graph, csp=False)
    assert "Content-Security-Policy" not in page
    # … and it is the whole page all the same: every paragraph of the seed's seventy, and the CSP
    # is there when not turned off
    assert Counter(n["kind"] for n in data_of(page)["nodes"])["Paragraph"] == 70
    assert "Content-Security-Policy" in render_html(seed_graph)


# -- faithful to the graph ---------------------------------------------------------------------


def test_page_data_holds_every_node_and_edge(seed_page, seed_graph):
    data = data_of(seed_page)
    assert Counter(n["kind"] for n in data["nodes"]) == kind_counts(seed_graph)
    net = N.project(seed_graph)
    assert len(data["edges"]) == net.number_of_edges()
    assert Counter(e["relation"] for e in data["edges"]) == Counter(k for _, _, k in net.edges(keys=True))
    assert {k["name"]: k["count"] for k in data["kinds"]} == dict(kind_counts(seed_graph))
    assert data["total"] == {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()}
    assert data["leftOut"] == 0
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_a_norm_shows_type_bearer_action_quote_and_paragraph(seed_page, seed_graph):
    row = next(iter(seed_graph.query(PREFIXES + """
        SELECT ?n ?quote ?action ?number ?bearer WHERE {
          ?n a ng:Obligation ; ng:quote ?quote ; ng:action ?action ; ng:assertedIn/ng:number ?number ;
             ng:bearer/<http://www.w3.org/2000/01/rdf-schema#label> ?bearer }
        ORDER BY ?n LIMIT 1""")))
    node = next(n for n in data_of(seed_page)["nodes"] if n["iri"] == row["n"].value)
    details = dict(node["details"])
    assert details["Type"] == "Obligation"
    assert row["bearer"].value in details["Bearer"]
    assert details["Action"] == row["action"].value
    assert details["Quote"] == row["quote"].value
    assert details["Paragraph"].startswith(f"¶{row['number'].value} of ")


def test_a_paragraph_shows_its_text(seed_page, seed_graph):
    row = next(iter(seed_graph.query(PREFIXES + "SELECT ?p ?t WHERE { ?p ng:number 38 ; ng:text ?t }")))
    node = next(n for n in data_of(seed_page)["nodes"] if n["iri"] == row["p"].value)
    assert dict(node["details"])["Text"] == row["t"].value
    assert "¶38" in node["terms"]


def test_sizes_are_degree_and_betweenness(seed_page, seed_graph):
    data = data_of(seed_page)
    simple = N.undirected(N.project(seed_graph))
    import networkx as nx

    between = nx.betweenness_centrality(simple)
    for node in data["nodes"][:50]:
        assert node["degree"] == simple.degree(node["iri"])
        assert node["betweenness"] == pytest.approx(between[node["iri"]], abs=1e-6)


def test_the_same_graph_gives_the_same_page(seed_graph, seed_page):
    assert render_html(seed_graph) == seed_page
    assert data_of(seed_page)["options"]["layout"]["randomSeed"] == 7


def test_physics_settles_and_aggregation_is_announced_in_the_options(seed_page):
    options = data_of(seed_page)["options"]
    assert options["physics"]["enabled"] is True
    assert 0 < options["physics"]["stabilization"]["iterations"] <= 1000


# -- escaping ----------------------------------------------------------------------------------


@given(st.text())
def test_script_json_is_inert_and_round_trips(text):
    encoded = script_json({"label": text, "list": [text]})
    assert not re.search("[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == {"label": text, "list": [text]}


def test_hostile_labels_never_reach_the_page_as_markup(hostile_graph):
    heading = "<img src=x onerror=\"window.__xss='heading'\"></script><script>window.__xss='h'</script>"
    page = render_html(hostile_graph, heading)
    for payload in [*HOSTILE, heading]:
        assert payload not in page
    tags = parse(page)
    assert [t for t, _ in tags.tags].count("script") == 3
    assert not [t for t, _ in tags.tags if t in ("img", "a", "iframe")]
    assert "&lt;img src=x onerror=" in page  # the heading, escaped
    data = data_of(page)
    names = {n["name"] for n in data["nodes"]}
    assert "States </script><script>window.__xss='actor'</script>" in names  # unchanged after JSON.parse
    assert "{{ 7*7 }}" in json.dumps(data) and "49" not in json.dumps([n["name"] for n in data["nodes"]])


def test_mini_corpus_quotes_and_backslashes_survive(tmp_path):
    page = render_html(build_graph(DATA / "mini-corpus"))
    data = data_of(page)
    quotes = [dict(n["details"]).get("Quote") for n in data["nodes"]]
    assert 'States must protect victims of trafficking "at all times" \\ without exception' in quotes
    assert "<script>alert(1)</script> should not be run" in quotes
    assert "<script>alert(1)</script>" not in page


# -- views and scale ---------------------------------------------------------------------------


def test_an_ego_page_centres_on_its_node(seed_graph):
    page = render_html(seed_graph, ego_node="instrument/crc", depth=1)
    data = data_of(page)
    centre = data["nodes"][data["centre"]]
    assert centre["iri"] == "https://w3id.org/normgraph/id/instrument/crc"
    expected = N.ego(N.project(seed_graph), "instrument/crc", 1)
    assert len(data["nodes"]) == expected.number_of_nodes()
    assert "Within 1 step of Convention on the Rights of the Child" in page


def test_type_and_relation_filters_reach_the_page(seed_graph):
    data = data_of(render_html(seed_graph, kinds=["Norm", "Actor"], relations=["bearer"]))
    assert {n["kind"] for n in data["nodes"]} == {"Norm", "Actor"}
    assert {e["relation"] for e in data["edges"]} == {"bearer"}
    data = data_of(render_html(seed_graph, hidden_kinds=["Claim"]))
    assert [k["name"] for k in data["kinds"] if k["hidden"]] == ["Claim"]


def test_the_overview_groups_norms_and_never_drops_one(seed_graph):
    data = data_of(render_html(seed_graph))
    by_id = {n["id"]: n for n in data["nodes"] + data["groups"]}
    drawn = set(data["roots"])
    for g in data["opened"]:  # the groups the page opens first, as it does
        drawn.discard(g)
        drawn.update(by_id[g]["group"])
    kinds = Counter(by_id[i]["kind"] for i in drawn if "group" not in by_id[i])
    assert set(kinds) <= {"Instrument", "StateRole", "Document", "Actor", "Norm"}  # paragraphs, claims, concepts: a click away
    assert kinds["Instrument"] == 13 and kinds["StateRole"] == 3
    assert len(drawn) <= 90

    def under(i: int) -> set[int]:
        n = by_id[i]
        return {x for m in n["group"] for x in under(m)} if "group" in n else {i}

    norms = {n["id"] for n in data["nodes"] if n["kind"] == "Norm"}
    shown = set().union(*(under(i) for i in drawn))
    assert norms <= shown  # every norm is drawn or inside a drawn group


def test_a_big_graph_is_grouped_with_counts_and_the_page_says_what_it_left_out():
    net = N.project(N.synthetic_graph(1200, seed=4))
    page = render_view(net, "big")
    data = data_of(page)
    claims = sum(1 for _, k in net.nodes(data="kind") if k == "Claim")
    assert claims and data["leftOut"] == claims and not any(n["kind"] == "Claim" for n in data["nodes"])
    assert f"{claims:,} claims are left out" in page
    norms = [n for n in data["nodes"] if n["kind"] == "Norm"]
    assert len(norms) == sum(1 for _, k in net.nodes(data="kind") if k == "Norm")
    tops = [g for g in data["groups"] if g["id"] in data["roots"] and g["kind"] == "Norm"]
    # instrument × type groups, their counts adding up to every norm
    assert sum(g["count"] for g in tops) + sum(1 for i in data["roots"] if i in {n["id"] for n in norms}) == len(norms)
    assert any(re.fullmatch(r"Instrument \d+ — [\d,]+ (obligations|recommendations|rights) in [\d,]+ documents", g["name"]) for g in tops)
    assert len(data["roots"]) <= 90


def test_default_limits_are_the_measured_ones():
    # benchmarks/view_layout.py measures them; docs/view.md records the figures
    assert 1000 <= DEFAULT_MAX_NODES <= 5000 and 3000 <= DEFAULT_MAX_EDGES <= 20000


def test_unknown_size_and_layout_are_refused(seed_graph):
    with pytest.raises(NormgraphError, match="unknown size 'area'"):
        render_html(seed_graph, size_by="area")
    with pytest.raises(NormgraphError, match="unknown layout 'circle'"):
        render_html(seed_graph, layout="circle")


# -- imports and command line ------------------------------------------------------------------


def test_heavy_libraries_load_only_when_used():
    code = ("import sys, normgraph, normgraph.cli, normgraph.graph.view, normgraph.graph.network;"
            "print(sorted(m for m in ('pyvis', 'networkx', 'jinja2') if m in sys.modules))")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.replace("'", '"'))
    assert "pyvis" not in loaded and "networkx" not in loaded


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=300)


def test_viz_command_with_view_options(tmp_path):
    out = tmp_path / "ego.html"
    result = run("viz", "--corpus", str(DATA / "mini-corpus"), "-o", str(out), "--ego", "states", "--depth", "1",
                 "--size-by", "betweenness", "--hide", "Claim", "--heading", "<b>mini</b>")  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    data = data_of(page)
    net = N.ego(N.project(build_graph(DATA / "mini-corpus")), "states", 1)
    assert len(data["nodes"]) == net.number_of_nodes()
    assert data["sizeBy"] == "betweenness"
    assert "<h1 id=\"heading\">&lt;b&gt;mini&lt;/b&gt;</h1>" in page
    result = run("viz", "--corpus", str(DATA / "mini-corpus"), "-o", str(out), "--type", "Norm,Actor", "--max-nodes", "3",
                 "--layout", "layered")  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["maxDrawn"] == 3 and data["layout"] == "layered"
    assert data["options"]["layout"]["hierarchical"]["enabled"] is True


@pytest.mark.parametrize(("args", "fragment"), [
    (("--ego", "nobody-at-all"), "no node 'nobody-at-all'"),
    (("--hide", "Widget"), "unknown node type 'Widget'"),
    (("--type", "Norm", "--ego", "states"), "no node 'states'"),
])  # fmt: skip
def test_viz_errors_are_one_line(tmp_path, args, fragment):
    result = run("viz", "--corpus", str(DATA / "mini-corpus"), "-o", str(tmp_path / "v.html"), *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert not (tmp_path / "v.html").exists()


def test_build_writes_this_view(tmp_path):
    result = run("build", "--corpus", str(DATA / "mini-corpus"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = data_of((tmp_path / "normgraph.html").read_text(encoding="utf-8"))
    assert Counter(n["kind"] for n in data["nodes"]) == kind_counts(build_graph(DATA / "mini-corpus"))


def test_every_relation_the_network_draws_has_a_colour_in_the_legend():
    from normgraph.graph.network import RELATIONS
    from normgraph.graph.view import RELATION_COLOURS

    assert set(RELATIONS) <= set(RELATION_COLOURS)


# -- stated and inferred parties, hedges and scope (issue 14) -------------------------------------


def test_an_inferred_party_is_a_dashed_edge_and_says_why(mini_corpus):
    path = mini_corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        action: protect victims of trafficking\n"
    path.write_text(text.replace(old, old + "        inferred: {beneficiary: 'the text says victims of trafficking'}\n"
                                 "        hedge: at all times\n        scope: without exception\n", 1), encoding="utf-8")
    graph = build_graph(mini_corpus)
    net = N.project(graph)
    norm = next(n for n, d in net.nodes(data=True) if str(d.get("quote", "")).startswith("States must protect"))
    assert {(key, d.get("inferred")) for _, _, key, d in net.out_edges(norm, keys=True, data=True)
            if key in ("bearer", "beneficiary")} == {("bearer", False), ("beneficiary", True)}
    page = render_html(graph)
    data = data_of(page)
    index = next(n["id"] for n in data["nodes"] if n["iri"] == norm)
    flagged = [(e["relation"], e.get("inferred", False)) for e in data["edges"] if e["from"] == index]
    assert ("beneficiary", True) in flagged and ("bearer", False) in flagged
    assert sum(1 for e in data["edges"] if e.get("inferred")) == 1
    details = dict(next(n for n in data["nodes"] if n["id"] == index)["details"])
    assert details["Beneficiary"] == "victims of trafficking (inferred: the text says victims of trafficking)"
    assert details["Bearer"] == "States"  # stated: no remark
    assert (details["Hedge"], details["Scope"]) == ("at all times", "without exception")
    assert "dashed: a party the text does not name (inferred)" in page
    # a graph with no inferred party has no such line in its legend
    assert "dashed: a party" not in render_html(build_graph(DATA / "mini-corpus"))
