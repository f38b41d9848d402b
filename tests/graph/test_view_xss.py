"""Labels, quotes and texts that hold HTML and script are shown as text and never run.

tests/data/hostile-corpus puts ``<img src=x onerror=…>``, ``</script><script>…``, ``"'><svg
onload=…>``, ``javascript:`` links (pyvis switches all tooltips to innerHTML when one holds a
link), ``<!--<script>`` and template syntax into a document title, instrument and actor labels,
an alternative label, a concept, norm quotes, actions and conditions, and paragraph texts; the
heading gets its own. Each payload would set ``window.__xss``. The page is opened in real
Chromium, every node is hovered and clicked, the search is used — and the flag must stay unset.

Twice: with the page's Content-Security-Policy bypassed and with no CSP rendered at all, so the
escaping is proven on its own; and as shipped, with the CSP in force.
"""

from __future__ import annotations

import pytest
from test_view_browser import assert_offline, browser, click_node, hover_node  # noqa: F401

from conftest import DATA
from normgraph import build_graph
from normgraph.graph.view import render_html

HEADING = "<img src=x onerror=\"window.__xss='heading'\"></script><script>window.__xss='heading2'</script>"
NO_MARKUP = """(function () {
  var found = [];
  document.querySelectorAll('img, a, iframe, object, embed, svg:not(.glyph)').forEach(function (e) { found.push(e.outerHTML); });
  document.querySelectorAll('*').forEach(function (e) {
    for (var i = 0; i < e.attributes.length; i++) {
      var name = e.attributes[i].name;
      if (name.indexOf('on') === 0) { found.push(e.tagName + ' ' + name); }
    }
  });
  return found;
})()"""


@pytest.fixture(scope="module")
def hostile_graph():
    return build_graph(DATA / "hostile-corpus")


@pytest.mark.parametrize("mode", ["escaping-alone", "as-shipped"])
def test_no_script_from_the_graph_ever_runs(browser, tmp_path, hostile_graph, mode):  # noqa: F811
    path = tmp_path / f"hostile-{mode}.html"
    path.write_text(render_html(hostile_graph, HEADING, csp=(mode == "as-shipped")), encoding="utf-8")
    page = browser.open(path, bypass_csp=(mode == "escaping-alone"))
    data = page.evaluate("window.normgraph.data")
    names = [n["name"] for n in data["nodes"]]
    assert any("<img src=x onerror" in n for n in names) and any("</script>" in n for n in names)
    assert any('<a href="javascript:' in n for n in names)

    # the heading and the title are the text they were given
    assert page.evaluate("document.getElementById('heading').textContent") == HEADING
    assert page.evaluate("document.title") == HEADING

    for node in data["nodes"]:
        hover_node(page, node["id"])
        tooltip = page.evaluate("document.querySelector('#tooltip strong').textContent")
        assert tooltip == node["name"]
        click_node(page, node["id"])
        assert page.evaluate("document.querySelector('#details h2').textContent") == node["name"]
        shown = page.evaluate("Array.from(document.querySelectorAll('#details dd')).map(function (d) { return d.textContent; })")
        expected = [value for _, value in node["details"]]
        assert shown[: len(expected)] == expected
        if len(shown) > len(expected):  # a norm or claim also shows its paragraph's text
            assert node["kind"] in ("Norm", "Claim") and len(shown) == len(expected) + 1
        assert page.evaluate("window.__xss") is None, f"script ran after {node['name']!r}"
    for query in ("<img", "</script", "javascript:", "svg onload", "{{ 7*7 }}", "<!--"):
        page.evaluate("document.getElementById('search').value = ''")
        page.type_text("#search", query)
        page.wait_for("document.querySelectorAll('#search-results li').length > 0", timeout=10)
        results = page.evaluate("Array.from(document.querySelectorAll('#search-results li span')).map(function (s) { return s.textContent; })")
        assert any(query.lower() in r.lower() for r in results), (query, results)
        page.click_selector("#search-results li button")
    page.wait_for("true")

    assert page.evaluate("window.__xss") is None
    assert page.evaluate(NO_MARKUP) == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert_offline(page)  # an <img src=x> that became markup would have asked for file:///…/x
    exceptions = [p for p in page.problems() if p.startswith("exception")]
    assert exceptions == []
    if mode == "as-shipped":
        assert page.problems() == []  # not even a CSP violation: nothing tried to run
    page.close()


def test_the_mini_corpus_script_quote_is_text(browser, tmp_path):  # noqa: F811
    graph = build_graph(DATA / "mini-corpus")
    path = tmp_path / "mini.html"
    path.write_text(render_html(graph, csp=False), encoding="utf-8")
    page = browser.open(path)
    node = page.evaluate("""window.normgraph.data.nodes.find(function (n) {
        return n.details.some(function (row) {
            return row[0] === 'Quote' && row[1].indexOf('<script>alert(1)</script>') !== -1; }); }).id""")
    page.evaluate("window.alert = function () { window.__xss = 'alert'; }")
    hover_node(page, node)
    click_node(page, node)
    quote = page.evaluate("""Array.from(document.querySelectorAll('#details dt')).find(function (dt) {
        return dt.textContent === 'Quote'; }).nextElementSibling.textContent""")
    assert quote == "<script>alert(1)</script> should not be run"
    assert page.evaluate("window.__xss") is None
    page.close()
