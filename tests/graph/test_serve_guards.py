"""serve's guards as functions: what a request may do (Host, Origin, forms and the token, SERVICE,
nesting depth) and when an engine's 200 answer is not a whole result. The same rules are tested
through a real server in test_serve.py; here every branch, quickly, with generated inputs."""

from __future__ import annotations

import base64
import json

from hypothesis import given
from hypothesis import strategies as st

from normgraph._sparql import MAX_DEPTH, service_call, too_deep
from normgraph.graph._guards import (
    LOOPBACK_NAMES,
    Policy,
    allowed_hosts,
    check_host,
    check_sparql,
    check_write,
    sparql_texts,
)
from normgraph.graph.serve import CANCELLED, unfinished

WRITABLE = Policy(allow_update=True, token="pw-token")
UPDATE = {"host": "127.0.0.1:7878", "content-type": "application/sparql-update"}
FORM = {"host": "127.0.0.1:7878", "content-type": "application/x-www-form-urlencoded"}


# --- Host ----------------------------------------------------------------------------------------

def test_loopback_names_with_or_without_a_port_are_answered():
    policy = Policy()
    for host in ("127.0.0.1", "127.0.0.1:7878", "localhost:1", "LOCALHOST", "[::1]:7878", "[::1]"):
        assert check_host(host, policy) is None, host


def test_other_names_are_refused_with_421():
    policy = Policy()
    for host in ("evil.example", "evil.example:7878", "127.0.0.1.nip.io:7878", "", None, "[::2]:7878"):
        refusal = check_host(host, policy)
        assert refusal is not None and refusal.status == 421, host
        assert "--allowed-host" in refusal.message


def test_the_allowed_names_follow_the_bind_address():
    assert allowed_hosts("127.0.0.1") == LOOPBACK_NAMES
    assert allowed_hosts("192.0.2.7") == LOOPBACK_NAMES | {"192.0.2.7"}
    assert allowed_hosts("0.0.0.0") is None and allowed_hosts("::") is None  # every interface: any name
    assert allowed_hosts("0.0.0.0", ("graph.example",)) == LOOPBACK_NAMES | {"0.0.0.0", "graph.example"}
    assert check_host("Graph.Example:80", Policy(allowed_hosts=allowed_hosts("0.0.0.0", ("graph.example",)))) is None
    assert check_host("anything", Policy(allowed_hosts=None)) is None


# --- writes --------------------------------------------------------------------------------------

def test_a_read_only_server_refuses_every_write():
    refusal = check_write("POST", {**UPDATE, "authorization": "Bearer pw-token"}, Policy(token="pw-token"))
    assert refusal is not None and refusal.status == 403 and "read-only" in refusal.message


def test_a_non_form_write_needs_no_token():
    assert check_write("POST", UPDATE, WRITABLE) is None
    assert check_write("POST", {**UPDATE, "content-type": "text/turtle; charset=utf-8"}, WRITABLE) is None
    assert check_write("POST", {**UPDATE, "origin": "http://127.0.0.1:7878"}, WRITABLE) is None
    assert check_write("POST", {**UPDATE, "sec-fetch-site": "same-origin"}, WRITABLE) is None


def test_a_write_from_another_origin_is_refused_whatever_it_carries():
    for origin in ("https://evil.example", "null", "http://127.0.0.1:9999", "http://localhost:7878",
                   "file://", "https://127.0.0.1:7878x"):
        for headers in (UPDATE, FORM, {**FORM, "authorization": "Bearer pw-token"}):
            refusal = check_write("POST", {**headers, "origin": origin}, WRITABLE)
            assert refusal is not None and refusal.status == 403, (origin, headers)


def test_a_cross_site_fetch_without_origin_is_refused():
    for site in ("cross-site", "same-site"):
        refusal = check_write("POST", {**UPDATE, "sec-fetch-site": site}, WRITABLE)
        assert refusal is not None and refusal.status == 403
    assert check_write("POST", {**UPDATE, "sec-fetch-site": "none"}, WRITABLE) is None  # typed by the user


def test_a_form_write_needs_the_token_and_is_asked_for_it():
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""):
        refusal = check_write("POST", {**FORM, "content-type": content_type}, WRITABLE)
        assert refusal is not None and (refusal.status, refusal.challenge) == (401, True), content_type
    basic = base64.b64encode(b"anyone:pw-token").decode()
    assert check_write("POST", {**FORM, "authorization": f"Basic {basic}"}, WRITABLE) is None
    assert check_write("POST", {**FORM, "authorization": "Bearer pw-token"}, WRITABLE) is None
    assert check_write("POST", {**FORM, "authorization": "bearer pw-token"}, WRITABLE) is None
    for wrong in ("Bearer pw-toke", "Bearer pw-token2", "Basic " + base64.b64encode(b"pw-token:x").decode(),
                  "Basic !!!", "Basic " + base64.b64encode(b"\xff:\xfe").decode(), "Token pw-token", ""):
        assert check_write("POST", {**FORM, "authorization": wrong}, WRITABLE) is not None, wrong


def test_only_a_post_can_be_a_form():
    for method in ("PUT", "DELETE"):
        assert check_write(method, {**FORM, "content-type": ""}, WRITABLE) is None
        assert check_write(method, {**FORM, "origin": "https://evil.example"}, WRITABLE) is not None
        assert check_write(method, FORM, Policy()) is not None


def test_without_a_token_no_form_write_passes():
    policy = Policy(allow_update=True, token=None)
    assert check_write("POST", {**FORM, "authorization": "Bearer "}, policy) is not None
    assert check_write("POST", {**FORM, "authorization": "Basic " + base64.b64encode(b"a:").decode()}, policy) is not None


# --- SPARQL text ---------------------------------------------------------------------------------

def test_service_is_found_as_a_keyword_only():
    assert service_call("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }") == 11
    assert service_call("select * {service silent <http://x/> {}}") == 10
    for innocent in ("SELECT ?service { ?s <urn:SERVICE> 'SERVICE' }", "PREFIX service: <urn:> SELECT * { ?s service:a ?o }",
                     "SELECT * { ?s ex:SERVICE ?o } # SERVICE <x>", "SELECT $SERVICE {}", 'SELECT * { ?s ?p """SERVICE""" }'):
        assert service_call(innocent) is None, innocent


def test_service_is_refused_unless_allowed():
    texts = ["SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"]
    refusal = check_sparql(texts, Policy())
    assert refusal is not None and refusal.status == 403 and "--allow-service" in refusal.message
    assert check_sparql(texts, Policy(allow_service=True)) is None


@given(st.integers(min_value=0, max_value=3 * MAX_DEPTH), st.sampled_from("{(["))
def test_nesting_is_refused_exactly_past_the_limit(depth, bracket):
    closing = {"{": "}", "(": ")", "[": "]"}[bracket]
    text = "SELECT * WHERE {" + bracket * depth + closing * depth + "}"
    reason = too_deep(text)
    assert (reason is None) == (depth + 1 <= MAX_DEPTH)
    if reason:
        assert f"more than {MAX_DEPTH} deep" in reason and "line 1, column" in reason
        refusal = check_sparql([text], Policy())
        assert refusal is not None and refusal.status == 400


def test_brackets_in_strings_iris_and_comments_do_not_count():
    noise = "SELECT * { ?s ?p '" + "{" * 500 + "' . ?s ?p <urn:" + "(" * 500 + "> } # " + "[" * 500
    assert too_deep(noise) is None
    assert too_deep("SELECT * {\n\n" + "{" * 200 + "}" * 200 + "}") == \
        "the query nests brackets more than 128 deep (line 3, column 128)"


def test_query_and_update_texts_are_found_wherever_the_protocol_puts_them():
    assert sparql_texts([("query", "ASK {}")], "", b"") == ["ASK {}"]
    assert sparql_texts([], "application/x-www-form-urlencoded", b"update=DROP+ALL&x=1") == ["DROP ALL"]
    assert sparql_texts([], "application/sparql-query; charset=utf-8", "ASK { 'é' }".encode()) == ["ASK { 'é' }"]
    assert sparql_texts([], "application/sparql-update", b"CLEAR ALL") == ["CLEAR ALL"]
    assert sparql_texts([("default-graph-uri", "urn:g")], "text/turtle", b"<a> <b> <c> .") == []
    refusal = sparql_texts([], "application/sparql-query", b"ASK { '\xff' }")
    assert not isinstance(refusal, list) and refusal.status == 400 and "(at byte offset 7)" in refusal.message


# --- whole answers -------------------------------------------------------------------------------

ROWS = st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                         min_size=1, max_size=3), max_size=6)


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(f'"{v}"' for v in row) + "\r\n" for row in [["a"], *rows]).encode()


@given(ROWS)
def test_a_whole_csv_result_is_whole_whatever_its_last_value(rows):
    body = _csv(rows)
    assert unfinished("text/csv", body) is None
    assert unfinished("text/csv", _csv([*rows, [CANCELLED.decode()]])) is None


@given(ROWS, st.sampled_from([CANCELLED.decode(), "The port 9 is not allowed for HTTP(S)"]))
def test_an_error_after_some_rows_is_found(rows, error):
    body = _csv(rows) + b'"partial' + error.encode()
    assert unfinished("text/csv", body).endswith(error)


def test_json_and_xml_results_are_whole_when_their_format_ends():
    whole = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal",
                        "value": CANCELLED.decode()}}]}}).encode()
    assert unfinished("application/sparql-results+json", whole) is None
    assert unfinished("application/sparql-results+json", b'{"head":{},"boolean":true}') is None
    cut = b'{"head":{"vars":["o","p","s"]},"results":{"bindings":[The port 9 is not allowed'
    assert unfinished("application/sparql-results+json", cut) == "The port 9 is not allowed"
    assert unfinished("application/sparql-results+json", cut[:-30] + CANCELLED).endswith(CANCELLED.decode())
    assert unfinished("application/sparql-results+xml", b"<sparql><results></results></sparql>\n") is None
    assert unfinished("application/sparql-results+xml", b"<sparql><results><result>" + CANCELLED) is not None


def test_ask_answers_and_empty_bodies_are_whole():
    for media in ("text/csv", "text/tab-separated-values"):
        assert unfinished(media, b"true") is None and unfinished(media, b"false") is None
    assert unfinished("text/turtle", b"") is None
    assert unfinished("text/turtle", b"<urn:a> <urn:b> <urn:c> .\n") is None
    assert unfinished("application/n-triples", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> " + CANCELLED) is not None
    assert unfinished("application/octet-stream", b"anything") is None  # a format it cannot judge


# --- exact words and edge cases (what mutation testing showed the tests above let through) --------

def test_refusals_say_exactly_what_to_do():
    assert check_host("evil.example:80", Policy()).message == (
        "This server does not answer for host 'evil.example'; start it with --allowed-host to add a name.\n")
    assert check_host(None, Policy()).message == (
        "This server does not answer for host '(none)'; start it with --allowed-host to add a name.\n")
    assert check_write("POST", UPDATE, Policy()).message == (
        "This SPARQL endpoint is read-only; start `normgraph serve --allow-update` to accept updates.\n")
    assert check_write("POST", {**UPDATE, "origin": "https://evil.example"}, WRITABLE).message == (
        "Writes from another site are refused (Origin 'https://evil.example').\n")
    assert check_write("POST", {**UPDATE, "sec-fetch-site": "cross-site"}, WRITABLE).message == (
        "Writes from another site are refused (Sec-Fetch-Site).\n")
    assert check_write("POST", FORM, WRITABLE).message == (
        "A write sent as a form needs this server's token (printed when it started) as the HTTP Basic "
        "password or a Bearer token; or send application/sparql-update.\n")
    assert check_write("POST", UPDATE, Policy()).challenge is False
    assert check_write("POST", {**UPDATE, "origin": "https://evil.example"}, WRITABLE).challenge is False
    assert check_sparql(["SELECT * { SERVICE <x> {} }"], Policy()).message == (
        "SERVICE (a call from this server to another endpoint) is off; start `normgraph serve "
        "--allow-service` to allow it.\n")
    assert check_sparql(["SELECT * " + "{" * 130 + "}" * 130], Policy()).message == (
        "Refused: the query nests brackets more than 128 deep (line 1, column 138).\n")
    assert check_sparql(["ASK {}", "SELECT * { SERVICE <x> {} }"], Policy()).status == 403  # every text
    assert check_sparql(["SELECT * " + "{" * 5 + "}" * 5], Policy(max_depth=4)).status == 400
    assert check_sparql([], Policy()) is None


def test_host_names_in_every_spelling():
    policy = Policy()
    for host in ("::1", " localhost ", "LocalHost:7878", "[::1]:80", "127.0.0.1:"):
        assert check_host(host, policy) is None, host
    for host in ("[::1", "[::1]x", "localhost:7878:1", "x[::1]"):
        assert check_host(host, policy) is not None, host
    assert allowed_hosts("[FE80::1]", ("[Graph.Example]", "Other")) == LOOPBACK_NAMES | {"fe80::1", "graph.example", "other"}
    assert allowed_hosts("", ()) is None and allowed_hosts("::", ("a",)) is not None


def test_the_same_origin_is_scheme_and_host_exactly():
    own = {**UPDATE, "host": "127.0.0.1:7878"}
    assert check_write("POST", {**own, "origin": "HTTP://127.0.0.1:7878"}, WRITABLE) is None
    assert check_write("POST", {**own, "origin": "https://127.0.0.1:7878"}, WRITABLE) is None
    for origin in ("ftp://127.0.0.1:7878", "http://127.0.0.1", "127.0.0.1:7878", "http://127.0.0.1:7878.evil.example"):
        assert check_write("POST", {**own, "origin": origin}, WRITABLE) is not None, origin
    assert check_write("POST", {**own, "host": "", "origin": "http://"}, WRITABLE) is not None


def test_tokens_in_every_spelling():
    def basic(text: bytes) -> str:
        return "Basic " + base64.b64encode(text).decode()

    colon = Policy(allow_update=True, token="pw:with:colons")
    assert check_write("POST", {**FORM, "authorization": basic(b"user:pw:with:colons")}, colon) is None
    assert check_write("POST", {**FORM, "authorization": basic(b":pw:with:colons")}, colon) is None
    assert check_write("POST", {**FORM, "authorization": "Bearer   pw:with:colons  "}, colon) is None
    assert check_write("POST", {**FORM, "authorization": basic(b"pw:with:colons")}, colon) is not None
    assert check_write("POST", {**FORM, "authorization": "BASIC " + basic(b"u:pw-token")[6:]}, WRITABLE) is None
    assert check_write("POST", {**FORM, "authorization": basic(b"u:pw-token") + "=="}, WRITABLE) is not None


def test_media_types_are_compared_without_parameters_or_case():
    from normgraph.graph._guards import media_type

    assert media_type("Application/SPARQL-Update ; charset=utf-8") == "application/sparql-update"
    assert media_type("text/plain;a=b;c=d") == "text/plain" and media_type("") == ""
    assert check_write("POST", {**FORM, "content-type": "Text/Plain; charset=utf-8"}, WRITABLE).status == 401
    assert check_write("POST", {**FORM, "content-type": " application/sparql-update "}, WRITABLE) is None


def test_protocol_texts_in_every_place():
    form = "application/x-www-form-urlencoded; charset=UTF-8"
    assert sparql_texts([("x", "1"), ("query", "ASK {}")], form, b"x=2&update=CLEAR+ALL&query=") == \
        ["ASK {}", "CLEAR ALL", ""]
    assert sparql_texts([("update", "DROP ALL")], "", b"ignored") == ["DROP ALL"]
    assert sparql_texts([], "Application/SPARQL-Query", b"ASK {}") == ["ASK {}"]
    assert sparql_texts([], "text/plain", b"query=ASK") == []
    refusal = sparql_texts([], form, b"query=\xff")
    assert not isinstance(refusal, list) and refusal.message == "The request body is not UTF-8 (at byte offset 6).\n"


def test_a_long_tail_is_read_from_the_end():
    import io

    from normgraph.graph.serve import _tail

    spool = io.BytesIO(b"a" * 10_000 + b"END")
    assert _tail(spool, 10_003) == b"a" * 4093 + b"END" and spool.tell() == 0
    short = io.BytesIO(b"xyz")
    assert _tail(short, 3) == b"xyz" and short.tell() == 0


def test_unfinished_answers_name_the_engines_words():
    tsv = b"?s\n<urn:a>\n<urn:b" + b"Some failure"  # the cut row and the words cannot be told apart
    assert unfinished("text/tab-separated-values", tsv) == "<urn:bSome failure"
    assert unfinished("TEXT/CSV; charset=utf-8", b"s\r\nurn:a\r\nurn:b,The error") == "The error"
    assert unfinished("application/sparql-results+json", b'{"results":{"bindings":[{"a":1},The error  ') == "The error"
    assert unfinished("application/json", b'{"a": [1, 2]}  ') is None
    assert unfinished("application/sparql-results+xml", b"<sparql></sparql>  \n") is None
    assert unfinished("application/sparql-results+xml", b"<sparql><result>The error") == "The error"
    assert unfinished("text/turtle", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> The error") == "The error"
    assert unfinished("application/n-quads", b"<urn:a> <urn:b> <urn:c> <urn:g> .\n") is None
    assert unfinished("application/trig", b"<urn:g> { <urn:a> <urn:b> <urn:c> }") is not None
    assert unfinished(None, b"anything") is None and unfinished("text/csv", b"  \n") is None
    assert unfinished("text/csv", b"s\r\nv\r") == "the result ends mid-way"  # cut inside a line break
    assert unfinished("text/csv", b"s\r\nv," + b"E" * 400) == "E" * 300


def test_nesting_is_measured_through_siblings_and_located_exactly():
    siblings = "SELECT * {" + "{}" * 500 + "}"
    assert too_deep(siblings) is None  # 500 groups side by side are 2 deep, not 501
    exactly = "SELECT * {" + "{ } " * 3 + "{" * (MAX_DEPTH - 1) + "}" * (MAX_DEPTH - 1) + "}"
    assert too_deep(exactly) is None and too_deep(exactly.replace("{", "{{", 1)) is not None
    located = "\nSELECT * {\n" + "{" * 200 + "}" * 200 + "\n}\n\n\n"
    assert too_deep(located) == "the query nests brackets more than 128 deep (line 3, column 128)"


def test_a_missing_content_type_is_a_form():
    headers = {"host": "127.0.0.1:7878"}  # no Content-Type at all: what a bare POST sends
    refusal = check_write("POST", headers, WRITABLE)
    assert refusal is not None and refusal.status == 401
    assert check_write("POST", {**headers, "authorization": "Bearer pw-token"}, WRITABLE) is None


def test_names_with_letters_compare_without_case():
    own = {**UPDATE, "host": "LocalHost:7878"}
    assert check_write("POST", {**own, "origin": "http://localhost:7878"}, WRITABLE) is None
    assert check_write("POST", {**own, "origin": "http://LOCALHOST:7878"}, WRITABLE) is None
    assert allowed_hosts("X.example") == LOOPBACK_NAMES | {"x.example"}
    assert allowed_hosts("0.0.0.0", ("Xenon.example",)) == LOOPBACK_NAMES | {"0.0.0.0", "xenon.example"}


def test_the_engines_words_are_found_after_the_last_piece_of_result():
    assert unfinished("application/sparql-results+json", b'{"results":{"bindings":[{The error') == "The error"
    assert unfinished("text/tab-separated-values", b"?a\t?b\n<urn:a>\tThe error") == "The error"
    assert unfinished("text/csv", b"s\r\nurn:a,The error,") == "urn:a,The error,"
    assert unfinished("application/ld+json", b'[{"@id": "urn:a"}]') is None
    assert unfinished("application/n-quads", b"<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> The error") == "The error"
    # a 4 KiB tail may begin inside a character: it is read, not refused
    assert unfinished("text/csv", "é".encode()[1:] + b"s\r\nv,The error") == "The error"


def test_depth_returns_to_zero_between_groups_and_counts_only_brackets():
    assert too_deep("{}" + "{" * MAX_DEPTH + "}" * MAX_DEPTH) is None  # a closed group leaves nothing open
    assert too_deep("SELECT * {" + "{ ?X " * MAX_DEPTH + "}" * (MAX_DEPTH + 1)) is not None  # X closes nothing
    assert too_deep("\n" + "{" * 200) == "the query nests brackets more than 128 deep (line 2, column 129)"
    assert unfinished("text/tab-separated-values", b'?a\t?b\n"x"\tThe error') == "The error"
