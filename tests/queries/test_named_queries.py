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
    assert set(result.column("bearerLabel")) == {"all States"}  # no subgroups: the same rows either way
    assert run_named(seed_graph, "norms-by-bearer", {"actor": "all States", "exact": "true"}).rows == result.rows


def guises(result) -> list[tuple]:
    """(paragraph, norm slug, the bearer named, norm type) of every row, in the query's order."""
    return [(r["number"], r["norm"].rsplit("/", 1)[1], r["bearerLabel"], r["type"].rsplit("#", 1)[1])
            for r in result.records()]


# The norms the seed puts on States under another name (every actor registered as a subgroup of
# `states`): who must or should act, as the text says, in each paragraph.
STATES_IN_ANOTHER_GUISE = [
    (37, "joint-initiatives", "governments", "Recommendation"),  # "Joint initiatives between governments and NGOs are needed"
    (38, "investigate-prosecute-punish", "all States", "Obligation"),  # "obligations are imposed upon all States"
    (38, "prohibit-prevent-trafficking", "all States", "Obligation"),
    (38, "protect-victims", "all States", "Obligation"),
    (40, "campaigns-encourage-community-action", "source countries", "Recommendation"),  # "These campaigns should"
    (40, "campaigns-enhance-opportunities", "source countries", "Recommendation"),
    (40, "work-with-local-actors", "destination countries", "Recommendation"),  # "Destination countries should work"
    (41, "campaigns-target-demand", "destination countries", "Recommendation"),
    (43, "technical-assistance", "developed countries", "Recommendation"),  # "Developed countries should provide"
    (46, "protection-at-heart-of-enforcement", "law enforcement agencies", "Recommendation"),
    (46, "victims-primary-consideration", "law enforcement agencies", "Obligation"),  # "Enforcement of the law … must"
    (47, "review-immigration-laws", "governments", "Obligation"),  # "This requires governments to review"
    (47, "shift-focus", "governments", "Recommendation"),
    (48, "return-and-recovery-programmes", "governments", "Recommendation"),
    (53, "afford-crc-protection", "the authorities", "Obligation"),  # "the authorities must proceed … and afford"
    (53, "presume-child", "the authorities", "Obligation"),
    (55, "disseminate-information", "the authorities", "Recommendation"),
    (55, "inform-of-rights", "the authorities", "Recommendation"),
    (56, "facilitate-repatriation", "destination countries", "Obligation"),
    (56, "liaison-with-source-countries", "destination countries", "Obligation"),
]


def test_norms_by_bearer_follows_the_actor_hierarchy_unless_exact(seed_graph):
    """The issue's question, "What must States do?": the 21 norms borne by States by name, and
    the 20 borne by States in another guise, each row saying which."""
    exact = guises(run_named(seed_graph, "norms-by-bearer", {"actor": "States", "exact": "true"}))
    assert len(exact) == 21 and {bearer for _, _, bearer, _ in exact} == {"States"}
    assert [(n, slug) for n, slug, _, _ in exact][:3] == [(13, "comprehensive-framework"), (13, "cooperative-approaches"),
                                                         (18, "policy-requires-analysis")]  # fmt: skip
    result = run_named(seed_graph, "norms-by-bearer", {"actor": "States"})
    assert set(result.column("actorLabel")) == {"States"}
    rows = guises(result)
    assert sorted(rows) == rows  # one actor asked: in paragraph order, then by norm
    assert sorted(set(rows) - set(exact)) == STATES_IN_ANOTHER_GUISE and set(exact) <= set(rows) and len(rows) == 41
    for value in ("false", "no", "0", "FALSE"):  # the default, said out loud
        assert run_named(seed_graph, "norms-by-bearer", {"actor": "States", "exact": value}).rows == result.rows
    for value in ("true", "yes", "1", "True"):
        assert guises(run_named(seed_graph, "norms-by-bearer", {"actor": "States", "exact": value})) == exact


def test_the_seeds_hierarchy_is_two_deep_for_prosecution_authorities(seed_graph):
    """Investigation or prosecution authorities are some of the authorities, and so States."""
    from normgraph.queries import run_sparql

    chain = run_sparql(seed_graph, """PREFIX ng: <https://w3id.org/normgraph/ontology#>
        SELECT ?wider WHERE { <https://w3id.org/normgraph/id/actor/prosecution-authorities> ng:subgroupOf+ ?wider }
        ORDER BY ?wider""")
    assert [w.rsplit("/", 1)[1] for w in chain.column("wider")] == ["authorities", "states"]


def bearers_by_actor(graph, params: dict[str, str]) -> list[tuple]:  # type: ignore[no-untyped-def]
    """(actor asked, bearer named, norm) of each norms-by-bearer row, ids only."""
    return [(r["actor"].rsplit("/", 1)[1], r["bearer"].rsplit("/", 1)[1], r["norm"].split("/mini-doc/")[1])
            for r in run_named(graph, "norms-by-bearer", params).records()]


def test_norms_by_bearer_follows_subgroups_at_any_depth(subgroup_corpus):
    """Transit countries ⊂ all States ⊂ States: the transit countries' norm is a norm of both."""
    from normgraph import build_graph

    graph = build_graph(subgroup_corpus)
    assert bearers_by_actor(graph, {"actor": "States"}) == [
        ("states", "states", "p1/protect-victims"), ("states", "transit-countries", "p2/recommendation-1")]
    assert bearers_by_actor(graph, {"actor": "all States"}) == [("all-states", "transit-countries", "p2/recommendation-1")]
    assert bearers_by_actor(graph, {"actor": "all States", "exact": "true"}) == []
    assert bearers_by_actor(graph, {"actor": "States", "exact": "true"}) == [("states", "states", "p1/protect-victims")]
    assert bearers_by_actor(graph, {}) == [  # every actor with each of its guises, by the actor's label
        ("states", "states", "p1/protect-victims"), ("states", "transit-countries", "p2/recommendation-1"),
        ("all-states", "transit-countries", "p2/recommendation-1"),
        ("transit-countries", "transit-countries", "p2/recommendation-1")]
    counts = run_named(graph, "actors-by-norm-count", {}).records()
    assert [(r["label"], r["norms"], r["obligations"], r["recommendations"], r["ownNorms"]) for r in counts] == [
        ("States", 2, 1, 1, 1), ("all States", 1, 0, 1, 0), ("transit countries", 1, 0, 1, 1)]


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
    protocol = by_label["Trafficking Protocol"]
    assert protocol["unverified"] is None  # its UNTC number is confirmed (issue 14)
    decades = by_label["Three Decades to Combat Racism and Racial Discrimination"]
    assert decades["unverified"].split() == ["endDate", "startDate"]
    assert len(by_label) == len(rows)


def test_actors_by_norm_count(seed_graph):
    rows = run_named(seed_graph, "actors-by-norm-count", {}).records()
    counts = [r["norms"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(r["obligations"] + r["recommendations"] <= r["norms"] for r in rows)
    all_states = next(r for r in rows if r["label"] == "all States")
    assert all_states["obligations"] == 3


# (label, norms, obligations, recommendations, under its own name): States count their 20 norms
# in another guise (STATES_IN_ANOTHER_GUISE); every other actor bearing a norm has no subgroup.
COUNTS_WITH_SUBGROUPS = [
    ("States", 41, 18, 23, 21),
    ("destination countries", 4, 2, 2, 4),
    ("governments", 4, 1, 3, 4),
    ("the authorities", 4, 2, 2, 4),
    ("all States", 3, 3, 0, 3),
    ("NGOs", 2, 0, 2, 2),
    ("law enforcement agencies", 2, 1, 1, 2),
    ("source countries", 2, 0, 2, 2),
    ("civil society", 1, 0, 1, 1),
    ("developed countries", 1, 0, 1, 1),
    ("human rights organizations", 1, 0, 1, 1),
    ("the world", 1, 0, 1, 1),
]


def test_actors_by_norm_count_counts_subgroups_unless_exact(seed_graph):
    def table(params: dict[str, str]) -> list[tuple]:
        records = run_named(seed_graph, "actors-by-norm-count", params).records()
        return [(r["label"], r["norms"], r["obligations"], r["recommendations"], r["ownNorms"]) for r in records]

    assert table({}) == COUNTS_WITH_SUBGROUPS
    assert table({"exact": "true"}) == [("States", 21, 9, 12, 21), *COUNTS_WITH_SUBGROUPS[1:]]
    assert COUNTS_WITH_SUBGROUPS[0][1] - COUNTS_WITH_SUBGROUPS[0][4] == len(STATES_IN_ANOTHER_GUISE)


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


# --- provisions-restated: the law a norm or claim restates (issue 14) ------------------------

NG_ = "https://w3id.org/normgraph/ontology#"
SEED_LINKS = [  # (paragraph, statement id, kind, relation, instrument, citation, provision eId)
    (49, "protection-measures", "Claim", "restates", "Council of Europe Trafficking Convention", "Article 12(1)", "art_12__para_1"),
    (49, "wider-protection-measures", "Claim", "parallels", "Council of Europe Trafficking Convention", "Article 12(3)", "art_12__para_3"),
    (49, "wider-protection-measures", "Claim", "parallels", "Council of Europe Trafficking Convention", "Article 12(4)", "art_12__para_4"),
    (53, "afford-crc-protection", "Obligation", "parallels", "Council of Europe Trafficking Convention", "Article 10(3)", "art_10__para_3"),
    (53, "presume-child", "Obligation", "restates", "Council of Europe Trafficking Convention", "Article 10(3)", "art_10__para_3"),
    (53, "refrain-from-deporting", "Recommendation", "restates", "Council of Europe Trafficking Convention", "Article 10(2)", "art_10__para_2"),
    (56, "facilitate-repatriation", "Obligation", "parallels", "Trafficking Protocol", "Article 8(1)", "art_8__para_1"),
    (56, "facilitate-repatriation", "Obligation", "parallels", "Trafficking Protocol", "Article 8(2)", "art_8__para_2"),
    (57, "reflection-period-30-days", "Recommendation", "restates", "Council of Europe Trafficking Convention", "Article 13(1)", "art_13__para_1"),
]  # fmt: skip


def _links(rows: list[dict]) -> list[tuple]:
    return [(r["number"], r["statement"].rsplit("/", 1)[1], r["kind"].removeprefix(NG_), r["relation"].removeprefix(NG_),
             r["instrumentLabel"], r["citation"], r["provision"].rsplit("/", 1)[1]) for r in rows]


def test_provisions_restated_by_the_seed_alone_are_provisions_of_instruments(seed_graph):
    rows = run_named(seed_graph, "provisions-restated", {}).records()
    assert _links(rows) == SEED_LINKS
    ids = {"Council of Europe Trafficking Convention": "coe-trafficking-convention", "Trafficking Protocol": "trafficking-protocol"}
    assert [r["provision"] for r in rows] == [
        f"https://w3id.org/normgraph/id/instrument/{ids[r['instrumentLabel']]}/{r['provision'].rsplit('/', 1)[1]}" for r in rows]
    assert [r["provisionText"] for r in rows] == [None] * 9  # no treaty text in the bundled corpus
    only = run_named(seed_graph, "provisions-restated", {"instrument": "Palermo Protocol"}).records()
    assert _links(only) == [link for link in SEED_LINKS if link[4] == "Trafficking Protocol"]


def test_provisions_restated_are_the_treatys_units_when_its_text_is_in_the_corpus(restates_corpus):
    from normgraph import build_graph

    rows = run_named(build_graph(restates_corpus), "provisions-restated", {}).records()
    assert _links(rows) == SEED_LINKS  # the same rows, now pointing into the treaties' texts
    docs = {"Council of Europe Trafficking Convention": "coe-trafficking-convention", "Trafficking Protocol": "un-trafficking-protocol"}
    assert [r["provision"] for r in rows] == [
        f"https://w3id.org/normgraph/id/doc/{docs[r['instrumentLabel']]}/{r['provision'].rsplit('/', 1)[1]}" for r in rows]
    text = {(r["citation"], r["instrumentLabel"]): r["provisionText"] for r in rows}
    assert text[("Article 13(1)", "Council of Europe Trafficking Convention")].startswith(
        "Each Party shall provide in its internal law a recovery and reflection period of at least 30 days")
    assert text[("Article 10(3)", "Council of Europe Trafficking Convention")].startswith(
        "When the age of the victim is uncertain and there are reasons to believe that the victim is a child, "
        "he or she shall be presumed to be a child")
    assert "shall preferably be voluntary" in text[("Article 8(2)", "Trafficking Protocol")]


@pytest.mark.parametrize("with_texts", [False, True])
def test_two_documents_restating_one_article_describe_it_once_in_the_registry(with_texts, seed_folder, restates_corpus, tmp_path):
    """A built graph never has one triple in two graphs (the exports rely on it): a provision two
    documents restate is described in the registry, once, and only the links are per document."""
    import shutil

    import pyoxigraph as ox

    from normgraph import build_graph

    corpus = restates_corpus if with_texts else tmp_path / "two"
    if not with_texts:
        shutil.copytree(seed_folder, corpus / seed_folder.name)
    shutil.copytree(seed_folder, corpus / "second-copy")
    graph = build_graph(corpus)
    graphs_of: dict[ox.Triple, set[str]] = {}
    for quad in graph.store:
        graphs_of.setdefault(quad.triple, set()).add(str(quad.graph_name))
    assert [t for t, g in graphs_of.items() if len(g) > 1] == []
    registry = "<https://w3id.org/normgraph/id/graph/registry>"
    provisions = [t.subject for t in graphs_of if t.object == ox.NamedNode("https://w3id.org/normgraph/ontology#Provision")
                  and t.predicate == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]
    rows = run_named(graph, "provisions-restated", {}).records()
    assert set(provisions) == {ox.NamedNode(r["provision"]) for r in rows} and all(graphs_of[ox.Triple(p, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://w3id.org/normgraph/ontology#Provision"))]
        == {registry} for p in provisions)
    assert len(rows) == 2 * len(SEED_LINKS)  # each document's own links
