"""push's rules one by one, against a real Oxigraph server and harnesses in front of it
(tests/harness.py): what it refuses before sending anything, which URLs it writes to, what it
reports, what it says when a store fails. Written against the survivors of mutation testing
(docs/testing.md); every expectation is the exact message or what the store holds afterwards."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from conftest import oxigraph_server
from harness import Seen, basic
from normgraph.errors import QueryError
from normgraph.graph._http import Credentials
from normgraph.graph.push import STAGING, PushedGraph, PushReport, _batches, push
from normgraph.graph.store import KnowledgeGraph

EX = "https://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"
ASK_TRUE = (200, {"Content-Type": "application/sparql-results+json"}, b'{"head": {}, "boolean": true}')
NOT_FOUND = (404, {"Content-Type": "text/plain"}, b"Not Found")


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    with oxigraph_server() as base:
        yield base


@pytest.fixture()
def store(oxigraph: str) -> str:
    """The module's Oxigraph, emptied."""
    _post(f"{oxigraph}/update", "DROP ALL", "application/sparql-update")
    return oxigraph


def _post(url: str, body: str, content_type: str, accept: str = "*/*") -> bytes:
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def _counts(base: str) -> dict[str, int]:
    """Triples per graph on the store ("" for the default graph)."""
    answer = json.loads(_post(f"{base}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
                                                 "{ ?s ?p ?o } } GROUP BY ?g", "application/sparql-query",
                              "application/sparql-results+json"))
    return {row.get("g", {}).get("value", ""): int(row["n"]["value"]) for row in answer["results"]["bindings"]}


def _tiny(default: bool = False) -> KnowledgeGraph:
    """Two named graphs of 3 and 2 triples (and one triple in the default graph if asked)."""
    store = ox.Store()
    for graph, n in ((G1, 3), (G2, 2)):
        for i in range(n):
            store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"{graph} {i}"), ox.NamedNode(graph)))
    if default:
        store.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal("default"), ox.DefaultGraph()))
    return KnowledgeGraph(store)


def _rewrite(h, prefix: str, to: str):  # type: ignore[no-untyped-def]
    """A rule: requests under ``prefix`` go to the upstream store's ``to`` path, others are 404."""
    def rule(seen: Seen):  # type: ignore[no-untyped-def]
        path, _, query = seen.path.partition("?")
        if path == "/query":
            return None
        if path == prefix:
            return h.forward(Seen(seen.method, to + ("?" + query if query else ""), seen.headers, seen.body))
        return NOT_FOUND
    return rule


# --- the report -------------------------------------------------------------------------------


def test_the_report_says_each_graph_its_way_and_its_requests():
    report = PushReport("http://127.0.0.1:7878/query", (
        PushedGraph(G1, 3, "graph-store"), PushedGraph(None, 1, "update", 1), PushedGraph(G2, 2, "update", 2)), "Oxigraph",
        "http://127.0.0.1:7878/store")
    assert report.text() == (
        "pushed 6 triples in 3 graphs to http://127.0.0.1:7878/query (Oxigraph), confirmed by the store's count\n"
        f"  {G1}  3 triples  (graph-store)\n"
        "  (default graph)  1 triples  (update)\n"
        f"  {G2}  2 triples  (update, 2 requests)")
    assert PushReport("http://u:secret@127.0.0.1:1/sparql").text() == (
        "pushed 0 triples in 0 graphs to http://u:***@127.0.0.1:1/sparql, confirmed by the store's count")


def test_a_push_reports_the_store_the_url_that_took_the_data_and_progress(store):
    calls: list[tuple[int, int, int, int]] = []
    report = push(_tiny(default=True), f"{store}/query", progress=lambda *a: calls.append(a))
    assert (report.product, report.target, report.endpoint) == ("Oxigraph", f"{store}/store", f"{store}/query")
    assert report.graphs == (PushedGraph(G1, 3, "graph-store"), PushedGraph(G2, 2, "graph-store"),
                             PushedGraph(None, 1, "graph-store"))
    assert calls == [(1, 3, 3, 6), (2, 3, 5, 6), (3, 3, 6, 6)]
    assert _counts(store) == {G1: 3, G2: 2, "": 1}


# --- refused before anything is sent ----------------------------------------------------------


@pytest.mark.parametrize("which", ["endpoint", "store_url", "update_url"])
def test_a_url_that_is_not_http_is_refused_first(which, harness):
    h = harness(rule=lambda seen: ASK_TRUE)
    urls = {"endpoint": f"{h.url}/query", which: "ftp://alice:secret@127.0.0.1/data"}
    endpoint = urls.pop("endpoint")
    with pytest.raises(QueryError) as caught:
        push(_tiny(), endpoint, **urls)
    assert caught.value.message == "'ftp://127.0.0.1/data' is not an http(s) URL"  # no password in it
    assert h.seen == []


@pytest.mark.parametrize("which", ["endpoint", "store_url", "update_url"])
def test_https_is_a_url_push_takes(which, harness):
    h = harness(rule=lambda seen: ASK_TRUE)
    urls = {"endpoint": f"{h.url}/query", which: "https://127.0.0.1:1/x"}
    endpoint = urls.pop("endpoint")
    with pytest.raises(QueryError) as caught:
        push(_tiny(), endpoint, **urls, timeout=5)
    assert caught.value.message.startswith(("cannot reach https://127.0.0.1:1/x", "push stopped at graph"))
    assert "not an http(s) URL" not in caught.value.message


def test_a_graph_name_that_is_not_an_iri_is_refused(harness):
    h = harness(rule=lambda seen: ASK_TRUE)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", into="not an IRI")
    assert caught.value.message == "--graph 'not an IRI' is not a valid IRI"
    assert h.seen == []


def test_a_batch_below_one_is_refused_and_one_works(store, harness):
    h = harness(rule=lambda seen: ASK_TRUE)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", batch=0)
    assert caught.value.message == "--batch must be at least 1 (got 0)"
    assert h.seen == []
    report = push(_tiny(), f"{store}/query", update_url=f"{store}/update", batch=1)
    assert report.graphs == (PushedGraph(G1, 3, "update", 5), PushedGraph(G2, 2, "update", 4))
    assert _counts(store) == {G1: 3, G2: 2}


# --- where it writes --------------------------------------------------------------------------


def test_a_user_without_a_password_in_the_url_sends_an_empty_one(store, harness):
    h = harness(upstream=store, auth=Credentials("alice", ""))
    push(_tiny(), f"http://alice@{h.url.removeprefix('http://')}/query")
    assert {s.headers.get("authorization") for s in h.seen if s.status != 401} == {basic(Credentials("alice", ""))}
    assert _counts(store)[G1] == 3


def test_the_store_url_given_is_the_one_written_to_without_its_credentials(store, harness):
    h = harness(upstream=store)
    h.rule = _rewrite(h, "/my/graphs", "/store")
    report = push(_tiny(), f"{h.url}/query", store_url=f"http://bob:secret@{h.url.removeprefix('http://')}/my/graphs")
    assert report.target == f"{h.url}/my/graphs"
    puts = [s for s in h.seen if s.method == "PUT"]
    assert [s.path for s in puts] == [f"/my/graphs?graph={urllib.parse.quote(g, safe='')}" for g in (G1, G2)]
    assert all("authorization" not in s.headers for s in h.seen)
    assert _counts(store) == {G1: 3, G2: 2}


def test_an_update_url_alone_means_sparql_update_though_a_graph_store_exists(store, harness):
    h = harness(upstream=store, server_header="Oxigraph/0.4.11")
    h.rule = _rewrite(h, "/my/update", "/update")
    report = push(_tiny(), f"{h.url}/query", update_url=f"{h.url}/my/update")
    assert (report.target, report.product) == (f"{h.url}/my/update", "Oxigraph")
    assert [g.method for g in report.graphs] == ["update", "update"]
    assert not any(s.method == "PUT" for s in h.seen)
    assert _counts(store) == {G1: 3, G2: 2}


@pytest.mark.parametrize("credentials, tried", [
    (None, "{u}/sparql-graph-crud, {u}/sparql"),
    (Credentials("dba", "dba"), "{u}/sparql-graph-crud-auth, {u}/sparql-auth"),  # Virtuoso asks only there
])
def test_a_store_whose_server_header_names_its_product_is_written_at_its_urls(credentials, tried, harness):
    h = harness(server_header="Virtuoso/07.20.3238 (Linux) x86_64-pc-linux-gnu",
                rule=lambda seen: ASK_TRUE if seen.method == "GET" and seen.path.startswith("/sparql?") else NOT_FOUND)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/sparql", credentials=credentials)
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{G1}> (1 of 2): found no Graph Store or SPARQL Update endpoint for {h.url}/sparql "
        f"(tried {tried.format(u=h.url)}); give --store URL (Graph Store) or --update URL (SPARQL Update): "
        "e.g. Oxigraph …/store, Fuseki /ds/data, GraphDB /repositories/X/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth")


def test_a_store_that_does_not_answer_in_time(harness):
    def slow(seen: Seen):  # type: ignore[no-untyped-def]
        time.sleep(3)
        return ASK_TRUE
    h = harness(rule=slow)
    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", timeout=0.5)
    assert caught.value.message == f"no answer from {h.url}/query within 0.5 s"
    assert time.monotonic() - started < 2.5


# --- what it says when a store fails ------------------------------------------------------------


def test_a_store_refusing_the_default_graph_is_told_about_graph(store, harness):
    refusal = (400, {"Content-Type": "text/plain"}, b"no default graph here")
    h = harness(upstream=store, rule=lambda seen: refusal if seen.method == "PUT" and "?default" in seen.path else None)
    with pytest.raises(QueryError) as caught:
        push(_tiny(default=True), f"{h.url}/query")
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at the default graph (3 of 3): {h.url}/store refused the PUT of the default graph (HTTP 400): "
        "no default graph here; a store with no default graph of its own (Virtuoso) takes these triples with --graph IRI")


def test_an_empty_graph_pushes_nothing_and_says_so(store):
    report = push(KnowledgeGraph(ox.Store()), f"{store}/query")
    assert (report.graphs, report.target, report.product) == ((), "", "Oxigraph")
    assert report.text() == f"pushed 0 triples in 0 graphs to {store}/query (Oxigraph), confirmed by the store's count"


def test_a_default_graph_with_nowhere_to_go_gets_no_hint_about_graph(harness):
    """The hint is for a store that refused the default graph over HTTP, not for one never found."""
    h = harness(rule=lambda seen: ASK_TRUE if seen.method == "GET" and seen.path.startswith("/query?") else NOT_FOUND)
    only_default = ox.Store()
    only_default.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal("default"), ox.DefaultGraph()))
    with pytest.raises(QueryError) as caught:
        push(KnowledgeGraph(only_default), f"{h.url}/query")
    assert caught.value.message == (
        f"found no Graph Store or SPARQL Update endpoint for {h.url}/query (tried {h.url}/store, {h.url}/data, "
        f"{h.url}/update); give --store URL (Graph Store) or --update URL (SPARQL Update): e.g. Oxigraph …/store, "
        "Fuseki /ds/data, GraphDB /repositories/X/rdf-graphs/service, Virtuoso /sparql-graph-crud-auth\n"
        "the store still holds its old version of the default graph")


def test_a_store_refusing_a_named_graph_gets_no_hint_about_default_graphs(store, harness):
    refusal = (400, {"Content-Type": "text/plain"}, b"refused")
    h = harness(upstream=store, rule=lambda seen: refusal if seen.method == "PUT" else None)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{G1}> (1 of 2): {h.url}/store refused the PUT of graph <{G1}> (HTTP 400): refused")


PLAIN = {"Content-Type": "text/plain"}


@pytest.mark.parametrize("answer, message", [
    ((404, PLAIN, b"nothing"), "no SPARQL endpoint at {u}/query (HTTP 404); give the store's query endpoint, "
     "e.g. http://127.0.0.1:7878/query (Oxigraph), …:8890/sparql (Virtuoso), …/ds/query (Fuseki)"),
    ((500, PLAIN, b"out of order"), "{u}/query answered HTTP 500: out of order"),
    ((200, {"Content-Type": "application/json"}, b'{"head": {}}'),
     "{u}/query is not a SPARQL endpoint: ASK {{}} came back as application/json, not SPARQL results"),
    ((200, {"Content-Type": "application/json"}, b"[true]"),
     "{u}/query is not a SPARQL endpoint: ASK {{}} came back as application/json, not SPARQL results"),
    ((200, {}, b"true"), "{u}/query is not a SPARQL endpoint: ASK {{}} came back as unknown content, not SPARQL results"),
    ((401, {"WWW-Authenticate": 'Basic realm="x"', **PLAIN}, b"who?"),
     "{u}/query needs authentication (HTTP 401): pass --user NAME (the password from NORMGRAPH_PASSWORD, "
     "--password-stdin, ~/.netrc or a prompt)"),
    ((403, PLAIN, b"read only"), "{u}/query forbids this to anonymous requests (HTTP 403): read only; pass --user NAME "
     "of a user allowed to write"),
])
def test_what_the_first_question_to_a_store_may_bring_back(answer, message, harness):
    h = harness(rule=lambda seen: answer)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message == message.format(u=h.url)
    assert [s.method for s in h.seen] == ["GET"]


def test_the_first_question_is_ask_on_the_endpoint_with_its_own_query_string(store, harness):
    h = harness(upstream=store, rule=lambda seen: None if seen.path.startswith("/query?x=1&query=") or seen.method != "GET"
                else NOT_FOUND)
    push(_tiny(), f"{h.url}/query?x=1", store_url=f"{h.url}/store")
    assert h.seen[0].path == "/query?x=1&query=ASK+%7B%7D"
    assert h.seen[0].headers["accept"] == "application/sparql-results+json"


def _counting(answer):  # type: ignore[no-untyped-def]
    """A rule: the store's count queries get ``answer`` (a function of the request), all else goes through."""
    return lambda seen: answer(seen) if seen.method == "POST" and seen.path == "/query" else None


def _count_answer(rows: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    """The rows with a graph answer the count per graph, the row without one the count of all."""
    def answer(seen: Seen):  # type: ignore[no-untyped-def]
        per_graph = "GROUP+BY" in seen.body.decode()
        chosen = [row for row in rows if ("g" in row) == per_graph]
        bindings = [{k: {"type": "literal" if k == "n" else "uri", "value": v} for k, v in row.items()} for row in chosen]
        body = json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": bindings}}).encode()
        return 200, {"Content-Type": "application/sparql-results+json"}, body
    return answer


@pytest.mark.parametrize("rows, default, message", [
    ([{"g": G1, "n": "2"}, {"g": G2, "n": "2"}], False,
     "{u}/query holds 2 triples in graph <" + G1 + "> after the push, not the 3 sent: the store did not keep them all "
     "(re-run the push; if it persists, the store changes data as it loads it)"),
    ([{"g": G1, "n": "3"}], False,
     "{u}/query holds 0 triples in graph <" + G2 + "> after the push, not the 2 sent: the store did not keep them all "
     "(re-run the push; if it persists, the store changes data as it loads it)"),
    ([{"g": G1, "n": "3"}, {"g": G2, "n": "2"}, {"n": "0"}], True,
     "{u}/query holds 0 triples in its default graph after the push, fewer than the 1 sent"),
])
def test_a_store_whose_count_differs_from_what_was_sent(rows, default, message, store, harness):
    h = harness(upstream=store, rule=_counting(_count_answer(rows)))
    with pytest.raises(QueryError) as caught:
        push(_tiny(default=default), f"{h.url}/query")
    assert caught.value.message == message.format(u=h.url)


def test_a_default_graph_holding_more_than_was_sent_is_confirmed(store, harness):
    rows = [{"g": G1, "n": "3"}, {"g": G2, "n": "2"}, {"n": "6"}]  # a union default graph
    h = harness(upstream=store, rule=_counting(_count_answer(rows)))
    assert push(_tiny(default=True), f"{h.url}/query").graphs[-1] == PushedGraph(None, 1, "graph-store")


def test_the_count_is_asked_for_exactly_the_graphs_pushed(store, harness):
    h = harness(upstream=store)
    push(_tiny(default=True), f"{h.url}/query")
    counts = [urllib.parse.parse_qs(s.body.decode())["query"][0] for s in h.seen if s.method == "POST"]
    assert counts == [
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ <{G1}> <{G2}> }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]
    assert all(s.headers["content-type"] == "application/x-www-form-urlencoded" and
               s.headers["accept"] == "application/sparql-results+json" for s in h.seen if s.method == "POST")


@pytest.mark.parametrize("answer, message", [
    ((500, PLAIN, b"busy"), "could not confirm the push: {u}/query answered HTTP 500 to a count: busy"),
    ((200, {"Content-Type": "application/json"}, b'{"results": {}}'),
     'could not confirm the push: {u}/query answered a count with {{"results": {{}}}}'),
    ((200, {"Content-Type": "application/json"}, b"not json"), "could not confirm the push: {u}/query answered a count with not json"),
])
def test_a_count_that_cannot_be_read(answer, message, store, harness):
    h = harness(upstream=store, rule=_counting(lambda seen: answer))
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message == message.format(u=h.url)


def test_a_one_graph_push_that_fails_says_the_old_version_stays(store, harness):
    h = harness(upstream=store, rule=lambda seen: (500, PLAIN, b"disk full") if seen.method == "PUT" else None)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", into=G1)
    assert caught.value.message == (f"{h.url}/store refused the PUT of graph <{G1}> (HTTP 500): disk full\n"
                                    f"the store still holds its old version of graph <{G1}>")


def test_a_failure_among_many_graphs_names_five_and_counts_the_rest(store, harness):
    many = ox.Store()
    names = [f"{EX}g{i}" for i in range(8)]
    for name in names:
        many.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal(name), ox.NamedNode(name)))
    h = harness(upstream=store, rule=lambda seen: (500, PLAIN, b"disk full") if seen.method == "PUT" else None)
    with pytest.raises(QueryError) as caught:
        push(KnowledgeGraph(many), f"{h.url}/query")
    first = f"graph <{names[0]}>"
    assert caught.value.message.splitlines() == [
        f"push stopped at {first} (1 of 8): {h.url}/store refused the PUT of {first} (HTTP 500): disk full",
        "  replaced by this push (0): none",
        "  still the store's old version (8): " + ", ".join(f"graph <{n}>" for n in names[:5]) + " and 3 more",
        "  no graph is half old, half new; once the cause is fixed, re-running the same push completes it"]


def _lines_graph(n: int) -> KnowledgeGraph:
    store = ox.Store()
    for i in range(n):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)), ox.NamedNode(G1)))
    return KnowledgeGraph(store)


@pytest.mark.parametrize("words", ["Out of memory", "Limit exceeded", "Request too large", "SPARQL text too long", "over the limit"])
def test_a_refusal_that_says_the_batch_is_too_big_halves_it(words, store, harness):
    refused: list[int] = []

    def rule(seen: Seen):  # type: ignore[no-untyped-def]
        if seen.method == "POST" and seen.path == "/update" and seen.body.count(b"\n") > 80:
            refused.append(seen.body.count(b"\n"))
            return 400, PLAIN, f"Error: {words}".encode()
        return None
    h = harness(upstream=store, rule=rule)
    calls: list[tuple[int, int, int, int]] = []
    report = push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update", progress=lambda *a: calls.append(a))
    assert len(refused) == 1
    assert report.graphs == (PushedGraph(G1, 120, "update", 4),)  # clear the staging graph, two batches, move
    assert calls == [(0, 1, 60, 120), (0, 1, 120, 120), (1, 1, 120, 120)]
    assert _counts(store) == {G1: 120}


def test_a_refusal_for_another_reason_is_not_retried_smaller(store, harness):
    h = harness(upstream=store, rule=lambda seen: (400, PLAIN, b"Error: syntax") if seen.method == "POST" and
                seen.path == "/update" else None)
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update")
    assert caught.value.message == (f"{h.url}/update refused the update of graph <{G1}> (HTTP 400): Error: syntax\n"
                                    f"the store still holds its old version of graph <{G1}>")
    assert len([s for s in h.seen if s.path == "/update"]) == 1


def test_a_put_too_large_for_the_store_goes_as_updates(store, harness):
    h = harness(upstream=store, rule=lambda seen: (413, PLAIN, b"too big") if seen.method == "PUT" else None)
    report = push(_tiny(), f"{h.url}/query")
    assert report.graphs == (PushedGraph(G1, 3, "update", 1), PushedGraph(G2, 2, "update", 1))
    assert report.target == f"{h.url}/update"
    assert _counts(store) == {G1: 3, G2: 2}


# --- SPARQL Update: one request when the graph fits, what goes in it, and its refusals ----------


def test_a_graph_of_exactly_one_batch_goes_in_one_request_replacing_the_old_one(store):
    _post(f"{store}/update", f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX}old> <{EX}p> 'old' }} }}", "application/sparql-update")
    calls: list[tuple[int, int, int, int]] = []
    report = push(_tiny(), f"{store}/query", update_url=f"{store}/update", batch=3, progress=lambda *a: calls.append(a))
    assert report.graphs == (PushedGraph(G1, 3, "update", 1), PushedGraph(G2, 2, "update", 1))
    assert calls == [(1, 2, 3, 5), (2, 2, 5, 5)]
    assert _counts(store) == {G1: 3, G2: 2}  # the old triple is gone: the graph was dropped first


def test_whole_graph_updates_write_whole_decimals_as_the_store_named_in_its_server_header_needs(harness, store):
    decimals = ox.Store()
    decimals.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}n"), ox.Literal("5", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal")), ox.NamedNode(G1)))
    h = harness(upstream=store, server_header="Virtuoso/07.20.3238 (Linux) x86_64-pc-linux-gnu")
    h.rule = lambda seen: NOT_FOUND if seen.method == "PUT" else None
    push(KnowledgeGraph(decimals), f"{h.url}/query", update_url=f"{h.url}/update")
    (update,) = [s.body.decode() for s in h.seen if s.method == "POST" and s.path == "/update"]
    assert update == (f"DROP SILENT GRAPH <{G1}> ;\nINSERT DATA {{ GRAPH <{G1}> {{\n"
                      f'<{EX}s> <{EX}n> "5.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n}} }}')


def test_the_next_update_candidate_is_tried_when_one_is_not_there(harness, store):
    """Fuseki's candidates are …/ds/update, then …/ds itself."""
    h = harness(upstream=store, server_header="Apache Jena Fuseki (4.10.0)")

    def rule(seen: Seen):  # type: ignore[no-untyped-def]
        path = seen.path.partition("?")[0]
        if path == "/ds/query":
            return h.forward(Seen(seen.method, seen.path.replace("/ds/query", "/query"), seen.headers, seen.body))
        if seen.method == "POST" and path == "/ds":
            return h.forward(Seen("POST", "/update", seen.headers, seen.body))
        return NOT_FOUND
    h.rule = rule
    report = push(_tiny(), f"{h.url}/ds/query")
    assert (report.target, report.product) == (f"{h.url}/ds", "Fuseki")
    assert _counts(store) == {G1: 3, G2: 2}


@pytest.mark.parametrize("where", ["PUT", "POST"])
def test_a_write_forbidden_to_the_user_says_who_was_refused(where, store, harness):
    h = harness(upstream=store, rule=lambda seen: (403, PLAIN, b"read only") if seen.method == where else None)
    kwargs = {"update_url": f"{h.url}/update"} if where == "POST" else {}
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", credentials=Credentials("alice", "pw"), **kwargs)
    target = f"{h.url}/update" if where == "POST" else f"{h.url}/store"
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{G1}> (1 of 2): {target} forbids this to user 'alice' (HTTP 403): read only")


def test_a_413_to_a_whole_graph_update_halves_it_whatever_the_body_says(store, harness):
    h = harness(upstream=store, rule=lambda seen: (413, PLAIN, b"nope") if seen.method == "POST" and seen.path == "/update"
                and seen.body.count(b"\n") > 80 else None)
    report = push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update")
    assert report.graphs == (PushedGraph(G1, 120, "update", 4),)
    assert _counts(store) == {G1: 120}


def test_a_graph_of_the_smallest_batch_is_not_split_further(store, harness):
    h = harness(upstream=store, rule=lambda seen: (400, PLAIN, b"Error: Out of memory") if seen.method == "POST" and
                seen.path == "/update" and seen.body.count(b"\n") > 40 else None)
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(50), f"{h.url}/query", update_url=f"{h.url}/update")
    assert caught.value.message.splitlines()[0] == (
        f"{h.url}/update refused the update of graph <{G1}> (HTTP 400): Error: Out of memory")


# --- staged SPARQL Update: batches into a staging graph, then one MOVE ------------------------

DEFAULT_STAGING = STAGING + hashlib.sha256(b"default").hexdigest()[:24]


def _default_only(n: int) -> KnowledgeGraph:
    store = ox.Store()
    for i in range(n):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)), ox.DefaultGraph()))
    return KnowledgeGraph(store)


def test_a_rerun_clears_what_a_failed_staged_push_left_in_the_staging_graph(store):
    """The staging graph's name is fixed per graph, so the next push drops a leftover before loading."""
    _post(f"{store}/update", f"INSERT DATA {{ GRAPH <{DEFAULT_STAGING}> {{ <{EX}left> <{EX}p> 'over' }} }}",
          "application/sparql-update")
    report = push(_default_only(3), f"{store}/query", update_url=f"{store}/update", batch=2)
    assert report.graphs == (PushedGraph(None, 3, "update", 4),)
    assert _counts(store) == {"": 3}  # the leftover went with the staging graph; nothing else remains


@pytest.mark.parametrize("answer, words", [
    ((403, PLAIN, b"read only"), "forbids this to user 'alice' (HTTP 403): read only"),
    ((500, PLAIN, b"disk full"), "refused clearing the staging graph <" + STAGING + "{h}> (HTTP 500): disk full"),
])
def test_a_staging_graph_that_cannot_be_cleared(answer, words, store, harness):
    h = harness(upstream=store, rule=lambda seen: answer if seen.body.startswith(f"DROP SILENT GRAPH <{STAGING}".encode())
                else None)
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(3), f"{h.url}/query", update_url=f"{h.url}/update", batch=2, credentials=Credentials("alice", "pw"))
    name_hash = hashlib.sha256(G1.encode()).hexdigest()[:24]
    assert caught.value.message.splitlines()[0] == f"{h.url}/update {words.format(h=name_hash)}"


def test_staged_batches_write_whole_decimals_as_the_store_named_in_its_server_header_needs(harness, store):
    decimals = ox.Store()
    for i in range(3):
        decimals.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}n"), ox.Literal(str(i), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#decimal")), ox.NamedNode(G1)))
    h = harness(upstream=store, server_header="Virtuoso/07.20.3238 (Linux) x86_64-pc-linux-gnu")
    h.rule = lambda seen: NOT_FOUND if seen.method == "PUT" else None
    push(KnowledgeGraph(decimals), f"{h.url}/query", update_url=f"{h.url}/update", batch=2)
    inserts = [s.body.decode() for s in h.seen if s.method == "POST" and s.body.startswith(b"INSERT DATA")]
    assert len(inserts) == 2 and all('.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' in i for i in inserts)
    assert not any('"0"^^' in i or '"1"^^' in i or '"2"^^' in i for i in inserts)


def test_a_413_to_a_staged_batch_halves_the_batches(store, harness):
    h = harness(upstream=store, rule=lambda seen: (413, PLAIN, b"nope") if seen.body.startswith(b"INSERT DATA")
                and seen.body.count(b"\n") > 55 else None)
    report = push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update", batch=60)
    # clear, one batch of 60 refused, 50 + 50 + 20 (halved, but never below 50), move
    assert report.graphs == (PushedGraph(G1, 120, "update", 6),)
    assert [s.body.count(b"\n") - 1 for s in h.seen if s.body.startswith(b"INSERT DATA")] == [60, 50, 50, 20]
    assert _counts(store) == {G1: 120}


def test_a_staged_batch_refused_for_another_reason_stops_the_push(store, harness):
    h = harness(upstream=store, rule=lambda seen: (400, PLAIN, b"Error: syntax") if seen.body.startswith(b"INSERT DATA")
                and seen.body.count(b"\n") > 55 else None)  # smaller batches would pass: they must not be tried
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update", batch=60)
    staging = STAGING + hashlib.sha256(G1.encode()).hexdigest()[:24]
    assert caught.value.message.splitlines()[0] == (
        f"{h.url}/update refused a batch of graph <{G1}> (into <{staging}>) (HTTP 400): Error: syntax")
    assert _counts(store) == {}


def test_batches_are_halved_not_cut_in_three(store, harness):
    h = harness(upstream=store, rule=lambda seen: (413, PLAIN, b"nope") if seen.body.startswith(b"INSERT DATA")
                and seen.body.count(b"\n") > 101 else None)
    push(_lines_graph(240), f"{h.url}/query", update_url=f"{h.url}/update", batch=120)
    assert [s.body.count(b"\n") - 1 for s in h.seen if s.body.startswith(b"INSERT DATA")] == [120, 60, 60, 60, 60]
    assert _counts(store) == {G1: 240}


@pytest.mark.parametrize("answer, words", [
    ((413, PLAIN, b"nope"), "refused a batch of graph <{g}> (into <{s}>) (HTTP 413): nope"),
    ((403, PLAIN, b"read only"), "forbids this to user 'alice' (HTTP 403): read only"),
])
def test_a_refused_batch_of_the_smallest_size_stops_the_push(answer, words, store, harness):
    h = harness(upstream=store, rule=lambda seen: answer if seen.body.startswith(b"INSERT DATA") else None)
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(100), f"{h.url}/query", update_url=f"{h.url}/update", batch=50, credentials=Credentials("alice", "pw"))
    staging = STAGING + hashlib.sha256(G1.encode()).hexdigest()[:24]
    assert caught.value.message.splitlines()[0] == f"{h.url}/update " + words.format(g=G1, s=staging)
    assert len([s for s in h.seen if s.body.startswith(b"INSERT DATA")]) == 1


@pytest.mark.parametrize("answer, words", [
    ((500, PLAIN, b"disk full"), "refused moving <{s}> onto graph <{g}> (HTTP 500): disk full"),
    ((403, PLAIN, b"read only"), "forbids this to user 'alice' (HTTP 403): read only"),
])
def test_a_refused_move_onto_the_graph_stops_the_push_and_drops_the_staging_graph(answer, words, store, harness):
    h = harness(upstream=store, rule=lambda seen: answer if seen.body.startswith(b"MOVE") else None)
    with pytest.raises(QueryError) as caught:
        push(_lines_graph(3), f"{h.url}/query", update_url=f"{h.url}/update", batch=2, credentials=Credentials("alice", "pw"))
    staging = STAGING + hashlib.sha256(G1.encode()).hexdigest()[:24]
    assert caught.value.message.splitlines()[0] == f"{h.url}/update " + words.format(g=G1, s=staging)
    assert _counts(store) == {}  # no staging graph left behind


def test_an_update_redirected_to_another_origin_is_refused_naming_the_post(store, harness):
    elsewhere = harness(upstream=store)
    h = harness(upstream=store, rule=lambda seen: (307, {"Location": f"{elsewhere.url}/update"}, b"")
                if seen.path == "/update" else None)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query", update_url=f"{h.url}/update")
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{G1}> (1 of 2): {h.url}/update redirected the POST to {elsewhere.url}/update, not the "
        "same scheme, host and port; refused (give that URL yourself if you trust it)")
    assert elsewhere.seen == []


def test_the_media_types_sent_are_the_protocols_own(store, harness):
    h = harness(upstream=store)
    push(_tiny(), f"{h.url}/query")
    push(_tiny(), f"{h.url}/query", update_url=f"{h.url}/update")
    assert {s.headers["content-type"] for s in h.seen if s.method == "PUT"} == {"application/n-triples"}
    assert {s.headers["content-type"] for s in h.seen if s.path == "/update"} == {"application/sparql-update"}


def test_blank_node_groups_fill_a_batch_to_its_size_exactly():
    lines = [b"_:a <p> <o> .\n", b"_:a <q> <o> .\n", b"_:b <p> <o> .\n", b"_:b <q> <o> .\n", b"<s> <p> <o> .\n"]
    assert list(_batches(lines, 4)) == [lines[:4], lines[4:]]
    assert list(_batches(lines, 3)) == [lines[:2], lines[2:]]


def test_a_blank_node_label_inside_a_literal_is_text():
    lines = [b"_:a <p> <o> .\n", b"<s> <p> <o> .\n", b'<s> <p> "see _:a here" .\n', b'_:b <p> "_:a"@en .\n']
    assert list(_batches(lines, 2)) == [lines[:2], lines[2:]]  # read as a label, line 3 would join line 1


def test_a_store_url_with_its_own_query_string_keeps_it(store, harness):
    h = harness(upstream=store)

    def rule(seen: Seen):  # type: ignore[no-untyped-def]
        path, _, query = seen.path.partition("?")
        if path == "/gsp" and query.startswith("token=abc&"):
            return h.forward(Seen(seen.method, "/store?" + query.removeprefix("token=abc&"), seen.headers, seen.body))
        return None if path == "/query" else NOT_FOUND
    h.rule = rule
    push(_tiny(default=True), f"{h.url}/query", store_url=f"{h.url}/gsp?token=abc")
    assert [s.path for s in h.seen if s.method == "PUT"] == [
        f"/gsp?token=abc&graph={urllib.parse.quote(G1, safe='')}", f"/gsp?token=abc&graph={urllib.parse.quote(G2, safe='')}",
        "/gsp?token=abc&default="]
    assert _counts(store) == {G1: 3, G2: 2, "": 1}


@pytest.mark.parametrize("names, shown", [
    (5, "graph <g0>, graph <g1>, graph <g2>, graph <g3>, graph <g4>"),
    (6, "graph <g0>, graph <g1>, graph <g2>, graph <g3>, graph <g4> and 1 more"),
])
def test_a_failure_names_up_to_five_graphs(names, shown):
    from normgraph.graph.push import _partial
    plan = [(f"g{i}", b"") for i in range(names)]
    assert _partial("why", 0, plan).splitlines()[2] == f"  still the store's old version ({names}): {shown}"


def test_a_refusal_in_capitals_that_says_the_batch_is_too_big_halves_it(store, harness):
    h = harness(upstream=store, rule=lambda seen: (400, PLAIN, b"ERROR: OUT OF MEMORY") if seen.path == "/update"
                and seen.body.count(b"\n") > 80 else None)
    report = push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update")
    assert report.graphs == (PushedGraph(G1, 120, "update", 4),)


def test_a_default_graph_the_store_does_not_count_at_all(store, harness):
    h = harness(upstream=store, rule=_counting(_count_answer([{"g": G1, "n": "3"}, {"g": G2, "n": "2"}])))
    with pytest.raises(QueryError) as caught:
        push(_tiny(default=True), f"{h.url}/query")
    assert caught.value.message == f"{h.url}/query holds 0 triples in its default graph after the push, fewer than the 1 sent"


def test_a_quota_exceeded_refusal_halves_the_batch(store, harness):
    h = harness(upstream=store, rule=lambda seen: (400, PLAIN, b"Error: Quota exceeded") if seen.path == "/update"
                and seen.body.count(b"\n") > 80 else None)
    report = push(_lines_graph(120), f"{h.url}/query", update_url=f"{h.url}/update")
    assert report.graphs == (PushedGraph(G1, 120, "update", 4),)
    assert _counts(store) == {G1: 120}


def test_the_first_question_redirected_to_another_origin_is_refused_naming_the_get(store, harness):
    elsewhere = harness(upstream=store)
    h = harness(rule=lambda seen: (307, {"Location": f"{elsewhere.url}{seen.path}"}, b""))
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message == (
        f"{h.url}/query redirected the GET to {elsewhere.url}/query, not the same scheme, host and port; refused "
        "(give that URL yourself if you trust it)")
    assert elsewhere.seen == []


def test_a_count_redirected_to_another_origin_is_refused_naming_the_post(store, harness):
    elsewhere = harness(upstream=store)
    h = harness(upstream=store, rule=_counting(lambda seen: (307, {"Location": f"{elsewhere.url}/query"}, b"")))
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert f"{h.url}/query redirected the POST to {elsewhere.url}/query, not the same scheme" in caught.value.message
    assert elsewhere.seen == []


def test_a_store_that_does_not_name_itself_is_tried_at_the_usual_urls(store, harness):
    h = harness(upstream=store, server_header=None)
    h.rule = _rewrite(h, "/data", "/store")
    report = push(_tiny(), f"{h.url}/query")
    assert (report.product, report.target) == ("", f"{h.url}/data")
    assert [s.path.partition("?")[0] for s in h.seen if s.method == "PUT"] == ["/store", "/data", "/data"]
    assert _counts(store) == {G1: 3, G2: 2}


def test_a_put_refused_as_unauthenticated_asks_for_a_user(store, harness):
    h = harness(upstream=store, rule=lambda seen: (401, PLAIN, b"no") if seen.method == "PUT" else None)
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message.splitlines()[0] == (
        f"push stopped at graph <{G1}> (1 of 2): {h.url}/store needs authentication (HTTP 401): pass --user NAME "
        "(the password from NORMGRAPH_PASSWORD, --password-stdin, ~/.netrc or a prompt)")


def test_a_count_row_without_a_number_counts_as_none_kept(store, harness):
    h = harness(upstream=store, rule=_counting(_count_answer([{"g": G1}, {"g": G2, "n": "2"}])))
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    assert caught.value.message.startswith(f"{h.url}/query holds 0 triples in graph <{G1}> after the push, not the 3 sent")


def test_a_long_unreadable_count_is_quoted_to_200_characters(store, harness):
    h = harness(upstream=store, rule=_counting(lambda seen: (200, PLAIN, b"x" * 300)))
    with pytest.raises(QueryError) as caught:
        push(_tiny(), f"{h.url}/query")
    quoted = caught.value.message.rpartition(" answered a count with ")[2]
    assert quoted.startswith("x" * 199) and len(quoted) == 200


def test_a_default_graph_pushed_by_update_replaces_the_old_one(store):
    _post(f"{store}/update", f"INSERT DATA {{ <{EX}old> <{EX}p> 'stale' }}", "application/sparql-update")
    report = push(_default_only(2), f"{store}/query", update_url=f"{store}/update")
    assert report.graphs == (PushedGraph(None, 2, "update", 1),)
    assert _counts(store) == {"": 2}
