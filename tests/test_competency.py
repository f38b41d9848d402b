"""Competency questions: what a user asks of the seed document, as SPARQL, with the answer the
TEXT gives.

Each question is a :class:`CQ` (the question, the paragraphs it rests on, the SPARQL, the expected
rows and the text's own words as evidence) and a test named after it. A test fails when the graph
answers anything else: the rows are compared as exact multisets, not "at least one", and every
piece of evidence must stand verbatim in the paragraph as read independently from ``text.txt``.

``docs/competency-questions.md`` is generated from the same data::

    python tests/test_competency.py          # rewrites docs/competency-questions.md

and a test checks that the committed file is up to date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
DOC_PATH = ROOT / "docs" / "competency-questions.md"
SEED_TEXT = ROOT / "src" / "normgraph" / "corpus" / "ipu-118-migrant-workers" / "text.txt"

PREFIXES = {
    "ng": "https://w3id.org/normgraph/ontology#",
    "ngr": "https://w3id.org/normgraph/id/",
    "doc": "https://w3id.org/normgraph/id/doc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# The seed document's paragraphs; every query that names a paragraph number restricts to it.
SEED = "doc:ipu-118-migrant-workers"


# --------------------------------------------------------------------------------------------
# The text, read independently of the builder


def read_paragraphs(path: Path = SEED_TEXT) -> dict[int, str]:
    """Paragraph number -> text with hard line breaks (and the white space around them) joined
    into one space: the contract's ``ng:text``, read here without the package's code."""
    raw = path.read_text(encoding="utf-8")
    starts: list[tuple[int, int, int]] = []
    for m in re.finditer(r"(?m)^[ \t]*(\d{1,3})\.[ \t]+", raw):
        if int(m.group(1)) == len(starts) + 1:  # a wrapped "2015." is not a paragraph label
            starts.append((len(starts) + 1, m.start(), m.end()))
    paragraphs = {}
    for i, (n, _, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(raw)
        paragraphs[n] = re.sub(r"[^\S\n]*\n\s*", " ", raw[body:end]).strip()
    return paragraphs


TEXT = read_paragraphs()


# --------------------------------------------------------------------------------------------
# Questions


@dataclass(frozen=True)
class CQ:
    name: str
    """The test is ``test_<name>``."""
    question: str
    paragraphs: tuple[int, ...]
    sparql: str
    """Without the PREFIX lines (``PROLOGUE`` is prepended)."""
    columns: tuple[str, ...] | None
    """The SELECT variables, in order; None for an ASK query."""
    expected: tuple[tuple[str, ...], ...] | bool
    """The rows (any order, duplicates count), each value as its lexical form, IRIs as
    prefixed names, unbound as ""; or the ASK answer."""
    evidence: tuple[tuple[int, str], ...] = ()
    """(paragraph, words) the text must contain verbatim: where the answer comes from."""
    note: str = ""
    kind: str = field(default="")
    """Which part of the graph the question covers (for the document's grouping)."""


QUESTIONS: list[CQ] = []


def cq(name: str, question: str, paragraphs: tuple[int, ...] | list[int], sparql: str, *,
       columns: tuple[str, ...] | None, expected, evidence=(), note: str = "", kind: str) -> CQ:
    rows = expected
    if not isinstance(expected, bool):
        rows = tuple(tuple(str(v) for v in (r if isinstance(r, tuple) else (r,))) for r in expected)
    q = CQ(name, question, tuple(paragraphs), _dedent(sparql), columns, rows, tuple(evidence), note, kind)
    assert all(q.name != other.name for other in QUESTIONS), q.name
    QUESTIONS.append(q)
    return q


def _dedent(sparql: str) -> str:
    lines = [ln.rstrip() for ln in sparql.strip("\n").splitlines()]
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
    return "\n".join(ln[indent:] for ln in lines)


def compact(term) -> str:  # type: ignore[no-untyped-def]
    if term is None:
        return ""
    value = term.value
    if type(term).__name__ == "NamedNode":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri) and re.fullmatch(r"[\w.-]+", value[len(iri):]):
                return f"{prefix}:{value[len(iri):]}"
    return value


def run(graph, q: CQ):  # type: ignore[no-untyped-def]
    """The graph's answer: ASK -> bool; SELECT -> (variables, sorted rows)."""
    result = graph.query(PROLOGUE + q.sparql)
    if q.columns is None:
        return bool(result)
    names = tuple(v.value for v in result.variables)
    rows = sorted(tuple(compact(row[n]) for n in names) for row in result)
    return names, rows


def check(graph, q: CQ) -> None:  # type: ignore[no-untyped-def]
    for n, words in q.evidence:
        assert words in TEXT[n], f"evidence not verbatim in paragraph {n}: {words!r}"
    answer = run(graph, q)
    if q.columns is None:
        assert answer is q.expected, q.question
        return
    names, rows = answer
    assert names == q.columns
    assert rows == sorted(q.expected), q.question


# -- Instruments ---------------------------------------------------------------------------------

INSTRUMENTS_MENTIONED = cq(
    "which_instruments_the_text_refers_to_and_where",
    "Which instruments does the text name or refer to, of what type, and in which paragraphs?",
    [4, 20, 21, 26, 53, 67, 68, 69],
    f"""
    SELECT ?instrument ?type ?paragraph WHERE {{
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:mentions ?i .
      ?i a ng:Instrument ; rdfs:label ?instrument .
      OPTIONAL {{ ?i a ?class . FILTER(?class != ng:Instrument && STRSTARTS(STR(?class), STR(ng:))) }}
      BIND(COALESCE(STRAFTER(STR(?class), "#"), "Instrument") AS ?type)
    }}""",
    columns=("instrument", "type", "paragraph"),
    expected=[
        ("Millennium Development Goals", "GoalSet", 4),
        ("the seven core human rights treaties", "Instrument", 20),
        ("Migrant Workers Convention", "Convention", 21),
        ("Trafficking Protocol", "Protocol", 26),
        ("Convention on the Rights of the Child", "Convention", 53),
        ("World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance", "Conference", 67),
        ("World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance", "Conference", 68),
        ("Durban Declaration", "Declaration", 68),
        ("Three Decades to Combat Racism and Racial Discrimination", "Programme", 68),
        ("International Year of Mobilization against Racism, Racial Discrimination, Xenophobia and Related Intolerance", "Observance", 68),
        ("United Nations Year of Dialogue among Civilizations", "Observance", 68),
        ("United Nations Millennium Declaration", "Declaration", 69),
    ],
    evidence=[
        (4, "the United Nations Millennium Development Goals"),
        (20, "the seven core human rights treaties"),
        (21, "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families"),
        (26, "Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children"),
        (53, "the Convention on the Rights of the Child"),
        (67, "the World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance held in Durban"),
        (68, "Subsequent to the World Conference"),
        (68, "The World Conference Declaration"),
        (68, '"Three Decades for Action to Combat Racism and Racial Discrimination"'),
        (68, "International Year of Mobilization against Racism, Racial Discrimination, Xenophobia and Related Intolerance"),
        (68, "United Nations Year of Dialogue among Civilizations"),
        (69, "the United Nations Millennium Declaration"),
    ],
    kind="Instruments",
)

UNMENTIONED_INSTRUMENTS = cq(
    "which_registered_instruments_no_paragraph_mentions",
    "Which registered instruments does no paragraph mention, and why are they in the graph?",
    [26, 37],
    """
    SELECT ?instrument ?supplementedBy WHERE {
      ?i a ng:Instrument ; rdfs:label ?instrument .
      FILTER NOT EXISTS { ?p ng:mentions ?i }
      OPTIONAL { ?child ng:supplements ?i ; rdfs:label ?supplementedBy }
    }""",
    columns=("instrument", "supplementedBy"),
    expected=[("Convention against Transnational Organized Crime", "Trafficking Protocol"),
              ("Council of Europe Trafficking Convention", "")],
    note="No invented instruments: the text never names the UNTOC, registered as the convention the "
         "Trafficking Protocol supplements, nor the Council of Europe Trafficking Convention, registered "
         "because norms and claims of paras 49, 53 and 57 restate its articles (ng:restates).",
    kind="Instruments",
)

PARA_37_MENTIONS = cq(
    "what_para_37s_transnational_organized_crime_refers_to",
    "Which instruments and concepts does para 37 (\"a form of transnational organized crime\") mention?",
    [37],
    f"""
    SELECT ?kind ?label WHERE {{
      ?p ng:partOf {SEED} ; ng:number 37 ; ng:mentions ?x .
      {{ ?x a ng:Instrument ; rdfs:label ?label . BIND("instrument" AS ?kind) }}
      UNION
      {{ ?x a skos:Concept ; skos:prefLabel ?label . BIND("concept" AS ?kind) }}
    }}""",
    columns=("kind", "label"),
    expected=[
        ("concept", "trafficking in persons"),
        ("concept", "organized crime"),
        ("concept", "international cooperation"),
        ("concept", "law enforcement"),
        ("concept", "victim protection"),
    ],
    evidence=[(37, "Human trafficking, as a form of transnational organized crime, requires bilateral, regional and international cooperation"),
              (37, "prevention and prosecution of traffickers, and the protection of victims")],
    note="The phenomenon (organized crime), not the UN Convention against Transnational Organized Crime: "
         "no instrument is mentioned.",
    kind="Instruments",
)

TREATY_FACTS = cq(
    "official_titles_and_dates_of_the_conventions_and_protocols",
    "What are the official titles, adoption dates and dates of entry into force of the conventions and protocols?",
    [21, 26, 53],
    """
    SELECT ?instrument ?title ?adopted ?inForce WHERE {
      VALUES ?class { ng:Convention ng:Protocol }
      ?i a ?class ; rdfs:label ?instrument ; dcterms:title ?title ;
         ng:adoptedOn ?adopted ; ng:entryIntoForce ?inForce .
    }""",
    columns=("instrument", "title", "adopted", "inForce"),
    expected=[
        ("Migrant Workers Convention",
         "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
         "1990-12-18", "2003-07-01"),
        ("Trafficking Protocol",
         "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
         "supplementing the United Nations Convention against Transnational Organized Crime",
         "2000-11-15", "2003-12-25"),
        ("Convention against Transnational Organized Crime",
         "United Nations Convention against Transnational Organized Crime", "2000-11-15", "2003-09-29"),
        ("Convention on the Rights of the Child", "Convention on the Rights of the Child", "1989-11-20", "1990-09-02"),
        ("Council of Europe Trafficking Convention",
         "Council of Europe Convention on Action against Trafficking in Human Beings", "2005-05-16", "2008-02-01"),
    ],
    evidence=[(21, "which came into force in July 2003")],
    note="Titles and dates from the reference table (/work/shared/corpus/README.md); the text itself "
         "dates only the ICRMW's entry into force (\"July 2003\", consistent with 2003-07-01). The Council "
         "of Europe Convention is registered because paras 49, 53 and 57 restate it (its dates as in its own "
         "text's gold annotations).",
    kind="Instruments",
)

SUPRESS_ALIAS = cq(
    "which_instrument_the_misspelt_protocol_to_prevent_supress_and_punish_is",
    "Which instrument is the text's \"Protocol to Prevent, Supress, and Punish Trafficking in Persons, "
    "Especially Women and Children\" (misspelt, extra comma)?",
    [26],
    """
    SELECT ?instrument ?class ?title WHERE {
      ?i skos:altLabel "Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children"@en ;
         rdfs:label ?instrument ; dcterms:title ?title ; a ?class .
      FILTER(?class != ng:Instrument)
    }""",
    columns=("instrument", "class", "title"),
    expected=[("Trafficking Protocol", "ng:Protocol",
               "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
               "supplementing the United Nations Convention against Transnational Organized Crime")],
    evidence=[(26, "the Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children")],
    note="The official title is spelt correctly; the text's spelling is kept as an alias.",
    kind="Instruments",
)

PALERMO = cq(
    "what_the_palermo_protocol_supplements",
    "Which instrument is the \"Palermo Protocol\", and which convention does it supplement?",
    [26],
    """
    SELECT ?instrument ?supplements WHERE {
      ?i skos:altLabel "Palermo Protocol"@en ; rdfs:label ?instrument ;
         ng:supplements/dcterms:title ?supplements .
    }""",
    columns=("instrument", "supplements"),
    expected=[("Trafficking Protocol", "United Nations Convention against Transnational Organized Crime")],
    kind="Instruments",
)

DECLARATION_AT_CONFERENCE = cq(
    "which_declaration_was_adopted_at_which_conference",
    "Which declaration was adopted at a conference, when, and where and when was that conference held?",
    [67, 68],
    """
    SELECT ?declaration ?adopted ?conference ?place ?start ?end WHERE {
      ?d a ng:Declaration ; rdfs:label ?declaration ; ng:adoptedOn ?adopted ; ng:adoptedAt ?c .
      ?c rdfs:label ?conference ; ng:place ?place ; ng:startDate ?start ; ng:endDate ?end .
    }""",
    columns=("declaration", "adopted", "conference", "place", "start", "end"),
    expected=[("Durban Declaration", "2001-09-08",
               "World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance",
               "Durban, South Africa", "2001-08-31", "2001-09-08")],
    evidence=[(67, "held in Durban, South Africa, in 2001"), (68, "The World Conference Declaration noted")],
    note="The text calls it \"The World Conference Declaration\" (68) and places the conference in "
         "Durban, South Africa, in 2001 (67).",
    kind="Instruments",
)

UNVERIFIED = cq(
    "which_instrument_facts_are_unverified",
    "Which facts about instruments are not confirmed from a source (ng:unverified)?",
    [],
    """
    SELECT ?instrument ?fact WHERE { ?i a ng:Instrument ; rdfs:label ?instrument ; ng:unverified ?fact }""",
    columns=("instrument", "fact"),
    expected=[
        ("Three Decades to Combat Racism and Racial Discrimination", "ng:startDate"),
        ("Three Decades to Combat Racism and Racial Discrimination", "ng:endDate"),
    ],
    note="From the reference table, the Three Decades are only \"partly verified\", so their dates are; their "
         "title is the text's own name for them. The Protocol's and the CRC's UNTC numbers (and the URLs built "
         "from them) and the UNTOC's entry into force were once marked too; they are confirmed (issue 14).",
    kind="Instruments",
)

MDGS = cq(
    "by_when_the_millennium_development_goals_were_to_be_met",
    "By when were the Millennium Development Goals to be met, and which declaration are they derived from?",
    [4],
    f"""
    SELECT ?paragraph ?date ?targetYear ?derivedFrom WHERE {{
      ?c a ng:DateStatement ; ng:date ?date ; ng:instrument ?i ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      ?i skos:altLabel "United Nations Millennium Development Goals"@en ;
         ng:endDate ?targetYear ; ng:derivedFrom/rdfs:label ?derivedFrom .
    }}""",
    columns=("paragraph", "date", "targetYear", "derivedFrom"),
    expected=[(4, "2015", "2015", "United Nations Millennium Declaration")],
    evidence=[(4, "Few of the United Nations Millennium Development Goals will be met by 2015.")],
    kind="Instruments",
)

DATES = cq(
    "which_dates_the_text_states",
    "Which absolute dates does the text state, and what do they date?",
    [4, 21, 42, 67, 68],
    f"""
    SELECT ?paragraph ?date ?instrument WHERE {{
      ?c a ng:DateStatement ; ng:date ?date ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      OPTIONAL {{ ?c ng:instrument/rdfs:label ?instrument }}
    }}""",
    columns=("paragraph", "date", "instrument"),
    expected=[
        (4, "2015", "Millennium Development Goals"),
        (21, "2003-07", "Migrant Workers Convention"),
        (42, "2004", ""),
        (67, "2001", "World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance"),
        (68, "2001", "International Year of Mobilization against Racism, Racial Discrimination, Xenophobia and Related Intolerance"),
        (68, "2001", "United Nations Year of Dialogue among Civilizations"),
    ],
    evidence=[(4, "will be met by 2015"), (21, "came into force in July 2003"),
              (42, "such as those issued by UNICEF in 2004 in response to the tsunami"),
              (67, "held in Durban, South Africa, in 2001"), (68, "both in 2001")],
    note="Relative dates (\"over the past decade\", 26; \"the last two or three years\", 27) are not "
         "dates: the date of writing is unknown.",
    kind="Claims",
)

# -- The document ------------------------------------------------------------------------------

UNKNOWN_FACTS = cq(
    "which_facts_about_the_document_are_unknown",
    "Which facts about the document itself are unknown (symbol, date, authors), and is any value guessed?",
    [],
    f"""
    SELECT ?fact ?value WHERE {{
      {SEED} ng:unknown ?fact .
      OPTIONAL {{ {SEED} ?fact ?value }}
    }}""",
    columns=("fact", "value"),
    expected=[("dcterms:bibliographicCitation", ""), ("dcterms:creator", ""), ("dcterms:date", "")],
    note="Symbol (dcterms:bibliographicCitation), date and authors are recorded as unknown, with no value.",
    kind="The document",
)

WHAT_DOCUMENT = cq(
    "what_the_document_is_and_who_published_it",
    "What is the document, what kind, who published it, at which event?",
    [],
    f"""
    SELECT ?title ?kind ?publisher ?event WHERE {{
      {SEED} a ng:Document ; dcterms:title ?title ; ng:documentKind ?kind ;
        dcterms:publisher/rdfs:label ?publisher ; ng:event ?event .
    }}""",
    columns=("title", "kind", "publisher", "event"),
    expected=[("Migrant workers, people trafficking, xenophobia and human rights", "report",
               "Inter-Parliamentary Union",
               "118th Assembly of the Inter-Parliamentary Union, Cape Town, South Africa, 13-18 April 2008; "
               "Third Standing Committee on Democracy and Human Rights")],
    kind="The document",
)

# -- Actors and state roles ------------------------------------------------------------------

ACTOR_ROLES = cq(
    "which_actors_play_which_state_role",
    "Which actors play which state role?",
    [10, 38],
    """
    SELECT ?actor ?role WHERE { ?a a ng:Actor ; rdfs:label ?actor ; ng:hasRole/rdfs:label ?role }""",
    columns=("actor", "role"),
    expected=[
        ("all States", "source country"), ("all States", "transit country"), ("all States", "destination country"),
        ("source countries", "source country"), ("transit countries", "transit country"),
        ("destination countries", "destination country"),
    ],
    evidence=[(10, "all countries may be considered as sending, receiving or transit countries"),
              (38, "irrespective of their status as source, transit or destination countries")],
    kind="Actors and state roles",
)

ROLE_STATEMENTS = cq(
    "what_the_text_says_about_who_plays_which_role",
    "What does the text say about which countries play which state roles?",
    [10, 17, 21, 39],
    f"""
    SELECT ?paragraph ?quote WHERE {{
      ?c a ng:RoleStatement ; ng:quote ?quote ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "quote"),
    expected=[
        (10, "it is very difficult today to categorize countries as one or the other"),
        (10, "in a globalized world, to a greater or lesser extent, all countries may be considered as sending, "
             "receiving or transit countries"),
        (17, "Points of origin, transit and destination for migration flows now coexist, simultaneously, in all of "
             "the world’s regions."),
        (21, 'the majority of whom are "sending" countries'),
        (39, "Destination and transit countries are not limited to developed countries alone"),
        (39, "a wealthy country may be a transit country; a poor one the target destination of traffickers"),
    ],
    kind="Actors and state roles",
)

STATE_GUISES = cq(
    "which_actors_are_states_in_another_guise",
    "Which actors are States in another guise, and through which wider actor?",
    [21, 38, 43, 47, 53, 57, 67],
    """
    SELECT ?actor ?via WHERE {
      ?a ng:subgroupOf+ ?states ; ng:subgroupOf/rdfs:label ?via ; rdfs:label ?actor .
      ?states rdfs:label "States"@en .
    }""",
    columns=("actor", "via"),
    expected=[
        ("all States", "States"), ("States Parties", "States"), ("governments", "States"),
        ("the authorities", "States"), ("investigation or prosecution authorities", "the authorities"),
        ("law enforcement agencies", "States"), ("source countries", "States"), ("transit countries", "States"),
        ("destination countries", "States"), ("developed countries", "States"), ("developing world", "States"),
        ("poorer countries", "States"), ("low-income countries", "States"),
    ],
    evidence=[(21, "it has only 37 States Parties"),
              (38, "Three key obligations are imposed upon all States, irrespective of their status as source, "
                   "transit or destination countries"),
              (43, "Developed countries should provide greater technical assistance to law enforcement agencies in "
                   "poorer countries"),
              (47, "This requires governments to review immigration laws"),
              (53, "States should refrain from deporting that person until the identification process is complete"),
              (53, "the authorities must proceed on the basis that it is a child"),
              (57, "investigation or prosecution authorities"),
              (67, "new threats to low-income countries")],
    note="The registry's hierarchy (ng:subgroupOf, followed by `+` to any depth): groups of States and the State's "
         "own organs. Not States: \"the world\" (70, everyone), local authorities (40, the local partners destination "
         "countries work with), \"less developed regions and countries\" (2, a region need not be a State).",
    kind="Actors and state roles",
)

PARA_53_ACTORS = cq(
    "which_actors_para_53_names",
    "Which actors does para 53 (identification of victims, child victims) name?",
    [53],
    f"""
    SELECT ?actor WHERE {{
      ?p ng:partOf {SEED} ; ng:number 53 ; ng:mentions ?a . ?a a ng:Actor ; rdfs:label ?actor .
    }}""",
    columns=("actor",),
    expected=["States", "the authorities", "victims of trafficking", "child and adolescent victims of human trafficking",
              "traffickers"],
    evidence=[(53, "States should refrain"), (53, "the authorities must proceed"), (53, "victims are properly identified"),
              (53, "the victim is a child"), (53, "prosecution of traffickers")],
    kind="Mentions and topics",
)

# -- Norms -------------------------------------------------------------------------------------

ALL_STATES = cq(
    "obligations_of_all_states_irrespective_of_role",
    "Which obligations bind all States, irrespective of their role as source, transit or destination country?",
    [38],
    f"""
    SELECT ?paragraph ?action ?bearer ?beneficiary (COUNT(DISTINCT ?role) AS ?roles) WHERE {{
      ?n a ng:Obligation ; ng:action ?action ; ng:bearer/rdfs:label ?bearer ;
         ng:beneficiary/rdfs:label ?beneficiary ; ng:appliesToRole ?role ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      FILTER NOT EXISTS {{ ?r a ng:StateRole . FILTER NOT EXISTS {{ ?n ng:appliesToRole ?r }} }}
    }} GROUP BY ?paragraph ?action ?bearer ?beneficiary""",
    columns=("paragraph", "action", "bearer", "beneficiary", "roles"),
    expected=[
        (38, "prohibit and prevent trafficking and related acts", "all States", "victims of trafficking", 3),
        (38, "investigate, prosecute and punish traffickers", "all States", "victims of trafficking", 3),
        (38, "protect victims of trafficking", "all States", "victims of trafficking", 3),
    ],
    evidence=[(38, "Three key obligations are imposed upon all States, irrespective of their status as source, "
                   "transit or destination countries"),
              (38, "1) to prohibit and prevent trafficking and related acts"),
              (38, "2) to investigate, prosecute and punish traffickers"),
              (38, "3) to protect victims of trafficking")],
    kind="Norms",
)

TRANSIT = cq(
    "which_norms_bind_transit_countries",
    "Which norms bind transit countries?",
    [38],
    f"""
    SELECT ?paragraph ?type ?action WHERE {{
      ?n ng:appliesToRole/rdfs:label "transit country"@en ; a ?class ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action"),
    expected=[
        (38, "Obligation", "prohibit and prevent trafficking and related acts"),
        (38, "Obligation", "investigate, prosecute and punish traffickers"),
        (38, "Obligation", "protect victims of trafficking"),
    ],
    evidence=[(38, "irrespective of their status as source, transit or destination countries")],
    note="Only para 38 binds transit countries; para 39 (\"a wealthy country may be a transit country\") "
         "is a statement about roles, not a norm.",
    kind="Norms",
)

DESTINATION = cq(
    "which_norms_bind_destination_countries",
    "Which norms bind destination countries?",
    [38, 40, 41, 56],
    f"""
    SELECT ?paragraph ?type ?action WHERE {{
      ?n ng:appliesToRole/rdfs:label "destination country"@en ; a ?class ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action"),
    expected=[
        (38, "Obligation", "prohibit and prevent trafficking and related acts"),
        (38, "Obligation", "investigate, prosecute and punish traffickers"),
        (38, "Obligation", "protect victims of trafficking"),
        (40, "Recommendation", "work with local authorities and community organizations in source countries"),
        (41, "Recommendation", "target the demand for exploitation of human trafficking victims"),
        (56, "Obligation", "facilitate voluntary repatriation"),
        (56, "Obligation", "work primarily through liaison with source countries, and NGOs"),
    ],
    evidence=[(40, "Destination countries should work with local authorities and community organizations in source countries"),
              (41, "Awareness campaigns in destination countries should also target the demand for exploitation of human trafficking victims."),
              (56, "then voluntary repatriation must be facilitated"),
              (56, "They must work primarily through liaison with source countries, and NGOs.")],
    kind="Norms",
)

SOURCE = cq(
    "which_norms_bind_source_countries",
    "Which norms bind source countries?",
    [38, 40],
    f"""
    SELECT ?paragraph ?type ?action WHERE {{
      ?n ng:appliesToRole/rdfs:label "source country"@en ; a ?class ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action"),
    expected=[
        (38, "Obligation", "prohibit and prevent trafficking and related acts"),
        (38, "Obligation", "investigate, prosecute and punish traffickers"),
        (38, "Obligation", "protect victims of trafficking"),
        (40, "Recommendation", "aim to enhance people’s opportunities"),
        (40, "Recommendation", "encourage community action and education"),
    ],
    evidence=[(40, "awareness-raising campaigns in source countries"),
              (40, "These campaigns should aim to enhance people’s opportunities, and encourage community action and education.")],
    kind="Norms",
)

NEGATED = cq(
    "which_norms_are_negated",
    "Which norms are negated (should not, must not, refrain from), and what act do they rule out?",
    [53, 57],
    f"""
    SELECT ?paragraph ?type ?cue ?action WHERE {{
      ?n ng:negated true ; a ?class ; ng:cue ?cue ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "cue", "action"),
    expected=[
        (53, "Recommendation", "should refrain from", "deporting that person until the identification process is complete"),
        (57, "Recommendation", "should not",
         "make the grant of a recovery and reflection period conditional on a victim’s cooperation with "
         "investigation or prosecution authorities"),
    ],
    evidence=[(53, "States should refrain from deporting that person until the identification process is complete"),
              (57, "The grant of a recovery and reflection period should not be conditional on a victim’s cooperation "
                   "with investigation or prosecution authorities")],
    note="Para 28's \"should not be confused\" is a distinction between two terms, not a negated norm.",
    kind="Norms",
)

AGE_UNCERTAIN = cq(
    "what_must_happen_when_a_victims_age_is_uncertain",
    "What must happen when a victim's age is uncertain and there are grounds to believe the victim is a child?",
    [53],
    """
    SELECT ?type ?bearer ?action ?beneficiary ?instrument WHERE {
      ?n a ?class ; ng:condition ?condition ; ng:bearer/rdfs:label ?bearer ; ng:action ?action ;
         ng:beneficiary/rdfs:label ?beneficiary .
      VALUES ?class { ng:Obligation ng:Recommendation }
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      FILTER(CONTAINS(?condition, "age of the victim is uncertain"))
      OPTIONAL { ?n ng:instrument/dcterms:title ?instrument }
    }""",
    columns=("type", "bearer", "action", "beneficiary", "instrument"),
    expected=[
        ("Obligation", "the authorities", "proceed on the basis that it is a child",
         "child and adolescent victims of human trafficking", ""),
        ("Obligation", "the authorities", "afford the special protection of the Convention on the Rights of the Child",
         "child and adolescent victims of human trafficking", "Convention on the Rights of the Child"),
    ],
    evidence=[(53, "If the age of the victim is uncertain and there are reasonable grounds to believe that the victim "
                   "is a child, then the authorities must proceed on the basis that it is a child and afford the "
                   "special protection of the Convention on the Rights of the Child.")],
    kind="Norms",
)

REFLECTION_PERIOD_LENGTH = cq(
    "how_long_the_recovery_and_reflection_period_is",
    "How long is the recovery and reflection period?",
    [57],
    f"""
    SELECT ?paragraph ?value ?unit ?quote WHERE {{
      ?c a ng:Figure ; ng:value ?value ; ng:unit ?unit ; ng:quote ?quote ; ng:assertedIn ?p ;
         ng:about/skos:prefLabel "reflection period"@en .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "value", "unit", "quote"),
    expected=[(57, 30, "days", "A recovery and reflection period of at least 30 days")],
    evidence=[(57, "A recovery and reflection period of at least 30 days is needed")],
    note="At least 30 days: the qualifier stays in the quote, the value is the number.",
    kind="Claims",
)

REFLECTION_PERIOD_NORMS = cq(
    "what_the_norms_on_the_recovery_and_reflection_period_say",
    "What do the norms on the recovery and reflection period say, when do they apply, and who bears them?",
    [57],
    """
    SELECT ?type ?bearer ?negated ?action ?condition WHERE {
      ?n a ?class ; ng:topic/skos:prefLabel "reflection period"@en ; ng:bearer/rdfs:label ?bearer ;
         ng:negated ?negated ; ng:action ?action .
      VALUES ?class { ng:Obligation ng:Recommendation }
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      OPTIONAL { ?n ng:condition ?condition }
    }""",
    columns=("type", "bearer", "negated", "action", "condition"),
    expected=[
        ("Recommendation", "States", "false", "A recovery and reflection period of at least 30 days",
         "where there are reasonable grounds to believe that a person is a victim of trafficking"),
        ("Recommendation", "States", "true",
         "make the grant of a recovery and reflection period conditional on a victim’s cooperation with "
         "investigation or prosecution authorities", ""),
    ],
    evidence=[(57, "A recovery and reflection period of at least 30 days is needed where there are reasonable "
                   "grounds to believe that a person is a victim of trafficking."),
              (57, "Either through legislation or other means")],
    note="\"is needed\" is a recommendation cue; the bearer is implicit (States).",
    kind="Norms",
)

REFLECTION_NOT_CONDITIONAL = cq(
    "on_what_the_recovery_and_reflection_period_must_not_depend",
    "On what must the grant of a recovery and reflection period not depend?",
    [57],
    """
    SELECT ?mustNotDependOn WHERE {
      ?n a ng:Norm ; ng:negated true ; ng:topic/skos:prefLabel "reflection period"@en ; ng:action ?action .
      BIND(STRAFTER(?action, "conditional on ") AS ?mustNotDependOn)
    }""",
    columns=("mustNotDependOn",),
    expected=["a victim’s cooperation with investigation or prosecution authorities"],
    evidence=[(57, "should not be conditional on a victim’s cooperation with investigation or prosecution authorities")],
    kind="Norms",
)

JUDICIAL_RIGHTS = cq(
    "rights_of_victims_in_judicial_proceedings",
    "What rights do victims of trafficking have in judicial proceedings, and what must States do to secure them?",
    [51, 52],
    f"""
    SELECT ?paragraph ?type ?who ?action WHERE {{
      ?n a ?class ; ng:topic/skos:prefLabel "access to justice"@en ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      {{ ?n ng:holder/rdfs:label ?who }} UNION {{ ?n ng:bearer/rdfs:label ?who }}
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "who", "action"),
    expected=[
        (51, "Right", "victims of trafficking", "equal treatment before national courts"),
        (51, "Right", "victims of trafficking", "effective right of access"),
        (51, "Obligation", "States", "take positive steps to secure an effective right of access"),
        (52, "Right", "victims of trafficking", "participate in investigations and judicial processes against their traffickers"),
    ],
    evidence=[(51, "The right to equal treatment before national courts is established under international human rights law"),
              (51, "so States must take positive steps to secure an effective right of access"),
              (52, "the right of victims to participate in investigations and judicial processes against their traffickers")],
    kind="Norms",
)

NATIONALS_ONLY = cq(
    "which_rights_are_restricted_to_nationals",
    "Which rights are restricted to nationals?",
    [20],
    f"""
    SELECT ?paragraph ?right WHERE {{
      ?n a ng:Right ; ng:holder/rdfs:label "nationals"@en ; ng:action ?right ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "right"),
    expected=[(20, "vote and stand in elections")],
    evidence=[(20, "a handful of rights which are restricted to nationals only, such as the right to vote and stand in elections")],
    kind="Norms",
)

RIGHTS = cq(
    "which_rights_the_text_asserts_and_who_holds_them",
    "Which rights does the text assert, and who holds each?",
    [11, 20, 51, 52, 56],
    f"""
    SELECT ?paragraph ?holder ?right WHERE {{
      ?n a ng:Right ; ng:holder/rdfs:label ?holder ; ng:action ?right ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "holder", "right"),
    expected=[
        (11, "States", "decide on migration matters, whether it be admission of non-nationals, their stay and employment "
                       "in the country, or the detention and expulsion of migrants who are illegal or whose lawful "
                       "authorization to stay has come to an end"),
        (20, "nationals", "vote and stand in elections"),
        (20, "migrants", "fundamental and inalienable human rights and freedoms"),
        (51, "victims of trafficking", "equal treatment before national courts"),
        (51, "victims of trafficking", "effective right of access"),
        (52, "victims of trafficking", "participate in investigations and judicial processes against their traffickers"),
        (56, "victims of trafficking", "return to their source countries"),
    ],
    evidence=[(11, "so they have the exclusive right to decide on migration matters"),
              (20, "migrants are human beings who possess fundamental and inalienable human rights and freedoms"),
              (56, "If trafficking victims wish to return to their source countries, as is their right")],
    kind="Norms",
)

NORM_INSTRUMENTS = cq(
    "which_norms_rest_on_an_instrument",
    "Which norms does the text tie to an instrument, and to which?",
    [20, 53, 69],
    f"""
    SELECT ?paragraph ?type ?action ?instrument WHERE {{
      ?n a ?class ; ng:action ?action ; ng:instrument/rdfs:label ?instrument ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action", "instrument"),
    expected=[
        (20, "Right", "fundamental and inalienable human rights and freedoms", "the seven core human rights treaties"),
        (53, "Obligation", "afford the special protection of the Convention on the Rights of the Child",
         "Convention on the Rights of the Child"),
        (69, "Recommendation",
         "remedy the adverse consequences of trade liberalization, to make globalization \"a positive force for all "
         "the world's people\"", "United Nations Millennium Declaration"),
    ],
    evidence=[(20, "the great majority of human rights outlined in the seven core human rights treaties apply to migrants"),
              (69, "as expressed in the United Nations Millennium Declaration")],
    kind="Norms",
)

CONDITIONS = cq(
    "which_norms_apply_only_under_a_condition",
    "Which norms apply only under a condition, and under which?",
    [45, 53, 55, 56, 57],
    f"""
    SELECT ?paragraph ?action ?condition WHERE {{
      ?n a ng:Norm ; ng:action ?action ; ng:condition ?condition ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "action", "condition"),
    expected=[
        (45, "respect the principle of non-refoulement (non-return)",
         "if States are unwilling or unable to bring them to justice"),
        (53, "deporting that person until the identification process is complete",
         "If there are reasonable grounds to believe that a person is a trafficking victim"),
        (53, "proceed on the basis that it is a child",
         "If the age of the victim is uncertain and there are reasonable grounds to believe that the victim is a child"),
        (53, "afford the special protection of the Convention on the Rights of the Child",
         "If the age of the victim is uncertain and there are reasonable grounds to believe that the victim is a child"),
        (55, "promptly inform victims of their rights", "When identified"),
        (56, "facilitate voluntary repatriation", "If trafficking victims wish to return to their source countries"),
        (56, "work primarily through liaison with source countries, and NGOs",
         "Where victims do return to their source countries"),
        (57, "A recovery and reflection period of at least 30 days",
         "where there are reasonable grounds to believe that a person is a victim of trafficking"),
    ],
    evidence=[
        (45, "extends to cases where persecution is attributed to traffickers if States are unwilling or unable to bring them to justice"),
        (53, "If there are reasonable grounds to believe that a person is a trafficking victim"),
        (53, "If the age of the victim is uncertain and there are reasonable grounds to believe that the victim is a child"),
        (55, "When identified, victims should be promptly informed of their rights."),
        (56, "If trafficking victims wish to return to their source countries"),
        (56, "Where victims do return to their source countries"),
        (57, "where there are reasonable grounds to believe that a person is a victim of trafficking"),
    ],
    note="Purpose clauses (\"so that they can …\", \"in order to …\") and manner (\"Either through "
         "legislation or other means\") are not conditions, and neither are the cases a norm is extended to "
         "(`ng:scope`): para 45's non-refoulement \"extends to cases where persecution is attributed to "
         "traffickers\" and \"also applies to cases where … non-State actors\" widen the obligation rather than "
         "trigger it. Only the first extension has a condition, \"if States are unwilling or unable to bring them "
         "to justice\" (see *When does the obligation of non-refoulement apply*).",
    kind="Norms",
)

DEVELOPED = cq(
    "what_developed_countries_should_do",
    "What should developed countries do, and for whom?",
    [43],
    f"""
    SELECT ?paragraph ?type ?action ?beneficiary WHERE {{
      ?n a ?class ; ng:bearer/rdfs:label "developed countries"@en ; ng:action ?action ;
         ng:beneficiary/rdfs:label ?beneficiary ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action", "beneficiary"),
    expected=[
        (43, "Recommendation", "provide greater technical assistance to law enforcement agencies in poorer countries",
         "law enforcement agencies"),
        (43, "Recommendation", "provide greater technical assistance to law enforcement agencies in poorer countries",
         "poorer countries"),
    ],
    evidence=[(43, "Developed countries should provide greater technical assistance to law enforcement agencies in poorer countries")],
    note="Being developed is not a state role: the norm binds no role (para 39: wealth does not decide the role).",
    kind="Norms",
)

GOVERNMENTS_AND_NGOS = cq(
    "what_governments_and_ngos_should_do_together",
    "Which norms do governments and NGOs bear together?",
    [37, 48],
    f"""
    SELECT ?paragraph ?type ?action WHERE {{
      ?n a ?class ; ng:bearer/rdfs:label "governments"@en , "NGOs"@en ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action"),
    expected=[
        (37, "Recommendation", "Joint initiatives between governments and NGOs to assist in the effective prevention "
                               "and prosecution of traffickers, and the protection of victims"),
        (48, "Recommendation", "design and execute effective safe return and recovery programmes that involve "
                               "governments and NGOs at the national and international levels"),
    ],
    evidence=[(37, "Joint initiatives between governments and NGOs are needed"),
              (48, "It is important to design and execute effective safe return and recovery programmes that involve "
                   "governments and NGOs")],
    note="In para 56 NGOs are partners of destination countries (\"liaison with source countries, and NGOs\"), not bearers.",
    kind="Norms",
)

LAW_ENFORCEMENT = cq(
    "what_law_enforcement_must_and_should_do_for_victims",
    "What must, and what should, law enforcement do for victims of trafficking?",
    [46],
    f"""
    SELECT ?paragraph ?type ?cue ?action WHERE {{
      ?n a ?class ; ng:bearer/rdfs:label "law enforcement agencies"@en ; ng:cue ?cue ; ng:action ?action ;
         ng:beneficiary/rdfs:label "victims of trafficking"@en ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "cue", "action"),
    expected=[
        (46, "Obligation", "must always", "make the interests and the needs of the victims a primary consideration"),
        (46, "Recommendation", "should", "put their protection at the heart of any law enforcement measures"),
    ],
    evidence=[(46, "Enforcement of the law against trafficking must always make the interests and the needs of the "
                   "victims a primary consideration, and their protection should be at the heart of any law "
                   "enforcement measures.")],
    note="Two modals, two norms of different types.",
    kind="Norms",
)

NON_REFOULEMENT = cq(
    "when_non_refoulement_applies",
    "When does the obligation of non-refoulement apply: to which cases does the text extend it, and under which condition?",
    [45],
    f"""
    SELECT ?paragraph ?type ?bearer ?scope ?condition WHERE {{
      ?n a ?class ; ng:topic/skos:prefLabel "non-refoulement"@en ; ng:bearer/rdfs:label ?bearer ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      OPTIONAL {{ ?n ng:scope ?scope }}
      OPTIONAL {{ ?n ng:condition ?condition }}
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "bearer", "scope", "condition"),
    expected=[
        (45, "Obligation", "States", "to cases where persecution is attributed to traffickers",
         "if States are unwilling or unable to bring them to justice"),
        (45, "Obligation", "States",
         "to cases where people are likely to face torture, or inhuman or degrading treatment perpetrated by non-State actors",
         ""),
    ],
    evidence=[(45, "The obligation of States to respect the principle of non-refoulement (non-return) extends to cases "
                   "where persecution is attributed to traffickers if States are unwilling or unable to bring them to justice."),
              (45, "The principle of non-refoulement also applies to cases where people are likely to face torture, or "
                   "inhuman or degrading treatment perpetrated by non-State actors.")],
    note="The obligation applies without either case: the text extends it (\"extends to\", \"also applies "
         "to\"), so the cases are its scope, not its triggers. The condition restricts only the first extension: "
         "persecution by traffickers counts if States are unwilling or unable to bring them to justice; the "
         "second has none.",
    kind="Norms",
)

STATES_ANY_GUISE = cq(
    "what_states_must_do_in_any_guise",
    "What must States do, in any guise (as all States, governments, the authorities, destination countries…)?",
    [13, 18, 37, 38, 42, 45, 46, 47, 51, 53, 56, 57],
    f"""
    SELECT ?paragraph ?guise ?action WHERE {{
      ?n a ng:Obligation ; ng:bearer ?b ; ng:action ?action ; ng:assertedIn ?p .
      ?b ng:subgroupOf* ?states ; rdfs:label ?guise .
      ?states rdfs:label "States"@en .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "guise", "action"),
    expected=[
        (13, "States", "bring individual aspects of international migration together within a comprehensive framework"),
        (18, "States", "a detailed analysis of cause and, effect and positive and negative aspects"),
        (37, "States", "bilateral, regional and international cooperation to both reduce it and eradicate it"),
        (38, "all States", "prohibit and prevent trafficking and related acts"),
        (38, "all States", "investigate, prosecute and punish traffickers"),
        (38, "all States", "protect victims of trafficking"),
        (42, "States", '"Early warning" programmes for humanitarian crises'),
        (45, "States", "respect the principle of non-refoulement (non-return)"),
        (45, "States", "respect the principle of non-refoulement"),
        (45, "States", "prohibit torture"),
        (46, "law enforcement agencies", "make the interests and the needs of the victims a primary consideration"),
        (47, "governments", "review immigration laws and policies in the context of impact on the victims of trafficking"),
        (51, "States", "take positive steps to secure an effective right of access"),
        (53, "the authorities", "proceed on the basis that it is a child"),
        (53, "the authorities", "afford the special protection of the Convention on the Rights of the Child"),
        (56, "destination countries", "facilitate voluntary repatriation"),
        (56, "destination countries", "work primarily through liaison with source countries, and NGOs"),
        (57, "States", "put effective protection of trafficking victims on a far more reliable basis, either through "
                       "legislation or other means"),
    ],
    evidence=[(38, "Three key obligations are imposed upon all States"),
              (46, "Enforcement of the law against trafficking must always make the interests and the needs of the "
                   "victims a primary consideration"),
              (47, "This requires governments to review immigration laws and policies"),
              (51, "States must take positive steps to secure an effective right of access"),
              (53, "the authorities must proceed on the basis that it is a child and afford the special protection"),
              (56, "They must work primarily through liaison with source countries, and NGOs.")],
    note="`ng:subgroupOf*` follows the actor hierarchy (see *Which actors are States in another guise*): half "
         "of these obligations name States, the other half a guise of them. The named query `norms-by-bearer` with `actor=States` gives them with the "
         "recommendations (41 norms; `exact=true`: the 21 borne under the name States).",
    kind="Norms",
)

GUISES_WITH_OBLIGATIONS = cq(
    "which_guises_of_states_bear_obligations",
    "Which guises of States bear obligations, and how many each?",
    [13, 18, 37, 38, 42, 45, 46, 47, 51, 53, 56, 57],
    f"""
    SELECT ?guise (COUNT(DISTINCT ?n) AS ?obligations) WHERE {{
      ?n a ng:Obligation ; ng:bearer ?b ; ng:assertedIn/ng:partOf {SEED} .
      ?b ng:subgroupOf* ?states ; rdfs:label ?guise .
      ?states rdfs:label "States"@en .
    }} GROUP BY ?guise""",
    columns=("guise", "obligations"),
    expected=[("States", 9), ("all States", 3), ("the authorities", 2), ("destination countries", 2),
              ("governments", 1), ("law enforcement agencies", 1)],
    evidence=[(38, "Three key obligations are imposed upon all States"),
              (46, "Enforcement of the law against trafficking must always"),
              (47, "This requires governments to review"),
              (53, "the authorities must proceed"),
              (56, "They must work primarily through liaison with source countries, and NGOs.")],
    note="Source countries and developed countries bear only recommendations (paras 40, 43), so they are not listed.",
    kind="Norms",
)

NORM_TYPES = cq(
    "how_many_norms_of_each_type_each_paragraph_asserts",
    "How many obligations, recommendations and rights does each paragraph with norms assert?",
    [11, 13, 18, 20, 29, 37, 38, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 55, 56, 57, 69, 70],
    f"""
    SELECT ?paragraph ?type (COUNT(?n) AS ?norms) WHERE {{
      ?n a ?class ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }} GROUP BY ?paragraph ?type""",
    columns=("paragraph", "type", "norms"),
    expected=[
        (11, "Right", 1),
        (13, "Obligation", 1), (13, "Recommendation", 1),   # "the need to"; "must be brought together"
        (18, "Obligation", 1),                              # "requires a detailed analysis"
        (20, "Right", 2),                                   # vote (nationals); human rights (migrants)
        (29, "Recommendation", 1),                          # "Acknowledging ... is important"
        (37, "Obligation", 1), (37, "Recommendation", 1),   # "requires"; "are needed"
        (38, "Obligation", 3),
        (40, "Recommendation", 3),
        (41, "Recommendation", 2),
        (42, "Obligation", 1), (42, "Recommendation", 1),   # "are required"; "should provide and require"
        (43, "Recommendation", 1),
        (44, "Recommendation", 1),                          # "is a vital part of"
        (45, "Obligation", 3),
        (46, "Obligation", 1), (46, "Recommendation", 1),
        (47, "Obligation", 1), (47, "Recommendation", 2),
        (48, "Recommendation", 1),
        (50, "Recommendation", 1),
        (51, "Obligation", 1), (51, "Right", 2),
        (52, "Right", 1),
        (53, "Obligation", 2), (53, "Recommendation", 2),
        (55, "Recommendation", 2),
        (56, "Obligation", 2), (56, "Right", 1),
        (57, "Obligation", 1), (57, "Recommendation", 2),
        (69, "Recommendation", 1),
        (70, "Recommendation", 1),                          # "the world needs"
    ],
    note="Each normative cue in the text (must, should, need(ed), require(s/d), obligation, right, refrain, "
         "vital/important) is a norm, typed by its cue, except the decisions the annotation guide records "
         "(e.g. para 28's \"should not be confused\", para 62's implied advice).",
    kind="Norms",
)

# -- Claims ------------------------------------------------------------------------------------

FIGURES = cq(
    "which_figures_the_text_gives",
    "Which figures does the text give, in which unit, and who are they attributed to?",
    [1, 20, 21, 26, 33, 57],
    f"""
    SELECT ?paragraph ?value ?unit ?source WHERE {{
      ?c a ng:Figure ; ng:value ?value ; ng:unit ?unit ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      OPTIONAL {{ ?c ng:source/rdfs:label ?source }}
    }}""",
    columns=("paragraph", "value", "unit", "source"),
    expected=[
        (1, 6000000000, "people", ""),
        (1, 50, "per cent of the world's population", ""),
        (1, 800000000, "people", "FAO"),
        (20, 7, "treaties", ""),
        (21, 37, "States Parties", ""),
        (26, 3, "rank among the most profitable criminal activities", ""),
        (33, 98, "per cent", "ILO"),
        (57, 30, "days", ""),
    ],
    evidence=[(1, "the world’s population totals over six billion"), (1, "more than half of which lives in poverty"),
              (1, "According to FAO, 800 million people are chronically undernourished."),
              (20, "the seven core human rights treaties"), (21, "it has only 37 States Parties"),
              (26, "the third most profitable criminal activity"),
              (33, "some 98 per cent of those involved in prostitution as a result are women"),
              (57, "at least 30 days")],
    kind="Claims",
)

FAO_ILO = cq(
    "which_figures_the_fao_and_the_ilo_are_cited_for",
    "Which figures are the FAO and the ILO cited for?",
    [1, 33],
    f"""
    SELECT ?source ?paragraph ?value ?unit ?quote WHERE {{
      VALUES ?source {{ "FAO"@en "ILO"@en }}
      ?c a ng:Figure ; ng:source/rdfs:label ?source ; ng:value ?value ; ng:unit ?unit ; ng:quote ?quote ;
         ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("source", "paragraph", "value", "unit", "quote"),
    expected=[
        ("FAO", 1, 800000000, "people", "According to FAO, 800 million people are chronically undernourished."),
        ("ILO", 33, 98, "per cent", "some 98 per cent of those involved in prostitution as a result are women"),
    ],
    evidence=[(1, "According to FAO, 800 million people are chronically undernourished."),
              (33, "ILO estimates confirm that trafficking into developed countries predominantly takes place for "
                   "sexual exploitation, and that some 98 per cent of those involved in prostitution as a result are women")],
    note="FAO: 800 million chronically undernourished; ILO: some 98 per cent (of those in prostitution as a "
         "result of trafficking into developed countries) are women.",
    kind="Claims",
)

SOURCES = cq(
    "to_whom_the_text_attributes_its_findings",
    "To whom does the text attribute figures and findings?",
    [1, 33, 34, 68],
    f"""
    SELECT ?source ?paragraph ?claimType WHERE {{
      ?c a ng:Claim ; ng:source/rdfs:label ?source ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      OPTIONAL {{ ?c a ?class . FILTER(?class != ng:Claim && STRSTARTS(STR(?class), STR(ng:))) }}
      BIND(COALESCE(STRAFTER(STR(?class), "#"), "Claim") AS ?claimType)
    }}""",
    columns=("source", "paragraph", "claimType"),
    expected=[
        ("FAO", 1, "Figure"),
        ("ILO", 33, "Claim"),
        ("ILO", 33, "Figure"),
        ("NGOs", 34, "Claim"),
        ("Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and related intolerance",
         68, "Claim"),
    ],
    evidence=[(1, "According to FAO"), (33, "ILO estimates confirm"), (34, "non-governmental organizations (NGOs) suggest"),
              (68, "the Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and "
                   "related intolerance reported")],
    note="Unattributed findings (\"Recent studies have shown\", 34; \"has been categorized as\", 26) have no source. "
         "UNICEF is not among them: para 42's \"such as those issued by UNICEF in 2004\" is about UNICEF (it issued "
         "the programmes), not attributed to it (issue 14).",
    kind="Claims",
)

TRAFFICKING_VS_SMUGGLING = cq(
    "how_trafficking_differs_from_smuggling",
    "How does trafficking differ from smuggling?",
    [28],
    f"""
    SELECT ?paragraph ?quote WHERE {{
      ?c a ng:Distinction ; ng:quote ?quote ; ng:assertedIn ?p ;
         ng:about/skos:prefLabel "trafficking in persons"@en , "smuggling of migrants"@en .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "quote"),
    expected=[
        (28, 'Trafficking should not be confused with "smuggling" of human beings.'),
        (28, "trafficking is carried out with the use of coercion, deception, and/or other improper means, whereas "
             "smuggling is not - this is a voluntary act on the part of those smuggled"),
        (28, 'trafficking entails subsequent exploitation of people, while the services of smugglers end when '
             '"smuggled" people reach their destination'),
        (28, "trafficking can take place both within and across national borders, whereas international movement is "
             "required for smuggling"),
        (28, "entry into a State may be legal or illegal in the case of trafficking, whereas smuggling is "
             "characterized by illegal entry"),
    ],
    evidence=[(28, "First, trafficking is carried out"), (28, "Second, trafficking entails"),
              (28, "Third, trafficking can take place"), (28, "Finally, entry into a State")],
    note="The overall distinction and the four numbered differences: means/consent, subsequent exploitation, "
         "borders, legality of entry.",
    kind="Claims",
)

DEFINITIONS = cq(
    "which_definitions_the_text_gives",
    "Which definitions does the text give?",
    [17, 69],
    f"""
    SELECT ?paragraph ?quote WHERE {{
      ?c a ng:Definition ; ng:quote ?quote ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "quote"),
    expected=[
        (17, "it is generally understood to be a process involving the movement of populations - either within a "
             "country or from one country to another - and is a product of social and economic change - past and "
             "present - in both countries of origin and destination"),
        (69, "Expanding the economic and social rights of migrants means adapting globalization to ensure equal "
             "rights for otherwise marginalized social groups."),
    ],
    note="Para 15's \"the twenty-first century equivalent of slavery\" is a characterisation (a statement), not a definition.",
    kind="Claims",
)


def _items(name: str, question: str, paragraph: int, quote_words: str, items: list[str], note: str = "") -> CQ:
    return cq(
        name, question, [paragraph],
        f"""
        SELECT ?item WHERE {{
          ?c a ng:Enumeration ; ng:quote ?quote ; ng:item ?item ; ng:assertedIn ?p .
          ?p ng:partOf {SEED} ; ng:number {paragraph} .
          FILTER(CONTAINS(?quote, "{quote_words}"))
        }}""",
        columns=("item",), expected=items,
        evidence=[(paragraph, quote_words)] + [(paragraph, item) for item in items],
        note=note, kind="Claims",
    )


FORCED_LABOUR_SECTORS = _items(
    "in_which_sectors_forced_labour_takes_place",
    "In which sectors does forced labour usually take place?", 34,
    "forced labour usually takes place in the following sectors",
    ["construction", "agriculture", "contract cleaning", "care sectors"],
    note="\"Recent studies have shown\": unattributed, so no source.",
)

FORCED_LABOUR_DEVELOPING = _items(
    "in_which_sectors_trafficking_and_forced_labour_occur_in_the_developing_world",
    "In which sectors do trafficking and forced labour occur in the developing world?", 34,
    "In the developing world, trafficking and forced labour occur in",
    ["agriculture", "mining", "manufacturing"],
)

LABOUR_EXPLOITATION_SECTORS = _items(
    "in_which_sectors_labour_exploitation_takes_place",
    "Across which sectors does labour exploitation take place?", 32,
    "Labour exploitation takes place across a range of sectors",
    ["agriculture", "construction", "contract cleaning", "domestic work"],
)

REASONS_NOT_COMING_FORWARD = _items(
    "why_victims_do_not_come_forward",
    "Why may victims not wish to identify themselves to officials?", 54,
    "There are a number of reasons why victims may not wish to identify themselves",
    ["fear of reprisal from their trafficker or exploiter", "a distrust of the authorities",
     "do not want to go home to their source country",
     "their family and friends finding out what has happened",
     "a return to poverty with increased vulnerability, including to re-trafficking"],
)

PROTECTION_MEASURES = _items(
    "which_measures_of_protection_victims_should_receive",
    "Which detailed measures of protection for victims does the text list?", 49,
    "Detailed measures of protection include",
    ["secure accommodation", "access to emergency medical assistance", "translation and interpretation services",
     "counselling and provision of information in victims’ languages", "assistance during judicial proceedings",
     "access to education for children"],
)

CAUSES = _items(
    "which_factors_impact_on_the_causes_of_trafficking",
    "Which factors impact on the causes of human trafficking?", 35,
    "all impact on the causes of human trafficking",
    ["globalization", "poverty", "gender inequality", "humanitarian crises"],
)

ICRMW_FACTS = cq(
    "how_many_states_parties_the_migrant_workers_convention_has_and_since_when_it_is_in_force",
    "How many States Parties does the Migrant Workers Convention have, and when did it come into force, according to the text?",
    [21],
    f"""
    SELECT ?paragraph ?value ?unit ?date WHERE {{
      ?c ng:instrument/skos:altLabel "ICRMW"@en ; ng:assertedIn ?p .
      {{ ?c a ng:Figure ; ng:value ?value ; ng:unit ?unit }} UNION {{ ?c a ng:DateStatement ; ng:date ?date }}
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "value", "unit", "date"),
    expected=[(21, 37, "States Parties", ""), (21, "", "", "2003-07")],
    evidence=[(21, "which came into force in July 2003"), (21, "Currently, it has only 37 States Parties")],
    kind="Claims",
)

# -- Mentions and topics ---------------------------------------------------------------------


def _paragraphs_with(pattern: str) -> list[int]:
    return sorted(n for n, t in TEXT.items() if re.search(pattern, t, re.IGNORECASE))


TRANSIT_MENTIONS = cq(
    "which_paragraphs_speak_of_transit_countries",
    "Which paragraphs speak of the transit role?",
    _paragraphs_with(r"transit"),
    f"""
    SELECT ?paragraph WHERE {{
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:mentions ?role .
      ?role a ng:StateRole ; rdfs:label "transit country"@en .
    }}""",
    columns=("paragraph",),
    expected=[10, 17, 38, 39],
    kind="Mentions and topics",
)

SMUGGLING_MENTIONS = cq(
    "which_paragraphs_speak_of_smuggling",
    "Which paragraphs speak of the smuggling of migrants?",
    _paragraphs_with(r"smuggl"),
    f"""
    SELECT ?paragraph WHERE {{
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:mentions/skos:prefLabel "smuggling of migrants"@en .
    }}""",
    columns=("paragraph",),
    expected=[28],
    kind="Mentions and topics",
)

ORGANISATION_MENTIONS = cq(
    "which_paragraphs_name_the_fao_the_ilo_unicef_or_ngos",
    "Which paragraphs name the FAO, the ILO, UNICEF or NGOs?",
    [1, 33, 34, 37, 42, 48, 56],
    f"""
    SELECT ?organisation ?paragraph WHERE {{
      VALUES ?organisation {{ "FAO"@en "ILO"@en "UNICEF"@en "NGOs"@en }}
      ?o a ng:Organisation ; rdfs:label ?organisation .
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:mentions ?o .
    }}""",
    columns=("organisation", "paragraph"),
    expected=[("FAO", 1), ("ILO", 33), ("NGOs", 34), ("NGOs", 37), ("UNICEF", 42), ("NGOs", 48), ("NGOs", 56)],
    evidence=[(1, "FAO"), (33, "ILO"), (34, "NGOs"), (37, "NGOs"), (42, "UNICEF"), (48, "NGOs"), (56, "NGOs")],
    kind="Mentions and topics",
)

XENOPHOBIA_TOPIC = cq(
    "which_paragraphs_are_about_xenophobia",
    "Which paragraphs are mainly about xenophobia?",
    [16, 18, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68],
    f"""
    SELECT ?paragraph WHERE {{
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:topic/skos:prefLabel "xenophobia"@en .
    }}""",
    columns=("paragraph",),
    expected=[16, 18, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68],
    note="Every paragraph that says \"xenophob…\" (16, 18, 58, 59, 63-68), and 60-62, which continue the "
         "subject without the word (\"This is in part caused by a fear of the unknown\", \"The host "
         "population may see migrant workers as competing\", \"Such fears are fed\").",
    kind="Mentions and topics",
)

REFLECTION_TOPIC = cq(
    "which_paragraphs_are_about_reflection_periods_and_residence_permits",
    "Which paragraphs are about reflection periods or residence permits?",
    [57],
    f"""
    SELECT DISTINCT ?paragraph WHERE {{
      VALUES ?topic {{ "reflection period"@en "residence permit"@en }}
      ?p ng:partOf {SEED} ; ng:number ?paragraph ; ng:topic/skos:prefLabel ?topic .
    }}""",
    columns=("paragraph",),
    expected=[57],
    evidence=[(57, "The twin concepts of reflection periods and residence permits")],
    kind="Mentions and topics",
)

UNTOC_NOT_IN_37 = cq(
    "whether_para_37_mentions_the_untoc",
    "Does para 37 (or any paragraph) mention the United Nations Convention against Transnational Organized Crime?",
    [37],
    """
    ASK {
      ?p ng:mentions ?i .
      ?i dcterms:title "United Nations Convention against Transnational Organized Crime"@en .
    }""",
    columns=None,
    expected=False,
    evidence=[(37, "as a form of transnational organized crime")],
    note="No: \"transnational organized crime\" names the phenomenon.",
    kind="Instruments",
)


# -- Corrected readings (issue 14): questions whose answer was once wrong -------------------------
# New sections come last so that the numbers of the questions above do not shift.

UNICEF_ABOUT = cq(
    "what_para_42s_dated_example_is_about_and_who_it_is_attributed_to",
    "What is para 42's dated example (\"issued by UNICEF in 2004\") about, and to whom does the text attribute it?",
    [42],
    f"""
    SELECT ?date ?about ?source WHERE {{
      ?c a ng:DateStatement ; ng:date ?date ; ng:assertedIn ?p ; ng:about/rdfs:label ?about .
      ?p ng:partOf {SEED} ; ng:number 42 .
      OPTIONAL {{ ?c ng:source/rdfs:label ?source }}
    }}""",
    columns=("date", "about", "source"),
    expected=[("2004", "UNICEF", ""), ("2004", "early warning programme", ""), ("2004", "humanitarian crisis", "")],
    evidence=[(42, "\"Early warning\" programmes for humanitarian crises, such as those issued by UNICEF in 2004 in response to the tsunami")],
    note="UNICEF issued the programmes: the claim is about it, and the text attributes it to no one. It was once "
         "recorded as the claim's source, which put UNICEF among those the text attributes findings to.",
    kind="Corrected readings",
)

BRANCHES_OF_LAW = cq(
    "which_branches_of_law_the_instruments_are_spread_across",
    "Across which branches of law does para 20 say the instruments on migrants' rights are spread?",
    [20],
    f"""
    SELECT ?item WHERE {{
      ?c a ng:Enumeration ; ng:quote ?quote ; ng:item ?item ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number 20 .
      FILTER(CONTAINS(?quote, "various branches of law"))
    }}""",
    columns=("item",),
    expected=["human rights", "humanitarian law", "migrant workers", "refugee law"],
    evidence=[(20, "These instruments are spread across various branches of law (for example, human rights and "
                   "humanitarian law, migrant workers and refugee law).")],
    note="Four branches, each coordination sharing its \"law\"; they were once two items (\"human rights and "
         "humanitarian law\", \"migrant workers and refugee law\").",
    kind="Corrected readings",
)

TORTURE_NOT_ILL_TREATMENT = cq(
    "whether_inhuman_or_degrading_treatment_is_another_name_for_torture",
    "Is \"inhuman or degrading treatment\" another name for torture in the graph?",
    [45],
    """
    ASK {
      ?c skos:prefLabel "torture"@en .
      { ?c skos:altLabel "inhuman or degrading treatment"@en } UNION { ?c rdfs:label "inhuman or degrading treatment"@en }
    }""",
    columns=None,
    expected=False,
    evidence=[(45, "likely to face torture, or inhuman or degrading treatment")],
    note="No: the text names them side by side and the law keeps them apart; it was once an alt label of torture.",
    kind="Corrected readings",
)

THREE_DECADES_TITLE = cq(
    "what_the_three_decades_are_called_and_which_of_their_facts_are_unconfirmed",
    "What does the graph call the Three Decades, and which of their facts are not confirmed?",
    [68],
    """
    SELECT ?title ?unverified WHERE {
      ?i rdfs:label "Three Decades to Combat Racism and Racial Discrimination"@en ; dcterms:title ?title ;
         ng:unverified ?unverified .
    }""",
    columns=("title", "unverified"),
    expected=[("Three Decades for Action to Combat Racism and Racial Discrimination", "ng:startDate"),
              ("Three Decades for Action to Combat Racism and Racial Discrimination", "ng:endDate")],
    evidence=[(68, "\"Three Decades for Action to Combat Racism and Racial Discrimination\"")],
    note="The title is the text's own name, with no years: it once gave the Third Decade as 1994-2003, which "
         "neither the text nor GA res. 48/91 (20 December 1993, a decade beginning in 1993) says.",
    kind="Corrected readings",
)

# -- Law the text restates (issue 14): ng:restates / ng:parallels ------------------------------

RESTATED_LAW = cq(
    "which_statements_restate_or_parallel_treaty_provisions",
    "Which norms and claims of the report restate or parallel a provision of a binding treaty, and which provision?",
    [49, 53, 56, 57],
    f"""
    SELECT ?paragraph ?kind ?relation ?instrument ?citation WHERE {{
      VALUES ?rel {{ ng:restates ng:parallels }}
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right ng:Claim }}
      ?s ?rel ?provision ; a ?class ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      ?provision ng:provisionOf/rdfs:label ?instrument ; ng:citation ?citation .
      BIND(STRAFTER(STR(?class), "#") AS ?kind)
      BIND(STRAFTER(STR(?rel), "#") AS ?relation)
    }}""",
    columns=("paragraph", "kind", "relation", "instrument", "citation"),
    expected=[
        (49, "Claim", "restates", "Council of Europe Trafficking Convention", "Article 12(1)"),
        (49, "Claim", "parallels", "Council of Europe Trafficking Convention", "Article 12(3)"),
        (49, "Claim", "parallels", "Council of Europe Trafficking Convention", "Article 12(4)"),
        (53, "Recommendation", "restates", "Council of Europe Trafficking Convention", "Article 10(2)"),
        (53, "Obligation", "restates", "Council of Europe Trafficking Convention", "Article 10(3)"),
        (53, "Obligation", "parallels", "Council of Europe Trafficking Convention", "Article 10(3)"),
        (56, "Obligation", "parallels", "Trafficking Protocol", "Article 8(1)"),
        (56, "Obligation", "parallels", "Trafficking Protocol", "Article 8(2)"),
        (57, "Recommendation", "restates", "Council of Europe Trafficking Convention", "Article 13(1)"),
    ],
    evidence=[(49, "secure accommodation, access to emergency medical assistance, translation and interpretation services"),
              (49, "Such measures include additional medical assistance and access to employment, vocational training and education."),
              (53, "States should refrain from deporting that person until the identification process is complete"),
              (53, "the authorities must proceed on the basis that it is a child"),
              (53, "afford the special protection of the Convention on the Rights of the Child"),
              (56, "then voluntary repatriation must be facilitated"),
              (57, "A recovery and reflection period of at least 30 days is needed")],
    note="The report cites no article: the links are the annotators', checked against the treaties' texts "
         "(CETS 197 arts. 10, 12, 13; Trafficking Protocol art. 8). \"restates\" says what the provision says; "
         "\"parallels\" is close but differs (para 56 puts repatriation on destination countries, art. 8(1) on "
         "the victim's own State).",
    kind="Law the text restates",
)

REFLECTION_PERIOD_LAW = cq(
    "which_provision_makes_the_30_day_reflection_period_binding",
    "Which treaty provision does para 57's recovery and reflection period of at least 30 days restate?",
    [57],
    f"""
    SELECT ?quote ?instrument ?title ?citation WHERE {{
      ?n ng:restates ?provision ; ng:quote ?quote ; ng:assertedIn ?p ; ng:topic/skos:prefLabel "reflection period"@en .
      ?p ng:partOf {SEED} ; ng:number 57 .
      ?provision ng:provisionOf ?i ; ng:citation ?citation .
      ?i rdfs:label ?instrument ; dcterms:title ?title .
    }}""",
    columns=("quote", "instrument", "title", "citation"),
    expected=[("A recovery and reflection period of at least 30 days is needed where there are reasonable grounds "
               "to believe that a person is a victim of trafficking", "Council of Europe Trafficking Convention",
               "Council of Europe Convention on Action against Trafficking in Human Beings", "Article 13(1)")],
    evidence=[(57, "A recovery and reflection period of at least 30 days is needed where there are reasonable "
                   "grounds to believe that a person is a victim of trafficking")],
    note="Article 13(1) of CETS 197: \"Each Party shall provide in its internal law a recovery and reflection "
         "period of at least 30 days\".",
    kind="Law the text restates",
)

RECOMMENDED_BUT_BINDING = cq(
    "which_recommendations_restate_binding_treaty_law",
    "Which norms does the report word as recommendations although they restate a provision of a binding treaty?",
    [53, 57],
    f"""
    SELECT ?paragraph ?quote ?instrument ?citation WHERE {{
      VALUES ?treaty {{ ng:Convention ng:Protocol }}
      ?n a ng:Recommendation ; ng:restates ?provision ; ng:quote ?quote ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
      ?provision ng:provisionOf ?i ; ng:citation ?citation .
      ?i a ?treaty ; rdfs:label ?instrument .
    }}""",
    columns=("paragraph", "quote", "instrument", "citation"),
    expected=[(53, "States should refrain from deporting that person until the identification process is complete",
               "Council of Europe Trafficking Convention", "Article 10(2)"),
              (57, "A recovery and reflection period of at least 30 days is needed where there are reasonable grounds "
                   "to believe that a person is a victim of trafficking",
               "Council of Europe Trafficking Convention", "Article 13(1)")],
    evidence=[(53, "States should refrain from deporting that person"), (57, "is needed where there are reasonable grounds")],
    note="The type follows the report's wording (\"should\", \"is needed\"); the link says that the law it "
         "restates is binding on the Convention's Parties (\"shall\").",
    kind="Law the text restates",
)


# -- Stated or inferred parties, hedges and scope (issue 14, items 2-3) --------------------------
# ng:bearerBasis / ng:holderBasis / ng:beneficiaryBasis (ng:Stated | ng:Inferred) and the
# annotator's reason (ng:bearerInference …); ng:hedge; ng:scope beside ng:condition.

STATES_BY_INFERENCE = cq(
    "which_norms_bind_states_only_by_inference",
    "Which norms bind States, in any guise, only by the annotators' inference, and why?",
    [13, 18, 29, 37, 40, 41, 42, 44, 45, 46, 47, 48, 50, 53, 55, 56, 57, 69],
    f"""
    SELECT ?paragraph ?guise ?action ?why WHERE {{
      ?n ng:bearer ?b ; ng:bearerBasis ng:Inferred ; ng:bearerInference ?why ; ng:action ?action ; ng:assertedIn ?p .
      ?b ng:subgroupOf* ?states ; rdfs:label ?guise .
      ?states rdfs:label "States"@en .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "guise", "action", "why"),
    expected=[
        (13, "States", "develop cooperative approaches to migration management at the bilateral (common border), "
                       "regional and international levels",
         "no subject: 'there is growing recognition of the need to develop' names no one; the next sentence's 'An "
         "increasing number of States recognize' makes it States"),
        (18, "States", "a detailed analysis of cause and, effect and positive and negative aspects",
         "the subject is 'an effective migration policy', not who makes it; States make migration policy"),
        (29, "States", "Acknowledging that many victims have entered their destination country legally",
         "no subject: 'Acknowledging … is important' names no one; States, who frame the response to trafficking"),
        (37, "States", "bilateral, regional and international cooperation to both reduce it and eradicate it",
         "the subject is human trafficking, which 'requires … cooperation'; the sentence names no one who is to "
         "cooperate, so the report's addressees, States"),
        (40, "source countries", "aim to enhance people’s opportunities",
         "the subject is 'These campaigns', the previous sentence's 'awareness-raising campaigns in source "
         "countries'; who runs them is not said, so the countries they run in"),
        (40, "source countries", "encourage community action and education",
         "the subject is 'These campaigns', the previous sentence's 'awareness-raising campaigns in source "
         "countries'; who runs them is not said, so the countries they run in"),
        (41, "States", "explain how to migrate legally, including the rights of migrant workers",
         "no addressee: 'Awareness-raising should also explain' names no one and no place, so the report's "
         "addressees, States"),
        (41, "destination countries", "target the demand for exploitation of human trafficking victims",
         "the subject is 'Awareness campaigns in destination countries': the sentence names the countries as where "
         "the campaigns run, not who runs them (as in para 40)"),
        (42, "States", "\"Early warning\" programmes for humanitarian crises",
         "passive: 'are required' has no agent; UNICEF is an example of an issuer, not the addressee, so the "
         "report's addressees, States"),
        (44, "States", "The development of lawful and managed migration channels, which recognize the essential "
                       "role that migrant labour plays",
         "no actor: 'The development of lawful and managed migration channels … is a vital part' names no one; "
         "States, who open migration channels"),
        (45, "States", "prohibit torture",
         "the sentence names no one who owes 'the obligation to prohibit torture' ('a State' there is the State "
         "persons are expelled to); States, as in the paragraph's first sentence"),
        (45, "States", "respect the principle of non-refoulement",
         "'The principle of non-refoulement also applies' names no one who owes it; the previous sentence's 'The "
         "obligation of States'"),
        (46, "law enforcement agencies", "make the interests and the needs of the victims a primary consideration",
         "the sentence names the enforcement ('Enforcement of the law against trafficking must'), not the agencies "
         "that enforce the law"),
        (46, "law enforcement agencies", "put their protection at the heart of any law enforcement measures",
         "passive: 'their protection should be at the heart of' has no agent; the measures are those of law "
         "enforcement, so its agencies"),
        (47, "governments", "shift the focus from immigration control to the prevention of exploitation of migrants"
                            " and workers, and care of victims",
         "passive: 'The focus should be shifted' has no agent; the previous sentence's 'This requires governments "
         "to review immigration laws'"),
        (48, "governments", "design and execute effective safe return and recovery programmes that involve "
                            "governments and NGOs at the national and international levels",
         "no addressee: 'It is important to design and execute' names no one; the programmes are to 'involve "
         "governments and NGOs', who are taken as co-bearers"),
        (50, "States", "specialized rights-based protection and recovery programmes",
         "passive: 'programmes are needed' has no agent; the report's addressees, States"),
        (53, "States", "develop strategies to ensure that victims are properly identified",
         "passive: 'that strategies are developed' has no agent; the report's addressees, States"),
        (55, "the authorities", "disseminate such information as widely as possible, in cooperation with human "
                                "rights organizations and civil society, among those sectors of the population "
                                "which may include trafficking victims",
         "passive: 'should also be disseminated' has no agent; the authorities come from para 54 (as in the "
         "previous sentence), the human rights organizations and civil society are the partners the sentence names "
         "('in cooperation with')"),
        (55, "the authorities", "promptly inform victims of their rights",
         "passive: 'victims should be promptly informed' has no agent; the authorities to whom victims identify "
         "themselves in para 54 ('officials', 'the authorities')"),
        (56, "destination countries", "facilitate voluntary repatriation",
         "passive: 'must be facilitated' has no agent; the victims are in the destination countries, which the next"
         " sentence names"),
        (56, "destination countries", "work primarily through liaison with source countries, and NGOs",
         "'They' refers to the destination countries of the previous sentence"),
        (57, "States", "A recovery and reflection period of at least 30 days",
         "passive: 'is needed' has no agent; the report's addressees, States, who grant such periods"),
        (57, "States", "make the grant of a recovery and reflection period conditional on a victim’s cooperation "
                       "with investigation or prosecution authorities",
         "passive: 'The grant … should not be conditional' has no agent; States grant the period (the investigation"
         " or prosecution authorities named are those a victim cooperates with)"),
        (57, "States", "put effective protection of trafficking victims on a far more reliable basis, either "
                       "through legislation or other means",
         "passive: 'must be put on a far more reliable basis' has no agent; 'Either through legislation or other "
         "means' points to States"),
        (69, "States", "remedy the adverse consequences of trade liberalization, to make globalization \"a positive "
                       "force for all the world's people\"",
         "no addressee: 'The objective should be' names no one; the report's addressees, States"),
    ],
    evidence=[(13, "there is growing recognition of the need to develop cooperative approaches"),
              (42, '"Early warning" programmes for humanitarian crises, such as those issued by UNICEF in 2004 in '
                   'response to the tsunami, are required.'),
              (45, "The principle of non-refoulement also applies to cases"),
              (46, "Enforcement of the law against trafficking must always"),
              (47, "The focus should be shifted from immigration control"),
              (48, "It is important to design and execute effective safe return and recovery programmes that involve "
                   "governments and NGOs"),
              (50, "specialized rights-based protection and recovery programmes are needed"),
              (55, "When identified, victims should be promptly informed of their rights."),
              (56, "They must work primarily through liaison with source countries, and NGOs."),
              (57, "A recovery and reflection period of at least 30 days is needed")],
    note="The sentence is passive or has no subject, names something else (\"Enforcement of the law\"), leaves the "
         "actor to a neighbouring sentence (\"They must\") or mentions it in another role (para 48's programmes "
         "\"involve\" governments; para 41's campaigns run \"in destination countries\"). 26 of the 41 norms "
         "that bind States in some guise; para 48's co-bearer NGOs and para 55's human rights organizations and civil "
         "society share the inferred slot but are not States. The rule: docs/annotation-guide.md § 6.6, *Stated or "
         "inferred parties*.",
    kind="Stated or inferred, hedges and scope",
)

STATES_BY_THE_TEXT = cq(
    "which_norms_the_text_itself_puts_on_states",
    "Which obligations and recommendations does the text itself put on States, in any guise, naming them in the "
    "sentence that asserts the norm?",
    [13, 37, 38, 40, 42, 43, 45, 47, 51, 53],
    f"""
    SELECT ?paragraph ?guise ?type ?action WHERE {{
      ?n a ?class ; ng:bearer ?b ; ng:bearerBasis ng:Stated ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?b ng:subgroupOf* ?states ; rdfs:label ?guise .
      ?states rdfs:label "States"@en .
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "guise", "type", "action"),
    expected=[
        (13, "States", "Obligation", "bring individual aspects of international migration together within a "
                                     "comprehensive framework"),
        (37, "governments", "Recommendation", "Joint initiatives between governments and NGOs to assist in the "
                                              "effective prevention and prosecution of traffickers, and the "
                                              "protection of victims"),
        (38, "all States", "Obligation", "investigate, prosecute and punish traffickers"),
        (38, "all States", "Obligation", "prohibit and prevent trafficking and related acts"),
        (38, "all States", "Obligation", "protect victims of trafficking"),
        (40, "destination countries", "Recommendation", "work with local authorities and community organizations in"
                                                        " source countries"),
        (42, "States", "Recommendation", "provide and require official registration of newborns free of charge"),
        (43, "developed countries", "Recommendation", "provide greater technical assistance to law enforcement "
                                                      "agencies in poorer countries"),
        (45, "States", "Obligation", "respect the principle of non-refoulement (non-return)"),
        (47, "States", "Recommendation", "incorporate the protection of victims of trafficking into, and place it "
                                         "at the heart of, States’ legislative frameworks"),
        (47, "governments", "Obligation", "review immigration laws and policies in the context of impact on the "
                                          "victims of trafficking"),
        (51, "States", "Obligation", "take positive steps to secure an effective right of access"),
        (53, "States", "Recommendation", "deporting that person until the identification process is complete"),
        (53, "the authorities", "Obligation", "afford the special protection of the Convention on the Rights of the"
                                              " Child"),
        (53, "the authorities", "Obligation", "proceed on the basis that it is a child"),
    ],
    evidence=[(13, "An increasing number of States recognize that"),
              (37, "Joint initiatives between governments and NGOs are needed"),
              (38, "Three key obligations are imposed upon all States"),
              (40, "Destination countries should work with local authorities"),
              (42, "States should provide and require official registration of newborns"),
              (43, "Developed countries should provide greater technical assistance"),
              (45, "The obligation of States to respect the principle of non-refoulement"),
              (47, "States’ legislative frameworks"),
              (47, "This requires governments to review immigration laws and policies"),
              (51, "so States must take positive steps to secure an effective right of access"),
              (53, "States should refrain from deporting that person"),
              (53, "then the authorities must proceed on the basis that it is a child and afford the special protection")],
    note="15 norms, 6 of them under the name States. With *Which norms bind States, in any guise, only by the "
         "annotators' inference* they make the 41 of *What must States do, in any guise* and the named query "
         "`norms-by-bearer` (`actor=States`; its `?basis` column says which). The only other stated bearer is "
         "\"the world\" (para 70), which is not a guise of States.",
    kind="Stated or inferred, hedges and scope",
)

HEDGED = cq(
    "which_norms_are_hedged",
    "Which norms does the text assert only in a hedged way, and with which words?",
    [11, 13, 45],
    f"""
    SELECT ?paragraph ?type ?action ?hedge WHERE {{
      ?n a ?class ; ng:hedge ?hedge ; ng:action ?action ; ng:assertedIn ?p .
      VALUES ?class {{ ng:Obligation ng:Recommendation ng:Right }}
      BIND(STRAFTER(STR(?class), "#") AS ?type)
      ?p ng:partOf {SEED} ; ng:number ?paragraph .
    }}""",
    columns=("paragraph", "type", "action", "hedge"),
    expected=[
        (11, "Right", "decide on migration matters, whether it be admission of non-nationals, their stay and employment "
                      "in the country, or the detention and expulsion of migrants who are illegal or whose lawful "
                      "authorization to stay has come to an end", "It can be said that"),
        (13, "Recommendation", "develop cooperative approaches to migration management at the bilateral (common "
                               "border), regional and international levels", "there is growing recognition of"),
        (13, "Obligation", "bring individual aspects of international migration together within a comprehensive "
                           "framework", "An increasing number of States recognize that"),
        (45, "Obligation", "prohibit torture", "might raise certain issues"),
    ],
    evidence=[(11, "It can be said that States are sovereign, so they have the exclusive right to decide on migration matters"),
              (13, "there is growing recognition of the need to develop cooperative approaches"),
              (13, "An increasing number of States recognize that it is not sufficient to address individual aspects "
                   "of international migration in isolation; they must be brought together within a comprehensive "
                   "framework"),
              (45, "Expulsion of persons to a State where they would be subjected to slavery or forced labour might "
                   "raise certain issues under the obligation to prohibit torture.")],
    note="The type follows the cue (\"must\", \"the obligation to\"); the hedge says the report does not assert "
         "the norm as firm. Paras 11 and 13 report views the author adopts (docs/annotation-guide.md § 6.4); para 45 "
         "invokes the obligation to prohibit torture only as something expulsion \"might raise certain issues "
         "under\".",
    kind="Stated or inferred, hedges and scope",
)

NON_REFOULEMENT_SCOPE = cq(
    "to_which_cases_para_45_extends_non_refoulement",
    "To which cases does para 45 extend the obligation of non-refoulement, under which condition, and does the "
    "text name States as its bearer in each?",
    [45],
    f"""
    SELECT ?action ?scope ?condition ?bearer ?basis WHERE {{
      ?n ng:scope ?scope ; ng:action ?action ; ng:bearer/rdfs:label ?bearer ; ng:bearerBasis ?b ; ng:assertedIn ?p .
      ?p ng:partOf {SEED} ; ng:number 45 .
      OPTIONAL {{ ?n ng:condition ?condition }}
      BIND(STRAFTER(STR(?b), "#") AS ?basis)
    }}""",
    columns=("action", "scope", "condition", "bearer", "basis"),
    expected=[
        ("respect the principle of non-refoulement (non-return)", "to cases where persecution is attributed to traffickers",
         "if States are unwilling or unable to bring them to justice", "States", "Stated"),
        ("respect the principle of non-refoulement",
         "to cases where people are likely to face torture, or inhuman or degrading treatment perpetrated by non-State actors",
         "", "States", "Inferred"),
    ],
    evidence=[(45, "The obligation of States to respect the principle of non-refoulement (non-return) extends to cases "
                   "where persecution is attributed to traffickers if States are unwilling or unable to bring them to justice."),
              (45, "The principle of non-refoulement also applies to cases where people are likely to face torture, or "
                   "inhuman or degrading treatment perpetrated by non-State actors.")],
    note="Both are extensions (`ng:scope`): the obligation holds without them. Only the first is conditional, and "
         "only the first sentence names States (\"The obligation of States\"); the second says \"The principle "
         "of non-refoulement also applies\".",
    kind="Stated or inferred, hedges and scope",
)

PARTY_BASIS_COUNTS = cq(
    "how_many_parties_are_stated_and_how_many_inferred",
    "How many norms have a bearer, holder or beneficiary that the text names (stated), and how many one the "
    "annotators inferred?",
    [11, 13, 18, 20, 29, 37, 38, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 55, 56, 57, 69, 70],
    f"""
    SELECT ?slot ?basis (COUNT(DISTINCT ?n) AS ?norms) WHERE {{
      VALUES (?slot ?property) {{ ("bearer" ng:bearerBasis) ("holder" ng:holderBasis) ("beneficiary" ng:beneficiaryBasis) }}
      ?n ?property ?b ; ng:assertedIn/ng:partOf {SEED} .
      BIND(STRAFTER(STR(?b), "#") AS ?basis)
    }} GROUP BY ?slot ?basis""",
    columns=("slot", "basis", "norms"),
    expected=[("bearer", "Stated", 16), ("bearer", "Inferred", 26), ("holder", "Stated", 5), ("holder", "Inferred", 2),
              ("beneficiary", "Stated", 24), ("beneficiary", "Inferred", 7)],
    evidence=[(42, "States should provide and require official registration of newborns free of charge."),
              (50, "programmes are needed"),
              (52, "the right of victims to participate"),
              (51, "The right to equal treatment before national courts is established under international human rights law")],
    note="49 norms: 42 obligations and recommendations with a bearer, 7 rights with a holder, 31 norms with a "
         "beneficiary. A slot's basis holds for all its actors. tests/test_seed_parties.py checks each stated slot "
         "against the words of its sentence.",
    kind="Stated or inferred, hedges and scope",
)

STATES_NAMED_OR_NOT = cq(
    "how_many_norms_name_states_as_their_bearer",
    "Of the norms borne by States under that name, in how many does the sentence name them?",
    [13, 18, 29, 37, 41, 42, 44, 45, 47, 50, 51, 53, 57, 69],
    f"""
    SELECT ?basis (COUNT(DISTINCT ?n) AS ?norms) WHERE {{
      ?n ng:bearer/rdfs:label "States"@en ; ng:bearerBasis ?b ; ng:assertedIn/ng:partOf {SEED} .
      BIND(STRAFTER(STR(?b), "#") AS ?basis)
    }} GROUP BY ?basis""",
    columns=("basis", "norms"),
    expected=[("Stated", 6), ("Inferred", 15)],
    evidence=[(13, "An increasing number of States recognize that"),
              (42, "States should provide and require"),
              (45, "The obligation of States to"),
              (47, "States’ legislative frameworks"),
              (51, "so States must take positive steps"),
              (53, "States should refrain from deporting")],
    note="The report's addressees are States, and most of its norms say so only by context: the sentences of 15 "
         "of the 21 norms with the bearer States are passive, have no subject or leave States to a neighbouring "
         "sentence. The norms of the other guises of States (governments, the authorities, destination "
         "countries…) are listed in *Which norms bind States, in any guise, only by the annotators' inference* and "
         "*Which obligations and recommendations does the text itself put on States*.",
    kind="Stated or inferred, hedges and scope",
)

# --------------------------------------------------------------------------------------------
# Tests: one per question


def test_which_instruments_the_text_refers_to_and_where(seed_graph):
    check(seed_graph, INSTRUMENTS_MENTIONED)


def test_which_registered_instruments_no_paragraph_mentions(seed_graph):
    check(seed_graph, UNMENTIONED_INSTRUMENTS)


def test_what_para_37s_transnational_organized_crime_refers_to(seed_graph):
    check(seed_graph, PARA_37_MENTIONS)


def test_whether_para_37_mentions_the_untoc(seed_graph):
    check(seed_graph, UNTOC_NOT_IN_37)


def test_official_titles_and_dates_of_the_conventions_and_protocols(seed_graph):
    check(seed_graph, TREATY_FACTS)


def test_which_instrument_the_misspelt_protocol_to_prevent_supress_and_punish_is(seed_graph):
    check(seed_graph, SUPRESS_ALIAS)


def test_what_the_palermo_protocol_supplements(seed_graph):
    check(seed_graph, PALERMO)


def test_which_declaration_was_adopted_at_which_conference(seed_graph):
    check(seed_graph, DECLARATION_AT_CONFERENCE)


def test_which_instrument_facts_are_unverified(seed_graph):
    check(seed_graph, UNVERIFIED)


def test_by_when_the_millennium_development_goals_were_to_be_met(seed_graph):
    check(seed_graph, MDGS)


def test_which_dates_the_text_states(seed_graph):
    check(seed_graph, DATES)


def test_which_facts_about_the_document_are_unknown(seed_graph):
    check(seed_graph, UNKNOWN_FACTS)


def test_what_the_document_is_and_who_published_it(seed_graph):
    check(seed_graph, WHAT_DOCUMENT)


def test_which_actors_play_which_state_role(seed_graph):
    check(seed_graph, ACTOR_ROLES)


def test_what_the_text_says_about_who_plays_which_role(seed_graph):
    check(seed_graph, ROLE_STATEMENTS)


def test_which_actors_are_states_in_another_guise(seed_graph):
    check(seed_graph, STATE_GUISES)


def test_which_actors_para_53_names(seed_graph):
    check(seed_graph, PARA_53_ACTORS)


def test_obligations_of_all_states_irrespective_of_role(seed_graph):
    check(seed_graph, ALL_STATES)


def test_which_norms_bind_transit_countries(seed_graph):
    check(seed_graph, TRANSIT)


def test_which_norms_bind_destination_countries(seed_graph):
    check(seed_graph, DESTINATION)


def test_which_norms_bind_source_countries(seed_graph):
    check(seed_graph, SOURCE)


def test_which_norms_are_negated(seed_graph):
    check(seed_graph, NEGATED)


def test_what_must_happen_when_a_victims_age_is_uncertain(seed_graph):
    check(seed_graph, AGE_UNCERTAIN)


def test_how_long_the_recovery_and_reflection_period_is(seed_graph):
    check(seed_graph, REFLECTION_PERIOD_LENGTH)


def test_what_the_norms_on_the_recovery_and_reflection_period_say(seed_graph):
    check(seed_graph, REFLECTION_PERIOD_NORMS)


def test_on_what_the_recovery_and_reflection_period_must_not_depend(seed_graph):
    check(seed_graph, REFLECTION_NOT_CONDITIONAL)


def test_rights_of_victims_in_judicial_proceedings(seed_graph):
    check(seed_graph, JUDICIAL_RIGHTS)


def test_which_rights_are_restricted_to_nationals(seed_graph):
    check(seed_graph, NATIONALS_ONLY)


def test_which_rights_the_text_asserts_and_who_holds_them(seed_graph):
    check(seed_graph, RIGHTS)


def test_which_norms_rest_on_an_instrument(seed_graph):
    check(seed_graph, NORM_INSTRUMENTS)


def test_which_norms_apply_only_under_a_condition(seed_graph):
    check(seed_graph, CONDITIONS)


def test_what_developed_countries_should_do(seed_graph):
    check(seed_graph, DEVELOPED)


def test_what_governments_and_ngos_should_do_together(seed_graph):
    check(seed_graph, GOVERNMENTS_AND_NGOS)


def test_what_law_enforcement_must_and_should_do_for_victims(seed_graph):
    check(seed_graph, LAW_ENFORCEMENT)


def test_when_non_refoulement_applies(seed_graph):
    check(seed_graph, NON_REFOULEMENT)


def test_what_states_must_do_in_any_guise(seed_graph):
    check(seed_graph, STATES_ANY_GUISE)


def test_which_guises_of_states_bear_obligations(seed_graph):
    check(seed_graph, GUISES_WITH_OBLIGATIONS)


def test_how_many_norms_of_each_type_each_paragraph_asserts(seed_graph):
    check(seed_graph, NORM_TYPES)


def test_which_figures_the_text_gives(seed_graph):
    check(seed_graph, FIGURES)


def test_which_figures_the_fao_and_the_ilo_are_cited_for(seed_graph):
    check(seed_graph, FAO_ILO)


def test_to_whom_the_text_attributes_its_findings(seed_graph):
    check(seed_graph, SOURCES)


def test_how_trafficking_differs_from_smuggling(seed_graph):
    check(seed_graph, TRAFFICKING_VS_SMUGGLING)
    differences = [row for row in TRAFFICKING_VS_SMUGGLING.expected if "whereas" in row[1] or "while" in row[1]]
    assert len(differences) == 4


def test_which_definitions_the_text_gives(seed_graph):
    check(seed_graph, DEFINITIONS)


def test_in_which_sectors_forced_labour_takes_place(seed_graph):
    check(seed_graph, FORCED_LABOUR_SECTORS)


def test_in_which_sectors_trafficking_and_forced_labour_occur_in_the_developing_world(seed_graph):
    check(seed_graph, FORCED_LABOUR_DEVELOPING)


def test_in_which_sectors_labour_exploitation_takes_place(seed_graph):
    check(seed_graph, LABOUR_EXPLOITATION_SECTORS)


def test_why_victims_do_not_come_forward(seed_graph):
    check(seed_graph, REASONS_NOT_COMING_FORWARD)


def test_which_measures_of_protection_victims_should_receive(seed_graph):
    check(seed_graph, PROTECTION_MEASURES)


def test_which_factors_impact_on_the_causes_of_trafficking(seed_graph):
    check(seed_graph, CAUSES)


def test_how_many_states_parties_the_migrant_workers_convention_has_and_since_when_it_is_in_force(seed_graph):
    check(seed_graph, ICRMW_FACTS)


def test_which_paragraphs_speak_of_transit_countries(seed_graph):
    check(seed_graph, TRANSIT_MENTIONS)
    assert TRANSIT_MENTIONS.paragraphs == (10, 17, 38, 39)  # every "transit" in the text


def test_which_paragraphs_speak_of_smuggling(seed_graph):
    check(seed_graph, SMUGGLING_MENTIONS)
    assert SMUGGLING_MENTIONS.paragraphs == (28,)  # every "smuggl…" in the text


def test_which_paragraphs_name_the_fao_the_ilo_unicef_or_ngos(seed_graph):
    check(seed_graph, ORGANISATION_MENTIONS)
    named = {(org, n) for org in ("FAO", "ILO", "UNICEF", "NGO") for n, t in TEXT.items()
             if re.search(rf"\b{org}", t)}
    assert named == {(org.rstrip("s"), int(n)) for org, n in ORGANISATION_MENTIONS.expected}


def test_which_paragraphs_are_about_xenophobia(seed_graph):
    check(seed_graph, XENOPHOBIA_TOPIC)
    assert set(_paragraphs_with(r"xenophob")) <= {int(n) for (n,) in XENOPHOBIA_TOPIC.expected}


def test_which_paragraphs_are_about_reflection_periods_and_residence_permits(seed_graph):
    check(seed_graph, REFLECTION_TOPIC)
    assert _paragraphs_with(r"reflection period|residence permit") == [57]


def test_what_para_42s_dated_example_is_about_and_who_it_is_attributed_to(seed_graph):
    check(seed_graph, UNICEF_ABOUT)


def test_which_branches_of_law_the_instruments_are_spread_across(seed_graph):
    check(seed_graph, BRANCHES_OF_LAW)


def test_whether_inhuman_or_degrading_treatment_is_another_name_for_torture(seed_graph):
    check(seed_graph, TORTURE_NOT_ILL_TREATMENT)


def test_what_the_three_decades_are_called_and_which_of_their_facts_are_unconfirmed(seed_graph):
    check(seed_graph, THREE_DECADES_TITLE)
    assert not re.search(r"\b(19|20)[0-9]{2}\b", TEXT[68].split("Three Decades", 1)[1].split('"', 1)[0])


def test_which_statements_restate_or_parallel_treaty_provisions(seed_graph):
    check(seed_graph, RESTATED_LAW)


def test_which_provision_makes_the_30_day_reflection_period_binding(seed_graph):
    check(seed_graph, REFLECTION_PERIOD_LAW)


def test_which_recommendations_restate_binding_treaty_law(seed_graph):
    check(seed_graph, RECOMMENDED_BUT_BINDING)


def test_which_norms_bind_states_only_by_inference(seed_graph):
    check(seed_graph, STATES_BY_INFERENCE)


def test_which_norms_the_text_itself_puts_on_states(seed_graph):
    check(seed_graph, STATES_BY_THE_TEXT)


def test_which_norms_are_hedged(seed_graph):
    check(seed_graph, HEDGED)


def test_to_which_cases_para_45_extends_non_refoulement(seed_graph):
    check(seed_graph, NON_REFOULEMENT_SCOPE)


def test_how_many_parties_are_stated_and_how_many_inferred(seed_graph):
    check(seed_graph, PARTY_BASIS_COUNTS)


def test_how_many_norms_name_states_as_their_bearer(seed_graph):
    check(seed_graph, STATES_NAMED_OR_NOT)


# --------------------------------------------------------------------------------------------
# The question set itself


def test_there_are_at_least_thirty_questions_each_with_its_own_test():
    assert len(QUESTIONS) >= 30
    tests = {name for name, obj in globals().items() if name.startswith("test_") and callable(obj)}
    assert {f"test_{q.name}" for q in QUESTIONS} <= tests


def test_the_questions_cover_every_part_of_the_graph():
    assert {q.kind for q in QUESTIONS} == {
        "Instruments", "The document", "Actors and state roles", "Norms", "Claims", "Mentions and topics",
        "Corrected readings", "Law the text restates", "Stated or inferred, hedges and scope"}


def test_the_text_is_read_as_seventy_paragraphs():
    assert sorted(TEXT) == list(range(1, 71))


def test_docs_competency_questions_is_generated_from_these_questions():
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown(), (
        "docs/competency-questions.md is stale: run `python tests/test_competency.py`")


# --------------------------------------------------------------------------------------------
# docs/competency-questions.md


def _cell(value: str) -> str:
    return value.replace("|", "\\|") if value != "" else "—"


def render_markdown() -> str:
    out = [
        "# Competency questions",
        "",
        "What a user asks of the seed document (the IPU 118th Assembly background report, "
        "`src/normgraph/corpus/ipu-118-migrant-workers/`), as SPARQL over the built graph, with the "
        "answer **the text** gives. Each question is a test in `tests/test_competency.py` named after "
        "it (`test_<name>`); the test fails if the graph answers anything else (the rows are compared "
        "exactly, in any order) or if the quoted evidence is not verbatim in the paragraph.",
        "",
        "This file is generated from the test module: `python tests/test_competency.py` rewrites it, "
        "and a test checks that it is up to date.",
        "",
        "Run a query with `normgraph query --sparql '…'` or `build_graph().query(…)` (the union of all "
        "named graphs), with these prefixes:",
        "",
        "```sparql",
        PROLOGUE.rstrip("\n"),
        "```",
        "",
        "Values are shown as their lexical form, IRIs as prefixed names, an unbound value as —.",
        "",
        f"{len(QUESTIONS)} questions:",
        "",
    ]
    kinds = list(dict.fromkeys(q.kind for q in QUESTIONS))
    # new kinds go last, so the numbers of earlier questions stay as they were
    order = ["Instruments", "The document", "Actors and state roles", "Norms", "Claims", "Mentions and topics",
             "Corrected readings", "Law the text restates", "Stated or inferred, hedges and scope"]
    kinds.sort(key=order.index)
    numbered: list[tuple[int, CQ]] = []
    for kind in kinds:
        for q in QUESTIONS:
            if q.kind == kind:
                numbered.append((len(numbered) + 1, q))
    for kind in kinds:
        out.append(f"- {kind}: " + ", ".join(
            f"[{i}](#{i}-{_anchor(q.question)})" for i, q in numbered if q.kind == kind))
    out.append("")
    current = None
    for i, q in numbered:
        if q.kind != current:
            current = q.kind
            out += [f"## {current}", ""]
        out += [f"### {i}. {q.question}", ""]
        paras = ", ".join(str(n) for n in q.paragraphs) if q.paragraphs else "— (registry facts)"
        out += [f"Paragraphs: {paras}. Test: `test_{q.name}`.", ""]
        if q.note:
            out += [q.note, ""]
        out += ["```sparql", q.sparql, "```", ""]
        if q.columns is None:
            out += [f"Expected answer: **{'yes' if q.expected else 'no'}**", ""]
        else:
            out += ["Expected answer:", "", "| " + " | ".join(q.columns) + " |",
                    "|" + "---|" * len(q.columns)]
            out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in q.expected]
            out.append("")
        if q.evidence:
            out += ["The text says:", ""]
            out += [f"- ({n}) “{words}”" for n, words in q.evidence]
            out.append("")
    return "\n".join(out)


def _anchor(title: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
    return slug


if __name__ == "__main__":
    DOC_PATH.write_text(render_markdown(), encoding="utf-8")
    print(f"wrote {DOC_PATH.relative_to(ROOT)} ({len(QUESTIONS)} questions)", file=sys.stderr)
