"""The view in a real headless Chromium: drawn, offline, searchable, filterable, seeded.

Chromium runs with no network (see test_view_browser.py); expected counts come from SPARQL.
"""

from __future__ import annotations

import json
import time

import pytest
from test_view_browser import (  # noqa: F401  (browser is a fixture)
    PAINTED,
    assert_offline,
    browser,
    click_node,
    hover_node,
    node_point,
    page_data,
)

from conftest import DATA
from normgraph import build_graph
from normgraph.graph import network as N
from normgraph.graph.view import render_html, render_view, write_html

PREFIXES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def sparql_kinds(graph) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for kind in ("Instrument", "Norm", "Actor", "StateRole", "Paragraph", "Document", "Claim"):
        counts[kind] = int(next(iter(graph.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ng:{kind} }}")))["n"].value)
    counts["Concept"] = int(next(iter(graph.query(PREFIXES + """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?x (ng:topic|ng:mentions|ng:about) ?c . ?c skos:broader* ?a . ?a a skos:Concept
        FILTER NOT EXISTS { ?a a ng:StateRole } FILTER NOT EXISTS { ?x a skos:Concept } }""")))["n"].value)
    return {k: v for k, v in counts.items() if v}


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory, seed_graph):
    return write_html(seed_graph, tmp_path_factory.mktemp("view") / "seed.html")


@pytest.fixture(scope="module")
def seed_page(browser, seed_file):  # noqa: F811
    """The seed view under its own Content-Security-Policy, as a person opens it."""
    page = browser.open(seed_file)
    yield page
    page.close()


@pytest.fixture()
def fresh_page(browser, seed_file):  # noqa: F811
    page = browser.open(seed_file)
    yield page
    page.close()


def test_the_graph_is_drawn(seed_page, seed_graph):
    expected = sparql_kinds(seed_graph)
    data = page_data(seed_page)
    counts: dict[str, int] = {}
    for node in data["nodes"]:
        if "group" not in node:
            counts[node["kind"]] = counts.get(node["kind"], 0) + 1
    assert counts == expected  # the page holds every node, and draws the overview
    drawn = seed_page.evaluate("window.normgraph.drawn()")
    assert 40 <= len(drawn) <= 90
    assert seed_page.evaluate("window.normgraph.nodes.length") == len(drawn)
    # vis-network has every drawn node and edge in its body, and painted the canvas
    assert seed_page.evaluate("window.normgraph.network.body.nodeIndices.length") == len(drawn)
    assert seed_page.evaluate("window.normgraph.network.body.edgeIndices.length") == seed_page.evaluate("window.normgraph.edges.length") > 50
    painted = seed_page.evaluate(PAINTED)
    assert painted["painted"] > 0.01 * painted["total"], painted
    state = seed_page.evaluate("window.normgraph.state")
    assert state["settled"] and state["iterations"] > 0 and state["physics"] is False
    assert "Layout settled in" in seed_page.evaluate("document.getElementById('status').textContent")
    assert seed_page.evaluate("getComputedStyle(document.getElementById('loading')).display") == "none"


def test_the_page_works_under_its_own_csp_without_complaint(seed_page):
    assert seed_page.problems() == []


def test_the_page_makes_no_network_request(browser, seed_file):  # noqa: F811
    # With the page's CSP bypassed, so the check does not rest on the CSP blocking requests.
    page = browser.open(seed_file, bypass_csp=True)
    node = page.evaluate("window.normgraph.data.nodes.find(function (n) { return n.kind === 'Norm'; }).id")
    hover_node(page, node)
    click_node(page, node)
    page.type_text("#search", "convention")
    page.press("Enter", key_code=13)
    page.wait_for("document.getElementById('search-status').textContent.indexOf('match') !== -1", timeout=10)
    # A request the page makes after everything above, seen in order: a request the interactions
    # caused would be recorded before it, so none can arrive after the check (no fixed wait).
    sentinel = "http://sentinel.invalid/after-the-interactions"
    page.evaluate(f"fetch({json.dumps(sentinel)}).catch(function () {{}}), true")
    deadline = time.monotonic() + 10
    while sentinel not in (requests := page.requests()):
        assert time.monotonic() < deadline, f"the sentinel request never showed: {requests}"
        time.sleep(0.02)
    assert requests[0] == page.url
    others = [url for url in requests[1:] if not url.startswith("data:") and url != sentinel]
    assert others == [], f"the page made network requests: {others}"
    assert requests[-1] == sentinel
    page.close()


def test_the_legend_shows_every_type_with_its_count_and_filters(fresh_page, seed_graph):
    page = fresh_page
    expected = sparql_kinds(seed_graph)
    legend = page.evaluate("""Array.from(document.querySelectorAll('#legend label.row')).map(function (row) {
        return [row.querySelector('.name').textContent, row.querySelector('.count').textContent,
                getComputedStyle(row.querySelector('svg')).fill, row.querySelector('input').checked]; })""")
    assert {name: int(count.replace(",", "")) for name, count, _, _ in legend} == expected
    assert all(checked for *_, checked in legend)
    assert len({fill for _, _, fill, _ in legend}) == len(legend)  # a colour per type
    kinds = page.evaluate("window.normgraph.drawn().map(function (id) { return window.normgraph.data.nodes[id].kind; })")
    total = len(kinds)
    for kind in ("Actor", "Norm"):
        of_kind = kinds.count(kind)
        assert of_kind > 0
        page.click_selector(f'#legend input[data-kind="{kind}"]')
        page.wait_for(f"window.normgraph.visibleNodes() === {total - of_kind}", timeout=10)
        # vis-network no longer draws them
        assert page.evaluate("window.normgraph.network.body.nodeIndices.length") == total - of_kind
        assert page.evaluate("document.getElementById('visible').textContent").startswith(f"Drawing {total - of_kind:,} of ")
        page.click_selector(f'#legend input[data-kind="{kind}"]')
        page.wait_for(f"window.normgraph.visibleNodes() === {total}", timeout=10)
    page.click_selector("#kinds-none")
    page.wait_for("window.normgraph.visibleNodes() === 0", timeout=10)
    page.click_selector("#kinds-all")
    page.wait_for(f"window.normgraph.visibleNodes() === {total}", timeout=10)


def test_relations_can_be_switched_off(fresh_page):
    page = fresh_page
    bearers = page.evaluate("window.normgraph.edges.get({filter: function (e) { return e.id.indexOf(':bearer') !== -1; }}).length")
    assert bearers > 0
    total = page.evaluate("window.normgraph.edges.length")
    page.click_selector('#relations input[data-relation="bearer"]')
    page.wait_for(f"window.normgraph.edges.get({{filter: function (e) {{ return e.hidden; }}}}).length === {bearers}", timeout=10)
    assert page.evaluate("window.normgraph.network.body.edgeIndices.length") == total - bearers


def test_search_finds_focuses_and_shows_details(fresh_page, seed_graph):
    page = fresh_page
    row = next(iter(seed_graph.query(PREFIXES + """SELECT ?i ?label WHERE { ?i a ng:Convention ; rdfs:label ?label }
                                                  ORDER BY ?i LIMIT 1""")))  # fmt: skip
    iri, label = row["i"].value, row["label"].value
    page.type_text("#search", label.lower())
    page.wait_for("document.querySelectorAll('#search-results li').length > 0", timeout=10)
    first = page.evaluate("document.querySelector('#search-results li button span').textContent")
    assert first == label
    page.press("Enter", key_code=13)
    node = page.evaluate(f"window.normgraph.data.nodes.find(function (n) {{ return n.iri === {json.dumps(iri)}; }}).id")
    page.wait_for(f"window.normgraph.network.getSelectedNodes()[0] === {node}", timeout=10)
    assert page.evaluate("document.querySelector('#details h2').textContent") == label
    # the focused node is in view, near the middle of the canvas
    point = node_point(page, node)
    box = page.evaluate("(function(){var r=document.getElementById('network').getBoundingClientRect();"
                        "return {x:r.left+r.width/2, y:r.top+r.height/2};})()")  # fmt: skip
    assert abs(point["x"] - box["x"]) < 5 and abs(point["y"] - box["y"]) < 5
    # a paragraph by its number, with a click on the result
    page.evaluate("document.getElementById('search').value = ''")
    page.type_text("#search", "¶38")
    page.wait_for("document.querySelectorAll('#search-results li').length > 0", timeout=10)
    page.click_selector("#search-results li button")
    page.wait_for("document.querySelector('#details h2').textContent.indexOf('¶38') !== -1", timeout=10)
    # nothing found says so
    page.evaluate("document.getElementById('search').value = ''")
    page.type_text("#search", "zzzz-no-such-thing")
    page.wait_for("document.getElementById('search-status').textContent === 'No match.'", timeout=10)


def test_hover_and_click_show_a_norms_type_bearer_action_and_quote(fresh_page, seed_graph):
    page = fresh_page
    row = next(iter(seed_graph.query(PREFIXES + """
        SELECT ?n ?quote ?action ?number ?bearer WHERE {
          ?n a ng:Obligation ; ng:quote ?quote ; ng:action ?action ; ng:assertedIn/ng:number ?number ;
             ng:bearer/rdfs:label ?bearer }
        ORDER BY ?n LIMIT 1""")))
    node = page.evaluate(f"window.normgraph.data.nodes.find(function (n) {{ return n.iri === {json.dumps(row['n'].value)}; }}).id")
    hover_node(page, node)
    tooltip = page.evaluate("(function(){var t=document.getElementById('tooltip');"
                            "return {hidden: t.hidden, text: t.textContent};})()")  # fmt: skip
    assert not tooltip["hidden"]
    assert "Norm · Obligation" in tooltip["text"] and row["quote"].value[:200] in tooltip["text"]
    assert f"¶{row['number'].value}" in tooltip["text"]
    click_node(page, node)
    details = page.evaluate("""(function(){ var out = {}; var dts = document.querySelectorAll('#details dt');
        dts.forEach(function (dt) { out[dt.textContent] = dt.nextElementSibling.textContent; }); return out; })()""")
    assert details["Type"] == "Obligation"
    assert row["bearer"].value in details["Bearer"]
    assert details["Action"] == row["action"].value
    assert details["Quote"] == row["quote"].value
    assert details["Paragraph"].startswith(f"¶{row['number'].value} of ")
    # the connections list leads on: clicking the bearer moves the details to it
    page.evaluate(f"""Array.from(document.querySelectorAll('#details li button')).find(function (b) {{
        return b.textContent === {json.dumps(row['bearer'].value)}; }}).click()""")
    page.wait_for(f"document.querySelector('#details h2').textContent === {json.dumps(row['bearer'].value)}", timeout=10)


def test_a_paragraph_shows_its_text(fresh_page, seed_graph):
    page = fresh_page
    row = next(iter(seed_graph.query(PREFIXES + "SELECT ?p ?t WHERE { ?p a ng:Paragraph ; ng:number 38 ; ng:text ?t }")))
    node = page.evaluate(f"window.normgraph.data.nodes.find(function (n) {{ return n.iri === {json.dumps(row['p'].value)}; }}).id")
    click_node(page, node)
    text = page.evaluate("""Array.from(document.querySelectorAll('#details dt')).find(function (dt) {
        return dt.textContent === 'Text'; }).nextElementSibling.textContent""")
    assert text == row["t"].value


def test_the_layout_is_seeded(browser, seed_file, seed_page):  # noqa: F811
    again = browser.open(seed_file)
    first = seed_page.evaluate("JSON.stringify(window.normgraph.network.getPositions())")
    second = again.evaluate("JSON.stringify(window.normgraph.network.getPositions())")
    again.close()
    first, second = json.loads(first), json.loads(second)
    assert first.keys() == second.keys()
    assert all(abs(first[k]["x"] - second[k]["x"]) < 1e-6 and abs(first[k]["y"] - second[k]["y"]) < 1e-6 for k in first)
    # and the nodes are spread out, not piled up
    xs = sorted(p["x"] for p in first.values())
    assert xs[-1] - xs[0] > 200


def test_physics_toggle_and_size_switch(fresh_page):
    page = fresh_page
    assert page.evaluate("window.normgraph.network.physics.options.enabled") is False
    page.click_selector("#physics")
    page.wait_for("window.normgraph.network.physics.options.enabled === true", timeout=10)
    assert "Physics on" in page.evaluate("document.getElementById('status').textContent")
    page.click_selector("#physics")
    page.wait_for("window.normgraph.network.physics.options.enabled === false", timeout=10)
    page.evaluate("(function(){var s=document.getElementById('size-by'); s.value='betweenness';"
                  "s.dispatchEvent(new Event('change'));})()")  # fmt: skip
    sizes = page.evaluate("""window.normgraph.drawn().map(function (id) { return window.normgraph.data.nodes[id]; })
        .filter(function (n) { return !n.group; }).map(function (n) {
        return [window.normgraph.nodes.get(n.id).value, 1 + 1000 * n.betweenness]; })""")
    assert len(sizes) > 20
    assert all(abs(a - b) < 1e-9 for a, b in sizes)
    page.evaluate("(function(){var s=document.getElementById('size-by'); s.value='uniform';"
                  "s.dispatchEvent(new Event('change'));})()")  # fmt: skip
    assert page.evaluate("new Set(window.normgraph.nodes.get().map(function (n) { return n.value; })).size") == 1


def test_an_ego_view_opens_on_its_centre(browser, tmp_path, seed_graph):  # noqa: F811
    path = tmp_path / "ego.html"
    path.write_text(render_html(seed_graph, ego_node="instrument/crc", depth=2), encoding="utf-8")
    page = browser.open(path)
    expected = N.ego(N.project(seed_graph), "instrument/crc", 2).number_of_nodes()
    assert page.evaluate("window.normgraph.data.nodes.filter(function (n) { return !n.group; }).length") == expected
    centre = page.evaluate("window.normgraph.data.centre")
    assert centre in page.evaluate("window.normgraph.drawn()")
    assert page.evaluate("document.querySelector('#details h2').textContent") == "Convention on the Rights of the Child"
    assert "Within 2 steps of" in page.evaluate("document.getElementById('summary').textContent")
    assert_offline(page)
    page.close()


def test_a_big_graph_opens_group_by_group(browser, tmp_path):  # noqa: F811
    net = N.project(N.synthetic_graph(1200, seed=9))
    path = tmp_path / "big.html"
    path.write_text(render_view(net, "big"), encoding="utf-8")
    page = browser.open(path)
    assert len(page.evaluate("window.normgraph.drawn()")) <= 90
    assert "claims are left out" in page.evaluate("document.getElementById('notice').textContent")
    group = page.evaluate("""window.normgraph.drawn().map(function (id) { return window.normgraph.data.nodes[id]; })
        .filter(function (n) { return n.group && n.kind === 'Norm'; })[0]""")
    assert group["count"] > 1
    click_node(page, group["id"], zoom=None)
    page.wait_for(f"window.normgraph.drawn().indexOf({group['id']}) === -1 && !window.normgraph.state.busy", timeout=30)
    drawn = set(page.evaluate("window.normgraph.drawn()"))
    assert set(group["group"]) <= drawn  # drilled down: its members in its place
    painted = page.evaluate(PAINTED)
    assert painted["painted"] > 0.01 * painted["total"]
    assert page.problems() == []
    page.close()


def test_mini_corpus_view_in_the_browser(browser, tmp_path):  # noqa: F811
    graph = build_graph(DATA / "mini-corpus")
    path = write_html(graph, tmp_path / "mini.html", heading="mini")
    page = browser.open(path)
    assert page.evaluate("window.normgraph.nodes.length") == sum(sparql_kinds(graph).values())
    assert page.evaluate("window.__xss === undefined && document.querySelectorAll('img').length === 0")
    assert_offline(page)
    page.close()


def test_a_search_hit_of_a_hidden_type_shows_that_type_again(fresh_page):
    page = fresh_page
    page.click_selector('#legend input[data-kind="Paragraph"]')
    page.wait_for("!document.querySelector('#legend input[data-kind=\"Paragraph\"]').checked", timeout=10)
    page.type_text("#search", "¶38")
    page.wait_for("document.querySelectorAll('#search-results li').length > 0", timeout=10)
    assert "(hidden type)" in page.evaluate("document.querySelector('#search-results li small').textContent")
    page.press("Enter", key_code=13)
    page.wait_for("document.querySelector('#legend input[data-kind=\"Paragraph\"]').checked", timeout=10)
    page.wait_for("window.normgraph.network.getSelectedNodes().length === 1", timeout=10)
    selected = page.evaluate("window.normgraph.network.getSelectedNodes()[0]")
    assert page.evaluate(f"window.normgraph.nodes.get({selected}).hidden") is False


def test_an_empty_selection_still_gives_a_working_page(browser, tmp_path, seed_graph):  # noqa: F811
    path = tmp_path / "empty.html"
    path.write_text(render_html(seed_graph, kinds=["Norm"], relations=["publisher"]), encoding="utf-8")
    page = browser.open(path)
    assert page.evaluate("window.normgraph.nodes.length") == 0
    assert "0 nodes and 0 edges" in page.evaluate("document.getElementById('summary').textContent")
    assert page.problems() == []
    page.close()
