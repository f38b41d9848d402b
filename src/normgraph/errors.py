"""The errors users see. Each renders as one line that names the place: file, line, paragraph."""

from __future__ import annotations

from pathlib import Path

from ._help import Brief


class NormgraphError(Exception, metaclass=Brief):
    """Base class: anything normgraph refuses, with a one-line message naming where.

    ``str(error)`` is that line, ``file:line[:column]: paragraph N: message``; the parts are
    also attributes: ``message``, ``path``, ``line``, ``column``, ``paragraph`` (None when not
    known). ``help()`` lists only these: everything else is ``Exception``'s."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        paragraph: int | str | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column if line is not None else None
        self.paragraph = paragraph
        super().__init__(str(self))

    def __str__(self) -> str:
        # "file:line[:column]: paragraph N: message" — the shape editors and CI logs link to.
        parts = []
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
            parts.append(where)
        if self.paragraph is not None:  # a number, or a unit's eId ("art_6__para_3")
            parts.append(f"paragraph {self.paragraph}" if isinstance(self.paragraph, int) else f"unit {self.paragraph}")
        return ": ".join([*parts, self.message])


class DocumentError(NormgraphError):
    """A document text cannot be read or split into numbered paragraphs."""


class AnnotationError(NormgraphError):
    """An annotation file is malformed or disagrees with its text."""


class CorpusError(NormgraphError):
    """A corpus folder is missing, empty or inconsistent across documents."""


class QueryError(NormgraphError):
    """A SPARQL query or its parameters are malformed, or an endpoint failed."""


class ValidationFailed(NormgraphError):
    """The graph does not conform to the SHACL shapes (the report is in ``report``)."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report
