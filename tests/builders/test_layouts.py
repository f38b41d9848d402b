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


def test_articles_hold_their_titles_paragraphs_and_points():
    doc = split_paragraphs(TREATY)
    assert doc.layout == "articles"
    assert [(u.eid, u.kind, u.num, u.heading) for u in doc.units] == [
        ("preamble", "preamble", None, None),
        ("art_1", "article", "1", "Purpose"),
        ("art_1__para_1", "paragraph", "1", None),
        ("art_1__para_2", "paragraph", "2", None),
        ("art_2", "article", "2", "Scope"),
        ("art_III", "article", "III", "Final clause"),
        ("art_III__point_a", "point", "a", None),
        ("art_III__point_b", "point", "b", None),
    ]
    assert [p.eid for p in doc.paragraphs] == ["preamble", "art_1__para_1", "art_1__para_2", "art_2", "art_III"]
    # titles are their own field, never fused into the text
    assert doc.unit("art_1").text == "1. Each State Party shall protect victims. 2. States Parties shall not detain them."
    assert doc.unit("art_1__para_2").text == "States Parties shall not detain them."
    assert doc.unit("art_2").text == "This Protocol shall apply to offences."
    assert doc.unit("art_III").text == "(a) one; (b) two."
    assert doc.unit("art_III__point_b").text == "two."
    assert doc.unit("preamble").text == "The States Parties,"
    assert doc.unit("Article 1(2)").eid == "art_1__para_2"
    assert doc.unit("art. III(b)").eid == "art_III__point_b"
    assert doc.unit(2).eid == "art_2" and doc.unit(3).eid == "art_III"
    assert doc.unit("art_1__para_1").citation == "Article 1(1)"
    assert doc.title == "Protocol on Things"


def test_articles_may_start_anywhere_but_run_on():
    doc = split_paragraphs("Article 6\nText six.\n\nArticle 7\nText seven.\n")
    assert [p.number for p in doc.paragraphs] == [6, 7]
    assert doc.paragraph(7).text == "Text seven."
    doc = split_paragraphs("Article 6\nSix.\n\nArticle 7\nSeven.\n\nArticle 9\nNine.\n", path="t.txt")
    assert [p.number for p in doc.paragraphs] == [6, 7, 9]
    assert [str(w) for w in doc.warnings] == ["line 1: article numbering starts at 6",
                                              "line 7: article 9 skips number 8 (expected 8)"]


def test_an_annex_restarts_article_numbering_without_a_warning():
    text = "Article 1\nOne.\n\nArticle 2\nTwo.\n\nANNEX\n\nArticle 1\nAnnexed one.\n\nArticle 2\nAnnexed two.\n"
    doc = split_paragraphs(text)
    assert [u.eid for u in doc.paragraphs] == ["art_1", "art_2", "annex_1__art_1", "annex_1__art_2"]
    assert doc.unit("annex_1__art_2").citation == "Annex, Article 2"
    assert doc.warnings == ()


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
    doc = split_paragraphs("Recommendations\n\n(a) States should act.\n(b) NGOs should help.\n")
    assert doc.layout == "lettered"
    assert [(p.number, p.text) for p in doc.paragraphs] == [(1, "States should act."), (2, "NGOs should help.")]


def test_numbered_operative_clauses_keep_the_numbered_rule():
    doc = split_paragraphs("The Assembly,\n\nRecalling the Charter,\n\n1. Calls upon States to act;\n\n2. Urges parliaments to act.\n")
    assert doc.layout == "numbered"
    assert [p.text for p in doc.paragraphs] == ["Recalling the Charter,", "Calls upon States to act;", "Urges parliaments to act."]
    assert [p.kind for p in doc.paragraphs] == ["preamble", "paragraph", "paragraph"]
    assert doc.unit("preamble").text == "Recalling the Charter,"


@pytest.mark.parametrize("layout", ["numbered", "articles", "lettered", "clauses"])
def test_an_explicit_layout_is_used_or_refused(layout):
    with pytest.raises(DocumentError):
        split_paragraphs("Just prose.\nMore prose.\n", layout=layout)
    with pytest.raises(ValueError):
        split_paragraphs("1. x\n", layout="sections")


def test_explicit_articles_accept_a_single_article():
    doc = split_paragraphs("Article 1\nOnly one.\n", layout="articles")
    assert [p.text for p in doc.paragraphs] == ["Only one."]


def test_a_gap_in_the_numbering_is_a_warning_with_its_line():
    doc = parse_document(b"1. One.\n\n2. Two.\n\n4. Four.\n", path="doc.txt")
    assert [p.number for p in doc.paragraphs] == [1, 2, 4]
    assert [str(w) for w in doc.warnings] == ["line 5: paragraph 4 skips number 3 (expected 3)"]


_line = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
_labels = st.sampled_from(["Article 1", "Article 2", "ARTICLE IV", "(a) ", "(b) ", "Urges ", "Calls upon ", "1. ", "2. ", "",
                           "CHAPTER II", "PART I", "ANNEX", "I. ", "II. ", "(i) ", "(ii) ", "a) ", "Preamble ", "1.", "12. ",
                           "Section 3", "A. "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_labels, _line), min_size=1, max_size=10))
def test_any_mix_of_labels_always_splits(lines):
    raw = "\n".join(label + body for label, body in lines) + "\n"
    if not raw.strip():
        return
    doc = split_paragraphs(raw, path="mix.txt")
    eids = [u.eid for u in doc.units]
    assert len(eids) == len(set(eids)) and doc.paragraphs
    for u in doc.units:
        assert doc.unit(u.eid) is u
        if u.parent is not None:
            assert doc.unit(u.parent).char_start <= u.char_start
    for p in doc.paragraphs:
        assert p.text and "\n" not in p.text
        assert len(p.origins) == len(p.text)
        assert all(doc.text[o] == c or c == " " for o, c in zip(p.origins, p.text))


def test_cross_references_that_look_like_labels_stay_text():
    text = ("Article 1\n\n1. Each Party shall apply the measures set forth in subparagraphs\nd) (i) and (iii) of this article and in\n"
            "article 9, paragraph 1, without delay.\n\n2. Next.\n")
    doc = split_paragraphs(text)
    assert [u.eid for u in doc.units] == ["art_1", "art_1__para_1", "art_1__para_2"]
    assert "subparagraphs d) (i) and (iii) of this article" in doc.unit("art_1__para_1").text
    assert doc.warnings == ()


def test_resolution_parts_and_a_chapeau_with_roman_items():
    text = ("The General Assembly,\n\nRecalling its resolutions,\n\nI\n\nGeneral principles\n\n1. Reaffirms the principles;\n\n"
            "2. Decides the following:\n\nI. States should protect migrants;\n\nII. States should assist victims.\n\n"
            "II\n\nFollow-up\n\n1. Requests the Secretary-General to report.\n")
    doc = split_paragraphs(text)
    assert [(u.eid, u.kind) for u in doc.units] == [
        ("preamble", "preamble"), ("part_I", "part"), ("para_1", "paragraph"), ("para_2", "paragraph"),
        ("para_2__point_I", "point"), ("para_2__point_II", "point"), ("part_II", "part"), ("part_II__para_1", "paragraph"),
    ]
    assert doc.unit("part_I").heading == "General principles"
    assert [str(w) for w in doc.warnings] == ["line 21: paragraph numbering restarts at 1 (after 2)"]


def test_an_appendix_restarts_paragraphs_and_form_feeds_do_not_hide_labels():
    text = ("The Committee of Ministers,\n\nRecommends that governments:\n\n1. take measures;\n\n2. report.\n\n"
            "Appendix to Recommendation CM/Rec(2010)5\n\nI. Definitions\n\n1. A child means a person below 18.\n\n"
            "\x0c2. Member states should act.\n")
    doc = split_paragraphs(text)
    assert [u.eid for u in doc.paragraphs] == ["preamble", "para_1", "para_2", "annex_1__para_1", "annex_1__para_2"]
    assert doc.unit("annex_1").heading == "to Recommendation CM/Rec(2010)5"
    assert doc.unit("annex_1__part_I").heading == "Definitions"
    assert doc.warnings == ()


def test_a_footnote_numbered_1_inside_an_article_is_text():
    doc = split_paragraphs("Article 1\n\n1. One.\n\n2. Two.\n\n1. See resolution 55/25.\n\nArticle 2\n\nText.\n")
    assert [u.eid for u in doc.units] == ["art_1", "art_1__para_1", "art_1__para_2", "art_2"]
    assert doc.unit("art_1__para_2").text == "Two. 1. See resolution 55/25."


def test_an_article_whose_text_starts_on_its_heading_line_has_no_heading():
    text = ("Charter\n\nArticle 1: The Member States parties to the present Charter shall recognize the rights.\n\n"
            "Article 2 - Equality before the law\n\nEvery individual shall be equal before the law.\n")
    doc = split_paragraphs(text)
    assert (doc.unit("art_1").heading, doc.unit("art_1").text) == (
        None, "The Member States parties to the present Charter shall recognize the rights.")
    assert (doc.unit("art_2").heading, doc.unit("art_2").text) == (
        "Equality before the law", "Every individual shall be equal before the law.")


def test_an_unnumbered_heading_between_articles_is_a_section_not_the_end_of_an_article():
    doc = split_paragraphs("Convention\n\nArticle 1\n\nEach Party shall act.\n\nFinal clauses\n\nArticle 2\n\nThis Convention shall enter into force.\n")
    assert [(u.eid, u.kind, u.heading) for u in doc.units] == [
        ("art_1", "article", None), ("sec_1", "section", "Final clauses"), ("art_2", "article", None)]
    assert doc.unit("art_1").text == "Each Party shall act."


def test_bullets_are_items_of_the_unit_that_holds_them_and_page_numbers_are_not():
    text = ("The Committee of Ministers,\n\nConsidering the aim of the Council of Europe;\n\n"
            "Recommends that the governments of member states:\n\n- examine existing measures;\n\n"
            "\u2022 ensure that remedies are available;\n\n- 5 -\n\n- disseminate this recommendation.\n")
    doc = split_paragraphs(text)
    assert [(u.eid, u.kind) for u in doc.units] == [
        ("para_1", "paragraph"), ("para_2", "paragraph"),
        ("para_2__indent_1", "point"), ("para_2__indent_2", "point"), ("para_2__indent_3", "point")]
    assert doc.unit("para_2__indent_2").text == "ensure that remedies are available; - 5 -"
    assert doc.unit("para_2__indent_2").citation == "paragraph 2, indent 2"
