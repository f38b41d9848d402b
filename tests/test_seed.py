"""The seed document: the graph says what the text says, for the paragraphs the foundation
depends on (21, 26, 28, 38, 53, 57), and every quote is the text's own words."""

from __future__ import annotations

import pytest

PREFIXES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX ngr: <https://w3id.org/normgraph/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def rows(graph, sparql: str) -> list[dict[str, str]]:
    result = graph.query(PREFIXES + sparql)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def ask(graph, sparql: str) -> bool:
    return bool(graph.query(PREFIXES + sparql))


def test_every_quote_is_verbatim_in_its_paragraph_and_its_offsets_match(seed_graph, seed_document):
    found = rows(seed_graph, """
        SELECT ?s ?quote ?n ?start ?end ?text WHERE {
          ?s ng:quote ?quote ; ng:assertedIn ?p ; ng:selector ?sel .
          ?p ng:number ?n ; ng:text ?text . ?sel oa:start ?start ; oa:end ?end }""")
    assert len(found) > 20
    raw = seed_document.text
    for r in found:
        assert r["quote"] in r["text"], r["s"]
        span = raw[int(r["start"]) : int(r["end"])]
        assert " ".join(span.split()) == " ".join(r["quote"].split()), r["s"]


def test_paragraph_38_three_obligations_bind_all_states_in_all_three_roles(seed_graph):
    found = rows(seed_graph, """
        SELECT ?norm ?quote (COUNT(DISTINCT ?role) AS ?roles) WHERE {
          ?norm a ng:Obligation ; ng:assertedIn/ng:number 38 ; ng:quote ?quote ;
                ng:bearer/rdfs:label ?bearer ; ng:appliesToRole ?role .
          FILTER(CONTAINS(LCASE(?bearer), "all states"))
        } GROUP BY ?norm ?quote ORDER BY ?quote""")
    assert [r["quote"] for r in found] == [
        "to investigate, prosecute and punish traffickers",
        "to prohibit and prevent trafficking and related acts",
        "to protect victims of trafficking",
    ]
    assert {r["roles"] for r in found} == {"3"}


def test_paragraph_53_refrain_from_deporting_and_the_crc(seed_graph):
    (deport,) = rows(seed_graph, """
        SELECT ?quote ?condition ?negated WHERE {
          ?n a ng:Recommendation ; ng:assertedIn/ng:number 53 ; ng:quote ?quote ;
             ng:condition ?condition ; ng:negated ?negated .
          FILTER(CONTAINS(?quote, "refrain from deporting")) }""")
    assert deport["negated"] == "true"
    assert deport["condition"] == "If there are reasonable grounds to believe that a person is a trafficking victim"
    crc = rows(seed_graph, """
        SELECT ?quote ?condition ?title WHERE {
          ?n a ng:Obligation ; ng:assertedIn/ng:number 53 ; ng:quote ?quote ; ng:condition ?condition ;
             ng:instrument ?i . ?i dcterms:title ?title }""")
    assert [r["title"] for r in crc] == ["Convention on the Rights of the Child"]
    assert crc[0]["condition"].startswith("If the age of the victim is uncertain")


def test_paragraph_57_reflection_period(seed_graph):
    assert ask(seed_graph, """
        ASK { ?c ng:assertedIn/ng:number 57 ; ng:value ?v ; ng:unit ?u . FILTER(?v = 30 && CONTAINS(?u, "day")) }""")
    (not_conditional,) = rows(seed_graph, """
        SELECT ?quote WHERE { ?n a ng:Recommendation ; ng:assertedIn/ng:number 57 ; ng:negated true ; ng:quote ?quote }""")
    assert "should not be conditional on a victim’s cooperation" in not_conditional["quote"]
    assert ask(seed_graph, """
        ASK { ?n a ng:Recommendation ; ng:assertedIn/ng:number 57 ; ng:condition ?c ;
                 ng:quote ?q . FILTER(CONTAINS(?q, "at least 30 days is needed")) }""")


def test_paragraph_21_migrant_workers_convention(seed_graph):
    (figure,) = rows(seed_graph, """
        SELECT ?value ?unit WHERE { ?c a ng:Figure ; ng:assertedIn/ng:number 21 ; ng:value ?value ; ng:unit ?unit ;
                                       ng:instrument/dcterms:title ?t . FILTER(STRSTARTS(?t, "International Convention on the Protection")) }""")
    assert (figure["value"], figure["unit"]) == ("37", "States Parties")
    (icrmw,) = rows(seed_graph, """
        SELECT ?adopted ?force WHERE { ?i a ng:Convention ; ng:adoptedOn ?adopted ; ng:entryIntoForce ?force ;
                                          dcterms:title "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"@en }""")
    assert (icrmw["adopted"], icrmw["force"]) == ("1990-12-18", "2003-07-01")
    assert ask(seed_graph, """
        ASK { <https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/p21> ng:mentions/a ng:Convention }""")


def test_paragraph_26_palermo_protocol_with_the_texts_spelling(seed_graph):
    (protocol,) = rows(seed_graph, """
        SELECT ?p ?force WHERE { ?p a ng:Protocol ; skos:altLabel "Palermo Protocol"@en ;
             skos:altLabel "Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children"@en ;
             ng:entryIntoForce ?force ; ng:supplements/dcterms:title ?parent .
             FILTER(?parent = "United Nations Convention against Transnational Organized Crime"@en) }""")
    assert protocol["force"] == "2003-12-25"
    assert ask(seed_graph, f"ASK {{ ?para ng:number 26 ; ng:mentions <{protocol['p']}> }}")


def test_paragraph_28_four_differences_between_trafficking_and_smuggling(seed_graph):
    found = rows(seed_graph, """
        SELECT ?quote WHERE { ?c a ng:Distinction ; ng:assertedIn/ng:number 28 ; ng:quote ?quote ;
                                 ng:about <https://w3id.org/normgraph/id/concept/smuggling> .
                              FILTER(CONTAINS(?quote, "whereas") || CONTAINS(?quote, "while")) }""")
    assert len(found) == 4


def test_what_is_unknown_is_marked_unknown(seed_graph):
    unknown = {r["p"] for r in rows(seed_graph, """
        SELECT ?p WHERE { <https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers> ng:unknown ?p }""")}
    assert unknown == {"http://purl.org/dc/terms/bibliographicCitation", "http://purl.org/dc/terms/date",
                       "http://purl.org/dc/terms/creator"}
    assert not ask(seed_graph, "ASK { <https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers> dcterms:date ?d }")


@pytest.mark.parametrize("prop", ["ng:adoptedOn", "ng:entryIntoForce"])
def test_instrument_dates_are_typed(seed_graph, prop):
    for r in rows(seed_graph, f"SELECT ?d WHERE {{ ?i {prop} ?d }}"):
        assert r["d"][:4].isdigit()
    assert not ask(seed_graph, f"""ASK {{ ?i {prop} ?d FILTER(DATATYPE(?d) NOT IN (xsd:date, xsd:gYearMonth, xsd:gYear)) }}""")


def test_every_resource_has_a_label(seed_graph):
    missing = rows(seed_graph, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?c . FILTER(isIRI(?s))
          FILTER(?c IN (ng:Document, ng:Paragraph, ng:Instrument, ng:Actor, ng:Norm, ng:Claim, ng:StateRole))
          FILTER NOT EXISTS { ?s rdfs:label ?l } }""")
    assert missing == []


def test_approximate_figures_keep_the_texts_qualifier(seed_graph):
    found = {(r["v"], r["q"]) for r in rows(seed_graph, "SELECT ?v ?q WHERE { ?c ng:value ?v ; ng:qualifier ?q }")}
    assert found == {("30", "at least"), ("98", "some"), ("6000000000", "over"), ("50", "more than")}
