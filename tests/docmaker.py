"""Office files made from plain texts, for the reader tests (tests/extract/test_formats.py):
a text as a PDF (fpdf2: a running header, a "Page N of M" footer, words hyphenated at line
ends), as HTML (with the noise real pages carry: navigation, scripts, styles, entities) and as
a Word file (python-docx: header and footer, headings, auto-numbered paragraphs).

Made when the tests run, never committed: the treaty texts stay in ../shared."""

from __future__ import annotations

import html
import re
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_LABEL = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_STARTS_ITEM = re.compile(r"^(?:[IVXLC]{1,6}\.?$|\d{1,3}\.|\(?[a-z]{1,4}\)|\(\d{1,3}\)|Article \d|CHAPTER|PART|Part [IVX])")
_HEADING = re.compile(r"^(?:Article \d+|CHAPTER [IVXLC]+|PART [IVXLC]+|Part [IVXLC]+|Preamble)\s*$")


def reflowed(block: list[str]) -> list[str]:
    """A block's lines with the source's own wraps undone (the seed report was printed with line
    ends mid-sentence): a line runs on unless the next one starts an item or it ends a sentence
    and is short. A PDF then wraps paragraphs at its own width, as a typesetter would."""
    out: list[str] = []
    for line in block:
        if out and not _STARTS_ITEM.match(line) and not (out[-1].endswith((".", ":", ";")) and len(out[-1]) < 60):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def blocks(text: str) -> list[list[str]]:
    """The text's blocks (runs of lines between blank lines), each a list of its lines."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


# --- PDF --------------------------------------------------------------------------------------


def write_pdf(text: str, path: Path, *, header: str, hyphenate: bool = True, footer: str = "Page {n} of {nb}") -> int:
    """``text`` as a PDF with a running ``header`` on every page and a page-number footer; long
    words that do not fit are hyphenated at the line end, compounds at their own hyphen. Each
    line of the text starts a new line; a blank line leaves a gap. Returns the page count."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:  # type: ignore[override]
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, header, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)
            self.set_font("DejaVu", size=10)

        def footer(self) -> None:  # type: ignore[override]
            self.set_y(-15)
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, footer.format(n=self.page_no(), nb="{nb}"), align="C")
            self.set_font("DejaVu", size=10)

    pdf = Doc(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(True, margin=22)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks(text):
        for line in reflowed(block):
            for row in wrap(line, width, pdf.get_string_width, hyphenate=hyphenate):
                pdf.cell(width, 5, row, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(path))
    return pdf.page_no()


def wrap(line: str, width: float, measure, *, hyphenate: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """Greedy line filling. A word that does not fit is split at its own hyphen when it has one
    that fits, else (``hyphenate``, alphabetic words of 7+ letters) at the last place that leaves
    at least three letters either side, with a hyphen added — as a typesetter would."""
    rows: list[str] = []
    row = ""
    for word in line.split():
        candidate = f"{row} {word}" if row else word
        if measure(candidate) <= width:
            row = candidate
            continue
        head, tail = _split(word, row, width, measure, hyphenate)
        if head:
            rows.append(f"{row} {head}" if row else head)
            row = tail
        else:
            if row:
                rows.append(row)
            row = word
    if row:
        rows.append(row)
    return rows


def _split(word: str, row: str, width: float, measure, hyphenate: bool) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    prefix = f"{row} " if row else ""
    # at the word's own hyphen: "cross-" + "border"
    for at in range(len(word) - 2, 1, -1):
        if word[at] == "-" and word[at - 1].isalpha() and word[at + 1 :][:1].isalpha() and measure(prefix + word[: at + 1]) <= width:
            return word[: at + 1], word[at + 1 :]
    core = re.fullmatch(r"([A-Za-z]+)(\W*)", word)
    if hyphenate and core and len(core.group(1)) >= 7:
        letters = core.group(1)
        for at in range(len(letters) - 3, 2, -1):
            if measure(prefix + letters[:at] + "-") <= width:
                return letters[:at] + "-", word[at:]
    return "", word


# --- HTML -------------------------------------------------------------------------------------


def write_html(text: str, path: Path, *, title: str) -> None:
    """``text`` as a web page: a heading per "Article N" line, a paragraph per line, everything
    a real page adds around it (navigation, a script, a style, a footer), characters as entities."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>p { margin: 0 } .x::before { content: 'Styled away' }</style>",
        "<script>document.write('<p>Article 99</p>'); var s = '</p><p>not text';</script>",
        "</head><body>",
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/treaties">Treaties</a></li></ul></nav>',
        "<main>",
    ]
    for block in blocks(text):
        out.append("<div>")
        for line in block:
            body = _entities(line)
            out.append(f"<h2>{body}</h2>" if _HEADING.match(line) else f"<p>{body}</p>")
        out.append("</div>")
    out += ["</main>", "<footer><p>© Treaty Office — Terms of use</p></footer>",
            "<script>console.log('Article 100');</script>", "</body></html>"]  # fmt: skip
    path.write_text("\n".join(out), encoding="utf-8")


def _entities(line: str) -> str:
    # named and numeric references both, so the reader has to decode them
    escaped = html.escape(line, quote=False)
    return escaped.replace("\u2019", "&rsquo;").replace("\u2014", "&#8212;").replace("\u2013", "&#x2013;")


# --- Word -------------------------------------------------------------------------------------


def write_docx(text: str, path: Path, *, header: str, auto_number: bool = True) -> None:
    """``text`` as a .docx: a header and a footer, a Heading 2 per "Article N" line, a paragraph
    per line; with ``auto_number``, "1. …" paragraphs lose their typed number and become Word's
    own numbered list (restarting at 1 after each heading), as Word users write them."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = "Page 1 — printed copy"
    num_id: str | None = None
    expected = 1
    for block in blocks(text):
        for line in block:
            if _HEADING.match(line):
                document.add_heading(line, level=2)
                num_id, expected = None, 1
                continue
            label = _LABEL.match(line) if auto_number else None
            if label and int(label.group(1)) == expected:
                if num_id is None:
                    num_id = _new_numbering(document)
                paragraph = document.add_paragraph(line[label.end() :], style="List Number")
                ppr = paragraph._p.get_or_add_pPr()
                numpr = ppr.get_or_add_numPr()
                numpr.get_or_add_ilvl().val = 0
                numpr.get_or_add_numId().val = int(num_id)
                expected += 1
                continue
            if label:  # numbering that does not run on from the list: typed as printed
                num_id, expected = None, 1
            document.add_paragraph(line)
    document.save(str(path))


def _new_numbering(document) -> str:  # type: ignore[no-untyped-def]
    """A new list instance of the "List Number" style's numbering, restarted at 1."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    style = document.styles["List Number"]
    base = style.element.pPr.numPr.numId.val
    abstract = next(n.abstractNumId.val for n in numbering.num_lst if n.numId == base)
    new_id = max(n.numId for n in numbering.num_lst) + 1
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{new_id}"><w:abstractNumId w:val="{abstract}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    numbering.append(num)
    return str(new_id)
