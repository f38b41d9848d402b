"""The splitter's numbering rules one by one, each with the units it makes and the exact warning
it gives (line and words): skips, repeats, restarts after a part or an annex, late starts, numbers
read as text, glued labels, numbered items under an article's chapeau. Written against the
survivors of mutation testing (docs/testing.md); every expectation was checked by reading."""

from __future__ import annotations

import pytest

from normgraph.builders.document import split_paragraphs

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
