"""The fast SHACL engine: the shapes compiled to SPARQL and run by pyoxigraph on the store itself.

Why not pyrudof (the Rust SHACL engine on PyPI)? Measured on this project's data (docs/performance.md,
"Validation (issue 16)"): it needs the store copied into its own graph (serialise, parse), its
validation grows much faster than the data (100k triples: 5.4 s against 0.35 s to load them; 1M:
unfinished after 4 minutes), its SHACL-SPARQL misses the results of ``ngsh:PartiesHaveBasis`` that
rely on rdflib's sideways joins, and its messages are not the shapes' ``sh:message``. pyoxigraph
already holds the graph: validating there costs no copy.

How: every shape with targets becomes one SELECT: its focus nodes (``?this``, the targets with the
data graph's ``rdfs:subClassOf*`` closure), ``LATERAL``-joined to a UNION with one branch per
constraint of the shape and of its property shapes; a branch yields the focus node's violating
value nodes (``?v``) with the constraint's number (``?_k``). Each ``sh:sparql`` constraint is one
more query (graph/_shacl_sparql.py). The semantics follow pySHACL where SHACL leaves room (which
literals are "strings" for comparisons, ill-typed literals, one result per value node, or per pair
for ``sh:lessThan``), so that both engines give the same report.

What it does not compile (complex paths, ``sh:closed``, ``sh:uniqueLang``, ``sh:languageIn``,
``sh:equals``, ``sh:disjoint``, nested ``sh:property``, SPARQL constraints on property shapes or
with subqueries, shapes without ``sh:message`` whose results would carry pySHACL's generated
messages…) is reported per shape by :func:`compile_shapes`; the caller validates those shapes with
pySHACL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ._shacl_sparql import Unsupported, compile_constraint

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = ox.NamedNode(RDF + "type")
_FOCUS = "__NORMGRAPH_FOCUS_NODES__"

# predicates of a shape that constrain nothing by themselves (or are read with another one)
_INERT = {SH + p for p in (
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "message", "severity", "deactivated",
    "name", "description", "order", "group", "defaultValue", "path", "property", "sparql", "flags",
    "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "declare", "prefixes",
)}  # fmt: skip
_VALUE = {SH + p for p in (
    "class", "datatype", "nodeKind", "in", "hasValue", "minLength", "maxLength", "pattern", "minInclusive",
    "maxInclusive", "minExclusive", "maxExclusive", "or", "and", "not", "xone", "node",
)}  # fmt: skip
_PROPERTY = {SH + p for p in ("minCount", "maxCount", "qualifiedValueShape", "lessThan", "lessThanOrEquals")}
_MAX_COUNT = 5  # counts are checked as "n distinct values exist", pairwise: fine for small n

# datatypes rdflib converts to a Python value (pySHACL: a literal it cannot convert is ill-typed and
# fails sh:datatype); oxigraph parses them too, so casting a literal to its own datatype fails
# exactly then. Other datatypes (xsd:gYear, xsd:gYearMonth, xsd:anyURI…) rdflib does not convert:
# pySHACL checks only the datatype IRI, and so does the engine.
_CASTABLE = {XSD + t for t in ("integer", "decimal", "boolean", "double", "float", "date", "dateTime", "time")}
# datatypes rdflib checks in ways the engine does not repeat: shapes using them go to pySHACL
_UNCHECKED = {XSD + t for t in (
    "int", "short", "byte", "long", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "duration",
    "dayTimeDuration", "yearMonthDuration", "hexBinary", "base64Binary",
)} | {RDFS + "Datatype", RDF + "HTML", RDF + "XMLLiteral"}  # fmt: skip
_NODE_KINDS = {
    SH + "IRI": "isIRI({v})", SH + "BlankNode": "isBLANK({v})", SH + "Literal": "isLITERAL({v})",
    SH + "BlankNodeOrIRI": "!isLITERAL({v})", SH + "BlankNodeOrLiteral": "!isIRI({v})",
    SH + "IRIOrLiteral": "!isBLANK({v})",
}  # fmt: skip


class ShapesGraph:
    """The shapes graph as subject → predicate → objects (in file order)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.index: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.index[t.subject][t.predicate.value].append(t.object)

    def objects(self, node: object, predicate: str) -> list:
        entry = self.index.get(node)
        return list(entry.get(predicate, ())) if entry else []

    def value(self, node: object, predicate: str) -> object | None:
        values = self.objects(node, predicate)
        return values[0] if values else None

    def predicates(self, node: object) -> set[str]:
        entry = self.index.get(node)
        return set(entry) if entry else set()

    def subjects(self, predicate: str, obj: object | None = None) -> list:
        return [s for s, entry in self.index.items() if predicate in entry and (obj is None or obj in entry[predicate])]

    def rdf_list(self, node: object) -> list:
        items, seen = [], set()
        while node != ox.NamedNode(RDF + "nil"):
            if node in seen or node is None:
                raise Unsupported("a malformed RDF list")
            seen.add(node)
            first = self.value(node, RDF + "first")
            if first is None:
                raise Unsupported("a malformed RDF list")
            items.append(first)
            node = self.value(node, RDF + "rest")
        return items


@dataclass
class Check:
    """One constraint: a branch of its shape's query, and what its results say."""

    shape: object  # the source shape
    path: object | None  # the result path (a NamedNode) or None
    severity: object
    message: str
    branch: str  # a group pattern, ?this bound, yielding ?v (and ?o) for each result


@dataclass
class SparqlCheck:
    shape: object
    severity: object
    messages: list[str]  # before {?var} substitution, shape's then constraint's
    query: str  # with _FOCUS for the focus-node pattern
    variables: tuple[str, ...] | None  # projected, besides $this (None: SELECT *)
    this_projected: bool


@dataclass
class TopShape:
    node: object
    targets: list[tuple[str, object]]  # (kind, term)
    checks: list[Check] = field(default_factory=list)
    sparql: list[SparqlCheck] = field(default_factory=list)


@dataclass
class Compiled:
    shapes: list[TopShape]
    unsupported: dict[object, str]  # top-level shape -> why pySHACL validates it


def _true(literal: object) -> bool:
    return isinstance(literal, ox.Literal) and literal.value in ("true", "1")


def pick_message(messages: list[tuple[str, str | None]]) -> str:
    """The one message a report shows when a shape has several: English, else untagged, else any;
    ties in text order (validate.py picks from pySHACL's results the same way)."""
    return min(messages, key=lambda m: (0 if m[1] == "en" else 1 if not m[1] else 2, m[0]))[0]


class _Compiler:
    def __init__(self, graph: ShapesGraph, subclasses: Callable[[object], list]) -> None:
        self.g = graph
        self.subclasses = subclasses
        self.fresh = 0

    def var(self, stem: str) -> str:
        self.fresh += 1
        return f"?_ng{stem}{self.fresh}"

    # --- expressions: does value {v} conform? ---------------------------------------------------

    def messages(self, node: object) -> list[tuple[str, str | None]]:
        return [(m.value, m.language) for m in self.g.objects(node, SH + "message") if isinstance(m, ox.Literal)]

    def value_constraints(self, node: object, v: str) -> list[str]:
        """One SPARQL expression per value-type constraint of ``node`` (true: {v} conforms)."""
        g, out = self.g, []
        for cls in g.objects(node, SH + "class"):
            if not isinstance(cls, ox.NamedNode):
                raise Unsupported("sh:class with a blank node")
            t = self.var("t")
            classes = ", ".join(str(c) for c in self.subclasses(cls))
            out.append(f"(!isLITERAL({v}) && EXISTS {{ {v} <{RDF}type> {t} FILTER({t} IN ({classes})) }})")
        for dt in g.objects(node, SH + "datatype"):
            out.append(self.datatype(dt, v))
        for kind in g.objects(node, SH + "nodeKind"):
            if kind.value not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {kind}")
            out.append(_NODE_KINDS[kind.value].format(v=v))
        for lst in g.objects(node, SH + "in"):
            members = g.rdf_list(lst)
            if any(isinstance(m, ox.BlankNode) for m in members):
                raise Unsupported("sh:in with a blank node")
            out.append("(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")")
        if SH + "hasValue" in g.predicates(node) and g.value(node, SH + "path") is None:
            for value in g.objects(node, SH + "hasValue"):
                out.append(f"sameTerm({v}, {self.constant(value)})")
        for n in g.objects(node, SH + "minLength"):
            out.append(f"(!isBLANK({v}) && STRLEN(STR({v})) >= {self.integer(n)})")
        for n in g.objects(node, SH + "maxLength"):
            out.append(f"(!isBLANK({v}) && STRLEN(STR({v})) <= {self.integer(n)})")
        flags = g.value(node, SH + "flags")
        for pattern in g.objects(node, SH + "pattern"):
            out.append(self.pattern(pattern, flags, v))
        for key, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<")):
            for bound in g.objects(node, SH + key):
                out.append(self.compare(v, op, bound))
        for lst in g.objects(node, SH + "or"):
            out.append("(" + " || ".join(self.conforms(s, v) for s in g.rdf_list(lst)) + ")")
        for lst in g.objects(node, SH + "and"):
            out.append("(" + " && ".join(self.conforms(s, v) for s in g.rdf_list(lst)) + ")")
        for lst in g.objects(node, SH + "xone"):
            out.append("((" + " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in g.rdf_list(lst)) + ") = 1)")
        for shape in g.objects(node, SH + "not"):
            out.append(f"!{self.conforms(shape, v)}")
        for shape in g.objects(node, SH + "node"):
            out.append(self.conforms(shape, v))
        return out

    def conforms(self, node: object, v: str) -> str:
        """Whether {v} conforms to a nested shape (sh:or, sh:node…), as one expression."""
        predicates = self.g.predicates(node)
        if _true(self.g.value(node, SH + "deactivated")):
            return "true"
        nested = predicates & (_PROPERTY | {SH + "path", SH + "property", SH + "sparql"})
        unknown = {p for p in predicates if p.startswith(SH)} - _INERT - _VALUE
        if nested or unknown:
            raise Unsupported(f"a nested shape with {_names(nested | unknown)}")
        parts = [f"COALESCE({e}, false)" for e in self.value_constraints(node, v)]
        return "(" + (" && ".join(parts) or "true") + ")"

    def generic_message(self, node: object) -> str:
        """pySHACL's own message for a shape without sh:message: only for a lone sh:nodeKind (the
        shapes' UnitShape); other components' messages name data nodes the way rdflib prints them,
        which the engine does not copy, so those shapes go to pySHACL."""
        constraining = {p for p in self.g.predicates(node) if p.startswith(SH)} - _INERT
        kinds = self.g.objects(node, SH + "nodeKind")
        if constraining == {SH + "nodeKind"} and len(kinds) == 1:
            return f"Value is not of Node Kind sh:{kinds[0].value[len(SH):]}"
        raise Unsupported("constraints without sh:message (pySHACL generates those messages)")

    def datatype(self, dt: object, v: str) -> str:
        if not isinstance(dt, ox.NamedNode) or dt.value in _UNCHECKED:
            raise Unsupported(f"sh:datatype {dt}")
        if dt.value == RDF + "langString":
            return f'(isLITERAL({v}) && LANG({v}) != "")'
        if dt.value == RDFS + "Literal":
            return f"isLITERAL({v})"
        test = f"(isLITERAL({v}) && sameTerm(DATATYPE({v}), {dt}))"
        if dt.value in _CASTABLE:
            test = f"({test} && sameTerm({dt}({v}), {v}))"
        return test

    def pattern(self, pattern: object, flags: object | None, v: str) -> str:
        text = pattern.value if isinstance(pattern, ox.Literal) else ""
        if re.search(r"\(\?[=!<]|\\[1-9]|\(\?P|\\[AZz]", text):  # Python re, not the Rust regex crate
            raise Unsupported("a sh:pattern with lookaround or back-references")
        try:
            re.compile(text)
        except re.error as exc:
            raise Unsupported(f"sh:pattern {text!r}: {exc}") from None
        args = f", {ox.Literal(flags.value)}" if isinstance(flags, ox.Literal) and flags.value else ""
        return f"(!isBLANK({v}) && REGEX(STR({v}), {ox.Literal(text)}{args}))"

    @staticmethod
    def stringish(term: str) -> str:
        """pySHACL compares as strings the literals whose rdflib value is a str."""
        return f'(sameTerm(DATATYPE({term}), <{XSD}string>) || LANG({term}) != "")'

    def compare(self, v: str, op: str, bound: object) -> str:
        if not isinstance(bound, ox.Literal):
            raise Unsupported("a value range with a non-literal bound")
        bound_is_string = bound.language is not None or bound.datatype.value == XSD + "string"
        if bound_is_string:
            return f"(isLITERAL({v}) && {self.stringish(v)} && STR({v}) {op} {ox.Literal(bound.value)})"
        return f"(isLITERAL({v}) && !{self.stringish(v)} && COALESCE({v} {op} {bound}, false))"

    def pair(self, v: str, op: str, o: str) -> str:
        """sh:lessThan(OrEquals) as pySHACL: IRIs and string literals compare as strings, a string
        with a non-string fails, other literals by value."""
        s_v = f"(isIRI({v}) || (isLITERAL({v}) && {self.stringish(v)}))"
        s_o = f"(isIRI({o}) || (isLITERAL({o}) && {self.stringish(o)}))"
        return (f"(!isBLANK({v}) && !isBLANK({o}) && IF({s_v} || {s_o}, {s_v} && {s_o} && STR({v}) {op} STR({o}),"
                f" COALESCE({v} {op} {o}, false)))")  # fmt: skip

    @staticmethod
    def constant(term: object) -> str:
        if isinstance(term, ox.BlankNode):
            raise Unsupported("a blank node as a constant")
        return str(term)

    @staticmethod
    def integer(term: object) -> int:
        try:
            return int(term.value)  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            raise Unsupported(f"a count that is not an integer: {term}") from None

    # --- the shapes -----------------------------------------------------------------------------

    def top_shapes(self) -> list[object]:
        g = self.g
        out: list[object] = []
        for s in g.index:
            targeted = g.predicates(s) & {SH + "targetClass", SH + "targetNode", SH + "targetSubjectsOf",
                                          SH + "targetObjectsOf"}  # fmt: skip
            implicit = self.implicit_class(s)
            if (targeted or implicit) and not _true(g.value(s, SH + "deactivated")):
                out.append(s)
        return out

    def implicit_class(self, s: object) -> bool:
        types = {t.value for t in self.g.objects(s, RDF + "type") if isinstance(t, ox.NamedNode)}
        return bool(types & {SH + "NodeShape", SH + "PropertyShape"}) and bool(types & {RDFS + "Class", OWL + "Class"})

    def targets(self, s: object) -> list[tuple[str, object]]:
        g, out = self.g, []
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            for term in g.objects(s, SH + kind):
                if isinstance(term, ox.BlankNode):
                    raise Unsupported(f"sh:{kind} with a blank node")
                out.append((kind, term))
        if self.implicit_class(s):
            out.append(("targetClass", s))
        if SH + "target" in g.predicates(s):
            raise Unsupported("sh:target (SHACL-AF)")
        return out

    def compile(self, s: object) -> TopShape:
        top = TopShape(s, self.targets(s))
        if self.g.value(s, SH + "path") is not None:
            self.property_shape(top, s)
        else:
            self.node_shape(top, s)
        return top

    def severity(self, node: object) -> object:
        return self.g.value(node, SH + "severity") or ox.NamedNode(SH + "Violation")

    def node_shape(self, top: TopShape, s: object) -> None:
        g = self.g
        unknown = {p for p in g.predicates(s) if p.startswith(SH)} - _INERT - _VALUE
        if unknown:
            raise Unsupported(_names(unknown))
        exprs = self.value_constraints(s, "?v")
        if exprs:
            message = self.messages(s)
            if not message:
                message = [(self.generic_message(s), None)]
            for e in exprs:
                top.checks.append(Check(s, None, self.severity(s), pick_message(message),
                                        f"BIND(?this AS ?v) FILTER(!COALESCE({e}, false))"))  # fmt: skip
        for p in g.objects(s, SH + "property"):
            if not _true(g.value(p, SH + "deactivated")):
                self.property_shape(top, p)
        for c in g.objects(s, SH + "sparql"):
            if not _true(g.value(c, SH + "deactivated")):
                top.sparql.append(self.sparql(s, c))

    def property_shape(self, top: TopShape, p: object) -> None:
        g = self.g
        path = g.value(p, SH + "path")
        if not isinstance(path, ox.NamedNode):
            raise Unsupported("a complex sh:path")
        unknown = {q for q in g.predicates(p) if q.startswith(SH)} - _INERT - _VALUE - _PROPERTY
        if SH + "property" in g.predicates(p):
            unknown.add(SH + "property")
        if SH + "sparql" in g.predicates(p):
            unknown.add(SH + "sparql")
        if unknown:
            raise Unsupported(_names(unknown))
        message = self.messages(p)
        severity = self.severity(p)
        branches: list[str] = []
        for e in self.value_constraints(p, "?v"):
            branches.append(f"?this {path} ?v . FILTER(!COALESCE({e}, false))")
        for value in g.objects(p, SH + "hasValue"):
            branches.append(f"FILTER NOT EXISTS {{ ?this {path} {self.constant(value)} }}")
        for n in g.objects(p, SH + "minCount"):
            if self.integer(n) > 0:
                branches.append(f"FILTER NOT EXISTS {{ {self.distinct_values(path, self.integer(n))} }}")
        for n in g.objects(p, SH + "maxCount"):
            branches.append(f"FILTER EXISTS {{ {self.distinct_values(path, self.integer(n) + 1)} }}")
        for q in g.objects(p, SH + "qualifiedValueShape"):
            if _true(g.value(p, SH + "qualifiedValueShapesDisjoint")):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            for n in g.objects(p, SH + "qualifiedMaxCount"):
                values = self.distinct_values(path, self.integer(n) + 1, lambda x, q=q: self.conforms(q, x))
                branches.append(f"FILTER EXISTS {{ {values} }}")
            for n in g.objects(p, SH + "qualifiedMinCount"):
                if self.integer(n) > 0:
                    values = self.distinct_values(path, self.integer(n), lambda x, q=q: self.conforms(q, x))
                    branches.append(f"FILTER NOT EXISTS {{ {values} }}")
        for key, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in g.objects(p, SH + key):
                if not isinstance(other, ox.NamedNode):
                    raise Unsupported(f"sh:{key} with a complex path")
                branches.append(f"?this {path} ?v . ?this {other} ?o . FILTER(!{self.pair('?v', op, '?o')})")
        if branches and not message:
            raise Unsupported("constraints without sh:message (pySHACL generates those messages)")
        for branch in branches:
            top.checks.append(Check(p, path, severity, pick_message(message), branch))

    def distinct_values(self, path: object, n: int, test: Callable[[str], str] | None = None) -> str:
        """A pattern matching when the focus node has n distinct values (that pass ``test``)."""
        if n > _MAX_COUNT:
            raise Unsupported(f"a count above {_MAX_COUNT - 1}")
        names = [self.var("n") for _ in range(n)]
        conditions = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        if test is not None:
            conditions += [test(x) for x in names]
        triples = " . ".join(f"?this {path} {x}" for x in names)
        return triples + (f" FILTER({' && '.join(conditions)})" if conditions else "")

    def sparql(self, s: object, c: object) -> SparqlCheck:
        g = self.g
        select = g.value(c, SH + "select")
        if not isinstance(select, ox.Literal):
            raise Unsupported("a SPARQL constraint without sh:select")
        prefixes: dict[str, str] = {}
        for node in g.objects(c, SH + "prefixes"):
            for declaration in g.objects(node, SH + "declare"):
                prefix, namespace = g.value(declaration, SH + "prefix"), g.value(declaration, SH + "namespace")
                if isinstance(prefix, ox.Literal) and namespace is not None:
                    prefixes[prefix.value] = namespace.value
        compiled = compile_constraint(select.value, prefixes, _FOCUS)
        shape_messages = self.messages(s)
        extra = [m for m in self.messages(c) if m not in shape_messages]
        texts = [m[0] for m in shape_messages + extra]
        if not texts:
            raise Unsupported("a SPARQL constraint without sh:message")
        return SparqlCheck(s, self.severity(s), texts, compiled.query, compiled.variables, compiled.this_projected)


def _names(predicates: Iterable[str]) -> str:
    return ", ".join(sorted("sh:" + p[len(SH):] if p.startswith(SH) else p for p in predicates))


def compile_shapes(graph: ShapesGraph, subclasses: Callable[[object], list]) -> Compiled:
    if graph.subjects(RDF + "type", ox.NamedNode(SH + "ConstraintComponent")):
        raise Unsupported("custom constraint components (sh:ConstraintComponent)")
    compiler = _Compiler(graph, subclasses)
    shapes, unsupported = [], {}
    for s in compiler.top_shapes():
        try:
            shapes.append(compiler.compile(s))
        except Unsupported as exc:
            unsupported[s] = str(exc)
    return Compiled(shapes, unsupported)


# --- running ---------------------------------------------------------------------------------------


def class_closure(store: ox.Store) -> Callable[[object], list]:
    """C and its subclasses (rdfs:subClassOf*, in the data graph, as SHACL says)."""
    children: dict[object, set] = defaultdict(set)
    query = f"SELECT DISTINCT ?sub ?sup WHERE {{ ?sub <{RDFS}subClassOf> ?sup }}"
    for row in store.query(query, use_default_graph_as_union=True):
        children[row["sup"]].add(row["sub"])

    def closure(cls: object) -> list:
        seen, todo = {cls}, [cls]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return sorted(seen, key=str)

    return closure


def focus_pattern(top: TopShape, subclasses: Callable[[object], list]) -> str:
    parts = []
    for kind, term in top.targets:
        if kind == "targetClass":
            classes = " ".join(str(c) for c in subclasses(term))
            parts.append(f"VALUES ?_ngclass {{ {classes} }} ?this <{RDF}type> ?_ngclass .")
        elif kind == "targetNode":
            parts.append(f"VALUES ?this {{ {term} }}")
        elif kind == "targetSubjectsOf":
            parts.append(f"?this {term} ?_ngobject .")
        else:
            parts.append(f"?_ngsubject {term} ?this .")
    union = " UNION ".join("{ " + p + " }" for p in parts) if parts else "FILTER(false)"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


@dataclass(frozen=True)
class Result:
    focus: object
    shape: object
    path: object | None
    severity: object
    message: str


def run(store: ox.Store, compiled: Compiled, subclasses: Callable[[object], list]) -> list[Result]:
    results: list[Result] = []
    for top in compiled.shapes:
        focus = focus_pattern(top, subclasses)
        if top.checks:
            branches = " UNION ".join(f"{{ {c.branch} BIND({k} AS ?_k) }}" for k, c in enumerate(top.checks))
            query = f"SELECT DISTINCT ?this ?_k ?v ?o WHERE {{ {focus} LATERAL {{ {branches} }} }}"
            for row in store.query(query, use_default_graph_as_union=True):
                check = top.checks[int(row["_k"].value)]
                results.append(Result(row["this"], check.shape, check.path, check.severity, check.message))
        for sc in top.sparql:
            query = sc.query.replace(_FOCUS, focus)
            failed: set = set()
            for row in store.query(query, use_default_graph_as_union=True):
                this = row["this"]
                bound = _bindings(row, sc.variables)
                if sc.this_projected:
                    bound["this"] = this
                if "failure" in bound:  # pySHACL: one failure result per focus node
                    if this in failed:
                        continue
                    failed.add(this)
                elif not {"this", "path", "value"} & set(bound):
                    continue  # pySHACL drops a solution that binds none of $this, ?path and ?value
                path = bound.get("path")
                texts = [_substitute(m, bound) for m in sc.messages]
                results.append(Result(this, sc.shape, path if isinstance(path, ox.NamedNode) else None,
                                      sc.severity, pick_message([(t, None) for t in texts])))  # fmt: skip
    return results


def _bindings(row: ox.QuerySolution, variables: tuple[str, ...] | None) -> dict[str, object]:
    names = variables if variables is not None else [v.value for v in row.variables if v.value != "this"]  # type: ignore[attr-defined]
    out = {}
    for name in names:
        value = row[name]
        if value is not None:
            out[name] = value
    return out


def _text(term: object) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)


def _substitute(message: str, bound: dict[str, object]) -> str:
    """pySHACL's {?var} / {$var} substitution (its order and its re.sub, so the same text)."""
    values = {k: v for k, v in bound.items() if k not in ("this", "path", "value", "failure")}
    for key in ("this", "path", "value"):
        if key in bound:
            values[key] = bound[key]
    for name, value in values.items():
        message = re.sub("{{[?$]{}}}".format(name), _text(value), message)
    return message
