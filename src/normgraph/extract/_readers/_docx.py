"""Word (.docx) → plain text with python-docx: the body's paragraphs and tables in order, with
the numbers Word draws itself put back; headers, footers, footnotes, comments and deleted text
left out.

python-docx gives a paragraph's text without its automatic number ("1.", "a)", "Article 3"
drawn from the numbering part), and treaty texts written in Word number their paragraphs that
way. The number is rebuilt from ``numbering.xml``: the paragraph's ``numPr`` (its own, or its
style's), the level's format, start and text (``%1.``, ``(%2)``, ``Article %1``), counters per
list that restart where a list instance overrides its start, and deeper levels reset when a
shallower one advances. Not rebuilt: numbers Word continues across lists by ``w:lvlRestart``
rules and legal-style ``isLgl`` formats (docs/extraction.md, limits)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DocumentError
from ._common import MAX_UNPACKED_BYTES, Reading, failure
from ._numbers import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference",
         f"{W}instrText", f"{W}delText", f"{W}fldData"}  # fmt: skip


def read_docx(data: bytes, path: Path) -> Reading:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_zip(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering.of(document)
    except MemoryError:
        raise
    except PackageNotFoundError:
        raise DocumentError("not a Word document (a zip archive without word/document.xml)", path=path) from None
    except Exception as exc:  # lxml, zipfile and python-docx each raise their own kinds
        raise failure("not a readable Word document", exc, path) from None
    out = [text for text in _blocks(body, numbering) if text.strip()]
    if not out:
        raise DocumentError("the document has no text", path=path)
    return Reading("\n\n".join(out) + "\n")


def _check_zip(data: bytes, path: Path) -> None:
    """A .docx is a zip archive: refuse one that is not, is damaged, or would unpack to more
    than MAX_UNPACKED_BYTES (a zip bomb), before any part is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise DocumentError("not a Word document: a .docx is a zip archive and this file is not one", path=path) from None
    except MemoryError:
        raise
    except Exception as exc:
        raise failure("a damaged zip archive", exc, path) from None
    if size > MAX_UNPACKED_BYTES:
        raise DocumentError(f"the Word file would unpack to {size // 2**20} MiB, more than the "
                            f"{MAX_UNPACKED_BYTES // 2**20} MiB normgraph reads", path=path)  # fmt: skip
    if "word/document.xml" not in names:
        raise DocumentError("not a Word document (a zip archive without word/document.xml)", path=path)


def _blocks(body, numbering: _Numbering):  # type: ignore[no-untyped-def]
    """The body's paragraphs and table rows, in order; content controls and custom XML opened."""
    stack = list(reversed(body))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == f"{W}p":
            yield numbering.label(element) + _text(element)
        elif tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [" ".join(t for p in cell.iter(f"{W}p") if (t := _text(p).strip())) for cell in row.iter(f"{W}tc")]
                yield " | ".join(cells)
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            stack.extend(reversed(list(element)))


def _text(paragraph) -> str:  # type: ignore[no-untyped-def]
    """A paragraph's visible characters: runs, tabs and breaks; not deleted or field-code text,
    not footnote marks (so no number is glued to a word)."""
    out: list[str] = []
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP or tag == f"{W}pPr" or tag == f"{W}rPr":
            continue
        if tag == f"{W}t":
            out.append(element.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n" if element.get(f"{W}type") in (None, "textWrapping") else " ")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}p":  # a text box's paragraph inside this one
            out.append(" ")
            stack.extend(reversed(list(element)))
        else:
            stack.extend(reversed(list(element)))
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:  # type: ignore[no-untyped-def]
        self = cls()
        try:
            part = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            part = None
        if part is not None:
            for abstract in part.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in abstract.iter(f"{W}lvl"):
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                        int(_val(lvl, "start") or 1), _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
                self.abstract[abstract.get(f"{W}abstractNumId", "")] = levels
            for num in part.iter(f"{W}num"):
                overrides = {}
                for override in num.iter(f"{W}lvlOverride"):
                    start = _val(override, "startOverride")
                    if start is not None:
                        overrides[int(override.get(f"{W}ilvl", "0"))] = int(start)
                self.nums[num.get(f"{W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for style in document.styles.element.iter(f"{W}style"):
            ident = style.get(f"{W}styleId", "")
            parent = _val(style, "basedOn")
            if parent:
                based[ident] = parent
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                own[ident] = (_val(numpr, "numId") or "0", int(_val(numpr, "ilvl") or 0))
        for ident in {*based, *own}:
            seen, current = set(), ident
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based.get(current, "")
            if current in own:
                self.styles[ident] = own[current]
        return self

    def label(self, paragraph) -> str:  # type: ignore[no-untyped-def]
        """The number Word draws before ``paragraph`` ("" for none), advancing its list."""
        ppr = paragraph.find(f"{W}pPr")
        num_id, level = None, 0
        if ppr is not None:
            style = _val(ppr, "pStyle")
            if style in self.styles:
                num_id, level = self.styles[style]
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None:
                num_id = _val(numpr, "numId") or num_id
                level = int(_val(numpr, "ilvl") or level)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        # a list instance that restarts keeps its own count; others share their definition's
        key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
        counters = self.counters.setdefault(key, [None] * 10)
        level = min(max(level, 0), 9)
        start = overrides.get(level, levels.get(level, _Level()).start)
        counters[level] = start if counters[level] is None else counters[level] + 1  # type: ignore[operator]
        for deeper in range(level + 1, 10):
            counters[deeper] = None
        spec = levels.get(level, _Level())
        if spec.fmt in ("bullet", "none") or not spec.text:
            return "• " if spec.fmt == "bullet" else ""
        shown = [(levels.get(i, _Level()).fmt, counters[i] if counters[i] is not None else levels.get(i, _Level()).start)
                 for i in range(level + 1)]  # fmt: skip
        text = render(spec.text, shown).strip()  # type: ignore[arg-type]
        return f"{text} " if text else ""


def _val(element, name: str) -> str | None:  # type: ignore[no-untyped-def]
    child = element.find(f"{W}{name}")
    return None if child is None else child.get(f"{W}val")
