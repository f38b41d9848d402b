"""Against a real Oxigraph server: push, then every named query gives the same rows remotely as
locally; failures of the endpoint each end as one clear line."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from normgraph import build_graph
from normgraph.errors import QueryError
from normgraph.graph._stores import store_urls
from normgraph.graph.push import push
from normgraph.graph.remote import Endpoint
from normgraph.queries import list_queries, run_named, run_sparql

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _normalised(result) -> list[tuple]:
    """Rows as comparable tuples; GROUP_CONCAT lists compared as sets (SPARQL leaves their order open)."""
    out = []
    for row in result.records():
        out.append(tuple(sorted((k, " ".join(sorted(v.split())) if k == "unverified" and v else v)
                                for k, v in row.items())))
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def pushed(oxigraph_url, seed_graph):
    report = push(seed_graph, oxigraph_url)
    return oxigraph_url, report


def test_push_loads_each_named_graph(pushed, seed_graph):
    url, report = pushed
    assert [g.graph for g in report.graphs] == [g.value for g in seed_graph.graphs()]
    assert {g.method for g in report.graphs} == {"graph-store"}
    (row,) = run_sparql(Endpoint(url), COUNT_ALL).records()
    assert row["n"] == len(seed_graph)


def test_pushing_twice_leaves_the_same_triple_count(pushed, seed_graph):
    url, _ = pushed
    push(seed_graph, url)
    (row,) = run_sparql(Endpoint(url), COUNT_ALL).records()
    assert row["n"] == len(seed_graph)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_named_query_gives_the_same_rows_remotely(pushed, seed_graph, query):
    url, _ = pushed
    params = {p.name: p.example for p in query.params if p.example}
    local = run_named(seed_graph, query.name, params)
    remote = run_named(Endpoint(url), query.name, params)
    assert remote.variables == local.variables
    assert _normalised(remote) == _normalised(local)
    assert len(local) > 0


def test_ask_and_construct_remotely(pushed):
    url, _ = pushed
    endpoint = Endpoint(url)
    assert run_sparql(endpoint, "ASK { ?n a <https://w3id.org/normgraph/ontology#Right> }").boolean is True
    graph = run_sparql(endpoint, "CONSTRUCT { ?n a ?t } WHERE { ?n a ?t ; <https://w3id.org/normgraph/ontology#assertedIn>/<https://w3id.org/normgraph/ontology#number> 38 }")
    assert len(graph) >= 6


def test_long_queries_go_by_post(pushed):
    url, _ = pushed
    padding = "# " + "x" * 3000 + "\n"
    result = run_sparql(Endpoint(url), padding + "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/normgraph/ontology#Paragraph> }")
    assert result.records() == [{"n": 70}]


def test_push_into_one_graph_and_the_update_fallback(oxigraph_url):
    from conftest import DATA

    graph = build_graph(DATA / "mini-corpus")
    target = "https://example.org/graphs/mini"
    try:
        _push_into_one_graph(graph, target, oxigraph_url)
    finally:  # leave the shared server holding only the seed graph
        import urllib.request

        drop = urllib.request.Request(oxigraph_url.replace("/query", "/update"), data=f"DROP SILENT GRAPH <{target}>".encode(),
                                      headers={"Content-Type": "application/sparql-update"}, method="POST")
        urllib.request.urlopen(drop, timeout=10).close()


def _push_into_one_graph(graph, target, oxigraph_url):
    report = push(graph, oxigraph_url, into=target, store_url=oxigraph_url.replace("/query", "/no-such-store"))
    assert [(g.graph, g.method) for g in report.graphs] == [(target, "update")]
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
    first = run_sparql(Endpoint(oxigraph_url), count).records()
    push(graph, oxigraph_url, into=target, store_url=oxigraph_url.replace("/query", "/no-such-store"))
    assert run_sparql(Endpoint(oxigraph_url), count).records() == first
    assert first[0]["n"] == len({q.triple for q in graph.store})


@pytest.mark.parametrize(("endpoint", "server", "user", "stores", "updates"), [
    ("http://h:7878/query", "Oxigraph/0.5.13", False, ["http://h:7878/store"], ["http://h:7878/update"]),
    ("http://h/fuseki/ds/sparql", "Apache Jena Fuseki (5.1.0)", False, ["http://h/fuseki/ds/data", "http://h/fuseki/ds"],
     ["http://h/fuseki/ds/update", "http://h/fuseki/ds"]),
    ("http://h/repositories/r", "", False, ["http://h/repositories/r/rdf-graphs/service"], ["http://h/repositories/r/statements"]),
    ("http://h:8890/sparql", "Virtuoso/07.20.3229 (Linux)", False, ["http://h:8890/sparql-graph-crud"], ["http://h:8890/sparql"]),
    ("http://h:8890/sparql", "Virtuoso/07.20.3229 (Linux)", True, ["http://h:8890/sparql-graph-crud-auth"], ["http://h:8890/sparql-auth"]),
    ("http://h:8890/sparql-auth", "Virtuoso/07.20.3229 (Linux)", True, ["http://h:8890/sparql-graph-crud-auth"], ["http://h:8890/sparql-auth"]),
    ("http://h/sparql", "nginx", False, ["http://h/store", "http://h/data"], ["http://h/update"]),
])
def test_where_each_store_keeps_its_graph_store_and_update_endpoints(endpoint, server, user, stores, updates):
    urls = store_urls(endpoint, server, authenticated=user)
    assert (list(urls.stores), list(urls.updates)) == (stores, updates)


def test_endpoint_down():
    from conftest import closed_port

    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/query"
        with pytest.raises(QueryError, match="cannot reach"):
            run_sparql(Endpoint(url), "ASK {}")
        with pytest.raises(QueryError, match="cannot reach"):
            push(build_graph(), url)


@pytest.mark.parametrize("misbehaving_server", ["error"], indirect=True)
def test_endpoint_answering_500(misbehaving_server):
    with pytest.raises(QueryError, match=r"failed \(HTTP 500\): Internal failure: the store is broken"):
        run_sparql(Endpoint(misbehaving_server), "ASK {}")


@pytest.mark.parametrize("misbehaving_server", ["hang"], indirect=True)
def test_endpoint_that_hangs_is_given_up_on(misbehaving_server):
    with pytest.raises(QueryError, match=r"no answer from .* within 1 s"):
        run_sparql(Endpoint(misbehaving_server, timeout=1), "ASK {}")


def test_malformed_sparql_is_reported_with_the_endpoints_words(pushed):
    url, _ = pushed
    with pytest.raises(QueryError, match=r"refused the query as malformed: .*1:\d+"):
        run_sparql(Endpoint(url), "SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize("misbehaving_server", ["error", "hang"], indirect=True)
def test_cli_errors_are_one_line(misbehaving_server, pushed):
    url, _ = pushed
    cases = [
        (["query", "norms-by-role", "--endpoint", misbehaving_server, "--timeout", "1"], "normgraph: error: "),
        (["query", "--sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", url], "malformed"),
        (["query", "no-such-query"], "no query named"),
        (["query", "norm-provenance"], "needs the parameter"),
        (["query", "paragraph-assertions", "-p", "unit=Article six"], "neither a unit eId"),
        (["query", "paragraph-assertions", "-p", "number=x"], "not a whole number"),
        (["query", "paragraph-assertions", "-p", "number"], "is not NAME=VALUE"),
    ]
    for args, fragment in cases:
        result = subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=120)
        assert result.returncode != 0, args
        assert "Traceback" not in result.stderr, result.stderr
        assert fragment in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) <= 3, result.stderr  # click usage errors add a usage line


def test_cli_query_against_the_endpoint_matches_local(pushed):
    url, _ = pushed
    args = ["query", "norms-by-role", "-p", "role=transit", "-f", "csv"]
    local = subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=120)
    remote = subprocess.run([sys.executable, "-m", "normgraph", *args, "--endpoint", url], capture_output=True, text=True, timeout=120)
    assert local.returncode == remote.returncode == 0
    assert local.stdout == remote.stdout
    assert local.stdout.count("\n") == 4  # header + three obligations of paragraph 38


def _default_graph_on(oxigraph_url: str) -> set:
    import urllib.request

    request = urllib.request.Request(oxigraph_url.replace("/query", "/store") + "?default",
                                     headers={"Accept": "application/n-triples"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return {q.triple for q in ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("method", ["graph-store", "update"])
def test_triples_in_the_default_graph_are_pushed_to_the_default_graph(oxigraph_url, tmp_path, method):
    """A graph loaded from a Turtle file has only a default graph: push sends it there."""
    import urllib.request

    from normgraph.graph.store import load_graph

    path = tmp_path / "plain.ttl"
    path.write_text('<https://example.org/a> <https://example.org/says> "hello" , "world"@en .\n', encoding="utf-8")
    graph = load_graph(path)
    store_url = None if method == "graph-store" else oxigraph_url.replace("/query", "/no-such-store")
    try:
        for _ in range(2):  # twice: replaced, not duplicated
            report = push(graph, oxigraph_url, store_url=store_url)
            assert [(g.graph, g.triples, g.method) for g in report.graphs] == [(None, 2, method)]
            assert "(default graph)  2 triples" in report.text()
            assert _default_graph_on(oxigraph_url) == {q.triple for q in graph.store}
    finally:  # leave the shared server holding only the seed graph
        drop = urllib.request.Request(oxigraph_url.replace("/query", "/update"), data=b"DROP SILENT DEFAULT",
                                      headers={"Content-Type": "application/sparql-update"}, method="POST")  # fmt: skip
        urllib.request.urlopen(drop, timeout=10).close()
    assert _default_graph_on(oxigraph_url) == set()
