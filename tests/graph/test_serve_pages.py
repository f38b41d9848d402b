"""What `normgraph serve` shows people and other sites (issue 17, item 2), over real HTTP: the
editor on /query for a browser only (the protocol unchanged for programs), its policy and static
files, the landing page, the JSON-LD context, and CORS (`--cors`) — with property tests for the
parsers behind them (Accept, --cors origins, the JSON the editor page embeds)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normgraph.graph._guards import Policy, check_preflight, cors_origin, cors_origins
from normgraph.graph._pages import EDITOR_CSP, LANDING_CSP, embedded_json, wants_html
from normgraph.queries._catalog import query_names
from served import Served

ASK = "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
APP = "https://app.example"


@pytest.fixture(scope="module")
def read_only():
    with Served(("--timeout", "5")) as served:
        yield served


@pytest.fixture(scope="module")
def cors():
    with Served(("--cors", APP, "--cors", "http://LOCALHOST:3000", "--allow-update")) as served:
        yield served


def settings_of(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="ng-settings">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


# --- the editor, for browsers only -----------------------------------------------------------

def test_a_browser_asking_for_query_gets_the_editor(read_only):
    page = read_only.request("GET", "/query", headers={"Accept": BROWSER})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == EDITOR_CSP
    settings = settings_of(page.text)
    assert [q["name"] for q in settings["queries"]] == query_names() and len(query_names()) >= 10
    assert settings["prefixes"]["ng"] == "https://w3id.org/normgraph/ontology#"
    assert "PREFIX ng: <https://w3id.org/normgraph/ontology#>" in settings["defaultQuery"]
    assert (settings["query"], settings["update"]) == ("/query", "/update")
    for src in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert src.startswith(("static/", "data:", "view", "./")), src  # nothing from elsewhere
    head = read_only.request("HEAD", "/query", headers={"Accept": "text/html"})
    assert head.status == 200 and head.body == b"" and head.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("accept", ["", "*/*", "application/sparql-results+json", "text/html;q=0"])
def test_programs_still_get_the_protocol_on_query(read_only, accept):
    headers = {"Accept": accept} if accept else {}
    # without a query: the engine's service description (RDF), or its 406 where none is acceptable
    description = read_only.request("GET", "/query", headers=headers)
    assert b"<!DOCTYPE html>" not in description.body
    if accept in ("", "*/*"):
        assert description.status == 200 and b"sparql-service-description" in description.body
    else:
        assert description.status == 406 and description.body.startswith(b"The accept header does not provide")
    answer = read_only.request("GET", ASK, headers={"Accept": accept or "*/*"} if accept != "text/html;q=0" else {})
    assert answer.status == 200 and b"true" in answer.body


@pytest.mark.parametrize("accept", ["", "application/n-triples", "application/n-quads"])
def test_the_service_description_names_this_server_not_the_engine_behind_it(read_only, accept):
    # N-Triples and N-Quads write the endpoint's IRI in full (Turtle writes <>, relative)
    description = read_only.request("GET", "/query", headers={"Accept": accept} if accept else {})
    assert description.status == 200 and b"sparql-service-description" in description.body
    ports = {int(port) for port in re.findall(rb"//127\.0\.0\.1:(\d+)", description.body)}
    assert ports == {read_only.port}, description.text  # the engine's own port is private
    assert int(description.headers["content-length"]) == len(description.body)


def test_a_query_from_a_browser_is_still_a_query(read_only):
    # with a query parameter or a POST, /query is the protocol whatever the Accept says
    assert b"<!DOCTYPE html>" not in read_only.request("GET", ASK, headers={"Accept": BROWSER}).body
    posted = read_only.request("POST", "/query", "query=ASK%20%7B%7D",
                               {"Content-Type": "application/x-www-form-urlencoded", "Accept": BROWSER})
    assert b"<!DOCTYPE html>" not in posted.body


def test_static_files_are_a_fixed_list(read_only):
    script = read_only.request("GET", "/static/yasgui/yasgui.min.js")
    assert script.status == 200 and script.headers["content-type"].startswith("text/javascript")
    assert script.body == files("normgraph.graph").joinpath("static/yasgui/yasgui.min.js").read_bytes()
    assert b"sourceMappingURL" not in script.body  # no browser asks for a map that is not shipped
    for path in ("/static/yasgui/yasgui.min.js.map", "/static/../serve.py", "/static/%2e%2e/serve.py",
                 "/static/editor.html", "/static/", "/static/yasgui"):
        assert read_only.request("GET", path).status == 404, path
    assert b"MIT" in read_only.request("GET", "/static/yasgui/LICENSE").body


def test_the_landing_page_links_the_editor_and_the_view(read_only):
    page = read_only.request("GET", "/")
    assert page.status == 200 and page.headers["content-security-policy"] == LANDING_CSP
    links = re.findall(r'href="([^"]+)"', page.text)
    assert {"query", "view", "context.jsonld"} <= set(links)
    assert "<script" not in page.text


def test_the_json_ld_context_is_served_as_the_package_holds_it(read_only):
    answer = read_only.request("GET", "/context.jsonld")
    packaged = files("normgraph.ontology").joinpath("context.jsonld").read_bytes()
    assert answer.status == 200 and answer.headers["content-type"] == "application/ld+json"
    assert answer.body == packaged and "@context" in json.loads(answer.body)
    assert answer.headers["access-control-allow-origin"] == "*"  # JSON-LD processors on any site


# --- CORS --------------------------------------------------------------------------------------

def test_cors_is_off_by_default(read_only):
    answer = read_only.request("GET", ASK, headers={"Origin": APP})
    assert answer.status == 200 and "access-control-allow-origin" not in answer.headers
    preflight = read_only.request("OPTIONS", "/query", headers={"Origin": APP, "Access-Control-Request-Method": "POST"})
    assert preflight.status == 405 and "access-control-allow-origin" not in preflight.headers


def test_a_listed_origin_may_read_the_query_routes(cors):
    for route in ("/query", "/sparql"):
        answer = cors.request("GET", route + ASK[6:], headers={"Origin": APP, "Accept": "text/csv"})
        assert answer.status == 200 and answer.body.strip() == b"true"
        assert answer.headers["access-control-allow-origin"] == APP and "Origin" in answer.headers["vary"]
        preflight = cors.request("OPTIONS", route, headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept"})
        assert preflight.status == 204
        assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "Content-Type" in preflight.headers["access-control-allow-headers"]
    posted = cors.request("POST", "/query", "ASK {}", {"Origin": APP, "Content-Type": "application/sparql-query"})
    assert posted.status == 200 and posted.headers["access-control-allow-origin"] == APP
    stopped = cors.request("GET", "/query?query=SELEC", headers={"Origin": APP})  # errors are readable too
    assert stopped.status == 400 and stopped.headers["access-control-allow-origin"] == APP


def test_other_origins_and_writes_get_no_cors(cors):
    answer = cors.request("GET", ASK, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers
    for headers in ({"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
                    {"Origin": APP, "Access-Control-Request-Method": "PUT"},
                    {"Origin": APP, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}):
        refused = cors.request("OPTIONS", "/query", headers=headers)
        assert refused.status == 403 and "access-control-allow-origin" not in refused.headers, headers
    # writes stay same-origin: no preflight for /update or /store, and a write from APP is refused
    for route in ("/update", "/store"):
        preflight = cors.request("OPTIONS", route, headers={"Origin": APP, "Access-Control-Request-Method": "POST"})
        assert preflight.status == 405 and "access-control-allow-origin" not in preflight.headers
    before = cors.count()
    write = cors.update("INSERT DATA { <urn:t:cors> <urn:t:cors> <urn:t:cors> }", Origin=APP)
    assert write.status == 403 and "access-control-allow-origin" not in write.headers
    assert cors.count() == before


def test_any_origin_with_a_star():
    with Served(("--cors", "*")) as served:
        answer = served.request("GET", ASK, headers={"Origin": "https://anyone.example"})
        assert answer.headers["access-control-allow-origin"] == "*" and "vary" not in answer.headers
        served.wait_for_line(r"cross-origin reads allowed from \*")


def test_a_bad_cors_origin_is_one_line():
    result = subprocess.run([sys.executable, "-m", "normgraph", "serve", "--port", "0", "--cors", "https://a.example/path"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "normgraph: error: --cors: 'https://a.example/path' is not an origin (scheme://host[:port], or *)"]


# --- the parsers, property-tested ------------------------------------------------------------

_hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){0,3}", fullmatch=True)


@given(st.sampled_from(["http", "https", "HTTP"]), _hosts, st.none() | st.integers(1, 65535), st.booleans())
def test_cors_origins_are_normalised(scheme, host, port, slash):
    netloc = host.upper() + (f":{port}" if port else "")
    (origin,) = cors_origins((f"{scheme}://{netloc}" + ("/" if slash else ""),))
    assert origin == f"{scheme.lower()}://{netloc.lower()}"
    policy = Policy(cors=(origin,))
    assert cors_origin(origin, policy) == origin
    assert cors_origin(origin + "x", policy) is None
    granted = check_preflight(origin, "GET", "Accept", policy)
    assert isinstance(granted, dict) and granted["Access-Control-Allow-Origin"] == origin


@given(_hosts, st.sampled_from(["/a", "/?q", "#f", "?x=1"]) | st.text(min_size=1).map(lambda t: "/" + t))
def test_an_origin_with_a_path_query_or_fragment_is_refused(host, tail):
    with pytest.raises(ValueError, match="is not an origin"):
        cors_origins((f"https://{host}{tail}",))


@given(st.text())
def test_cors_origins_take_any_text_without_crashing(text):
    try:
        origins = cors_origins((text,))
    except ValueError:
        return
    assert origins == ("*",) or re.fullmatch(r"https?://[^/?#]+", origins[0])


_media = st.sampled_from(["text/html", "TEXT/HTML", "application/xhtml+xml", "application/json", "text/csv", "*/*",
                          "image/webp", "text/*"])
_q = st.none() | st.sampled_from(["0", "0.0", "1", "0.5", "0.001", "x"])


@given(st.lists(st.tuples(_media, _q), max_size=6))
def test_wants_html_reads_an_accept_header(items):
    header = ", ".join(m + (f";q={q}" if q is not None else "") for m, q in items)

    def positive(q: str | None) -> bool:
        try:
            return q is None or float(q) > 0
        except ValueError:
            return False

    expected = any(m.lower() in ("text/html", "application/xhtml+xml") and positive(q) for m, q in items)
    assert wants_html(header) is expected


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_embedded_json_cannot_end_its_script_block(value):
    text = embedded_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value
