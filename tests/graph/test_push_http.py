"""push and the HTTP client against a real Oxigraph server of this module's own, behind small real
HTTP servers (harnesses) that demand a password, redirect, fail part-way, refuse large batches or
are not SPARQL at all. Every check is on what the store holds afterwards or the exact message."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from conftest import closed_port, oxigraph_server
from harness import CLOSE, Answer, Seen, basic
from normgraph import build_graph
from normgraph.errors import QueryError
from normgraph.graph._http import Credentials, HttpClient, redact, split_credentials
from normgraph.graph.push import STAGING, _batches, push
from normgraph.graph.remote import Endpoint
from normgraph.graph.store import KnowledgeGraph, load_graph
from normgraph.queries import run_named, run_sparql

GOOD = Credentials("alice", "correct-horse")
BAD = Credentials("alice", "Tr0ub4dor&3")
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SEED_DOC = "https://w3id.org/normgraph/id/graph/ipu-118-migrant-workers"


# --- the real servers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """This module's own in-memory Oxigraph server (its base URL), so tests may empty it at will."""
    with oxigraph_server() as base:
        yield base


@pytest.fixture()
def store(oxigraph: str) -> str:
    """The module's Oxigraph, emptied (only ever this server, never the session's shared one)."""
    _update(oxigraph, "DROP ALL")
    assert _graphs_on(oxigraph) == set() and _default_nt(oxigraph) == b""
    return oxigraph


# --- direct access to the store, around normgraph ----------------------------------------------


def _update(base: str, sparql: str) -> None:
    request = urllib.request.Request(f"{base}/update", data=sparql.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(request, timeout=10).close()


def _select(base: str, sparql: str) -> list[dict[str, str]]:
    request = urllib.request.Request(f"{base}/query", data=sparql.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _graphs_on(base: str) -> set[str]:
    """Every named graph the store has, empty ones included."""
    return {row["g"] for row in _select(base, "SELECT ?g WHERE { GRAPH ?g { } }")}


def _nt_on(base: str, graph: str) -> bytes:
    url = f"{base}/store?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return b""
        raise


def _default_nt(base: str) -> bytes:
    request = urllib.request.Request(f"{base}/store?default", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def _local_nt(graph: KnowledgeGraph, name: str | None) -> bytes:
    source = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    return graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)


def _same(a: bytes, b: bytes) -> bool:
    """The same triples, blank nodes compared by structure."""
    left, right = rdflib.Graph(), rdflib.Graph()
    left.parse(data=a.decode(), format="nt")
    right.parse(data=b.decode(), format="nt")

    def blank_nodes(g: rdflib.Graph) -> int:
        return len({t for triple in g for t in triple if isinstance(t, rdflib.BNode)})

    def ground(g: rdflib.Graph) -> set:
        return {t for t in g if not any(isinstance(x, rdflib.BNode) for x in t)}

    # cheap checks first: rdflib's isomorphism test can take minutes on graphs that differ
    return (len(left) == len(right) and blank_nodes(left) == blank_nodes(right)
            and ground(left) == ground(right) and isomorphic(left, right))


def _triples(data: bytes) -> set[ox.Triple]:
    return set(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def _store_holds(base: str, graph: KnowledgeGraph) -> None:
    """The store holds exactly ``graph``'s named graphs, each the same as the local one."""
    names = [g.value for g in graph.graphs()]
    assert _graphs_on(base) == set(names)
    for name in names:
        assert _same(_nt_on(base, name), _local_nt(graph, name)), name


def _old_version(names: list[str]) -> KnowledgeGraph:
    """A graph with the same graph names as the new one, each holding one marker triple."""
    store = ox.Store()
    for i, name in enumerate(names):
        store.add(ox.Quad(ox.NamedNode("https://example.org/old"), ox.NamedNode("https://example.org/version"),
                          ox.Literal(f"old {i}"), ox.NamedNode(name)))
    return KnowledgeGraph(store)


def _records(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted((tuple(sorted(row.items())) for row in result.records()), key=repr)


@pytest.fixture()
def three_docs(mini_corpus: Path) -> KnowledgeGraph:
    """The mini corpus with two more copies of its document: five named graphs."""
    for suffix in ("2", "3"):
        shutil.copytree(mini_corpus / "mini-doc", mini_corpus / f"mini-doc-{suffix}")
    graph = build_graph(mini_corpus)
    assert len(graph.graphs()) == 5
    return graph


# --- 1. redirects ----------------------------------------------------------------------------


def _redirector(code: int, absolute: bool) -> Callable[[Seen], Answer | None]:
    def rule(seen: Seen) -> Answer | None:
        if seen.path == "/from":
            host = seen.headers["host"]
            return code, {"Location": f"http://{host}/to" if absolute else "/to"}, b""
        if seen.path == "/to":
            return 200, {"Content-Type": "text/plain"}, b"arrived"
        return None

    return rule


@pytest.mark.parametrize(("code", "method", "absolute"), [
    (307, "PUT", False), (307, "POST", True), (301, "PUT", True), (301, "POST", False), (308, "PUT", False),
])
def test_a_same_origin_redirect_keeps_method_and_body(harness, code, method, absolute):
    h = harness(rule=_redirector(code, absolute))
    response = HttpClient().send(method, f"{h.url}/from", b"payload \x00\xff 123", {"Content-Type": "application/n-triples"})
    assert (response.status, response.body, response.url) == (200, b"arrived", f"{h.url}/to")
    assert [(s.method, s.path, s.body) for s in h.seen] == [
        (method, "/from", b"payload \x00\xff 123"), (method, "/to", b"payload \x00\xff 123")]
    assert h.seen[1].headers["content-type"] == "application/n-triples"


@pytest.mark.parametrize("elsewhere", ["other port", "other host, same port"])
def test_a_redirect_to_another_origin_is_refused_and_nothing_is_sent_there(harness, elsewhere):
    source = harness()
    target = harness(port=0) if elsewhere == "other port" else harness(host="127.0.0.2", port=source.port)
    assert target.url != source.url
    source.rule = lambda seen: (307, {"Location": f"{target.url}/to"}, b"")
    with pytest.raises(QueryError) as caught:
        HttpClient(GOOD).send("PUT", f"{source.url}/from", b"secret body", {"Content-Type": "text/plain"})
    assert caught.value.message == (
        f"{source.url}/from redirected the PUT to {target.url}/to, not the same scheme, host and port; "
        "refused (give that URL yourself if you trust it)"
    )
    assert target.seen == []
    assert [(s.method, s.path) for s in source.seen if s.method != "HEAD"] == [("PUT", "/from")]


def test_more_than_five_redirects_are_refused(harness):
    def hops(seen: Seen) -> Answer:  # /hops/TOTAL/N redirects to N+1 until TOTAL
        _, _, total, n = seen.path.split("/")
        if int(n) < int(total):
            return 307, {"Location": f"/hops/{total}/{int(n) + 1}"}, b""
        return 200, {"Content-Type": "text/plain"}, b"end"

    h = harness(rule=hops)
    assert HttpClient().send("POST", f"{h.url}/hops/5/0", b"x").body == b"end"  # five are followed
    h.seen.clear()
    with pytest.raises(QueryError) as caught:
        HttpClient().send("POST", f"{h.url}/hops/6/0", b"x")
    assert caught.value.message == f"{h.url}/hops/6/0: more than 5 redirects; refused"
    assert len(h.seen) == 6  # the first request and five redirects followed, then it stops


# --- 2. Basic authentication through a reverse proxy -------------------------------------------


def test_push_and_query_through_a_proxy_that_demands_basic_auth(store, harness, seed_graph):
    proxy = harness(upstream=store, auth=GOOD)
    report = push(seed_graph, f"{proxy.url}/query", credentials=GOOD)
    assert [(g.graph, g.method) for g in report.graphs] == [(g.value, "graph-store") for g in seed_graph.graphs()]

    assert "authorization" not in proxy.seen[0].headers  # nothing sent before the store asks
    assert proxy.seen[0].status == 401
    assert proxy.seen[1].headers["authorization"] == basic(GOOD) and proxy.seen[1].status == 200
    puts = [s for s in proxy.seen if s.method == "PUT"]
    assert len(puts) == 3 and all(s.headers.get("authorization") == basic(GOOD) for s in puts)
    assert all(s.status in (200, 201, 204) for s in puts)  # each body uploaded once, never refused

    (through_proxy,) = run_sparql(Endpoint(f"{proxy.url}/query", credentials=GOOD), COUNT_ALL).records()
    (direct,) = run_sparql(Endpoint(f"{store}/query"), COUNT_ALL).records()
    assert through_proxy["n"] == direct["n"] == len(seed_graph)
    _store_holds(store, seed_graph)

    local = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    remote = run_named(Endpoint(f"{proxy.url}/query", credentials=GOOD), "norms-by-role", {"role": "transit"})
    assert remote.variables == local.variables
    assert _records(remote) == _records(local) and len(local) > 0

    endpoint = Endpoint(f"{proxy.url}/query", credentials=GOOD)  # one endpoint remembers the challenge
    proxy.seen.clear()
    assert run_sparql(endpoint, "ASK { ?s ?p ?o }").boolean is True
    assert run_sparql(endpoint, "ASK { ?s <urn:nothing> ?o }").boolean is False
    assert [s.status for s in proxy.seen] == [401, 200, 200]


def test_an_upload_learns_the_challenge_without_its_body(store, harness):
    """A client whose first request carries a body asks body-less first: the body goes once, with
    the credentials; with a wrong password it never goes at all."""
    proxy = harness(upstream=store, auth=GOOD)
    body = b"".join(b"<https://example.org/s%d> <https://example.org/p> \"%d\" .\n" % (i, i) for i in range(3000))
    graph = "https://example.org/uploaded"
    url = f"{proxy.url}/store?{urllib.parse.urlencode({'graph': graph})}"

    refused = HttpClient(BAD).send("PUT", url, body, {"Content-Type": "application/n-triples"})
    assert refused.status == 401
    assert proxy.seen and not [s for s in proxy.seen if s.body or s.method != "HEAD"]
    assert "authorization" not in proxy.seen[0].headers
    assert _graphs_on(store) == set()

    proxy.seen.clear()
    response = HttpClient(GOOD).send("PUT", url, body, {"Content-Type": "application/n-triples"})
    assert response.ok
    *asked, upload = proxy.seen
    assert asked and all(s.method == "HEAD" and not s.body for s in asked)
    assert "authorization" not in asked[0].headers and asked[0].status == 401
    assert (upload.method, upload.body, upload.headers.get("authorization"), upload.status) == (
        "PUT", body, basic(GOOD), response.status)
    assert _triples(_nt_on(store, graph)) == _triples(body)


def test_without_credentials_or_with_a_wrong_password(store, harness, three_docs):
    proxy = harness(upstream=store, auth=GOOD)
    url = f"{proxy.url}/query"
    needs = (f"{url} needs authentication (HTTP 401): pass --user NAME "
             "(the password from NORMGRAPH_PASSWORD, --password-stdin, ~/.netrc or a prompt)")
    refused = f"{url} refused the password of user 'alice' (HTTP 401)"
    cases = [
        (lambda: push(three_docs, url), needs),
        (lambda: run_named(Endpoint(url), "norms-by-role", {"role": "transit"}), needs),
        (lambda: push(three_docs, url, credentials=BAD), refused),
        (lambda: run_named(Endpoint(url, credentials=BAD), "norms-by-role", {"role": "transit"}), refused),
    ]
    for call, message in cases:
        with pytest.raises(QueryError) as caught:
            call()
        assert caught.value.message == message
        assert BAD.password not in str(caught.value) and GOOD.password not in str(caught.value)
    assert not [s for s in proxy.seen if s.method == "PUT" or s.status == 200]  # nothing got through
    assert _graphs_on(store) == set()


def test_credentials_in_the_url(store, harness, three_docs, mini_corpus):
    password = "p@ss/w:rd %41"  # percent-encoded in the URL, decoded by normgraph
    proxy = harness(upstream=store, auth=Credentials("alice", password))
    port = proxy.port
    url = f"http://alice:{urllib.parse.quote(password, safe='')}@127.0.0.1:{port}/query"
    report = push(three_docs, url)
    assert report.endpoint == f"http://127.0.0.1:{port}/query" and len(report.graphs) == 5
    assert password not in report.text() and "p%40ss" not in report.text()
    _store_holds(store, three_docs)
    local = run_named(three_docs, "norms-by-role", {"role": "transit"})
    assert _records(run_named(Endpoint(url), "norms-by-role", {"role": "transit"})) == _records(local)
    assert len(local) > 0

    wrong = f"http://alice:{urllib.parse.quote(BAD.password, safe='')}@127.0.0.1:{port}/query"
    for call in (lambda: push(three_docs, wrong), lambda: run_sparql(Endpoint(wrong), "ASK {}")):
        with pytest.raises(QueryError) as caught:
            call()
        # the library takes the credentials out of the URL: its messages name the URL without them
        assert caught.value.message == f"http://127.0.0.1:{port}/query refused the password of user 'alice' (HTTP 401)"
        assert BAD.password not in str(caught.value) and urllib.parse.quote(BAD.password, safe="") not in str(caught.value)

    # the command line refuses a password in the URL, showing the URL as alice:***@
    from click.testing import CliRunner

    from normgraph.cli import main

    result = CliRunner().invoke(main, ["push", "--corpus", str(mini_corpus), "--endpoint",
                                       f"http://alice:{BAD.password}@127.0.0.1:{port}/query"])
    assert result.exit_code != 0
    assert f"http://alice:***@127.0.0.1:{port}/query: a password in the URL is visible" in result.stderr
    assert BAD.password not in result.stderr


@pytest.mark.parametrize("url", [
    "http://bob@example.org:Secret-42@127.0.0.1:{port}/query",  # an e-mail address as the user name
    "http://alice:pa@Secret-42@127.0.0.1:{port}/query",  # an '@' in the password, not percent-encoded
])
def test_no_password_in_the_message_for_a_url_with_a_raw_at_sign(url, mini_corpus):
    # split_credentials() takes the authority's last '@' as the end of the user info (push
    # authenticates as 'bob@example.org' / 'pa@Secret-42'); redact() must hide up to the same '@',
    # or the command line's refusal of a password in the URL prints it (it once did).
    from click.testing import CliRunner

    from normgraph.cli import main

    with closed_port() as port:
        url = url.format(port=port)
        assert split_credentials(url)[2] in ("Secret-42", "pa@Secret-42")  # the library accepts these URLs
        result = CliRunner().invoke(main, ["push", "--corpus", str(mini_corpus), "--endpoint", url])
    assert result.exit_code != 0 and "a password in the URL is visible" in result.stderr
    assert "Secret-42" not in result.stderr
    assert "Secret-42" not in redact(url)


# --- 3. a push that fails part-way -------------------------------------------------------------


def _fail_writes_after(k: int, answer: Answer | str) -> Callable[[Seen], Answer | str | None]:
    count = itertools.count(1)

    def rule(seen: Seen) -> Answer | str | None:
        if seen.method in ("PUT", "POST") and seen.path.split("?")[0] in ("/store", "/update"):
            if next(count) > k:
                return answer
        return None

    return rule


@pytest.mark.parametrize("failure", ["503", "hang up"])
def test_a_push_that_fails_part_way_says_what_is_new_and_a_rerun_completes_it(store, harness, three_docs, failure):
    names = [g.value for g in three_docs.graphs()]
    old = _old_version(names)
    push(old, f"{store}/query")
    _store_holds(store, old)

    answer = (503, {"Content-Type": "text/plain"}, b"store overloaded (test harness)") if failure == "503" else CLOSE
    proxy = harness(upstream=store, rule=_fail_writes_after(2, answer))
    with pytest.raises(QueryError) as caught:
        push(three_docs, f"{proxy.url}/query")
    lines = caught.value.message.splitlines()
    first = f"push stopped at graph <{names[2]}> (3 of 5): "
    if failure == "503":
        assert lines[0] == first + f"{proxy.url}/store refused the PUT of graph <{names[2]}> (HTTP 503): store overloaded (test harness)"
    else:
        assert lines[0].startswith(first + f"cannot reach {proxy.url}/store: ")  # the graph is named before
        assert lines[0].endswith(": Remote end closed connection without response")
    assert lines[1:] == [
        f"  replaced by this push (2): graph <{names[0]}>, graph <{names[1]}>",
        f"  still the store's old version (3): graph <{names[2]}>, graph <{names[3]}>, graph <{names[4]}>",
        "  no graph is half old, half new; once the cause is fixed, re-running the same push completes it",
    ]
    assert _graphs_on(store) == set(names)
    for name in names[:2]:
        assert _same(_nt_on(store, name), _local_nt(three_docs, name)), name
    for name in names[2:]:
        assert _triples(_nt_on(store, name)) == _triples(_local_nt(old, name)), name

    proxy.rule = None  # the store is healthy again: the same push completes it
    report = push(three_docs, f"{proxy.url}/query")
    assert [(g.graph, g.triples) for g in report.graphs] == [(n, _local_nt(three_docs, n).count(b"\n")) for n in names]
    _store_holds(store, three_docs)


# --- 4. SPARQL Update in batches through a staging graph ---------------------------------------


def _triple_lines(body: bytes) -> int:
    return sum(1 for line in body.splitlines() if line.rstrip().endswith(b" ."))


def test_staged_sparql_update_lands_every_graph_and_leaves_no_staging_graph(store, harness, seed_graph):
    proxy = harness(upstream=store)
    report = push(seed_graph, f"{proxy.url}/query", update_url=f"{proxy.url}/update", batch=100)
    assert {g.method for g in report.graphs} == {"update"}
    sizes = {g.graph: g.triples for g in report.graphs}
    assert sizes == {g.value: _local_nt(seed_graph, g.value).count(b"\n") for g in seed_graph.graphs()}
    by_name = {g.graph: g.requests for g in report.graphs}
    assert sizes[SEED_DOC] > 5000 and by_name[SEED_DOC] == -(-sizes[SEED_DOC] // 100) + 2  # batches of 100, the staging DROP and the MOVE
    assert all(r > 1 for r in by_name.values())
    assert not [s for s in proxy.seen if s.path.startswith("/store")]  # update only

    inserts = [s for s in proxy.seen if b"INSERT DATA" in s.body]
    assert inserts and all(STAGING.encode() in s.body for s in inserts)
    assert max(_triple_lines(s.body) for s in inserts) <= 100
    moves = [s.body.decode() for s in proxy.seen if s.body.startswith(b"MOVE")]
    assert len(moves) == 3 and f"TO GRAPH <{SEED_DOC}>" in moves[0]

    for name, n in sizes.items():
        assert _select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}") == [{"n": str(n)}]
    _store_holds(store, seed_graph)
    assert not [g for g in _graphs_on(store) if g.startswith(STAGING)]


def test_a_failed_batch_leaves_the_old_graph_and_no_staging_graph(store, harness, seed_graph):
    names = [g.value for g in seed_graph.graphs()]
    old = _old_version([SEED_DOC])
    push(old, f"{store}/query")
    staged_when_refused: list[list[dict[str, str]]] = []
    batches = itertools.count(1)

    def third_batch_fails(seen: Seen) -> Answer | None:
        if b"INSERT DATA" in seen.body and STAGING.encode() in seen.body and next(batches) == 3:
            staged_when_refused.append(_select(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
            return 503, {"Content-Type": "text/plain"}, b"store overloaded (test harness)"
        return None

    proxy = harness(upstream=store, rule=third_batch_fails)
    with pytest.raises(QueryError) as caught:
        push(seed_graph, f"{proxy.url}/query", update_url=f"{proxy.url}/update", batch=100)
    lines = caught.value.message.splitlines()
    assert re.fullmatch(re.escape(f"push stopped at graph <{SEED_DOC}> (1 of 3): {proxy.url}/update refused a batch of "
                                  f"graph <{SEED_DOC}> (into <{STAGING}") + "[0-9a-f]{24}"
                        + re.escape(">) (HTTP 503): store overloaded (test harness)"), lines[0]), lines[0]
    assert lines[1:] == [
        "  replaced by this push (0): none",
        f"  still the store's old version (3): graph <{names[0]}>, graph <{names[1]}>, graph <{names[2]}>",
        "  no graph is half old, half new; once the cause is fixed, re-running the same push completes it",
    ]
    # two batches had reached the staging graph when the third was refused …
    (staged,) = staged_when_refused
    assert {row["n"] for row in staged if row["g"].startswith(STAGING)} == {"200"}
    # … and afterwards the target is exactly its old version and no staging graph is left
    assert _triples(_nt_on(store, SEED_DOC)) == _triples(_local_nt(old, SEED_DOC))
    assert _graphs_on(store) == {SEED_DOC}
    assert proxy.seen[-1].body.startswith(f"DROP SILENT GRAPH <{STAGING}".encode())


# --- 5. a store that refuses large batches -----------------------------------------------------


def _memory_limit(seen: Seen) -> Answer | None:
    if seen.method == "POST" and seen.path == "/update" and _triple_lines(seen.body) > 300:
        return 400, {"Content-Type": "text/plain"}, b"Error: memory exhausted while compiling the update"
    return None


def test_a_store_that_runs_out_of_memory_gets_smaller_batches(store, harness, seed_graph):
    healthy = push(seed_graph, f"{store}/query", update_url=f"{store}/update", batch=6000)
    assert [g.requests for g in healthy.graphs] == [1, 1, 1]  # each graph fits in one request
    _update(store, "DROP ALL")

    proxy = harness(upstream=store, rule=_memory_limit)
    report = push(seed_graph, f"{proxy.url}/query", update_url=f"{proxy.url}/update", batch=6000)
    assert [(g.graph, g.triples, g.method) for g in report.graphs] == [(g.graph, g.triples, "update") for g in healthy.graphs]
    assert all(g.requests > 1 for g in report.graphs)  # every graph holds more than 300 triples
    refused = [s for s in proxy.seen if s.status == 400]
    accepted = [s for s in proxy.seen if b"INSERT DATA" in s.body and s.status in (200, 204)]
    assert refused and accepted
    assert all(_triple_lines(s.body) > 300 for s in refused)
    assert max(_triple_lines(s.body) for s in accepted) <= 300
    assert sum(_triple_lines(s.body) for s in accepted) == len(seed_graph)  # each triple accepted once
    _store_holds(store, seed_graph)


# --- 6. blank nodes stay whole across batches --------------------------------------------------


def test_nested_blank_nodes_pushed_in_tiny_batches_arrive_whole(store, tmp_path):
    path = tmp_path / "nested.ttl"
    rows = ["@prefix ex: <https://example.org/> ."]
    for i in range(20):
        rows.append(f'ex:s{i} ex:has [ ex:label "node {i}" ; ex:inner [ ex:depth 2 ; '
                    f'ex:inner [ ex:depth 3 ; ex:note "see _:x and _:b{i}" ] ] ] ; ex:title "subject {i}" .')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    graph = load_graph(path)
    local = _local_nt(graph, None)
    assert local.count(b"\n") == 20 * 8 and b"_:" in local

    report = push(graph, f"{store}/query", update_url=f"{store}/update", batch=2)
    ((name, triples, method, requests),) = [(g.graph, g.triples, g.method, g.requests) for g in report.graphs]
    assert (name, triples, method) == (None, 160, "update")
    assert requests > 20 + 2  # at least one batch per subject's blank nodes, the DROP and the MOVE
    remote = _default_nt(store)
    # a blank node split over two requests would be two nodes here
    assert len({t.object for t in _triples(remote) if isinstance(t.object, ox.BlankNode)}) == 60
    assert _same(remote, local)
    assert _graphs_on(store) == set()


# --- 7. properties of batching and of credentials in URLs --------------------------------------

LABELS = [f"b{i}" for i in range(6)]
IRIS = ["<https://e.org/a>", "<https://e.org/b>", "<https://e.org/c>"]
_blank = st.sampled_from(LABELS).map(lambda label: (f"_:{label}", [label]))
_iri = st.sampled_from(IRIS).map(lambda iri: (iri, []))
_literal = st.tuples(
    st.lists(st.sampled_from(["_:x", "_:b1", "_:b2 .", '\\"', " ", "a", "<x>", "é"]), max_size=5).map("".join),
    st.sampled_from(["", "@en", "^^<http://www.w3.org/2001/XMLSchema#string>"]),
).map(lambda t: (f'"{t[0]}"{t[1]}', []))
_line = st.tuples(st.one_of(_iri, _blank), st.sampled_from(IRIS), st.one_of(_iri, _blank, _literal)).map(
    lambda t: (f"{t[0][0]} {t[1]} {t[2][0]} .\n".encode(), t[0][1] + t[2][1]))


def _one_group(batch: list[bytes], labels_of: dict[bytes, list[str]]) -> bool:
    """Every line has a blank node and they are all connected through shared labels."""
    if not all(labels_of[line] for line in batch):
        return False
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for line in batch:
        first, *rest = labels_of[line]
        for other in rest:
            parent[root(other)] = root(first)
    return len({root(labels_of[line][0]) for line in batch}) == 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=40), st.integers(min_value=1, max_value=8))
def test_batches_keep_every_line_once_and_each_blank_node_in_one_batch(items, size):
    lines = [line for line, _ in items]
    labels_of = {line: labels for line, labels in items}
    batches = list(_batches(lines, size))
    assert all(batches)
    assert Counter(line for batch in batches for line in batch) == Counter(lines)
    batch_of: dict[str, int] = {}
    for i, batch in enumerate(batches):
        for line in batch:
            for label in labels_of[line]:
                assert batch_of.setdefault(label, i) == i, (label, batches)
    for batch in batches:
        assert len(batch) <= size or _one_group(batch, labels_of), (size, batch)


_user = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="@/:"), min_size=1, max_size=20)
_password = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=400, deadline=None)
@given(_user, _password)
def test_split_credentials_and_redact(user, password):
    quoted_user, quoted_password = urllib.parse.quote(user, safe=""), urllib.parse.quote(password, safe="")
    url = f"http://{quoted_user}:{quoted_password}@127.0.0.1:8890/sparql?x=1"
    clean, got_user, got_password = split_credentials(url)
    assert clean == "http://127.0.0.1:8890/sparql?x=1"
    assert "@" not in urllib.parse.urlsplit(clean).netloc
    assert (got_user, got_password) == (user, password)

    redacted = redact(url)
    assert redacted == f"http://{quoted_user}:***@127.0.0.1:8890/sparql?x=1"
    assert redact(f"cannot reach {url}: refused") == f"cannot reach {redacted}: refused"
    for secret in {password, quoted_password}:  # unless the user name or the rest of the URL holds it too
        if len(password) >= 4 and secret not in f"http://{quoted_user}:@127.0.0.1:8890/sparql?x=1":
            assert secret not in redacted


# --- 8. not a store, or a store without a way to write -----------------------------------------


def test_an_html_page_is_not_a_sparql_endpoint(harness, three_docs):
    page = b"<html><head><title>Welcome</title></head><body><h1>It works</h1></body></html>"
    h = harness(rule=lambda seen: (200, {"Content-Type": "text/html; charset=utf-8"}, page))
    with pytest.raises(QueryError) as caught:
        push(three_docs, f"{h.url}/query")
    assert caught.value.message == (f"{h.url}/query is not a SPARQL endpoint: ASK {{}} came back as "
                                    "text/html; charset=utf-8, not SPARQL results")
    assert [s.method for s in h.seen] == ["GET"]  # nothing was written


def test_no_graph_store_or_update_endpoint_found(store, harness, three_docs):
    proxy = harness(upstream=store, rule=lambda seen: None if seen.path.startswith("/query") else
                    (404, {"Content-Type": "text/plain"}, b"Not Found"))
    with pytest.raises(QueryError) as caught:
        push(three_docs, f"{proxy.url}/query")
    first = three_docs.graphs()[0].value
    u = proxy.url
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{first}> (1 of 5): found no Graph Store or SPARQL Update endpoint for {u}/query "
        f"(tried {u}/store, {u}/data, {u}/update); give --store URL (Graph Store) or --update URL (SPARQL Update): "
        "e.g. Oxigraph …/store, Fuseki /ds/data, GraphDB /repositories/X/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth"
    )
    assert {s.path.split("?")[0] for s in proxy.seen if s.status == 404} == {"/store", "/data", "/update"}
    assert _graphs_on(store) == set()
