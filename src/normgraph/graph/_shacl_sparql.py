"""SHACL-SPARQL constraints (``sh:sparql`` / ``sh:select``) as one query per constraint over the
whole store, for the fast validation engine (graph/_shacl_fast.py).

pySHACL runs a constraint's SELECT once per focus node, with ``$this`` pre-bound, on rdflib. rdflib
evaluates the joins of a group *sideways*: each part of a group sees the bindings of the parts
before it (``evalLazyJoin``), filters and ``EXISTS`` included. A standard SPARQL engine such as
oxigraph evaluates each part on its own and joins afterwards, so a query whose later part refers
to a variable bound by an earlier part (the shapes' ``ngsh:PartiesHaveBasis`` binds ``?party`` in
one ``{ } UNION { }`` and reads it in the next one's ``NOT EXISTS``) gives other answers.

So the query is rewritten before oxigraph sees it: every part of every group after the first is
joined with ``LATERAL`` (SEP-0006, supported by oxigraph), which is the same sideways evaluation,
triple patterns one by one in an order where each shares variables with what is already bound, and
the whole body is ``LATERAL``-joined to the shape's focus nodes (the pre-binding of ``$this``).
``LATERAL`` inside ``EXISTS`` also sidesteps an oxigraph planner weakness: a two-pattern ``EXISTS``
is otherwise evaluated by scanning its second pattern for every outer row (the shapes'
``ngsh:QuoteInParagraph`` took 66 s at 1M triples, 0.1 s rewritten).

The rewriter reads the subset of SPARQL that constraints use in practice: triple patterns (with
property paths), groups, UNION, OPTIONAL, MINUS, GRAPH, FILTER (with [NOT] EXISTS), BIND and
SELECT [DISTINCT] with variables or ``(expression AS ?var)``. Anything else (subqueries, VALUES,
SERVICE, aggregates, LIMIT, blank-node syntax in patterns, ``$PATH``…) raises :class:`Unsupported`,
and the constraint's shape is then validated by pySHACL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class Unsupported(Exception):
    """A query (or shape) the fast engine does not handle; the message says what."""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>("\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
        (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"{}|^`\\\s]*>|(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\.(?=[\w:%-]))*))?)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<bnode>_:[\w.-]*\w|_:\w)
  | (?P<pname>(?:[A-Za-z][\w.-]*\w|[A-Za-z])?:(?:[\w:%-]|\.(?=[\w:%-]))*)
  | (?P<number>\d+\.\d+(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[{}()\[\].;,/|^*+?!=<>\-@])
    """,
    re.VERBOSE,
)

_PATTERN_KEYWORDS = {"OPTIONAL", "MINUS", "GRAPH", "FILTER", "BIND", "VALUES", "SERVICE", "UNION", "LATERAL"}


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise Unsupported(f"cannot read the query near {text[pos:pos + 20]!r}")
        if match.lastgroup != "ws":
            tokens.append(match.group())
        pos = match.end()
    return tokens


def _is_var(token: str) -> bool:
    return token[:1] in "?$" and len(token) > 1


def _var(token: str) -> str:
    return token[1:]


def _kw(token: str) -> str:
    return token.upper() if re.fullmatch(r"[A-Za-z_][\w-]*", token) else ""


# --- the syntax tree ---------------------------------------------------------------------------


@dataclass
class Triple:
    subject: str
    verb: list[str]
    object: str

    def variables(self) -> set[str]:
        return {_var(t) for t in (self.subject, *self.verb, self.object) if _is_var(t)}

    def text(self) -> str:
        return f"{self.subject} {' '.join(self.verb)} {self.object} ."


@dataclass
class Group:
    """``{ … }``: its elements in order. Element kinds: ("triple", Triple), ("union", [Group]),
    ("optional", Group), ("minus", Group), ("graph", term, Group), ("bind", [tokens|Group]),
    ("filter", [tokens|Group])."""

    elements: list[tuple] = field(default_factory=list)


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token:
            raise Unsupported("the query ends too early")
        if expected is not None and token != expected and _kw(token) != expected:
            raise Unsupported(f"expected {expected!r}, found {token!r}")
        self.pos += 1
        return token

    # groups

    def group(self) -> Group:
        self.take("{")
        if _kw(self.peek()) == "SELECT":
            raise Unsupported("a subquery")
        group = Group()
        while self.peek() != "}":
            token = self.peek()
            keyword = _kw(token)
            if not token:
                raise Unsupported("unbalanced braces")
            if token == ".":
                self.take()
            elif token == "{":
                branches = [self.group()]
                while _kw(self.peek()) == "UNION":
                    self.take()
                    branches.append(self.group())
                group.elements.append(("union", branches))
            elif keyword == "OPTIONAL":
                self.take()
                group.elements.append(("optional", self.group()))
            elif keyword == "MINUS":
                self.take()
                group.elements.append(("minus", self.group()))
            elif keyword == "GRAPH":
                self.take()
                name = self.take()
                group.elements.append(("graph", name, self.group()))
            elif keyword == "FILTER":
                self.take()
                group.elements.append(("filter", self.constraint()))
            elif keyword == "BIND":
                self.take()
                if self.peek() != "(":
                    raise Unsupported("BIND without (")
                group.elements.append(("bind", self.parenthesised()))
            elif keyword in ("VALUES", "SERVICE", "LATERAL"):
                raise Unsupported(keyword)
            else:
                for triple in self.triples():
                    group.elements.append(("triple", triple))
        self.take("}")
        return group

    def constraint(self) -> list:
        """A FILTER's constraint: ( … ), a function call, or [NOT] EXISTS { … }."""
        out: list = []
        if _kw(self.peek()) == "NOT":
            out.append(self.take())
        if _kw(self.peek()) == "EXISTS":
            out.append(self.take())
            out.append(self.group())
            return out
        if self.peek() != "(":
            out.append(self.take())  # a function name
            if self.peek() != "(":
                raise Unsupported("FILTER without a parenthesised constraint")
        return out + self.parenthesised()

    def parenthesised(self) -> list:
        """Tokens from ( to the matching ), with EXISTS groups parsed."""
        out: list = [self.take("(")]
        depth = 1
        while depth:
            token = self.peek()
            if not token:
                raise Unsupported("unbalanced parentheses")
            if _kw(token) == "EXISTS" and self.peek(1) == "{":
                out.append(self.take())
                out.append(self.group())
                continue
            if token == "{" or _kw(token) == "SELECT":
                raise Unsupported("a subquery in an expression")
            self.take()
            depth += token == "("
            depth -= token == ")"
            out.append(token)
        return out

    # triples

    def term(self) -> str:
        token = self.take()
        if token in ("[", "(") or token.startswith("_:"):
            raise Unsupported("blank-node syntax in a triple pattern")
        if token in ("{", "}", ".", ";", ",") or _kw(token) in _PATTERN_KEYWORDS:
            raise Unsupported(f"unexpected {token!r} in a triple pattern")
        return token

    def triples(self) -> list[Triple]:
        subject = self.term()
        out: list[Triple] = []
        while True:
            verb = [self.take()] if _is_var(self.peek()) else self.path()
            while True:
                out.append(Triple(subject, verb, self.term()))
                if self.peek() != ",":
                    break
                self.take()
            if self.peek() != ";":
                break
            while self.peek() == ";":
                self.take()
            if self.peek() in (".", "}", "") or _kw(self.peek()) in _PATTERN_KEYWORDS or self.peek() == "{":
                break
        return out

    def path(self) -> list[str]:
        out = self.path_sequence()
        while self.peek() == "|":
            out.append(self.take())
            out += self.path_sequence()
        return out

    def path_sequence(self) -> list[str]:
        out = self.path_element()
        while self.peek() == "/":
            out.append(self.take())
            out += self.path_element()
        return out

    def path_element(self) -> list[str]:
        out: list[str] = []
        if self.peek() == "^":
            out.append(self.take())
        token = self.peek()
        if token == "(":
            out.append(self.take())
            out += self.path()
            out.append(self.take(")"))
        elif token == "!":
            out.append(self.take())
            if self.peek() == "(":
                depth = 0
                while True:
                    t = self.take()
                    out.append(t)
                    depth += t == "("
                    depth -= t == ")"
                    if depth == 0:
                        break
            else:
                out.append(self.take())
        elif token == "a" or token.startswith("<") or (":" in token and not token.startswith(("?", "$", '"', "'"))):
            out.append(self.take())
        else:
            raise Unsupported(f"unexpected {token!r} as a predicate")
        if self.peek() in ("*", "+", "?"):
            out.append(self.take())
        return out


# --- the select query --------------------------------------------------------------------------


@dataclass
class SelectQuery:
    prologue: list[str]
    distinct: bool
    projection: list  # tokens; ["*"] for SELECT *
    where: Group

    def projected(self) -> list[str] | None:
        """The projected variables' names (None for SELECT *)."""
        if self.projection == ["*"]:
            return None
        names: list[str] = []
        depth = 0
        for i, token in enumerate(self.projection):
            if isinstance(token, Group):
                continue
            depth += token == "("
            depth -= token == ")"
            if _is_var(token) and (depth == 0 or (i > 0 and _kw(str(self.projection[i - 1])) == "AS")):
                names.append(_var(token))
        return names


def parse_select(text: str) -> SelectQuery:
    tokens = tokenize(text)
    for token in tokens:
        if _is_var(token) and _var(token) in ("PATH", "currentShape", "shapesGraph"):
            raise Unsupported(f"${_var(token)}")
    parser = _Parser(tokens)
    prologue: list[str] = []
    while _kw(parser.peek()) in ("PREFIX", "BASE"):
        keyword = parser.take()
        prologue.append(keyword)
        if _kw(keyword) == "PREFIX":
            prologue.append(parser.take())
        prologue.append(parser.take())
    parser.take("SELECT")
    distinct = False
    if _kw(parser.peek()) in ("DISTINCT", "REDUCED"):
        distinct = parser.take().upper() == "DISTINCT"
    projection: list = []
    while parser.peek() != "{" and _kw(parser.peek()) != "WHERE":
        token = parser.peek()
        if not token or _kw(token) == "FROM":
            raise Unsupported("FROM" if token else "a SELECT without WHERE")
        if token == "(":
            projection += parser.parenthesised()
        else:
            projection.append(parser.take())
    if any(_kw(str(t)) in ("COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT") for t in projection):
        raise Unsupported("an aggregate")
    if _kw(parser.peek()) == "WHERE":
        parser.take()
    where = parser.group()
    rest = parser.tokens[parser.pos:]
    if rest:
        raise Unsupported(f"solution modifiers ({' '.join(rest[:3])} …)")
    return SelectQuery(prologue, distinct, projection, where)


# --- the rewrite -------------------------------------------------------------------------------


def _element_variables(element: tuple) -> set[str]:
    """Variables an element can bind (for ordering the patterns)."""
    kind = element[0]
    if kind == "triple":
        return element[1].variables()
    if kind == "union":
        return set().union(*(_group_variables(g) for g in element[1]))
    if kind in ("optional",):
        return _group_variables(element[1])
    if kind == "graph":
        name = element[1]
        return _group_variables(element[2]) | ({_var(name)} if _is_var(name) else set())
    if kind == "bind":
        tokens = element[1]
        return {_var(tokens[-2])} if len(tokens) >= 2 and _is_var(str(tokens[-2])) else set()
    return set()


def _group_variables(group: Group) -> set[str]:
    return set().union(*(_element_variables(e) for e in group.elements)) if group.elements else set()


def _boundness(triple: Triple, known: set[str]) -> int:
    score = 0
    for part in (triple.subject, triple.object):
        score += (not _is_var(part)) or _var(part) in known
    score += all((not _is_var(t)) or _var(t) in known for t in triple.verb)
    return score


def _order_triples(triples: list[Triple], known: set[str]) -> list[Triple]:
    """Triples in an order that starts where variables are already bound (ties: as written)."""
    left, ordered, bound = list(triples), [], set(known)
    while left:
        best = max(range(len(left)), key=lambda i: (_boundness(left[i], bound), -i))
        triple = left.pop(best)
        ordered.append(triple)
        bound |= triple.variables()
    return ordered


_FRESH = [0]


def _simple(token: str) -> bool:
    return token == "a" or token.startswith("<") or (":" in token and token[:1] not in "?$\"'")


def _split_path(triple: Triple) -> list[Triple]:
    """A sequence path of plain predicates (``p1/^p2/p3``) as one triple per step, joined by fresh
    variables: the same solutions for the variables the query can see, and oxigraph then looks the
    steps up one after the other instead of evaluating the path as a whole."""
    verb = triple.verb
    steps: list[tuple[bool, str]] = []
    i = 0
    while i < len(verb):
        inverse = verb[i] == "^"
        i += inverse
        if i >= len(verb) or not _simple(verb[i]) or (i + 1 < len(verb) and verb[i + 1] != "/"):
            return [triple]
        steps.append((inverse, verb[i]))
        i += 2
    if len(steps) < 2 and not (steps and steps[0][0]):
        return [triple]
    nodes = [triple.subject]
    for _ in steps[:-1]:
        _FRESH[0] += 1
        nodes.append(f"?_ngpath{_FRESH[0]}")
    nodes.append(triple.object)
    return [Triple(nodes[k + 1], [p], nodes[k]) if inverse else Triple(nodes[k], [p], nodes[k + 1])
            for k, (inverse, p) in enumerate(steps)]


def emit_group(group: Group, known: set[str], split_paths: bool = True) -> str:
    """The group's text with rdflib's sideways joins made explicit (LATERAL)."""
    parts: list[str] = []
    bound = set(known)
    filters: list[str] = []
    have_pattern = False

    def join(text: str) -> None:
        nonlocal have_pattern
        parts.append(f"LATERAL {{ {text} }}" if have_pattern else text)
        have_pattern = True

    elements = list(group.elements)
    i = 0
    while i < len(elements):
        element = elements[i]
        kind = element[0]
        if kind == "triple":
            run = []
            while i < len(elements) and elements[i][0] == "triple":
                run.append(elements[i][1])
                i += 1
            if split_paths:
                run = [step for triple in run for step in _split_path(triple)]
            for triple in _order_triples(run, bound):
                join(triple.text())
                bound |= triple.variables()
            continue
        if kind == "union":
            join(" UNION ".join("{ " + emit_group(g, bound, split_paths) + " }" for g in element[1]))
        elif kind == "optional":
            parts.append("OPTIONAL { " + emit_group(element[1], bound, split_paths) + " }")
            have_pattern = True
        elif kind == "minus":
            parts.append("MINUS { " + emit_group(element[1], bound, split_paths) + " }")
        elif kind == "graph":
            join(f"GRAPH {element[1]} {{ " + emit_group(element[2], bound, split_paths) + " }")
        elif kind == "bind":
            parts.append("BIND " + _emit_tokens(element[1], bound | _group_variables(group), True))
            have_pattern = True
        elif kind == "filter":
            filters.append("FILTER " + _emit_tokens(element[1], bound | _group_variables(group), True))
        bound |= _element_variables(element)
        i += 1
    return " ".join(parts + filters)


def _emit_tokens(tokens: list, known: set[str], split_paths: bool = True) -> str:
    """Tokens of an expression; its EXISTS groups rewritten (their variables are never projected,
    so their paths are always split)."""
    out = []
    for token in tokens:
        out.append("{ " + emit_group(token, known, split_paths) + " }" if isinstance(token, Group) else token)
    return " ".join(out)


@dataclass(frozen=True)
class CompiledConstraint:
    query: str
    variables: tuple[str, ...] | None  # projected variables besides this (None: SELECT *)
    this_projected: bool


def compile_constraint(select: str, prefixes: dict[str, str], focus_pattern: str) -> CompiledConstraint:
    """The SELECT of a SPARQL constraint as one query over every focus node of its shape.

    ``focus_pattern`` binds ``?this`` to the shape's focus nodes, each once."""
    query = parse_select(select)
    projected = query.projected()
    body = emit_group(query.where, {"this"}, split_paths=projected is not None)
    head = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()) + " ".join(query.prologue)
    if projected is None:
        projection = "*"
    else:
        projection = " ".join(_emit_tokens(query.projection, {"this"}).split())
        if "this" not in projected:
            projection = "?this " + projection
    # pySHACL drops repeated results of a focus node (same bindings): DISTINCT, with ?this projected
    text = f"{head}\nSELECT DISTINCT {projection} WHERE {{ {focus_pattern} LATERAL {{ {body} }} }}"
    return CompiledConstraint(text, None if projected is None else tuple(v for v in projected if v != "this"),
                              projected is None or "this" in projected)  # fmt: skip
