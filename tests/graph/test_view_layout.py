"""Labels never collide and the drawing fills the canvas — read from the page in real Chromium.

For the seed overview, the ego view of every instrument and a large generated corpus (before and
after opening a group) the page is opened at 1600×1000; node positions come from vis-network
(``getPositions``, ``getBoundingBox``, ``canvasToDOM``) and label boxes from the page's own
label placement (``layoutFacts``); the figures are computed here (``layout_figures``):

* overlapping label area < 2 % of the visible label area;
* every drawn node inside the canvas;
* the drawing spans ≥ 60 % of the canvas's width and of its height (graphs of 3+ nodes);
* labels shown for the anchors (instruments, roles, groups) of the overview.
"""

from __future__ import annotations

import pytest
from test_view_browser import LAYOUT_FACTS, Chromium, click_node, layout_figures, require_browser

from normgraph.graph import network as N
from normgraph.graph.view import render_html, render_view

WIDTH, HEIGHT = 1600, 1000
INSTRUMENTS = "PREFIX ng: <https://w3id.org/normgraph/ontology#> SELECT ?i WHERE { ?i a ng:Instrument } ORDER BY ?i"


@pytest.fixture(scope="module")
def wide_browser():
    with Chromium(require_browser(), width=WIDTH, height=HEIGHT) as chromium:
        yield chromium


def check(figures: dict[str, float], where: str) -> None:
    assert figures["label_overlap"] < 0.02, (where, figures)
    assert figures["inside"], (where, figures)
    if figures["nodes"] >= 3:
        assert figures["fill_x"] >= 0.6 and figures["fill_y"] >= 0.6, (where, figures)
    assert figures["labels"] >= min(figures["nodes"], 3), (where, figures)


def open_facts(browser, path):  # type: ignore[no-untyped-def]
    page = browser.open(path)
    facts = page.evaluate(LAYOUT_FACTS)
    return page, facts


def test_the_seed_overview_reads(wide_browser, tmp_path, seed_graph):
    path = tmp_path / "seed.html"
    path.write_text(render_html(seed_graph), encoding="utf-8")
    page, facts = open_facts(wide_browser, path)
    figures = layout_figures(facts)
    check(figures, "seed overview")
    data = page.evaluate("window.normgraph.data.nodes.map(function (n) { return [n.kind, !!n.group]; })")
    labelled = {label["id"] for label in facts["labels"]}
    anchors = [n["id"] for n in facts["nodes"] if data[n["id"]][0] in ("Instrument", "StateRole") or data[n["id"]][1]]
    assert anchors and all(a in labelled for a in anchors)  # every convention and role is named
    assert figures["labels"] >= 0.6 * figures["nodes"], figures
    # a zoom in shows more labels, still apart; labels stay within 11–15 px
    page.evaluate("window.normgraph.network.moveTo({scale: window.normgraph.network.getScale() * 2.2, animation: false})")
    closer = page.evaluate(LAYOUT_FACTS)
    assert layout_figures(closer)["label_overlap"] < 0.02
    assert all(11 <= label["h"] - 4 <= 15 for label in facts["labels"] + closer["labels"])
    assert page.problems() == []
    page.close()


def test_every_instruments_ego_view_reads(wide_browser, tmp_path, seed_graph):
    instruments = [row["i"].value for row in seed_graph.query(INSTRUMENTS)]
    assert len(instruments) >= 10
    for i, iri in enumerate(instruments):
        path = tmp_path / f"ego-{i}.html"
        path.write_text(render_html(seed_graph, ego_node=iri), encoding="utf-8")
        page, facts = open_facts(wide_browser, path)
        check(layout_figures(facts), iri)
        centre = page.evaluate("window.normgraph.data.centre")
        assert centre in {label["id"] for label in facts["labels"]}, iri  # the centre is always named
        page.close()


def test_a_large_corpus_view_reads_before_and_after_a_drill_down(wide_browser, tmp_path):
    net = N.project(N.synthetic_graph(1200, seed=3))
    path = tmp_path / "large.html"
    path.write_text(render_view(net, "large"), encoding="utf-8")
    page, facts = open_facts(wide_browser, path)
    check(layout_figures(facts), "large overview")
    group = page.evaluate("""window.normgraph.drawn().map(function (id) { return window.normgraph.data.nodes[id]; })
        .filter(function (n) { return n.group && n.kind === 'Norm'; }).sort(function (a, b) { return b.count - a.count; })[0].id""")
    click_node(page, group, zoom=None)
    page.wait_for(f"window.normgraph.drawn().indexOf({group}) === -1 && !window.normgraph.state.busy", timeout=60)
    check(layout_figures(page.evaluate(LAYOUT_FACTS)), "large, a group opened")
    assert page.problems() == []
    page.close()
