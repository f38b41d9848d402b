"""What every reader returns, and how a library's exception becomes one line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..._text import one_line
from ...errors import DocumentError

MAX_SOURCE_BYTES = 256 * 2**20
"""The largest PDF, HTML or Word file read (a text may be at most 64 MiB; an office file holds
far fewer characters than bytes)."""
MAX_UNPACKED_BYTES = 512 * 2**20
"""The most a Word file may unpack to: a zip bomb is refused before it is opened."""


@dataclass(frozen=True)
class Reading:
    text: str
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


def failure(what: str, exc: BaseException, path: Path) -> DocumentError:
    """``what`` and the library's own words, on one line, naming the file."""
    detail = one_line(str(exc)).strip() or type(exc).__name__
    if len(detail) > 200:
        detail = detail[:200] + "…"
    return DocumentError(f"{what} ({detail})", path=path)
