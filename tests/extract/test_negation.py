"""Negation in drafting (extract/_cues.py: negated_act, negated_after_cue, negated_modal): a norm is
negated when its modal says so ("should not"), when the act is introduced by a verb that rules
it out ("refrain from", "abstain from", "desist from", "forbear from") whatever cue comes first
("Urges States to refrain from detaining children;"), by its subject ("No child shall") or an
adverbial ("in no case"); a double negative is not negated. The action is the act ruled out."""

from __future__ import annotations

import pytest

from normgraph.builders.document import split_paragraphs
from normgraph.extract._cues import negated_act, negated_after_cue, negated_modal
from normgraph.extract.draft import extract


def _norms(body: str):  # type: ignore[no-untyped-def]
    return extract(split_paragraphs(f"1. {body}\n")).paragraphs[0].norms


@pytest.mark.parametrize(
    ("body", "negated", "type_", "bearer", "action"),
    [
        # the issue's wording, and resolutions' other ways of saying it
        ("Urges States to refrain from detaining children;", True, "recommendation", ["states"], "detaining children"),
        ("Calls upon all States to refrain from detaining children solely on the basis of their migration status;",
         True, "recommendation", ["all-states"], "detaining children solely on the basis of their migration status"),
        ("Requests Member States to abstain from any act of reprisal against victims;", True, "recommendation", None,
         "any act of reprisal against victims"),
        ("Encourages States to desist from the administrative detention of migrant children;", True, "recommendation",
         ["states"], "the administrative detention of migrant children"),
        ("Urges governments, in cooperation with NGOs, not to detain migrants;", True, "recommendation", ["governments"],
         "detain migrants"),
        # treaty and report wordings with other cues
        ("States are encouraged to refrain from criminalizing victims of trafficking.", True, "recommendation", ["states"],
         "criminalizing victims of trafficking"),
        ("States Parties undertake to refrain from recruiting any person under the age of fifteen years.", True,
         "obligation", None, "recruiting any person under the age of fifteen years"),
        ("States have an obligation to refrain from returning refugees to places of persecution.", True, "obligation",
         None, "returning refugees to places of persecution"),
        ("States are obliged to abstain from any discrimination against migrant workers.", True, "obligation", ["states"],
         "any discrimination against migrant workers"),
        ("Destination countries have to refrain from expelling victims.", True, "obligation", ["destination-countries"],
         "expelling victims"),
        ("States should abstain from detaining children.", True, "recommendation", ["states"], "detaining children"),
        ("The authorities must desist from deporting that person.", True, "obligation", None, "deporting that person"),
        ("States shall also not detain victims of trafficking.", True, "obligation", ["states"], "detain victims of trafficking"),
        # not negated: a positive act, a double negative, "not only … but also"
        ("Urges States to take measures to protect children;", False, "recommendation", ["states"], None),
        ("Calls upon States to ensure that no child is detained;", False, "recommendation", ["states"], None),
        ("States shall not refrain from prosecuting traffickers.", False, "obligation", ["states"], "prosecuting traffickers"),
        ("Urges States not to refrain from prosecuting traffickers;", False, "recommendation", ["states"],
         "prosecuting traffickers"),
        ("States shall not only protect victims but also prosecute traffickers.", False, "obligation", ["states"], None),
        ("The Assembly urges parliaments to stop refraining from action;", False, "recommendation", None, None),
    ],
)
def test_negation_in_realistic_wordings(body, negated, type_, bearer, action):
    (norm,) = _norms(body)
    assert (norm.negated, norm.type) == (negated, type_), (body, norm)
    if bearer is not None:
        assert norm.bearer == bearer, norm
    if action is not None:
        assert norm.action == action, norm


def test_the_cue_of_a_modal_includes_the_negating_verb():
    (norm,) = _norms("States should abstain from detaining children.")
    assert norm.cue == "should abstain from"
    (norm,) = _norms("States are encouraged to share information on trafficking routes.")
    assert (norm.cue, norm.action) == ("are encouraged to", "share information on trafficking routes")


def test_items_of_a_list_each_carry_their_own_negation():
    norms = _norms("Each State Party shall: (a) refrain from detaining victims; (b) ensure that victims are protected; "
                   "(c) not to return victims; (d) abstain from detention.")  # fmt: skip
    assert [(n.negated, n.action) for n in norms] == [
        (True, "detaining victims"), (False, "ensure that victims are protected"), (True, "return victims"),
        (True, "detention"),
    ]


# --- the functions, on spans of a text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "negated"),
    [
        (" refrain from detaining", True), ("refrain from detaining", True), (" Refrain from detaining", True),
        (" abstain from it", True), (" desist from it", True), (" forbear from it", True),
        (" also refrain from it", True), (" not detain", True), (" never detain", True), (" therefore not detain", True),
        (" not to detain", True), (" not refrain from it", False), (" not to refrain from it", False),
        (" never abstain from it", False), (" not to never refrain from it", True),  # three negations (" detain", False), (" refrain, from time to time", False),
        (" refraining from it", False), (" not only detain", False), (" nothing", False), (" notify", False),
        (" refrainfrom", False), ("", False),
    ],
)
def test_negated_act(act, negated):
    text = "XX" + act + " tail"
    assert negated_act(text, 2, 2 + len(act)) is negated


def test_negated_act_stays_inside_its_span():
    text = "States shall detain; refrain from it"
    assert negated_act(text, 12, 19) is False  # " detain" — the clause after the ";" is not this act's
    assert negated_act(text, 20, len(text)) is True
    assert negated_act("States never detain", 12, len("States never detain")) is False  # the span starts after "never"
    assert negated_act("X not", 1, 3) is False  # " no": the span ends before "not" does
    assert negated_act("X not", 1, 5) is True
    assert negated_act("X refrain from it", 1, 9) is False  # " refrain", without its "from"
    assert negated_act("X refrain from it", 1, 14) is True
    assert negated_act("X to refrain from it", 1, 3) is False  # " to" alone


@pytest.mark.parametrize(
    ("sentence", "rule", "cue", "negated"),
    [
        ("Urges States to refrain from detaining children;", "urges", "Urges", True),
        ("Urges States to give effect to refrain from X;", "urges", "Urges", False),  # the first "to" before a verb
        ("Urges States, in addition to their efforts, to refrain from detaining;", "urges", "Urges", True),
        ("Urges States to detain nobody; to refrain from nothing", "urges", "Urges", False),  # another clause
        ("Calls upon States as follows; to refrain from detaining", "calls-upon", "Calls upon", False),
        ("States undertake as follows: to refrain from it", "undertake", "undertake", False),
        ("The Assembly appeals to parliaments to refrain from it", "urges", "appeals to", True),
        ("The Assembly appeals to parliaments to act", "urges", "appeals to", False),
        ("The Parties agree that nothing happens", "agree", "agree that", False),
        ("It is important to never detain", "evaluative-it", "It is important to never", True),
        ("Calls upon States not to detain children", "calls-upon", "Calls upon", True),
        ("Calls upon States never to detain children", "calls-upon", "Calls upon", True),
        ("Requests States to abstain from it", "operative", "Requests", True),
        ("This requires governments to abstain from it", "requires", "requires", True),
        ("States are encouraged to refrain from it", "encouraged-to", "are encouraged to", True),
        ("The obligation of States to refrain from it", "obligation-of", "The obligation of States to refrain", True),
        ("States undertake to abstain from it", "undertake", "undertake to", True),
        ("States undertake to detain nobody", "undertake", "undertake to", False),
        ("Forced labour is prohibited", "prohibited", "is prohibited", True),
        ("Victims are entitled to refrain from testifying", "entitled", "are entitled to", False),  # a right
        ("The situation calls for States to refrain from it", "calls-for", "calls for", False),
    ],
)
def test_negated_after_cue(sentence, rule, cue, negated):
    a = sentence.index(cue)
    assert negated_after_cue(sentence, rule, a, a + len(cue), len(sentence)) is negated


def test_negated_after_cue_stays_in_its_sentence():
    text = "Urges States. Then to refrain from it; more"
    assert negated_after_cue(text, "urges", 0, 5, len("Urges States.")) is False
    assert negated_after_cue(text, "urges", 0, 5, len(text)) is True


@pytest.mark.parametrize(
    ("sentence", "modal", "modal_not", "negated"),
    [
        ("States shall detain nobody.", "shall", False, False),
        ("States shall not detain anybody.", "shall not", True, True),
        ("States shall not refrain from it.", "shall not", True, False),
        ("States shall not only detain but also release.", "shall not", True, False),
        ("States shall refrain from it.", "shall", False, True),
        ("States shall detain nobody; refrain from it", "shall", False, False),
        ("No child shall be detained.", "shall", False, True),
        ("In no case shall a worker be charged fees.", "shall", False, True),
        ("Such workers shall on no account be deprived of papers.", "shall", False, True),
        ("Workers shall under no circumstances be charged.", "shall", False, True),
        ("None of it; in no case, shall workers be charged.", "shall", False, True),
        ("In no case, workers shall be charged.", "shall", False, False),  # the adverbial must lead to the modal
    ],
)
def test_negated_modal(sentence, modal, modal_not, negated):
    a = sentence.index(modal)
    b = a + len(modal)
    subject = sentence[:a].split(";")[-1].strip()
    assert negated_modal(sentence, 0, len(sentence), a, b, subject, modal_not) is negated


def test_negated_modal_looks_for_adverbials_only_near_the_modal():
    for gap, negated in ((" " * 20, True), (" " * 30, True), (" " * 31, False)):  # 40 characters before the modal
        text = "In no case" + gap + "shall a worker be charged."
        a = text.index("shall")
        assert negated_modal(text, 0, len(text), a, a + 5, "", False) is negated, len(gap)
    # the sentence starts at s0: words before it are another sentence's
    text = "In no case shall a worker be charged."
    assert negated_modal(text, 0, len(text), 11, 16, "", False) is True
    assert negated_modal(text, 3, len(text), 11, 16, "", False) is False
    # and ends at s1: "on no account" after it is not this one's
    cut = "States shall on no account act."
    assert negated_modal(cut, 0, len(cut), 7, 12, "States", False) is True
    assert negated_modal(cut, 0, 12, 7, 12, "States", False) is False
