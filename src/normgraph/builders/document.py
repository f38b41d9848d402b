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


def read_document(path: str | Path) -> DocumentText:
    """Read a document text file and split it; every failure is a :class:`DocumentError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the text: {exc.strerror or exc}", path=path) from None
    return parse_document(data, path=path)


def parse_document(data: bytes, *, path: str | Path | None = None) -> DocumentText:
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
    return split_paragraphs(text, path=path)


def split_paragraphs(text: str, *, path: str | Path | None = None) -> DocumentText:
    """Split decoded text into paragraphs by the module's rules."""
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
    )


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
    "DocumentText",
    "Paragraph",
    "parse_document",
    "read_document",
    "split_paragraphs",
    "line_of",
]
