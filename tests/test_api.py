"""The public API: a curated surface, and importing it loads none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import normgraph


def test_public_names_resolve():
    for name in normgraph.__all__:
        assert getattr(normgraph, name) is not None, name


def test_importing_normgraph_and_its_cli_stays_light():
    heavy = ("rdflib", "pyvis", "networkx", "pyshacl", "owlrl", "SPARQLWrapper", "httpx", "starlette", "uvicorn")
    code = "import sys, normgraph, normgraph.cli; print(','.join(m for m in %r if m in sys.modules))" % (heavy,)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_docstring_tour_works():
    graph = normgraph.build_graph()
    assert normgraph.validate(graph).conforms
    assert normgraph.run_named(graph, "norms-by-role", {"role": "transit"}).records()[0]["number"] == 38
    report = normgraph.analyse(normgraph.project(graph))
    assert "betweenness" in report.text().lower()


def test_dir_is_the_curated_list():
    assert dir(normgraph) == sorted([*normgraph.__all__, "__version__"])
    assert not {"Any", "TYPE_CHECKING", "errors", "_LAZY"} & set(dir(normgraph))
    eager = {"NormgraphError", "DocumentError", "AnnotationError", "CorpusError", "QueryError", "ValidationFailed"}
    assert set(normgraph.__all__) == set(normgraph._LAZY) | eager  # every public name resolves, no other


def test_help_is_short_and_the_errors_carry_no_inherited_pages():
    import pydoc

    page = pydoc.render_doc(normgraph, renderer=pydoc.plaintext)
    lines = page.splitlines()
    # 1,489 lines before, 865 after; 234 of those are NG's term list, one per term (dir(NG) is
    # what tab completion offers, so the terms stay). The bound leaves room for new API; the walls
    # themselves are caught by the next line
    assert len(lines) < 1000
    assert "inherited from builtins" not in page and "__dataclass_fields__" not in page
    for error in ("NormgraphError", "QueryError", "CorpusError", "ValidationFailed"):
        own = pydoc.render_doc(getattr(normgraph, error), renderer=pydoc.plaintext)
        assert "with_traceback" not in own and len(own.splitlines()) < 30, error
    # instances still have everything an exception has
    assert "with_traceback" in dir(normgraph.QueryError("x"))
