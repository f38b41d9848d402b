"""SHACL validation, by two engines that give the same report:

- ``fast`` (graph/_shacl_fast.py): the shapes compiled to SPARQL and run by pyoxigraph on the store
  itself, no copy of the graph; SHACL-SPARQL constraints included (graph/_shacl_sparql.py).
- ``pyshacl``: the reference, pySHACL on an rdflib copy of the graph (slow: seconds on the bundled
  corpus, out of reach at a million triples).

``auto`` (the default) is the fast engine, with pySHACL for the shapes that use a SHACL feature the
fast engine does not compile (none of the bundled shapes.ttl; see :func:`unsupported_shapes`).
rdflib and pySHACL are imported only when pySHACL runs: they are slow imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .._help import Brief
from ..errors import NormgraphError
from ..ontology import shapes_path
from .store import KnowledgeGraph

if TYPE_CHECKING:
    from ..builders.corpus import Corpus

ENGINES = ("auto", "fast", "pyshacl")
SH_IRI = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str | None
    severity: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{where}: {self.message} [{self.shape}]"


@dataclass(frozen=True)
class ValidationReport(metaclass=Brief):
    conforms: bool
    violations: tuple[Violation, ...]
    # which engine validated what: "fast", "pyshacl", or "fast; pyshacl for <shapes>" (not compared)
    engine: str = field(default="", compare=False)

    def text(self, where: Callable[[str], object | None] | None = None) -> str:
        """The report, a line per result; ``where(focus)``, when given, says where each focus node
        was written (:func:`focus_sources`: the annotation file, line and paragraph)."""
        if self.conforms and not self.violations:
            return "Conforms: the graph satisfies every shape."
        head = "Conforms (with warnings)" if self.conforms else "Does not conform"
        lines = [f"{head}: {len(self.violations)} result(s)"]
        for violation in self.violations:
            lines.append(f"- {violation}")
            source = where(violation.focus) if where is not None else None
            if source is not None:
                lines.append(f"  at {source}")
        return "\n".join(lines)


def focus_sources(corpus: Corpus) -> Callable[[str], object | None]:
    """For :meth:`ValidationReport.text`: a focus node as the report names it → the annotation
    file and line that made it (None for nodes no annotation line makes, e.g. the ontology's)."""
    from ..builders.sources import annotation_sources

    sources = {_short(node): source for node, source in annotation_sources(corpus).items()}
    return sources.get


def validate(graph: KnowledgeGraph, shapes: str | Path | None = None, *, engine: str = "auto") -> ValidationReport:
    """Validate the union of all graphs against the SHACL shapes (default: the package's).

    ``engine``: ``auto`` (default; the fast engine, pySHACL only for shapes it cannot compile),
    ``fast`` (refuses shapes it cannot compile) or ``pyshacl``."""
    check_engine(engine)
    shapes_file = Path(shapes or shapes_path())
    if engine == "pyshacl":
        return _report(_validate_pyshacl(graph, shapes_file), "pyshacl")
    return _validate_fast(graph, shapes_file, strict=engine == "fast")


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise NormgraphError(f"unknown validation engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return engine


def unsupported_shapes(shapes: str | Path | None = None, graph: KnowledgeGraph | None = None) -> dict[str, str]:
    """The shapes (with targets) that the fast engine leaves to pySHACL, and why: empty for the
    bundled shapes."""
    from . import _shacl_fast as fast

    shapes_graph = _read_shapes(Path(shapes or shapes_path()))
    closure = fast.class_closure(graph.store) if graph is not None else (lambda c: [c])
    try:
        compiled = fast.compile_shapes(shapes_graph, closure)
    except fast.Unsupported as exc:
        return {"*": str(exc)}
    names = _shape_names_ox(shapes_graph)
    return {names(s): why for s, why in compiled.unsupported.items()}


# --- the fast engine ---------------------------------------------------------------------------------


def _read_shapes(path: Path):  # type: ignore[no-untyped-def]
    from ._shacl_fast import ShapesGraph

    try:
        return ShapesGraph(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise NormgraphError(f"cannot read the shapes: {exc}", path=path) from None


def _validate_fast(graph: KnowledgeGraph, shapes_file: Path, *, strict: bool) -> ValidationReport:
    from . import _shacl_fast as fast

    shapes_graph = _read_shapes(shapes_file)
    closure = fast.class_closure(graph.store)
    try:
        compiled = fast.compile_shapes(shapes_graph, closure)
    except fast.Unsupported as exc:  # the whole shapes graph
        if strict:
            raise NormgraphError(f"the fast engine cannot validate these shapes: {exc} (use --engine auto or pyshacl)",
                                 path=shapes_file) from None  # fmt: skip
        return _report(_validate_pyshacl(graph, shapes_file), f"pyshacl ({exc})")
    names = _shape_names_ox(shapes_graph)
    if compiled.unsupported and strict:
        shape, why = next(iter(compiled.unsupported.items()))
        more = f" (and {len(compiled.unsupported) - 1} more)" if len(compiled.unsupported) > 1 else ""
        raise NormgraphError(f"the fast engine cannot validate {names(shape)}{more}: {why} "
                             "(use --engine auto or pyshacl)", path=shapes_file)  # fmt: skip
    violations = [
        Violation(focus=_render(r.focus), shape=names(r.shape), path=None if r.path is None else _render(r.path),
                  severity=_render(r.severity).replace("sh:", ""), message=r.message)
        for r in fast.run(graph.store, compiled, closure)
    ]  # fmt: skip
    engine = "fast"
    if compiled.unsupported:
        keep = set(compiled.unsupported)
        if any(isinstance(s.node, ox.BlankNode) for s in compiled.shapes):  # cannot be told apart in rdflib
            return _report(_validate_pyshacl(graph, shapes_file), "pyshacl (blank-node shapes)")
        only = {s.value for s in keep if isinstance(s, ox.NamedNode)}
        violations += _validate_pyshacl(graph, shapes_file, only=only)
        engine = "fast; pyshacl for " + ", ".join(sorted(f"{names(s)} ({why})" for s, why in compiled.unsupported.items()))
    return _report(violations, engine)


def _render(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return _short(term.value)
    return _short(str(term))


def _shape_names_ox(shapes_graph):  # type: ignore[no-untyped-def]
    from ._shacl_fast import SH

    parents: dict[object, list] = {}
    for s, entry in shapes_graph.index.items():
        for p in entry.get(SH + "property", ()):
            parents.setdefault(p, []).append(s)

    def name(shape: object, depth: int = 0) -> str:
        if isinstance(shape, ox.NamedNode):
            return _short(shape.value)
        path = shapes_graph.value(shape, SH + "path")
        up = parents.get(shape, [])
        if len(up) == 1 and isinstance(path, ox.NamedNode) and depth < 8:
            return f"{name(up[0], depth + 1)}[{_short(path.value)}]"
        return "_:" + getattr(shape, "value", str(shape))

    return name


def _report(violations: list[Violation], engine: str) -> ValidationReport:
    violations.sort(key=lambda v: (v.severity, v.focus, v.shape, v.message))
    conforms = all(v.severity in ("Warning", "Info") for v in violations)
    return ValidationReport(conforms, tuple(violations), engine)


# --- pySHACL -------------------------------------------------------------------------------------------


def _to_rdflib(graph: KnowledgeGraph):  # type: ignore[no-untyped-def]
    import rdflib

    data = ox.serialize((q.triple for q in graph.store), format=ox.RdfFormat.N_TRIPLES)
    result = rdflib.Graph()
    result.parse(data=data, format="nt")
    return result


def _validate_pyshacl(graph: KnowledgeGraph, shapes_file: Path, only: set[str] | None = None) -> list[Violation]:
    """pySHACL's results; with ``only``, just those shapes' (the others lose their targets)."""
    return _pyshacl_violations(*_pyshacl_run(graph, shapes_file, only))


def _pyshacl_run(graph: KnowledgeGraph, shapes_file: Path, only: set[str] | None = None):  # type: ignore[no-untyped-def]
    """pySHACL's report graph, and the shapes graph it read."""
    import rdflib
    from pyshacl import validate as shacl_validate

    shapes_graph = rdflib.Graph().parse(str(shapes_file), format="turtle")
    sh = rdflib.Namespace(SH_IRI)
    if only is not None:
        targets = (sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf)
        for s, p, o in list(shapes_graph):
            if str(s) not in only and (p in targets or (p == rdflib.RDF.type and o in (rdflib.RDFS.Class, rdflib.OWL.Class))):
                shapes_graph.remove((s, p, o))
    _conforms, report, _text = shacl_validate(
        _to_rdflib(graph), shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    return report, shapes_graph


def _pyshacl_violations(report, shapes_graph) -> list[Violation]:  # type: ignore[no-untyped-def]
    import rdflib

    sh = rdflib.Namespace(SH_IRI)
    names = _shape_names_rdflib(shapes_graph)
    violations = []
    # the report's own results (sh:result), not the nested ones pySHACL adds under sh:detail
    results = [r for v in report.subjects(rdflib.RDF.type, sh.ValidationReport) for r in report.objects(v, sh.result)]
    for result in results:
        def one(prop: rdflib.URIRef) -> str | None:
            value = report.value(result, prop)
            return None if value is None else _render_rdflib(value)

        messages = [(str(m), getattr(m, "language", None)) for m in report.objects(result, sh.resultMessage)]
        violations.append(
            Violation(
                focus=one(sh.focusNode) or "?",
                shape=names(report.value(result, sh.sourceShape)),
                path=one(sh.resultPath),
                severity=(one(sh.resultSeverity) or "sh:Violation").replace("sh:", ""),
                message=_pick(messages) if messages else "",
            )
        )
    return violations


def _pick(messages: list[tuple[str, str | None]]) -> str:
    from ._shacl_fast import pick_message

    return pick_message(messages)


def _render_rdflib(term: object) -> str:
    import rdflib

    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    return _short(term)


def _shape_names_rdflib(shapes_graph):  # type: ignore[no-untyped-def]
    import rdflib

    sh = rdflib.Namespace(SH_IRI)

    def name(shape: object, depth: int = 0) -> str:
        if shape is None:
            return "?"
        if not isinstance(shape, rdflib.BNode):
            return _short(shape)
        path = shapes_graph.value(shape, sh.path)
        up = list(shapes_graph.subjects(sh.property, shape))
        if len(up) == 1 and isinstance(path, rdflib.URIRef) and depth < 8:
            return f"{name(up[0], depth + 1)}[{_short(path)}]"
        return "_:" + str(shape)

    return name


def _short(term: object) -> str:
    text = str(term)
    for prefix, iri in (("ngr:", "https://w3id.org/normgraph/id/"), ("ng:", "https://w3id.org/normgraph/ontology#"),
                        ("sh:", "http://www.w3.org/ns/shacl#")):  # fmt: skip
        if text.startswith(iri):
            return prefix + text[len(iri):]
    return text


if __name__ == "__main__":  # pragma: no cover - a quick look: python -m normgraph.graph.validate [shapes]
    print(unsupported_shapes(sys.argv[1] if len(sys.argv) > 1 else None) or "every shape compiles")
