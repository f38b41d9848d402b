"""Structure detection and drafting on real treaties, at growing sizes: is splitting linear in the
text, and how many units a second does drafting handle? Never run by the test suite.

    python benchmarks/structure_scaling.py            # the four treaties in ../shared, ×1 … ×64

A text k times the size is the four treaties one after another, repeated k times, each copy after
an "ANNEX" heading (so the numbering restarts, as in a long convention with annexes). Figures are
printed side by side: time per 100,000 characters at each size (flat = linear), and drafting
units per second beside splitting alone.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SOURCES = ROOT.parent / "shared" / "corpus" / "sources"


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from normgraph.builders.document import split_paragraphs
    from normgraph.extract.draft import extract

    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    if not texts:
        sys.exit(f"no treaty texts in {SOURCES}")
    base = "\n\n".join(texts)
    print(f"{'size':>6} {'chars':>10} {'units':>7} {'split s':>9} {'s/100k chars':>13} {'draft s':>9} {'units/s drafted':>16}")
    reference = None
    for k in (1, 4, 16, 64):
        text = "\n\n".join(f"ANNEX {i + 1}\n\n{base}" if i else base for i in range(k))
        split_time = _best(lambda: split_paragraphs(text))
        document = split_paragraphs(text)
        blocks = len(document.paragraphs)
        draft_time = _best(lambda: extract(document), repeat=1 if k >= 16 else 3)
        per_100k = split_time / len(text) * 100_000
        reference = reference or per_100k
        print(f"×{k:<5} {len(text):>10,} {len(document.units):>7,} {split_time:>9.3f} {per_100k:>9.4f} ({per_100k / reference:.2f}×)"
              f" {draft_time:>9.2f} {blocks / draft_time:>16,.0f}")


if __name__ == "__main__":
    main()
