"""Query answers in one shape, whether they came from the local store or an endpoint, and their
renderings: a terminal table, CSV (with a header row), TSV, SPARQL 1.1 Query Results JSON, and
Turtle with the exports' prefixes for CONSTRUCT/DESCRIBE; in Python also a pandas DataFrame
(``_frame``), an rdflib graph and an HTML table for notebooks (``_html``)."""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .._help import Brief
from .._text import printable

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT_FORMATS = ("table", "csv", "tsv", "json")

Term = ox.NamedNode | ox.BlankNode | ox.Literal

if TYPE_CHECKING:
    import pandas
    import rdflib

    from ..graph.store import KnowledgeGraph


@dataclass(frozen=True)
class QueryResult(metaclass=Brief):
    """A SELECT answer (``variables`` + ``rows``), an ASK answer (``boolean``) or a graph
    (``triples``, from CONSTRUCT/DESCRIBE). ``to_pandas()`` gives a DataFrame, ``records()``
    plain Python values; a graph answer is also ``graph()``, ``serialize()`` and ``to_rdflib()``."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Term | None], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())

    @classmethod
    def from_pyoxigraph(cls, answer: object) -> QueryResult:
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = tuple({n: row[n] for n in names} for row in answer)
            return cls("select", variables=names, rows=rows)
        return cls("graph", triples=tuple(answer))  # type: ignore[call-overload]

    def with_sorted_lists(self, columns: tuple[str, ...], separator: str = " ") -> QueryResult:
        """GROUP_CONCAT columns made deterministic: items sorted and unique, empty items dropped,
        an empty list unbound (stores differ on all three)."""
        if self.kind != "select" or not columns:
            return self
        rows = []
        for row in self.rows:
            row = dict(row)
            for name in columns:
                term = row.get(name)
                if isinstance(term, ox.Literal):
                    items = sorted({item for item in term.value.split(separator) if item.strip()})
                    row[name] = ox.Literal(separator.join(items)) if items else None
            rows.append(row)
        return QueryResult(self.kind, self.variables, tuple(rows), self.boolean, self.triples)

    def canonical(self) -> QueryResult:
        """Literals in the canonical form the local engine writes (``true`` for Virtuoso's ``1``,
        ``1.5`` for ``1.50``, lower-case language tags…), so answers from any store render alike."""
        if self.kind == "ask":
            return self
        if self.kind == "graph":
            return QueryResult("graph", triples=tuple(_canonical_triples(self.triples)))
        literals = {t for row in self.rows for t in row.values() if isinstance(t, ox.Literal) and _needs_canon(t)}
        if not literals:
            return self
        canon = _canonical_literals(literals)
        rows = tuple({n: canon.get(t, t) if isinstance(t, ox.Literal) else t for n, t in row.items()} for row in self.rows)  # type: ignore[arg-type]
        return QueryResult("select", self.variables, rows)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Rows (SELECT) or triples (graph), as iterating pyoxigraph's answers gives."""
        return iter(self.triples if self.kind == "graph" else self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (IRIs as strings, typed literals as numbers/bools)."""
        return [{name: python_value(term) for name, term in row.items()} for row in self.rows]

    def column(self, name: str) -> list[Any]:
        return [python_value(row.get(name)) for row in self.rows]

    def to_pandas(self, *, prefixed: bool = False) -> pandas.DataFrame:
        """A DataFrame: a column per variable in the SELECT's order, typed by datatype (Int64,
        Float64, boolean, datetime64, string), unbound as ``pd.NA``; IRIs as full text, or with
        ``prefixed=True`` as ``ng:Obligation``. A graph answer: subject, predicate, object.
        Needs ``pip install normgraph[pandas]``."""
        from ._frame import to_pandas

        return to_pandas(self, prefixed=prefixed)

    def graph(self) -> KnowledgeGraph:
        """A CONSTRUCT/DESCRIBE answer as a graph (its default graph): export it, query it."""
        from ..graph.store import KnowledgeGraph

        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self._graph_triples())
        return KnowledgeGraph(store)

    def serialize(self, format: str = "turtle") -> str:
        """A CONSTRUCT/DESCRIBE answer as text in an export format (``normgraph.FORMATS``), with
        the exports' prefixes (``ng:``, ``rdfs:`` …) and their deterministic order."""
        from ..graph.export import serialize

        return serialize(self.graph(), format).decode("utf-8")

    def to_rdflib(self) -> rdflib.Graph:
        """A CONSTRUCT/DESCRIBE answer as an rdflib ``Graph``, the exports' prefixes bound."""
        from ..graph._rdflib import to_graph

        return to_graph(self.graph())

    def _graph_triples(self) -> tuple[ox.Triple, ...]:
        if self.kind != "graph":
            from ..errors import QueryError

            raise QueryError(f"this is a {self.kind.upper()} answer, not a graph: only CONSTRUCT and DESCRIBE give one")
        return self.triples

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<QueryResult ASK: {'true' if self.boolean else 'false'}>"
        if self.kind == "graph":
            return f"<QueryResult graph: {len(self.triples)} triple{'s' if len(self.triples) != 1 else ''}>"
        return (f"<QueryResult SELECT: {len(self.rows)} row{'s' if len(self.rows) != 1 else ''} × "
                f"{', '.join(self.variables) or 'no columns'}>")

    def _repr_html_(self) -> str:
        """The answer as an HTML table (Jupyter); every cell escaped, the first rows only."""
        from ._html import result_html

        return result_html(self)

    def render(self, format: str, width: int | None = None) -> str:
        """The result as text; ``width``: the line length a table must fit (None: cells whole)."""
        if self.kind == "ask":
            return _ask(self.boolean, format)
        if self.kind == "graph":  # Turtle with the exports' prefixes, in their order
            return self.serialize("turtle")
        if format == "table":
            return _table(self, width)
        return {"csv": _csv, "tsv": _tsv, "json": _json}[format](self)


_PLAIN = (XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def _needs_canon(literal: ox.Literal) -> bool:
    return literal.datatype.value not in _PLAIN


def _canonical_literals(literals: set[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    # The local engine (pyoxigraph) stores typed literals in canonical form; storing these in a
    # scratch store and reading them back gives exactly the form a local query would answer.
    scratch = ox.Store()
    ordered = list(literals)
    value = ox.NamedNode("urn:normgraph:canonical")
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:normgraph:canonical:{i}"), value, lit) for i, lit in enumerate(ordered))
    out = {}
    for quad in scratch.quads_for_pattern(None, value, None):
        original = ordered[int(quad.subject.value.rsplit(":", 1)[1])]
        out[original] = quad.object  # type: ignore[assignment]
    return out


def _canonical_triples(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return [q.triple for q in scratch]


def python_value(term: Term | None) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype in (XSD + "decimal",):
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _ask(value: bool | None, format: str) -> str:
    if format == "json":
        return json.dumps({"head": {}, "boolean": bool(value)}) + "\n"
    return ("true" if value else "false") + "\n"


def _plain(term: Term | None) -> str:
    """The SPARQL CSV rendering of a term: IRIs and literals as their plain text."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(row.get(n)) for n in result.variables])
    return out.getvalue()


def _tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: a header of ?variables, then terms in Turtle syntax (escaped by pyoxigraph)
    lines = ["\t".join(f"?{n}" for n in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if row.get(n) is None else str(row[n]) for n in result.variables))
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _json(result: QueryResult) -> str:
    bindings = [{n: _json_term(t) for n, t in row.items() if t is not None} for row in result.rows]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _table(result: QueryResult, width: int | None = None) -> str:
    """A readable table. ``width``: the line length to fit (a terminal's), the widest columns
    cut first with an ellipsis, none below its header or 12 characters; None: every cell whole."""
    if not result.variables:
        return "(no columns)\n"
    header = list(result.variables)
    body = [[_display(row.get(n)) for n in header] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    if width is not None:
        floors = [max(len(h), 12) for h in header]
        room = width - 3 * (len(header) - 1)
        if sum(floors) > room:  # too many columns for the terminal: one row at a time, a line per column
            return _records(header, body, width)
        widths = _fit(widths, floors, room)
        body = [[_short(cell, w) for cell, w in zip(r, widths)] for r in body]
    line = "-+-".join("-" * w for w in widths)  # as long as the rows
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths)), line]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"


def _records(header: list[str], body: list[list[str]], width: int) -> str:
    """Rows as records (as psql's expanded display): ``-[ row 1 ]---`` then ``name | value``."""
    names = max(len(h) for h in header)
    room = max(width - names - 3, 12)
    out: list[str] = []
    for number, row in enumerate(body, 1):
        title = f"-[ row {number} ]"
        out.append(title + "-" * max(width - len(title), 0))
        out += [f"{h.ljust(names)} | {_short(cell, room)}".rstrip() for h, cell in zip(header, row)]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths that add up to at most ``room``: the widest is narrowed, one character at a
    time, down to its floor (a table too wide even then keeps its floors)."""
    widths = list(widths)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: (widths[i] - floors[i] > 0, widths[i]))
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
    return widths


@functools.cache
def _shortening() -> tuple[tuple[str, str], ...]:
    """Namespace → prefix, longest first; made on first use (graph.export is not needed before)."""
    from ..graph.export import PREFIXES  # every vocabulary the graph uses, as the exports write it

    pairs = [("https://w3id.org/normgraph/id/", "ngr:"), *((iri, f"{p}:") for p, iri in PREFIXES.items())]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))  # the longest namespace first



def shortened(iri: str) -> str:
    """An IRI with the exports' prefixes (``ng:Obligation``, ``ngr:doc/…``), else whole."""
    for namespace, prefix in _shortening():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return printable(shortened(term.value))
    return printable(" ".join(_plain(term).split()))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
