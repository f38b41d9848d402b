"""Binding parameters safely: user text becomes an RDF term, never SPARQL.

Each value is parsed into a pyoxigraph term (an IRI is checked by the IRI parser; a number by a
strict pattern; any other text becomes an escaped literal) and the terms are added to the query
as a ``VALUES`` block right inside its ``WHERE`` clause. Quotes, braces, ``#``, newlines or
keywords in a value stay inside a literal and cannot change the query's meaning. A label given
for an IRI parameter is looked up with the same mechanism.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

import pyoxigraph as ox

from .._sparql import blank_noise
from ..ontology.eid import citation_to_eid
from ..errors import QueryError
from ._catalog import BOOLEANS, NamedQuery, Param

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "ng": "https://w3id.org/normgraph/ontology#",
    "ngr": "https://w3id.org/normgraph/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_WHERE = re.compile(r"\b(WHERE|ASK)\s*\{", re.IGNORECASE)
_LABELS = ("rdfs:label", "skos:altLabel", "skos:prefLabel", "skos:notation", "dcterms:title", "dcterms:identifier")


class Queryable(Protocol):
    """Anything that answers SPARQL the way pyoxigraph does: a local graph or an endpoint."""

    def query(self, sparql: str) -> object: ...


def bind(query: NamedQuery, values: Mapping[str, str], target: Queryable | None = None) -> str:
    """The query's SPARQL with its parameters bound to ``values`` (user text)."""
    for name in values:
        query.param(name)  # an unknown parameter is an error, not silently ignored
    bindings: list[tuple[str, ox.NamedNode | ox.Literal]] = []
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            if param.required:
                example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
                raise QueryError(f"query {query.name!r} needs the parameter {param.name!r}{example}")
            continue
        bindings.append((param.name, to_term(param, raw, target, query.name)))
    return with_values(query.sparql, bindings)


def with_values(sparql: str, bindings: list[tuple[str, ox.NamedNode | ox.Literal]]) -> str:
    """Insert ``VALUES ?name { term }`` for each binding at the start of the WHERE clause."""
    if not bindings:
        return sparql
    match = _WHERE.search(blank_noise(sparql))
    if match is None:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    block = "".join(f"\n  VALUES ?{name} {{ {term} }}" for name, term in bindings) + "\n"
    return sparql[: match.end()] + block + sparql[match.end() :]


def to_term(param: Param, raw: str, target: Queryable | None, query: str) -> ox.NamedNode | ox.Literal:
    """User text → the RDF term for ``param``; refuses what does not fit its type."""
    raw = raw.strip()
    where = f"query {query!r}, parameter {param.name!r}"
    if not raw:
        raise QueryError(f"{where}: the value is empty")
    if param.type == "integer":
        if not _INTEGER.match(raw):
            raise QueryError(f"{where}: {raw!r} is not a whole number")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        if not _DECIMAL.match(raw):
            raise QueryError(f"{where}: {raw!r} is not a number")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "decimal"))
    if param.type == "date":
        if not _DATE.match(raw):
            raise QueryError(f"{where}: {raw!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        kind = {4: "gYear", 7: "gYearMonth"}.get(len(raw), "date")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + kind))
    if param.type == "boolean":
        if raw.lower() not in BOOLEANS:
            raise QueryError(f"{where}: {raw!r} is not a switch (true or false; yes/no and 1/0 work too)")
        # the canonical form, so every store compares it alike
        return ox.Literal("true" if BOOLEANS[raw.lower()] else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if param.type == "string":
        return ox.Literal(raw)
    if param.type == "unit":
        eid = citation_to_eid(raw)
        if eid is None:
            raise QueryError(f"{where}: {raw!r} is neither a unit eId (art_6__para_3) nor a citation (\"Article 6(3)\")"
                             + (" — give a paragraph number as --param number=" + raw if raw.isdigit() else ""))  # fmt: skip
        return ox.Literal(eid)
    iri = _as_iri(raw)
    if iri is not None:
        return iri
    if target is None:
        raise QueryError(f"{where}: {raw!r} is not an IRI, and there is no graph to look the label up in")
    return resolve_label(raw, param.cls, target, where)


def _as_iri(raw: str) -> ox.NamedNode | None:
    """An absolute IRI or a known prefixed name, checked by the IRI parser; None for a label."""
    text = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    elif not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) and not text.startswith("urn:"):
        return None
    try:
        return ox.NamedNode(text)
    except ValueError:
        raise QueryError(f"{raw!r} is not a valid IRI") from None


def resolve_label(label: str, cls: str | None, target: Queryable, where: str) -> ox.NamedNode:
    """The one resource of class ``cls`` whose label (any kind) is ``label``: first as written
    (an index lookup, fast at any size), then case-insensitively, then as the first word(s) of
    a label ("receiving" → "receiving country")."""
    # Without a class, anything labelled may match except the vocabulary's own terms.
    type_pattern = (
        f"?x a {_as_iri(cls)} ."
        if cls
        else "FILTER NOT EXISTS { ?x a ?meta . VALUES ?meta { owl:Class owl:ObjectProperty owl:DatatypeProperty rdf:Property } }"
    )
    prolog = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    needle = ox.Literal(label.lower())
    as_written = " ".join(str(term) for term in (ox.Literal(label), ox.Literal(label, language="en")))
    steps = (  # (a pattern binding ?l before the scan, a filter after it)
        (f"VALUES ?l {{ {as_written} }}", ""),
        ("", "FILTER(LCASE(STR(?l)) = ?needle)"),
        ("", 'FILTER(STRSTARTS(LCASE(STR(?l)), CONCAT(?needle, " ")))'),
    )
    for bind_label, filter_label in steps:
        sparql = (
            f"{prolog}SELECT DISTINCT ?x ?l WHERE {{\n  VALUES ?needle {{ {needle} }}\n"
            f"  VALUES ?p {{ {' '.join(_LABELS)} }}\n  {bind_label}\n  ?x ?p ?l .\n  {type_pattern}\n"
            f"  FILTER(isIRI(?x))\n  {filter_label}\n}} ORDER BY ?x LIMIT 20"
        )
        found: dict[str, str] = {}
        for row in target.query(sparql):  # type: ignore[attr-defined]
            found.setdefault(row["x"].value, row["l"].value)
        if len(found) == 1:
            return ox.NamedNode(next(iter(found)))
        if len(found) > 1:
            options = "; ".join(f"{label!r} = <{iri}>" for iri, label in list(found.items())[:6])
            raise QueryError(f"{where}: {label!r} is ambiguous ({options}); give the IRI")
    kind = f"no {cls}" if cls else "nothing"
    raise QueryError(f"{where}: {kind} is labelled {label!r}")
