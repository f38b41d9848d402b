"""The splitter's numbering rules one by one, each with the units it makes and the exact warning
it gives (line and words): skips, repeats, restarts after a part or an annex, late starts, numbers
read as text, glued labels, numbered items under an article's chapeau. Written against the
survivors of mutation testing (docs/testing.md); every expectation was checked by reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normgraph.builders.document import split_paragraphs
from normgraph.errors import DocumentError

CASES = {
    "a skipped number": (
        "Report\n\n1. One.\n\n2. Two.\n\n4. Four.\n\n5. Five.\n",
        ["para_1", "para_2", "para_4", "para_5"], [(7, "paragraph 4 skips number 3 (expected 3)")]),
    "a number going backwards": (
        "Report\n\n1. One.\n\n2. Two.\n\n3. Three.\n\n2. Again.\n",
        ["para_1", "para_2", "para_3", "para_2_2"], [(9, "paragraph number 2 repeats or goes backwards (expected 4)")]),
    "a number too far ahead is text": (
        "Report\n\n1. One.\n\n2. Two.\n\n90. Ninety.\n",
        ["para_1", "para_2"], [(7, "a line starting with 90. is read as text (expected paragraph 3)")]),
    "a glued label": (
        "Report\n\n1.One.\n\n2. Two.\n",
        ["para_1", "para_2"], [(3, "paragraph label 1. is glued to its text")]),
    "a late start": (
        "Report\n\n7. Seven.\n\n8. Eight.\n",
        ["para_7", "para_8"], [(3, "paragraph numbering starts at 7")]),
    "a start past fifty": (
        "Report\n\n51. Late start.\n\n52. Next.\n",
        ["para_51", "para_52"], [(3, "paragraph numbering starts at 51")]),
    "a restart in a new part": (
        "Report\n\n1. One.\n\n2. Two.\n\nPart II\n\n1. Again.\n\n2. More.\n",
        ["para_1", "para_2", "part_II", "part_II__para_1", "part_II__para_2"],
        [(9, "paragraph numbering restarts at 1 (after 2)")]),
    "a restart in an annex is expected": (
        "Report\n\n1. One.\n\n2. Two.\n\nAnnex\n\n1. Again.\n",
        ["para_1", "para_2", "annex_1", "annex_1__para_1"], []),
    "a number inside an indented line is text": (
        "Report\n\n1. One.\n\n2. Two, continued on\n   3. an indented line.\n\n3. Three.\n",
        ["para_1", "para_2", "para_3"], []),
    "numbered items under a chapeau are points": (
        "Protocol\n\nArticle 1\nDuties\n\nThe Parties undertake:\n\n1. to accept;\n\n2. to protect;\n\n3. to report.\n\n"
        "Article 2\n\n1. Each Party shall act.\n\n2. Each Party shall report.\n",
        ["art_1", "art_1__point_1", "art_1__point_2", "art_1__point_3", "art_2", "art_2__para_1", "art_2__para_2"], []),
    "an article's numbers skip a little, and far is text": (
        "Protocol\n\nArticle 1\n\n1. A shall.\n\n3. B shall.\n\n9. C shall.\n",
        ["art_1", "art_1__para_1", "art_1__para_3"],
        [(7, "paragraph 3 skips number 2 (expected 2)"), (9, "a line starting with 9. is read as text (expected paragraph 4)")]),
    "each article counts its own": (
        "Protocol\n\nArticle 1\n\nThe Parties shall:\n\n1. act;\n\n2. report.\n\nArticle 2\n\n2. Stray.\n",
        ["art_1", "art_1__point_1", "art_1__point_2", "art_2", "art_2__para_2"],
        [(13, "paragraph 2 skips number 1 (expected 1)")]),
}


def test_points_under_a_chapeau_keep_their_text_and_the_article_its_own():
    doc = split_paragraphs(CASES["numbered items under a chapeau are points"][0])
    assert doc.unit("art_1__point_2").text == "to protect;"
    assert doc.unit("art_1").heading == "Duties"
    assert doc.unit("art_1").text.startswith("The Parties undertake: 1. to accept;")
    assert [u.num for u in doc.units if u.kind == "point"] == ["1", "2", "3"]
    assert doc.unit("art_2__para_2").text == "Each Party shall report."


HEADINGS = {
    "an annex with its title on the next line": (
        "Report\n\n1. One.\n\nANNEX\nModel law\n\n1. Model one.\n",
        [("para_1", None), ("annex_1", "Model law"), ("annex_1__para_1", None)]),
    "'Annex' opening a sentence is text": (
        "Report\n\n1. One.\n\nAnnex to the report, continued,\n\n2. Two.\n",
        [("para_1", None), ("para_2", None)]),
    "an appendix is an annex with its number": (
        "Report\n\n1. One.\n\nAppendix II\n\n1. A.\n", [("para_1", None), ("annex_II", None), ("annex_II__para_1", None)]),
    "a schedule is an annex": (
        "Report\n\n1. One.\n\nSchedule\n\n1. A.\n", [("para_1", None), ("annex_1", None), ("annex_1__para_1", None)]),
    "a part with a dash and a title": (
        "Report\n\n1. One.\n\nPart II – Measures\n\n2. Two.\n", [("para_1", None), ("part_II", "Measures"), ("para_2", None)]),
    "a part with a bracketed title": (
        "Report\n\n1. One.\n\nPart II (Measures)\n\n2. Two.\n", [("para_1", None), ("part_II", "(Measures)"), ("para_2", None)]),
    "'Part' opening a sentence is text": (
        "Report\n\n1. One.\n\nPart of the work,\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "Roman numbered headings are parts": (
        "Report\n\nI. INTRODUCTION\n\n1. One.\n\nII. Measures taken\n\n2. Two.\n",
        [("part_I", "INTRODUCTION"), ("para_1", None), ("part_II", "Measures taken"), ("para_2", None)]),
    "a Roman numbered clause in lower case is a point": (
        "Report\n\n1. One.\n\nI. ensure that victims are protected;\n\n2. Two.\n",
        [("para_1", None), ("para_1__point_I", None), ("para_2", None)]),
    "a Roman numbered line over 120 characters is not a heading": (
        "Report\n\n1. One.\n\nII. " + "A very long heading " * 7 + "\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "chapters hold articles": (
        "Protocol\n\nChapter I\nGeneral provisions\n\nArticle 1\nPurpose\n\n1. A.\n\nChapter II\n\nArticle 2\n\n1. B.\n",
        [("chp_I", "General provisions"), ("art_1", "Purpose"), ("art_1__para_1", None), ("chp_II", None),
         ("art_2", None), ("art_2__para_1", None)]),
    "a section with a dash and a title": (
        "Protocol\n\nSection 1 – Definitions\n\nArticle 1\n\n1. A.\n",
        [("sec_1", "Definitions"), ("art_1", None), ("art_1__para_1", None)]),
    "a preamble heading": (
        "Protocol\n\nPreamble\n\nThe Parties,\n\nArticle 1\n\n1. A.\n",
        [("preamble", None), ("art_1", None), ("art_1__para_1", None)]),
}


def test_what_is_not_a_heading_stays_in_the_text():
    long_line = "II. " + "A very long heading " * 7
    doc = split_paragraphs(HEADINGS["a Roman numbered line over 120 characters is not a heading"][0])
    assert doc.unit("para_1").text == "One. " + long_line.strip()
    doc = split_paragraphs(HEADINGS["'Part' opening a sentence is text"][0])
    assert doc.unit("para_1").text == "One. Part of the work,"
    assert split_paragraphs(HEADINGS["a Roman numbered clause in lower case is a point"][0]).unit(
        "para_1__point_I").text == "ensure that victims are protected;"


def test_refusals_name_the_file_and_say_why():
    from normgraph.errors import DocumentError

    for text, layout, message in (("   \n\n", "auto", "the text is empty"),
                                  ("Report\n\n1. One.\n", "articles", "no articles found"),
                                  ("Report\n\n1. One.\n", "lettered", "no lettered paragraphs found")):
        with pytest.raises(DocumentError) as refused:
            split_paragraphs(text, path="t.txt", layout=layout)
        assert str(refused.value) == f"t.txt: {message}" and str(refused.value.path) == "t.txt"
    with pytest.raises(ValueError) as unknown:
        split_paragraphs("Report\n\n1. One.\n", layout="bogus")
    assert str(unknown.value) == "unknown layout 'bogus' (known: auto, numbered, articles, lettered, clauses)"
    assert [u.eid for u in split_paragraphs("Report\n\n(a) One.\n\n(b) Two.\n", layout="lettered").units] == ["para_1", "para_2"]


def test_line_starts_and_windows_line_ends():
    crlf = "Report\r\n\r\n1. One.\r\n\r\n2. Two,\r\ncontinued.\r\n"
    doc = split_paragraphs(crlf)
    assert [u.eid for u in doc.units] == ["para_1", "para_2"]
    assert doc.unit("para_2").text == "Two, continued."
    # a short capitalised line standing alone is a heading's place; inside a paragraph it is text
    doc = split_paragraphs("Report\n\n1. One\nShort Line\n2. Two.\n")
    assert [u.eid for u in doc.units] == ["para_1"] and doc.unit("para_1").text == "One Short Line 2. Two."


BOUNDS = {
    "an article may skip three numbers": (
        "Protocol\n\nArticle 1\n\n1. A shall.\n\n5. B shall.\n",
        ["art_1", "art_1__para_1", "art_1__para_5"], [(7, "paragraph 5 skips number 2-4 (expected 2)")]),
    "not four": (
        "Protocol\n\nArticle 1\n\n1. A shall.\n\n6. B shall.\n",
        ["art_1", "art_1__para_1"], [(7, "a line starting with 6. is read as text (expected paragraph 2)")]),
    "a report may skip fifty numbers": (
        "Report\n\n1. One.\n\n52. Fifty-two.\n", ["para_1", "para_52"], [(5, "paragraph 52 skips number 2-51 (expected 2)")]),
    "not fifty-one": (
        "Report\n\n1. One.\n\n53. Fifty-three.\n", ["para_1"],
        [(5, "a line starting with 53. is read as text (expected paragraph 2)")]),
    "a report may start at fifty": ("Report\n\n50. Fifty.\n", ["para_50"], [(3, "paragraph numbering starts at 50")]),
    "not at fifty-one, alone": (
        "Report\n\n51. Fifty-one.\n\nText.\n", ["para_1"],
        [(3, "a line starting with 51. is read as text (expected paragraph 1)")]),
}


MORE_HEADINGS = {
    "a bare Roman number of five letters is a part": (
        "Report\n\n1. One.\n\nXVIII.\n\n2. Two.\n", [("para_1", None), ("part_XVIII", None), ("para_2", None)]),
    "of six, text": ("Report\n\n1. One.\n\nXXVIII.\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "a Roman line that ends a sentence is text": (
        "Report\n\n1. One.\n\nII. The measures taken.\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "a Roman heading of 120 characters": (
        "Report\n\n1. One.\n\nII. " + "A" * 120 + "\n\n2. Two.\n", [("para_1", None), ("part_II", "A" * 120), ("para_2", None)]),
    "of 121, text": ("Report\n\n1. One.\n\nII. " + "A" * 121 + "\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "a Roman number without its point is text": (
        "Report\n\n1. One.\n\nII Measures\n\n2. Two.\n", [("para_1", None), ("para_2", None)]),
    "an annex number with a point and a title": (
        "Report\n\n1. One.\n\nAnnex I. Model law\n\n1. A.\n", [("para_1", None), ("annex_I", "Model law"), ("annex_I__para_1", None)]),
    "an annex reference in a sentence is text": ("Report\n\n1. One.\n\nAnnex I,\n\n2. B.\n", [("para_1", None), ("para_2", None)]),
    "a part with an em dash": (
        "Report\n\n1. One.\n\nPart II — Measures\n\n2. Two.\n", [("para_1", None), ("part_II", "Measures"), ("para_2", None)]),
    "a part with a colon": (
        "Report\n\n1. One.\n\nPart II: Measures\n\n2. Two.\n", [("para_1", None), ("part_II", "Measures"), ("para_2", None)]),
}


@pytest.mark.parametrize("name", [*CASES, *BOUNDS])
def test_numbering_rule(name):
    text, eids, warnings = {**CASES, **BOUNDS}[name]
    doc = split_paragraphs(text)
    assert [u.eid for u in doc.units] == eids
    assert [(w.line, w.message) for w in doc.warnings] == warnings


@pytest.mark.parametrize("name", [*HEADINGS, *MORE_HEADINGS])
def test_heading_rule(name):
    text, units = {**HEADINGS, **MORE_HEADINGS}[name]
    doc = split_paragraphs(text)
    assert [(u.eid, u.heading) for u in doc.units] == units
    assert doc.warnings == ()


# --- a heading's spellings, with what the unit holds (eId, number, heading, start of text) ----------
P = "Protocol\n\n"
R = "Report\n\n1. One.\n\n"
ARTICLES = "Article 1\n\nText.\n\nArticle 2\n\nMore.\n"
PARA_1 = ("para_1", 1, None, "One.")
PARA_2 = ("para_2", 2, None, "Two.")
ART_1_2 = [("art_1", 1, None, "Text."), ("art_2", 2, None, "More.")]

SPELLINGS = {
    "a preamble on a line of its own": (
        P + "Preamble\n\nThe States Parties,\n\nHave agreed as follows:\n\n" + ARTICLES,
        [("preamble", None, None, "The States Parties, Have agreed as follows:"), *ART_1_2]),
    "a preamble with a colon and its text": (
        P + "Preamble: The States Parties,\n\n" + ARTICLES, [("preamble", None, None, "The States Parties,"), *ART_1_2]),
    "a preamble glued to its text": (
        P + "Preamble:The States Parties,\n\n" + ARTICLES, [("preamble", None, None, "The States Parties,"), *ART_1_2]),
    "'Preamble,' starts a sentence, not a preamble label": (
        P + "Preamble, as adopted,\n\n" + ARTICLES, [("preamble", None, None, "Preamble, as adopted,"), *ART_1_2]),
    "an annex to an instrument": (
        R + "Annex to the Protocol\n\n1. A.\n", [PARA_1, ("annex_1", 1, "to the Protocol", ""), ("annex_1__para_1", 1, None, "A.")]),
    "a schedule to an act": (
        R + "Schedule to Part IX\n\n1. A.\n", [PARA_1, ("annex_1", 1, "to Part IX", ""), ("annex_1__para_1", 1, None, "A.")]),
    "a numbered annex to an instrument": (
        R + "Annex II to the Protocol\n\n1. A.\n",
        [PARA_1, ("annex_II", 2, "to the Protocol", ""), ("annex_II__para_1", 1, None, "A.")]),
    "an annex whose line is a sentence starts its text there": (
        R + "Annex of States that have ratified the Protocol\n\n1. A.\n",
        [PARA_1, ("annex_1", 1, None, "of States that have ratified the Protocol"), ("annex_1__para_1", 1, None, "A.")]),
    "an appendix alone": (R + "Appendix\n\n1. A.\n", [PARA_1, ("annex_1", 1, None, ""), ("annex_1__para_1", 1, None, "A.")]),
    "an appendix with a title": (
        R + "Appendix Questionnaire\n\n1. A.\n", [PARA_1, ("annex_1", 1, "Questionnaire", ""), ("annex_1__para_1", 1, None, "A.")]),
    "a chapter needs a number": (R + "Chapter Overview\n\n2. Two.\n", [("para_1", 1, None, "One. Chapter Overview"), PARA_2]),
    "a part named in a sentence is text": (
        R + "Part II of the Protocol applies.\n\n2. Two.\n", [("para_1", 1, None, "One. Part II of the Protocol applies."), PARA_2]),
    "a part whose title ends in a Roman X": (
        R + "Part II Amendments to Annex IX\n\n2. Two.\n", [PARA_1, ("part_II", 2, "Amendments to Annex IX", ""), PARA_2]),
    "a chapter line ending with a semicolon is text": (
        R + "Chapter 4 Xenophobia and racism;\n\n2. Two.\n", [("para_1", 1, None, "One. Chapter 4 Xenophobia and racism;"), PARA_2]),
    "a part whose line is a sentence starts its text there": (
        R + "Part II \u2013 Each State shall protect victims\n\n2. Two.\n",
        [PARA_1, ("part_II", 2, None, "Each State shall protect victims"), PARA_2]),
    "parts of a text without numbered paragraphs": (
        "Guidelines\n\nPart I\n\nSome text here.\n\nPart II\n\nMore text.\n",
        [("part_I", 1, None, ""), ("para_1", 1, None, "Some text here."), ("part_II", 2, None, ""), ("para_2", 2, None, "More text.")]),
    "sections of a text without numbered paragraphs": (
        "Guidelines\n\nSection 1\n\nSome text here.\n\nSection 2\n\nMore text.\n",
        [("sec_1", 1, None, ""), ("para_1", 1, None, "Some text here."), ("sec_2", 2, None, ""), ("para_2", 2, None, "More text.")]),
    "a container line of 160 characters": (
        R + "Part II " + "A" * 152 + "\n\n2. Two.\n", [PARA_1, ("part_II", 2, "A" * 152, ""), PARA_2]),
    "of 161, text": (R + "Part II " + "A" * 153 + "\n\n2. Two.\n", [("para_1", 1, None, "One. Part II " + "A" * 153), PARA_2]),
    "a Roman heading ending in a Roman X": (
        R + "II. Amendments to Annex IX\n\n2. Two.\n", [PARA_1, ("part_II", 2, "Amendments to Annex IX", ""), PARA_2]),
    "a Roman heading starting with a bracket": (
        R + "II. (a) Protection measures\n\n2. Two.\n", [PARA_1, ("part_II", 2, "(a) Protection measures", ""), PARA_2]),
    "a Roman heading starting with a quotation": (
        R + "II. \u201cdecent work\u201d for migrants\n\n2. Two.\n", [PARA_1, ("part_II", 2, "\u201cdecent work\u201d for migrants", ""), PARA_2]),
    "a Roman heading that is a sentence starts its text there": (
        R + "II. Each State shall act\n\n2. Two.\n", [PARA_1, ("part_II", 2, None, "Each State shall act"), PARA_2]),
    "Roman items without their points are text": (
        "Report\n\n1. States shall:\n\nI Protect\n\nII Assist\n\n2. Two.\n", [("para_1", 1, None, "States shall: I Protect II Assist"), PARA_2]),
    "a lettered heading": (R + "A. Trafficking in persons\n\n2. Two.\n", [PARA_1, ("sec_A", None, "Trafficking in persons", ""), PARA_2]),
    "a lettered heading of 120 characters": (R + "A. " + "T" * 120 + "\n\n2. Two.\n", [PARA_1, ("sec_A", None, "T" * 120, ""), PARA_2]),
    "of 121, text": (R + "A. " + "T" * 121 + "\n\n2. Two.\n", [("para_1", 1, None, "One. A. " + "T" * 121), PARA_2]),
    "a lettered heading with abbreviations": (
        R + "A. U.N. action against trafficking\n\n2. Two.\n", [PARA_1, ("sec_A", None, "U.N. action against trafficking", ""), PARA_2]),
    "a lettered line ending with a full stop is text": (
        R + "A. Trafficking and the U.N.\n\n2. Two.\n", [("para_1", 1, None, "One. A. Trafficking and the U.N."), PARA_2]),
    "a lettered heading ending in a Roman X": (
        R + "A. Amendments to Annex IX\n\n2. Two.\n", [PARA_1, ("sec_A", None, "Amendments to Annex IX", ""), PARA_2]),
    "a lettered heading that is a sentence starts its text there": (
        R + "A. The States shall act\n\n2. Two.\n", [PARA_1, ("sec_A", None, None, "The States shall act"), PARA_2]),
}


@pytest.mark.parametrize("name", SPELLINGS)
def test_heading_spelling(name):
    text, units = SPELLINGS[name]
    doc = split_paragraphs(text)
    assert [(u.eid, u.number, u.heading, u.text) for u in doc.units] == units
    assert doc.warnings == ()


# --- where a paragraph may start when no blank line comes before it ------------------------------

LINE_STARTS = {
    "a title line right before the first paragraph": (
        "Recommendations\n1. States should act.\n2. States should report.\n",
        [("para_1", "States should act."), ("para_2", "States should report.")], []),
    "after a blank line and a title": (
        "Report\n\nRecommendations\n1. States should act.\n2. States should report.\n",
        [("para_1", "States should act."), ("para_2", "States should report.")], []),
    "a header of two lines, then paragraphs 1 and 2": (
        "Resolution 12/3\nAdopted by the Council on 3 May\n1. Decides to act;\n2. Requests a report.\n",
        [("para_1", "Decides to act;"), ("para_2", "Requests a report.")], []),
    "a '1.' with no '2.' after a header line is text": (
        "Resolution 12/3\nAdopted by the Council in\n1. May.\n\nText.\n",
        [("para_1", "Resolution 12/3 Adopted by the Council in 1. May."), ("para_2", "Text.")], []),  # blocks: a plain text
    "an article's title line, then its paragraphs": (
        "Protocol\n\nArticle 1\nScope\n1. Each State shall act.\n2. Each State shall report.\n\nArticle 2 \u2013 Terms\n1. For this Protocol:\n2. More.\n",
        [("art_1", "1. Each State shall act. 2. Each State shall report."), ("art_1__para_1", "Each State shall act."),
         ("art_1__para_2", "Each State shall report."), ("art_2", "1. For this Protocol: 2. More."),
         ("art_2__para_1", "For this Protocol:"), ("art_2__para_2", "More.")], []),
    "a list item ending in '; or' lets the next start": (
        "Protocol\n\nArticle 1\n\nEach State shall act:\na) in its territory; or\nb) on board a ship, and\nc) on board an aircraft.\n",
        [("art_1", "Each State shall act: a) in its territory; or b) on board a ship, and c) on board an aircraft."),
         ("art_1__point_a", "in its territory; or"), ("art_1__point_b", "on board a ship, and"), ("art_1__point_c", "on board an aircraft.")], []),
    "a short line after text is text": (
        "Report of the Meeting\nGeneva Office\nfor the year\n1. Not a start.\n\nText.\n",
        [("para_1", "Report of the Meeting Geneva Office for the year 1. Not a start."), ("para_2", "Text.")], []),
    "a standalone title of 80 characters": (
        "Report\n\n" + "R" * 80 + "\n1. States should act.\n\nText.\n", [("para_1", "States should act. Text.")], []),
    "of 81, a wrapped line": (
        "Report\n\n" + "R" * 81 + "\n1. States should act.\n\nText.\n",
        [("para_1", "R" * 81 + " 1. States should act."), ("para_2", "Text.")], []),
    "a title on the first line": ("Recommendations\n1. States should act.\n\nText.\n", [("para_1", "States should act. Text.")], []),
    "in an article, a number after an unfinished line is text": (
        "Protocol\n\nArticle 1\n\nThe Parties agree, as they agreed\nin the Convention signed in\n1. Geneva.\n\n2. Two.\n",
        [("art_1", "in the Convention signed in 1. Geneva. 2. Two."), ("art_1__para_2", "Two.")],
        [(9, "paragraph 2 skips number 1 (expected 1)")]),
    "after paragraph 1 a header's rule no longer applies": (
        R + "2. Two, as adopted in\n3. Three.\n4. Four.\n",
        [("para_1", "One."), ("para_2", "Two, as adopted in 3. Three."), ("para_4", "Four.")],
        [(7, "paragraph 4 skips number 3 (expected 3)")]),
    "an indented '1.' after a header is text": (
        "Resolution 12/3\nAdopted by the Council in\n   1. Decides to act;\n2. Requests a report.\n",
        [("para_2", "Requests a report.")], [(4, "paragraph numbering starts at 2")]),
    "indented by one space": (
        "Resolution 12/3\nAdopted by the Council in\n 1. Decides to act;\n2. Requests a report.\n",
        [("para_2", "Requests a report.")], [(4, "paragraph numbering starts at 2")]),
    "wrapped numbers in a plain text stay text": (
        "Guidelines\n\nThese guidelines apply to every State and to every agency.\nThe rules, as they are set out in\n"
        "1. the first list and in\n2. the second list, apply.\n",
        [("para_1", "These guidelines apply to every State and to every agency. The rules, as they are "
                                             "set out in 1. the first list and in 2. the second list, apply.")], []),
    "a label before a line separator": (
        "Report\n\n1.\u2028\nThe States shall act.\n\n2. Two.\n", [("para_1", "The States shall act."), ("para_2", "Two.")], []),
    "a line ending in a Roman X continues": (
        "Report\n\n1. One, as in Annex X\n2. Two.\n", [("para_1", "One, as in Annex X 2. Two.")], []),
    "an indented number after a blank line starts": (
        R + "2. Two.\n\n   4. Four indented.\n", [("para_1", "One."), ("para_2", "Two."), ("para_4", "Four indented.")],
        [(7, "paragraph 4 skips number 3 (expected 3)")]),
    "an indented number after a sentence is text": (
        R + "2. Two, see the list.\n   5. an indented number.\n",
        [("para_1", "One."), ("para_2", "Two, see the list. 5. an indented number.")], []),
    "indented by one space, too": (
        R + "2. Two, see the list.\n 5. an indented number.\n",
        [("para_1", "One."), ("para_2", "Two, see the list. 5. an indented number.")], []),
    "an indented first line starts": (
        "   3. Three.\n\n4. Four.\n", [("para_3", "Three."), ("para_4", "Four.")], [(1, "paragraph numbering starts at 3")]),
    "an unindented number after a sentence starts": (
        R + "2. Two.\n4. Four.\n", [("para_1", "One."), ("para_2", "Two."), ("para_4", "Four.")],
        [(6, "paragraph 4 skips number 3 (expected 3)")]),
    "a number after an unfinished line is text": (
        R + "2. Two, continued on\n4. a line.\n", [("para_1", "One."), ("para_2", "Two, continued on 4. a line.")], []),
    "a backward number without a blank line is text": (
        R + "2. Two.\n\n3. Three.\n2. Again.\n", [("para_1", "One."), ("para_2", "Two."), ("para_3", "Three. 2. Again.")], []),
    "on the second line, too": ("3. Three.\n2. Two.\n", [("para_3", "Three. 2. Two.")], [(1, "paragraph numbering starts at 3")]),
    "back to 1 after a blank line, without a part": (
        R + "2. Two.\n\n1. Again.\n", [("para_1", "One."), ("para_2", "Two."), ("para_1_2", "Again.")],
        [(7, "paragraph number 1 repeats or goes backwards (expected 3)")]),
    "a new part does not excuse a skip": (
        R + "Part II\n\n5. Five.\n", [("para_1", "One."), ("part_II", ""), ("para_5", "Five.")],
        [(7, "paragraph 5 skips number 2-4 (expected 2)")]),
    "a far number on the first line is text, said": (
        "51. Fifty-one.\n\nText.\n\n", [("para_1", "51. Fifty-one. Text.")], [(1, "a line starting with 51. is read as text (expected paragraph 1)")]),
    "after a blank first line": (
        "\n51. Fifty-one.\n\nText.\n", [("para_1", "51. Fifty-one. Text.")], [(2, "a line starting with 51. is read as text (expected paragraph 1)")]),
    "a label alone on its line": (
        "Report\n\n1.\nThe States shall act.\n\n2.\nThey shall report.\n",
        [("para_1", "The States shall act."), ("para_2", "They shall report.")], []),
    "a label followed by a page break": (
        "Report\n\n1.\x0c\nThe States shall act.\n\n2. Two.\n", [("para_1", "The States shall act."), ("para_2", "Two.")], []),
}


@pytest.mark.parametrize("name", LINE_STARTS)
def test_line_start_rule(name):
    text, units, warnings = LINE_STARTS[name]
    doc = split_paragraphs(text)
    assert [(u.eid, u.text) for u in doc.units] == units
    assert [(w.line, w.message) for w in doc.warnings] == warnings


def test_points_under_a_chapeau_are_numbered():
    doc = split_paragraphs(P + "Article 1\n\nThe Parties undertake:\n\n1. to accept;\n\n2. to protect.\n\nArticle 2\n\nMore.\n")
    assert [(u.eid, u.kind, u.number) for u in doc.units] == [
        ("art_1", "article", 1), ("art_1__point_1", "point", 1), ("art_1__point_2", "point", 2), ("art_2", "article", 2)]


@pytest.mark.parametrize("layout, text, words", [
    ("clauses", "Report\n\n1. One.\n", "no clauses found"),
    ("numbered", "Protocol\n\nArticle 1\n\nText.\n", 'no numbered paragraphs: a paragraph starts on a line with "1. ", "2. ", ...'),
])
def test_a_forced_layout_that_does_not_fit_names_the_file(layout, text, words):
    with pytest.raises(DocumentError) as caught:
        split_paragraphs(text, layout=layout, path="r.txt")
    assert str(caught.value) == f"r.txt: {words}"


@pytest.mark.parametrize("layout, text, units", [
    ("numbered", "Report\n\n1. One.\n\n2. Two.\n", [("para_1", "One."), ("para_2", "Two.")]),
    # a forced list or resolution layout numbers its own units: "1." is text there
    ("lettered", "List\n\n(a) One;\n\n1. Numbered.\n\n(b) Two.\n", [("para_1", "One; 1. Numbered."), ("para_2", "Two.")]),
    ("clauses", "The Assembly,\n\nRecalling its resolutions,\n\n1. Numbered.\n\nUrges States to act.\n",
     [("para_1", "Recalling its resolutions, 1. Numbered."), ("para_2", "Urges States to act.")]),
])
def test_a_forced_layout(layout, text, units):
    doc = split_paragraphs(text, layout=layout, path="r.txt")
    assert [(u.eid, u.text) for u in doc.units] == units
    assert doc.path == Path("r.txt")


ALL_TEXTS = [t for t, *_ in [*CASES.values(), *BOUNDS.values(), *SPELLINGS.values(), *LINE_STARTS.values()]]


@pytest.mark.parametrize("text", [*ALL_TEXTS, *(t.rstrip("\n") for t in ALL_TEXTS)])
def test_every_character_of_every_unit_points_back_into_the_file(text):
    """With or without a final line break: each character of a unit's text is the file's character
    at its origin, or a space standing for a joined line break."""
    for unit in split_paragraphs(text).units:
        assert len(unit.origins) == len(unit.text)
        for char, at in zip(unit.text, unit.origins):
            assert text[at] == char or (char == " " and text[at].isspace()), (unit.eid, char, at)


SOURCES = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "sources"


@pytest.mark.parametrize("name, lost", [
    ("un-trafficking-protocol", set()),
    ("un-smuggling-protocol", set()),
    ("un-crc", set()),
    # a list after a chapeau without a colon ("… this Party" / "a) concerning …"): no line-start evidence
    ("coe-trafficking-convention", {"art_38__para_7__point_a", "art_38__para_7__point_b", "art_47__point_g"}),
])
def test_a_real_treaty_without_its_blank_lines_splits_the_same(name, lost):
    """Text copied from a web page or a PDF often loses the blank lines between headings, paragraphs
    and list items; the real treaties still split into their units."""
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    with_blanks = split_paragraphs(text)
    without = split_paragraphs(re.sub(r"\n[ \t]*\n+", "\n", text))
    assert {u.eid for u in with_blanks.units} - {u.eid for u in without.units} == lost
    assert {u.eid for u in without.units} <= {u.eid for u in with_blanks.units}
    assert without.warnings == ()
