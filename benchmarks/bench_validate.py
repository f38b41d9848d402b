"""SHACL validation side by side (issue 16): pySHACL and the fast engine (shapes compiled to SPARQL
on pyoxigraph) on the bundled corpus, then on the generated corpora of 100k and 1M triples, where
the fast engine is measured against the time to load the same N-Quads into pyoxigraph.

    python benchmarks/bench_validate.py                          # seed, 100k, 1m
    python benchmarks/bench_validate.py --sizes 100k --pyshacl-limit 120 --json validate.json
    python benchmarks/bench_validate.py --rudof                  # pyrudof too, if installed

Every run is a process of its own (``--case``). On the seed the graph is built first (untimed),
then ``validate(graph, engine=...)`` is timed, engine imports included, as ``normgraph validate``
pays them. On a generated corpus its N-Quads fixture (``benchmarks/bench.py`` makes it, in
``--workdir``/{size}/graph.nq) is loaded as ``normgraph validate --graph`` does (timed: "load"),
then validated (timed: "validate"); "× load" is validate / load in the same process; the Turtle
fixture's load time is shown too. pySHACL past ``--pyshacl-limit`` seconds shows as ``>limit``.
"same" compares each report with pySHACL's where both finished (a digest of the report's text).
pyrudof (``--rudof``, not a dependency: ``pip install pyrudof``) is timed from the store it is
given: serialise to N-Triples, read, read the shapes, validate; its report is not normgraph's
(other messages, missing SHACL-SPARQL results), so it is counted, not compared. Not run by the
test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = ("100k", "1m")


from bench import case_in_process, log  # noqa: E402 - the runner shared with bench.py (this folder)


# -- one run, in its own process ------------------------------------------------------------------


def case(engine: str, source: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from normgraph.graph.store import build_graph, load_graph

    out: dict[str, Any] = {"engine": engine, "source": source}
    if source == "seed":
        graph = build_graph()
    else:
        start = time.perf_counter()
        graph = load_graph(Path(source) / "graph.nq")
        out["load_s"] = time.perf_counter() - start
        start = time.perf_counter()
        ox.Store().bulk_load(path=Path(source) / "graph.ttl", format=ox.RdfFormat.TURTLE)
        out["load_turtle_s"] = time.perf_counter() - start
    out["quads"] = len(graph)
    start = time.perf_counter()
    if engine == "rudof":
        results = _rudof(graph)
        out["results"] = results
    else:
        from normgraph.graph.validate import validate

        report = validate(graph, engine=engine)
        out["results"] = len(report.violations)
        out["conforms"] = report.conforms
        out["digest"] = hashlib.sha256(report.text().encode()).hexdigest()[:16]
        out["ran"] = report.engine
    out["seconds"] = time.perf_counter() - start
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _rudof(graph: Any) -> int:
    import pyoxigraph as ox
    import pyrudof

    from normgraph.ontology import shapes_path

    data = ox.serialize((q.triple for q in graph.store), format=ox.RdfFormat.N_TRIPLES).decode()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(shapes_path()))
    return len(rudof.validate_shacl().violations)


def run_case(engine: str, source: str, limit: float) -> dict[str, Any] | None:
    """One run in a fresh process; None past ``limit`` seconds."""
    return case_in_process(__file__, engine, source, limit)


# -- the table ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", nargs=2, metavar=("ENGINE", "SOURCE"), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/normgraph-bench"))
    parser.add_argument("--sizes", default="100k,1m", help="Generated corpora to add to the seed (default 100k,1m).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per case (median shown; pySHACL: once past the seed).")
    parser.add_argument("--pyshacl-limit", type=float, default=300.0, help="Seconds before a pySHACL run is stopped.")
    parser.add_argument("--rudof", action="store_true", help="Also pyrudof (if installed), within the same limit.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the runs as JSON.")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(*args.case)))
        return

    sources: list[tuple[str, str]] = [("seed", "seed")]
    for size in filter(None, args.sizes.split(",")):
        if size not in SIZES:
            raise SystemExit(f"unknown size {size!r}: {', '.join(SIZES)}")
        if not (args.workdir / size / "graph.nq").is_file():
            log(f"[{size}] making the corpus and its fixtures (benchmarks/bench.py) …")
            sys.path.insert(0, str(HERE))
            from bench import prepare

            prepare(size, args.workdir)
        sources.append((size, str(args.workdir / size)))
    engines = ["pyshacl", "fast"] + (["rudof"] if args.rudof else [])
    if args.rudof:
        try:
            import pyrudof  # noqa: F401
        except ImportError:
            log("pyrudof is not installed: skipped (pip install pyrudof)")
            engines.remove("rudof")

    rows: list[dict[str, Any]] = []
    for name, source in sources:
        for engine in engines:
            slow = engine in ("pyshacl", "rudof")
            repeat = 1 if slow and name != "seed" else args.repeat
            runs = []
            for i in range(repeat):
                log(f"[{name}] {engine} run {i + 1}/{repeat} …")
                limit = args.pyshacl_limit + 120 if slow else 3600  # building or loading is not in the limit
                run = run_case(engine, source, limit)
                if run is not None and slow and run["seconds"] > args.pyshacl_limit:
                    run = None
                if run is None:
                    break
                runs.append(run)
            if not runs:
                rows.append({"name": name, "engine": engine, "skipped": f">{args.pyshacl_limit:.0f} s"})
                continue
            row = dict(runs[len(runs) // 2])
            row.update(name=name, seconds=statistics.median(r["seconds"] for r in runs),
                       runs=[round(r["seconds"], 3) for r in runs])  # fmt: skip
            for key in ("load_s", "load_turtle_s"):
                if key in row:
                    row[key] = statistics.median(r[key] for r in runs)
            rows.append(row)
    print(table(rows, args.pyshacl_limit))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(rows: list[dict[str, Any]], limit: float) -> str:
    head = ["corpus", "quads", "engine", "validate", "pySHACL/this", "load N-Quads", "× load", "load Turtle",
            "results", "same", "peak MB"]  # fmt: skip
    out = [head]
    by = {(r["name"], r["engine"]): r for r in rows}
    for r in rows:
        if "skipped" in r:
            out.append([r["name"], "", r["engine"], r["skipped"], *[""] * (len(head) - 4)])
            continue
        reference = by.get((r["name"], "pyshacl"))
        ratio, same = "", ""
        if r["engine"] == "pyshacl":
            ratio = "1×"
        elif reference is not None and "skipped" not in reference:
            ratio = f"{reference['seconds'] / r['seconds']:.0f}×"
            same = "" if r["engine"] == "rudof" else ("yes" if reference["digest"] == r["digest"] else "NO")
        elif reference is not None:
            ratio = f">{limit / r['seconds']:.0f}×"
        load = r.get("load_s")
        out.append([
            r["name"], f"{r['quads']:,}", r["engine"], _time(r["seconds"]), ratio,
            _time(load) if load else "", f"{r['seconds'] / load:.2f}×" if load else "",
            _time(r["load_turtle_s"]) if r.get("load_turtle_s") else "", f"{r['results']:,}", same,
            f"{r['peak_mb']:,.0f}",
        ])  # fmt: skip
    widths = [max(len(str(line[i])) for line in out) for i in range(len(head))]
    lines = ["  ".join(str(c).rjust(w) if i not in (0, 2) else str(c).ljust(w) for i, (c, w) in enumerate(zip(line, widths)))
             for line in out]  # fmt: skip
    notes = [
        "",
        "validate: validate(graph, engine=…) in a fresh process, engine imports included (pySHACL: the rdflib copy too)",
        "load N-Quads: load_graph(graph.nq), as `normgraph validate --graph` does; × load = validate / load",
        "same: the report's text is pySHACL's (sha256); rudof: its own report, counted only",
    ]  # fmt: skip
    return "\n".join(lines + notes)


if __name__ == "__main__":
    main()
