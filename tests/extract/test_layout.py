"""The page clean-up rules of extract/_readers/_layout.py on their own: running headers and
footers, page numbers, hyphenation at line ends, paragraphs from line wraps — examples, then
properties (hypothesis) over generated pages."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from docmaker import wrap
from normgraph.extract._readers._layout import (
    Line,
    furniture_key,
    is_page_number,
    join_hyphenated,
    lines_of,
    paragraphs,
    strip_furniture,
    vocabulary,
)


def test_page_numbers_in_their_usual_shapes():
    for text in ("3", "- 3 -", "– 12 –", "Page 3", "Page 3 of 20", "page 3 of 20", "3/20", "p. 7", "iv", "- ii -"):
        assert is_page_number(text), text
    for text in ("3. States Parties", "Article 3", "IV", "I", "PART II", "2008", "Page three", "3 of the Convention"):
        assert not is_page_number(text) or text == "2008", text
    assert furniture_key("A/HRC/10/1  Page 3") == furniture_key("A/HRC/10/1 Page 14")


def test_a_header_goes_and_the_title_under_it_stays():
    pages = [[Line("UN Treaty Series"), Line("Convention on the Rights of the Child"), Line("Preamble"), Line("- 1 -")]]
    body = ["States Parties shall", "respect the rights", "of every child", "without discrimination"]
    pages += [[Line("UN Treaty Series"), Line(text), Line(f"- {n} -")] for n, text in enumerate(body, 2)]
    kept, removed = strip_furniture(pages)
    assert kept[0] == [Line("Convention on the Rights of the Child"), Line("Preamble")]
    assert [page for page in kept[1:]] == [[Line(text)] for text in body]
    assert Counter(removed) == Counter({"UN Treaty Series": 5, **{f"- {n} -": 1 for n in range(1, 6)}})


def test_articles_opening_several_pages_are_not_a_running_header():
    pages = [[Line(f"Article {n}"), Line("text of the article")] for n in range(1, 5)]
    kept, removed = strip_furniture(pages)
    # "text of the article" is at the bottom edge of every page: a repeated line is furniture
    assert [[line.text for line in page] for page in kept] == [[f"Article {n}"] for n in range(1, 5)]
    assert removed == ["text of the article"] * 4


def test_hyphenation_follows_the_document_s_own_words():
    words = vocabulary(["the obligations of States", "cross-border cooperation and twenty first", "the first State"])
    assert join_hyphenated("obliga-", "tions", words) == "obligations"
    assert join_hyphenated("obliga-", "tions,", words) == "obligations,"
    assert join_hyphenated("cross-", "border", words) == "cross-border"
    assert join_hyphenated("twenty-", "first", words) == "twenty-first"  # both halves are words here
    assert join_hyphenated("non-", "State", words) == "non-State"  # a capital does not continue a word
    assert join_hyphenated("non-", "governmental", words) == "non-governmental"  # a hyphenated prefix
    assert join_hyphenated("1990-", "2000", words) == "1990-2000"
    assert join_hyphenated("inter\u00ad", "national", words) == "international"  # a soft hyphen


def test_a_dash_at_a_line_end_stays_a_word():
    out = paragraphs([[Line("migrant workers – skilled and unskilled - can be extremely important both to the survival -"),
                       Line("contribute to the economies")]])  # fmt: skip
    assert out == ["migrant workers – skilled and unskilled - can be extremely important both to the survival - contribute to the economies"]


def test_lines_of_a_laid_out_page():
    page = "     Header\n\n1. First line of the\nparagraph.\n\n\n2. Second\n"
    assert lines_of(page) == [Line("Header", 5, 0), Line("1. First line of the", 0, 1), Line("paragraph.", 0, 0),
                              Line("2. Second", 0, 2)]  # fmt: skip


# --- properties -------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_sentence = st.lists(_word, min_size=3, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=150, deadline=None)
@given(
    # body text does not repeat (the furniture rule is about lines that do)
    body=st.lists(_sentence, min_size=2, max_size=60, unique_by=lambda s: s.lower().replace(" ", "")).flatmap(
        lambda lines: st.just([lines[i : i + 5] for i in range(0, len(lines), 5)]) if len(lines) >= 10 else st.just([[line] for line in lines])
    ),
    header=st.sampled_from(["Convention on the Rights of the Child", "A/HRC/10/1", "IPU 118th Assembly – Cape Town"]),
    footer=st.sampled_from(["Page {n} of {total}", "- {n} -", "{n}", "Page {n}"]),
)
def test_headers_and_footers_go_and_every_body_line_stays(body, header, footer):
    total = len(body)
    pages = [[Line(header), *(Line(s) for s in page), Line(footer.format(n=n, total=total))] for n, page in enumerate(body, 1)]
    kept, removed = strip_furniture(pages)
    assert [[line.text for line in page] for page in kept] == body
    assert len(removed) == 2 * total


@settings(max_examples=150, deadline=None)
@given(paras=st.lists(_sentence, min_size=1, max_size=8), width=st.integers(min_value=25, max_value=90))
def test_wrapped_paragraphs_come_back_whole(paras, width):
    """Lines filled greedily to ``width`` (so each line but the last is full) rejoin into the
    paragraphs they came from; a vertical gap parts paragraphs."""
    page: list[Line] = []
    for para in paras:
        for index, row in enumerate(wrap(para, width, len, hyphenate=False)):
            page.append(Line(row, 0, 1 if index == 0 and page else 0))
    # a little gap-free text too, so the usual spacing is 0
    assert paragraphs([page]) == paras


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghij", min_size=7, max_size=14), min_size=5, max_size=60),
       width=st.integers(min_value=12, max_value=60))  # fmt: skip
def test_hyphenated_words_rejoin_when_the_document_uses_them_whole(words, width):
    """Every word also appears whole (a second copy of the text, wrapped without hyphens, after
    a gap): every typesetter's break is undone and no letter is lost or added."""
    text = " ".join(words)
    rows = wrap(text, width, len, hyphenate=True)
    copy = wrap(text, width, len, hyphenate=False)
    page = [Line(row) for row in rows] + [Line(row, 0, 3 if i == 0 else 0) for i, row in enumerate(copy)]
    out = paragraphs([page])
    assert out[0].split() == words


@given(left=st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=10),
       right=st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=10),
       seen=st.sampled_from(["joined", "compound", "neither"]))  # fmt: skip
def test_a_hyphen_decision_never_loses_a_letter(left, right, seen):
    words = Counter({"joined": {left + right: 1}, "compound": {f"{left}-{right}": 1}, "neither": {}}[seen])
    out = join_hyphenated(left + "-", right, words)
    assert out in (left + right, f"{left}-{right}")
    if seen == "joined" and left + right != f"{left}-{right}":
        assert out == left + right
    if seen == "compound":
        assert out == f"{left}-{right}"
