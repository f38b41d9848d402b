"""Push to a real Virtuoso as to a production store: anonymous writes refused, a user with update
rights over Digest, endpoints found from ``/sparql``, the Update fallback in batches, re-push, and
passwords that never show (tests/virtuoso.py starts the server)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from normgraph.errors import QueryError
from normgraph.graph._http import Credentials
from normgraph.graph.push import push
from normgraph.graph.remote import Endpoint
from normgraph.queries import run_named, run_sparql

SEED = "https://w3id.org/normgraph/id/graph/ipu-118-migrant-workers"


def _count(endpoint: str, graph: str) -> int:
    (row,) = run_sparql(Endpoint(endpoint), f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").records()
    return int(row["n"])


@pytest.fixture(autouse=True)
def empty_store(virtuoso):  # type: ignore[no-untyped-def]
    virtuoso.clear()  # each test starts from a store holding none of our graphs


@pytest.fixture()
def user(virtuoso) -> Credentials:  # type: ignore[no-untyped-def]
    from virtuoso import USER

    return Credentials(USER, virtuoso.password)


def _local_count(seed_graph, name: str) -> int:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return len(seed_graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)).splitlines())


def test_anonymous_writes_are_refused_with_the_option_to_give(virtuoso, seed_graph):
    virtuoso.sql(f"SPARQL CLEAR GRAPH <{SEED}>;")
    with pytest.raises(QueryError) as caught:
        push(seed_graph, virtuoso.sparql)
    message = caught.value.message
    assert "sparql-graph-crud forbids this to anonymous requests (HTTP 403)" in message
    assert "--user" in message
    assert "still the store's old version (3)" in message
    assert _count(virtuoso.sparql, SEED) == 0


def test_a_user_pushes_through_the_digest_graph_store_found_from_sparql(virtuoso, seed_graph, user):
    report = push(seed_graph, virtuoso.sparql, credentials=user)
    assert report.product == "Virtuoso"
    assert report.target == virtuoso.base + "/sparql-graph-crud-auth"
    assert {g.method for g in report.graphs} == {"graph-store"}
    for pushed in report.graphs:
        assert _count(virtuoso.sparql, pushed.graph) == pushed.triples == _local_count(seed_graph, pushed.graph)
    again = push(seed_graph, virtuoso.sparql, credentials=user)  # replaced, not added to
    assert [g.triples for g in again.graphs] == [g.triples for g in report.graphs]
    assert _count(virtuoso.sparql, SEED) == _local_count(seed_graph, SEED)


def test_the_update_fallback_in_batches_virtuoso_accepts(virtuoso, seed_graph, user):
    """Virtuoso's SPARQL compiler refuses INSERT DATA of about 2,000 triples ("memory exhausted",
    "exceeded 10000 lines"): the default batch goes through; a batch too big is halved."""
    for batch in (1000, 5000):
        report = push(seed_graph, virtuoso.sparql, credentials=user, update_url=virtuoso.sparql + "-auth", batch=batch)
        (seed,) = [g for g in report.graphs if g.graph == SEED]
        assert seed.method == "update" and seed.requests > 3
        assert _count(virtuoso.sparql, SEED) == _local_count(seed_graph, SEED)
    staging = run_sparql(Endpoint(virtuoso.sparql), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:normgraph:staging:')) }")
    assert len(staging) == 0


def test_queries_through_the_digest_endpoint(virtuoso, seed_graph, user):
    push(seed_graph, virtuoso.sparql, credentials=user)
    secured = Endpoint(virtuoso.sparql + "-auth", credentials=user)
    local = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    assert run_named(secured, "norms-by-role", {"role": "transit"}).render("json") == local.render("json")
    with pytest.raises(QueryError, match=r"sparql-auth needs authentication \(HTTP 401\): pass --user NAME"):
        run_named(Endpoint(virtuoso.sparql + "-auth"), "norms-by-role", {"role": "transit"})


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "NORMGRAPH_PASSWORD"} | (env or {})
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True,
                          input=stdin, env=full_env, timeout=300)


def test_cli_password_from_the_environment_stdin_or_netrc_never_printed(virtuoso, user, tmp_path):
    push_args = ("push", "--endpoint", virtuoso.sparql, "--user", user.user)
    by_env = _cli(*push_args, env={"NORMGRAPH_PASSWORD": user.password})
    assert by_env.returncode == 0, by_env.stderr
    assert "confirmed by the store's count" in by_env.stdout
    by_stdin = _cli(*push_args, "--password-stdin", stdin=user.password + "\n")
    assert by_stdin.returncode == 0, by_stdin.stderr
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {user.user} password {user.password}\n", encoding="utf-8")
    netrc.chmod(0o600)
    by_netrc = _cli("push", "--endpoint", virtuoso.sparql, env={"NETRC": str(netrc)})
    assert by_netrc.returncode == 0, by_netrc.stderr
    wrong = _cli(*push_args, env={"NORMGRAPH_PASSWORD": "not-the-password-4711"})
    assert wrong.returncode == 1
    assert f"refused the password of user {user.user!r} (HTTP 401)" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    for run in (by_env, by_stdin, by_netrc, wrong):
        assert user.password not in run.stdout + run.stderr
        assert "not-the-password-4711" not in run.stdout + run.stderr
    no_password = _cli(*push_args)  # stdin is not a terminal: no prompt, a line saying what to do
    assert no_password.returncode == 1
    assert "no password for user" in no_password.stderr and "NORMGRAPH_PASSWORD" in no_password.stderr


def test_cli_refuses_a_password_in_the_url_without_echoing_it(virtuoso, user):
    url = virtuoso.sparql.replace("http://", f"http://{user.user}:{user.password}@")
    for args in (("push", "--endpoint", url), ("query", "norms-by-role", "--endpoint", url)):
        result = _cli(*args)
        assert result.returncode == 1
        assert "a password in the URL" in result.stderr
        assert user.password not in result.stderr and f"{user.user}:***@" in result.stderr


def test_cli_query_with_a_user(virtuoso, seed_graph, user):
    push(seed_graph, virtuoso.sparql, credentials=user)
    local = _cli("query", "claims-with-figures", "-f", "tsv")
    remote = _cli("query", "claims-with-figures", "-f", "tsv", "--endpoint", virtuoso.sparql + "-auth",
                  "--user", user.user, env={"NORMGRAPH_PASSWORD": user.password})
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert '"800000000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in remote.stdout


def test_a_url_that_is_not_a_sparql_endpoint(virtuoso, seed_graph, user):
    with pytest.raises(QueryError, match=r"no SPARQL endpoint at .*/nothing-here \(HTTP 404\); give the store's query endpoint"):
        push(seed_graph, virtuoso.base + "/nothing-here", credentials=user)


def test_an_answer_cut_at_the_stores_row_limit_is_an_error_not_a_short_answer(seed_graph):
    """Virtuoso stops at ResultSetMaxRows and still answers 200: a silently short answer."""
    from virtuoso import USER, Virtuoso

    with Virtuoso(max_rows=5) as small:
        push(seed_graph, small.sparql, credentials=Credentials(USER, small.password))
        endpoint = Endpoint(small.sparql)
        assert len(run_named(endpoint, "norms-by-role", {"role": "transit"})) == 3  # under the limit: answered
        with pytest.raises(QueryError, match=r"cut the answer at 5 rows \(its ResultSetMaxRows\)"):
            run_named(endpoint, "norms-by-bearer")


def test_a_default_graph_push_to_virtuoso_says_to_use_graph(virtuoso, user, tmp_path):
    from normgraph.graph.store import load_graph

    path = tmp_path / "plain.ttl"
    path.write_text('<https://example.org/a> <https://example.org/says> "hello" .\n', encoding="utf-8")
    for update in (None, virtuoso.sparql + "-auth"):
        with pytest.raises(QueryError, match=r"no default graph of its own \(Virtuoso\) takes these triples with --graph IRI"):
            push(load_graph(path), virtuoso.sparql, credentials=user, update_url=update)
    report = push(load_graph(path), virtuoso.sparql, credentials=user, into="https://example.org/plain")
    assert _count(virtuoso.sparql, "https://example.org/plain") == report.graphs[0].triples == 1


def test_cli_prompts_for_the_password_on_a_terminal_without_echoing_it(virtuoso, user):
    """Run under a real pseudo-terminal: the prompt appears, the typed password is not shown."""
    import pty
    import select
    import time

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NORMGRAPH_PASSWORD", "NETRC")} | {"NETRC": "/nonexistent"}
    process = subprocess.Popen(
        [sys.executable, "-m", "normgraph", "push", "--endpoint", virtuoso.sparql, "--user", user.user],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    seen, answered = b"", False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"password for normgraph at" in seen:
            os.write(master, user.password.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    process.wait(timeout=60)
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert answered, text
    assert process.returncode == 0, text
    assert "confirmed by the store's count" in text
    assert user.password not in text
