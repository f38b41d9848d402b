"""Rules of the extractor, one short test each, on realistic treaty sentences."""

from __future__ import annotations

import pytest


# --- cues and what is not a norm (extract/_cues.py) ------------------------------------------

from normgraph.extract._cues import _contained_keys as _cue_keys
from normgraph.extract._cues import _cues as _cue_list


def _cue_found(sentence: str):  # type: ignore[no-untyped-def]
    return _cue_list(sentence, 0, len(sentence), _cue_keys(sentence.lower()))


_MODALS = {"must", "shall", "should", "ought"}


def _cue_examples():  # type: ignore[no-untyped-def]
    from normgraph.extract._cues import CUE_EXAMPLES

    for rule, examples in CUE_EXAMPLES.items():
        for expected, sentences in (("norm", examples.get("norm", [])), ("not", examples.get("not", []))):
            for sentence in sentences:
                yield rule, expected, sentence


@pytest.mark.parametrize(("rule", "expected", "sentence"), list(_cue_examples()))
def test_cue_every_example_in_cues_yaml(rule: str, expected: str, sentence: str):
    """cues.yaml is data a reviewer edits: each rule's examples are its tests."""
    rules = {c.rule for c in _cue_found(sentence)}
    wanted = _MODALS if rule == "modal" else {rule}
    assert bool(rules & wanted) == (expected == "norm"), (rule, sentence, rules)


def test_cue_every_rule_in_cues_yaml_has_examples():
    from normgraph.extract._cues import CUE_EXAMPLES

    assert all(examples.get("norm") for examples in CUE_EXAMPLES.values())


def test_cue_shall_include_with_a_measure_subject_is_a_norm():
    for sentence in (
        "Such measures shall include establishing the obligation of commercial carriers to ascertain that all passengers are in possession of the travel documents.",
        "These sanctions shall include penalties involving deprivation of liberty which can give rise to extradition.",
        "With regard to children, these programmes should include enjoyment of the right to education.",
        "Such assistance shall include at least: (a) appropriate accommodation; (b) access to medical treatment.",
    ):
        cues = [c for c in _cue_found(sentence) if c.rule in ("shall", "should")]
        assert cues, sentence


def test_cue_shall_include_defining_a_term_is_not_a_norm():
    for sentence in (
        "Exploitation shall include, at a minimum, the exploitation of the prostitution of others or other forms of sexual exploitation.",
        "The term “remuneration” shall include the ordinary, basic or minimum wage or salary.",
    ):
        assert not _cue_found(sentence), sentence


def test_cue_treaty_housekeeping_is_not_a_norm():
    for sentence in (
        "Such denunciation shall become effective one year after the date of receipt of the notification by the Director-General.",
        "The withdrawal shall take effect on the first day of the month following the expiration of a period of three months.",
        "When an amendment enters into force, it shall be binding on those States Parties which have expressed their consent to be bound by it.",
        "Other States Parties shall still be bound by the provisions of this Protocol and any earlier amendments that they have ratified.",
        "The other States Parties shall not be bound by paragraph 2 of this article with respect to any State Party that has made such a reservation.",
        "Any instrument deposited by a regional economic integration organization shall not be counted as additional to those deposited by its member States.",
        "The consent of a victim to the intended exploitation shall be irrelevant where any of the means set forth have been used.",
        "The recruitment of a child for the purpose of exploitation shall be considered “trafficking in human beings”.",
        "The Committee of Experts shall be composed of not less than ten and not more than fifteen members.",
        "Any State may specify the territory or territories to which this Convention shall apply.",
        "The amendment shall, as a last resort, require for its adoption a two-thirds majority vote of the States Parties.",
        "Any reservation made under paragraph 1 shall be subject to approval by the Conference.",
        "This Convention shall come into force twelve months after the date on which the ratifications of two Members have been registered.",
    ):
        assert not _cue_found(sentence), sentence


def test_cue_housekeeping_subject_does_not_silence_a_relative_clause():
    sentence = "Any amendment proposed by a Party shall be communicated to the Committee, which shall submit to the Council its opinion on that proposed amendment."
    cues = _cue_found(sentence)
    assert [c.rule for c in cues] == ["shall"] and sentence[cues[0].start :].startswith("shall submit")


def test_cue_bound_by_conditions_stays_a_norm():
    # bound by conditions the Party accepted is a duty; bound by the treaty's provisions is housekeeping
    assert _cue_found("If the receiving Party accepts the information subject to the conditions, it shall be bound by them.")


def test_cue_interpreted_and_applied_is_a_norm():
    assert _cue_found("The measures set forth in this Protocol shall be interpreted and applied in a way that is not discriminatory to persons.")
    assert not _cue_found("The present Protocol shall be interpreted in conjunction with the Convention.")


def test_cue_negation_by_subject_or_adverbial():
    for sentence in (
        "No child shall be subjected to torture or other cruel, inhuman or degrading treatment.",
        "In no case shall a worker be charged recruitment fees.",
        "Such workers shall on no account be deprived of their identity documents.",
        "Victims shall under no circumstances be detained for having entered the territory unlawfully.",
    ):
        cues = _cue_found(sentence)
        assert cues and all(c.negated for c in cues), sentence
    assert not _cue_found("Each Member shall ensure that the submission of a complaint entails no adverse consequences.")[0].negated


def test_cue_agree_undertake_that_and_endeavour():
    found = _cue_found("Each State Party agrees to facilitate and accept, without undue or unreasonable delay, the return of a person.")
    assert [(c.rule, c.type) for c in found] == [("agree", "obligation")]
    found = _cue_found("Each Member undertakes that its national legislation will provide for adequate penalties.")
    assert [(c.rule, c.type) for c in found] == [("undertake", "obligation")]
    found = _cue_found("The States Parties agree to co-operate with one another in the repatriation of victims.")
    assert [c.rule for c in found] == ["agree"]
    # the modal carries the norm; a condition or a modal before "agree" is not a cue of its own
    assert [c.rule for c in _cue_found("The Parties agree that such information shall be exchanged promptly.")] == ["shall"]
    assert [c.rule for c in _cue_found("Unless the Parties agree to apply other rules, the procedure in Article 3 shall be followed.")] == ["shall"]
    assert [c.rule for c in _cue_found("The State Party concerned shall agree to issue such travel documents as may be necessary.")] == ["shall"]
    assert [c.rule for c in _cue_found("Members shall endeavour to give priority to the oldest.")] == ["shall"]
    assert [c.rule for c in _cue_found("Each Member endeavours to ensure that migrant workers are informed of their rights.")] == ["agree"]


def test_cue_right_of_does_not_reach_across_a_modal():
    sentence = ("The State Party in which he or she has the right of permanent residence shall agree to issue, "
                "at the request of the receiving State Party, such travel documents as may be necessary.")
    assert [(c.rule, c.type) for c in _cue_found(sentence)] == [("shall", "obligation")]


# --- bearers, holders and state roles (extract/_slots.py, extract/draft.py) ---------------------------

from normgraph.builders.document import parse_document as _bearer_parse
from normgraph.extract.draft import draft_yaml as _bearer_yaml
from normgraph.extract.draft import extract as _bearer_extract


def _bearer_draft(body: str, title: str = "Convention concerning Decent Work for Domestic Workers"):  # type: ignore[no-untyped-def]
    text = f"{title}\n\nThe General Conference,\n\n{body}\nArticle 99\n\nThis Convention shall enter into force twelve months after registration.\n"
    draft = _bearer_extract(_bearer_parse(text.encode()))
    assert draft.self_instrument is not None  # a treaty text is its own instrument
    return draft, {str(p.number): p.norms for p in draft.paragraphs}


def test_bearer_treaty_parties_are_an_actor_of_their_own():
    draft, norms = _bearer_draft(
        "Article 1\n\n1. Each Member shall take measures to ensure the effective promotion of the human rights of domestic workers.\n\n"
        "2. The Parties shall co-operate with one another to the widest extent possible.\n"
    )
    parties = f"{draft.self_instrument}-parties"
    assert draft.default_bearer == parties
    assert [n.bearer for key in ("art_1__para_1", "art_1__para_2") for n in norms[key]] == [[parties], [parties]]
    entry = draft.actors[parties]
    assert entry.type == "StateGroup" and entry.facts == {"party_to": draft.self_instrument, "subgroup_of": "states"}
    text = _bearer_yaml(draft)
    assert f"party_to: {draft.self_instrument}" in text and "subgroup_of: states" in text
    assert "\n  states:\n" in text  # the group the parties belong to is defined
    assert '"Each Member"' in text and '"The Parties"' in text  # the text's own forms, for mapping


def test_bearer_organisation_inside_the_subject_is_not_the_bearer():
    draft, norms = _bearer_draft(
        "Article 3\n\nEach Member of the International Labour Organisation which ratifies this Convention shall apply its provisions.\n"
    )
    assert [n.bearer for n in norms["art_3"]] == [[f"{draft.self_instrument}-parties"]]


def test_bearer_treaty_bodies_bear_their_own_duties():
    _, norms = _bearer_draft(
        "Article 37\n\n1. The Committee of the Parties shall adopt its own rules of procedure.\n\n"
        "2. The Conference of the Parties shall agree upon mechanisms for achieving these objectives.\n\n"
        "3. The Committee of Ministers shall consider the proposed amendment.\n\n"
        "4. GRETA shall evaluate the implementation of this Convention.\n",
        title="Council of Europe Convention on Action against Trafficking in Human Beings",
    )
    assert [n.bearer for key in ("art_37__para_1", "art_37__para_2", "art_37__para_3", "art_37__para_4") for n in norms[key]] == [
        ["committee-of-the-parties"], ["conference-of-the-parties"], ["committee-of-ministers"], ["greta"]]  # fmt: skip


def test_bearer_passive_with_an_agent_and_agentless_passive():
    draft, norms = _bearer_draft(
        "Article 36\n\nThe members of GRETA shall be elected by the Committee of the Parties for a term of office of four years.\n\n"
        "Article 38\n\nThe Secretary General of the Council of Europe shall notify the member States of any declaration.\n\n"
        "Article 39\n\nThe information shall be treated as confidential.\n",
        title="Council of Europe Convention on Action against Trafficking in Human Beings",
    )
    assert [n.bearer for n in norms["art_36"]] == [["committee-of-the-parties"]]
    # an agentless passive in a treaty binds its parties, not the body an earlier article named
    assert [n.bearer for n in norms["art_39"]] == [[f"{draft.self_instrument}-parties"]]


def test_bearer_state_roles_described_by_the_treaty():
    draft, norms = _bearer_draft(
        "Article 8\n\n1. The State Party of which a victim of trafficking in persons is a national or in which the person had the right of "
        "permanent residence at the time of entry into the territory of the receiving State Party shall facilitate the return of that person.\n\n"
        "2. At the request of a receiving State Party, a requested State Party shall verify whether a person is its national.\n\n"
        "3. The receiving State Party shall ensure that such return is with due regard for the safety of that person.\n",
        title="Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
    )
    parties = f"{draft.self_instrument}-parties"
    first, second, third = (norms[f"art_8__para_{i}"][0] for i in (1, 2, 3))
    assert (first.bearer, first.roles) == ([parties], ["source"])
    assert (second.bearer, second.roles) == ([parties], ["source"])
    assert third.roles == ["destination"]


def test_cue_shall_preferably_is_a_recommendation():
    found = _cue_found("Such return shall preferably be voluntary, with due regard for the safety and dignity of the person.")
    assert [(c.rule, c.type) for c in found] == [("shall", "recommendation")]


def test_bearer_protected_group_is_not_the_agent_of_a_cost_passive():
    draft, norms = _bearer_draft(
        "Article 7\n\n1. The costs of recruitment shall not be borne by the migrant worker.\n\n"
        "2. Each Member shall keep the Director-General of the International Labour Office informed of the measures taken.\n"
    )
    parties = f"{draft.self_instrument}-parties"
    first = norms["art_7__para_1"][0]
    assert first.bearer == [parties] and "migrant-workers" in first.beneficiary
    assert [n.bearer for n in norms["art_7__para_2"]] == [[parties]]  # the addressee is not a co-bearer


def test_bearer_holder_is_not_the_group_a_right_is_compared_with():
    _, norms = _bearer_draft(
        "Article 5\n\n1. The same right to social security as nationals shall be accorded to migrant workers.\n\n"
        "2. Each Member shall ensure that domestic workers enjoy the same rights as nationals of the State of employment.\n"
    )
    assert [n.holder for n in norms["art_5__para_1"] if n.type == "right"] == [["migrant-workers"]]
    assert [n.holder for n in norms["art_5__para_2"] if n.type == "right"] == [["domestic-workers"]]


# --- lists, shared objects and quotes (extract/_slots.py: _split_enumeration, _split_coordination) --


def _list_norms(body: str):  # type: ignore[no-untyped-def]
    draft, norms = _bearer_draft(body, title="Convention on Safe Migration")
    return [(n.type, draft.document.unit(key).text[n.start : n.end]) for key, found in norms.items() for n in found]


def test_list_items_that_only_complete_the_chapeau_are_one_norm_quoting_the_chapeau():
    found = _list_norms(
        "Article 6\n\n1. Each Member shall provide for the physical recovery of victims, in particular the provision of:\n\n"
        "(a) Appropriate housing;\n\n(b) Counselling and information; and\n\n(c) Medical assistance.\n\n"
        "2. Each Member shall establish as criminal offences:\n\na) Participating as an accomplice in such an offence; and\n\n"
        "b) Organizing or directing other persons to commit such an offence.\n"
    )
    assert found == [
        ("obligation", "Each Member shall provide for the physical recovery of victims, in particular the provision of"),
        ("obligation", "Each Member shall establish as criminal offences"),
    ]


def test_list_items_that_each_carry_an_act_are_norms_of_their_own_without_their_labels():
    found = _list_norms(
        "Article 9\n\n1. Each Party shall take the necessary measures:\n\n"
        "(a) to prevent and combat trafficking in human beings;\n\n(b) Ensure that victims are identified promptly; and\n\n"
        "(c) Subject to its domestic law, to protect the privacy of victims.\n"
    )
    assert found == [
        ("obligation", "to prevent and combat trafficking in human beings"),
        ("obligation", "Ensure that victims are identified promptly"),
        ("obligation", "Subject to its domestic law, to protect the privacy of victims"),
    ]


def test_list_two_verbs_sharing_one_object_stay_one_norm():
    found = _list_norms(
        "Article 2\n\nEach Member shall adopt policies, programmes and other measures to prevent and combat trafficking in persons.\n"
    )
    assert found == [("obligation", "Each Member shall adopt policies, programmes and other measures to prevent and combat trafficking in persons.")]


def _report_norms(text: str):  # type: ignore[no-untyped-def]
    draft = _bearer_extract(_bearer_parse(text.encode()))
    return [(str(p.number), n) for p in draft.paragraphs for n in p.norms], draft


RECOMMENDATION = (
    "Recommendation concerning Safe Migration\n\nThe General Conference of the International Labour Organization,\n\n"
    "Having been convened at Geneva by the Governing Body of the International Labour Office, and\n\n"
    "Having determined that these proposals shall take the form of a Recommendation;\n\n"
    "adopts the following Recommendation.\n\n"
    "1. The provisions of this Recommendation supplement those of the Convention, and should be considered in conjunction with them.\n\n"
    "2. In taking measures to ensure the effective recognition of the right to collective bargaining, Members should:\n\n"
    "(a) identify and eliminate restrictions on the organizations of migrant workers;\n\n"
    "(b) give consideration to strengthening the capacity of employers' organizations.\n\n"
    "3. Migrant workers should be informed of their terms and conditions of employment.\n"
)


def test_list_a_recommendation_in_numbered_paragraphs_drafts_its_own_norms_only():
    found, draft = _report_norms(RECOMMENDATION)
    text = {str(p.number): draft.document.unit(p.number).text for p in draft.paragraphs}
    quotes = [(key, n.type, text[key][n.start : n.end]) for key, n in found]
    assert quotes == [
        ("2", "right", "the right to collective bargaining"),  # not split into the items, no ", Members"
        ("2", "recommendation", "identify and eliminate restrictions on the organizations of migrant workers"),
        ("2", "recommendation", "give consideration to strengthening the capacity of employers' organizations"),
        ("3", "recommendation", "Migrant workers should be informed of their terms and conditions of employment."),
    ]  # "shall take the form of", "should be considered in conjunction with": no norm
    passive = found[-1][1]
    assert "governing-body" not in passive.bearer  # recitals name the convener, not who acts


def test_list_roman_numbered_operative_items_of_a_resolution_are_norms_of_the_chapeau_bearer():
    text = (
        "Resolution on migrant domestic workers\n\nThe Committee of Ministers,\n\n"
        "Considering that migrant domestic workers are particularly vulnerable to exploitation;\n\n"
        "Recommends that the governments of member States:\n\n"
        "I. ensure that migrant domestic workers have access to the same labour protection as other workers;\n\n"
        "II. take all necessary measures to prevent the confiscation of identity documents by employers;\n\n"
        "III. should consider establishing independent complaint mechanisms;\n"
    )
    found, draft = _report_norms(text)
    assert draft.document.counts()["point"] == 3
    unit = draft.document.unit(2)
    assert [(unit.text[n.start : n.end], n.bearer) for _, n in found] == [
        ("ensure that migrant domestic workers have access to the same labour protection as other workers", ["governments"]),
        ("take all necessary measures to prevent the confiscation of identity documents by employers", ["governments"]),
        ("should consider establishing independent complaint mechanisms", ["governments"]),
    ]


def test_cue_primary_responsibility_is_an_obligation():
    for sentence in (
        "Parents or, as the case may be, legal guardians, have the primary responsibility for the upbringing and development of the child.",
        "The employer shall bear responsibility for the safety of the workers it recruits.",
    ):
        assert [c.type for c in _cue_found(sentence)] == ["obligation"], sentence


def test_list_the_following_guarantees_are_rights_one_per_item():
    found = _list_norms(
        "Article 40\n\n2. Every child accused of having infringed the penal law has at least the following guarantees:\n\n"
        "(i) To be presumed innocent until proven guilty according to law;\n\n"
        "(ii) To have the free assistance of an interpreter if the child cannot understand the language used.\n"
    )
    assert found == [
        ("right", "To be presumed innocent until proven guilty according to law"),
        ("right", "To have the free assistance of an interpreter if the child cannot understand the language used"),
    ]


def test_list_a_list_belongs_to_the_cue_just_before_it():
    found = _list_norms(
        "Article 21\n\nEach Member shall ensure that the best interests of the child are the paramount consideration and it shall:\n\n"
        "(a) Ensure that the adoption of a child is authorized only by competent authorities;\n\n"
        "(b) Take all appropriate measures to prevent improper financial gain.\n"
    )
    assert [quote for _, quote in found] == [
        "Each Member shall ensure that the best interests of the child are the paramount consideration",
        "Ensure that the adoption of a child is authorized only by competent authorities",
        "Take all appropriate measures to prevent improper financial gain",
    ]


def test_cue_rights_with_an_inserted_phrase_and_duties_on_rights():
    found = _list_norms(
        "Article 1\n\n1. Migrant workers shall be entitled, under the same conditions as nationals, to social security benefits.\n\n"
        "2. Migrant workers shall have, in the same manner as nationals, the right of access to the courts.\n\n"
        "3. Each Member shall allow migrant workers the right to organise.\n\n"
        "4. Each Member shall guarantee the following rights to migrant workers: equality of treatment in respect of remuneration.\n"
    )
    assert [(kind, quote) for kind, quote in found] == [
        ("right", "be entitled, under the same conditions as nationals, to social security benefits."),
        ("right", "the right of access to the courts."),
        ("obligation", "Each Member shall allow migrant workers the right to organise."),  # the State's duty …
        ("right", "the right to organise."),  # … and the workers' right
        ("obligation", "Each Member shall guarantee the following rights to migrant workers: equality of treatment in respect of remuneration."),
        ("right", "the following rights to migrant workers: equality of treatment in respect of remuneration."),
    ]


def test_bearer_negated_passive_with_an_adverbial_binds_the_parties():
    draft, norms = _bearer_draft("Article 4\n\nMigrant workers shall on no account be subjected to collective expulsion.\n")
    (norm,) = norms["art_4"]
    assert norm.negated and norm.bearer == [f"{draft.self_instrument}-parties"]


def test_mention_this_protocol_is_the_text_itself_and_the_convention_the_one_named_before():
    draft, _ = _bearer_draft(
        "Article 2\n\nThis Protocol shall apply to all forms of trafficking, whether or not connected with the "
        "United Nations Convention against Transnational Organized Crime.\n\nArticle 3\n\nThe present Protocol "
        "shall be interpreted together with the Convention.\n",
        title="Protocol on Action against Trafficking",
    )
    mentions = {str(p.number): [m.entry.id for m in p.instruments] for p in draft.paragraphs}
    assert mentions["art_2"][0] == draft.self_instrument
    assert mentions["art_3"] == [draft.self_instrument, "untoc"]  # "the Convention": the one named before


def test_list_a_right_with_several_complements_is_one_right_per_complement():
    found = _list_norms(
        "Article 31\n\n1. States Parties recognize the right of the child to rest and leisure, to engage in play and "
        "recreational activities and to participate freely in cultural life and the arts.\n\n"
        "2. Everyone has the right to return to their country.\n"
    )
    assert found == [
        ("right", "the right of the child to rest and leisure"),
        ("right", "to engage in play and recreational activities"),
        ("right", "to participate freely in cultural life and the arts."),
        ("right", "the right to return to their country."),  # "to their": no new complement
    ]


def test_list_an_article_whose_numbers_are_items_of_its_own_sentence():
    draft, norms = _bearer_draft(
        "Article 1\n\nThe right to work\n\nWith a view to ensuring the effective exercise of the right to work, the Parties undertake:\n\n"
        "1. to accept as one of their primary aims a high and stable level of employment;\n\n"
        "2. to establish or maintain free employment services for all workers.\n",
        title="European Social Charter",
    )
    document = draft.document
    assert [u.eid for u in document.units if u.parent == "art_1"] == ["art_1__point_1", "art_1__point_2"]
    article = document.unit("art_1")
    obligations = [(article.text[n.start : n.end], n.bearer) for n in norms["art_1"] if n.type == "obligation"]
    parties = [f"{draft.self_instrument}-parties"]
    assert obligations == [
        ("to accept as one of their primary aims a high and stable level of employment", parties),
        ("to establish or maintain free employment services for all workers", parties),
    ]


def test_cue_a_quoted_term_being_considered_is_a_definition():
    for sentence in (
        'The recruitment of a child shall be considered ``trafficking in persons" even if this does not involve force.',
        "Such a person shall be deemed “a victim” for the purposes of this Convention.",
    ):
        assert not _cue_found(sentence), sentence


def test_list_a_report_excerpt_from_paragraph_78_with_a_rapporteurs_recommendations():
    text = ("Report of the Special Rapporteur\n\nIV. Conclusions and recommendations\n\n"
            "78. Migrant domestic workers remain among the most vulnerable workers.\n\n"
            "79. The Special Rapporteur recommends that States:\n\n(a) Ratify the Domestic Workers Convention;\n\n"
            "(b) Refrain from detaining migrant workers for immigration offences.\n\n"
            "80. Employers should not confiscate passports.\n")
    found, draft = _report_norms(text)
    assert [str(w) for w in draft.document.warnings] == ["line 5: paragraph numbering starts at 78"]
    assert [(key, n.bearer, n.negated) for key, n in found] == [
        ("79", ["states"], False), ("79", ["states"], True), ("80", ["employers"], True)]


def test_cue_the_right_of_a_described_group_to():
    found = _list_norms(
        "Article 9\n\n1. States Parties shall respect the right of the child who is separated from one or both parents "
        "to maintain personal relations with both parents.\n\n"
        "2. States Parties recognize the right of the disabled child to special care.\n\n"
        "3. Protecting the economic, cultural and social rights of migrants means adapting globalization.\n"
    )
    rights = [quote for kind, quote in found if kind == "right"]
    assert rights == [
        "the right of the child who is separated from one or both parents to maintain personal relations with both parents.",
        "the right of the disabled child to special care.",
    ]  # "rights of migrants means …" names no right


def test_list_guarantees_with_several_complements_split_on_commas_and_semicolons_not_on_or():
    found = _list_norms(
        "Article 40\n\n2. Every child accused of having infringed the penal law has at least the following guarantees:\n\n"
        "(i) Not to be compelled to give testimony or to confess guilt; to examine adverse witnesses and to obtain "
        "the participation of witnesses on his or her behalf;\n\n(ii) To have his or her privacy fully respected.\n"
    )
    assert [quote for _, quote in found] == [
        "Not to be compelled to give testimony or to confess guilt",
        "to examine adverse witnesses",
        "to obtain the participation of witnesses on his or her behalf",
        "To have his or her privacy fully respected",
    ]


def test_a_preamble_run_into_one_line_is_drafted_recital_by_recital():
    draft, norms = _bearer_draft(
        "Preamble The States Parties to this Convention, Considering that the family should be afforded protection, "
        "Bearing in mind that the need to extend particular care to the child has been stated, Have agreed as follows:\n\n"
        "Article 1\n\nEach State Party shall act.\n",
        title="Convention on Children",
    )
    preamble = draft.document.unit("preamble")
    assert [preamble.text[n.start : n.end] for n in norms["preamble"]] == [
        "the family should be afforded protection",
        "Bearing in mind that the need to extend particular care to the child has been stated",
    ]  # each recital its own sentence: no quote runs into the recital before it
