"""One benchmark case in its own process: set up (untimed), run one step N times, print JSON.

    python benchmarks/bench_case.py '{"step": "query", "impl": "normgraph", "query": "norms-by-role",
                                      "fixtures": "/tmp/normgraph-bench/1m", "repeat": 5, "budget": 120}'

Run by ``benchmarks/bench.py``, which starts one process per case; not part of the test suite.
Implementations: ``normgraph`` (its public API), ``pyoxigraph`` (the same step done directly
with pyoxigraph, the engine normgraph wraps) and ``rdflib`` (plain rdflib, in-memory store).
Output: wall and CPU seconds of each run, the process's resident memory before the step and its
peak (``ru_maxrss``), and a small result summary (rows, bytes, quads) so the runs can be checked
against each other.
"""

from __future__ import annotations

import gc
import json
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable

NG = "https://w3id.org/normgraph/ontology#"


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


# --- fixtures ---------------------------------------------------------------------------------


def fixture(spec: dict[str, Any], name: str) -> Path:
    return Path(spec["fixtures"]) / name


def _rdflib_dataset(path: Path):  # type: ignore[no-untyped-def]
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(path), format="nquads")
    return dataset


def _query_plan(spec: dict[str, Any]) -> tuple[dict[str, str], str]:
    """The parameters a named query runs with on the synthetic corpus, and its SPARQL with them
    bound (labels resolved to IRIs) — what a raw engine is given, computed here, untimed."""
    import pyoxigraph as ox

    from normgraph.graph.store import KnowledgeGraph
    from normgraph.queries import load_query
    from normgraph.queries._bind import bind

    query = load_query(spec["query"])
    params = {p.name: p.example for p in query.params if p.example is not None}
    params.update(spec.get("params", {}))
    store = ox.Store()
    store.load(path=str(fixture(spec, "graph.nq")), format=ox.RdfFormat.N_QUADS)
    graph = KnowledgeGraph(store)
    if query.name == "norm-provenance":  # the example is a seed IRI; take a norm of this corpus
        row = next(iter(graph.query(f"SELECT ?n WHERE {{ ?n a <{NG}Obligation> }} ORDER BY ?n LIMIT 1")))
        params["norm"] = row["n"].value
    if query.name == "paragraph-assertions":
        params["document"] = json.loads(fixture(spec, "meta.json").read_text())["first_document"]
        params["number"] = "5"  # every generated document has at least 50 paragraphs
    return params, bind(query, params, graph)


# --- steps: (setup → timed callable) per implementation -----------------------------------------


def setup_build(spec: dict[str, Any]) -> Callable[[], Any]:
    corpus = spec["corpus"]
    if spec["impl"] == "normgraph":
        from normgraph.graph.store import build_graph

        return lambda: len(build_graph(corpus))
    if spec["impl"] == "normgraph-cached":
        import os

        from normgraph.graph.cache import cached_graph

        os.environ["NORMGRAPH_CACHE_DIR"] = str(fixture(spec, "cache"))
        cached_graph(corpus)  # the entry exists before the timed runs
        return lambda: len(cached_graph(corpus))
    if spec["impl"] == "normgraph-edited":
        # one document edited before each run (a new comment line: a new key for it alone); the
        # others come from their pieces. The file is put back when the process ends.
        import atexit
        import itertools
        import os
        from pathlib import Path

        from normgraph.graph.cache import cached_build

        os.environ["NORMGRAPH_CACHE_DIR"] = str(fixture(spec, "cache"))
        cached_build(corpus)  # every piece exists before the timed runs
        target = sorted(Path(corpus).glob("*/annotations.yaml"))[0]
        original = target.read_bytes()
        atexit.register(target.write_bytes, original)
        counter = itertools.count()

        def edited() -> int:
            target.write_bytes(original + f"# edit {os.getpid()} {next(counter)}\n".encode())
            built = cached_build(corpus)
            assert built.how == "pieces" and len(built.rebuilt) == 1, (built.how, built.rebuilt)
            return len(built.graph)

        return edited
    raise SystemExit(f"no build for {spec['impl']}")


def setup_load(spec: dict[str, Any]) -> Callable[[], Any]:
    fmt = spec["format"]  # turtle | ntriples | nquads (the same quads, named graphs and all, as a build makes)
    path = fixture(spec, {"turtle": "graph.ttl", "ntriples": "graph.nt", "nquads": "graph.nq"}[fmt])
    impl = spec["impl"]
    if impl == "normgraph":
        from normgraph.graph.store import load_graph

        return lambda: len(load_graph(path))
    if impl == "pyoxigraph":
        import pyoxigraph as ox

        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS}[fmt]

        def run() -> int:
            store = ox.Store()
            store.bulk_load(path=str(path), format=rdf_format)
            return len(store)

        return run
    import rdflib

    def run_rdflib() -> int:
        graph = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
        graph.parse(str(path), format={"turtle": "turtle", "ntriples": "nt", "nquads": "nquads"}[fmt])
        return sum(1 for _ in graph.quads()) if fmt == "nquads" else len(graph)

    return run_rdflib


def setup_query(spec: dict[str, Any]) -> Callable[[], Any]:
    impl = spec["impl"]
    params, sparql = _query_plan(spec)
    if impl == "normgraph":
        from normgraph.graph.store import load_graph
        from normgraph.queries import run_named

        graph = load_graph(fixture(spec, "graph.trig"))
        # labels → IRIs is part of the measured work, as the command line does it; the answer
        # is normgraph's QueryResult (rows of terms), as raw pyoxigraph's is a list of rows
        return lambda: len(run_named(graph, spec["query"], params))
    if impl == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(fixture(spec, "graph.trig")), format=ox.RdfFormat.TRIG)

        def run() -> int:
            answer = store.query(sparql, use_default_graph_as_union=True)
            return len([tuple(row) for row in answer])

        return run
    dataset = _rdflib_dataset(fixture(spec, "graph.nq"))
    return lambda: len(list(dataset.query(sparql)))


def rdflib_queries(spec: dict[str, Any]) -> dict[str, Any]:
    """Every named query on one rdflib Dataset: parsing a million triples into rdflib takes
    minutes, so its query cases share one process (each query bounded by its own alarm)."""
    from normgraph.queries import query_names

    plans = {name: _query_plan({**spec, "query": name})[1] for name in query_names()}
    started = time.perf_counter()
    signal.alarm(int(spec["budget"]))
    try:
        dataset = _rdflib_dataset(fixture(spec, "graph.nq"))
    except Timeout:
        return {name: {"timeout": spec["budget"], "runs": []} for name in plans}
    signal.alarm(0)
    setup = time.perf_counter() - started
    out: dict[str, Any] = {}
    for name, sparql in plans.items():
        runs: list[float] = []
        entry: dict[str, Any] = {"runs": runs, "setup_s": setup}
        signal.alarm(int(spec["query_budget"]))
        try:
            for _ in range(int(spec.get("repeat", 3))):
                wall = time.perf_counter()
                entry["result"] = len(list(dataset.query(sparql)))
                runs.append(time.perf_counter() - wall)
                if sum(runs) > spec["query_budget"] / 3:
                    break
        except Timeout:
            if not runs:
                entry["timeout"] = spec["query_budget"]
        signal.alarm(0)
        entry["peak_mb"] = peak_mb()
        out[name] = entry
    return out


def _graph_to_export(spec: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The graph ``normgraph export`` writes: the corpus's, from the build cache (a fresh build
    gives the same store). ``…-loaded``: a graph loaded from a file instead, which normgraph has
    to sort before writing (see graph/_order.py)."""
    if spec["impl"].endswith("-loaded"):
        from normgraph.graph.store import load_graph

        return load_graph(fixture(spec, "graph.trig"))
    import os

    from normgraph.graph.cache import cached_graph

    os.environ["NORMGRAPH_CACHE_DIR"] = str(fixture(spec, "cache"))
    return cached_graph(spec["corpus"])


def setup_export(spec: dict[str, Any]) -> Callable[[], Any]:
    fmt, impl = spec["format"], spec["impl"]  # turtle | trig | jsonld | jsonld-expanded
    if fmt.startswith("jsonld"):
        return _setup_jsonld(spec)
    if impl.startswith(("normgraph", "pyoxigraph")):
        import pyoxigraph as ox

        from normgraph.graph.export import PREFIXES, serialize

        graph = _graph_to_export(spec)
        if impl.startswith("normgraph"):
            return lambda: len(serialize(graph, fmt))
        store = graph.store
        if fmt == "trig":
            return lambda: len(store.dump(format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
        # Turtle is one graph: pyoxigraph's own serialiser over the union of the graphs
        return lambda: len(ox.serialize((q.triple for q in store), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    import rdflib

    if fmt == "trig":
        dataset = _rdflib_dataset(fixture(spec, "graph.nq"))
        return lambda: len(dataset.serialize(format="trig", encoding="utf-8"))
    graph = rdflib.Graph()
    graph.parse(str(fixture(spec, "graph.nt")), format="nt")
    return lambda: len(graph.serialize(format="turtle", encoding="utf-8"))


def _setup_jsonld(spec: dict[str, Any]) -> Callable[[], Any]:
    """normgraph's compacted (or expanded) JSON-LD; pyoxigraph's own writer (expanded); rdflib's
    with normgraph's context; PyLD compacting pyoxigraph's expanded output with it."""
    import json

    import pyoxigraph as ox

    from normgraph.graph._jsonld import context, loader_options
    from normgraph.graph.export import serialize

    impl = spec["impl"]
    if impl.startswith("normgraph"):
        graph = _graph_to_export(spec)
        form = "expanded" if spec["format"] == "jsonld-expanded" else "compact"
        return lambda: len(serialize(graph, "jsonld", jsonld=form))
    if impl.startswith("pyoxigraph"):
        store = _graph_to_export(spec).store
        return lambda: len(store.dump(format=ox.RdfFormat.JSON_LD))
    if impl == "pyld":
        from pyld import jsonld

        expanded = _graph_to_export(spec).store.dump(format=ox.RdfFormat.JSON_LD)
        return lambda: len(json.dumps(jsonld.compact(json.loads(expanded), {"@context": context()}, loader_options())))
    dataset = _rdflib_dataset(fixture(spec, "graph.nq"))
    return lambda: len(dataset.serialize(format="json-ld", context=context(), encoding="utf-8"))


def setup_network(spec: dict[str, Any]) -> Callable[[], Any]:
    impl = spec["impl"]
    import networkx as nx

    from normgraph.graph.store import load_graph

    graph = load_graph(fixture(spec, "graph.trig"))
    try:
        from normgraph.graph import network
    except ImportError:
        network = None
    relations = list(getattr(network, "RELATIONS", {}).values()) or [
        NG + r for r in ("bearer", "holder", "beneficiary", "appliesToRole", "instrument", "assertedIn",
                         "partOf", "mentions", "topic", "about", "source")]  # fmt: skip
    if impl == "normgraph":
        if network is None:
            raise SystemExit("normgraph.graph.network is not there yet")
        return lambda: network.project(graph).number_of_edges()
    if impl == "pyoxigraph":
        import pyoxigraph as ox

        store = graph.store
        predicates = [ox.NamedNode(p) for p in relations]

        def run() -> int:
            net = nx.MultiDiGraph()
            for predicate in predicates:
                name = predicate.value.rsplit("#", 1)[-1]
                seen = set()
                for q in store.quads_for_pattern(None, predicate, None, None):
                    edge = (q.subject.value, q.object.value)
                    if edge not in seen:  # the union of the graphs: once per edge
                        seen.add(edge)
                        net.add_edge(*edge, key=name, relation=name)
            return net.number_of_edges()

        return run
    import rdflib

    del graph
    dataset = _rdflib_dataset(fixture(spec, "graph.nq"))
    predicates_r = [rdflib.URIRef(p) for p in relations]

    def run_rdflib() -> int:
        net = nx.MultiDiGraph()
        for predicate in predicates_r:
            name = str(predicate).rsplit("#", 1)[-1]
            for s, _, o in set(dataset.triples((None, predicate, None))):
                net.add_edge(str(s), str(o), key=name, relation=name)
        return net.number_of_edges()

    return run_rdflib


STEPS = {"build": setup_build, "load": setup_load, "query": setup_query, "export": setup_export,
         "network": setup_network}  # fmt: skip


def main() -> int:
    spec = json.loads(sys.argv[1])
    signal.signal(signal.SIGALRM, _alarm)
    if spec["step"] == "query" and spec["impl"] == "rdflib":
        print(json.dumps({"spec": spec, "queries": rdflib_queries(spec)}))
        return 0
    budget = float(spec.get("budget", 300))
    out: dict[str, Any] = {"spec": spec, "runs": [], "cpu": []}
    started = time.perf_counter()
    try:
        signal.alarm(int(budget))
        run = STEPS[spec["step"]](spec)
        out["setup_s"] = time.perf_counter() - started
        gc.collect()
        out["rss_before_mb"] = rss_mb()
        for index in range(int(spec.get("repeat", 5))):
            wall, cpu = time.perf_counter(), time.process_time()
            result = run()
            out["runs"].append(time.perf_counter() - wall)
            out["cpu"].append(time.process_time() - cpu)
            out["result"] = result
            spent = time.perf_counter() - started
            mean = spent / (index + 1)
            if spent + mean > budget or (index >= 2 and spent > budget / 2):
                break  # stop before the budget runs out; the runs so far count
        signal.alarm(0)
    except Timeout:
        out["timeout"] = budget
    except SystemExit as exc:
        out["skipped"] = str(exc)
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
