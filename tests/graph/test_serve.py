"""`normgraph serve` as users run it: a real process on 127.0.0.1, spoken to with SPARQLWrapper and
plain HTTP — and as an attacker would speak to it (issue #13: CSRF, SSRF, HEAD, deep and runaway
queries, huge bodies, a killed engine)."""

from __future__ import annotations

import base64
import socket
import time
import urllib.error

import pytest
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from conftest import closed_port
from normgraph.graph.remote import Endpoint
from normgraph.graph.serve import CANCELLED
from normgraph.queries import run_named
from served import Served, listening

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TOKEN = "pw-serve-test-token"
NG = "https://w3id.org/normgraph/ontology#"


@pytest.fixture(scope="module")
def read_only():
    with Served(("--timeout", "1")) as served:
        yield served


@pytest.fixture(scope="module")
def read_write():
    with Served(("--allow-update", "--timeout", "1"), env={"NORMGRAPH_SERVE_TOKEN": TOKEN}) as served:
        yield served


def _client(base: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/query", updateEndpoint=f"{base}/update")
    client.setReturnFormat(JSON)
    return client


# --- answers -------------------------------------------------------------------------------------

def test_select_ask_construct_with_sparqlwrapper(read_only, seed_graph):
    client = _client(read_only.base)
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{NG}Paragraph> }}")
    assert client.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "70"
    client.setQuery(f"ASK {{ ?n <{NG}appliesToRole> <{NG}TransitCountry> }}")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?n a ?t }} WHERE {{ ?n a ?t ; <{NG}assertedIn>/<{NG}number> 38 . }}")
    client.setReturnFormat("turtle")
    assert b"protect-victims" in client.queryAndConvert()
    local = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    remote = run_named(Endpoint(f"{read_only.base}/query"), "norms-by-role", {"role": "transit"})
    assert remote.rows == local.rows and len(local.rows) > 0


def test_the_view_is_served_at_view_and_the_root_links_to_it(read_only):
    answer = read_only.request("GET", "/view")
    assert answer.status == 200 and "text/html" in answer.headers["content-type"]
    assert b"vis.Network" in answer.body
    root = read_only.request("GET", "/")
    assert root.status == 200 and b'href="view"' in root.body and b'href="query"' in root.body


def test_serve_listens_on_loopback_only_by_default(read_only):
    # What the kernel says the front listens on — not the URL the test itself wrote.
    assert listening(read_only.process.pid) == {("127.0.0.1", read_only.port)}
    for engine in read_only.engines():
        assert {address for address, _ in listening(engine)} == {"127.0.0.1"}


def test_a_result_that_ends_with_the_engines_cancel_words_is_still_a_result(read_write):
    words = CANCELLED.decode()
    assert read_write.update(f'INSERT DATA {{ <urn:t:cancel> <urn:t:says> "{words}" }}').status == 204
    answer = read_write.query("SELECT ?o WHERE { <urn:t:cancel> <urn:t:says> ?o }")
    assert answer.status == 200
    assert answer.body == f"o\r\n{words}\r\n".encode()


# --- the read-only guard: the front refuses, and the engine behind it is read-only too -----------

def test_updates_are_refused_when_read_only(read_only):
    before = read_only.count()
    client = _client(read_only.base)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((urllib.error.HTTPError, SPARQLWrapperException)) as info:
        client.query()
    assert "403" in str(info.value)
    for content_type in ("application/sparql-update", "application/x-www-form-urlencoded"):
        body = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
        body = body if content_type.endswith("update") else "update=" + body
        answer = read_only.request("POST", "/update", body, {"Content-Type": content_type})
        assert answer.status == 403 and "read-only" in answer.text
    assert read_only.count() == before


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_graph_store_writes_are_refused_when_read_only(read_only, method):
    before = read_only.count()
    path = "/store?default" if method == "DELETE" else "/store?graph=urn:g"
    answer = read_only.request(method, path, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "application/n-triples"})
    assert answer.status == 403 and "read-only" in answer.text
    assert read_only.count() == before > 6000


def test_graph_store_reads_are_answered_when_read_only(read_only):
    answer = read_only.request("GET", "/store", headers={"Accept": "application/n-quads"})
    assert answer.status == 200 and answer.body.count(b"\n") == read_only.count()


def test_the_engine_behind_a_read_only_front_is_read_only_itself(read_only):
    (engine,) = read_only.engines()
    ((_, port),) = listening(engine)
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/update", body=b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
                       headers={"Content-Type": "application/sparql-update"})
    assert connection.getresponse().status >= 400
    connection.close()
    assert read_only.query("ASK { <urn:x> <urn:y> <urn:z> }").text.endswith("false")


# --- writes: no cross-site forms (CSRF) ----------------------------------------------------------

def test_updates_in_the_sparql_update_type_are_accepted(read_write):
    client = _client(read_write.base)
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    client.query()
    assert read_write.query("ASK { <urn:a> <urn:b> <urn:c> }").text.endswith("true")


def test_a_form_update_needs_the_token(read_write):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    refused = read_write.request("POST", "/update", "update=INSERT DATA { <urn:f> <urn:f> <urn:f1> }", form)
    assert refused.status == 401 and refused.headers["www-authenticate"].startswith("Basic")
    wrong = base64.b64encode(b"anyone:not-the-token").decode()
    assert read_write.request("POST", "/update", "update=INSERT DATA { <urn:f> <urn:f> <urn:f1> }",
                              {**form, "Authorization": f"Basic {wrong}"}).status == 401
    assert read_write.query("ASK { <urn:f> <urn:f> <urn:f1> }").text.endswith("false")
    # SPARQLWrapper's default (a form) works with the token as password; so does a Bearer token
    client = _client(read_write.base)
    client.setMethod(POST)
    client.setCredentials("anyone", TOKEN)
    client.setQuery("INSERT DATA { <urn:f> <urn:f> <urn:f2> }")
    client.query()
    bearer = read_write.request("POST", "/update", "update=INSERT DATA { <urn:f> <urn:f> <urn:f3> }",
                                {**form, "Authorization": f"Bearer {TOKEN}"})
    assert bearer.status == 204
    assert read_write.query("SELECT ?o WHERE { <urn:f> <urn:f> ?o } ORDER BY ?o").text.split() == ["o", "urn:f2", "urn:f3"]


def test_a_cross_site_form_post_cannot_wipe_the_store(read_write):
    before = read_write.count()
    attacks = [
        # what <form method=post action=http://127.0.0.1:7878/update> on any web page sends
        ("update=DROP ALL", {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"}),
        ("update=DROP ALL", {"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"}),
        # even with the token and a non-form type, another Origin is refused
        ("DROP ALL", {"Content-Type": "application/sparql-update", "Origin": "https://evil.example",
                      "Authorization": f"Bearer {TOKEN}"}),
        ("DROP ALL", {"Content-Type": "application/sparql-update", "Sec-Fetch-Site": "cross-site"}),
    ]
    for body, headers in attacks:
        answer = read_write.request("POST", "/update", body, headers)
        assert answer.status == 403 and "another site" in answer.text, (headers, answer)
    assert read_write.count() == before > 6000
    # a page served by this server itself may write
    own = f"http://127.0.0.1:{read_write.port}"
    ok = read_write.request("POST", "/update", "INSERT DATA { <urn:o> <urn:o> <urn:o> }",
                            {"Content-Type": "application/sparql-update", "Origin": own})
    assert ok.status == 204 and read_write.count() == before + 1


# --- requests the front answers or refuses itself ------------------------------------------------

def test_only_this_servers_host_names_are_answered(read_only):
    for path in ("/", "/view", "/static/editor.js", "/query?query=ASK%7B%7D"):
        assert read_only.request("GET", path, headers={"Host": "evil.example"}).status == 421
        assert read_only.request("GET", path, headers={"Host": f"evil.example:{read_only.port}"}).status == 421
        assert read_only.request("GET", path, headers={"Host": f"localhost:{read_only.port}"}).status == 200


def test_head_is_answered_and_the_next_client_still_gets_its_answer(read_only):
    for _ in range(5):
        head = read_only.request("HEAD", "/query?query=ASK%7B%7D", headers={"Accept": "text/csv"})
        assert head.status == 200 and head.body == b"" and head.headers["content-type"].startswith("text/csv")
        answer = read_only.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{NG}Paragraph> }}")
        assert (answer.status, answer.text.split()) == (200, ["n", "70"])


def test_service_is_off_and_makes_no_request():
    with socket.socket() as listener, Served() as served:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        answer = served.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert answer.status == 403 and "--allow-service" in answer.text
        # the refusal came before the engine ran the query, so a call would already have connected
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_a_failed_service_call_is_an_error_not_half_a_result():
    with closed_port() as port, Served(("--allow-service",)) as served:
        answer = served.query(f"SELECT * WHERE {{ ?x ?y ?z SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                              accept="application/sparql-results+json")
        assert answer.status == 502, answer.text
        assert answer.text.startswith("The SPARQL engine failed while answering:") and "bindings" not in answer.text
        served.wait_for_line("warning: SERVICE is on")


def test_a_deeply_nested_query_is_refused_and_the_engine_lives_on(read_only):
    engines = read_only.engines()
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    answer = read_only.request("POST", "/query", deep, {"Content-Type": "application/sparql-query"})
    assert answer.status == 400 and "more than 128 deep" in answer.text
    assert read_only.engines() == engines
    assert read_only.query("ASK { ?s ?p ?o }").text.endswith("true")


def test_a_heavy_query_is_stopped_by_the_timeout(read_only):
    answer = read_only.query(HEAVY)
    assert answer.status == 503
    assert answer.text == "The query was stopped: it ran longer than this server's 1 s timeout.\n"
    assert read_only.query("ASK { ?s ?p ?o }").text.endswith("true")  # and the server answers the next


def test_a_streamed_runaway_result_is_stopped_and_does_not_fill_memory(read_only):
    before = read_only.rss_mib()
    answer = read_only.query(CARTESIAN)
    assert answer.status == 503 and "timeout" in answer.text
    # the rows streamed for the whole deadline waited on disk, not in the front's memory
    assert read_only.rss_mib() < before + 100
    assert read_only.query("ASK { ?s ?p ?o }").text.endswith("true")


def test_bodies_and_results_have_size_limits():
    with Served(("--max-body-mb", "1", "--max-result-mb", "1")) as served:
        big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 * 1024 * 1024)
        declared = served.request("POST", "/query", big, {"Content-Type": "application/sparql-query"})
        assert declared.status == 413 and "1 MiB" in declared.text
        chunked = served.request("POST", "/query", iter([big[:1_000_000].encode(), big[1_000_000:].encode()]),  # type: ignore[arg-type]
                                 {"Content-Type": "application/sparql-query"})  # no length: sent chunked
        assert chunked.status == 413
        too_many = served.query("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 200000")
        assert too_many.status == 507 and "LIMIT" in too_many.text
        assert served.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3").text.count("\r\n") == 4


def test_a_killed_engine_is_restarted_and_reported(read_only):
    killed = read_only.kill_engine()
    # the question asked at once is answered by the new engine, not refused
    assert read_only.count() > 6000
    line = read_only.wait_for_line(r"the SPARQL engine stopped \(killed by SIGKILL\); restarted in")
    assert line.startswith("normgraph serve: ")
    assert killed not in read_only.engines() and len(read_only.engines()) == 1
    assert read_only.count() > 6000


def test_a_warning_when_listening_beyond_loopback():
    with Served(("--host", "0.0.0.0")) as served:
        served.wait_for_line("^normgraph: warning: listening on 0.0.0.0, not loopback: anyone who can reach")
        # bound to every interface, the server answers whatever name it is reached by
        assert served.request("GET", "/query?query=ASK%7B%7D", headers={"Host": "my-machine"}).status == 200


def test_stopping_serve_stops_its_engine():
    with Served() as served:
        engines = served.engines()
        assert len(engines) == 1
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in engines):
        assert time.monotonic() < deadline, "the engine outlived serve"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_an_engine_that_crashes_is_restarted_with_its_last_words(read_only):
    # Past the front (straight to the engine's port), a query deep enough to overflow even the
    # engine's enlarged stack: the process aborts, and serve says why and brings it back.
    (engine,) = read_only.engines()
    ((_, port),) = listening(engine)
    import http.client
    import urllib.parse

    deep = "SELECT * WHERE " + "{" * 200_000 + " ?s ?p ?o " + "}" * 200_000
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/query", body=urllib.parse.urlencode({"query": deep}),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        connection.getresponse()
    except (ConnectionError, http.client.HTTPException):
        pass  # the engine died mid-request: that is the point
    finally:
        connection.close()
    line = read_only.wait_for_line(r"the SPARQL engine stopped \(killed by SIGABRT\): .*stack overflow.*restarted in")
    assert engine not in read_only.engines()
    assert read_only.count() > 6000, line
