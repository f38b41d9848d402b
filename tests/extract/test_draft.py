"""`normgraph extract`: drafts that load unchanged, rules that do what docs/extraction.md says,
a blind run on the seed that holds its figures, and documents of other shapes it has never seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from normgraph.builders import corpus as corpus_module
from normgraph.extract import draft as extract_module
from normgraph.builders.corpus import load_corpus, load_document
from normgraph.builders.document import split_paragraphs
from normgraph.extract.evaluate import evaluate
from normgraph.extract.draft import extract, extract_to_folder
from normgraph.errors import CorpusError

DATA = Path(__file__).parent.parent / "data"
SEED_ID = "ipu-118-migrant-workers"

# Hand-made gold, written before the extractor first ran on each text. The first three shaped some
# rules afterwards; domestic-workers-note was written after the rules were frozen (its first, blind
# run: norm F1 0.95, bearer 0.50, holder 0.33, instrument mentions 1.00; see docs/extraction.md).
HELD_OUT = ("model-protocol", "resolution-operative", "conference-declaration", "domestic-workers-note")


def _refuse(*args, **kwargs):  # noqa: ANN002, ANN003
    raise AssertionError("the extractor read annotations")


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory: pytest.TempPathFactory, seed_text_path: Path) -> Path:
    """The seed text drafted blind: nothing but the text and the lexicon may be read."""
    folder = tmp_path_factory.mktemp("drafts") / SEED_ID
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus_module, "read_annotations", _refuse)
        mp.setattr(corpus_module, "load_corpus", _refuse)
        mp.setattr(extract_module.KnownRegistries, "from_corpus", _refuse)
        extract_to_folder(seed_text_path, folder)
    return folder


@pytest.fixture(scope="module")
def seed_report(seed_draft: Path, seed_folder: Path):  # type: ignore[no-untyped-def]
    return evaluate(seed_folder, seed_draft)


def _draft_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "drafts" / name
    extract_to_folder(DATA / "extract" / name / "text.txt", folder, standalone=True)
    return folder


# --- the draft is a corpus document ------------------------------------------------------------


def test_the_seed_draft_loads_with_the_unchanged_loader_and_builds(seed_draft: Path, seed_text_path: Path):
    from normgraph import build_graph, validate

    assert (seed_draft / "text.txt").read_bytes() == seed_text_path.read_bytes()
    corpus = load_corpus(seed_draft.parent)
    assert [d.id for d in corpus.documents] == [SEED_ID]
    graph = build_graph(seed_draft.parent)
    assert len(graph) > 1000
    assert validate(graph).conforms


def test_every_drafted_norm_is_machine_proposed_with_a_confidence(seed_draft: Path):
    document = load_document(seed_draft)
    norms = [n for p in document.annotations.paragraphs.values() for n in p.norms]
    assert len(norms) >= 40
    for norm in norms:
        assert norm.machine_proposed is True
        assert norm.confidence is not None and 0 < norm.confidence <= 1
    assert not any(p.reviewed for p in document.annotations.paragraphs.values())
    for number, para in document.annotations.paragraphs.items():
        for norm in para.norms:  # the loader already refused non-verbatim quotes; say it again
            assert norm.quote in document.text.paragraph(number).text


# --- blind evaluation against the curated seed -----------------------------------------------


def test_blind_seed_norm_detection_holds_its_floor(seed_report):  # type: ignore[no-untyped-def]
    """Reached when written: F1 0.99 (obligation 0.97, recommendation 1.00, right 1.00). The seed
    was the development set, so the floor is set a little below."""
    assert seed_report.norms["all norms"].f1 >= 0.95
    assert seed_report.norms["obligation"].f1 >= 0.9
    assert seed_report.norms["recommendation"].f1 >= 0.95
    assert seed_report.norms["right"].f1 >= 0.9
    assert seed_report.norms_overlap.f1 >= 0.95


def test_blind_seed_instrument_mentions_hold_their_floor(seed_report):  # type: ignore[no-untyped-def]
    assert seed_report.mentions["instruments"].f1 >= 0.95  # reached 1.00
    assert seed_report.mentions["roles"].f1 >= 0.9  # reached 0.97
    assert seed_report.mentions["actors"].f1 >= 0.8  # reached 0.88


def test_blind_seed_slot_accuracy_holds_its_floor(seed_report):  # type: ignore[no-untyped-def]
    slots = {name: acc.value for name, acc in seed_report.slots.items()}
    assert slots["bearer"] >= 0.85  # reached 0.93
    assert slots["holder"] >= 0.85  # 1.00
    assert slots["negated"] >= 0.95  # 1.00
    assert slots["roles"] >= 0.9  # 0.98
    # whether the sentence names the bearer, where the draft's bearer is the curated one
    assert seed_report.slots["bearer_basis"].n >= 35 and slots["bearer_basis"] >= 0.8  # 38 of them, 0.84
    assert slots["instrument"] >= 0.9  # 0.98
    assert slots["beneficiary"] >= 0.75  # 0.85
    assert slots["condition"] >= 0.9  # 1.00


# --- documents of other shapes it has never seen --------------------------------------------------


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_documents_draft_load_and_build(tmp_path: Path, name: str):
    from normgraph import build_graph, validate

    folder = _draft_folder(tmp_path, name)
    graph = build_graph(folder.parent)
    assert validate(graph).conforms


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_documents_against_hand_made_gold(tmp_path: Path, name: str):
    report = evaluate(DATA / "extract" / name, _draft_folder(tmp_path, name))
    assert report.norms["all norms"].f1 >= 0.9
    assert report.mentions["instruments"].f1 >= 0.9
    assert report.slots["bearer"].value >= 0.8


def _article(document, number: int) -> list:
    """Every norm drafted in an article, whichever of its paragraphs holds it."""
    return [n for key, para in document.annotations.paragraphs.items()
            if str(key) == f"art_{number}" or str(key).startswith(f"art_{number}__") for n in para.norms]  # fmt: skip


def test_the_treaty_is_its_own_instrument(tmp_path: Path):
    document = load_document(_draft_folder(tmp_path, "model-protocol"))
    own = "model-protocol-protection-migrant-workers"
    assert document.annotations.instruments[own].type == "Protocol"
    assert document.text.layout == "articles"
    article_3 = _article(document, 3)
    assert set(document.annotations.paragraphs) >= {"art_3__para_1", "art_3__para_2", "art_1", "preamble"}
    parties = f"{own}-parties"  # the parties to this treaty, tied to it and to States
    assert [n.bearer for n in article_3] == [(parties,), (parties,)]
    assert document.annotations.actors[parties].party_to == (own,)
    assert document.annotations.actors[parties].subgroup_of == ("states",)
    assert all(n.instrument == (own,) for n in article_3)
    assert own in document.annotations.paragraphs["art_1"].mentions  # "this Protocol"
    assert _article(document, 2) == []  # "shall mean"
    assert _article(document, 7) == []  # "Nothing in this Protocol shall affect"
    assert _article(document, 8) == []  # "shall enter into force"


def test_the_resolution_draft_names_who_is_called_upon(tmp_path: Path):
    document = load_document(_draft_folder(tmp_path, "resolution-operative"))
    assert document.annotations.document.kind == "resolution"
    first = document.annotations.paragraphs[1].norms[0]
    assert (first.type, first.bearer, first.instrument, first.roles) == (
        "recommendation", ("all-states",), ("icrmw",), ("source", "transit", "destination"))  # fmt: skip
    fifth = document.annotations.paragraphs[5].norms[0]
    assert fifth.negated and fifth.bearer == ("states",) and fifth.beneficiary == ("children",)
    assert document.annotations.paragraphs[7].norms == ()


# --- the rules ----------------------------------------------------------------------------------


def _norms(body: str):  # type: ignore[no-untyped-def]
    draft = extract(split_paragraphs(f"1. {body}\n"))
    return draft.paragraphs[0].norms


def _quote(body: str, norm) -> str:  # type: ignore[no-untyped-def]
    return body[norm.start : norm.end]


@pytest.mark.parametrize(
    "body",
    [
        "It must be noted, however, that States are sovereign.",
        "Two aspects have to be highlighted.",
        "It is important to remember that for many, migration is a success.",
        "Inequality and poverty should have been addressed long ago.",
        "Trafficking should not be confused with smuggling.",
        "International movement is required for smuggling.",
        'For the purposes of this Protocol, "victim" shall mean any person who has been trafficked.',
        "This Protocol shall enter into force on the ninetieth day after the deposit.",
        "Nothing in this Protocol shall affect the rights of States.",
        "Should States detain victims?",
        "Bilateral and international programmes are key to the effective protection of victims.",
        "The need to control migration flows has become an urgent political priority.",
        "Identification is also essential to ensuring that the human rights of victims are protected.",
        "Migrants will increasingly be essential to these States’ economic survival.",
        "There are a number of rights and duties of States and of migrants.",
        "Victims’ needs and the requirements of law enforcement are met.",
    ],
)
def test_what_is_not_a_norm(body: str):
    assert _norms(body) == []


def test_an_obligation_with_bearer_and_beneficiary():
    (norm,) = _norms("States must protect victims of trafficking.")
    assert (norm.type, norm.bearer, norm.beneficiary, norm.negated) == ("obligation", ["states"], ["victims-of-trafficking"], False)
    assert norm.action == "protect victims of trafficking"


def test_negation_and_refrain_from():
    (norm,) = _norms("Transit countries should not detain children.")
    assert (norm.type, norm.negated, norm.bearer, norm.roles) == ("recommendation", True, ["transit-countries"], ["transit"])
    body = "If there are reasonable grounds to believe that a person is a victim, States should refrain from deporting that person."
    (norm,) = _norms(body)
    assert norm.negated and norm.action == "deporting that person"
    assert norm.condition == "If there are reasonable grounds to believe that a person is a victim"


def test_a_trailing_condition():
    body = "A reflection period of at least 30 days is needed where there are reasonable grounds to believe that a person is a victim."
    (norm,) = _norms(body)
    assert norm.type == "recommendation" and norm.cue == "is needed"
    assert norm.condition == "where there are reasonable grounds to believe that a person is a victim"
    assert norm.action == "A reflection period of at least 30 days"


def test_rights_and_their_holders():
    (norm,) = _norms("Victims of trafficking have the right to compensation.")
    assert (norm.type, norm.holder, norm.action) == ("right", ["victims-of-trafficking"], "compensation")
    (norm,) = _norms("We recall the right of migrant workers to join trade unions.")
    assert (norm.type, norm.holder, norm.action) == ("right", ["migrant-workers"], "join trade unions")
    (norm,) = _norms("Every migrant worker shall be entitled to equal treatment with nationals.")
    assert (norm.type, norm.holder) == ("right", ["migrant-workers"])


def test_calls_upon_names_the_bearer_and_the_instrument():
    body = "Calls upon all States to ratify the Convention on the Rights of the Child;"
    (norm,) = _norms(body)
    assert (norm.type, norm.bearer, norm.instrument) == ("recommendation", ["all-states"], ["crc"])
    assert norm.roles == ["source", "transit", "destination"]
    (norm,) = _norms("Urges governments, in cooperation with NGOs, not to detain migrants;")
    assert norm.negated and norm.bearer == ["governments"] and norm.action == "detain migrants"


def test_an_enumeration_is_one_norm_per_item():
    body = ("Three key obligations are imposed upon all States, irrespective of their status as source, transit or "
            "destination countries: 1) to prohibit trafficking; 2) to punish traffickers; and 3) to protect victims of trafficking.")  # fmt: skip
    norms = _norms(body)
    assert [_quote(body, n) for n in norms] == ["to prohibit trafficking", "to punish traffickers", "to protect victims of trafficking"]
    assert all(n.type == "obligation" and n.bearer == ["all-states"] for n in norms)
    assert all(n.roles == ["source", "transit", "destination"] for n in norms)


def test_one_modal_with_two_acts_is_two_norms():
    body = ("If the victim is a child, the authorities must proceed on the basis that it is a child and afford the "
            "special protection of the Convention on the Rights of the Child.")  # fmt: skip
    first, second = _norms(body)
    assert _quote(body, first) .endswith("proceed on the basis that it is a child")
    assert _quote(body, second) == "afford the special protection of the Convention on the Rights of the Child."
    assert first.instrument == [] and second.instrument == ["crc"]
    assert first.bearer == second.bearer == ["authorities"]
    assert first.condition == second.condition == "If the victim is a child"


def test_two_modals_in_one_sentence_are_two_norms():
    body = "Enforcement of the law must always respect the victims, and their protection should be at the heart of any measures."
    first, second = _norms(body)
    assert (first.type, second.type) == ("obligation", "recommendation")
    assert second.action == "put their protection at the heart of any measures"


def test_a_passive_norm_is_turned_into_an_act():
    (norm,) = _norms("When identified, victims should be promptly informed of their rights.")
    assert norm.action == "promptly inform victims of their rights"
    assert norm.condition == "When identified"
    assert norm.beneficiary == ["victims"]


def test_evaluative_statements_about_an_act_are_recommendations():
    (norm,) = _norms("It is important to design and execute effective safe return programmes.")
    assert norm.type == "recommendation" and norm.action == "design and execute effective safe return programmes"
    (norm,) = _norms("The development of lawful migration channels is a vital part of any anti-trafficking strategy.")
    assert norm.type == "recommendation" and norm.action == "The development of lawful migration channels"


def test_the_default_bearer_of_a_treaty_is_the_states_parties():
    draft = extract(split_paragraphs("Article 1\nThe rights of victims shall be respected.\n\nArticle 2\nEach State Party shall act.\n"))
    assert draft.paragraphs[0].norms[0].bearer == ["states-parties"]


# --- instruments ----------------------------------------------------------------------------------


def _instruments(text: str) -> list[list[tuple[str, str]]]:
    draft = extract(split_paragraphs(text))
    return [[(m.entry.id, m.surface) for m in p.instruments] for p in draft.paragraphs]


def test_misspelt_titles_are_found_and_kept_as_written():
    typo = "the Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children."
    assert _instruments(f"1. Such as {typo}\n") == [
        [("trafficking-protocol", "Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children")]
    ]
    assert _instruments("1. The Convention on Rights of the Child applies.\n")[0][0][0] == "crc"
    assert _instruments("1. The International Labor Organization and the Forced Labor Convention.\n")[0] == [("ilo-c29", "Forced Labor Convention")]


def test_coreference_to_the_nearest_preceding_instrument():
    found = _instruments(
        "1. The Convention on the Rights of the Child and the Palermo Protocol are in force.\n\n"
        "2. The Convention is widely ratified; this Protocol less so. These conventions differ.\n"
    )
    assert found[1] == [("crc", "The Convention"), ("trafficking-protocol", "this Protocol")]


def test_a_declaration_named_after_its_conference():
    found = _instruments(
        "1. The World Conference against Racism, Racial Discrimination, Xenophobia and Related Intolerance was held.\n\n"
        "2. The World Conference Declaration noted progress. After the World Conference, work went on.\n"
    )
    assert [i for i, _ in found[1]] == ["durban-declaration", "durban-conference"]


def test_what_is_not_an_instrument():
    assert _instruments("1. Human trafficking is a form of transnational organized crime. Numerous conventions exist.\n") == [[]]
    assert _instruments("1. The crc and the cat.\n") == [[]]
    assert _instruments("1. The CRC and the ICRMW.\n")[0] == [("crc", "CRC"), ("icrmw", "ICRMW")]


# --- fitting a draft into a corpus ------------------------------------------------------------


def test_a_draft_written_into_a_corpus_reuses_its_ids(tmp_path: Path, seed_folder: Path):
    from normgraph import build_graph

    corpus = tmp_path / "corpus"
    shutil.copytree(seed_folder, corpus / SEED_ID)
    result = extract_to_folder(DATA / "extract" / "resolution-operative" / "text.txt", corpus / "resolution")
    assert result.reused > 0
    document = load_document(corpus / "resolution")
    assert "icrmw" not in document.annotations.instruments  # the seed defines it
    assert "icrmw" in document.annotations.paragraphs[1].mentions
    assert "victims-of-trafficking" not in document.annotations.actors
    assert len(load_corpus(corpus).documents) == 2
    assert len(build_graph(corpus)) > 0


def test_standalone_drafts_read_no_corpus(tmp_path: Path, seed_folder: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(seed_folder, corpus / SEED_ID)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract_module.KnownRegistries, "from_corpus", _refuse)
        result = extract_to_folder(DATA / "extract" / "resolution-operative" / "text.txt", corpus / "resolution",
                                   standalone=True)  # fmt: skip
    assert result.reused == 0
    assert "icrmw" in load_document(corpus / "resolution").annotations.instruments


def test_a_draft_never_overwrites_annotations_without_force(tmp_path: Path):
    text = DATA / "extract" / "conference-declaration" / "text.txt"
    extract_to_folder(text, tmp_path / "doc", standalone=True)
    with pytest.raises(CorpusError, match="--force"):
        extract_to_folder(text, tmp_path / "doc", standalone=True)
    extract_to_folder(text, tmp_path / "doc", standalone=True, force=True)
    with pytest.raises(CorpusError, match="document id"):
        extract_to_folder(text, tmp_path / "Not An Id", standalone=True)


def test_drafting_is_deterministic(tmp_path: Path):
    text = DATA / "extract" / "model-protocol" / "text.txt"
    extract_to_folder(text, tmp_path / "a" / "doc", standalone=True)
    extract_to_folder(text, tmp_path / "b" / "doc", standalone=True)
    assert (tmp_path / "a" / "doc" / "annotations.yaml").read_bytes() == (tmp_path / "b" / "doc" / "annotations.yaml").read_bytes()


# --- the command ------------------------------------------------------------------------------------


def test_the_extract_command_writes_a_folder_that_build_accepts(tmp_path: Path):
    from click.testing import CliRunner

    from normgraph.cli import main

    runner = CliRunner()
    text = DATA / "extract" / "model-protocol" / "text.txt"
    result = runner.invoke(main, ["extract", str(text), "-o", str(tmp_path / "corpus" / "model-protocol")])
    assert result.exit_code == 0, result.output
    assert "structure: articles; 1 preamble, 8 articles, 10 paragraphs" in result.output
    assert "15 units drafted, 11 draft norms" in result.output
    result = runner.invoke(main, ["build", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "normgraph.ttl").stat().st_size > 0
    again = runner.invoke(main, ["extract", str(text), "-o", str(tmp_path / "corpus" / "model-protocol")])
    assert again.exit_code == 1 and "--force" in again.output and "Traceback" not in again.output
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"1. a\x00b\n")
    result = runner.invoke(main, ["extract", str(binary), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and "binary" in result.output
