"""Text for a terminal: control characters shown, never obeyed.

A label, a quote or a remote store's answer may hold escape sequences (``ESC ] 0 ; … BEL`` retitles
the window, others move the cursor or rewrite what is on screen) or bidirectional overrides that
make text read backwards. What normgraph prints for people — tables, reports, error lines — shows
them as ``\\x1b``-style escapes; the data formats (CSV, TSV, JSON, RDF) keep the text as it is.
"""

from __future__ import annotations

import re

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional embeddings and isolates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``printable`` for an error line: a newline or carriage return from a file name or a value
    is escaped too, so the message stays the one line tools and people expect."""
    return printable(text).replace("\r", "\\r").replace("\n", "\\n")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
