"""Parameters are bound as RDF terms: hostile text cannot change a query's meaning."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph.errors import QueryError
from normgraph.queries import load_query, run_named, run_sparql
from normgraph.queries._bind import bind
from normgraph.queries._catalog import parse_query_file

HOSTILE = [
    '" } } SELECT * WHERE { ?s ?p ?o } #',
    "transit' } UNION { ?s ?p ?o } #",
    "> } DROP ALL ; SELECT * { <",
    "x\n} } INSERT DATA { <a:b> <a:c> <a:d> } #",
    '\\" ) } FILTER(true) #',
    "}#",
    "transit #",
    "DELETE WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_labels_are_only_ever_labels(seed_graph, value):
    """As a label a hostile value finds nothing; it never becomes SPARQL."""
    with pytest.raises(QueryError, match="is labelled"):
        run_named(seed_graph, "norms-by-role", {"role": value})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_a_string_parameter_stays_a_literal(seed_graph, value):
    query = parse_query_file(
        "# param: needle (string) [example=x]: text\nSELECT ?n WHERE { ?p <https://w3id.org/normgraph/ontology#number> ?n . "
        "FILTER(?needle = \"never\") }\n",
        name="probe",
    )
    sparql = bind(query, {"needle": value})
    assert run_sparql(seed_graph, sparql).rows == ()  # the filter still filters everything out
    (binding,) = [line for line in sparql.splitlines() if "VALUES" in line]
    literal = binding.strip().removeprefix("VALUES ?needle {").removesuffix("}").strip()
    parsed = list(ox.parse(f"<a:s> <a:p> {literal} .".encode(), format=ox.RdfFormat.N_TRIPLES))
    assert parsed[0].object.value == value.strip()


@pytest.mark.parametrize("value", ["38 } UNION { ?s ?p ?o", "1e3", "38.5", "", "thirty-eight", "99999999999999999999"])
def test_integer_parameters_refuse_anything_but_a_whole_number(seed_graph, value):
    with pytest.raises(QueryError, match="parameter 'number'"):
        run_named(seed_graph, "paragraph-assertions", {"number": value})


@pytest.mark.parametrize("value", ["http://exa mple.org/x", "https://x.org/<script>", "ng:Trans it"])
def test_malformed_iris_are_refused(seed_graph, value):
    with pytest.raises(QueryError):
        run_named(seed_graph, "norms-by-role", {"role": value})


def test_unknown_missing_and_ambiguous_parameters(seed_graph):
    with pytest.raises(QueryError, match="has no parameter 'rol'"):
        run_named(seed_graph, "norms-by-role", {"rol": "transit"})
    with pytest.raises(QueryError, match="needs the parameter 'norm'"):
        run_named(seed_graph, "norm-provenance", {})
    with pytest.raises(QueryError, match="neither a unit eId"):
        run_named(seed_graph, "paragraph-assertions", {"unit": "the sixth article"})
    with pytest.raises(QueryError, match="ambiguous"):
        run_named(seed_graph, "paragraphs-mentioning", {"thing": "countries"})  # a word that starts many labels
    with pytest.raises(QueryError, match="no query named"):
        run_named(seed_graph, "no-such-query", {})
    with pytest.raises(QueryError, match="is not a query name"):
        run_named(seed_graph, "../../etc/passwd", {})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_as_a_label_gives_rows_or_a_query_error(seed_graph, value):
    try:
        result = run_named(seed_graph, "norms-by-bearer", {"actor": value})
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert len({r["actor"] for r in result.records()}) <= 1  # one actor, or an IRI that bears nothing


def test_values_go_inside_the_where_clause_not_into_comments_or_strings():
    query = parse_query_file(
        '# param: x (string) [example=a]: x\n# a comment saying WHERE { not here\n'
        'SELECT ?x WHERE { BIND("WHERE {" AS ?y) }\n',
        name="probe",
    )
    sparql = bind(query, {"x": "v"})
    assert sparql.index('VALUES ?x { "v" }') > sparql.index("SELECT ?x WHERE {")
    assert ox.Store().query(sparql) is not None


def test_result_formats(seed_graph):
    result = run_named(seed_graph, "claims-with-figures", {"source": "ILO"})
    csv_text = result.render("csv")
    assert csv_text.splitlines()[0] == "claim,value,unit,attributedTo,attributedToLabel,number,quote"
    parsed = ox.parse_query_results(result.render("json").encode(), format=ox.QueryResultsFormat.JSON)
    assert [row["value"].value for row in parsed] == ["98"]
    tsv = ox.parse_query_results(result.render("tsv").encode(), format=ox.QueryResultsFormat.TSV)
    assert [row["unit"].value for row in tsv] == ["per cent"]
    table = result.render("table")
    assert "(1 row)" in table and "ILO" in table
    ask = run_sparql(seed_graph, "ASK { ?s a <https://w3id.org/normgraph/ontology#Right> }")
    assert ask.render("table") == "true\n" and json.loads(ask.render("json"))["boolean"] is True
    graph = run_sparql(seed_graph, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t ; <https://w3id.org/normgraph/ontology#number> 38 }")
    triples = list(ox.parse(graph.render("table").encode(), format=ox.RdfFormat.TURTLE))
    assert sorted(t.object.value.rsplit("#", 1)[1] for t in triples) == ["Paragraph", "Unit"]


def test_malformed_sparql_names_the_position(seed_graph):
    with pytest.raises(QueryError, match=r"malformed SPARQL: error at 1:\d+"):
        run_sparql(seed_graph, "SELECT * WHERE { ?s ?p }")
