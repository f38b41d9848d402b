"""Every named query answers what the seed text says; the catalogue is well-formed."""

from __future__ import annotations

import re

import pytest

from normgraph.queries import list_queries, load_query, query_names, run_named

P = "https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/"


def test_catalogue_headers_are_complete():
    names = query_names()
    assert {"norms-by-role", "norms-by-bearer", "norms-by-instrument", "paragraph-assertions", "paragraphs-mentioning",
            "rights-and-holders", "claims-with-figures", "instrument-timeline", "actors-by-norm-count",
            "norm-provenance", "counts-by-class", "paragraph-coverage"} <= set(names)
    for query in list_queries():
        assert query.title and query.title != query.name, query.name
        assert len(query.description) > 20, query.name
        for param in query.params:
            assert f"?{param.name}" in query.sparql, (query.name, param.name)
            assert param.example, (query.name, param.name)
            assert param.description


def test_every_named_query_runs_unchanged_with_no_parameters_bound(seed_graph):
    """The .rq files are plain SPARQL 1.1: runnable as they are (optional parameters free)."""
    for query in list_queries():
        result = seed_graph.query(load_query(query.name).sparql)
        assert result is not None


def norms(result) -> set[tuple]:
    return {(r["number"], r["quote"]) for r in result.records()}


def test_norms_by_role_transit(seed_graph):
    result = run_named(seed_graph, "norms-by-role", {"role": "transit"})
    assert norms(result) == {
        (38, "to prohibit and prevent trafficking and related acts"),
        (38, "to investigate, prosecute and punish traffickers"),
        (38, "to protect victims of trafficking"),
    }
    assert set(result.column("roleLabel")) == {"transit country"}


def test_norms_by_role_accepts_synonyms_and_iris(seed_graph):
    by_label = run_named(seed_graph, "norms-by-role", {"role": "destination"})
    by_synonym = run_named(seed_graph, "norms-by-role", {"role": "receiving"})
    by_iri = run_named(seed_graph, "norms-by-role", {"role": "https://w3id.org/normgraph/ontology#DestinationCountry"})
    by_curie = run_named(seed_graph, "norms-by-role", {"role": "ng:DestinationCountry"})
    assert by_label.rows == by_synonym.rows == by_iri.rows == by_curie.rows
    quotes = {q for _, q in norms(by_label)}
    assert "Destination countries should work with local authorities and community organizations in source countries" in " ".join(quotes)
    assert len(norms(by_label)) > len(norms(run_named(seed_graph, "norms-by-role", {"role": "transit"})))


def test_norms_by_bearer(seed_graph):
    result = run_named(seed_graph, "norms-by-bearer", {"actor": "all States"})
    assert {q for _, q in norms(result)} == {
        "to prohibit and prevent trafficking and related acts",
        "to investigate, prosecute and punish traffickers",
        "to protect victims of trafficking",
    }
    assert set(result.column("type")) == {"https://w3id.org/normgraph/ontology#Obligation"}


def test_norms_by_instrument_crc(seed_graph):
    result = run_named(seed_graph, "norms-by-instrument", {"instrument": "Convention on the Rights of the Child"})
    assert norms(result) == {(53, "afford the special protection of the Convention on the Rights of the Child")}
    assert run_named(seed_graph, "norms-by-instrument", {"instrument": "CRC"}).rows == result.rows


def test_paragraph_assertions_53(seed_graph):
    result = run_named(seed_graph, "paragraph-assertions", {"number": "53"})
    statements = {r["statement"].rsplit("/", 1)[1] for r in result.records()}
    assert {"refrain-from-deporting", "presume-child", "afford-crc-protection"} <= statements
    assert set(result.column("number")) == {53}
    same = run_named(seed_graph, "paragraph-assertions", {"number": "53", "document": "ipu-118-migrant-workers"})
    assert same.rows == result.rows
    for citation in ("paragraph 53", "para_53", "para. 53"):  # a unit by its eId or citation
        by_unit = run_named(seed_graph, "paragraph-assertions", {"unit": citation})
        assert by_unit.column("statement") == result.column("statement")
        assert set(by_unit.column("eId")) == {"para_53"}


def test_paragraphs_mentioning_the_palermo_protocol_by_its_common_name(seed_graph):
    result = run_named(seed_graph, "paragraphs-mentioning", {"thing": "Palermo Protocol"})
    assert result.column("number") == [26]
    assert "Protocol to Prevent, Supress, and Punish" in result.column("text")[0]


def test_paragraphs_mentioning_an_actor_and_a_concept(seed_graph):
    ilo = run_named(seed_graph, "paragraphs-mentioning", {"thing": "ILO"}).column("number")
    assert 33 in ilo
    non_refoulement = run_named(seed_graph, "paragraphs-mentioning", {"thing": "non-refoulement"}).column("number")
    assert non_refoulement == [45]


def test_rights_and_holders(seed_graph):
    result = run_named(seed_graph, "rights-and-holders", {})
    quotes = " | ".join(result.column("quote"))
    for words in ("the right to vote and stand in elections",
                  "the right of victims to participate in investigations and judicial processes against their traffickers",
                  "The right to equal treatment before national courts"):
        assert words in quotes
    holders = {(r["number"], r["holderLabel"]) for r in result.records()}
    assert any(n == 20 and "national" in (h or "").lower() for n, h in holders)


def test_claims_with_figures_fao_and_ilo(seed_graph):
    fao = run_named(seed_graph, "claims-with-figures", {"source": "FAO"}).records()
    assert [(r["value"], r["unit"], r["number"]) for r in fao] == [(800000000, "people", 1)]
    ilo = run_named(seed_graph, "claims-with-figures", {"source": "ILO"}).records()
    assert [(r["value"], r["unit"], r["number"]) for r in ilo] == [(98, "per cent", 33)]
    everything = run_named(seed_graph, "claims-with-figures", {}).records()
    assert {(37, 21), (30, 57)} <= {(r["value"], r["number"]) for r in everything}


def test_instrument_timeline(seed_graph):
    rows = run_named(seed_graph, "instrument-timeline", {}).records()
    by_label = {r["label"]: r for r in rows}
    crc = next(r for r in rows if (r["title"] or "") == "Convention on the Rights of the Child")
    assert (crc["adopted"], crc["entryIntoForce"]) == ("1989-11-20", "1990-09-02")
    order = [r["label"] for r in rows]
    assert order.index(crc["label"]) < order.index(next(r["label"] for r in rows if r["adopted"] == "1990-12-18"))
    protocol = next(r for r in rows if "Trafficking" in (r["label"] or ""))
    assert "treatyReference" in protocol["unverified"].split()
    assert len(by_label) == len(rows)


def test_actors_by_norm_count(seed_graph):
    rows = run_named(seed_graph, "actors-by-norm-count", {}).records()
    counts = [r["norms"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(r["obligations"] + r["recommendations"] <= r["norms"] for r in rows)
    all_states = next(r for r in rows if r["label"] == "all States")
    assert all_states["obligations"] == 3


def test_norm_provenance(seed_graph):
    (row,) = run_named(seed_graph, "norm-provenance", {"norm": P + "p53/refrain-from-deporting"}).records()
    assert row["number"] == 53
    assert row["quote"] == "States should refrain from deporting that person until the identification process is complete"
    assert row["end"] - row["start"] >= len(row["quote"])
    from normgraph.builders.corpus import bundled_corpus

    raw = (bundled_corpus() / "ipu-118-migrant-workers" / "text.txt").read_bytes()
    assert " ".join(raw[row["byteStart"]:row["byteEnd"]].decode().split()) == row["quote"]


def test_counts_and_coverage(seed_graph):
    counts = {r["class"].rsplit("#")[1]: r["count"] for r in run_named(seed_graph, "counts-by-class", {}).records()}
    assert counts["Paragraph"] == 70 and counts["Document"] == 1
    assert counts["Norm"] == counts["Obligation"] + counts["Recommendation"] + counts["Right"]
    (coverage,) = run_named(seed_graph, "paragraph-coverage", {}).records()
    assert coverage["paragraphs"] == 70


@pytest.mark.parametrize("name", query_names())
def test_records_turn_into_a_dataframe_shape(seed_graph, name):
    query = load_query(name)
    params = {p.name: p.example for p in query.params if p.required}
    result = run_named(seed_graph, name, params)
    records = result.records()
    assert all(set(r) == set(result.variables) for r in records)
    assert all(not re.match(r"^<.*>$", str(v)) for r in records for v in r.values())


def test_the_query_catalogue_doc_lists_every_query():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in list_queries():
        assert f"### `{query.name}` — {query.title}" in doc, query.name
        for param in query.params:
            assert param.signature() in doc, (query.name, param.name)
