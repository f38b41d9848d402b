"""HTML → plain text with lxml's HTML parser (libxml2: broken markup is repaired, not refused;
nothing is fetched, no script runs). Block elements become paragraphs, ``<br>`` a line break,
list items keep their numbers, a table row is one line with its cells between " | "; scripts,
styles, templates, navigation, asides, page footers and hidden elements are dropped. Walked
without recursion, so no nesting depth overflows the stack."""

from __future__ import annotations

import re
from pathlib import Path

from ..._text import one_line
from ...errors import DocumentError
from ._common import Reading, failure
from ._numbers import label

_DROP = {"script", "style", "noscript", "template", "nav", "aside", "footer", "head", "title", "iframe", "object",
         "embed", "svg", "math", "form", "button", "select", "textarea", "canvas", "audio", "video", "map"}  # fmt: skip
_BLOCK = {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "address", "figure", "figcaption",
          "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
          "tfoot", "tr", "caption", "hr", "center", "body", "html", "details", "summary", "fieldset", "legend"}  # fmt: skip
_CELL = {"td", "th"}
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width marks
_BREAK = "\u2028"  # a <br>: kept apart from the source's own newlines, which are spaces
_OL_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_LABELLED = re.compile(r"^\(?(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})[.)]\s")


def read_html(data: bytes, path: Path) -> Reading:
    import lxml.etree
    import lxml.html

    # huge_tree lifts libxml2's nesting limit from 256 to 2048: past the limit the parser drops
    # the rest of the page silently, so that is refused below rather than read in part
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except MemoryError:
        raise
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise DocumentError("the document has no text", path=path) from None
        raise failure("not readable as HTML", exc, path) from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise DocumentError(f"elements nested too deep to read whole ({one_line(error.message)})", path=path, line=error.line)
    text = "\n\n".join(_paragraphs(root))
    if not text.strip():
        raise DocumentError("the document has no text (nothing outside scripts, styles and navigation)", path=path)
    return Reading(text + "\n")


def _hidden(element) -> bool:  # type: ignore[no-untyped-def]
    style = (element.get("style") or "").replace(" ", "").lower()
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)  # fmt: skip


def _paragraphs(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Depth-first over the tree with an explicit stack; text collects into the current
    paragraph until a block element opens or closes."""
    out: list[str] = []
    current: list[str] = []
    counters: list[list[int]] = []  # per open <ol>: [format index, next number]

    def flush() -> None:
        line = _clean("".join(current))
        if line:
            out.append(line)
        current.clear()

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        if isinstance(element, str):  # a tail: the text after an element, inside its parent
            current.append(element)
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if closing:
            if tag == "ol":
                counters.pop()
            if tag in _BLOCK:
                flush()
            elif tag in _CELL:
                current.append(" | ")
            continue
        if not tag or tag in _DROP or _hidden(element):
            if element.tail:
                stack.append((element.tail, False))
            continue
        if tag in _BLOCK:
            flush()
        if tag == "br":
            current.append(_BREAK)
        if tag == "ol":
            start = element.get("start", "1")
            counters.append([_OL_FORMATS.get(element.get("type", "1"), "decimal"), int(start) if start.isdigit() else 1])
        if tag == "li" and counters and element.getparent() is not None and element.getparent().tag == "ol":
            fmt, number = counters[-1]
            value = element.get("value")
            number = int(value) if value and value.isdigit() else number
            counters[-1][1] = number + 1
            own = _clean(element.text_content())
            if not _LABELLED.match(own):  # the page typed no number of its own: the browser's
                current.append(label(fmt, number, "%1.") + " ")
        elif tag == "li":
            current.append("• ")
        if element.tail:
            stack.append((element.tail, False))
        stack.append((element, True))
        for child in reversed(element):
            stack.append((child, False))
        if element.text:
            stack.append((element.text, False))
    flush()
    return [line.rstrip(" |").strip() for line in out if line.rstrip(" |").strip()]


def _clean(text: str) -> str:
    """Whitespace as a browser shows it (runs collapsed; a <br> kept as a line break)."""
    text = _INVISIBLE.sub("", text)
    lines = [_SPACE.sub(" ", part).strip() for part in text.split(_BREAK)]
    return "\n".join(part for part in lines if part)
