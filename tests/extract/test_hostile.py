"""Hostile input never crashes the extractor, and whatever it drafts still loads: huge
paragraphs, no punctuation, only numbers, mixed scripts, control characters, random text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normgraph.extract._sentences import sentence_spans
from normgraph.builders._yaml import load_yaml
from normgraph.builders.annotations import parse_annotations
from normgraph.builders.document import split_paragraphs
from normgraph.extract.draft import _q, draft_yaml, extract, extract_to_folder
from normgraph.errors import DocumentError

CUES = ["must", "shall not", "should", "States", "victims", "the right to", "calls upon", "Convention", "the Convention",
        "Protocol to Prevent, Supress", "If", "where", ":", "1)", "(a)", ";", ",", ".", " and ", "refrain from"]  # fmt: skip
_word = st.one_of(
    st.sampled_from(CUES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.sampled_from(["مهاجرين", "移民工人", "мигранты", "\u200b", "\u2028", "\x85", "\x07", "\x1b", "\ufeff", "é", "ß", "İ"]),
)
_paragraph = st.lists(_word, min_size=1, max_size=40).map(" ".join)


def _check_draft(text: str) -> None:
    """Extract, write the YAML, read it back with the real loader: every quote verbatim."""
    try:
        document = split_paragraphs(text, path="hostile.txt")
    except DocumentError:
        return
    draft = extract(document)
    annotations = parse_annotations(draft_yaml(draft), "hostile/annotations.yaml")
    for number, para in annotations.paragraphs.items():
        paragraph = document.paragraph(number)
        for norm in para.norms:
            assert paragraph.find(norm.quote, norm.occurrence) is not None
            assert norm.machine_proposed and norm.confidence is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_paragraph, min_size=1, max_size=6))
def test_random_paragraphs_draft_and_load(bodies: list[str]):
    text = "Title\n\n" + "".join(f"{i}. {' '.join(b.split()) or 'x'}\n\n" for i, b in enumerate(bodies, start=1))
    _check_draft(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=400))
def test_any_text_drafts_or_is_refused(text: str):
    _check_draft(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_quoted_yaml_scalars_read_back_exactly(value: str):
    assert load_yaml(f"key: {_q(value)}\n", "x.yaml")["key"] == value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_sentences_are_ordered_trimmed_spans(text: str):
    spans = sentence_spans(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end


def test_a_huge_paragraph_without_punctuation():
    # ~250,000 characters, 4,000 cues, not one full stop: sentences are cut at clause limits (how
    # long it takes: benchmarks/extract_hostile.py)
    body = " ".join(f"States must protect victims of trafficking in region {i} and" for i in range(4000))
    draft = extract(split_paragraphs(f"1. {body}\n"))
    assert len(draft_yaml(draft)) > len(body)
    assert draft.norm_count == 4000
    _check_draft(f"1. {body}\n")


def test_the_same_sentence_thousands_of_times():
    body = " ".join(["States must protect victims of trafficking and"] * 3000)
    draft = extract(split_paragraphs(f"1. {body}\n"))  # timed in benchmarks/extract_hostile.py
    text = draft_yaml(draft)
    assert draft.norm_count == 3000
    assert max(int(n) for n in re.findall(r"occurrence: (\d+)", text)) > 2000


def test_only_numbers_mixed_scripts_and_control_characters(tmp_path: Path):
    text = (
        "1. 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\n\n"
        "2. Les États doivent protéger les victimes. 各国必须保护受害者。 يجب على الدول حماية الضحايا. States must protect victims.\n\n"
        "3. States\x07 must\x1b protect\u2028victims\x85 of\ufeff trafficking\u200b; the right\x0b to\x0c return.\n\n"
        "4. " + "9" * 5000 + "\n"
    ).encode("utf-8")
    source = tmp_path / "hostile.txt"
    source.write_bytes(text)
    result = extract_to_folder(source, tmp_path / "corpus" / "hostile", standalone=True)
    from normgraph import build_graph

    assert len(build_graph(tmp_path / "corpus")) > 0
    assert result.draft.norm_count >= 2
