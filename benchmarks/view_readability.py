"""Which layout reads best, and how long a large corpus takes to show: measured in headless Chromium.

    python benchmarks/view_readability.py                      # layout candidates on the seed
    python benchmarks/view_readability.py --data /tmp/normgraph-bench/1m/graph.nq   # + a large corpus

For each layout of :data:`normgraph.graph.view.LAYOUTS` and each view (the seed overview, the ego
views of the CRC at depth 1 and 2, a generated corpus of 1,200 paragraphs, and with ``--data``
the given graph) it opens the page at 1600×1000 (the tests' harness, no network) and reads node
and label boxes from the page (``layoutFacts``, the figures of ``layout_figures`` in
tests/graph/test_view_browser.py):

* **labels**: labels the page could place without overlap, of the nodes drawn;
* **label overlap**: overlapping label area / label area (the page places labels apart: 0);
* **node overlap**: overlapping node area / node area;
* **fill**: the drawing's extent / the canvas's, across and down;
* **crossings**: edge crossings per edge drawn (straight segments between node centres);
* **settle**: navigation to the settled, drawn layout.

With ``--data`` it also prints, for the default layout: the render time (Python), the page's
size, and in the browser the time to parse the data, to the first drawn frame, and to the layout
settled and drawn (median of ``--repeat`` loads). Never run by the test suite.
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

from test_view_browser import LAYOUT_FACTS, Chromium, layout_figures  # noqa: E402

from normgraph import build_graph, load_graph  # noqa: E402
from normgraph.graph import network as N  # noqa: E402
from normgraph.graph.view import LAYOUTS, render_view  # noqa: E402


def views(data: str | None) -> list[tuple[str, object, str | None]]:
    seed = N.project(build_graph())
    out = [("seed overview", seed, None), ("CRC, depth 1", N.ego(seed, "instrument/crc", 1), "CRC"),
           ("CRC, depth 2", N.ego(seed, "instrument/crc", 2), "CRC"),
           ("generated 1,200 ¶", N.project(N.synthetic_graph(1200, seed=3)), None)]  # fmt: skip
    if data:
        out.append((Path(data).name, N.project(load_graph(data)), None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="an RDF file of a large corpus (e.g. the 1M-triple benchmark's graph.nq)")
    parser.add_argument("--repeat", type=int, default=3, help="loads of the --data page; the median is shown")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args()
    cases = views(args.data)
    with tempfile.TemporaryDirectory() as folder, Chromium(width=1600, height=1000) as browser:
        print(f"{browser.version}; 1600×1000\n")
        print(f"{'view':<20} {'layout':<11} {'nodes':>5} {'labels':>6} {'label ovl':>9} {'node ovl':>8} "
              f"{'fill x':>6} {'fill y':>6} {'cross/edge':>10} {'settle s':>8}")  # fmt: skip
        for name, net, _ in cases:
            for layout in args.layouts.split(","):
                path = Path(folder) / "view.html"
                path.write_text(render_view(net, name, layout=layout), encoding="utf-8")
                page = browser.open(path, timeout=600)
                f = layout_figures(page.evaluate(LAYOUT_FACTS))
                settle = page.evaluate("window.normgraph.state.drawnMs")
                page.close()
                print(f"{name:<20} {layout:<11} {f['nodes']:>5} {f['labels']:>6} {f['label_overlap']:>9.1%} "
                      f"{f['node_overlap']:>8.1%} {f['fill_x']:>6.0%} {f['fill_y']:>6.0%} "
                      f"{f['crossings_per_edge']:>10.2f} {settle / 1000:>8.2f}", flush=True)  # fmt: skip
        if args.data:
            net = cases[-1][1]
            t0 = time.perf_counter()
            html = render_view(net, "large corpus")
            render = time.perf_counter() - t0
            path = Path(folder) / "large.html"
            path.write_text(html, encoding="utf-8")
            runs = []
            for _ in range(args.repeat):
                page = browser.open(path, timeout=900)
                runs.append(page.evaluate("window.normgraph.state"))
                page.close()
            med = {k: statistics.median(r[k] for r in runs) for k in ("parsedMs", "firstDrawMs", "drawnMs")}
            print(f"\n{args.data}: {net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges; "
                  f"render {render:.1f} s, page {len(html.encode()) / 1e6:.1f} MB")
            print(f"in Chromium (median of {args.repeat}): data parsed {med['parsedMs'] / 1000:.2f} s, "
                  f"first draw {med['firstDrawMs'] / 1000:.2f} s, settled and drawn {med['drawnMs'] / 1000:.2f} s")


if __name__ == "__main__":
    main()
