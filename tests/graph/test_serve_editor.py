"""The query editor of `normgraph serve` (issue 17, item 2) in a real headless Chromium: a person
opens /query, types SPARQL into the editor, runs it and reads the rows in the results table.

Where a network namespace can be made (root, as in CI), the server and Chromium share one of their
own with only loopback up, so the page cannot reach any network whatever it tried; elsewhere the
server is on the machine's loopback and Chromium's resolver and proxy switches stand guard. Either
way every request the page makes is recorded and must be to the server itself."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_view_browser import FLAGS, Chromium, Page, _can_unshare, require_browser

from normgraph.queries import run_named
from served import Served

NG = "https://w3id.org/normgraph/ontology#"
# Loopback only: the page's server is at 127.0.0.1; any other name resolves to nothing and any
# proxy use goes to a closed port.
EDITOR_FLAGS = tuple(f for f in FLAGS if not f.startswith(("--proxy-bypass-list", "--host-resolver-rules"))) + (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--proxy-bypass-list=127.0.0.1")
_LOOPBACK_UP = """
import fcntl, socket, struct, sys
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:  # SIOCGIFFLAGS, SIOCSIFFLAGS: lo up
    flags = struct.unpack("16sh", fcntl.ioctl(s, 0x8913, struct.pack("16sh", b"lo", 0)))[1]
    fcntl.ioctl(s, 0x8914, struct.pack("16sh", b"lo", flags | 1))
print("up", flush=True)
sys.stdin.read()
"""


@pytest.fixture(scope="module")
def netns() -> Iterator[str | None]:
    """A network namespace with loopback up (its /proc path), held until the module ends; None
    where none can be made."""
    if not _can_unshare():
        yield None
        return
    holder = subprocess.Popen(["unshare", "--net", sys.executable, "-c", _LOOPBACK_UP],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "up"
        yield f"/proc/{holder.pid}/ns/net"
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture(scope="module")
def served(netns: str | None) -> Iterator[Served]:
    prefix = ("nsenter", f"--net={netns}", "--") if netns else ()
    with Served(("--timeout", "10"), prefix=prefix) as server:
        yield server


@pytest.fixture(scope="module")
def editor_browser(netns: str | None) -> Iterator[Chromium]:
    with Chromium(require_browser(), netns=netns, flags=EDITOR_FLAGS) as chromium:
        yield chromium


@pytest.fixture()
def editor(editor_browser: Chromium, served: Served) -> Iterator[Page]:
    page = editor_browser.open(served.base + "/query", settle=False)
    page.wait_for("!!(window.normgraph && window.normgraph.yasgui && document.querySelector('.CodeMirror'))")
    yield page
    page.close()


def current(page: Page) -> str:
    """A CSS selector for the tab on show (the hidden tabs have editors and tables of their own)."""
    return f'[id="{page.evaluate("window.normgraph.yasgui.getTab().getId()")}"]'


def type_query(page: Page, sparql: str) -> None:
    """As a person does: click into the editor, select all (Ctrl+A), type the new text."""
    page.click_selector(f"{current(page)} .CodeMirror-code")
    key = {"key": "a", "code": "KeyA", "windowsVirtualKeyCode": 65, "modifiers": 2}
    page.send("Input.dispatchKeyEvent", {"type": "keyDown", **key, "commands": ["selectAll"]})
    page.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
    page.send("Input.insertText", {"text": sparql})
    assert page.evaluate("window.normgraph.yasgui.getTab().getYasqe().getValue()") == sparql


def run_and_read(page: Page) -> tuple[list[str], list[list[str]]]:
    """Press the run button; the results table's header and rows as the page shows them."""
    tab = current(page)
    page.click_selector(f"{tab} .yasqe_queryButton")
    table = json.dumps(f"{tab} .yasr .dataTable")
    page.wait_for(f"document.querySelectorAll({table} + ' tbody tr td').length > 1", timeout=30)
    header = page.evaluate(f"Array.from(document.querySelectorAll({table} + ' thead th'))"
                           ".map(function (c) { return c.textContent.trim(); })")  # fmt: skip
    rows = page.evaluate(f"Array.from(document.querySelectorAll({table} + ' tbody tr')).map(function (r) {{"
                         " return Array.from(r.cells).map(function (c) { return c.textContent.trim(); }); })")  # fmt: skip
    return header, rows


def assert_only_this_server(page: Page, served: Served) -> None:
    others = [url for url in page.requests() if not url.startswith((served.base + "/", "data:"))]
    assert others == [], f"the editor asked for something besides its server: {others}"


def test_a_query_typed_into_the_editor_shows_its_rows(editor: Page, served: Served, seed_graph,
                                                       tmp_path: Path) -> None:  # fmt: skip
    expected = int(next(iter(seed_graph.query(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a <{NG}Obligation> }}")))["n"].value)
    type_query(editor, f"PREFIX ng: <{NG}>\nSELECT (COUNT(DISTINCT ?o) AS ?obligations) WHERE {{ ?o a ng:Obligation }}")
    header, rows = run_and_read(editor)
    assert header[-1] == "obligations"
    assert rows == [["1", f'"{expected}"^^xsd:integer']] and expected > 10
    shot = editor.screenshot(tmp_path / "editor.png")
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one
    assert_only_this_server(editor, served)
    assert editor.problems() == []  # no CSP violation, no script error, no failed load
    assert editor.evaluate("localStorage.length + sessionStorage.length") == 0  # nothing kept in the browser


def test_labels_come_back_as_the_graph_holds_them(editor: Page, seed_graph) -> None:
    sparql = (f"PREFIX ng: <{NG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
              "SELECT DISTINCT ?label WHERE { ?i a ng:Instrument ; rdfs:label ?label } ORDER BY ?label")
    expected = [row["label"] for row in seed_graph.query(sparql)]
    type_query(editor, sparql)
    _, rows = run_and_read(editor)
    shown = [cells[1] for cells in rows]
    assert {"Convention on the Rights of the Child", "Migrant Workers Convention"} <= {t.value for t in expected}
    # as YASGUI writes a literal: in quotes, with its language tag
    assert shown == [f'"{t.value}"' + (f"@{t.language}" if t.language else "") for t in expected][:50]


def test_a_named_query_from_the_picker_runs_in_its_own_tab(editor: Page, seed_graph) -> None:
    local = run_named(seed_graph, "norms-by-role")
    editor.evaluate("(function () { var s = document.getElementById('ng-named'); s.value = 'norms-by-role';"
                    " s.dispatchEvent(new Event('change')); })()")  # fmt: skip
    assert editor.evaluate("window.normgraph.yasgui.getTab().getName()") == "norms-by-role"
    assert "Norms by state role" in editor.evaluate("document.getElementById('ng-description').textContent")
    header, rows = run_and_read(editor)
    assert header[1:] == list(local.variables)
    total = editor.evaluate(f"document.querySelector('{current(editor)} .yasr .dt-info').textContent")
    assert f"of {len(local.rows)} entries" in total and len(local.rows) > 0


def test_the_read_only_guard_refuses_an_update_from_the_editor(editor: Page, served: Served) -> None:
    before = served_count(editor)
    type_query(editor, "INSERT DATA { <urn:t:editor> <urn:t:wrote> <urn:t:this> }")
    editor.click_selector(f"{current(editor)} .yasqe_queryButton")
    results = f"document.querySelector('{current(editor)} .yasr').innerText"
    editor.wait_for(f"{results}.indexOf('read-only') >= 0", timeout=30)
    assert "This SPARQL endpoint is read-only" in editor.evaluate(results)
    assert served_count(editor) == before
    # the update went where the protocol sends updates, and was refused there
    assert any(url.endswith("/update") for url in editor.requests())


def served_count(page: Page) -> int:
    """The number of triples, asked of the server by the page itself (same origin)."""
    answer = page.evaluate("fetch('/query', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',"
                           " 'Accept': 'application/sparql-results+json'}, body: 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'})"
                           ".then(function (r) { return r.text(); })")  # fmt: skip
    return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])


def test_the_editor_page_names_only_itself_in_its_policy(editor: Page, served: Served) -> None:
    # the page's own scripts ran under the policy: an inline script would be refused
    refused = editor.evaluate("new Promise(function (done) {"
                              " document.addEventListener('securitypolicyviolation', function (e) { done(e.violatedDirective); });"
                              " var s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                              " document.body.appendChild(s); setTimeout(function () { done(window.__ran ? 'ran' : 'none'); }, 2000); })")  # fmt: skip
    assert refused.startswith("script-src")
