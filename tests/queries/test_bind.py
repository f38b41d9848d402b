"""Parameter binding (queries/_bind.py), function by function, with exact outputs: each type's
term, each refusal's message, where the VALUES block goes, and how a label is looked up."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from normgraph.errors import QueryError
from normgraph.graph.store import KnowledgeGraph
from normgraph.queries._bind import bind, resolve_label, to_term, with_values
from normgraph.queries._catalog import NamedQuery, Param

XSD = "http://www.w3.org/2001/XMLSchema#"
NG = "https://w3id.org/normgraph/ontology#"
EX = "https://example.org/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _term(type_: str, raw: str, cls: str | None = None, target=None):  # type: ignore[no-untyped-def]
    return to_term(Param("p", type_, cls), raw, target, "q")


def _refused(type_: str, raw: str, target=None) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as info:
        _term(type_, raw, target=target)
    return info.value.message if hasattr(info.value, "message") else str(info.value)


# --- to_term: one type after another --------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "raw", "term"),
    [
        ("integer", "38", ox.Literal("38", datatype=ox.NamedNode(XSD + "integer"))),
        ("integer", "  +0038 ", ox.Literal("38", datatype=ox.NamedNode(XSD + "integer"))),
        ("integer", "-7", ox.Literal("-7", datatype=ox.NamedNode(XSD + "integer"))),
        ("integer", "9" * 18, ox.Literal("9" * 18, datatype=ox.NamedNode(XSD + "integer"))),
        ("decimal", "2.5", ox.Literal("2.5", datatype=ox.NamedNode(XSD + "decimal"))),
        ("decimal", "-.5", ox.Literal("-.5", datatype=ox.NamedNode(XSD + "decimal"))),
        ("decimal", "+3.", ox.Literal("+3.", datatype=ox.NamedNode(XSD + "decimal"))),
        ("decimal", "12", ox.Literal("12", datatype=ox.NamedNode(XSD + "decimal"))),
        ("date", "2008", ox.Literal("2008", datatype=ox.NamedNode(XSD + "gYear"))),
        ("date", "2008-04", ox.Literal("2008-04", datatype=ox.NamedNode(XSD + "gYearMonth"))),
        ("date", "2008-04-30", ox.Literal("2008-04-30", datatype=ox.NamedNode(XSD + "date"))),
        ("date", "1990-12-31", ox.Literal("1990-12-31", datatype=ox.NamedNode(XSD + "date"))),
        ("string", "  a \"quoted\" } text ", ox.Literal('a "quoted" } text')),
        ("boolean", "true", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ("boolean", " YES ", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),  # any case, canonical form
        ("boolean", "1", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ("boolean", "False", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
        ("boolean", "no", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
        ("boolean", "0", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
        ("unit", "Article 6(3)", ox.Literal("art_6__para_3")),
        ("unit", "art_6__para_3", ox.Literal("art_6__para_3")),
        ("iri", "https://example.org/x", ox.NamedNode("https://example.org/x")),
        ("iri", "<https://example.org/x>", ox.NamedNode("https://example.org/x")),
        ("iri", "ng:TransitCountry", ox.NamedNode(NG + "TransitCountry")),
        ("iri", "ngr:doc/d/p1", ox.NamedNode("https://w3id.org/normgraph/id/doc/d/p1")),
        ("iri", "rdfs:label", ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")),
        ("iri", "urn:isbn:123", ox.NamedNode("urn:isbn:123")),
        ("iri", "ng://host/x", ox.NamedNode("ng://host/x")),  # a scheme, not the ng: prefix
        ("iri", "x-y.z+w://h", ox.NamedNode("x-y.z+w://h")),
    ],
)
def test_each_type_becomes_its_term(type_, raw, term):
    assert _term(type_, raw) == term


@pytest.mark.parametrize(
    ("type_", "raw", "message"),
    [
        ("integer", "  ", "query 'q', parameter 'p': the value is empty"),
        ("string", "", "query 'q', parameter 'p': the value is empty"),
        ("integer", "1" * 19, "query 'q', parameter 'p': '1111111111111111111' is not a whole number"),
        ("integer", "3.0", "query 'q', parameter 'p': '3.0' is not a whole number"),
        ("integer", "3 4", "query 'q', parameter 'p': '3 4' is not a whole number"),
        ("integer", "x3", "query 'q', parameter 'p': 'x3' is not a whole number"),
        ("integer", "3x", "query 'q', parameter 'p': '3x' is not a whole number"),
        ("decimal", "1e3", "query 'q', parameter 'p': '1e3' is not a number"),
        ("decimal", ".", "query 'q', parameter 'p': '.' is not a number"),
        ("decimal", "x1.5", "query 'q', parameter 'p': 'x1.5' is not a number"),
        ("decimal", "1.5x", "query 'q', parameter 'p': '1.5x' is not a number"),
        ("date", "2008-13", "query 'q', parameter 'p': '2008-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "2008-00", "query 'q', parameter 'p': '2008-00' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "2008-04-32", "query 'q', parameter 'p': '2008-04-32' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "2008-04-00", "query 'q', parameter 'p': '2008-04-00' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "08", "query 'q', parameter 'p': '08' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "x2008", "query 'q', parameter 'p': 'x2008' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("date", "2008-04-30x", "query 'q', parameter 'p': '2008-04-30x' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("boolean", "", "query 'q', parameter 'p': the value is empty"),
        ("boolean", "maybe", "query 'q', parameter 'p': 'maybe' is not a switch (true or false; yes/no and 1/0 work too)"),
        ("boolean", "tru", "query 'q', parameter 'p': 'tru' is not a switch (true or false; yes/no and 1/0 work too)"),
        ("boolean", "true false", "query 'q', parameter 'p': 'true false' is not a switch (true or false; yes/no and 1/0 work too)"),
        ("boolean", "2", "query 'q', parameter 'p': '2' is not a switch (true or false; yes/no and 1/0 work too)"),
        ("unit", "the sixth article",
         "query 'q', parameter 'p': 'the sixth article' is neither a unit eId (art_6__para_3) nor a citation (\"Article 6(3)\")"),
        ("unit", "53", "query 'q', parameter 'p': '53' is neither a unit eId (art_6__para_3) nor a citation "
                       "(\"Article 6(3)\") — give a paragraph number as --param number=53"),
        ("iri", "transit", "query 'q', parameter 'p': 'transit' is not an IRI, and there is no graph to look the label up in"),
        ("iri", "https://x.org/<script>", "'https://x.org/<script>' is not a valid IRI"),
        ("iri", "<ng:a b>", "'<ng:a b>' is not a valid IRI"),
    ],
)
def test_what_does_not_fit_is_refused_with_its_reason(type_, raw, message):
    assert str(_refused(type_, raw)) == message


def test_dates_on_each_boundary():
    for ok in ("2008-01", "2008-09", "2008-10", "2008-12", "2008-01-01", "2008-01-09", "2008-01-10", "2008-01-19",
               "2008-01-20", "2008-01-29", "2008-01-30", "2008-01-31"):  # fmt: skip
        assert _term("date", ok).value == ok
    for bad in ("2008-1", "2008-01-1", "2008-01-3", "20080", "2008-01-01-01"):
        with pytest.raises(QueryError):
            _term("date", bad)


# --- with_values and bind: where the block goes ----------------------------------------------------


def test_values_go_right_after_the_where_brace():
    sparql = "SELECT ?x WHERE { ?x ?p ?o }"
    bound = with_values(sparql, [("a", ox.NamedNode(EX + "a")), ("n", ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")))])
    assert bound == ("SELECT ?x WHERE {\n  VALUES ?a { <https://example.org/a> }\n"
                     "  VALUES ?n { \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> }\n ?x ?p ?o }")  # fmt: skip
    assert with_values(sparql, []) == sparql


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("ASK { ?x ?p ?o }", "ASK {\n  VALUES ?a { \"v\" }\n ?x ?p ?o }"),
        ("select ?x where{ ?x ?p ?o }", "select ?x where{\n  VALUES ?a { \"v\" }\n ?x ?p ?o }"),
        ("SELECT ?x WHERE\n{ ?x ?p ?o }", "SELECT ?x WHERE\n{\n  VALUES ?a { \"v\" }\n ?x ?p ?o }"),
        # a WHERE in a comment, a string or an IRI is not the query's
        ("# not WHERE { here\nSELECT ?x WHERE { ?x ?p 'WHERE {' }",
         "# not WHERE { here\nSELECT ?x WHERE {\n  VALUES ?a { \"v\" }\n ?x ?p 'WHERE {' }"),
        ("SELECT ?x FROM <http://e.org/WHERE{> WHERE { ?x ?p ?o }",
         "SELECT ?x FROM <http://e.org/WHERE{> WHERE {\n  VALUES ?a { \"v\" }\n ?x ?p ?o }"),
        ("SELECT ?NOWHERE { ?x ?p ?o } # a variable named like the keyword; no WHERE",
         None),
    ],
)
def test_the_where_clause_is_found_as_sparql_reads_it(sparql, expected):
    if expected is None:
        with pytest.raises(QueryError, match="^the query has no WHERE clause to bind parameters in$"):
            with_values(sparql, [("a", ox.Literal("v"))])
    else:
        assert with_values(sparql, [("a", ox.Literal("v"))]) == expected


def _query(*params: Param) -> NamedQuery:
    return NamedQuery("probe", "t", "d", params, "SELECT ?x WHERE { ?x ?p ?o }", None)


def test_bind_uses_values_defaults_and_skips_optional_parameters():
    query = _query(Param("n", "integer"), Param("k", "string", required=False, default="dflt"),
                   Param("o", "string", required=False))  # fmt: skip
    assert bind(query, {"n": "5"}) == ("SELECT ?x WHERE {\n  VALUES ?n { \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> }\n"
                                       "  VALUES ?k { \"dflt\" }\n ?x ?p ?o }")  # fmt: skip
    assert bind(query, {"n": "5", "k": "mine", "o": "too"}).count("VALUES") == 3
    assert '?k { "mine" }' in bind(query, {"n": "5", "k": "mine"})


def test_bind_refuses_unknown_and_missing_parameters():
    query = _query(Param("n", "integer", example="38"), Param("m", "integer"))
    with pytest.raises(QueryError) as info:
        bind(query, {"n": "1", "m": "2", "x": "3"})
    assert str(info.value) == "query 'probe' has no parameter 'x' (its parameters: n, m)"
    with pytest.raises(QueryError) as info:
        bind(query, {"m": "2"})
    assert str(info.value) == "query 'probe' needs the parameter 'n' (e.g. --param n=38)"
    with pytest.raises(QueryError) as info:
        bind(query, {"n": "2"})
    assert str(info.value) == "query 'probe' needs the parameter 'm'"


# --- boolean parameters: a switch in the header, a typed term in the query ----------------------


def test_a_boolean_parameter_is_declared_bound_and_defaulted():
    from normgraph.queries._catalog import parse_query_file

    query = parse_query_file("# param: on (boolean) [default=false, example=true]: a switch\n"
                             "SELECT ?x WHERE { BIND(IF(?on, \"on\", \"off\") AS ?x) }\n", name="probe")  # fmt: skip
    assert query.params == (Param("on", "boolean", required=False, default="false", example="true",
                                  description="a switch"),)  # fmt: skip
    assert query.params[0].signature() == "on (boolean) [optional, default=false, example=true]"
    answers = {value: [row["x"].value for row in ox.Store().query(bind(query, {"on": value} if value else {}))]
               for value in ("", "yes", "0")}  # fmt: skip
    assert answers == {"": ["off"], "yes": ["on"], "0": ["off"]}


@pytest.mark.parametrize("default", ["maybe", "", "2"])
def test_a_boolean_default_that_is_not_a_switch_is_a_malformed_header(default):
    from normgraph.queries._catalog import parse_query_file

    with pytest.raises(QueryError) as info:
        parse_query_file(f"# param: on (boolean) [default={default}]: a switch\nSELECT * WHERE {{ }}\n", name="probe")
    assert str(info.value) == "query 'probe': the default of 'on' is not true or false"


# --- labels ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled() -> KnowledgeGraph:
    store = ox.Store()
    g = ox.NamedNode(EX + "graph")

    def add(s: str, p: ox.NamedNode, o: ox.Literal | ox.NamedNode) -> None:
        store.add(ox.Quad(ox.NamedNode(EX + s), p, o, g))

    add("transit", RDF_TYPE, ox.NamedNode(NG + "StateRole"))
    add("transit", RDFS_LABEL, ox.Literal("transit country", language="en"))
    add("source", RDF_TYPE, ox.NamedNode(NG + "StateRole"))
    add("source", RDFS_LABEL, ox.Literal("Source country"))
    add("ilo", RDF_TYPE, ox.NamedNode(NG + "Organisation"))
    add("ilo", ox.NamedNode(SKOS + "altLabel"), ox.Literal("ILO"))
    add("ilo", RDFS_LABEL, ox.Literal("International Labour Organization"))
    add("iom", RDF_TYPE, ox.NamedNode(NG + "Organisation"))
    add("iom", RDFS_LABEL, ox.Literal("International Organization for Migration"))
    add("term", RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Class"))
    add("term", RDFS_LABEL, ox.Literal("Vocabulary"))
    add("plain", RDFS_LABEL, ox.Literal("Vocabulary item"))
    store.add(ox.Quad(ox.BlankNode("b"), RDFS_LABEL, ox.Literal("Blank"), g))
    return KnowledgeGraph(store)


@pytest.mark.parametrize(
    ("label", "cls", "iri"),
    [
        ("transit country", "ng:StateRole", "transit"),  # as written, a language-tagged label
        ("Source country", "ng:StateRole", "source"),  # as written, a plain label
        ("TRANSIT COUNTRY", "ng:StateRole", "transit"),  # any case
        ("source", "ng:StateRole", "source"),  # the first word of a label
        ("ILO", "ng:Organisation", "ilo"),  # an altLabel
        ("International Labour", "ng:Organisation", "ilo"),  # the first words
        ("ILO", None, "ilo"),  # no class: anything labelled
        ("Vocabulary", None, "plain"),  # … but the vocabulary's own classes; first words of another label
    ],
)
def test_a_label_resolves_to_its_one_resource(labelled, label, cls, iri):
    assert resolve_label(label, cls, labelled, "here") == ox.NamedNode(EX + iri)


def test_an_iri_parameter_takes_a_label_through_to_term(labelled):
    assert _term("iri", "transit country", cls="ng:StateRole", target=labelled) == ox.NamedNode(EX + "transit")


@pytest.mark.parametrize(
    ("label", "cls", "message"),
    [
        ("International", "ng:Organisation",
         "here: 'International' is ambiguous ('International Labour Organization' = <https://example.org/ilo>; "
         "'International Organization for Migration' = <https://example.org/iom>); give the IRI"),
        ("ILO", "ng:StateRole", "here: no ng:StateRole is labelled 'ILO'"),
        ("Blank", None, "here: nothing is labelled 'Blank'"),  # a blank node is never an answer
        ("count", "ng:StateRole", "here: no ng:StateRole is labelled 'count'"),  # words, not characters
        ("transit countr", "ng:StateRole", "here: no ng:StateRole is labelled 'transit countr'"),
    ],
)
def test_a_label_that_does_not_resolve_says_why(labelled, label, cls, message):
    with pytest.raises(QueryError) as info:
        resolve_label(label, cls, labelled, "here")
    assert str(info.value) == message


def test_an_exact_label_wins_over_a_longer_one():
    store = ox.Store()
    g = ox.NamedNode(EX + "g")
    for name, label in (("a", "Victims"), ("b", "Victims of trafficking")):
        store.add(ox.Quad(ox.NamedNode(EX + name), RDFS_LABEL, ox.Literal(label), g))
    graph = KnowledgeGraph(store)
    assert resolve_label("Victims", None, graph, "here") == ox.NamedNode(EX + "a")
    assert resolve_label("victims", None, graph, "here") == ox.NamedNode(EX + "a")
    assert resolve_label("victims of", None, graph, "here") == ox.NamedNode(EX + "b")
    with pytest.raises(QueryError, match="^here: nothing is labelled 'victims o'$"):
        resolve_label("victims o", None, graph, "here")
