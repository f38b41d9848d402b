"""Query answers as pandas DataFrames: QueryResult.to_pandas() and KnowledgeGraph.query_df()."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph import KnowledgeGraph, QueryError, QueryResult, run_named

XSD = "http://www.w3.org/2001/XMLSchema#"
NG = "https://w3id.org/normgraph/ontology#"


def test_a_named_query_is_a_typed_frame_in_the_selects_column_order(seed_graph):
    frame = seed_graph.query_df("norms-by-role", role="transit")
    result = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    assert list(frame.columns) == list(result.variables)
    assert len(frame) == len(result) > 0
    assert str(frame["number"].dtype) == "Int64" and frame["number"].iloc[0] == 38
    assert str(frame["negated"].dtype) == "boolean"
    assert str(frame["quote"].dtype) == "string"
    assert frame["role"].iloc[0] == NG + "TransitCountry"  # IRIs: their full text by default
    # the same rows as records() gives, value for value
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == result.records()


def test_prefixed_iris_decimals_and_unbound_values(seed_graph):
    frame = seed_graph.query_df("claims-with-figures", prefixed=True, source="ILO")
    assert frame["claim"].iloc[0].startswith("ngr:doc/ipu-118-migrant-workers/")
    assert str(frame["value"].dtype) == "Float64" and frame["value"].iloc[0] == 98.0
    everything = seed_graph.query_df("claims-with-figures")
    assert everything["attributedTo"].isna().any() and not everything["attributedTo"].isna().all()
    assert everything["attributedTo"].dtype == "string"  # missing is pd.NA, not the text "None"
    assert everything["attributedTo"][everything["attributedTo"].isna()].iloc[0] is pd.NA


def _result(variables: tuple[str, ...], *rows: tuple[ox.NamedNode | ox.Literal | ox.BlankNode | None, ...]) -> QueryResult:
    return QueryResult("select", variables, tuple(dict(zip(variables, row)) for row in rows))


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def test_each_datatype_gets_its_dtype():
    result = _result(
        ("when", "stamp", "count", "share", "flag", "label", "node", "mixed", "nothing"),
        (_typed("2008-04-14", "date"), _typed("2008-04-14T10:00:00Z", "dateTime"), _typed("3", "nonNegativeInteger"),
         _typed("2.5", "decimal"), _typed("true", "boolean"), ox.Literal("Hallo", language="de"), ox.BlankNode("b7"),
         _typed("1", "integer"), None),
        (None, _typed("2008-04-15T12:30:00+02:00", "dateTime"), None, _typed("1", "integer"), None, None, None,
         ox.Literal("one"), None),
    )
    frame = result.to_pandas()
    assert list(frame.columns) == list(result.variables)
    assert frame["when"].iloc[0] == pd.Timestamp("2008-04-14") and frame["when"].isna().iloc[1]
    assert frame["stamp"].iloc[1] == pd.Timestamp("2008-04-15T10:30:00Z")  # offsets made UTC
    assert str(frame["count"].dtype) == "Int64" and frame["count"].iloc[1] is pd.NA
    assert str(frame["share"].dtype) == "Float64" and list(frame["share"]) == [2.5, 1.0]  # integer + decimal: numbers
    assert str(frame["flag"].dtype) == "boolean" and bool(frame["flag"].iloc[0]) is True
    assert frame["label"].iloc[0] == "Hallo" and frame["node"].iloc[0] == "_:b7"
    assert frame["mixed"].dtype == object and list(frame["mixed"]) == [1, "one"]
    assert frame["nothing"].isna().all()


def test_ill_typed_dates_and_numbers_stay_text():
    result = _result(("when", "count"), (_typed("soon", "date"), _typed("many", "integer")))
    frame = result.to_pandas()
    assert list(frame.iloc[0]) == ["soon", "many"] and str(frame["when"].dtype) == "string"


def test_ask_and_construct_answers(seed_graph):
    assert seed_graph.run(f"ASK {{ ?r a <{NG}Right> }}").to_pandas()["boolean"].tolist() == [True]
    triples = seed_graph.query_df(f"CONSTRUCT {{ ?p a ?t }} WHERE {{ ?p a ?t ; <{NG}number> 38 }}", prefixed=True)
    assert list(triples.columns) == ["subject", "predicate", "object"]
    assert sorted(triples["object"]) == ["ng:Paragraph", "ng:Unit"]


def test_query_df_takes_a_name_a_file_or_sparql(seed_graph, tmp_path):
    sparql = f"SELECT ?n WHERE {{ ?p a <{NG}Paragraph> ; <{NG}number> ?n }} ORDER BY ?n LIMIT 3"
    assert seed_graph.query_df(sparql)["n"].tolist() == [1, 2, 3]
    query_file = tmp_path / "mine.rq"
    query_file.write_text(f"# param: n (integer) [example=38]: paragraph\nSELECT ?text WHERE {{ ?p <{NG}number> ?n ; <{NG}text> ?text }}\n")
    assert seed_graph.query_df(str(query_file), n=38)["text"].str.contains("Three key obligations").all()
    assert seed_graph.query_df("norms-by-bearer", actor="States", exact=True).shape[0] > 0  # a bool parameter
    with pytest.raises(QueryError, match="parameters work with named queries and .rq files, not with SPARQL text: got n"):
        seed_graph.query_df(sparql, n=3)
    with pytest.raises(QueryError, match="no query named 'norms-by-rôle'|is not a query name"):
        seed_graph.query_df("norms-by-rôle")


def test_without_pandas_the_error_says_how_to_install_it():
    # pandas is installed here; a None in sys.modules makes `import pandas` fail as if it were not
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import normgraph\n"
            "g = normgraph.build_graph()\n"
            "print(len(g.run('norms-by-role', role='transit').records()))\n"
            "g.query_df('norms-by-role', role='transit')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout.strip() == "3"
    last = done.stderr.strip().splitlines()[-1]
    assert last == "ImportError: this needs pandas, which is not installed: pip install normgraph[pandas]"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(10**15), 10**15)), min_size=1, max_size=8),
       st.lists(st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3,
                                                  min_value=-10**6, max_value=10**6)), min_size=1, max_size=8),
       st.lists(st.one_of(st.none(), st.text(max_size=10)), min_size=1, max_size=8))
def test_values_and_gaps_come_through(integers, decimals, texts):
    size = max(len(integers), len(decimals), len(texts))
    pad = lambda values: values + [None] * (size - len(values))  # noqa: E731
    rows = [(None if i is None else _typed(str(i), "integer"), None if d is None else _typed(str(d), "decimal"),
             None if t is None else ox.Literal(t)) for i, d, t in zip(pad(integers), pad(decimals), pad(texts))]
    frame = _result(("i", "d", "t"), *rows).to_pandas()
    assert len(frame) == size
    assert [None if pd.isna(v) else int(v) for v in frame["i"]] == pad(integers)
    assert [None if pd.isna(v) else Decimal(str(v)) for v in frame["d"]] == [None if d is None else Decimal(str(float(d))) for d in pad(decimals)]
    assert [None if pd.isna(v) else v for v in frame["t"]] == pad(texts)


def test_an_empty_answer_keeps_its_columns():
    frame = KnowledgeGraph(ox.Store()).query_df("SELECT ?a ?b WHERE { ?a ?p ?b }")
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0
