"""Named SPARQL queries: plain ``.rq`` files beside this module, runnable in any SPARQL 1.1
engine. Each starts with ``# key: value`` header comments (title, description)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..errors import QueryError


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    sparql: str
    path: Path


def _folder() -> Path:
    return Path(str(files(__name__)))


def query_names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.rq"))


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (the file ``{name}.rq``)."""
    path = _folder() / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no query named {name!r} (known: {', '.join(query_names())})")
    sparql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    key = None
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        head, sep, rest = body.partition(":")
        if sep and head.isidentifier() and not line.startswith("#  "):
            key = head
            header[key] = rest.strip()
        elif key:
            header[key] += " " + body
    return NamedQuery(name, header.get("title", name), header.get("description", ""), sparql, path)
