"""The splitter's other layouts (articles, lettered items, unnumbered clauses) that drafts of
treaties and resolutions rely on; the numbered rule is unchanged (tests/builders/test_document.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph.builders.document import parse_document, split_paragraphs
from normgraph.errors import DocumentError

TREATY = """Protocol on Things

The States Parties,

Article 1
Purpose

1. Each State Party shall protect victims.

2. States Parties shall not detain them.

Article 2 – Scope
This Protocol shall apply to offences.

ARTICLE III. Final clause
(a) one;
(b) two.
"""


def test_articles_are_paragraphs_numbered_by_article():
    doc = split_paragraphs(TREATY)
    assert doc.layout == "articles"
    assert [p.number for p in doc.paragraphs] == [1, 2, 3]
    assert doc.paragraphs[0].text == "Purpose 1. Each State Party shall protect victims. 2. States Parties shall not detain them."
    assert doc.paragraphs[1].text == "Scope This Protocol shall apply to offences."
    assert doc.paragraphs[2].text == "Final clause (a) one; (b) two."
    assert doc.preamble == "Protocol on Things\n\nThe States Parties,"


def test_articles_may_start_anywhere_but_run_on():
    doc = split_paragraphs("Article 6\nText six.\n\nArticle 7\nText seven.\n")
    assert [p.number for p in doc.paragraphs] == [6, 7]
    assert doc.paragraph(7).text == "Text seven."
    with pytest.raises(DocumentError, match="article 9 skips number 8"):
        split_paragraphs("Article 6\nSix.\n\nArticle 7\nSeven.\n\nArticle 9\nNine.\n", path="t.txt")


def test_a_wrapped_article_reference_is_text():
    doc = split_paragraphs("1. States must act under\nArticle 6 of the Convention.\n\n2. Next.\n")
    assert doc.layout == "numbered"
    assert doc.paragraphs[0].text == "States must act under Article 6 of the Convention."


def test_offsets_of_article_paragraphs_point_into_the_file():
    doc = split_paragraphs(TREATY)
    p = doc.paragraph(1)
    start, end = p.find("shall protect victims")
    a, b = p.source_span(start, end)
    assert doc.text[a:b] == "shall protect victims"
    assert doc.text[p.char_start : p.char_start + 9] == "Article 1"


def test_unnumbered_clauses_of_a_resolution():
    text = (
        "Resolution on migrants\n\nThe Assembly,\n\nRecalling the Convention on the Rights of the Child,\n\n"
        "Deeply concerned that\ntrafficking persists,\n\nUrges all States to ratify the Convention;\n\n"
        "Also calls upon parliaments to act:\n(a) now;\n(b) later.\n"
    )
    doc = split_paragraphs(text)
    assert doc.layout == "clauses"
    assert [p.text for p in doc.paragraphs] == [
        "Recalling the Convention on the Rights of the Child,",
        "Deeply concerned that trafficking persists,",
        "Urges all States to ratify the Convention;",
        "Also calls upon parliaments to act: (a) now; (b) later.",
    ]
    assert doc.preamble == "Resolution on migrants\n\nThe Assembly,"


def test_lettered_items():
    doc = split_paragraphs("Recommendations\n(a) States should act.\n(b) NGOs should help.\n")
    assert doc.layout == "lettered"
    assert [(p.number, p.text) for p in doc.paragraphs] == [(1, "States should act."), (2, "NGOs should help.")]


def test_numbered_operative_clauses_keep_the_numbered_rule():
    doc = split_paragraphs("The Assembly,\n\nRecalling the Charter,\n\n1. Calls upon States to act;\n\n2. Urges parliaments to act.\n")
    assert doc.layout == "numbered"
    assert [p.text for p in doc.paragraphs] == ["Calls upon States to act;", "Urges parliaments to act."]
    assert "Recalling" in doc.preamble


@pytest.mark.parametrize("layout", ["numbered", "articles", "lettered", "clauses"])
def test_an_explicit_layout_is_used_or_refused(layout):
    with pytest.raises(DocumentError):
        split_paragraphs("Just prose.\nMore prose.\n", layout=layout)
    with pytest.raises(ValueError):
        split_paragraphs("1. x\n", layout="sections")


def test_explicit_articles_accept_a_single_article():
    doc = split_paragraphs("Article 1\nOnly one.\n", layout="articles")
    assert [p.text for p in doc.paragraphs] == ["Only one."]


def test_text_the_numbered_rule_refuses_still_names_its_problem():
    for data, message in ((b"Just prose.\nAnother line.\n", "no numbered paragraphs"),
                          (b"1. One.\n\n2. Two.\n\n4. Four.\n", "skips number 3")):  # fmt: skip
        with pytest.raises(DocumentError, match=message):
            parse_document(data, path="doc.txt")


_line = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
_labels = st.sampled_from(["Article 1", "Article 2", "ARTICLE IV", "(a) ", "(b) ", "Urges ", "Calls upon ", "1. ", "2. ", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_labels, _line), min_size=1, max_size=10))
def test_any_mix_of_labels_gives_paragraphs_or_a_document_error(lines):
    raw = "\n".join(label + body for label, body in lines) + "\n"
    try:
        doc = split_paragraphs(raw, path="mix.txt")
    except DocumentError as exc:
        assert str(exc).startswith("mix.txt")
        return
    numbers = [p.number for p in doc.paragraphs]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    for p in doc.paragraphs:
        assert p.text and "\n" not in p.text
        assert len(p.origins) == len(p.text)
        assert all(doc.text[o] == c or c == " " for o, c in zip(p.origins, p.text))
