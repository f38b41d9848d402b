"""What `pip install .` (the README's first command) installs: the data files ship in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_ontology_shapes_queries_and_corpus(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("normgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "normgraph/ontology/normgraph.ttl",
        "normgraph/ontology/shapes.ttl",
        "normgraph/ontology/context.jsonld",
        "normgraph/ontology/frames/norm.jsonld",
        "normgraph/queries/counts-by-class.rq",
        "normgraph/corpus/ipu-118-migrant-workers/text.txt",
        "normgraph/corpus/ipu-118-migrant-workers/annotations.yaml",
        "normgraph/graph/editor.html",  # serve's query editor, landing page and their files
        "normgraph/graph/landing.html",
        "normgraph/graph/static/editor.js",
        "normgraph/graph/static/normgraph.css",
        "normgraph/graph/static/yasgui/yasgui.min.js",
        "normgraph/graph/static/yasgui/yasgui.min.css",
        "normgraph/graph/static/yasgui/LICENSE",
    ):
        assert required in names, required
    assert any(n.endswith("entry_points.txt") for n in names)
    bundled = zipfile.ZipFile(wheel).read("normgraph/corpus/ipu-118-migrant-workers/text.txt")
    assert bundled == (ROOT / "src/normgraph/corpus/ipu-118-migrant-workers/text.txt").read_bytes()
