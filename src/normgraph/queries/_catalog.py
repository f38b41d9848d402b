"""The named queries: ``.rq`` files beside this module and their header comments.

A header is the run of ``#`` lines at the top of the file::

    # title: Norms by state role
    # description: Every obligation, recommendation and right that binds a state role, …
    #   (an indented line continues the previous key)
    # param: role (iri, ng:StateRole) [optional, example=transit]: the state role; a label works too

A parameter is a variable of the query (``?role``). Its type is ``iri``, ``integer``, ``unit`` (an
eId or a citation such as "Article 6(3)", bound as the eId string),
``decimal``, ``string``, ``date`` or ``boolean`` (a switch: true/false, yes/no or 1/0, bound as an
``xsd:boolean``); an ``iri`` may name the class whose labels identify it.
Flags: ``optional`` (left out, the variable stays free and the query answers for every value),
``default=VALUE``, ``example=VALUE``. The files run unchanged in any SPARQL 1.1 engine.

``# list: unverified`` names a column made by ``GROUP_CONCAT(…; separator=" ")``. SPARQL leaves
the order of its items open (stores differ), so normgraph sorts them, drops empty items and leaves
an empty list unbound: the same text from every store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from ..errors import QueryError

PARAM_TYPES = ("iri", "integer", "decimal", "string", "date", "unit", "boolean")
BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
"""How a ``boolean`` parameter may be written (any case), and what each spelling means."""
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:\s*,\s*(?P<cls>[\w:/#.-]+))?\)"
    r"\s*(?:\[(?P<flags>[^\]]*)\])?\s*:\s*(?P<description>.*)$"
)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    cls: str | None = None
    """For ``iri`` parameters: the class (prefixed, e.g. ``ng:Actor``) whose labels resolve."""
    required: bool = True
    default: str | None = None
    example: str | None = None
    description: str = ""

    def signature(self) -> str:
        kind = f"{self.type}, {self.cls}" if self.cls else self.type
        extra = []
        if not self.required:
            extra.append("optional")
        if self.default is not None:
            extra.append(f"default={self.default}")
        if self.example is not None:
            extra.append(f"example={self.example}")
        return f"{self.name} ({kind})" + (f" [{', '.join(extra)}]" if extra else "")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path | None
    lists: tuple[str, ...] = ()
    """Columns holding space-separated GROUP_CONCAT lists (``# list:`` headers)."""

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")


def _folder() -> Path:
    return Path(str(files(__package__ or "normgraph.queries")))


def query_names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.rq"))


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [load_query(name) for name in query_names()]


@cache
def _load(path: Path) -> NamedQuery:
    return parse_query_file(path.read_text(encoding="utf-8"), name=path.stem, path=path)


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (the file ``{name}.rq`` beside this module)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name or ""):
        raise QueryError(f"{name!r} is not a query name (see `normgraph queries`)")
    path = _folder() / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no query named {name!r} (known: {', '.join(query_names())})")
    return _load(path)


def parse_query_file(text: str, *, name: str, path: Path | None = None) -> NamedQuery:
    """Read a ``.rq`` file's header; the SPARQL itself is kept as written."""
    header: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        key, sep, rest = body.strip().partition(":")
        if sep and not body.startswith("  ") and re.fullmatch(r"[a-z]+", key):
            header.append((key, rest.strip()))
        elif header and body.strip():
            key, value = header[-1]
            header[-1] = (key, f"{value} {body.strip()}")
    title, description, params, lists = name, "", [], []
    for key, value in header:
        if key == "title":
            title = value
        elif key == "description":
            description = value
        elif key == "param":
            params.append(_param(value, name))
        elif key == "list":
            lists += _list_columns(value, name)
    return NamedQuery(name, title, description, tuple(params), text, path, tuple(lists))


def _list_columns(text: str, query: str) -> list[str]:
    names = [n.strip().lstrip("?") for n in text.split(",")]
    if not names or not all(re.fullmatch(r"[A-Za-z_]\w*", n) for n in names):
        raise QueryError(f"query {query!r}: malformed list header {text!r} (expected column names)")
    return names


def _param(text: str, query: str) -> Param:
    match = _PARAM.match(text)
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryError(f"query {query!r}: malformed parameter header {text!r}")
    flags = [f.strip() for f in (match["flags"] or "").split(",") if f.strip()]
    options = dict(f.split("=", 1) for f in flags if "=" in f)
    if match["type"] == "boolean" and options.get("default", "false").strip().lower() not in BOOLEANS:
        raise QueryError(f"query {query!r}: the default of {match['name']!r} is not true or false")
    return Param(
        name=match["name"],
        type=match["type"],
        cls=match["cls"],
        required="optional" not in flags and "default" not in options,
        default=options.get("default"),
        example=options.get("example"),
        description=match["description"].strip(),
    )
