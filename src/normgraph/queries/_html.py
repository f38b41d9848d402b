"""HTML for notebooks (Jupyter's ``_repr_html_``): query answers as tables, a graph as a summary.

Everything from the graph is text, never markup: each cell goes through ``html.escape`` (quotes
too), and control characters are shown as escapes (``printable``), as on the terminal."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._text import printable

if TYPE_CHECKING:
    from ._results import QueryResult

MAX_ROWS = 50  # a notebook cell shows the start; the rest is a click on to_pandas() away
MAX_CELL = 300  # characters of one cell (a paragraph's text runs to thousands)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, total: int | None = None, caption: str = "") -> str:
    """An escaped HTML table of the first MAX_ROWS rows; ``total``: how many rows there are in all."""
    total = len(rows) if total is None else total
    out = ['<table class="normgraph">']
    if caption:
        out.append(f"<caption>{_cell(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_cell(h)}</th>" for h in header) + "</tr></thead><tbody>")
    out += ["<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows[:MAX_ROWS]]
    out.append("</tbody></table>")
    shown = min(len(rows), MAX_ROWS)
    note = f"{total} row{'s' if total != 1 else ''}" + (f", the first {shown} shown" if shown < total else "")
    out.append(f"<p>{note}</p>")
    return "".join(out)


def _cell(text: str) -> str:
    text = printable(text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return html.escape(text, quote=True)


def result_html(result: QueryResult) -> str:
    from ._results import _display

    if result.kind == "ask":
        return f"<p>ASK: <b>{'true' if result.boolean else 'false'}</b></p>"
    if result.kind == "graph":
        triples = sorted(result.triples, key=str)[:MAX_ROWS]
        rows = [[_display(t.subject), _display(t.predicate), _display(t.object)] for t in triples]  # type: ignore[arg-type]
        return table(("subject", "predicate", "object"), rows, total=len(result.triples))
    rows = [[_display(row.get(name)) for name in result.variables] for row in result.rows[:MAX_ROWS]]
    return table(result.variables, rows, total=len(result.rows))
