"""Exploring the view in real Chromium: clicks bring in neighbours and open groups, Collapse and
Back undo them, a norm's quote and its paragraph's text are one click away, and the address
(its hash) records the view, so a reload or a shared link shows the same nodes.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from test_view_browser import browser, click_node, node_point  # noqa: F401  (browser is a fixture)

from normgraph.graph import network as N
from normgraph.graph.view import render_view, write_html

PREFIXES = "PREFIX ng: <https://w3id.org/normgraph/ontology#>\n"
DRAWN = "window.normgraph.drawn()"
IDLE = "window.normgraph.idle().then(function () { return !window.normgraph.state.busy; })"


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory, seed_graph):
    return write_html(seed_graph, tmp_path_factory.mktemp("explore") / "seed.html")


@pytest.fixture()
def page(browser, seed_file):  # noqa: F811
    page = browser.open(seed_file)
    yield page
    page.close()


def node_of(page, iri: str) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate(f"window.normgraph.data.nodes.find(function (n) {{ return n.iri === {json.dumps(iri)}; }}).id")


def details(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return page.evaluate("""(function(){ var out = {}; document.querySelectorAll('#details dt').forEach(function (dt) {
        out[dt.textContent] = dt.nextElementSibling.textContent; }); return out; })()""")


def press(page, action: str) -> None:  # type: ignore[no-untyped-def]
    page.click_selector(f'#details button[data-action="{action}"]')
    page.evaluate(IDLE)


def test_one_click_on_a_norm_shows_its_quote_and_its_paragraphs_text(page, seed_graph):
    row = next(iter(seed_graph.query(PREFIXES + """SELECT ?n ?quote ?text ?p WHERE {
        ?n a ng:Obligation ; ng:quote ?quote ; ng:assertedIn ?p . ?p ng:text ?text } ORDER BY ?n LIMIT 1""")))
    norm, paragraph = node_of(page, row["n"].value), node_of(page, row["p"].value)
    assert norm in page.evaluate(DRAWN) and paragraph not in page.evaluate(DRAWN)  # the overview: norms, not paragraphs
    click_node(page, norm, zoom=None)  # one click
    page.evaluate(IDLE)
    shown = details(page)
    assert shown["Quote"] == row["quote"].value and shown["Paragraph text"] == row["text"].value
    assert paragraph in page.evaluate(DRAWN)  # and its neighbours came in, its paragraph among them
    assert unquote(page.evaluate("location.hash")) == f"#view=+{row['n'].value.rsplit('/id/', 1)[1]}&node={row['n'].value.rsplit('/id/', 1)[1]}"


def test_expand_collapse_and_back(page, seed_graph):
    states = node_of(page, "https://w3id.org/normgraph/id/actor/states")
    overview = page.evaluate(DRAWN)
    click_node(page, states, zoom=None)
    page.evaluate(IDLE)
    expanded = page.evaluate(DRAWN)
    net = N.project(seed_graph)
    neighbours = {node_of(page, n) for n in N.ego(net, "actor/states", 1)}
    assert set(expanded) == set(overview) | neighbours and len(expanded) > len(overview)
    press(page, "collapse")
    assert page.evaluate(DRAWN) == overview and "view=&" in page.evaluate("location.hash") + "&"
    # Back undoes the collapse, Back again the expansion; the address follows
    page.click_selector("#back")
    page.wait_for(f"window.normgraph.drawn().length === {len(expanded)} && !window.normgraph.state.busy", timeout=20)
    assert page.evaluate(DRAWN) == expanded
    page.click_selector("#back")
    page.wait_for(f"window.normgraph.drawn().length === {len(overview)} && !window.normgraph.state.busy", timeout=20)
    assert page.evaluate(DRAWN) == overview
    # a double click collapses too
    click_node(page, states, zoom=None)
    page.evaluate(IDLE)
    point = node_point(page, states)
    page.double_click(point["x"], point["y"])
    page.wait_for(f"window.normgraph.drawn().length === {len(overview)} && !window.normgraph.state.busy", timeout=20)


def test_the_address_restores_the_view_on_reload_and_elsewhere(browser, page, seed_file):  # noqa: F811
    states = node_of(page, "https://w3id.org/normgraph/id/actor/states")
    click_node(page, states, zoom=None)
    page.evaluate(IDLE)
    paragraph = page.evaluate(f"""window.normgraph.drawn().filter(function (id) {{
        return window.normgraph.data.nodes[id].kind === 'Paragraph'; }})[0]""")
    assert paragraph is not None
    click_node(page, paragraph, zoom=None)
    page.evaluate(IDLE)
    drawn, url = page.evaluate(DRAWN), page.evaluate("location.href")
    assert "#view=" in url and "node=" in url
    # a shared link, opened in another tab
    other = browser.open(url)
    other.evaluate(IDLE)
    assert other.evaluate(DRAWN) == drawn
    assert other.evaluate("window.normgraph.state.selected") == paragraph
    assert other.evaluate("document.querySelector('#details h2').textContent") == page.evaluate("document.querySelector('#details h2').textContent")
    positions = other.evaluate("JSON.stringify(window.normgraph.network.getPositions())")
    # a reload of that tab shows the same picture again (the layout is seeded)
    other.send("Page.reload")
    other.wait_for("window.normgraph && window.normgraph.state.settled && window.normgraph.state.drawnMs !== null", timeout=60)
    other.evaluate(IDLE)
    assert other.evaluate(DRAWN) == drawn
    again = json.loads(other.evaluate("JSON.stringify(window.normgraph.network.getPositions())"))
    first = json.loads(positions)
    assert first.keys() == again.keys() and all(abs(first[k]["x"] - again[k]["x"]) < 1e-6 for k in first)
    assert other.problems() == []
    other.close()


def test_a_large_corpus_drills_down_from_a_group_to_a_norm_and_back(browser, tmp_path):  # noqa: F811
    net = N.project(N.synthetic_graph(1200, seed=5))
    path = tmp_path / "large.html"
    path.write_text(render_view(net, "large"), encoding="utf-8")
    page = browser.open(path)
    overview = page.evaluate(DRAWN)
    group = page.evaluate("""window.normgraph.drawn().map(function (id) { return window.normgraph.data.nodes[id]; })
        .filter(function (n) { return n.group && n.kind === 'Norm'; }).sort(function (a, b) { return b.count - a.count; })[0]""")
    assert group["name"].split(" — ")[-1].split()[0].replace(",", "").isdigit() or group["count"] > 1
    node = group["id"]
    clicks = 0
    while page.evaluate(f"!!window.normgraph.data.nodes[{node}].group"):  # open down to a single norm
        click_node(page, node, zoom=None)
        page.evaluate(IDLE)
        clicks += 1
        assert node not in page.evaluate(DRAWN)
        node = page.evaluate(f"window.normgraph.data.nodes[{node}].group[0]")
    assert clicks <= 3  # instrument × type → document → paragraph → norm
    click_node(page, node, zoom=None)
    page.evaluate(IDLE)
    assert "Quote" in details(page) and "Paragraph text" in details(page)
    # the norm's group closes again from its details, and the overview is a click away
    press(page, "close")
    page.click_selector("#overview")
    page.wait_for(f"window.normgraph.drawn().length === {len(overview)} && !window.normgraph.state.busy", timeout=30)
    assert page.evaluate(DRAWN) == overview
    assert page.problems() == []
    page.close()
