"""The quote check (builders/corpus.py: _check_quotes, document.Unit.find): every norm's and every
claim's quote is a verbatim, case-sensitive substring of its unit's text, its occurrence exists,
and a quote that is not is refused in one line naming the file, the line and the paragraph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normgraph.builders.corpus import load_corpus
from normgraph.builders.document import read_document
from normgraph.errors import AnnotationError, NormgraphError

CLAIM = "quote: Some 98 per cent of those involved are women, according to the ILO."
NORM = "quote: Transit countries should not detain victims."
RIGHT = "quote: Each child has the right to education."


def _edit(corpus: Path, old: str, new: str) -> Path:
    path = corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _refusal(corpus: Path) -> str:
    with pytest.raises(AnnotationError) as info:
        load_corpus(corpus)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("old", "new", "line", "paragraph", "quote"),
    [
        # a claim's quote that is not in its paragraph: refused like a norm's
        (CLAIM, CLAIM.replace("98", "97"), 71, 3, "'Some 97 per cent of those involved are women, according to …'"),
        # the same words in another case are not the text's words: for norms and for claims
        (NORM, NORM.replace("Transit", "transit"), 60, 2, "'transit countries should not detain victims.'"),
        (RIGHT, RIGHT.replace("education", "Education"), 65, 2, "'Each child has the right to Education.'"),
        (CLAIM, CLAIM.replace("women", "Women"), 71, 3, "'Some 98 per cent of those involved are Women, according to …'"),
        # one character more or less than the text
        (NORM, NORM.replace("victims.", "victims.."), 60, 2, "'Transit countries should not detain victims..'"),
    ],
)
def test_a_quote_not_verbatim_is_refused_with_file_line_and_paragraph(mini_corpus, old, new, line, paragraph, quote):
    path = _edit(mini_corpus, old, new)
    message = _refusal(mini_corpus)
    assert message == f"{path}:{line}: paragraph {paragraph}: the quote {quote} is not a verbatim substring of the paragraph's text"


def test_a_claim_quote_asked_for_a_second_time_is_refused(mini_corpus):
    path = _edit(mini_corpus, CLAIM, CLAIM + "\n        occurrence: 2")
    message = _refusal(mini_corpus)
    assert message == (f"{path}:71: paragraph 3: the quote 'Some 98 per cent of those involved are women, according to …' "
                       "occurs only 1 time(s), occurrence 2 was asked for")  # fmt: skip


def test_a_quote_of_sixty_characters_is_shown_whole_a_longer_one_cut(mini_corpus):
    sixty = "Transit countries should not detain victims, nor their kids."
    assert len(sixty) == 60
    path = _edit(mini_corpus, NORM, "quote: " + sixty)
    assert _refusal(mini_corpus) == f"{path}:60: paragraph 2: the quote {sixty!r} is not a verbatim substring of the paragraph's text"
    _edit(mini_corpus, sixty, sixty + "!")
    assert _refusal(mini_corpus) == (f"{path}:60: paragraph 2: the quote 'Transit countries should not detain victims, nor their kids…' "
                                     "is not a verbatim substring of the paragraph's text")  # fmt: skip


def test_the_verbatim_quotes_of_the_mini_corpus_load(mini_corpus):
    """The positive control: the same file unedited loads, with its claim and its norms."""
    (doc,) = load_corpus(mini_corpus).documents
    claims = doc.annotations.paragraphs[3].claims
    assert [c.quote for c in claims] == [CLAIM.removeprefix("quote: ")]
    assert len(doc.annotations.paragraphs[2].norms) == 2


def test_a_bad_claim_quote_on_the_command_line_is_one_line_not_a_traceback(mini_corpus, tmp_path):
    path = _edit(mini_corpus, CLAIM, CLAIM.replace("ILO", "UN"))
    done = subprocess.run([sys.executable, "-m", "normgraph", "build", "--corpus", str(mini_corpus), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "AssertionError" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"normgraph: error: {path}:71: paragraph 3: the quote ")
    assert line.endswith("is not a verbatim substring of the paragraph's text")
    assert not (tmp_path / "out" / "normgraph.ttl").exists()


# --- Unit.find: the offsets the selectors carry ---------------------------------------------------


@pytest.fixture(scope="module")
def unit(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("find") / "text.txt"
    path.write_text("A title\n\n1. States act. States act again. Then states rest.\n", encoding="utf-8")
    return read_document(path).unit(1)


def test_find_gives_the_span_of_each_occurrence(unit):
    assert unit.text == "States act. States act again. Then states rest."
    assert unit.find("States act") == (0, 10)
    assert unit.find("States act", 1) == (0, 10)
    assert unit.find("States act", 2) == (12, 22)
    assert unit.find("States act", 3) is None
    assert unit.find("S", 2) == (12, 13)  # overlapping candidates: one character on
    assert unit.find("rest.") == (42, 47)  # the very end of the text
    assert unit.find("A") is None  # the heading is not the paragraph's text


def test_find_is_case_sensitive(unit):
    assert unit.find("states rest") == (35, 46)
    assert unit.find("States rest") is None
    assert unit.find("states act") is None
    assert unit.find("STATES ACT") is None


def test_an_error_is_a_normgraph_error():
    assert issubclass(AnnotationError, NormgraphError)


# --- the units the quotes are checked in -------------------------------------------------------


def test_a_key_the_text_does_not_have_is_refused_naming_the_units(tmp_path):
    folder = tmp_path / "corpus" / "treaty"
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text("A Treaty\n\nArticle 1\n\nStates shall act.\n\nArticle 2\n\nStates shall rest.\n",
                                     encoding="utf-8")  # fmt: skip
    path = folder / "annotations.yaml"
    path.write_text("document:\n  title: A treaty\nparagraphs:\n  art_3:\n    reviewed: true\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        load_corpus(tmp_path / "corpus")
    assert str(info.value) == f"{path}:4: unit art_3: the text has no unit art_3 (its units are art_1, art_2)"


def test_two_keys_for_one_unit_are_refused(mini_corpus):
    path = mini_corpus / "mini-doc" / "annotations.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write("  para_1:\n    reviewed: true\n")
    assert _refusal(mini_corpus) == f"{path}:75: unit para_1: para_1 and 1 name the same unit (paragraph 1)"
