"""Side-by-side benchmarks: normgraph, raw pyoxigraph and plain rdflib on the same generated data.

    python benchmarks/bench.py --sizes 10k,100k,1m              # everything, rdflib up to 1M
    python benchmarks/bench.py --sizes 1m --steps query --repeat 7
    python benchmarks/bench.py --sizes 5m --steps build,query --no-rdflib

For each size a corpus is generated (``benchmarks/generate_corpus.py``, kept in ``--workdir``) and
built once with normgraph into fixtures (TriG, N-Quads, Turtle, N-Triples). Then every case —
a step × an implementation × a size — runs in its own process (``benchmarks/bench_case.py``),
a few times, and the medians are printed side by side with peak memory and the ratios
normgraph / pyoxigraph and rdflib / normgraph. rdflib runs are bounded: a time budget per case
(``--rdflib-budget``) and a size limit (``--rdflib-max``); a case that does not finish is shown
as ``>budget``. Results are also written as JSON (``--json``) for docs/performance.md.

Steps: build (normgraph from annotations; from its build cache; with one document edited), load (Turtle, N-Triples),
query (every named query; labels given as parameters are resolved by normgraph inside the
timing), export (Turtle, TriG: the corpus's graph as ``normgraph export`` writes it, and a graph
loaded from a file, which normgraph sorts first), network (projection to networkx). Not run by
the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
STEPS = ("build", "load", "query", "export", "network")


def env() -> dict[str, str]:
    environ = dict(os.environ)
    environ["PYTHONPATH"] = str(SRC) + (os.pathsep + environ["PYTHONPATH"] if environ.get("PYTHONPATH") else "")
    return environ


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def case_in_process(script: str, engine: str, source: str, limit: float) -> dict[str, Any] | None:
    """``script --case ENGINE SOURCE`` in a fresh process, its last JSON line; None past ``limit``
    seconds (bench_infer.py and bench_validate.py time one run per process this way)."""
    try:
        result = subprocess.run([sys.executable, script, "--case", engine, source], capture_output=True,
                                text=True, env=env(), timeout=limit)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        raise SystemExit(f"{engine} on {source} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(size: str, workdir: Path) -> Path:
    """The corpus and the fixtures of one size (made once, reused by later runs)."""
    base = workdir / size
    corpus = base / "corpus"
    if not corpus.is_dir():
        log(f"[{size}] generating the corpus …")
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--triples", str(SIZES[size]),
                        "--out", str(corpus)], check=True, env=env())  # fmt: skip
    if not (base / "meta.json").is_file():
        log(f"[{size}] building the fixtures …")
        script = (
            "import json, sys, time\n"
            "from pathlib import Path\n"
            "from normgraph.graph.store import build_graph\n"
            "from normgraph.graph.export import export\n"
            "base = Path(sys.argv[1]); t = time.perf_counter()\n"
            "g = build_graph(base / 'corpus')\n"
            "for fmt, name in (('trig', 'graph.trig'), ('nquads', 'graph.nq'), ('turtle', 'graph.ttl'),"
            " ('ntriples', 'graph.nt')):\n"
            "    export(g, fmt, base / name)\n"
            "docs = sorted(p.name for p in (base / 'corpus').iterdir() if p.is_dir())\n"
            "triples = sum(1 for _ in open(base / 'graph.nt', 'rb'))\n"
            "json.dump({'quads': len(g), 'triples': triples, 'documents': len(docs), 'graphs': len(g.graphs()),\n"
            "           'first_document': docs[0]}, open(base / 'meta.json', 'w'))\n"
        )
        subprocess.run([sys.executable, "-c", script, str(base)], check=True, env=env())
    return base


def cases(size: str, base: Path, steps: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    sys.path.insert(0, str(SRC))
    from normgraph.queries import query_names

    meta = json.loads((base / "meta.json").read_text())
    rdflib_ok = not args.no_rdflib and meta["quads"] <= args.rdflib_max
    common = {"fixtures": str(base), "corpus": str(base / "corpus"), "size": size, "repeat": args.repeat}
    out: list[dict[str, Any]] = []

    def add(step: str, name: str, impls: list[str], **extra: Any) -> None:
        for impl in impls:
            if impl in ("rdflib", "pyld") and not rdflib_ok:
                continue
            if args.impls and impl.split("-")[0] not in args.impls:
                continue
            slow = impl in ("rdflib", "pyld")
            budget = args.rdflib_budget if slow else args.budget
            repeat = min(args.repeat, args.rdflib_repeat) if slow else args.repeat
            out.append({**common, "step": step, "case": name, "impl": impl, "budget": budget, "repeat": repeat, **extra})

    trio = ["normgraph", "pyoxigraph", "rdflib"]
    if "build" in steps:
        add("build", "build from annotations", ["normgraph"])
        add("build", "build, unchanged corpus (cache)", ["normgraph-cached"])
        add("build", "build, one document edited (pieces)", ["normgraph-edited"])
    if "load" in steps:
        for fmt in ("turtle", "ntriples", "nquads"):
            add("load", f"load {fmt}", trio, format=fmt)
    if "query" in steps:
        for name in query_names():
            add("query", f"query {name}", trio[:2], query=name)
        # rdflib: one process parses the graph once and runs every query (see bench_case.py)
        add("query", "query *", ["rdflib"], query="*", query_budget=args.rdflib_query_budget)
    if "export" in steps:
        for fmt in ("turtle", "trig"):
            add("export", f"export {fmt}", trio, format=fmt)
        for fmt in ("turtle", "trig"):  # normgraph sorts a graph it did not build (graph/_order.py)
            add("export", f"export {fmt}, graph loaded from TriG", ["normgraph-loaded", "pyoxigraph-loaded"], format=fmt)
        # JSON-LD: normgraph's compaction beside pyoxigraph's expanded writer, rdflib with the same
        # context and PyLD compacting pyoxigraph's output (both bounded like rdflib)
        add("export", "export jsonld (compacted; pyoxigraph: expanded)", trio, format="jsonld")
        add("export", "export jsonld, PyLD in the rdflib column", ["normgraph", "pyld"], format="jsonld")
        add("export", "export jsonld --jsonld expanded", ["normgraph"], format="jsonld-expanded")
        add("export", "export jsonld, graph loaded from TriG", ["normgraph-loaded", "pyoxigraph-loaded"], format="jsonld")
    if "network" in steps:
        add("network", "projection to networkx", trio)
    return out


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    limit = case["budget"] * 1.5 + 60 + (case.get("query_budget", 0) * 12 * 1.5)
    try:
        done = subprocess.run([sys.executable, str(HERE / "bench_case.py"), json.dumps(case)], capture_output=True,
                              text=True, env=env(), timeout=limit)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"spec": case, "runs": [], "timeout": case["budget"]}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"spec": case, "runs": [], "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    result = json.loads(lines[-1])
    result["elapsed_s"] = time.perf_counter() - started
    return result


def median(result: dict[str, Any] | None) -> float | None:
    if not result or not result.get("runs") or result.get("timeout"):
        return None
    return statistics.median(result["runs"])


def fmt_time(result: dict[str, Any] | None) -> str:
    if result is None:
        return "—"
    if result.get("timeout"):
        return f">{result['timeout']:.0f} s"
    if result.get("error") or result.get("skipped"):
        return "error" if result.get("error") else "n/a"
    value = median(result)
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def fmt_mem(result: dict[str, Any] | None) -> str:
    if not result or "peak_mb" not in result:
        return "—"
    return f"{result['peak_mb']:.0f}"


def ratio(a: float | None, b: float | None, bound: dict[str, Any] | None = None) -> str:
    if a is not None and b is not None and b > 0:
        return f"{a / b:.2f}×"
    if bound and bound.get("timeout") and b:
        return f">{bound['timeout'] / b:.0f}×"
    return "—"


def table(size: str, meta: dict[str, Any], results: list[dict[str, Any]]) -> str:
    by: dict[str, dict[str, dict[str, Any]]] = {}
    for r in results:
        by.setdefault(r["spec"]["case"], {})[r["spec"]["impl"]] = r
    head = (f"### {size}: {meta['quads']:,} quads ({meta['triples']:,} distinct triples), "
            f"{meta['documents']} documents, {meta['graphs']} named graphs\n\n")  # fmt: skip
    rows = ["| case | normgraph | pyoxigraph | rdflib | ng / ox | rdflib / ng | peak MB ng / ox / rdflib | runs |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    totals = {"normgraph": 0.0, "pyoxigraph": 0.0}
    for case, impls in by.items():
        ng = next((r for impl, r in impls.items() if impl.startswith("normgraph")), None)
        ox_ = next((r for impl, r in impls.items() if impl.startswith("pyoxigraph")), None)
        rd = impls.get("rdflib") or impls.get("pyld")
        if case.startswith(("query ", "load ntriples")):
            for key in totals:
                value = median(impls.get(key))
                totals[key] += value if value is not None else float("nan")
        runs = "/".join(str(len(x.get("runs", []))) for x in (ng, ox_, rd) if x)
        rows.append(f"| {case} | {fmt_time(ng)} | {fmt_time(ox_)} | {fmt_time(rd)} | {ratio(median(ng), median(ox_))} "
                    f"| {ratio(median(rd), median(ng), rd)} | {fmt_mem(ng)} / {fmt_mem(ox_)} / {fmt_mem(rd)} | {runs} |")  # fmt: skip
    if any(c.startswith("query ") for c in by):
        ng_t, ox_t = totals["normgraph"], totals["pyoxigraph"]
        rows.append(f"| **load N-Triples + every named query** | {ng_t:.2f} s | {ox_t:.2f} s | | "
                    f"{ratio(ng_t, ox_t)} | | | |")  # fmt: skip
    built, loaded = by.get("build from annotations", {}), by.get("load nquads", {})
    build_t, load_t = median(built.get("normgraph")), median(loaded.get("pyoxigraph"))
    if build_t is not None and load_t is not None:  # issue 16, goal 4: a build within 3x loading its quads
        rows.append(f"| **build ÷ pyoxigraph loading the same quads as N-Quads** | {build_t:.2f} s | {load_t:.2f} s | | "
                    f"{ratio(build_t, load_t)} | | | |")  # fmt: skip
    return head + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help=f"comma-separated, of {', '.join(SIZES)}")
    ap.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}")
    ap.add_argument("--repeat", type=int, default=5, help="runs per case (the median is reported)")
    ap.add_argument("--budget", type=float, default=600, help="seconds per normgraph/pyoxigraph case")
    ap.add_argument("--rdflib-budget", type=float, default=300, help="seconds per rdflib case (setup included)")
    ap.add_argument("--rdflib-query-budget", type=float, default=120, help="seconds per rdflib query")
    ap.add_argument("--rdflib-repeat", type=int, default=3, help="at most this many rdflib runs per case")
    ap.add_argument("--rdflib-max", type=int, default=1_100_000, help="no rdflib cases above this many quads")
    ap.add_argument("--no-rdflib", action="store_true", help="leave rdflib out")
    ap.add_argument("--impls", type=lambda v: v.split(","), default=None,
                    help="only these implementations (normgraph, pyoxigraph, rdflib), comma-separated")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/normgraph-bench"), help="corpora and fixtures")
    ap.add_argument("--json", type=Path, default=None, help="write every result here")
    args = ap.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    all_results: dict[str, Any] = {}
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        base = prepare(size, args.workdir)
        meta = json.loads((base / "meta.json").read_text())
        results = []
        for case in cases(size, base, steps, args):
            log(f"[{size}] {case['case']} — {case['impl']} …")
            result = run_case(case)
            if "queries" in result:  # rdflib's shared query process → one result per query
                for name, entry in result["queries"].items():
                    spec = {**case, "case": f"query {name}", "query": name}
                    results.append({**entry, "spec": spec})
                    log(f"    {name}: {fmt_time(results[-1])}")
                continue
            log(f"    {fmt_time(result)}  (peak {fmt_mem(result)} MB) {result.get('error', '')}")
            results.append(result)
        print(table(size, meta, results), flush=True)
        all_results[size] = {"meta": meta, "results": results}
        if args.json:
            args.json.write_text(json.dumps(all_results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
