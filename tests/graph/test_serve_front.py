"""serve's front in-process (Starlette's test client) over a real Oxigraph engine: the wiring of
each guard — which route checks what — tested where a mutation tool can reach it (test_serve.py
runs the same rules through a real `normgraph serve` process)."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from normgraph.graph.serve import CANCELLED, MIB, ServeOptions, make_app, oxigraph_server

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

HOST = {"host": "127.0.0.1:7878"}
NT = {**HOST, "content-type": "application/n-triples"}
UPDATE = {**HOST, "content-type": "application/sparql-update"}
FORM = {**HOST, "content-type": "application/x-www-form-urlencoded"}
PARAGRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/normgraph/ontology#Paragraph> }"


@contextlib.contextmanager
def _front(graph, **options) -> Iterator[tuple[TestClient, object]]:  # type: ignore[no-untyped-def]
    settings = ServeOptions(token="pw-front", **options)
    lines: list[str] = []
    with oxigraph_server(graph, settings, lines.append) as engine:
        engine.lines = lines  # what serve would print on stderr
        with TestClient(make_app(engine, "<html>view</html>", settings), base_url="http://127.0.0.1:7878") as client:
            yield client, engine


@pytest.fixture(scope="module")
def read_only(seed_graph):
    with _front(seed_graph, timeout=1.0) as pair:
        yield pair


@pytest.fixture(scope="module")
def limited(seed_graph):
    with _front(seed_graph, max_body=MIB, max_result=MIB) as pair:
        yield pair


@pytest.fixture(scope="module")
def read_write(seed_graph):
    with _front(seed_graph, allow_update=True, timeout=1.0) as pair:
        yield pair


def _count(client: TestClient) -> int:
    answer = client.get("/query", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                        headers={**HOST, "accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    return int(answer.text.split()[1])


def test_queries_are_answered_on_both_query_routes(read_only):
    client, _ = read_only
    for route in ("/query", "/sparql"):
        answer = client.get(route, params={"query": PARAGRAPHS}, headers={**HOST, "accept": "text/csv"})
        assert (answer.status_code, answer.text.split()) == (200, ["n", "70"])
        posted = client.post(route, content=PARAGRAPHS, headers={**HOST, "content-type": "application/sparql-query",
                                                                  "accept": "text/csv"})
        assert posted.text.split() == ["n", "70"]
    assert client.get("/view", headers=HOST).text == "<html>view</html>"


def test_every_write_route_is_refused_when_read_only(read_only):
    client, _ = read_only
    before = _count(client)
    refused = [
        client.post("/update", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }", headers=UPDATE),
        client.post("/update", content="update=INSERT DATA { <urn:a> <urn:b> <urn:c> }", headers=FORM),
        client.put("/store?graph=urn:g", content="<urn:a> <urn:b> <urn:c> .", headers=NT),
        client.post("/store?graph=urn:g", content="<urn:a> <urn:b> <urn:c> .", headers=NT),
        client.delete("/store?graph=https://w3id.org/normgraph/id/graph/registry", headers=HOST),
    ]
    for answer in refused:
        assert answer.status_code == 403 and "read-only" in answer.text
    assert _count(client) == before > 6000


def test_the_engine_itself_is_read_only_when_the_front_is(read_only):
    _, engine = read_only
    request = urllib.request.Request(f"{engine.base}/update", data=b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
                                     headers={"Content-Type": "application/sparql-update"}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_reads_of_the_store_pass(read_only):
    client, _ = read_only
    answer = client.get("/store", headers={**HOST, "accept": "application/n-quads"})
    assert answer.status_code == 200 and answer.text.count("\n") == _count(client)


def test_host_is_checked_on_every_route(read_only):
    client, _ = read_only
    evil = {"host": "evil.example:7878"}
    for path in ("/", "/view", "/static/editor.js", "/context.jsonld"):
        assert client.get(path, headers=evil).status_code == 421
    assert client.get("/query", headers={**evil, "accept": "text/html"}).status_code == 421  # the editor
    assert client.get("/query", params={"query": "ASK {}"}, headers=evil).status_code == 421
    assert client.get("/store", headers=evil).status_code == 421
    assert client.post("/update", content="CLEAR ALL", headers={**UPDATE, **evil}).status_code == 421


def test_sparql_text_is_checked_wherever_it_travels(read_only):
    client, _ = read_only
    service = "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    deep = "SELECT * " + "{" * 200 + "}" * 200
    for text, status in ((service, 403), (deep, 400)):
        assert client.get("/query", params={"query": text}, headers=HOST).status_code == status
        assert client.post("/query", content=text, headers={**HOST, "content-type": "application/sparql-query"}
                           ).status_code == status
        assert client.post("/sparql", data={"query": text}, headers=HOST).status_code == status
    assert client.post("/query", content=b"ASK { '\xff' }",
                       headers={**HOST, "content-type": "application/sparql-query"}).status_code == 400


def test_head_gets_headers_and_no_body(read_only):
    client, _ = read_only
    head = client.head("/query", params={"query": PARAGRAPHS}, headers={**HOST, "accept": "text/csv"})
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/csv")
    answer = client.get("/query", params={"query": PARAGRAPHS}, headers={**HOST, "accept": "text/csv"})
    assert answer.text.split() == ["n", "70"]
    assert answer.headers["content-length"] == str(len(answer.content))


def test_bodies_and_answers_over_the_limits(limited):
    client, _ = limited
    big = "ASK {} #" + "x" * MIB
    assert client.post("/query", content=big, headers={**HOST, "content-type": "application/sparql-query"}
                       ).status_code == 413

    def streamed():  # no length given: counted as it arrives
        for _ in range(20):
            yield b"#" + b"x" * 65536

    assert client.post("/query", content=streamed(), headers={**HOST, "content-type": "application/sparql-query"}
                       ).status_code == 413
    too_big = client.get("/query", params={"query": "SELECT * { ?s ?p ?o . ?a ?b ?c } LIMIT 100000"},
                         headers={**HOST, "accept": "text/csv"})
    assert too_big.status_code == 507 and "1 MiB" in too_big.text
    fits = client.get("/query", params={"query": "SELECT * { ?s ?p ?o } LIMIT 5"}, headers={**HOST, "accept": "text/csv"})
    assert fits.status_code == 200 and fits.text.count("\r\n") == 6


def test_runaway_queries_end_in_503_and_the_engine_lives_on(read_only):
    client, engine = read_only
    stopped = "The query was stopped: it ran longer than this server's 1 s timeout.\n"
    streamed = client.get("/query", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"},
                          headers={**HOST, "accept": "text/csv"})
    assert (streamed.status_code, streamed.text) == (503, stopped)
    generation = engine.generation
    assert client.get("/query", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"},
                      headers={**HOST, "accept": "text/csv"}).status_code == 503
    assert engine.generation == generation  # a streamed answer is ended by dropping it: no restart
    counted = client.get("/query", params={"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"},
                         headers={**HOST, "accept": "text/csv"})
    assert (counted.status_code, counted.text) == (503, stopped)
    assert engine.generation == generation + 1  # restarted: the only way to stop that one
    assert engine.lines[-1].startswith("the SPARQL engine was restarted to stop a runaway query; restarted in ")
    assert _count(client) > 6000


def test_writes_need_the_same_origin_and_forms_the_token(read_write):
    client, _ = read_write
    before = _count(client)
    assert client.post("/update", content="update=DROP ALL", headers=FORM).status_code == 401
    assert client.post("/update", content="DROP ALL", headers={**UPDATE, "origin": "https://evil.example"}
                       ).status_code == 403
    assert client.put("/store?graph=urn:g", content="<urn:a> <urn:b> <urn:c> .",
                      headers={**NT, "origin": "https://evil.example"}).status_code == 403
    assert client.post("/store?graph=urn:g", content="<urn:a> <urn:b> <urn:c> .",
                       headers={**HOST, "content-type": "text/plain"}).status_code == 401
    assert _count(client) == before
    assert client.put("/store?graph=urn:g", content="<urn:a> <urn:b> <urn:c> .", headers=NT).status_code in (201, 204)
    assert client.post("/update", content="update=INSERT DATA { <urn:a> <urn:b> <urn:d> }",
                       headers={**FORM, "authorization": "Bearer pw-front"}).status_code == 204
    assert _count(client) == before + 2
    assert client.delete("/store?graph=urn:g", headers=HOST).status_code == 204
    assert _count(client) == before + 1


def test_a_literal_ending_in_the_cancel_words_is_answered(read_write):
    client, _ = read_write
    words = CANCELLED.decode()
    client.post("/update", content=f'INSERT DATA {{ <urn:t> <urn:says> "{words}" }}', headers=UPDATE)
    answer = client.get("/query", params={"query": "SELECT ?o { <urn:t> <urn:says> ?o }"},
                        headers={**HOST, "accept": "text/csv"})
    assert (answer.status_code, answer.text) == (200, f"o\r\n{words}\r\n")


def test_refusals_are_plain_text_and_only_a_401_asks_for_credentials(read_write, read_only):
    client, _ = read_write
    asked = client.post("/update", content="update=DROP ALL", headers=FORM)
    assert asked.status_code == 401 and asked.headers["www-authenticate"] == 'Basic realm="normgraph serve"'
    assert asked.headers["content-type"] == "text/plain; charset=utf-8"
    assert asked.text.startswith("A write sent as a form needs this server's token")
    for answer in (client.post("/update", content="DROP ALL", headers={**UPDATE, "origin": "https://evil.example"}),
                   read_only[0].post("/update", content="DROP ALL", headers=UPDATE),
                   read_only[0].get("/", headers={"host": "evil.example"})):
        assert "www-authenticate" not in answer.headers and answer.headers["content-type"].startswith("text/plain")


def test_the_limits_and_stops_say_so_in_words(limited, read_only):
    client, _ = limited
    body = client.post("/query", content="ASK {} #" + "x" * MIB, headers={**HOST, "content-type": "application/sparql-query"})
    assert body.text == "The request body is larger than this server's limit of 1 MiB.\n"
    result = client.get("/query", params={"query": "SELECT * { ?s ?p ?o . ?a ?b ?c } LIMIT 100000"},
                        headers={**HOST, "accept": "text/csv"})
    assert result.text == "The result is larger than this server's limit of 1 MiB: add a LIMIT or narrow the query.\n"


def test_a_query_the_engine_cancels_mid_answer_is_a_503_not_half_a_result(read_only):
    client, engine = read_only
    generation = engine.generation
    for accept in ("text/csv", "application/sparql-results+json"):
        # rows are sought slowly; the engine's own timeout cancels it after the head was written
        answer = client.get("/query", params={"query": 'SELECT * { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) = CONCAT(STR(?f), "z")) }'},
                            headers={**HOST, "accept": accept})
        assert (answer.status_code, answer.text) == (503, "The query was stopped: it ran longer than this server's 1 s timeout.\n")
    assert engine.generation == generation  # the engine stopped it itself: no restart


def test_the_protocol_passes_through(read_only, seed_graph):
    client, _ = read_only
    in_registry = len(list(seed_graph.store.quads_for_pattern(None, None, None, ox.NamedNode(
        "https://w3id.org/normgraph/id/graph/registry"))))
    as_json = client.get("/query", params={"query": PARAGRAPHS}, headers={**HOST, "accept": "application/sparql-results+json"})
    assert as_json.headers["content-type"] == "application/sparql-results+json"
    assert as_json.json()["results"]["bindings"][0]["n"]["value"] == "70"
    registry = client.get("/query", headers={**HOST, "accept": "text/csv"}, params={
        "query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": "https://w3id.org/normgraph/id/graph/registry"})
    assert in_registry > 300 and registry.text.split() == ["n", str(in_registry)]  # the parameter reached the engine
    form = client.post("/query", data={"query": PARAGRAPHS}, headers={**HOST, "accept": "text/tab-separated-values"})
    assert form.headers["content-type"].startswith("text/tab-separated-values") and form.text.split() == ["?n", "70"]


def test_a_body_of_exactly_the_limit_is_accepted(limited):
    client, _ = limited
    exactly = "ASK {}" + " " * (MIB - 6)
    for body in (exactly, iter([exactly[:MIB // 2].encode(), exactly[MIB // 2:].encode()])):
        answer = client.post("/query", content=body, headers={**HOST, "content-type": "application/sparql-query",
                                                              "accept": "text/csv"})
        assert (answer.status_code, answer.text) == (200, "true")
    assert client.post("/query", content=exactly + " ", headers={**HOST, "content-type": "application/sparql-query"}
                       ).status_code == 413


def test_a_dead_engine_is_replaced_under_a_query_and_a_write_is_told_to_try_again(read_write):
    import os
    import signal

    client, engine = read_write
    for kind in ("query", "write"):
        generation = engine.generation
        os.kill(engine.process.pid, signal.SIGKILL)
        if kind == "query":  # asked again of the new engine: answered
            answer = client.get("/query", params={"query": PARAGRAPHS}, headers={**HOST, "accept": "text/csv"})
            assert (answer.status_code, answer.text.split()) == (200, ["n", "70"])
        else:  # a write may have happened: not repeated
            answer = client.post("/update", content="INSERT DATA { <urn:w> <urn:w> <urn:w> }", headers=UPDATE)
            for _ in range(3):  # the supervisor may, rarely, revive the engine before the write arrives
                if answer.status_code != 204:
                    break
                generation = engine.generation
                os.kill(engine.process.pid, signal.SIGKILL)
                answer = client.post("/update", content="INSERT DATA { <urn:w> <urn:w> <urn:w> }", headers=UPDATE)
            assert (answer.status_code, answer.text) == (
                502, "The SPARQL engine stopped while answering; it has been restarted. Try again.\n")
            assert answer.headers["content-type"] == "text/plain; charset=utf-8"
        assert engine.generation == generation + 1
        assert engine.lines[-1].startswith("the SPARQL engine stopped (killed by SIGKILL); restarted in ")
    assert _count(client) > 6000


def test_a_failed_service_call_is_a_502_in_words(seed_graph):
    from conftest import closed_port

    with closed_port() as port, _front(seed_graph, allow_service=True) as (client, _):
        answer = client.get("/query", headers={**HOST, "accept": "application/sparql-results+json"}, params={
            "query": f"SELECT * {{ ?x ?y ?z SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"})
        assert answer.status_code == 502 and answer.headers["content-type"] == "text/plain; charset=utf-8"
        assert answer.text.startswith("The SPARQL engine failed while answering: ") and answer.text.endswith("\n")
        assert "bindings" not in answer.text


def test_head_keeps_the_engines_status_and_is_a_read(read_only):
    client, _ = read_only
    assert client.head("/query", params={"query": "SELEC nothing"}, headers=HOST).status_code == 400
    assert client.head("/store", headers={**HOST, "accept": "application/n-quads"}).status_code == 200
    assert client.post("/view", headers=HOST).status_code == 405  # the view is read with GET only
    assert client.post("/", headers=HOST).status_code == 405


def test_the_supervisor_revives_a_dead_engine_without_being_asked(read_only):
    import os
    import signal
    import time

    _, engine = read_only
    generation = engine.generation
    os.kill(engine.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while engine.generation == generation:  # no request: only the supervisor can notice
        assert time.monotonic() < deadline, "the engine was not revived"
        time.sleep(0.05)
    assert engine.lines[-1].startswith("the SPARQL engine stopped (killed by SIGKILL); restarted in ")


def test_answers_leave_no_open_files_behind(seed_graph):
    import os

    big = "SELECT * { ?s ?p ?o . ?a ?b ?c } LIMIT 40000"  # several MiB: spooled to disk
    # its own front with a generous timeout: the answers are large, and a busy machine is slow
    with _front(seed_graph, timeout=60.0) as (client, _):
        client.get("/query", params={"query": big}, headers={**HOST, "accept": "text/csv"})
        before = len(os.listdir("/proc/self/fd"))
        for _ in range(5):
            answer = client.get("/query", params={"query": big}, headers={**HOST, "accept": "text/csv"})
            assert answer.status_code == 200 and len(answer.content) > 5 * MIB
        assert len(os.listdir("/proc/self/fd")) <= before
