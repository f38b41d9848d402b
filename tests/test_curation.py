"""Curation of the seed document: every paragraph reviewed, every quote the text's own words, every
norm complete, every paragraph with topics and mentions — checked on the built graph against the
rules of docs/annotation-guide.md (§ 1, § 2, § 6.6, § 6.7, § 7, § 8, § 10)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "src" / "normgraph" / "corpus" / "ipu-118-migrant-workers" / "text.txt"
SEED = "<https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers>"

PREFIXES = """
PREFIX ng: <https://w3id.org/normgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

NORM_TYPES = ("Obligation", "Recommendation", "Right")

# The guide's normative cues (§ 10): each is a norm or explained in the paragraph's note.
NORMATIVE_CUE = re.compile(
    r"\b(must|should|needs?|needed|requires?|required|obligations?|rights?|has to|have to|refrain|"
    r"calls? on|important|vital|key|essential)\b", re.IGNORECASE)

# The guide's state-role vocabulary (§ 6.7), and the one use of a role word that is not a role.
ROLE_WORDS = {
    "SourceCountry": r"\bsource\b|\bsending\b|\bof origin\b|home country|at home",
    "TransitCountry": r"\btransit\b",
    "DestinationCountry": r"\bdestination\b|\breceiving\b|host country",
}
NOT_A_ROLE = ["reach their destination"]  # para 28: the end of a smuggled person's journey


def read_paragraphs(path: Path = SEED_TEXT) -> dict[int, str]:
    """The paragraphs of text.txt, read without the package's code: number label dropped, hard
    line breaks with the white space around them joined into one space, nothing else changed."""
    raw = path.read_text(encoding="utf-8")
    starts: list[tuple[int, int]] = []
    for m in re.finditer(r"(?m)^[ \t]*(\d{1,3})\.[ \t]+", raw):
        if int(m.group(1)) == len(starts) + 1:
            starts.append((m.start(), m.end()))
    return {
        i + 1: re.sub(r"[^\S\n]*\n\s*", " ", raw[body:(starts[i + 1][0] if i + 1 < len(starts) else len(raw))]).strip()
        for i, (_, body) in enumerate(starts)
    }


TEXT = read_paragraphs()


def rows(graph, sparql: str) -> list[dict[str, str | None]]:  # type: ignore[no-untyped-def]
    result = graph.query(PREFIXES + sparql)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def count(graph, where: str) -> int:  # type: ignore[no-untyped-def]
    """How many solutions ``where`` has: the population an absence check looks at, so that a check
    that finds nothing wrong is known to have looked at something."""
    (row,) = rows(graph, f"SELECT (COUNT(*) AS ?k) WHERE {{ {where} }}")
    return int(row["k"])


def paragraphs(graph) -> dict[int, dict[str, str | None]]:  # type: ignore[no-untyped-def]
    found = rows(graph, f"""
        SELECT ?p ?n ?text ?reviewed ?note WHERE {{
          ?p a ng:Paragraph ; ng:partOf {SEED} ; ng:number ?n .
          OPTIONAL {{ ?p ng:text ?text }} OPTIONAL {{ ?p ng:reviewed ?reviewed }} OPTIONAL {{ ?p rdfs:comment ?note }}
        }}""")
    by_number = {int(r["n"]): r for r in found}
    assert len(by_number) == len(found), "a paragraph with two numbers, texts or notes"
    return by_number


def norms(graph) -> list[dict[str, str | None]]:  # type: ignore[no-untyped-def]
    return rows(graph, f"""
        SELECT ?norm ?n (GROUP_CONCAT(DISTINCT STRAFTER(STR(?class), "#"); separator=" ") AS ?types) WHERE {{
          ?norm a ng:Norm ; ng:assertedIn ?p . ?p ng:partOf {SEED} ; ng:number ?n .
          OPTIONAL {{ ?norm a ?class . FILTER(?class IN (ng:Obligation, ng:Recommendation, ng:Right)) }}
        }} GROUP BY ?norm ?n""")


# -- Paragraphs ----------------------------------------------------------------------------------


def test_the_text_has_seventy_paragraphs_and_the_graph_has_each_with_its_text(seed_graph):
    assert sorted(TEXT) == list(range(1, 71))
    found = paragraphs(seed_graph)
    assert sorted(found) == list(range(1, 71))
    for n, p in found.items():
        assert p["text"] == TEXT[n], f"ng:text of paragraph {n} is not the text as received"


def test_every_paragraph_has_been_reviewed(seed_graph):
    found = paragraphs(seed_graph)
    assert len(found) == 70 and [p["reviewed"] for p in found.values()].count("true") == 70
    not_reviewed = sorted(n for n, p in found.items() if p["reviewed"] != "true")
    assert not_reviewed == []


def _bare_paragraphs(graph) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["n"] for r in rows(graph, f"""
        SELECT ?n WHERE {{
          ?p a ng:Paragraph ; ng:partOf {SEED} ; ng:number ?n .
          FILTER NOT EXISTS {{ ?x ng:assertedIn ?p }}
          FILTER NOT EXISTS {{ ?p rdfs:comment ?note . FILTER(STRLEN(STR(?note)) > 0) }}
        }}""")]


def test_a_paragraph_without_norms_and_claims_carries_a_note(seed_graph):
    assert _bare_paragraphs(seed_graph) == []
    # every seed paragraph asserts something, so the check above looks at no bare paragraph: check
    # that it finds one, in a copy whose paragraph 5 lost its assertions and its note
    import pyoxigraph as ox

    from normgraph.graph.store import KnowledgeGraph

    store = ox.Store()
    store.extend(seed_graph.store)
    para = ox.NamedNode("https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/p5")
    assertions = list(store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/normgraph/ontology#assertedIn"), para))
    assert assertions
    for quad in assertions + list(store.quads_for_pattern(para, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), None)):
        store.remove(quad)
    assert _bare_paragraphs(KnowledgeGraph(store)) == ["5"]


def test_a_paragraph_with_a_normative_cue_but_no_norm_says_why_in_its_note(seed_graph):
    with_norms = {int(r["n"]) for r in norms(seed_graph)}
    unexplained = {}
    examined = []
    for n, p in paragraphs(seed_graph).items():
        cues = {m.group(0).lower() for m in NORMATIVE_CUE.finditer(TEXT[n])}
        if not cues or n in with_norms:
            continue
        examined.append(n)
        note = (p["note"] or "").lower()
        if not ("norm" in note or any(cue in note for cue in cues)):
            unexplained[n] = sorted(cues)
    assert len(with_norms) > 20 and examined, "no paragraph with a cue and no norm: the check looked at nothing"
    assert unexplained == {}


def test_every_paragraph_has_one_to_three_topics_and_at_least_one_mention(seed_graph):
    counts = rows(seed_graph, f"""
        SELECT ?n (COUNT(DISTINCT ?topic) AS ?topics) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
          ?p a ng:Paragraph ; ng:partOf {SEED} ; ng:number ?n .
          OPTIONAL {{ ?p ng:topic ?topic }} OPTIONAL {{ ?p ng:mentions ?m }}
        }} GROUP BY ?n""")
    assert len(counts) == 70
    assert [r["n"] for r in counts if not 1 <= int(r["topics"]) <= 3] == []
    assert [r["n"] for r in counts if int(r["mentions"]) < 1] == []


def test_topics_are_concepts_and_mentions_are_instruments_actors_concepts_or_roles(seed_graph):
    assert count(seed_graph, "?s ng:topic ?x") >= 70 and count(seed_graph, "?p ng:mentions ?x") >= 70
    assert rows(seed_graph, "SELECT ?x WHERE { ?s ng:topic ?x FILTER NOT EXISTS { ?x a skos:Concept } }") == []
    assert rows(seed_graph, """
        SELECT ?x WHERE { ?p ng:mentions ?x
          FILTER NOT EXISTS { ?x a ?c . FILTER(?c IN (ng:Instrument, ng:Actor, skos:Concept, ng:StateRole)) } }""") == []


def test_role_words_and_role_mentions_agree(seed_graph):
    """§ 6.7 and § 10: a paragraph that uses a role word mentions the role, and only then."""
    for role, words in ROLE_WORDS.items():
        in_text = set()
        for n, text in TEXT.items():
            for phrase in NOT_A_ROLE:
                text = text.replace(phrase, "")
            if re.search(words, text, re.IGNORECASE):
                in_text.add(n)
        mentioned = {int(r["n"]) for r in rows(seed_graph, f"""
            SELECT ?n WHERE {{ ?p ng:partOf {SEED} ; ng:number ?n ; ng:mentions ng:{role} }}""")}
        assert in_text, f"no paragraph uses a {role} word: the check compared nothing"
        assert mentioned == in_text, role


# -- Quotes --------------------------------------------------------------------------------------


def test_every_norm_and_claim_is_asserted_in_a_paragraph_with_one_quote(seed_graph):
    counts = rows(seed_graph, """
        SELECT ?s (COUNT(DISTINCT ?p) AS ?paragraphs) (COUNT(DISTINCT ?q) AS ?quotes) WHERE {
          { ?s a ng:Norm } UNION { ?s a ng:Claim }
          OPTIONAL { ?s ng:assertedIn ?p } OPTIONAL { ?s ng:quote ?q }
        } GROUP BY ?s""")
    assert len(counts) > 200
    assert [r["s"] for r in counts if int(r["paragraphs"]) < 1 or int(r["quotes"]) != 1] == []


def test_every_quote_is_verbatim_in_its_paragraph(seed_graph):
    found = rows(seed_graph, f"""
        SELECT ?s ?n ?quote ?exact WHERE {{
          {{ ?s a ng:Norm }} UNION {{ ?s a ng:Claim }}
          ?s ng:quote ?quote ; ng:assertedIn ?p . ?p ng:partOf {SEED} ; ng:number ?n .
          OPTIONAL {{ ?s ng:selector/oa:exact ?exact }}
        }}""")
    assert len(found) > 200
    for r in found:
        assert r["quote"] in TEXT[int(r["n"])], (r["n"], r["quote"])
        assert r["exact"] == r["quote"], r["s"]


def test_conditions_are_verbatim_in_their_paragraph(seed_graph):
    found = rows(seed_graph, f"""
        SELECT ?n ?condition WHERE {{ ?s ng:condition ?condition ; ng:assertedIn ?p .
                                      ?p ng:partOf {SEED} ; ng:number ?n }}""")
    assert found
    assert [(r["n"], r["condition"]) for r in found if r["condition"] not in TEXT[int(r["n"])]] == []


def test_list_items_are_the_texts_words(seed_graph):
    found = rows(seed_graph, f"""
        SELECT ?s ?n ?item WHERE {{ ?s a ng:Enumeration ; ng:assertedIn ?p . ?p ng:partOf {SEED} ; ng:number ?n .
                                    OPTIONAL {{ ?s ng:item ?item }} }}""")
    assert found
    assert [r["s"] for r in found if r["item"] is None] == [], "a list without items"
    assert [(r["n"], r["item"]) for r in found if r["item"] not in TEXT[int(r["n"])]] == []


# -- Norms ---------------------------------------------------------------------------------------


def test_every_norm_has_exactly_one_type(seed_graph):
    found = norms(seed_graph)
    assert len(found) > 40
    assert [(r["n"], r["types"]) for r in found if r["types"] not in NORM_TYPES] == []


def test_every_obligation_and_recommendation_has_a_bearer(seed_graph):
    assert count(seed_graph, "?norm a ng:Obligation") == 18 and count(seed_graph, "?norm a ng:Recommendation") == 24
    missing = rows(seed_graph, """
        SELECT ?norm WHERE { ?norm a ?c . FILTER(?c IN (ng:Obligation, ng:Recommendation))
                             FILTER NOT EXISTS { ?norm ng:bearer ?b } }""")
    assert missing == []


def test_a_bearer_the_paragraph_does_not_name_is_explained_in_its_note(seed_graph):
    """§ 6.6: a bearer found from the context or implicit (States) is recorded in the note."""
    names = defaultdict(set)
    for r in rows(seed_graph, f"""
            SELECT ?norm ?n ?name WHERE {{
              ?norm ng:bearer ?b ; ng:assertedIn ?p . ?p ng:partOf {SEED} ; ng:number ?n .
              {{ ?b rdfs:label ?name }} UNION {{ ?b skos:altLabel ?name }} }}"""):
        names[(r["norm"], int(r["n"]))].add(r["name"].lower())
    notes = {n: (p["note"] or "").lower() for n, p in paragraphs(seed_graph).items()}
    unexplained = sorted(
        (n, norm) for (norm, n), labels in names.items()
        if not any(label in TEXT[n].lower() for label in labels) and "bearer" not in notes[n])
    assert len(names) >= 42  # every obligation and recommendation has a bearer with a name
    assert unexplained == []


def test_rights_have_holders_and_only_rights_have_holders(seed_graph):
    assert count(seed_graph, "?r a ng:Right") == 7 and count(seed_graph, "?r a ng:Right ; ng:holder ?h") >= 7
    assert rows(seed_graph, "SELECT ?r WHERE { ?r a ng:Right FILTER NOT EXISTS { ?r ng:holder ?h } }") == []
    assert rows(seed_graph, "SELECT ?n WHERE { ?n ng:holder ?h FILTER NOT EXISTS { ?n a ng:Right } }") == []
    assert rows(seed_graph, "SELECT ?r WHERE { ?r a ng:Right ; ng:bearer ?b }") == []


def test_bearers_holders_beneficiaries_and_sources_are_registered_actors(seed_graph):
    assert count(seed_graph, "?s ng:bearer ?a") >= 42 and count(seed_graph, "?s ng:holder ?a") >= 7
    assert count(seed_graph, "?s ng:source ?a") > 0 and count(seed_graph, "?s ng:instrument ?i") > 0
    assert rows(seed_graph, """
        SELECT ?s ?a WHERE { ?s ng:bearer|ng:holder|ng:beneficiary|ng:source ?a FILTER NOT EXISTS { ?a a ng:Actor } }""") == []
    assert rows(seed_graph, """
        SELECT ?s ?i WHERE { ?s ng:instrument ?i FILTER NOT EXISTS { ?i a ng:Instrument } }""") == []


def test_every_norm_has_an_action_a_negation_flag_and_its_cue_from_the_text(seed_graph):
    found = rows(seed_graph, f"""
        SELECT ?norm ?n ?action ?negated ?cue WHERE {{
          ?norm a ng:Norm ; ng:assertedIn ?p . ?p ng:partOf {SEED} ; ng:number ?n .
          OPTIONAL {{ ?norm ng:action ?action }} OPTIONAL {{ ?norm ng:negated ?negated }} OPTIONAL {{ ?norm ng:cue ?cue }}
        }}""")
    assert len(found) == 49  # 18 obligations, 24 recommendations, 7 rights
    assert [r["negated"] for r in found].count("true") == 2  # paragraphs 53 and 57 (competency question 19)
    assert [r["norm"] for r in found if not r["action"]] == []
    assert [r["norm"] for r in found if r["negated"] not in ("true", "false")] == []
    assert [r["norm"] for r in found if not r["cue"] or r["cue"].lower() not in TEXT[int(r["n"])].lower()] == []
    # § 6.6: negated exactly for "should not", "must not", "refrain from"
    for r in found:
        negative = re.search(r"\bnot\b|refrain", r["cue"] or "") is not None
        assert (r["negated"] == "true") == negative, r["norm"]


def test_state_roles_are_bound_only_by_norms(seed_graph):
    assert count(seed_graph, "?s a ng:Norm ; ng:appliesToRole ?r") > 0
    assert rows(seed_graph, "SELECT ?s WHERE { ?s ng:appliesToRole ?r FILTER NOT EXISTS { ?s a ng:Norm } }") == []
    assert rows(seed_graph, "SELECT ?r WHERE { ?s ng:appliesToRole ?r FILTER NOT EXISTS { ?r a ng:StateRole } }") == []


# -- Claims --------------------------------------------------------------------------------------


def test_figures_have_a_number_and_a_unit_and_dates_a_typed_date(seed_graph):
    assert count(seed_graph, "?c a ng:Figure") > 0 and count(seed_graph, "?c a ng:DateStatement") > 0
    assert rows(seed_graph, """
        SELECT ?c WHERE { ?c a ng:Figure
          FILTER NOT EXISTS { ?c ng:value ?v ; ng:unit ?u . FILTER(DATATYPE(?v) = xsd:decimal) } }""") == []
    assert rows(seed_graph, """
        SELECT ?c WHERE { ?c a ng:DateStatement
          FILTER NOT EXISTS { ?c ng:date ?d . FILTER(DATATYPE(?d) IN (xsd:date, xsd:gYearMonth, xsd:gYear)) } }""") == []


# -- The command line ----------------------------------------------------------------------------


def test_normgraph_stats_shows_seventy_paragraphs_all_reviewed():
    done = subprocess.run([sys.executable, "-m", "normgraph", "stats"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"ipu-118-migrant-workers: 70 paragraphs\b", done.stdout), done.stdout
    assert re.search(r"reviewed\s+70\s+\(100%\)", done.stdout), done.stdout
