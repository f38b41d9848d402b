"""Small facts about SPARQL text that both the query library and the endpoint client need."""

from __future__ import annotations

import re

_NOISE = re.compile(
    r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"\s]*>'
)
_PROLOGUE = re.compile(r"\s*(PREFIX\s+[\w.-]*:\s*|BASE\s+)", re.IGNORECASE)
_FORM = re.compile(
    r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def blank_noise(sparql: str) -> str:
    """The query with comments, strings and IRIs replaced by spaces (same length), so that a
    keyword inside them is never mistaken for the query's own."""
    return _NOISE.sub(lambda m: " " * len(m.group()), sparql)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE — or UPDATE for any update operation; '' if none."""
    match = _FORM.search(blank_noise(sparql))
    if match is None:
        return ""
    form = match.group(1).upper()
    return form if form in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") else "UPDATE"
