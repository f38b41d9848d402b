"""Inference side by side (issue 16): owlrl and reasonable on the bundled corpus, then reasonable
(and owlrl, within a time limit) on generated corpora of 100k and 1M triples.

    python benchmarks/bench_infer.py                       # seed, and 100k / 1m where they exist
    python benchmarks/bench_infer.py --repeat 3 --owlrl-limit 300 --json infer.json

Every run is a process of its own (``--case``): the graph is built first (untimed), then one
call infers into it as ``normgraph export --infer`` does (``entailments`` and adding the result
as the graph ``ngr:graph/inferred``), imports of the engine included, as the command pays them.
Printed per corpus and engine: the median time, the ratio owlrl / reasonable, what the engine
derived that the graph did not hold, what the noise filter removed by category, what RDF cannot
hold (blank nodes, literals as subjects), what was kept, peak memory, and whether the two
engines kept the same triples (a digest of the sorted N-Triples). owlrl beyond ``--owlrl-max``
triples is not run; a run past ``--owlrl-limit`` seconds shows as ``>limit``. The corpora of
100k and 1M are those of ``benchmarks/bench.py`` (``--workdir``/{100k,1m}/corpus); missing ones
are skipped. Not run by the test suite.
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
CATEGORIES = ("reflexive owl:sameAs", "owl:Thing / rdfs:Resource type", "ontology closure",
              "about RDF/RDFS/OWL/XSD terms")  # fmt: skip
SHORT = ("sameAs x x", "Thing", "closure", "W3C terms")


from bench import case_in_process, log  # noqa: E402 - the runner shared with bench.py (this folder)


# -- one run, in its own process ------------------------------------------------------------------


def case(engine: str, corpus: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from normgraph.graph.inference import INFERRED_GRAPH, NOISE_CATEGORIES, entailments
    from normgraph.graph.store import build_graph

    assert tuple(NOISE_CATEGORIES) == CATEGORIES
    graph = build_graph(None if corpus == "seed" else corpus)
    quads = len(graph)
    start = time.perf_counter()
    found = entailments(graph, engine)
    graph.add_graph(ox.Quad(t.subject, t.predicate, t.object, INFERRED_GRAPH) for t in found.triples)
    seconds = time.perf_counter() - start
    lines = sorted(str(t) for t in found.triples)
    return {
        "engine": engine, "corpus": corpus, "quads": quads, "seconds": seconds,
        "derived": found.derived, "unrepresentable": found.unrepresentable, "kept": len(found.triples),
        "removed": {c: found.removed.get(c, 0) for c in CATEGORIES}, "complete_pass": found.complete_pass,
        "digest": hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def run_case(engine: str, corpus: str, limit: float) -> dict[str, Any] | None:
    """One run in a fresh process; None past ``limit`` seconds (building included)."""
    return case_in_process(__file__, engine, corpus, limit)


# -- the table ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", nargs=2, metavar=("ENGINE", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/normgraph-bench"))
    parser.add_argument("--sizes", default="100k,1m", help="Generated corpora to add to the seed (default 100k,1m).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per case on the seed (median shown).")
    parser.add_argument("--repeat-large", type=int, default=1, help="Runs per case on the generated corpora.")
    parser.add_argument("--owlrl-limit", type=float, default=300.0, help="Seconds before an owlrl run is stopped.")
    parser.add_argument("--owlrl-max", type=int, default=200_000, help="Largest corpus (triples) owlrl runs on.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the runs as JSON.")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(*args.case)))
        return

    corpora: list[tuple[str, str, int]] = [("seed", "seed", 0)]
    for size in filter(None, args.sizes.split(",")):
        folder = args.workdir / size / "corpus"
        if folder.is_dir():
            corpora.append((size, str(folder), {"100k": 100_000, "1m": 1_000_000}.get(size, 10**9)))
        else:
            log(f"[{size}] no corpus at {folder}: skipped (benchmarks/bench.py makes it)")

    rows: list[dict[str, Any]] = []
    for name, corpus, size in corpora:
        repeat = args.repeat if name == "seed" else args.repeat_large
        for engine in ("owlrl", "reasonable"):
            if engine == "owlrl" and size > args.owlrl_max:
                rows.append({"name": name, "engine": engine, "skipped": "not run"})
                continue
            runs = []
            for i in range(repeat):
                log(f"[{name}] {engine} run {i + 1}/{repeat} …")
                limit = args.owlrl_limit + 600 if engine == "owlrl" else 7200  # building is not timed
                run = run_case(engine, corpus, limit)
                if run is not None and engine == "owlrl" and run["seconds"] > args.owlrl_limit:
                    run = None
                if run is None:
                    break
                runs.append(run)
            if not runs:
                rows.append({"name": name, "engine": engine, "skipped": f">{args.owlrl_limit:.0f} s"})
                continue
            row = dict(runs[len(runs) // 2])
            row.update(name=name, seconds=statistics.median(r["seconds"] for r in runs),
                       runs=[round(r["seconds"], 3) for r in runs])  # fmt: skip
            rows.append(row)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> str:
    head = ["corpus", "quads", "engine", "time", "owlrl/this", "derived", *SHORT, "not RDF", "kept", "same", "peak MB"]
    out = [head]
    by = {(r["name"], r["engine"]): r for r in rows}
    for r in rows:
        if "skipped" in r:
            out.append([r["name"], "", r["engine"], r["skipped"], *[""] * (len(head) - 4)])
            continue
        other = by.get((r["name"], "owlrl"))
        ratio = ""
        if r["engine"] == "reasonable" and other is not None:
            if "skipped" not in other:
                ratio = f"{other['seconds'] / r['seconds']:.1f}×"
            elif other["skipped"].startswith(">"):
                ratio = f">{float(other['skipped'][1:].split()[0]) / r['seconds']:.0f}×"
        elif r["engine"] == "owlrl":
            ratio = "1×"
        twin = by.get((r["name"], "owlrl" if r["engine"] == "reasonable" else "reasonable"))
        same = "" if twin is None or "skipped" in twin else ("yes" if twin["digest"] == r["digest"] else "NO")
        out.append([
            r["name"], f"{r['quads']:,}", r["engine"], f"{r['seconds']:.2f} s", ratio, f"{r['derived']:,}",
            *(f"{r['removed'][c]:,}" for c in CATEGORIES), f"{r['unrepresentable']:,}", f"{r['kept']:,}", same,
            f"{r['peak_mb']:,.0f}",
        ])  # fmt: skip
    widths = [max(len(str(line[i])) for line in out) for i in range(len(head))]
    lines = ["  ".join(str(c).rjust(w) if i not in (0, 2) else str(c).ljust(w) for i, (c, w) in enumerate(zip(line, widths)))
             for line in out]  # fmt: skip
    notes = [
        "",
        "time: entailments + adding them as ngr:graph/inferred (engine imports included; building not timed)",
        "derived: new triples the engine gave; the next five columns are what the filter (and RDF) left out,",
        "kept = derived - those; same: both engines kept the same triples (sorted N-Triples digest)",
    ]
    if any(r.get("skipped") == "not run" for r in rows):
        notes.append("owlrl not run: the corpus is over --owlrl-max triples")
    for r in rows:
        if r.get("complete_pass"):
            notes.append(f"{r['name']}: reasonable needed its complete pass (a functional property with two values)")
    return "\n".join(lines + notes)


if __name__ == "__main__":
    main()
