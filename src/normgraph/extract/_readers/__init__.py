"""Documents as users receive them — plain text, PDF, HTML, Word — read into the plain text a
document folder keeps as ``text.txt`` (every offset and quote refers to it).

The format comes from the file's first bytes when they say (``%PDF-``, a zip archive, an old
OLE2 Word file), else from the extension: a PDF named ``report.txt`` is read as a PDF, a
``.docx`` that is not a zip archive is refused in one line. A plain text is kept byte for byte;
the other readers live in their own modules and import their library only when called.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...builders.annotations import SOURCE_FORMATS
from ...builders.document import MAX_TEXT_BYTES, read_text_bytes
from ...errors import DocumentError
from ._common import MAX_SOURCE_BYTES, Reading

FORMATS = ("text", "pdf", "html", "docx")
MEDIA_TYPES = SOURCE_FORMATS  # format → media type, as the builder writes dcterms:format
_BY_EXTENSION = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}
_HTML_START = (b"<!doctype html", b"<html")
_JUNK = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # controls a reader may leave


@dataclass(frozen=True)
class SourceText:
    """A document's text as read, with where it came from."""

    text: bytes
    """The plain text (UTF-8) the document folder keeps as ``text.txt``."""
    file: str
    format: str
    sha256: str
    """Of the file as received, before any reading."""
    pages: int | None = None
    notes: list[str] = field(default_factory=list)
    """What the reader did that a person may want to know ("12 header lines removed")."""


def detect_format(data: bytes, path: Path) -> str:
    """The file's format: its magic bytes first, then its extension (see the module doc)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    ext = path.suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DocumentError("an old Word (.doc) or other OLE2 file: save it as .docx or PDF first", path=path)
    if head.startswith(b"{\\rtf"):
        raise DocumentError("an RTF file: save it as .docx, PDF or plain text first", path=path)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if ext in (".docx", ".docm", ".dotx", ""):
            return "docx"
        return "docx" if b"word/" in data[:4096] else _refuse_zip(path)
    expected = _BY_EXTENSION.get(ext)
    if expected == "pdf":
        raise DocumentError("not a PDF: the file does not start with %PDF-", path=path)
    if expected == "docx":
        raise DocumentError("not a Word document: a .docx is a zip archive and this file is not one", path=path)
    if expected == "html" or head[:16].lower().startswith(_HTML_START):
        return "html"
    return "text"


def _refuse_zip(path: Path) -> str:
    raise DocumentError("a zip archive, not a document normgraph reads (PDF, HTML, .docx or plain text)", path=path)


def read_source(path: str | Path) -> SourceText:
    """Read ``path`` as whatever it is (text, PDF, HTML, .docx) into the plain text to keep."""
    path = Path(path)
    data = _read_bytes(path)
    fmt = detect_format(data, path)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "text":
        return SourceText(data, path.name, fmt, digest)
    if not data.strip():
        raise DocumentError("the document is empty", path=path)
    reading = _reader(fmt)(data, path)
    # a PDF's unmapped glyphs come out as NULs and other controls: noise, never text
    text = reading.text.replace("\r\n", "\n").replace("\r", "\n").translate(_JUNK).encode("utf-8", errors="replace")
    if len(text) > MAX_TEXT_BYTES:
        raise DocumentError(f"the text read is larger than {MAX_TEXT_BYTES // 2**20} MiB, the most normgraph keeps", path=path)
    return SourceText(text, path.name, fmt, digest, reading.pages, reading.notes)


def _read_bytes(path: Path) -> bytes:
    if path.suffix.lower() not in _BY_EXTENSION:
        return read_text_bytes(path)  # a text's own limit (64 MiB) and messages, unless it is a PDF…
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"cannot read the document: {exc.strerror or exc}", path=path) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise DocumentError(f"the file is larger than {MAX_SOURCE_BYTES // 2**20} MiB, the most normgraph reads", path=path)
    return data


def _reader(fmt: str):  # type: ignore[no-untyped-def]
    if fmt == "pdf":
        from ._pdf import read_pdf

        return read_pdf
    if fmt == "html":
        from ._html import read_html

        return read_html
    from ._docx import read_docx

    return read_docx


__all__ = ["FORMATS", "MEDIA_TYPES", "Reading", "SourceText", "detect_format", "read_source"]
