"""Named SPARQL queries and running them, locally or against any SPARQL 1.1 endpoint.

>>> from normgraph import build_graph
>>> from normgraph.queries import run_named
>>> result = run_named(build_graph(), "norms-by-role", {"role": "transit"})
>>> result.to_pandas()                                      # a DataFrame (normgraph[pandas])
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .._sparql import query_form, too_deep
from ..errors import QueryError
from ._bind import Queryable, bind
from ._catalog import NamedQuery, Param, list_queries, load_query, parse_query_file, query_names
from ._results import RESULT_FORMATS, QueryResult


def run_sparql(target: Queryable, sparql: str) -> QueryResult:
    """Run SPARQL text on a local graph or an endpoint; malformed SPARQL is a QueryError."""
    if query_form(sparql) == "UPDATE":
        raise QueryError("this is an update, not a query: normgraph query only reads")
    reason = too_deep(sparql)  # before the engine, whose parser would overflow its stack
    if reason:
        raise QueryError(reason)
    try:
        answer = target.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from None
    return answer if isinstance(answer, QueryResult) else QueryResult.from_pyoxigraph(answer)


def run_named(target: Queryable, name: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run the named query ``name`` with ``params`` (user text, bound safely)."""
    query = load_query(name)
    return run_sparql(target, bind(query, params or {}, target)).with_sorted_lists(query.lists)


def run_file(target: Queryable, path: str | Path, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a ``.rq`` file; its ``# param:`` headers work as for named queries."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query: {getattr(exc, 'strerror', None) or exc}", path=path) from None
    query = parse_query_file(text, name=path.stem, path=path)
    try:
        return run_sparql(target, bind(query, params or {}, target)).with_sorted_lists(query.lists)
    except QueryError as exc:
        raise QueryError(exc.message, path=path) from None


def run_query(target: Queryable, query_or_name: str, params: Mapping[str, object] | None = None) -> QueryResult:
    """A named query, a ``.rq`` file or SPARQL text, told apart by their shape: a name is one
    word, a file ends in ``.rq``, anything else is SPARQL (which takes no parameters)."""
    values = {name: _param_text(value) for name, value in (params or {}).items()}
    text = query_or_name.strip()
    if text.endswith(".rq") and not any(c.isspace() for c in text):
        return run_file(target, text, values)
    if text and not any(c.isspace() or c in "{}?" for c in text):
        return run_named(target, text, values)
    if values:
        raise QueryError("parameters work with named queries and .rq files, not with SPARQL text: "
                         f"got {', '.join(sorted(values))}")
    return run_sparql(target, query_or_name)


def _param_text(value: object) -> str:
    # as typed on the command line: True → "true", 38 → "38"
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


__all__ = [
    "RESULT_FORMATS",
    "NamedQuery",
    "Param",
    "QueryResult",
    "list_queries",
    "load_query",
    "query_names",
    "run_file",
    "run_named",
    "run_query",
    "run_sparql",
]
