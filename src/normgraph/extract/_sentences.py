"""Sentences with offsets: a small, tested rule set (no model, no download).

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by white
space and a capital letter, a digit, an opening quote or bracket — unless the word before the full
stop is a known abbreviation ("e.g.", "No.", "Art."), a single capital initial ("J."), or a
number label inside a list. A leading list label ("2.", "(a)", "iii)") is left out of the sentence
that follows it. pysbd 0.3.4 was measured on the seed at about 2 ms a paragraph, 170 times these
rules and four times the whole extractor's budget (docs/extraction.md).
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+(?:[\"“‘'(\[]?[A-Z0-9\u00c0-\u024f]|\(?[a-z]{1,4}\)\s))")
_ABBREVIATIONS = frozenset(
    """e.g i.e etc cf al vs viz approx incl esp resp no nos art arts para paras p pp vol vols ch
    sect sec fig figs ed eds mr mrs ms dr prof st jr sr co corp inc ltd dept gov govt res doc
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u""".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LEADING_LABEL = re.compile(r"(?:\(?\d{1,3}[.)]|\(?[a-z]\)|\(?[ivx]{1,5}\)|\d{1,3}\))\s+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, white space trimmed, end exclusive."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _not_an_end(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        label = _LEADING_LABEL.match(text, a)
        if label:
            a = label.end()
        if a < b:
            out.append((a, b))
    return out


def _not_an_end(text: str, dot: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not before:
        return False
    word = before.group(1)
    lowered = word.lower().rstrip(".")
    if lowered in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    if word.isdigit() and len(word) <= 2:
        # "Article 6. States ..." ends a sentence; "... as follows: 1. States" is a label
        previous = text[max(0, dot - len(word) - 2) : dot - len(word)].strip()
        return previous == "" or previous.endswith((":", ";", "."))
    return False


# A recital opens with one of these words; in a preamble run into one line ("…, Recalling …,
# Bearing in mind that …") each recital is a sentence of its own.
_RECITAL = re.compile(
    r"[,;]\s+(?=(?:Recalling|Reaffirming|Recogni[sz]ing|Noting|Taking|Bearing|Considering|Concerned|Alarmed|"
    r"Acknowledging|Aware|Convinced|Emphasi[sz]ing|Welcoming|Mindful|Stressing|Underlining|Expressing|Guided|"
    r"Determined|Affirming|Believing|Having|Observing|Regretting|Deploring|Desiring|Desirous|Declaring|"
    r"Realizing|Realising|Reiterating|Deeply|Gravely|Seriously|Have\s+agreed|Adopts?)\b)"
)


def recital_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` cut again where a new recital starts after a comma or semicolon."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for cut in _RECITAL.finditer(text, a, b):
            if cut.start() > start:
                out.append((start, cut.start()))
            start = cut.end()
        if start < b:
            out.append((start, b))
    return out

