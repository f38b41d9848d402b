"""RDF terms and graphs as N-Quads text, written exactly as Oxigraph writes them.

The builder makes its quads as text rather than as pyoxigraph objects: a line of text costs
less to make than four objects, sorts as fast, crosses from a worker process as plain bytes,
and Oxigraph's own parser puts it in the store faster than Python can hand it objects (issue
16, docs/performance.md). Every term is written as ``str()`` of the same pyoxigraph term would
be (tested on arbitrary text), so the lines sort in the canonical order of
:mod:`normgraph.graph._order` and a graph built this way exports the same bytes.

Nothing here checks an IRI: every IRI the builder writes is made of checked ids and eIds, the
ontology's own terms, or a URL the annotation reader has already parsed.
"""

from __future__ import annotations

import re
from typing import Any

Term = str
"""An RDF term in N-Triples syntax: ``<iri>``, ``"text"``, ``"text"@en`` or ``"1"^^<datatype>``."""

# Oxigraph's escapes in a quoted string: the short forms, then \\uXXXX for the other control
# characters. Everything else (non-ASCII included) is written as it is.
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_SPECIAL = re.compile('[\x00-\x1f\x7f"\\\\]')


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    return _SHORT.get(character) or f"\\u{ord(character):04X}"


def quoted(value: str) -> Term:
    """A plain literal (``xsd:string``)."""
    if _SPECIAL.search(value) is None:  # most text: nothing to escape
        return f'"{value}"'
    return f'"{_SPECIAL.sub(_escape, value)}"'


def named(iri: str) -> Term:
    """An IRI already known to be valid."""
    return f"<{iri}>"


def iri_of(term: Term) -> str:
    """The IRI a ``<…>`` term names."""
    return term[1:-1]


class TextNamespace:
    """``NS.name`` → the term ``<base + name>``, made once."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _term(self, name: str) -> Term:
        return named(self.base + name)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._term(name)
        setattr(self, name, term)  # the next lookup is a plain attribute
        return term


class ClosedTextNamespace(TextNamespace):
    """The terms of a closed namespace (``NG``) as text: an undeclared name raises as it does there."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def _term(self, name: str) -> Term:
        return str(getattr(self._namespace, name))

    def __getitem__(self, name: str) -> Term:
        return str(self._namespace[name])


def graph_lines(triples: Any, graph: Term) -> bytes:
    """One named graph's triples as N-Quads lines, each once, in *descending* canonical order:
    the order that makes Oxigraph's store return them ascending (``graph/_order.py``), and the
    one the build cache keeps them in."""
    lines = sorted({f"{s} {p} {o} {graph} ." for s, p, o in triples}, reverse=True)
    if not lines:
        return b""
    lines.append("")
    return "\n".join(lines).encode()


__all__ = ["ClosedTextNamespace", "Term", "TextNamespace", "graph_lines", "iri_of", "named", "quoted"]
