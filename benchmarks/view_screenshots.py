"""The screenshots in docs/view.md, made by the tests' headless Chromium (never by hand).

    python benchmarks/view_screenshots.py                                   # seed views + a generated large graph
    python benchmarks/view_screenshots.py --large /tmp/c300k/out/normgraph.trig   # a generated corpus's graph

Writes, at 1600×1000 after the layout has settled, into ``docs/img/``:

* ``view-overview.png`` — the seed graph's overview, as ``normgraph build`` writes it;
* ``view-norm.png`` — the same after one click on a norm (its quote and paragraph text in the details);
* ``view-ego-crc.png`` — ``normgraph viz --ego instrument/crc --depth 2``;
* ``view-large.png`` — a large corpus (``--large FILE``: any RDF file; default: a generated graph
  of 3,000 paragraphs, ``normgraph.graph.network.synthetic_graph``).

PNGs are reduced to 256 colours when Pillow is installed, to keep each well under 300 KB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "graph"))

from test_view_browser import Chromium, click_node  # noqa: E402

from normgraph import build_graph, load_graph  # noqa: E402
from normgraph.graph import network as N  # noqa: E402
from normgraph.graph.view import render_html, render_view  # noqa: E402

NORM = "https://w3id.org/normgraph/id/doc/ipu-118-migrant-workers/p38/protect-victims"


def shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - the PNG stays as Chromium wrote it
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--large", help="an RDF file of a large corpus (default: a generated graph of 3,000 paragraphs)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    seed = build_graph()
    large = N.project(load_graph(args.large)) if args.large else N.project(N.synthetic_graph(3000, seed=3))
    large_name = Path(args.large).name if args.large else "generated graph, 3,000 paragraphs"
    pages = [("view-overview.png", render_html(seed), None), ("view-norm.png", render_html(seed), NORM),
             ("view-ego-crc.png", render_html(seed, ego_node="instrument/crc", depth=2), None),
             ("view-large.png", render_view(large, f"normgraph — {large_name}"), None)]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, Chromium(width=1600, height=1000) as browser:
        for name, html, click in pages:
            path = Path(folder) / "view.html"
            path.write_text(html, encoding="utf-8")
            page = browser.open(path, timeout=600)
            if click:
                node = page.evaluate(f"window.normgraph.data.nodes.find(function (n) {{ return n.iri === '{click}'; }}).id")
                click_node(page, node, zoom=None)
            page.evaluate("window.normgraph.idle().then(function () { return true; })")
            page.hover(2, 2)  # the pointer leaves the canvas: no tooltip in the picture
            target = page.screenshot(out / name)
            problems = page.problems()
            page.close()
            if problems:
                raise SystemExit(f"{name}: the page complained: {problems}")
            shrink(target)
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: {target.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
