"""How big a graph the view can draw: time to a settled layout in headless Chromium.

    python benchmarks/view_layout.py                 # the seed graph and generated graphs up to ~16k nodes
    python benchmarks/view_layout.py --sizes 100,400,1600 --repeat 3

For the seed corpus and for generated graphs of growing size (``normgraph.graph.network.
synthetic_graph``, shaped like the seed: ~5 nodes and ~18 edges per paragraph) it renders the view
*without* aggregation, opens it in headless Chromium (the tests' harness, no network) and
measures:

* **settle**: from navigation start to the layout having settled (vis-network's stabilisation
  done, physics stopped) and drawn — what a person waits for;
* **block**: the longest stretch the page's main thread was busy (long tasks), i.e. how long the
  tab stops answering clicks while it loads;
* **frame**: median time from a zoom step to the frame being drawn — how smooth panning and
  zooming feel afterwards;
* **filter**: time to hide one node type and redraw.

It prints the figures side by side, each as a ratio to the seed graph's, marks a size
*responsive* when settle ≤ 10 s, block ≤ 2 s and frame ≤ 100 ms, and prints where the view
aggregates (``DEFAULT_MAX_NODES``, ``DEFAULT_MAX_EDGES``) next to the largest responsive size
measured; then it shows the aggregated view of each graph above those limits for comparison.

Never run by the test suite. Needs Debian's ``chromium``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "graph"))

from test_view_browser import Chromium  # noqa: E402

from normgraph import build_graph  # noqa: E402
from normgraph.graph.network import project, synthetic_graph  # noqa: E402
from normgraph.graph.view import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, render_view  # noqa: E402

SETTLE_BUDGET_MS = 10_000
BLOCK_BUDGET_MS = 2_000
FRAME_BUDGET_MS = 100

LONG_TASKS = """
window.__longTasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
"""
FRAME = """
new Promise(function (resolve) {
  var net = window.normgraph.network;
  var t0 = performance.now();
  net.once("afterDrawing", function () { resolve(performance.now() - t0); });
  net.moveTo({ scale: net.getScale() * %s });
})
"""
FILTER = """
new Promise(function (resolve) {
  var ng = window.normgraph, kind = ng.data.kinds[0].name;
  var t0 = performance.now();
  ng.network.once("afterDrawing", function () { resolve(performance.now() - t0); ng.setKind(kind, true); });
  ng.setKind(kind, false);
  ng.network.redraw();
})
"""


def measure(browser: Chromium, html: str, folder: Path, name: str, timeout: float) -> dict[str, float]:
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    started = time.monotonic()
    page = browser.open(path, settle=False, timeout=timeout, init_script=LONG_TASKS)
    page.wait_for("window.normgraph && window.normgraph.state.drawnMs !== null", timeout=timeout, interval=0.1)
    wall = (time.monotonic() - started) * 1000
    state = page.evaluate("window.normgraph.state")
    frames = [page.evaluate(FRAME % factor) for factor in (1.1, 0.9) * 4 + (1.1,)]
    figures = {
        "nodes": page.evaluate("window.normgraph.data.nodes.length"),
        "edges": page.evaluate("window.normgraph.data.edges.length"),
        "bytes": len(html.encode("utf-8")),
        "settle": state["drawnMs"],
        "wall": wall,
        "iterations": state["iterations"],
        "block": max(page.evaluate("window.__longTasks") or [0]),
        "frame": statistics.median(frames),
        "filter": page.evaluate(FILTER),
    }
    page.close()
    path.unlink()
    return figures


def responsive(f: dict[str, float]) -> bool:
    return f["settle"] <= SETTLE_BUDGET_MS and f["block"] <= BLOCK_BUDGET_MS and f["frame"] <= FRAME_BUDGET_MS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,100,200,300,400,600,800,1600,3200",
                        help="generated graphs: paragraphs each (×~5 nodes)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the median is shown")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for one page")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    cases = [("seed", project(build_graph()))]
    cases += [(f"gen-{n}", project(synthetic_graph(n, seed=1))) for n in sizes]
    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder, Chromium() as browser:
        print(f"{browser.version}; network namespace: {'yes' if browser.isolated else 'no'}; "
              f"budgets: settle ≤ {SETTLE_BUDGET_MS / 1000:g} s, block ≤ {BLOCK_BUDGET_MS / 1000:g} s, "
              f"frame ≤ {FRAME_BUDGET_MS} ms\n")  # fmt: skip
        header = (f"{'graph':<10} {'nodes':>6} {'edges':>6} {'MB':>5} {'render s':>8} {'settle s':>8} {'×seed':>6} "
                  f"{'block s':>7} {'frame ms':>8} {'×seed':>6} {'filter ms':>9} {'ok':>3}")  # fmt: skip
        print(header)
        seed_figures: dict[str, float] | None = None
        for name, net in cases:
            runs = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                html = render_view(net, name, max_nodes=10**9, max_edges=None)
                render = time.perf_counter() - t0
                figures = measure(browser, html, Path(folder), name, args.timeout)
                figures["render"] = render * 1000
                runs.append(figures)
            f = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            seed_figures = seed_figures or f
            rows.append((name, f))
            print(f"{name:<10} {f['nodes']:>6.0f} {f['edges']:>6.0f} {f['bytes'] / 1e6:>5.1f} {f['render'] / 1000:>8.2f} "
                  f"{f['settle'] / 1000:>8.2f} {f['settle'] / seed_figures['settle']:>6.1f} {f['block'] / 1000:>7.2f} "
                  f"{f['frame']:>8.0f} {f['frame'] / seed_figures['frame']:>6.1f} {f['filter']:>9.0f} "
                  f"{'yes' if responsive(f) else 'NO':>3}", flush=True)  # fmt: skip
            if f["settle"] > 6 * SETTLE_BUDGET_MS:
                print("  (stopping: far past the budget)")
                break

        fine = [f["nodes"] for _, f in rows if responsive(f)]
        slow = [f["nodes"] for _, f in rows if not responsive(f)]
        largest = max(fine, default=0)
        smallest_slow = min((n for n in slow if n > largest), default=None)
        print(f"\nlargest responsive graph measured: {largest:,.0f} nodes"
              + (f"; first one past the budget: {smallest_slow:,.0f} nodes" if smallest_slow else ""))  # fmt: skip
        print(f"aggregation takes over above DEFAULT_MAX_NODES = {DEFAULT_MAX_NODES:,} nodes "
              f"or DEFAULT_MAX_EDGES = {DEFAULT_MAX_EDGES:,} edges")

        big = [(name, net) for name, net in cases
               if net.number_of_nodes() > DEFAULT_MAX_NODES or net.number_of_edges() > DEFAULT_MAX_EDGES]
        if big:
            print(f"\naggregated views (max {DEFAULT_MAX_NODES:,} nodes / {DEFAULT_MAX_EDGES:,} edges) of the graphs above it:")
            print(f"{'graph':<10} {'nodes':>6} {'shown':>6} {'settle s':>8} {'vs full':>8} {'block s':>7} {'frame ms':>8} {'ok':>3}")
            full = dict(rows)
            for name, net in big:
                html = render_view(net, name)
                f = measure(browser, html, Path(folder), name + "-agg", args.timeout)
                ratio = f"{f['settle'] / full[name]['settle']:.2f}" if name in full else "-"
                print(f"{name:<10} {net.number_of_nodes():>6} {f['nodes']:>6.0f} {f['settle'] / 1000:>8.2f} {ratio:>8} "
                      f"{f['block'] / 1000:>7.2f} {f['frame']:>8.0f} {'yes' if responsive(f) else 'NO':>3}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
