"""SHACL validation (pySHACL). It loads rdflib and pySHACL only when called: they are slow imports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..ontology import shapes_path
from .store import KnowledgeGraph

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
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        if self.conforms and not self.violations:
            return "Conforms: the graph satisfies every shape."
        head = "Conforms (with warnings)" if self.conforms else "Does not conform"
        lines = [f"{head}: {len(self.violations)} result(s)"]
        lines += [f"- {v}" for v in self.violations]
        return "\n".join(lines)


def _to_rdflib(graph: KnowledgeGraph):  # type: ignore[no-untyped-def]
    import rdflib

    data = ox.serialize((q.triple for q in graph.store), format=ox.RdfFormat.N_TRIPLES)
    result = rdflib.Graph()
    result.parse(data=data, format="nt")
    return result


def validate(graph: KnowledgeGraph, shapes: str | Path | None = None) -> ValidationReport:
    """Validate the union of all graphs against the SHACL shapes (default: the package's)."""
    import rdflib
    from pyshacl import validate as shacl_validate

    shapes_graph = rdflib.Graph().parse(str(shapes or shapes_path()), format="turtle")
    conforms, report, _text = shacl_validate(
        _to_rdflib(graph), shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        def one(prop: rdflib.URIRef) -> str | None:
            value = report.value(result, prop)
            return None if value is None else _short(value)

        violations.append(
            Violation(
                focus=one(sh.focusNode) or "?",
                shape=one(sh.sourceShape) or "?",
                path=one(sh.resultPath),
                severity=(one(sh.resultSeverity) or "sh:Violation").replace("sh:", ""),
                message=one(sh.resultMessage) or "",
            )
        )
    violations.sort(key=lambda v: (v.severity, v.focus, v.shape, v.message))
    return ValidationReport(bool(conforms), tuple(violations))


def _short(term: object) -> str:
    text = str(term)
    for prefix, iri in (("ngr:", "https://w3id.org/normgraph/id/"), ("ng:", "https://w3id.org/normgraph/ontology#"),
                        ("sh:", "http://www.w3.org/ns/shacl#")):  # fmt: skip
        if text.startswith(iri):
            return prefix + text[len(iri):]
    return text

