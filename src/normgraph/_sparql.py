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


MAX_DEPTH = 128
"""Deepest bracket nesting a query may have. Oxigraph's parser recurses once per level and its
threads have small stacks: about 3,000 levels end the process (a segfault locally, a dead
engine behind ``serve``). Real queries stay below 20."""

_BRACKETS = {"{": "}", "(": ")", "[": "]"}
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE)


def too_deep(sparql: str, limit: int = MAX_DEPTH) -> str | None:
    """A one-line reason when the query nests brackets deeper than ``limit``; None when it is fine."""
    depth = 0
    for at, char in enumerate(blank_noise(sparql)):
        if char in _BRACKETS:
            depth += 1
            if depth > limit:
                line = sparql.count("\n", 0, at) + 1
                column = at - sparql.rfind("\n", 0, at)
                return f"the query nests brackets more than {limit} deep (line {line}, column {column})"
        elif char in "})]":
            depth = max(0, depth - 1)
    return None


def service_call(sparql: str) -> int | None:
    """Where the query's first SERVICE keyword is (a federated call to another endpoint), if any."""
    match = _SERVICE.search(blank_noise(sparql))
    return None if match is None else match.start()
