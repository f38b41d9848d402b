"""The paragraph splitter, on the seed document as received and on messy inputs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph.builders.document import parse_document, split_paragraphs
from normgraph.errors import DocumentError


def test_seed_splits_into_exactly_70_paragraphs_in_order(seed_document):
    assert [p.number for p in seed_document.paragraphs] == list(range(1, 71))
    assert seed_document.preamble == ""


def test_seed_bundled_byte_for_byte(seed_text_path):
    from pathlib import Path

    shared = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ipu-118-migrant-workers-report.txt"
    bundled = seed_text_path.read_bytes()
    assert len(bundled) == 29573
    if shared.exists():  # beside a checkout, the shared original must match exactly
        assert bundled == shared.read_bytes()


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, "Humankind is faced with a colossal challenge:  as the twenty-first century unfolds, the world’s",
         "able to escape these twin evils."),
        (7, "Migration is a response to inequality", "risk creating exploitation and trafficking."),  # after " 7."
        (26, "The phenomenon of human trafficking", "Protocol to Prevent, Supress, and Punish Trafficking in Persons, Especially Women and Children."),
        (40, "Although awareness-raising campaigns", "better suited to assess local needs."),  # "40.  Although"
        (67, "As a result of the World Conference", "have been identified."),  # stray blank lines after
        (70, "In this context, the world needs", "living conditions of migrants around the globe."),  # trailing blanks
    ],
)
def test_seed_paragraph_text_is_exact(seed_document, number, start, end):
    text = seed_document.paragraph(number).text
    assert text.startswith(start)
    assert text.endswith(end)


def test_seed_text_joins_line_breaks_and_changes_nothing_else(seed_document):
    raw = seed_document.text
    for p in seed_document.paragraphs:
        assert "\n" not in p.text and p.text == p.text.strip()
        # Re-derive from the original span: number label off, breaks joined, all else kept.
        span = raw[p.char_start : p.char_end]
        body = re.sub(r"^\d+\.\s+", "", span)
        assert p.text == re.sub(r"[^\S\n]*\n\s*", " ", body)
    p38 = seed_document.paragraph(38).text
    assert "countries:  1) to prohibit" in p38  # a double space inside a line is kept
    assert "illegar status" in seed_document.paragraph(9).text  # typos are kept
    assert "“consent”" in seed_document.paragraph(33).text  # curly quotes are kept
    assert 'are "sending" countries' in seed_document.paragraph(21).text  # straight ones too


def test_seed_offsets_point_back_at_the_original_bytes(seed_document, seed_text_path):
    data = seed_text_path.read_bytes()
    for p in seed_document.paragraphs:
        b0, b1 = seed_document.byte_offset(p.char_start), seed_document.byte_offset(p.char_end)
        assert data[b0:b1].decode("utf-8") == seed_document.text[p.char_start : p.char_end]
        assert data[b0:b1].startswith(f"{p.number}.".encode())
        assert p.line == seed_document.text.count("\n", 0, p.char_start) + 1


def test_quote_spans_map_back_across_line_breaks(seed_document):
    p = seed_document.paragraph(1)
    start, end = p.find("According to FAO, 800 million people")
    a, b = p.source_span(start, end)
    assert seed_document.text[a:b] == "According to \nFAO, 800 million people"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"1. a\x00b\n", "binary"),
        (b"1. caf\xe9\n", "not UTF-8"),
    ],
)
def test_only_unreadable_texts_are_refused_with_the_place(data, message):
    with pytest.raises(DocumentError) as info:
        parse_document(data, path="doc.txt")
    assert message in str(info.value)
    assert str(info.value).startswith("doc.txt")


@pytest.mark.parametrize(
    ("data", "eids", "warning"),
    [
        (b"1. One.\n\n2. Two.\n\n2. Two again.\n", ["para_1", "para_2", "para_2_2"], (5, "number 2 repeats")),
        (b"1. One.\n\n2. Two.\n\n4. Four.\n", ["para_1", "para_2", "para_4"], (5, "paragraph 4 skips number 3")),
        (b"5. Five.\n\n6. Six.\n", ["para_5", "para_6"], (1, "numbering starts at 5")),
        (b"1.To ensure this.\n\n2. Next.\n", ["para_1", "para_2"], (1, "glued")),
        (b"1. One.\n\n2.\n\n3. Three.\n", ["para_1", "para_3"], (3, "paragraph 2 has no text")),
    ],
)
def test_numbering_irregularities_are_warnings_and_the_text_still_splits(data, eids, warning):
    doc = parse_document(data, path="doc.txt")
    assert [p.eid for p in doc.paragraphs] == eids
    assert any(w.line == warning[0] and warning[1] in w.message for w in doc.warnings), doc.warnings


def test_prose_without_labels_splits_into_blocks():
    doc = parse_document(b"Just prose with no numbers.\nAnother line.\n\nA second block.\n")
    assert doc.layout == "plain"
    assert [p.text for p in doc.paragraphs] == ["Just prose with no numbers. Another line.", "A second block."]


def test_a_wrapped_line_starting_with_a_number_is_text():
    doc = split_paragraphs("1. The goals for\n2015. Will not be met.\n\n2. Next.\n")
    assert [p.text for p in doc.paragraphs] == ["The goals for 2015. Will not be met.", "Next."]


def test_crlf_and_indented_labels():
    doc = split_paragraphs("Title line\r\n\r\n 1. First\r\n line.\r\n   2.  Second.\r\n")
    assert doc.preamble == "Title line"
    assert [p.text for p in doc.paragraphs] == ["First line.", "Second."]


_words = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_words, min_size=1, max_size=8))
def test_numbered_paragraphs_round_trip(bodies):
    """Any paragraphs we number and write out come back with the same joined text."""
    bodies = [" ".join(b.split()) or "x" for b in bodies]
    bodies = [re.sub(r"^\d+\.", "n.", b) for b in bodies]
    raw = "".join(f"{i}. {b}\n\n" for i, b in enumerate(bodies, start=1))
    doc = split_paragraphs(raw)
    assert [p.text for p in doc.paragraphs] == bodies
    for p in doc.paragraphs:
        assert doc.text[p.char_start : p.char_end].endswith(p.text[-1])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_paragraphs_or_a_document_error(data):
    try:
        doc = parse_document(data, path="random.txt")
    except DocumentError as exc:
        assert str(exc).startswith("random.txt")
    else:
        eids = [u.eid for u in doc.units]
        assert len(eids) == len(set(eids)) and doc.paragraphs
        for p in doc.paragraphs:
            assert p.text and "\n" not in p.text
            assert len(p.origins) == len(p.text)


def test_a_byte_order_mark_after_a_label_is_text():
    """Found by the property test below: only spaces and tabs separate a number from its text."""
    doc = split_paragraphs("1. \ufeff\n\n2. Two.\n")
    assert [p.text for p in doc.paragraphs] == ["\ufeff", "Two."]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200), st.data())
def test_a_byte_offset_is_the_length_of_the_encoded_prefix(body, data):
    """Every code-point offset maps to the UTF-8 byte offset, whatever mix of 1- to 4-byte
    characters the text holds (only the non-ASCII ones are tabled). NUL is left out: a text
    with one is refused as a binary file (test_cli.py tests that)."""
    document = parse_document(("1. " + body + "\n").encode("utf-8"))
    text = document.text
    for offset in {0, len(text), *data.draw(st.lists(st.integers(0, len(text)), max_size=20))}:
        assert document.byte_offset(offset) == len(text[:offset].encode("utf-8"))
