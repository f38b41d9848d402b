"""The two SHACL engines of graph/validate.py give the same report (issue 16, goal 1).

The fast engine (the shapes compiled to SPARQL, run by pyoxigraph on the store) must report what
pySHACL reports: the same results, each with its focus node, source shape, path, severity and
message, as many times (a multiset; blank focus nodes compared as blank nodes, their labels being
each engine's own). Compared on: the conforming graph and every broken variant of
tests/ontology/test_shapes.py, the seed, and tests/data/shacl-suite, whose graphs break every
constraint of shapes.ttl (a test reads shapes.ttl and fails when a shape's constraint is broken
nowhere: a new shape needs a case), plus one's own shapes (extra-shapes.ttl) for the components
shapes.ttl does not use, and a hybrid where pySHACL keeps the shapes the fast engine cannot compile.

pySHACL re-parses a constraint's SPARQL for every focus node (80 % of its time on these small
graphs); the tests give rdflib's query processor a cache of parsed queries, the prepared queries
rdflib offers for reuse, so the pySHACL side stays fast (checked to change nothing).
"""

from __future__ import annotations

import collections
import functools
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from normgraph.errors import NormgraphError
from normgraph.graph import validate as V
from normgraph.graph._shacl_sparql import Unsupported, compile_constraint
from normgraph.graph.store import KnowledgeGraph
from normgraph.ontology import ontology_path, shapes_path

# the suite's ill-typed booleans make rdflib warn while it reads them
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")

TESTS = Path(__file__).resolve().parents[1]
SUITE = TESTS / "data" / "shacl-suite"
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/normgraph/id/graph/ontology")
NGR = "https://w3id.org/normgraph/id/"
SH = "http://www.w3.org/ns/shacl#"


def _shape_cases():  # type: ignore[no-untyped-def]
    """tests/ontology/test_shapes.py, for its conforming graph and broken variants (one source)."""
    spec = importlib.util.spec_from_file_location("normgraph_shape_cases", TESTS / "ontology" / "test_shapes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _shape_cases()
BROKEN = next(m.args[1] for m in CASES.test_broken_graph_is_reported.pytestmark if m.name == "parametrize")
SUITE_FILES = sorted(p.name for p in SUITE.iterdir() if p.suffix in (".ttl", ".trig") and "shapes" not in p.name
                     and p.name != "extra-data.ttl")  # fmt: skip


def _store(text: str | None = None, path: Path | None = None, ontology: bool = False) -> KnowledgeGraph:
    store = ox.Store()
    if text is not None:
        store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    if path is not None:
        store.load(path=path, format=ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE)
    if ontology:
        store.load(path=ontology_path(), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return KnowledgeGraph(store)


def _graphs() -> dict[str, tuple]:
    """name -> (graph maker, shapes file or None)."""
    out: dict[str, tuple] = {
        "conforming": (lambda: _store(CASES.CONFORMING), None),
        "conforming+ontology": (lambda: _store(CASES.CONFORMING, ontology=True), None),
        "no-quote+two-numbers": (lambda: _store(CASES.CONFORMING.replace('    ng:quote "States should protect victims" ; ', "    ", 1)
                                                + f"<{NGR}doc/d/p1> <https://w3id.org/normgraph/ontology#number> 7 ."), None),
        "blank-norm": (lambda: _store(CASES.CONFORMING + """
            [] a ng:Obligation ; ng:assertedIn <https://w3id.org/normgraph/id/doc/d/p1> ; ng:quote "must not punish them" ."""), None),
    }  # fmt: skip
    for i, (old, new, _focus, shape, _words) in enumerate(BROKEN):
        assert old in CASES.CONFORMING, old
        out[f"broken-{i:02d}-{shape}"] = (lambda old=old, new=new: _store(CASES.CONFORMING.replace(old, new, 1)), None)
    for name in SUITE_FILES:
        out[name] = (lambda name=name: _store(path=SUITE / name, ontology=name == "subclasses.ttl"), None)
    out["extra-data.ttl+extra-shapes.ttl"] = (lambda: _store(path=SUITE / "extra-data.ttl"), SUITE / "extra-shapes.ttl")
    out["extra-data.ttl+hybrid-shapes.ttl"] = (lambda: _store(path=SUITE / "extra-data.ttl"), SUITE / "hybrid-shapes.ttl")
    return out


GRAPHS = _graphs()


@pytest.fixture(scope="module", autouse=True)
def prepared_queries():  # type: ignore[no-untyped-def]
    """rdflib parses each query string anew; reuse the parse (a prepared query) for the same text."""
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs or {})
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield original


def _counted(violations) -> collections.Counter:  # type: ignore[no-untyped-def]
    return collections.Counter(
        (re.sub(r"^_:.*", "_:", v.focus), v.shape, v.path, v.severity, v.message) for v in violations
    )


@functools.cache
def _pyshacl(name: str):  # type: ignore[no-untyped-def]
    """pySHACL on one graph: its report (validate.py's reading) and the raw results' (shape,
    constraint) pairs, for the coverage test."""
    make, shapes = GRAPHS[name]
    report, shapes_graph = V._pyshacl_run(make(), Path(shapes or shapes_path()))
    return V._pyshacl_violations(report, shapes_graph), _components(report, shapes_graph)


def _components(report, shapes_graph) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    import rdflib

    sh = rdflib.Namespace(SH)
    names = V._shape_names_rdflib(shapes_graph)
    out = set()
    for v in report.subjects(rdflib.RDF.type, sh.ValidationReport):
        for result in report.objects(v, sh.result):
            shape = names(report.value(result, sh.sourceShape))
            component = str(report.value(result, sh.sourceConstraintComponent))[len(SH):].removesuffix("ConstraintComponent")
            if component == "SPARQL":
                component = "SPARQL " + names(report.value(result, sh.sourceConstraint))
            out.add((shape, component))
    return out


# --- the same report -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GRAPHS))
def test_the_engines_agree(name: str):
    make, shapes = GRAPHS[name]
    graph = make()
    expected, _ = _pyshacl(name)
    fast = V.validate(graph, shapes, engine="auto")
    assert _counted(fast.violations) == _counted(expected), name
    assert fast.conforms == V._report(list(expected), "").conforms
    if "hybrid" in name:
        assert fast.engine.startswith("fast; pyshacl for https://example.org/ClosedPerson (sh:closed")
    else:
        assert fast.engine == "fast"
    if name.startswith("broken") or name in SUITE_FILES or "extra" in name:  # real outcomes, not two empty reports
        assert fast.violations


def test_the_engines_agree_on_the_seed(seed_graph):
    fast = V.validate(seed_graph, engine="fast")
    reference = V.validate(seed_graph, engine="pyshacl")
    assert _counted(fast.violations) == _counted(reference.violations)
    assert fast.conforms and reference.conforms and fast.engine == "fast"


def test_the_parsed_query_cache_changes_nothing(prepared_queries):
    from rdflib.plugins.sparql import processor

    name = "norm-parties.ttl"
    cached, _ = _pyshacl(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", prepared_queries)  # rdflib's own: every query parsed again
        make, _ = GRAPHS[name]
        plain = V._validate_pyshacl(make(), shapes_path())
    assert _counted(plain) == _counted(cached) and len(plain) == 31


# --- the suite covers the shapes -------------------------------------------------------------------

PARAMETER_COMPONENTS = {
    "minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "class": "Class", "in": "In",
    "nodeKind": "NodeKind", "minLength": "MinLength", "maxLength": "MaxLength", "pattern": "Pattern",
    "minInclusive": "MinInclusive", "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive",
    "maxExclusive": "MaxExclusive", "lessThan": "LessThan", "lessThanOrEquals": "LessThanOrEquals", "or": "Or",
    "and": "And", "not": "Not", "xone": "Xone", "node": "Node", "hasValue": "HasValue",
}  # fmt: skip
NOT_CONSTRAINTS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "message", "severity",
                   "deactivated", "path", "property", "sparql", "flags", "qualifiedMinCount", "qualifiedMaxCount",
                   "name", "description", "order", "group", "declare", "prefixes"}  # fmt: skip


def _constraints(shapes_file: Path) -> set[tuple[str, str]]:
    """(shape, constraint) for every constraint of every shape that validates anything."""
    import rdflib

    g = rdflib.Graph().parse(str(shapes_file), format="turtle")
    sh = rdflib.Namespace(SH)
    names = V._shape_names_rdflib(g)
    off = {s for s in g.subjects(sh.deactivated, None) if g.value(s, sh.deactivated).toPython() is True}
    targets = (sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf)
    tops = {s for p in targets for s in g.subjects(p, None)} | {
        s for s in g.subjects(rdflib.RDF.type, rdflib.RDFS.Class) if (s, rdflib.RDF.type, sh.NodeShape) in g}
    shapes = {s for s in tops - off} | {p for s in tops - off for p in g.objects(s, sh.property)} - off
    out = set()
    for shape in shapes:
        for p in set(g.predicates(shape, None)):
            if not str(p).startswith(SH):
                continue
            local = str(p)[len(SH):]
            if local in PARAMETER_COMPONENTS:
                out.add((names(shape), PARAMETER_COMPONENTS[local]))
            elif local == "qualifiedValueShape":
                out |= {(names(shape), k) for k, q in (("QualifiedMinCount", sh.qualifiedMinCount),
                                                      ("QualifiedMaxCount", sh.qualifiedMaxCount)) if g.value(shape, q) is not None}  # fmt: skip
            elif local == "sparql":
                out |= {(names(shape), "SPARQL " + names(c)) for c in g.objects(shape, sh.sparql) if c not in off}
            else:
                assert local in NOT_CONSTRAINTS, f"{names(shape)} uses sh:{local}: map it here and break it in the suite"
    return out


def test_the_suite_breaks_every_constraint_of_the_shapes():
    expected = _constraints(shapes_path())
    assert len(expected) > 100  # 140 when written: the property shapes, their components, the SPARQL constraints
    assert {c for _, c in expected if c.startswith("SPARQL")} == {
        "SPARQL ngr:shape/QuoteInParagraph", "SPARQL ngr:shape/WordsInParagraph", "SPARQL ngr:shape/PartiesHaveBasis"}
    broken: set = set()
    for name in SUITE_FILES:
        broken |= _pyshacl(name)[1]
    assert expected - broken == set(), "constraints of shapes.ttl that no graph of tests/data/shacl-suite breaks"
    assert ("ngr:shape/RightShape-holder", "MinCount") in broken  # the one warning
    assert ("ngr:shape/UnitShape[ng:eId]", "Pattern") in broken  # a blank-node property shape, by its name


def test_the_extra_shapes_are_compiled_and_broken():
    assert V.unsupported_shapes(SUITE / "extra-shapes.ttl") == {}
    expected = _constraints(SUITE / "extra-shapes.ttl")
    broken = _pyshacl("extra-data.ttl+extra-shapes.ttl")[1]
    missing = expected - broken - {("https://example.org/Person", "SPARQL https://example.org/Unreported")}
    assert missing == set()
    # pySHACL's quirk, kept: a SPARQL solution that binds none of $this, ?path, ?value is no result
    assert ("https://example.org/Person", "SPARQL https://example.org/Unreported") not in broken


def test_every_party_problem_in_every_slot_and_both_words():
    make, _ = GRAPHS["norm-parties.ttl"]
    messages = {v.message for v in V.validate(make(), engine="fast").violations}
    problems = ["it has no basis: ng:Stated or ng:Inferred", "inferred, with no reason why",
                "stated, yet given a reason for an inference", "a basis, but no actor in that slot"]  # fmt: skip
    for slot in ("bearer", "holder", "beneficiary"):
        for problem in problems:
            assert f"The norm's {slot}: {problem}." in messages
    assert any(m.startswith('The ng:hedge "may not" is not') for m in messages)
    assert any(m.startswith('The ng:scope "punish everyone" is not') for m in messages)
    assert any(m.startswith('The ng:quote "some "3 million" people" is not') for m in messages)


def test_named_graphs_are_validated_as_their_union():
    make, _ = GRAPHS["named-graphs.trig"]
    report = V.validate(make(), engine="fast")
    assert sorted((v.focus, v.shape) for v in report.violations) == [
        ("ngr:doc/d/p1/m", "ngr:shape/NormShape"),  # its bearer has no basis
        ("ngr:doc/d/p1/m", "ngr:shape/NormShape"),  # its quote is not in the text
        ("ngr:doc/d/p1/m", "ngr:shape/NormShape-cue"),  # 1 in three graphs: one result
        ("ngr:doc/d/p1/m", "ngr:shape/NormShape-negated"),  # true and false, in two graphs
        ("ngr:doc/d/p1/n", "ngr:shape/NormShape"),  # its hedge, twice in the data: one result
    ]


# --- the engine is a choice ------------------------------------------------------------------------


def test_the_bundled_shapes_need_no_pyshacl():
    assert V.unsupported_shapes() == {}


def test_what_the_fast_engine_cannot_compile_is_named():
    assert V.unsupported_shapes(SUITE / "hybrid-shapes.ttl") == {
        "https://example.org/ClosedPerson": "sh:closed, sh:ignoredProperties",
        "https://example.org/Grandparents": "a complex sh:path",
    }
    graph = _store(path=SUITE / "extra-data.ttl")
    with pytest.raises(NormgraphError, match=r"cannot validate https://example.org/ClosedPerson \(and 1 more\): "
                                             r"sh:closed, sh:ignoredProperties \(use --engine auto or pyshacl\)"):  # fmt: skip
        V.validate(graph, SUITE / "hybrid-shapes.ttl", engine="fast")
    with pytest.raises(NormgraphError, match="unknown validation engine 'rudof': choose one of auto, fast, pyshacl"):
        V.validate(graph, engine="rudof")


@pytest.mark.parametrize(("query", "why"), [
    ("SELECT $this WHERE { $this ?p ?o } LIMIT 1", "solution modifiers"),
    ("SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }", "VALUES"),
    ("SELECT $this WHERE { { SELECT ?this WHERE { ?this ?p ?o } } }", "a subquery"),
    ("SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o }", "an aggregate"),
    ("SELECT $this WHERE { $this $PATH ?o }", "$PATH"),
    ("SELECT $this WHERE { $this <p> [ <q> ?o ] }", "blank-node syntax"),
])  # fmt: skip
def test_sparql_the_rewriter_does_not_read_is_left_to_pyshacl(query: str, why: str):
    with pytest.raises(Unsupported, match=re.escape(why)):
        compile_constraint(query, {}, "{ }")


def test_the_rewrite_joins_sideways():
    compiled = compile_constraint(
        "SELECT $this ?v WHERE { { BIND (<p> AS ?q) } UNION { BIND (<r> AS ?q) } "
        "{ $this ?q ?v FILTER NOT EXISTS { $this <s>/<t> ?v } } }", {"ex": "https://example.org/"}, "FOCUS")
    assert compiled.variables == ("v",) and compiled.this_projected
    assert "FOCUS LATERAL {" in compiled.query and "} LATERAL { { $this ?q ?v ." in compiled.query
    assert "$this <s> ?_ngpath" in compiled.query  # the path inside NOT EXISTS, one step at a time
    assert compiled.query.startswith("PREFIX ex: <https://example.org/>\n")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normgraph", "validate", *args], capture_output=True, text=True, timeout=300)


def test_the_command_line_engine_option():
    bad = _run("--engine", "nope")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "normgraph: error: unknown validation engine 'nope': choose one of auto, fast, pyshacl"]
    graph = str(SUITE / "norms.ttl")
    fast, reference = _run("--graph", graph), _run("--graph", graph, "--engine", "pyshacl")
    assert fast.returncode == reference.returncode == 1
    assert fast.stdout == reference.stdout
    assert fast.stdout.startswith("Does not conform: 47 result(s)\n- Violation: ngr:doc/d/p1: A quote selector is typed ")
    strict = _run("--graph", str(SUITE / "extra-data.ttl"), "--shapes", str(SUITE / "hybrid-shapes.ttl"), "--engine", "fast")
    assert strict.returncode == 1 and len(strict.stderr.strip().splitlines()) == 1 and "sh:closed" in strict.stderr


def test_the_fast_engine_imports_neither_rdflib_nor_pyshacl():
    code = ("import sys, normgraph\n"
            f"report = normgraph.validate(normgraph.build_graph({str(TESTS / 'data' / 'mini-corpus')!r}))\n"
            "assert report.conforms and report.engine == 'fast', report\n"
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlrl') if m in sys.modules))\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
