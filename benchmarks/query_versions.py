"""The named queries as they are now against the same queries at an earlier revision, side by
side on one built graph (same process, same parameters, interleaved runs, medians):

    python benchmarks/query_versions.py --corpus /tmp/normgraph-bench/1m/corpus --rev 3bc7823

Made for issue #12, which rewrote the catalogue for stores (SELECT DISTINCT, total ORDER BY,
paragraph-coverage without OPTIONAL cross products): is a query that answers alike everywhere
still as fast locally? Parameters are each query's examples; `document` is set with --document
(the benchmark corpus has no seed document). Not run by the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="corpus folder (built once, through the build cache)")
    ap.add_argument("--rev", default="3bc7823", help="git revision whose .rq files to compare against")
    ap.add_argument("--document", default="synth-00000", help="value for a query's `document` parameter")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from normgraph.graph.cache import cached_graph
    from normgraph.queries import list_queries
    from normgraph.queries._bind import bind
    from normgraph.queries._catalog import parse_query_file

    started = time.perf_counter()
    graph = cached_graph(args.corpus)
    print(f"graph: {len(graph.store):,} quads, built or loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(f"{'query':24} {'then (' + args.rev + ')':>16} {'now':>10} {'now/then':>9}  rows")
    for query in list_queries():
        path = f"src/normgraph/queries/{query.name}.rq"
        shown = subprocess.run(["git", "show", f"{args.rev}:{path}"], capture_output=True, text=True, cwd=HERE.parent)
        if shown.returncode != 0:
            print(f"{query.name:24} {'(new)':>16}")
            continue
        then = parse_query_file(shown.stdout, name=query.name)
        params = {p.name: (args.document if p.name == "document" else p.example) for p in query.params if p.example}
        texts = {"then": bind(then, params, graph), "now": bind(query, params, graph)}
        times: dict[str, list[float]] = {"then": [], "now": []}
        rows: dict[str, int] = {}
        for _ in range(args.repeat):
            for label, sparql in texts.items():
                t = time.perf_counter()
                rows[label] = sum(1 for _ in graph.store.query(sparql, use_default_graph_as_union=True))
                times[label].append(time.perf_counter() - t)
        a, b = statistics.median(times["then"]), statistics.median(times["now"])
        same = "" if rows["then"] == rows["now"] else f" (then {rows['then']})"
        print(f"{query.name:24} {a:15.3f}s {b:9.3f}s {b / max(a, 1e-9):8.2f}×  {rows['now']}{same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
