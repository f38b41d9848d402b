"""The annotation file: malformed input is refused with file, line and paragraph; every
reference is checked against the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normgraph.builders.annotations import parse_annotations
from normgraph.builders.corpus import load_corpus
from normgraph.errors import AnnotationError, CorpusError, NormgraphError


def _edit(corpus: Path, old: str, new: str) -> Path:
    path = corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_mini_corpus_loads(mini_corpus):
    corpus = load_corpus(mini_corpus)
    (doc,) = corpus.documents
    norms = doc.annotations.paragraphs[1].norms
    assert norms[0].quote == 'States must protect victims of trafficking "at all times" \\ without exception'
    assert norms[0].line == 44
    assert norms[1].negated is True
    assert doc.annotations.document.date == "2008"  # dates stay text
    assert corpus.instruments["test-convention"].alt_labels == ("the Convention", "Convention 'quoted'")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a quote that is not in its paragraph
        ("quote: Transit countries should not detain victims.",
         "quote: Transit countries should never detain victims.",
         ":60: paragraph 2: the quote 'Transit countries should never detain victims.' is not a verbatim"),
        # an unknown actor id
        ("bearer: transit-countries", "bearer: transit-states",
         ":61: paragraph 2: unknown actor id 'transit-states'"),
        # an unknown instrument id
        ("instrument: test-convention", "instrument: palermo",
         ":51: paragraph 1: unknown instrument id 'palermo'"),
        # an unknown concept
        ("topics: [trafficking]", "topics: [trafficing]", ":41: paragraph 1: unknown concept id 'trafficing'"),
        # a paragraph the text does not have
        ("  3:\n    reviewed: true", "  9:\n    reviewed: true", ":67: paragraph 9: the text has no paragraph 9 (it has 1-3)"),
        # a misspelt key
        ("negated: true\n        roles", "negate: true\n        roles", ":62: paragraph 2: unknown key 'negate' in a norm"),
        # a wrong norm type
        ("type: right", "type: duty", ":64: paragraph 2: 'type': 'duty' is not one of obligation, recommendation, right"),
        # malformed YAML
        ("  states:\n    label: States", "  states:\n   label: [States", ":22: malformed YAML"),
        # a repeated key
        ("    label: ILO\n", "    label: ILO\n    label: ILO again\n", ":35: malformed YAML: key 'label' appears twice"),
        # a bad date
        ('adopted: "1990-12-18"', 'adopted: "18 December 1990"', ":15: 'adopted': '18 December 1990' is not a date"),
        # a non-boolean
        ("negated: true\n        roles", "negated: yes please\n        roles", ":62: paragraph 2: 'negated' must be true or false"),
        # a bad role
        ("roles: [transit]\n      - type: right", "roles: [transit, origin]\n      - type: right",
         ":63: paragraph 2: roles: 'origin' is not one of source, transit, destination"),
        # the same norm id twice
        ("      - type: recommendation\n        quote: \"<script>",
         "      - id: protect-victims\n        type: recommendation\n        quote: \"<script>",
         "paragraph 1: norm id 'protect-victims' is used twice"),
        # a quote asked for a second time that occurs once
        ("quote: Each child has the right to education.",
         "quote: Each child has the right to education.\n        occurrence: 2",
         "occurs only 1 time(s), occurrence 2 was asked for"),
    ],
)
def test_bad_annotations_name_file_line_and_paragraph(mini_corpus, old, new, expected):
    path = _edit(mini_corpus, old, new)
    with pytest.raises(NormgraphError) as info:
        load_corpus(mini_corpus)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert expected in message, message
    assert "\n" not in message


def test_not_utf8_annotations(mini_corpus):
    path = mini_corpus / "mini-doc" / "annotations.yaml"
    path.write_bytes(path.read_bytes().replace(b"States", b"St\xe4tes", 1))
    with pytest.raises(AnnotationError, match="not UTF-8"):
        load_corpus(mini_corpus)


def test_registries_merge_and_conflicts_are_refused(mini_corpus):
    import shutil

    shutil.copytree(mini_corpus / "mini-doc", mini_corpus / "second-doc")
    corpus = load_corpus(mini_corpus)  # identical registries merge
    assert len(corpus.documents) == 2 and len(corpus.actors) == 5
    second = mini_corpus / "second-doc" / "annotations.yaml"
    second.write_text(second.read_text().replace('adopted: "1990-12-18"', 'adopted: "1990-12-19"'))
    with pytest.raises(CorpusError, match="instrument 'test-convention' says adopted = '1990-12-19'"):
        load_corpus(mini_corpus)


def test_corpus_folder_problems(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus folder"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no document folders"):
        load_corpus(tmp_path)
    (tmp_path / "Bad Name").mkdir()
    (tmp_path / "Bad Name" / "text.txt").write_text("1. x\n")
    with pytest.raises(CorpusError, match="lower-case letters"):
        load_corpus(tmp_path)


def test_a_text_without_annotations_still_builds_its_paragraphs(tmp_path):
    (tmp_path / "bare").mkdir()
    (tmp_path / "bare" / "text.txt").write_text("1. One.\n\n2. Two.\n")
    corpus = load_corpus(tmp_path)
    assert [p.number for p in corpus.documents[0].text.paragraphs] == [1, 2]


_yaml_chars = st.sampled_from(list("abc: -[]{}'\"\n\t#&*!|>%@`,?0123456789\\"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(_yaml_chars, max_size=120))
def test_random_annotation_text_is_parsed_or_refused_cleanly(text):
    try:
        parse_annotations("document:\n  title: t\n" + text, "random.yaml")
    except AnnotationError as exc:
        assert str(exc).startswith("random.yaml")
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("abcnormsquote", max_size=8), inner, max_size=3),
                    max_leaves=12))
def test_random_structures_under_paragraphs_are_refused_cleanly(value):
    import yaml

    text = yaml.safe_dump({"document": {"title": "t"}, "paragraphs": {1: value}})
    try:
        parse_annotations(text, "random.yaml")
    except AnnotationError as exc:
        assert str(exc).startswith("random.yaml")


# --- restates: / parallels: (issue 14) --------------------------------------------------------

_REFLECTION = "          - {instrument: coe-trafficking-convention, provision: Article 13(1)}\n"


@pytest.mark.parametrize(("new", "expected"), [
    # an article the treaty's text (in the corpus) does not have: a wrong number is caught
    ("          - {instrument: coe-trafficking-convention, provision: Article 13(9)}\n",
     "paragraph 57: 'Article 13(9)': coe-trafficking-convention, the text of 'coe-trafficking-convention', "
     "has no unit art_13__para_9"),
    ("          - {instrument: cets-197, provision: Article 13(1)}\n", "paragraph 57: unknown instrument id 'cets-197'"),
    ("          - {instrument: coe-trafficking-convention, provision: the reflection article}\n",
     "paragraph 57: restates: 'the reflection article' is not a citation (like Article 10(3))"),
    ("          - {instrument: coe-trafficking-convention}\n", "paragraph 57: 'provision' is required"),
    ("          - {instrument: coe-trafficking-convention, provision: Article 13(1), kind: same}\n",
     "paragraph 57: unknown key 'kind' in an item of 'restates' (known: instrument, provision)"),
    (_REFLECTION + "        parallels:\n          - {instrument: coe-trafficking-convention, provision: art. 13.1}\n",
     "paragraph 57: coe-trafficking-convention art. 13.1 is both restated and paralleled: pick one"),
])  # fmt: skip
def test_a_restated_provision_is_checked(restates_corpus, new, expected):
    path = restates_corpus / "ipu-118-migrant-workers" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(_REFLECTION) == 1
    path.write_text(text.replace(_REFLECTION, new), encoding="utf-8")
    with pytest.raises(NormgraphError) as info:
        load_corpus(restates_corpus)
    assert str(info.value).startswith(str(path)) and str(info.value).endswith(expected), str(info.value)


def test_a_provision_outside_the_corpus_is_taken_as_cited(seed_folder):
    """Without the treaty's text nothing can check the article; the link keeps it as cited."""
    corpus = load_corpus(seed_folder.parent)
    (presume,) = [n for n in corpus.documents[0].annotations.paragraphs[53].norms if n.id == "presume-child"]
    assert [(r.instrument, r.citation, r.eid) for r in presume.restates] == [
        ("coe-trafficking-convention", "Article 10(3)", "art_10__para_3")]
    assert presume.parallels == ()


# --- stated or inferred parties, hedges and scope (issue 14) --------------------------------------

_PROTECT = "        action: protect victims of trafficking\n"


@pytest.mark.parametrize(("new", "expected"), [
    ("        inferred: {holder: no subject}\n", ":51: paragraph 1: inferred: 'holder' names no actor: the norm has no holder"),
    ("        inferred: {bearers: no subject}\n", ":51: paragraph 1: inferred: 'bearers' is not one of bearer, holder, beneficiary"),
    ("        inferred: {bearer: ''}\n", ":51: paragraph 1: inferred: 'bearer' needs a reason (why the annotator chose that actor)"),
    ("        inferred: {bearer: [a, b]}\n", ":51: paragraph 1: 'bearer' must be text"),
    ("        inferred: bearer\n", ":51: paragraph 1: 'inferred' (bearer/holder/beneficiary: why the annotator chose that actor) "
     "must be a mapping"),
    ("        hedge: must perhaps\n", ":51: paragraph 1: the hedge 'must perhaps' is not a verbatim substring of the paragraph's text"),
    ("        scope: ' at all times'\n", ":51: paragraph 1: 'scope' must be the text's words, without white space around them"),
    ("        scope: at some times\n", ":51: paragraph 1: the scope 'at some times' is not a verbatim substring of the paragraph's text"),
])  # fmt: skip
def test_parties_hedges_and_scope_are_checked(mini_corpus, new, expected):
    path = _edit(mini_corpus, _PROTECT, _PROTECT + new)
    with pytest.raises(NormgraphError) as info:
        load_corpus(mini_corpus)
    assert str(info.value) == f"{path}{expected}"


def test_each_party_is_stated_or_inferred_with_its_reason(mini_corpus):
    from normgraph import build_graph
    from normgraph.queries import run_sparql

    _edit(mini_corpus, _PROTECT, _PROTECT + "        inferred: {beneficiary: 'the text says victims of trafficking: the\n"
          "          annotator reads them as the test group'}\n        hedge: at all times\n        scope: without exception\n")
    graph = build_graph(mini_corpus)
    rows = {(r["slot"], r["basis"], r["why"]) for r in run_sparql(graph, """
        PREFIX ng: <https://w3id.org/normgraph/ontology#>
        SELECT ?slot ?basis ?why WHERE {
          VALUES (?slot ?b ?w) { ("bearer" ng:bearerBasis ng:bearerInference) ("holder" ng:holderBasis ng:holderInference)
                                 ("beneficiary" ng:beneficiaryBasis ng:beneficiaryInference) }
          ?norm ng:quote ?q ; ?b ?basis . FILTER(STRSTARTS(?q, "States must protect"))
          OPTIONAL { ?norm ?w ?why } }""").records()}
    assert rows == {("bearer", "https://w3id.org/normgraph/ontology#Stated", None),
                    ("beneficiary", "https://w3id.org/normgraph/ontology#Inferred",
                     "the text says victims of trafficking: the annotator reads them as the test group")}
    (words,) = run_sparql(graph, """PREFIX ng: <https://w3id.org/normgraph/ontology#>
        SELECT ?hedge ?scope WHERE { ?norm ng:hedge ?hedge ; ng:scope ?scope }""").records()
    assert words == {"hedge": "at all times", "scope": "without exception"}
    # a norm with no party says nothing of a basis; the right's holder, named, is stated
    assert {r["n"] for r in run_sparql(graph, """PREFIX ng: <https://w3id.org/normgraph/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { ?norm a ng:Norm FILTER NOT EXISTS { ?norm ng:bearer|ng:holder|ng:beneficiary ?a }
                                         ?norm ng:bearerBasis|ng:holderBasis|ng:beneficiaryBasis ?b }""").records()} == {0}
