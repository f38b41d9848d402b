"""Printed pages → plain text: page furniture removed, words hyphenated at line ends joined,
paragraphs rebuilt from line wraps. Pure functions on lines of text (no PDF library here), so
the rules are tested on their own (tests/extract/test_layout.py, with hypothesis).

The rules, and why (docs/extraction.md, "Reading PDF, HTML and Word"):

* **Furniture.** A line at the top or bottom of a page is a running header or footer when the
  same line (digits ignored: "Page 3 of 20" ≈ "Page 4 of 20") is at that edge on at least half
  the pages (and two), or when it is a bare page number ("3", "- 3 -", "Page 3", "3/20", "iv").
  Up to two lines are peeled from each edge, one at a time, so a two-line header goes and the
  title under it stays.
* **Hyphens.** "obliga-" + "tions" is one word when the document itself uses "obligations" and
  not "obliga-tions"; "cross-" + "border" keeps its hyphen when the document writes "cross-border"
  elsewhere. When it uses neither, the hyphen stays if both halves are words of the document
  ("twenty-" + "first"), the first is a prefix English hyphenates ("non-", "self-", "anti-"…) or
  the second half starts with a capital ("non-" + "State"), and goes
  otherwise: a typesetter's break is far more common than an unseen compound.
* **Paragraphs.** A line starts a new paragraph after a vertical gap wider than the document's
  usual line spacing, after a line that stops short (the next line's first word would have fit
  on it, with a tenth of the width to spare: columns count characters, not their widths), or when it starts with a label ("2.", "(b)", "Article 5") after a line that ends a
  sentence or clause. Other line ends are wraps and become spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SLACK = 0.9  # a line stops short when it and the next word end before this share of the width
EDGE_LINES = 2  # how many lines are peeled from each edge of a page, at most
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"(?:(?:page|p\.|pg\.?)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]?\s*[ivxlc]{1,7}\s*[-–—]?",
    re.IGNORECASE,
)
_ROMAN_UPPER = re.compile(r"[IVXLC]+")  # "IV" alone may be a part's number: only lower-case counts
_LABEL = re.compile(
    r"(?:\d{1,3}\.(?:\d{1,3}\.?)*|\(?[a-z]{1,2}\)|\(?[ivxlc]{1,6}\)|\(\d{1,3}\)|\d{1,3}\)"
    r"|[IVXLC]{1,6}\.?$|(?:Article|ARTICLE|Chapter|CHAPTER|Part|PART|Section|SECTION|Annex|ANNEX)\s+[\dIVXLC]+)(?=\s|$)"
)
_CLAUSE_END = re.compile(r"[.;:!?)\]»”\"']$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# prefixes English writes with a hyphen ("non-governmental", "self-regulation"): the tie-break
# for a compound the document uses nowhere else. Not "inter", "pre", "sub": those are syllables
# a typesetter breaks at ("inter-national").
KEEP_PREFIXES = frozenset({"non", "self", "anti", "ex", "quasi", "cross", "well", "half", "all"})
_HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen


@dataclass(frozen=True)
class Line:
    """One printed line: its text (no leading spaces), its indent and width in columns (the
    layout's character grid), and the blank lines above it on the page."""

    text: str
    indent: int = 0
    blank_before: int = 0

    @property
    def end(self) -> int:
        return self.indent + len(self.text)


def lines_of(page: str) -> list[Line]:
    """A page laid out as text (blank lines for vertical space) → its non-blank lines."""
    out: list[Line] = []
    blanks = 0
    for raw in page.splitlines():
        text = raw.rstrip()
        if not text.strip():
            blanks += 1
            continue
        stripped = text.lstrip()
        out.append(Line(" ".join(stripped.split()), len(text) - len(stripped), blanks if out else 0))
        blanks = 0
    return out


# --- page furniture ---------------------------------------------------------------------------


def furniture_key(text: str) -> str:
    """What makes two header lines the same: the words, with every number alike — but a line
    that starts like a unit ("Article 3", "2. States Parties") keeps its numbers, so articles
    that happen to open several pages are not taken for a running header."""
    words = " ".join(text.lower().split())
    return words if _LABEL.match(text) else _DIGITS.sub("#", words)


def is_page_number(text: str) -> bool:
    text = text.strip()
    if not _PAGE_NUMBER.fullmatch(text):
        return False
    return not _ROMAN_UPPER.fullmatch(text.strip("-–— "))


def strip_furniture(pages: Sequence[Sequence[Line]]) -> tuple[list[list[Line]], list[str]]:
    """Running headers, footers and page numbers removed from each page's edges. Returns the
    pages and the lines removed (for the report)."""
    kept = [list(page) for page in pages]
    removed: list[str] = []
    with_text = sum(1 for page in kept if page)
    need = max(2, (with_text + 1) // 2)
    for edge in (0, -1):
        for _ in range(EDGE_LINES):
            counts = Counter(furniture_key(page[edge].text) for page in kept if page)
            changed = False
            for page in kept:
                if not page:
                    continue
                line = page[edge]
                if is_page_number(line.text) or (with_text >= 2 and counts[furniture_key(line.text)] >= need):
                    removed.append(line.text)
                    del page[edge]
                    if edge == 0 and page:  # the line below the header starts the page now
                        page[0] = Line(page[0].text, page[0].indent, 0)
                    changed = True
            if not changed:
                break
    return kept, removed


# --- hyphenation ------------------------------------------------------------------------------


def vocabulary(lines: Iterable[str]) -> Counter[str]:
    """The document's own words (lower case), and its hyphenated compounds whole, counted where
    they stand inside a line: what decides whether a line-end hyphen is the word's own."""
    counts: Counter[str] = Counter()
    broken = False
    for text in lines:
        tokens = text.split()
        if broken and tokens:
            tokens = tokens[1:]  # the end of a word broken on the line above
        broken = bool(tokens) and tokens[-1][-1:] in _HYPHENS
        if broken:
            tokens = tokens[:-1]  # a line-end fragment is not a word
        for token in tokens:
            word = _bare(token)
            if word:
                counts[word] += 1
                if "-" in word:
                    counts.update(part for part in word.split("-") if part)
    return counts


def _bare(token: str) -> str:
    match = _WORD.search(token)
    return match.group(0).lower().strip("-'’") if match else ""


def join_hyphenated(left: str, right: str, words: Counter[str]) -> str:
    """``left`` ends a line with a hyphen, ``right`` starts the next: the word as one token,
    with or without the hyphen (the rule in the module's docstring)."""
    stem = left[:-1]
    if left.endswith("\u00ad"):  # a soft hyphen is a break, never a character
        return stem + right
    head = _bare(stem.split("-")[-1]) if stem else ""
    tail = _bare(right)
    if not head or not tail or not stem[-1:].isalpha() or not right[:1].isalpha():
        return left + right  # "1990-" + "2000", "-" alone: not a word broken by a typesetter
    joined, compound = head + tail, f"{head}-{tail}"
    whole_left = _bare(stem)
    if "-" in whole_left:  # "self-" + "employment-related": the compound as written so far
        joined, compound = whole_left + tail, f"{whole_left}-{tail}"
    as_one, as_compound = words[joined], words[compound]
    if as_compound > as_one:
        return left + right
    if as_one > as_compound:
        return stem + right
    if right[:1].isupper() or head in KEEP_PREFIXES or (len(head) > 1 and len(tail) > 1 and words[head] and words[tail]):
        return left + right
    return stem + right


# --- paragraphs -------------------------------------------------------------------------------


def paragraphs(pages: Sequence[Sequence[Line]]) -> list[str]:
    """The pages' lines as paragraphs: wraps joined (hyphenation resolved), breaks kept."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    spacing = _usual_spacing(pages)
    width = _usual_width(lines)
    margin = _usual_indent(lines)
    words = vocabulary(line.text for line in lines)
    out: list[str] = []
    current = lines[0].text
    previous = lines[0]
    for line in lines[1:]:
        if _starts_paragraph(previous, line, spacing, width, margin):
            out.append(current)
            current = line.text
        elif current.endswith(tuple(_HYPHENS)) and current.rpartition(" ")[2].strip(_HYPHENS):
            head, _, rest = current.rpartition(" ")
            first, _, after = line.text.partition(" ")
            word = join_hyphenated(rest, first, words)
            current = " ".join(part for part in (head, word, after) if part)
        else:
            current = f"{current} {line.text}"
        previous = line
    out.append(current)
    return out


def _starts_paragraph(previous: Line, line: Line, spacing: int, width: int, margin: int) -> bool:
    if line.blank_before > spacing:
        return True
    if previous.text.endswith(tuple(_HYPHENS)):
        return False
    first = line.text.split(" ", 1)[0]
    # the next word would have fitted: a deliberate end. Columns count characters, not their
    # widths, so full lines of a proportional font spread over about a tenth of the width
    if previous.end + 1 + len(first) < width * SLACK:
        return True
    ends_clause = bool(_CLAUSE_END.search(previous.text))
    if ends_clause and _LABEL.match(line.text):
        return True
    return ends_clause and line.indent > margin + 1  # a first-line indent


def _usual_spacing(pages: Sequence[Sequence[Line]]) -> int:
    """The blank lines between two lines of one paragraph: the commonest count (0 in most
    layouts; 1 where the layout spaces every line)."""
    counts = Counter(line.blank_before for page in pages for line in page[1:])
    if not counts:
        return 0
    spacing, seen = counts.most_common(1)[0]
    # a few lines say nothing about the layout: spaced lines must be most of many to count
    return spacing if spacing == 0 or (seen >= 8 and seen * 2 > counts.total()) else 0


def _usual_width(lines: Sequence[Line]) -> int:
    """Where a full line ends: a high percentile of the line ends, so short lines (headings,
    last lines) do not pull it down and one wide table row does not push it up."""
    ends = sorted(line.end for line in lines)
    return ends[min(len(ends) - 1, int(len(ends) * 0.9))]


def _usual_indent(lines: Sequence[Line]) -> int:
    return Counter(line.indent for line in lines).most_common(1)[0][0]


def page_text(pages: Sequence[Sequence[Line]]) -> str:
    """The final text: paragraphs separated by a blank line, ending with a newline."""
    body = "\n\n".join(paragraphs(pages))
    return body + "\n" if body else ""
