"""A document text as received → a hierarchy of units with offsets back into the original.

Units follow Akoma Ntoso / AKN4UN: a preamble; containers (annexes, parts, chapters, sections)
with their headings; articles with their titles; numbered paragraphs (of a report, a resolution,
or inside an article); lettered, numbered and roman points inside them. Every unit has a stable,
readable eId in the Akoma Ntoso style (``para_53``, ``art_6__para_3__point_b``,
``annex_1__art_1``, ``chp_II``), its number as printed, its heading, its text and exact offsets,
and its parent. Containers do not prefix the eIds of what they hold (articles are numbered
through a treaty); annexes do (their numbering restarts).

Numbering irregularities are warnings, never errors: a label glued to its text ("1.To ensure"),
a gap, a repeat, numbering that restarts in an annex, a cross-reference at a line start that
looks like a label. The document always splits; only an empty, binary or undecodable file is an
error. The rules, pinned by the tests on the seed and on the real treaties in ``../shared``:

- A label starts a unit only at a line start where a new unit may begin: the first line, after a
  blank line, after a line that ends a sentence or clause (``. ; : ,``) or a list item (``; or``,
  ``, and``), or after a heading (a short title standing alone, or an article's or a part's
  heading line taken whole: "Article 1" / "Scope" / "1. Each State …"). So a wrapped line
  starting "2015. The goals" continues its paragraph. A document's first "1." may also follow a
  header line ("Adopted on 3 May" / "1. Decides …;") when "2." follows where a unit may begin.
- ``text`` (``ng:text``) is the unit's body after its label (and after an article's title line),
  each hard line break with the white space around it joined into one space, trailing white space
  dropped; nothing else changes (double spaces, curly quotes and typos stay). A unit's text holds
  its sub-units' text (an article's text holds its paragraphs).
- Offsets are Unicode code points into the decoded file, end exclusive; byte offsets into the UTF-8
  file are derived from them.
- ``paragraphs`` are the units one annotates: the preamble, numbered paragraphs, articles without
  numbered paragraphs, unnumbered clauses or blocks. Points stay inside their paragraph's text.

Layouts found (``layout``): ``articles`` (a treaty), ``numbered`` (a report or resolution with
numbered paragraphs), ``clauses`` (a resolution whose clauses are not numbered: "Recalling …",
"Urges …"; numbered 1, 2, … in order), ``lettered`` (a list of "(a)", "b)" items), ``plain`` (no
labels at all: blocks between blank lines, numbered in order). ``layout=`` forces one of the first
four; ``"auto"`` picks.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._help import Brief
from ..errors import DocumentError
from ..ontology.eid import citation_to_eid

_WS = "[ \t\f\v\u00a0\ufeff]"  # form feeds: page breaks in text extracted from PDF
_BREAK = re.compile(r"[^\S\n]*\n\s*")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Rank: a unit holds units of higher rank. Top-level paragraphs and clauses sit at rank 5.
_RANK = {"annex": 0, "preamble": 1, "part": 1, "chapter": 2, "section": 3, "article": 4, "paragraph": 5,
         "point": 6, "subpoint": 7}  # fmt: skip
_EID_NAME = {"annex": "annex", "preamble": "preamble", "part": "part", "chapter": "chp", "section": "sec",
             "article": "art", "paragraph": "para", "point": "point", "subpoint": "point"}  # fmt: skip
_CITE_NAME = {"annex": "Annex", "part": "Part", "chapter": "Chapter", "section": "Section", "article": "Article"}
_CONTAINERS = frozenset({"annex", "part", "chapter", "section"})
_HEADED = _CONTAINERS | {"article"}  # units whose label line may hold only a heading
_PREFIXING = frozenset({"annex", "preamble", "article", "paragraph", "point", "subpoint"})  # kinds that prefix children's eIds

_ROMAN_RE = r"[IVXLC]{1,7}"
_NUM_WORDS = {w: i for i, w in enumerate("ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN".split(), start=1)}
_SEP = _WS + r"*[.:\-\u2013\u2014]?" + _WS + "*"

_PREAMBLE = re.compile(_WS + r"*(?:Preamble|PREAMBLE)\b" + _SEP)
_CONTAINER = re.compile(
    _WS + r"*(?P<word>ANNEX|Annex|SCHEDULE|Schedule|APPENDIX|Appendix|PART|Part|CHAPTER|Chapter|SECTION|Section|TITLE)"
    r"(?:" + _WS + r"+(?P<num>" + _ROMAN_RE + r"|\d{1,3}|[A-Z]|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)\b)?" + _SEP
)
_CONTAINER_KIND = {"annex": "annex", "schedule": "annex", "appendix": "annex", "part": "part", "chapter": "chapter",
                   "section": "section", "title": "part"}  # fmt: skip
# A Roman numeral alone ("I", "II.") or with a short heading ("III. Protection of victims"): a part.
_ROMAN_HEADING = re.compile(_WS + r"*(?P<num>" + _ROMAN_RE + r")\.?(?:" + _WS + r"+(?=[A-Z]))?")
_LETTER_HEADING = re.compile(_WS + r"*(?P<num>[A-H])\." + _WS + r"+(?=[A-Z])")
_ARTICLE = re.compile(
    _WS + r"*(?:Article|ARTICLE|Art\.)" + _WS + r"+(?P<num>\d{1,4}|" + _ROMAN_RE + r")(?P<suffix>" + _WS
    + r"?(?:bis|ter|quater|[a-z]))?\b(?=" + _WS + r"*(?:$|[.:\-\u2013\u2014]|[A-Z\u201c\"]))" + _SEP
)
# "12. ", " 7. ", "1.To ensure" (glued), "40.  Although"
# after the point: white space (a form feed too: "1.\f" ends a PDF page; a byte order mark is text), or a capital
_NUMBERED = re.compile(_WS + r"*(?P<num>\d{1,4})\.(?:[ \t\f\v\u00a0]+|$|(?=[A-Z\u201c\"\u2018(]))")
_POINT = re.compile(_WS + r"*(?P<open>\()?(?P<num>[a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)" + _WS + r"*(?=\S)")
_PAGE_NUMBER = re.compile(r"\s*[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]\s*")  # "- 5 -": a page number, not an item
_BULLET = re.compile(_WS + r"*[-\u2022\u2013\u2014\u25aa\u25cf\u00b7*]" + _WS + r"+(?=\S)")  # "- take …", "• ensure …"
_CLAUSE = re.compile(
    _WS + r"*(?:(?:Also|Further|Strongly|Deeply|Gravely|Seriously|Firmly|Again|Once again|Finally),?\s+"
    r"[a-z]+(?:s|ing|ed)\b|"
    r"(?:Recalling|Reaffirming|Recogni[sz]ing|Noting|Taking|Bearing|Considering|Concerned|"
    r"Alarmed|Acknowledging|Aware|Convinced|Emphasi[sz]ing|Welcoming|Mindful|Stressing|Underlining|"
    r"Expressing|Guided|Determined|Affirming|Believing|Having|Observing|Regretting|Deploring|"
    r"Desiring|Encouraged|Calls|Urges|Requests|Recommends|Encourages|Invites|Decides|Affirms|"
    r"Reaffirms|Condemns|Declares|Resolves|Appeals|Demands|Welcomes|Notes|Stresses|Emphasi[sz]es|"
    r"Underlines|Supports|Endorses|Takes|Expresses|Recogni[sz]es|Commends|Proposes|Asks|Exhorts|"
    r"Instructs|Authori[sz]es|Approves|Adopts|Deplores|Reiterates|Insists)\b)"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A heading on its label's line is short and ends without a sentence end; a sentence there is text.
_LIST_END = re.compile(r"[;,]\s*(?:or|and|and/or)$")  # "a) in its territory; or": the next item may start
_TITLE_LIKE = re.compile(r"[^.;:!?]{1,160}|.{1,160}[^.;:,!?]")
_SENTENCE_WORD = re.compile(r"\b(?:shall|should|must|may|will|is|are|has|have)\b")


def _roman(numeral: str) -> int | None:
    numeral = numeral.upper()
    if not numeral or any(ch not in _ROMAN for ch in numeral):
        return None
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if total > 0 else None


@dataclass(frozen=True)
class StructureWarning:
    """A numbering irregularity: the document still splits."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Unit(metaclass=Brief):
    """One unit of a document: its kind, eId, printed number, heading, text and place in the file."""

    number: int | None
    """The printed number as an integer (arabic or Roman), or the unit's place for unnumbered
    clauses and blocks; None for lettered points."""
    text: str
    char_start: int
    """Offset of the unit's label (or first character) in the decoded file."""
    char_end: int
    """Offset just after the unit's last non-blank character (its sub-units included)."""
    line: int
    """1-based line of the label."""
    origins: Sequence[int] = field(repr=False, compare=False)
    """For each character of ``text``, its offset in the decoded file (a joined break maps to
    the first white-space character it replaced). An ``array('q')``: 8 bytes a character, where a
    tuple of ints took about 36."""
    kind: str = "paragraph"
    eid: str = ""
    num: str | None = None
    """The number or letter as printed ("6", "VI", "b", "ii"), without brackets or full stop."""
    heading: str | None = None
    """An article's title or a container's heading, never part of ``text``."""
    parent: str | None = None
    """The eId of the unit that holds this one (None at the top)."""
    citation: str = ""
    """How a reader cites it: "paragraph 53", "Article 6(3)(b)", "Annex I, Article 1", "Preamble"."""

    def find(self, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
        """Start and end of the ``occurrence``-th ``quote`` in ``text``, or None."""
        start = -1
        for _ in range(occurrence):
            start = self.text.find(quote, start + 1)
            if start < 0:
                return None
        return start, start + len(quote)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The file offsets (code points, end exclusive) of ``text[start:end]``."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} is outside {self.citation or self.eid}")
        return self.origins[start], self.origins[end - 1] + 1

    @property
    def key(self) -> int | str:
        """The annotation key: the number of a top-level numbered paragraph, else the eId."""
        return self.number if _is_top_paragraph(self) and self.number is not None else self.eid


Paragraph = Unit  # the name the builders used before units had kinds


def _is_top_paragraph(unit: Unit) -> bool:
    """A report's or resolution's own numbered paragraph (containers do not prefix eIds, so a
    paragraph inside "Part I" of a report is still ``para_N``)."""
    return unit.kind == "paragraph" and unit.eid == f"para_{unit.number}"


@dataclass(frozen=True)
class DocumentText(metaclass=Brief):
    """A document's text as received, its units and the units one annotates (``paragraphs``)."""

    path: Path | None
    text: str
    paragraphs: tuple[Unit, ...]
    preamble: str = ""
    """The text before the first unit (title and front matter), stripped."""
    _byte_prefix: tuple[Sequence[int], Sequence[int]] | None = field(default=None, repr=False, compare=False)
    """Where the text's non-ASCII characters are, and how many extra UTF-8 bytes lie up to and
    including each (texts are mostly ASCII: a table per character cost a third of a build)."""
    layout: str = "numbered"
    units: tuple[Unit, ...] = ()
    warnings: tuple[StructureWarning, ...] = ()
    title: str = ""

    def paragraph(self, number: int) -> Unit:
        """The annotated unit numbered ``number`` at the top (a paragraph, an article, a clause)."""
        found = self._index().get(number)
        if found is None:
            raise KeyError(number)
        return found

    def unit(self, key: int | str) -> Unit:
        """A unit by annotation key: an eId (``art_6__para_3``), a number (53: paragraph 53 of a
        report, Article 53 of a treaty) or a citation ("Article 6(3)(b)", "paragraph 53",
        "Annex I, Article 1", "art. 6.3", "Preamble")."""
        index = self._index()
        if isinstance(key, int) or (isinstance(key, str) and re.fullmatch(r"[0-9]+", key.strip())):  # not isdigit: "²"
            found = index.get(int(key))
            if found is not None:
                return found
            raise KeyError(key)
        found = index.get(key) or index.get(citation_to_eid(key) or "")
        if found is None:
            raise KeyError(key)
        return found

    def ancestors(self, unit: Unit) -> list[Unit]:
        index = self._index()
        out, parent = [], unit.parent
        while parent is not None:
            holder = index[parent]
            out.append(holder)
            parent = holder.parent
        return out

    def block_of(self, unit: Unit) -> Unit:
        """The annotated unit that holds ``unit`` (a point's paragraph), or the unit itself."""
        keys = {u.eid for u in self.paragraphs}
        for candidate in (unit, *self.ancestors(unit)):
            if candidate.eid in keys:
                return candidate
        return unit

    def byte_offset(self, char_offset: int) -> int:
        """The UTF-8 byte offset of a code-point offset into ``text``."""
        if self._byte_prefix is None:
            return char_offset
        positions, extra = self._byte_prefix
        before = bisect_left(positions, char_offset)  # the non-ASCII characters before the offset
        return char_offset + (extra[before - 1] if before else 0)

    def counts(self) -> dict[str, int]:
        """How many units of each kind."""
        return dict(Counter(u.kind for u in self.units))

    def _index(self) -> dict[int | str, Unit]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {}
            for u in self.units or self.paragraphs:
                cached.setdefault(u.eid, u)
                # a number names a top-level paragraph (a report's, a clause) or an article
                if u.number is not None and (_is_top_paragraph(u) or (u.kind == "article" and u.eid == f"art_{u.num}")):
                    cached.setdefault(u.number, u)
            object.__setattr__(self, "_index_cache", cached)
        return cached


# --- reading --------------------------------------------------------------------------------------


MAX_TEXT_BYTES = 64 * 2**20
"""The largest text file read (docs/robustness.md): the largest treaties are well under 1 MiB,
and at about 30 bytes of memory per byte a 64 MiB text builds in about 2 GB."""


def read_document(path: str | Path, *, layout: str = "auto") -> DocumentText:
    """Read a document text file and split it; every failure is a :class:`DocumentError`."""
    path = Path(path)
    return parse_document(read_text_bytes(path), path=path, layout=layout)


def read_text_bytes(path: Path) -> bytes:
    """A text file's bytes, refused in one line when it cannot be read or is too large."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)  # a bounded read: /dev/zero is a "file" too
    except OSError as exc:
        raise DocumentError(f"cannot read the text: {exc.strerror or exc}", path=path) from None
    if len(data) > MAX_TEXT_BYTES:
        raise DocumentError(
            f"the text is larger than {MAX_TEXT_BYTES // 2**20} MiB, the most normgraph reads "
            "(building takes about 30 bytes of memory per byte of text; split the document)",
            path=path,
        )
    return data


def parse_document(data: bytes, *, path: str | Path | None = None, layout: str = "auto") -> DocumentText:
    """Decode UTF-8 bytes as received and split them into units."""
    if not data.strip():
        raise DocumentError("the text is empty", path=path)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise DocumentError("this is a binary file, not a text (NUL byte)", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            path=path,
            line=line,
        ) from None
    return split_paragraphs(text, path=path, layout=layout)


LAYOUTS = ("auto", "numbered", "articles", "lettered", "clauses")


def split_paragraphs(text: str, *, path: str | Path | None = None, layout: str = "auto") -> DocumentText:
    """Split decoded text into units by the module's rules (``layout``: see the docstring)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    if not text.strip():
        raise DocumentError("the text is empty", path=path)
    lines = _lines(text)
    labels = [_label(line) for line in lines]
    if layout == "auto":
        layout = _choose_layout(lines, labels)
    elif layout == "articles" and not any(lab and lab.kind == "article" for lab in labels):
        raise DocumentError("no articles found", path=path)
    elif layout == "lettered" and not any(lab and lab.kind == "point" for lab in labels):
        raise DocumentError("no lettered paragraphs found", path=path)
    elif layout == "clauses" and not any(line.clause for line in lines):
        raise DocumentError("no clauses found", path=path)
    elif layout == "numbered" and not any(lab and lab.kind == "paragraph" for lab in labels):
        raise DocumentError('no numbered paragraphs: a paragraph starts on a line with "1. ", "2. ", ...', path=path)
    return _Splitter(text, path, lines, labels, layout).run()


# --- lines and labels -----------------------------------------------------------------------------


@dataclass
class _Line:
    no: int
    offset: int
    raw: str  # without its line break and trailing white space
    may_start: bool
    blank: bool
    clause: bool = False


@dataclass
class _Label:
    kind: str
    num: str | None
    end: int  # offset in the line where the body (or the inline heading) starts
    rest: str  # what follows the label on the line, stripped
    glued: bool = False
    word: str = ""


def _lines(text: str) -> list[_Line]:
    out = []
    offset = 0
    may_start = True
    for no, match in enumerate(_LINE.finditer(text), start=1):
        raw = match.group().rstrip()  # "1.\u2028", "Article 5\f": trailing white space of any kind is not the text's
        stripped = raw.strip()
        out.append(_Line(no, offset, raw, may_start, not stripped, bool(stripped) and bool(_CLAUSE.match(raw))))
        if stripped:
            standalone = not out[-2].raw.strip() if len(out) > 1 else True
            may_start = stripped[-1] in ".;:," or _LIST_END.search(stripped) is not None or _looks_like_heading(stripped) or (
                standalone and len(stripped) <= 80 and stripped[:1].isupper()
            )  # a title on a line of its own ("Recommendations") may be followed by a label
        else:
            may_start = True
        offset += len(match.group())
    return out


def _looks_like_heading(stripped: str) -> bool:
    """"Article 6", "CHAPTER II", "Purposes of the Convention": a short line without a sentence
    end, after which a label may start."""
    return bool(_ARTICLE.fullmatch(stripped) or _CONTAINER.fullmatch(stripped) or re.fullmatch(_ROMAN_RE + r"\.?", stripped))


def _label(line: _Line) -> _Label | None:
    raw = line.raw
    if line.blank:
        return None
    m = _PREAMBLE.match(raw)
    if m and (m.end() == len(raw) or raw[m.end() - 1] in " \t:.-\u2013\u2014"):
        return _Label("preamble", None, m.end(), raw[m.end() :].strip())
    m = _ARTICLE.match(raw)
    if m:
        num = m.group("num") + (m.group("suffix") or "").strip()
        return _Label("article", num, m.end(), raw[m.end() :].strip())
    m = _CONTAINER.match(raw)
    if m and len(raw.strip()) <= 160:
        rest = raw[m.end() :].strip()
        word = m.group("word").lower()
        annex_to = word in ("annex", "schedule", "appendix") and re.match(r"(?:to|of)\s", rest) is not None and rest[-1] not in ".;:,"
        if annex_to:  # "Appendix to Recommendation CM/Rec(2010)5": a heading, not a sentence
            return _Label("annex", m.group("num"), m.end(), rest, word=word)
        if m.group("num") or word in ("annex", "schedule", "appendix") and (not rest or rest[:1].isupper()):
            if not rest or not rest[-1] in ",;" and rest[:1].isupper() or rest[:1] in "(\u2013\u2014-":
                return _Label(_CONTAINER_KIND[word], m.group("num"), m.end(), rest, word=word)
    m = _NUMBERED.match(raw)
    if m:
        glued = m.end() < len(raw) and not raw[m.end() - 1].isspace()
        return _Label("paragraph", m.group("num"), m.end(), raw[m.end() :].strip(), glued=glued)
    m = _ROMAN_HEADING.match(raw)
    if m and _roman(m.group("num")):
        rest = raw[m.end() :].strip()
        dotted = raw[m.start("num") + len(m.group("num")) : m.end()].startswith(".")
        if (not rest and len(m.group("num")) <= 5) or (dotted and rest and len(rest) <= 120 and rest[-1] not in ".;:,"
                                                        and not rest[:1].islower()):
            return _Label("part", m.group("num"), m.end(), rest)
        if dotted and rest:  # "I. ensure that …;": a Roman-numbered item of a list or an operative clause
            return _Label("point", m.group("num"), m.end(), rest)
    m = _LETTER_HEADING.match(raw)
    if m:
        rest = raw[m.end() :].strip()
        if rest and len(rest) <= 120 and rest[-1] not in ".;:,":
            return _Label("section", m.group("num"), m.end(), rest)
    m = _POINT.match(raw)
    if m:
        return _Label("point", m.group("num"), m.end(), raw[m.end() :].strip())
    m = _BULLET.match(raw)
    if m and not _PAGE_NUMBER.fullmatch(raw):
        return _Label("point", None, m.end(), raw[m.end() :].strip(), word="bullet")
    return None


def _choose_layout(lines: list[_Line], labels: list[_Label | None]) -> str:
    articles = sum(1 for line, lab in zip(lines, labels) if lab and lab.kind == "article" and (line.may_start or not lab.rest))
    if articles >= 2:
        return "articles"
    numbered = [int(lab.num) for line, lab in zip(lines, labels) if lab and lab.kind == "paragraph" and line.may_start and lab.num]
    if numbered and (1 in numbered or len(numbered) >= 2):
        return "numbered"
    if articles == 1:
        return "articles"
    if sum(1 for line in lines if line.clause and line.may_start) >= 2:
        return "clauses"
    if sum(1 for line, lab in zip(lines, labels) if lab and lab.kind == "point" and line.may_start) >= 2:
        return "lettered"
    if numbered:
        return "numbered"
    return "plain"


# --- the splitter ---------------------------------------------------------------------------------


@dataclass
class _Open:
    """A unit being built: where it starts, and what the text says so far about it."""

    kind: str
    num: str | None
    number: int | None
    label_at: int
    body_at: int
    line: int
    heading: str | None
    parent: _Open | None
    eid: str = ""
    end: int = -1
    child_kinds: set[str] = field(default_factory=set)
    first_child: _Open | None = None
    numbered_items: bool = False  # an article whose "1.", "2." are items of its own sentence
    last_child_number: int | None = None
    last_letter: str | None = None
    last_roman: int | None = None
    last_upper_roman: int | None = None
    last_bullet: int = 0
    children: int = 0
    citation: str = ""


class _Splitter:
    def __init__(self, text: str, path: str | Path | None, lines: list[_Line], labels: list[_Label | None], layout: str) -> None:
        self.text = text
        self.path = path
        self.lines = lines
        self.labels = labels
        self.layout = layout
        self.units: list[_Open] = []
        self.stack: list[_Open] = []
        self.warnings: list[StructureWarning] = []
        self.eids: set[str] = set()
        self.last_article: int | None = None
        self.last_paragraph: int | None = None  # the last top-level (or container-level) paragraph
        self.container_since_paragraph = False
        self.skip_until = -1  # a heading's title line is consumed
        self.annexes = 0  # unnumbered annexes so far
        self.headings = 0  # unnumbered headings between articles so far
        self.annex_since_paragraph = False  # an annex restarts paragraph numbering without a warning
        self.top_units = 0  # top-level paragraphs so far (clauses, blocks, lettered items)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(StructureWarning(line, message))

    # -- the pass over lines --

    def run(self) -> DocumentText:
        for index, line in enumerate(self.lines):
            if line.blank or index <= self.skip_until:
                continue
            label = self.labels[index]
            if self.layout == "clauses" and line.clause and line.may_start:
                self.open_clause(line)
                continue
            if label is None:
                if self.layout == "plain" and (index == 0 or self.lines[index - 1].blank) and not self._in_preamble():
                    self.open_block(line)
                elif self.layout == "articles" and self.units and self._unnumbered_heading(index):
                    self.open_heading(line)
                continue
            getattr(self, f"on_{label.kind}")(index, line, label)
        return self.finish()

    def _unnumbered_heading(self, index: int) -> bool:
        """"Final clauses" on a line of its own between two articles: a heading, not the end of the
        article before it (a short capitalised line, blank lines around it, an article or a part next)."""
        line = self.lines[index]
        if index == 0 or not self.lines[index - 1].blank or index + 1 >= len(self.lines) or not self.lines[index + 1].blank:
            return False
        nxt = self._next_nonblank(index)
        if nxt is None or self.labels[nxt] is None or self.labels[nxt].kind not in ("article", "part", "chapter", "section"):
            return False
        stripped = line.raw.strip()
        return len(stripped) <= 120 and stripped[-1] not in ".;:,!?" and stripped[0].isupper() and not _SENTENCE_WORD.search(stripped)

    def open_heading(self, line: _Line) -> None:
        self.headings += 1
        at = self._label_at(line)
        self.open("section", None, self.headings, line, at, line.offset + len(line.raw), line.raw.strip())

    def _in_preamble(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind == "preamble"

    def on_preamble(self, index: int, line: _Line, label: _Label) -> None:
        if self.units or not line.may_start:
            return
        self.open("preamble", None, None, line, line.offset + len(line.raw) - len(line.raw.lstrip()), line.offset + label.end, None)

    def on_annex(self, index: int, line: _Line, label: _Label) -> None:
        self.on_container(index, line, label)

    def on_part(self, index: int, line: _Line, label: _Label) -> None:
        if label.word == "" and self.layout not in ("articles", "numbered", "clauses"):
            return
        if label.word == "" and not label.rest and not self._heading_follows(index):
            return  # a lone "I" that no heading or article follows is text
        self.on_container(index, line, label)

    def on_chapter(self, index: int, line: _Line, label: _Label) -> None:
        self.on_container(index, line, label)

    def on_section(self, index: int, line: _Line, label: _Label) -> None:
        if label.word == "" and self.layout not in ("articles", "numbered"):
            return
        self.on_container(index, line, label)

    def _heading_follows(self, index: int) -> bool:
        nxt = self._next_nonblank(index)
        if nxt is None:
            return False
        lab = self.labels[nxt]
        if lab is not None and lab.kind in ("article", "paragraph", "chapter", "section"):
            return True
        return self._title_line(nxt) is not None

    def on_container(self, index: int, line: _Line, label: _Label) -> None:
        if not (line.may_start or (index > 0 and self.lines[index - 1].blank)):
            return
        heading, body_at = self._heading(index, line, label)
        number = _number(label.num)
        if label.kind == "annex" and label.num is None:
            self.annexes += 1
            number = self.annexes
        self.open(label.kind, label.num, number, line, self._label_at(line), body_at, heading)
        self.container_since_paragraph = True
        if label.kind == "annex":
            self.last_article = None
            self.annex_since_paragraph = True

    def on_article(self, index: int, line: _Line, label: _Label) -> None:
        if not (line.may_start or not label.rest):
            return
        number = _number(label.num)
        heading, body_at = self._heading(index, line, label)
        expected = (self.last_article or 0) + 1
        if number is not None and number != expected:
            if self.last_article is None and any(u.kind == "annex" for u in self.stack):
                pass  # an annex restarts the numbering
            elif self.last_article is None:
                self.warn(line.no, f"article numbering starts at {label.num}")
            elif number < expected:
                self.warn(line.no, f"article number {label.num} repeats or goes backwards (expected {expected})")
            else:
                self.warn(line.no, f"article {label.num} skips number {_missing(expected, number)} (expected {expected})")
        self.open("article", label.num, number, line, self._label_at(line), body_at, heading)
        if number is not None:
            self.last_article = number

    def on_paragraph(self, index: int, line: _Line, label: _Label) -> None:
        number = int(label.num) if label.num else None
        holder = self._holder(("article",), stop=_CONTAINERS)  # a preamble never sits above an article
        in_article = holder is not None
        if self.layout in ("clauses", "plain", "lettered") and not in_article:
            return  # those layouts number their own units
        if in_article:
            expected = (holder.last_child_number or 0) + 1
        else:
            expected = (self.last_paragraph or 0) + 1
        accepted = False
        if number == expected:
            # may_start is true on the first line and after a blank one (_lines)
            accepted = line.may_start or self._after_heading(index) or (
                self.last_paragraph is None and not in_article and line.raw[:1] not in " \t"
                and self._continued(index, number))  # "Resolution 12/3" / "Adopted on 3 May" / "1. Decides …;" / "2. …"
        elif number == 1 and not in_article and self.container_since_paragraph and line.may_start:
            accepted = True  # numbering restarts in a new part or annex
            if self.last_paragraph is not None and not self.annex_since_paragraph:
                self.warn(line.no, f"paragraph numbering restarts at 1 (after {self.last_paragraph})")
        elif number is not None and line.may_start and (index == 0 or self.lines[index - 1].blank or line.raw[:1] not in " \t"):
            if number > expected and (
                (number - expected <= (50 if not in_article else 3) and (in_article or self.last_paragraph is not None or number <= 50))
                or (not in_article and self.last_paragraph is None and self._continued(index, number))
            ):
                accepted = True
                if self.last_paragraph is None and not in_article:
                    self.warn(line.no, f"paragraph numbering starts at {number}")
                else:
                    self.warn(line.no, f"paragraph {number} skips number {_missing(expected, number)} (expected {expected})")
            elif number < expected and (index == 0 or self.lines[index - 1].blank) and not in_article:
                accepted = True
                self.warn(line.no, f"paragraph number {number} repeats or goes backwards (expected {expected})")
        if not accepted:
            if number is not None and (index == 0 or self.lines[index - 1].blank) and (self.layout == "numbered" or in_article):
                self.warn(line.no, f"a line starting with {number}. is read as text (expected paragraph {expected})")
            return
        if label.glued:
            self.warn(line.no, f"paragraph label {number}. is glued to its text")
        if in_article and (holder.numbered_items or (number == 1 and self._chapeau(holder, line))):
            # "… the Parties undertake: 1. to accept …; 2. to protect …": the numbers are the items of
            # the article's own sentence, not paragraphs of their own
            holder.numbered_items = True
            holder.last_child_number = number
            self.open("point", label.num, number, line, self._label_at(line), line.offset + label.end, None, host=holder)
            return
        self.open("paragraph", label.num, number, line, self._label_at(line), line.offset + label.end, None)
        if in_article:
            holder.last_child_number = number
        else:
            self.last_paragraph = number
            self.container_since_paragraph = False
            self.annex_since_paragraph = False

    def _after_heading(self, index: int) -> bool:
        """Whether the line before is a heading the splitter took whole ("Article 1" / "Scope",
        "PART II. Rights"): the next line may start a paragraph though no blank line comes between."""
        if index == 0:
            return False
        if index - 1 == self.skip_until:
            return True
        before = self.lines[index - 1]
        last = self.units[-1] if self.units else None
        return (last is not None and last.line == before.no and last.kind in _HEADED
                and last.body_at >= before.offset + len(before.raw))

    def _continued(self, index: int, number: int) -> bool:
        """Whether paragraph ``number + 1`` follows where a paragraph may start: an excerpt that
        starts at paragraph 78; a first paragraph after a header without a blank line."""
        for k in range(index + 1, min(len(self.labels), index + 400)):
            label = self.labels[k]
            if label is not None and label.kind == "paragraph" and label.num == str(number + 1) and self.lines[k].may_start:
                return True
        return False

    def _chapeau(self, article: _Open, line: _Line) -> bool:
        """Whether the article's own words before its first number end with a colon."""
        if article.children:
            return False
        return self.text[article.body_at : line.offset].rstrip().endswith(":")

    def on_point(self, index: int, line: _Line, label: _Label) -> None:
        if not (line.may_start or (index > 0 and self.lines[index - 1].blank)):
            return
        num = label.num or ""
        holder = self._holder(("paragraph", "article", "preamble", "point"), stop=_CONTAINERS)
        if label.word == "bullet":  # bullets are items of the unit that holds them, numbered in order
            host = holder.parent if holder is not None and holder.kind == "point" and holder.num is None else holder
            if host is None:
                return
            host.last_bullet += 1
            self.open("point", None, host.last_bullet, line, self._label_at(line), line.offset + label.end, None, host=host)
            return
        if self.layout == "lettered" and holder is not None and holder.parent is None and holder.kind == "paragraph":
            holder = None  # the previous top-level item of a lettered list
        top_level = holder is None
        if top_level and self.layout not in ("lettered",):
            return
        # which list does the label continue: a lettered point's roman sub-points, or the letters?
        lettered = holder if holder is not None and holder.kind == "point" else None
        parent = lettered.parent if lettered is not None else holder
        letter_parent = parent
        expected_letter = _next_letter(letter_parent.last_letter if letter_parent is not None else self._top_letter())
        roman = _roman(num) if re.fullmatch(r"[ivxl]+|[IVXL]+", num) else None
        if roman is not None and num.isupper():  # "I.", "II.": Roman-numbered items, siblings of each other
            host = parent if lettered is not None else holder
            if host is None or roman != (host.last_upper_roman or 0) + 1:
                return
            host.last_upper_roman = roman
            kind, value = "point", roman
        elif num.isdigit():
            kind, value = "point", int(num)
            host = parent
            expected = ((host.last_child_number if host else None) or 0) + 1
            if value != expected:
                return
            if host is not None:
                host.last_child_number = value
        elif num == expected_letter:
            kind, host = "point", letter_parent
            if host is not None:
                host.last_letter = num
            value = None
        elif roman is not None and lettered is not None and roman == (lettered.last_roman or 0) + 1:
            kind, host, value = "subpoint", lettered, roman
            lettered.last_roman = roman
        elif roman is not None and holder is not None and holder.kind != "point" and roman == (holder.last_roman or 0) + 1 and expected_letter != num:
            kind, host, value = "point", holder, roman
            holder.last_roman = roman
        else:
            return
        if top_level:
            if self.layout != "lettered":
                return
            self.top_units += 1
            number = self.top_units
            self.open("paragraph", num, number, line, self._label_at(line), line.offset + label.end, None,
                      force_eid=f"para_{number}")  # fmt: skip
            return
        self.open(kind, num, value, line, self._label_at(line), line.offset + label.end, None, host=host)

    def open_clause(self, line: _Line) -> None:
        self.top_units += 1
        number = self.top_units
        at = self._label_at(line)
        self.open("paragraph", None, number, line, at, at, None)

    def open_block(self, line: _Line) -> None:
        if not self.units and self._is_title(line):
            return
        self.top_units += 1
        number = self.top_units
        at = self._label_at(line)
        self.open("paragraph", None, number, line, at, at, None)

    def _is_title(self, line: _Line) -> bool:
        stripped = line.raw.strip()
        following = self.lines[line.no] if line.no < len(self.lines) else None
        return len(stripped) <= 200 and stripped[-1] not in ".;:," and following is not None and following.blank

    def _top_letter(self) -> str | None:
        for unit in reversed(self.units):  # the last top-level lettered item, if any
            if unit.parent is None:
                return unit.num if unit.num and unit.num.isalpha() else None
        return None

    # -- opening and closing units --

    def _holder(self, kinds: tuple[str, ...], stop: frozenset[str]) -> _Open | None:
        for unit in reversed(self.stack):
            if unit.kind in kinds:
                return unit
            if unit.kind in stop:
                return None
        return None

    def _label_at(self, line: _Line) -> int:
        return line.offset + len(line.raw) - len(line.raw.lstrip(" \t\f\v\u00a0\ufeff"))

    def open(self, kind: str, num: str | None, number: int | None, line: _Line, label_at: int, body_at: int,
             heading: str | None, *, host: _Open | None = None, force_eid: str | None = None) -> None:  # fmt: skip
        rank = _RANK[kind]
        if kind not in ("point", "subpoint"):
            while self.stack and self.stack[-1].kind == "preamble":
                self.close(self.stack.pop(), label_at)
        if host is not None:
            while self.stack and self.stack[-1] is not host:
                self.close(self.stack.pop(), label_at)
        else:
            while self.stack and _RANK[self.stack[-1].kind] >= rank:
                self.close(self.stack.pop(), label_at)
            if kind in ("part", "chapter", "section", "annex"):
                # a part does not sit inside an article: close everything below containers
                while self.stack and self.stack[-1].kind not in _CONTAINERS:
                    self.close(self.stack.pop(), label_at)
        parent = self.stack[-1] if self.stack else None
        unit = _Open(kind, num, number, label_at, body_at, line.no, heading, parent)
        unit.eid = force_eid or self._eid(unit)
        unit.citation = _citation(unit)
        if parent is not None:
            parent.children += 1
            parent.child_kinds.add(kind)
            if parent.first_child is None:
                parent.first_child = unit
        self.units.append(unit)
        self.stack.append(unit)

    def close(self, unit: _Open, at: int) -> None:
        unit.end = at

    def _eid(self, unit: _Open) -> str:
        name = _EID_NAME[unit.kind]
        if unit.kind == "preamble":
            base = "preamble"
        elif unit.kind == "point" and unit.num is None:
            base = f"indent_{unit.number}"  # a bullet: Akoma Ntoso's indent
        else:
            value = unit.num if unit.num is not None else str(unit.number)
            base = f"{name}_{re.sub(r'[^A-Za-z0-9]', '', value) or unit.number}"
        prefix = self._prefix(unit.parent)
        eid = f"{prefix}__{base}" if prefix else base
        if eid in self.eids:
            container = next((p for p in _chain(unit.parent) if p.kind in _CONTAINERS), None)
            if container is not None and not prefix:
                eid = f"{container.eid}__{base}"
            k = 2
            candidate = eid
            while candidate in self.eids:
                candidate = f"{eid}_{k}"
                k += 1
            eid = candidate
        self.eids.add(eid)
        return eid

    def _prefix(self, parent: _Open | None) -> str:
        while parent is not None and parent.kind not in _PREFIXING:
            parent = parent.parent
        return parent.eid if parent is not None else ""

    def _heading(self, index: int, line: _Line, label: _Label) -> tuple[str | None, int]:
        """A heading on the label's line ("Article 6 – Protection", "PART II. Rights") or on the
        next line ("Article 6" / "Purposes of the Convention"); and where the body starts."""
        end_of_line = line.offset + len(line.raw)
        if label.rest:
            if _TITLE_LIKE.fullmatch(label.rest) and not _SENTENCE_WORD.search(label.rest):
                return label.rest, end_of_line
            # "Article 2: Every individual shall be entitled …": the text starts on the heading's line
            return None, line.offset + label.end
        nxt = self._next_nonblank(index)
        if nxt is not None:
            title = self._title_line(nxt)
            if title is not None:
                self.skip_until = nxt
                following = self.lines[nxt]
                return title, following.offset + len(following.raw)
        return None, end_of_line

    def _next_nonblank(self, index: int) -> int | None:
        for k in range(index + 1, min(len(self.lines), index + 6)):
            if not self.lines[k].blank:
                return k
        return None

    def _title_line(self, index: int) -> str | None:
        """A title line: not a label, short, capitalised, without a sentence end."""
        stripped = self.lines[index].raw.strip()
        if self.labels[index] is not None or len(stripped) > 250 or stripped[-1] in ".;:,!?":
            return None
        return stripped if stripped[0].isupper() or stripped[0] in "\u201c\"(" else None

    def finish(self) -> DocumentText:
        end = len(self.text)
        while self.stack:
            self.close(self.stack.pop(), end)
        text = self.text
        if not self.units:
            # nothing found (a text of headings only): the whole text is one block
            first = next(line for line in self.lines if not line.blank)
            at = self._label_at(first)
            self.units.append(_Open("paragraph", None, 1, at, at, first.no, None, None, eid="para_1", end=end))
        self._implicit_preamble()
        built: list[Unit] = []
        for unit in self.units:
            built.append(self._unit(unit))
        for unit, opened in zip(built, self.units):
            if not unit.text and unit.kind in ("paragraph", "article", "point", "subpoint") and not opened.children:
                self.warn(unit.line, f"{unit.citation} has no text")
        blocks = tuple(u for u, o in zip(built, self.units) if _is_block(o) and u.text)
        if not blocks:
            blocks = tuple(u for u in built if u.text)
        if not blocks:  # headings only ("Article 1"): the whole text is one block
            body, origins = _join(text, 0, len(text))
            whole = Unit(1, body, origins[0], origins[-1] + 1, 1, origins, eid="para_1", citation="paragraph 1")
            built, blocks = [whole], (whole,)
            self.warn(1, "no unit has a text of its own: the whole text is one block")
        first_at = min(u.char_start for u in built)
        byte_prefix = None
        if not text.isascii():
            positions, extra, total = array("q"), array("q"), 0
            for found in _NON_ASCII.finditer(text):
                total += len(found.group().encode("utf-8")) - 1
                positions.append(found.start())
                extra.append(total)
            byte_prefix = (positions, extra)
        preamble = text[:first_at].strip()
        title = next((" ".join(line.split()) for line in preamble.splitlines() if line.strip()), "")
        return DocumentText(
            path=Path(self.path) if self.path is not None else None,
            text=text,
            paragraphs=blocks,
            preamble=preamble,
            _byte_prefix=byte_prefix,
            layout=self.layout,
            units=tuple(built),
            warnings=tuple(self.warnings),
            title=title[:300],
        )

    def _implicit_preamble(self) -> None:
        """A treaty's or resolution's recitals before its first unit, without the word "Preamble":
        the text after the title line, when it reads as recitals ("The States Parties …",
        "Recalling …", "Have agreed as follows:")."""
        if not self.units or any(u.kind == "preamble" for u in self.units) or self.layout not in ("articles", "numbered"):
            return
        first_at = self.units[0].label_at
        nonblank = [line for line in self.lines if not line.blank and line.offset < first_at]
        if len(nonblank) < 2:
            return
        body = nonblank[1:]
        words = " ".join(line.raw for line in body)
        recital = any(line.clause for line in body) or re.search(r"(?:as follows|agreed)\s*:?\s*$|,\s*$", words.rstrip())
        if self.layout == "numbered" and not recital:
            return
        if self.layout == "articles" and not (recital or re.search(r"\b(?:Parties|States|Members?)\b", words)):
            return
        at = self._label_at(body[0])
        unit = _Open("preamble", None, None, at, at, body[0].no, None, None, eid="preamble", end=first_at)
        unit.citation = "Preamble"
        self.units.insert(0, unit)

    def _unit(self, unit: _Open) -> Unit:
        body, origins = _join(self.text, unit.body_at, unit.end)
        start = unit.label_at
        char_end = origins[-1] + 1 if origins else max(start, unit.body_at)
        if unit.kind in _CONTAINERS:
            # a container's own text is what stands before its first sub-unit
            if unit.first_child is not None:
                body, origins = _join(self.text, unit.body_at, unit.first_child.label_at)
        return Unit(
            number=unit.number,
            text=body,
            char_start=start,
            char_end=char_end,
            line=unit.line,
            origins=origins,
            kind=unit.kind,
            eid=unit.eid,
            num=unit.num,
            heading=unit.heading,
            parent=unit.parent.eid if unit.parent is not None else None,
            citation=unit.citation,
        )


def _is_block(unit: _Open) -> bool:
    """The units one annotates: not points (they stay in their paragraph's text), and not units
    holding paragraphs or articles."""
    if unit.kind in ("point", "subpoint"):
        return False
    if unit.kind in ("preamble", "paragraph"):
        return True
    return not (unit.child_kinds - {"point", "subpoint"})


def _chain(unit: _Open | None):  # type: ignore[no-untyped-def]
    while unit is not None:
        yield unit
        unit = unit.parent


def _number(num: str | None) -> int | None:
    if num is None:
        return None
    digits = re.match(r"\d+", num)
    if digits:
        return int(digits.group())
    if num.upper() in _NUM_WORDS:
        return _NUM_WORDS[num.upper()]
    return _roman(re.sub(r"[^IVXLCivxlc]", "", num) or "?") if re.fullmatch(r"[IVXLCivxlc]+", num) else None


def _next_letter(letter: str | None) -> str:
    if letter is None:
        return "a"
    if len(letter) == 1:
        return chr(ord(letter) + 1) if letter != "z" else "aa"
    return letter[0] + letter[0] if len(set(letter)) == 1 else letter


def _missing(expected: int, number: int) -> str:
    return f"{expected}" if number == expected + 1 else f"{expected}-{number - 1}"


def _citation(unit: _Open) -> str:
    if unit.kind == "preamble":
        return "Preamble"
    if unit.kind in _CITE_NAME:
        own = f"{_CITE_NAME[unit.kind]} {unit.num}" if unit.num else _CITE_NAME[unit.kind]
        outer = next((p for p in _chain(unit.parent) if p.kind == "annex"), None)
        return f"{outer.citation}, {own}" if outer is not None and unit.kind != "annex" else own
    parent = unit.parent
    while parent is not None and parent.kind in ("part", "chapter", "section"):
        parent = parent.parent
    label = unit.num if unit.num is not None else str(unit.number)
    if unit.kind == "point" and unit.num is None and parent is not None:
        return f"{parent.citation}, indent {unit.number}"
    if parent is None or parent.kind in ("annex", "preamble"):
        base = f"paragraph {label}"
        return f"{parent.citation}, {base}" if parent is not None else base
    return f"{parent.citation}({label})"


def _join(text: str, start: int, end: int) -> tuple[str, array[int]]:
    """text[start:end] with each hard line break (and the white space around it) joined into one
    space, trimmed; and each kept character's offset in ``text``."""
    pieces: list[str] = []
    origins = array("q")
    cursor = start
    for brk in _BREAK.finditer(text, start, end):
        pieces.append(text[cursor : brk.start()])
        origins.extend(range(cursor, brk.start()))
        pieces.append(" ")
        origins.append(brk.start())
        cursor = brk.end()
    pieces.append(text[cursor:end])
    origins.extend(range(cursor, end))
    joined = "".join(pieces)
    body = joined.rstrip()
    lead = len(body) - len(body.lstrip())
    return body[lead:], origins[lead : len(body)]


def line_of(text: str, char_offset: int) -> int:
    """1-based line number of a code-point offset (for messages)."""
    return text.count("\n", 0, char_offset) + 1


__all__ = [
    "LAYOUTS",
    "DocumentText",
    "Paragraph",
    "StructureWarning",
    "Unit",
    "citation_to_eid",
    "line_of",
    "parse_document",
    "read_document",
    "split_paragraphs",
]
