"""A query answer as a pandas DataFrame: a column per variable, in the SELECT's order, each with
the nullable dtype its literals' datatype says (pandas is an optional extra, imported here only).

- ``xsd:integer`` and its derived types → ``Int64``; ``xsd:decimal``, ``xsd:double``,
  ``xsd:float`` → ``Float64`` (pandas has no decimal dtype); ``xsd:boolean`` → ``boolean``;
  ``xsd:date`` and ``xsd:dateTime`` → ``datetime64``; every other literal, and IRIs, → ``string``.
- IRIs are their full text (unambiguous, and usable as a query parameter again); with
  ``prefixed=True`` shortened with the exports' prefixes (``ng:Obligation``, ``ngr:doc/…``).
  Blank nodes are ``_:label``.
- An unbound variable is missing: ``pd.NA`` (``NaT`` in a date column).
- A column whose values disagree (an integer here, a string there) keeps Python values (``object``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    import pandas

    from ._results import QueryResult, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
INSTALL = "pip install normgraph[pandas]"

_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}  # fmt: skip
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
_DATES = {XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp"}


def import_pandas():  # type: ignore[no-untyped-def]
    """pandas, or an ImportError that says how to install it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(f"this needs pandas, which is not installed: {INSTALL}", name="pandas") from None
    return pandas


def to_pandas(result: QueryResult, *, prefixed: bool = False) -> pandas.DataFrame:
    pd = import_pandas()
    if result.kind == "ask":
        return pd.DataFrame({"boolean": pd.array([bool(result.boolean)], dtype="boolean")})
    terms: dict[str, list[Term | None]]
    if result.kind == "graph":
        terms = {name: [getattr(t, name) for t in result.triples] for name in ("subject", "predicate", "object")}
    else:
        terms = {name: [row.get(name) for row in result.rows] for name in result.variables}
    return pd.DataFrame({name: _column(pd, column, prefixed) for name, column in terms.items()}, columns=list(terms))


def _column(pd, terms: list[Term | None], prefixed: bool):  # type: ignore[no-untyped-def]
    kinds = {_kind(t) for t in terms if t is not None}
    if kinds == {"integer", "float"}:  # 3 and 2.5 in one column: numbers all the same
        kinds = {"float"}
    if len(kinds) > 1:  # mixed: each value as records() gives it
        from ._results import python_value

        return pd.array([python_value(t) for t in terms], dtype=object)
    kind = kinds.pop() if kinds else "string"
    if kind == "string":
        return pd.array([None if t is None else _text(t, prefixed) for t in terms], dtype="string")
    values = [None if t is None else t.value for t in terms]  # only literals from here on
    try:
        if kind == "integer":
            return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        if kind == "float":
            return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        if kind == "boolean":
            return pd.array([None if v is None else v in ("true", "1") for v in values], dtype="boolean")
        # dates: offsets differ between values in general, so each becomes UTC when any has one
        has_zone = any(v is not None and (v.endswith("Z") or v[-6:-5] in ("+", "-") and ":" in v[-6:]) for v in values)
        return pd.to_datetime(pd.Series(values, dtype=object), utc=has_zone, format="ISO8601").array
    except (ValueError, OverflowError):  # an ill-typed literal ("soon"^^xsd:date): the column stays text
        return pd.array([None if t is None else _text(t, prefixed) for t in terms], dtype="string")


def _kind(term: Term) -> str:
    if not isinstance(term, ox.Literal):
        return "string"
    datatype = term.datatype.value
    if datatype in _INTEGERS:
        return "integer"
    if datatype in _FLOATS:
        return "float"
    if datatype == XSD + "boolean":
        return "boolean"
    if datatype in _DATES:
        return "date"
    return "string"


def _text(term: Term, prefixed: bool) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if prefixed and isinstance(term, ox.NamedNode):
        from ._results import shortened

        return shortened(term.value)
    return term.value
