"""A document text as received → numbered paragraphs with offsets back into the original.

The rules, which the tests pin down on the seed document:

- A paragraph starts at a line whose first non-blank characters are its number and a full stop
  (``12. ``, `` 7. `` after a page-break artefact, ``40.  Although``) and ends only where the next
  numbered paragraph starts. Numbers run 1, 2, 3, … without gaps or repeats.
- A line that begins with some *other* number is ordinary text when it continues a paragraph
  (a wrapped "2015. The goals…"); after a blank line it is a numbering error (duplicate or gap).
- ``text`` (``ng:text``) is the paragraph after its number label, each hard line break with the
  white space around it joined into one space, trailing white space dropped; nothing else changes
  (double spaces inside a line, curly quotes and typos stay).
- Offsets are Unicode code points into the decoded file, end exclusive; byte offsets into the
  UTF-8 file are derived from them.

Other layouts (``layout=``; ``"auto"``, the default, picks one): a treaty whose paragraphs are
articles ("Article 6", "ARTICLE VI"; the article's number is the paragraph number and its numbered
sub-paragraphs stay inside its text), a list of lettered items ("(a)", "b)") and a resolution
whose clauses are not numbered ("Recalling …", "Urges …"; numbered 1, 2, … in order). ``"auto"``
takes articles when at least two article headings start lines, else the numbered rule above;
only a text that rule refuses is tried as clauses, then as lettered items, and when neither fits
the numbered rule's error stands. So every text the numbered rule accepts splits as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from ..errors import DocumentError

# The number label: optional indentation, 1-4 digits, a full stop, then white space or line end.
_LABEL = re.compile(r"[ \t\u00a0\ufeff]*(\d{1,4})\.(?:[ \t\u00a0]+|(?=\r?\n)|$)")
# A hard line break with the white space around it: joined into one space in ng:text.
_BREAK = re.compile(r"[^\S\n]*\n\s*")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph: its number, its ``ng:text`` and where it stands in the file."""

    number: int
    text: str
    char_start: int
    """Offset of the number label in the decoded file."""
    char_end: int
    """Offset just after the paragraph's last non-blank character."""
    line: int
    """1-based line of the number label."""
    origins: tuple[int, ...] = field(repr=False, compare=False)
    """For each character of ``text``, its offset in the decoded file (a joined break maps to
    the first white-space character it replaced)."""

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
            raise ValueError(f"span {start}:{end} is outside paragraph {self.number}")
        return self.origins[start], self.origins[end - 1] + 1


@dataclass(frozen=True)
class DocumentText:
    """A document's text as received and its paragraphs."""

    path: Path | None
    text: str
    paragraphs: tuple[Paragraph, ...]
    preamble: str = ""
    _byte_prefix: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    layout: str = "numbered"
    """How the paragraphs were found: numbered, articles, lettered or clauses."""

    def paragraph(self, number: int) -> Paragraph:
        first = self.paragraphs[0].number
        index = number - first
        if 0 <= index < len(self.paragraphs):
            return self.paragraphs[index]
        raise KeyError(number)

    def byte_offset(self, char_offset: int) -> int:
        """The UTF-8 byte offset of a code-point offset into ``text``."""
        if self._byte_prefix is None:
            return char_offset
        return self._byte_prefix[char_offset]


def read_document(path: str | Path, *, layout: str = "auto") -> DocumentText:
    """Read a document text file and split it; every failure is a :class:`DocumentError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the text: {exc.strerror or exc}", path=path) from None
    return parse_document(data, path=path, layout=layout)


def parse_document(data: bytes, *, path: str | Path | None = None, layout: str = "auto") -> DocumentText:
    """Decode UTF-8 bytes as received and split them into numbered paragraphs."""
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
    """Split decoded text into paragraphs by the module's rules (``layout``: see the docstring)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    if layout == "numbered":
        return _split_numbered(text, path)
    if layout != "auto":
        found = _LAYOUT_SPLITTERS[layout](text, path)
        if found is None:
            raise DocumentError(f"no {layout} paragraphs found", path=path)
        return found
    articles = _split_articles(text, path)
    if articles is not None:
        return articles
    try:
        return _split_numbered(text, path)
    except DocumentError:
        for splitter in (_split_clauses, _split_lettered):
            found = splitter(text, path)
            if found is not None:
                return found
        raise


def _split_numbered(text: str, path: str | Path | None) -> DocumentText:
    """The numbered rule: "1. ", "2. ", … at line starts."""
    starts: list[tuple[int, int, int, int]] = []  # (number, label offset, body offset, line)
    previous_blank = True
    offset = 0
    for line_no, match in enumerate(_LINE.finditer(text), start=1):
        line = match.group()
        label = _LABEL.match(line)
        if label:
            number = int(label.group(1))
            expected = starts[-1][0] + 1 if starts else 1
            if number == expected:
                label_at = offset + label.start(1)
                starts.append((number, label_at, offset + label.end(), line_no))
            elif previous_blank:
                raise DocumentError(_numbering_problem(number, expected), path=path, line=line_no)
        previous_blank = not line.strip()
        offset += len(line)

    if not starts:
        raise DocumentError(
            'no numbered paragraphs: a paragraph starts on a line with "1. ", "2. ", ...',
            path=path,
        )
    return _document(text, starts, path, "numbered")


def _document(
    text: str, starts: list[tuple[int, int, int, int]], path: str | Path | None, layout: str
) -> DocumentText:
    """Paragraphs from (number, label offset, body offset, line) starts, each running to the next."""
    paragraphs = []
    for index, (number, label_at, body_at, line_no) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        paragraphs.append(_paragraph(text, number, label_at, body_at, end, line_no, path))
    byte_prefix = None
    if not text.isascii():
        byte_prefix = (0, *accumulate(len(ch.encode("utf-8")) for ch in text))
    return DocumentText(
        path=Path(path) if path is not None else None,
        text=text,
        paragraphs=tuple(paragraphs),
        preamble=text[: starts[0][1]].strip(),
        _byte_prefix=byte_prefix,
        layout=layout,
    )


# --- other layouts: articles, lettered items, unnumbered clauses ------------------------------

_INDENT = "[ \t\u00a0\ufeff]*"
# "Article 6", "ARTICLE VI", "Art. 6." on a line of its own or followed by its title ("Article 6 –
# Protection", "Article 6. Protection"); "Article 6 of the Convention" (a wrapped line) is text.
_ARTICLE = re.compile(
    _INDENT + r"(?:Article|ARTICLE|Art\.)[ \t\u00a0]+(\d{1,4}|[IVXLC]{1,8})\b"
    r"(?=[ \t\u00a0]*(?:\r?\n|$|[.:\-\u2013\u2014]|[A-Z\u201c\"]))[ \t\u00a0]*[.:\-\u2013\u2014]?[ \t\u00a0]*"
)
_LETTERED = re.compile(_INDENT + r"\(?([a-z])\)[ \t\u00a0]+(?=\S)")
# The first word of a resolution's preambular or operative clause.
_CLAUSE = re.compile(
    _INDENT + r"(?:(?:Also|Further|Strongly|Deeply|Gravely|Seriously|Firmly|Again|Once again|Finally),?\s+"
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


def _roman(numeral: str) -> int | None:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if total > 0 else None


def _line_starts(text: str) -> list[tuple[int, int, str, bool]]:
    """(line number, offset, line, whether a new unit may start here): after a blank line, at the
    start, or after a line ending a sentence or clause."""
    out = []
    offset = 0
    may_start = True
    for line_no, match in enumerate(_LINE.finditer(text), start=1):
        line = match.group()
        out.append((line_no, offset, line, may_start))
        stripped = line.rstrip()
        may_start = not stripped or stripped[-1] in ".;:,"
        offset += len(line)
    return out


def _split_articles(text: str, path: str | Path | None, minimum: int = 2) -> DocumentText | None:
    starts: list[tuple[int, int, int, int]] = []
    for line_no, offset, line, may_start in _line_starts(text):
        heading = _ARTICLE.match(line)
        if not heading or not (may_start or not line[heading.end() :].strip()):
            continue
        label = heading.group(1)
        number = int(label) if label.isdigit() else _roman(label)
        if number is None:
            continue
        if starts and number != starts[-1][0] + 1:
            if len(starts) + 1 < minimum:
                return None
            raise DocumentError(_numbering_problem(number, starts[-1][0] + 1).replace("paragraph", "article"),
                                path=path, line=line_no)  # fmt: skip
        label_at = offset + len(line) - len(line.lstrip(" \t\u00a0\ufeff"))
        starts.append((number, label_at, offset + heading.end(), line_no))
    if len(starts) < minimum:
        return None
    return _document(text, starts, path, "articles")


def _split_lettered(text: str, path: str | Path | None, minimum: int = 2) -> DocumentText | None:
    starts: list[tuple[int, int, int, int]] = []
    for line_no, offset, line, _ in _line_starts(text):
        item = _LETTERED.match(line)
        if item and ord(item.group(1)) - ord("a") == len(starts):
            label_at = offset + len(line) - len(line.lstrip(" \t\u00a0\ufeff"))
            starts.append((len(starts) + 1, label_at, offset + item.end(), line_no))
    if len(starts) < minimum:
        return None
    return _document(text, starts, path, "lettered")


def _split_clauses(text: str, path: str | Path | None, minimum: int = 2) -> DocumentText | None:
    starts: list[tuple[int, int, int, int]] = []
    for line_no, offset, line, may_start in _line_starts(text):
        if may_start and _CLAUSE.match(line):
            at = offset + len(line) - len(line.lstrip(" \t\u00a0\ufeff"))
            starts.append((len(starts) + 1, at, at, line_no))
    if len(starts) < minimum:
        return None
    return _document(text, starts, path, "clauses")


def _explicit(splitter):  # type: ignore[no-untyped-def]
    return lambda text, path: splitter(text, path, minimum=1)


_LAYOUT_SPLITTERS = {
    "articles": _explicit(_split_articles),
    "lettered": _explicit(_split_lettered),
    "clauses": _explicit(_split_clauses),
}


def _numbering_problem(number: int, expected: int) -> str:
    if number < expected:
        return f"paragraph number {number} repeats or goes backwards (expected {expected})"
    missing = f"{expected}" if number == expected + 1 else f"{expected}-{number - 1}"
    return f"paragraph {number} skips number {missing} (expected {expected})"


def _paragraph(
    text: str, number: int, label_at: int, body_at: int, end: int, line: int, path: object
) -> Paragraph:
    pieces: list[str] = []
    origins: list[int] = []
    cursor = body_at
    for brk in _BREAK.finditer(text, body_at, end):
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
    body = body[lead:]
    kept = origins[lead : lead + len(body)]
    if not body:
        raise DocumentError(f"paragraph {number} has no text", path=path, line=line)  # type: ignore[arg-type]
    return Paragraph(
        number=number,
        text=body,
        char_start=label_at,
        char_end=kept[-1] + 1,
        line=line,
        origins=tuple(kept),
    )


def line_of(text: str, char_offset: int) -> int:
    """1-based line number of a code-point offset (for messages)."""
    return text.count("\n", 0, char_offset) + 1


__all__ = [
    "LAYOUTS",
    "DocumentText",
    "Paragraph",
    "parse_document",
    "read_document",
    "split_paragraphs",
    "line_of",
]
