"""`normgraph serve` as users run it: a real process on 127.0.0.1, spoken to with SPARQLWrapper."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from conftest import wait_for
from normgraph.errors import QueryError
from normgraph.graph.remote import Endpoint
from normgraph.graph.serve import free_port
from normgraph.queries import run_named, run_sparql

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _serve(*extra: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "normgraph", "serve", "--port", str(port), "--timeout", "1", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", seconds=60)
    except RuntimeError:
        process.kill()
        raise RuntimeError(process.communicate()[1])
    return process, base


@pytest.fixture(scope="module")
def read_only():
    process, base = _serve()
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def read_write():
    process, base = _serve("--allow-update")
    yield base
    process.terminate()
    process.wait(timeout=20)


def _client(base: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/query", updateEndpoint=f"{base}/update")
    client.setReturnFormat(JSON)
    return client


def test_select_ask_construct_with_sparqlwrapper(read_only, seed_graph):
    client = _client(read_only)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/normgraph/ontology#Paragraph> }")
    assert client.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "70"
    client.setQuery("ASK { ?n <https://w3id.org/normgraph/ontology#appliesToRole> <https://w3id.org/normgraph/ontology#TransitCountry> }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?n a ?t } WHERE { ?n a ?t ; <https://w3id.org/normgraph/ontology#assertedIn>/<https://w3id.org/normgraph/ontology#number> 38 . }")
    client.setReturnFormat("turtle")
    assert b"protect-victims" in client.queryAndConvert()
    local = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    assert run_named(Endpoint(f"{read_only}/query"), "norms-by-role", {"role": "transit"}).rows == local.rows


def test_updates_are_refused_when_read_only(read_only):
    client = _client(read_only)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((urllib.error.HTTPError, SPARQLWrapperException)) as info:
        client.query()
    assert "403" in str(info.value)
    put = urllib.request.Request(f"{read_only}/store?graph=urn:g", data=b"<urn:a> <urn:b> <urn:c> .", method="PUT",
                                 headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(put, timeout=10)
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    client.setQuery("ASK { <urn:a> <urn:b> <urn:c> }")
    client.setMethod("GET")
    assert client.queryAndConvert()["boolean"] is False


def test_updates_are_accepted_with_allow_update(read_write):
    client = _client(read_write)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    client.query()
    client.setMethod("GET")
    client.setQuery("ASK { <urn:a> <urn:b> <urn:c> }")
    assert client.queryAndConvert()["boolean"] is True


def test_a_heavy_query_is_stopped_by_the_timeout(read_only):
    started = time.monotonic()
    with pytest.raises(QueryError, match="HTTP 503: The query was stopped: it ran longer than this server's 1 s timeout"):
        run_sparql(Endpoint(f"{read_only}/query", timeout=60), HEAVY)
    assert time.monotonic() - started < 55
    # the server is still there for the next question
    assert run_sparql(Endpoint(f"{read_only}/query"), "ASK { ?s ?p ?o }").boolean is True


def test_the_view_is_served_at_the_root(read_only):
    with urllib.request.urlopen(f"{read_only}/", timeout=10) as response:
        assert response.status == 200
        assert "text/html" in response.headers["Content-Type"]
        assert b"vis.Network" in response.read()


def test_serve_binds_loopback_by_default(read_only):
    assert read_only.startswith("http://127.0.0.1:")


def test_stopping_serve_stops_its_engine():
    process, base = _serve()
    engines_before = _engines_of(process.pid)
    assert len(engines_before) == 1
    process.terminate()
    process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in engines_before):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in engines_before)


def _engines_of(parent: int) -> list[int]:
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"oxigraph" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
