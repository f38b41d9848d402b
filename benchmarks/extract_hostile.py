"""Drafting time on hostile paragraphs, the timings the test suite no longer asserts
(tests/extract/test_hostile.py keeps the behaviour: every cue drafted, the YAML written):

    python benchmarks/extract_hostile.py                # best of 3
    python benchmarks/extract_hostile.py --repeat 1 --scale 2

- one paragraph of ~250,000 characters, 4,000 cues and not one full stop;
- the same sentence 3,000 times in one paragraph (3,000 norms with the same quote).

Each is drafted and written as annotations YAML; the time is extract + draft_yaml. Linear
drafting keeps both well under the 20 s the tests once asserted (on the 2-core CI machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def cases(scale: int) -> dict[str, str]:
    return {
        "no full stop, 4,000 cues": " ".join(
            f"States must protect victims of trafficking in region {i} and" for i in range(4000 * scale)),
        "one sentence 3,000 times": " ".join(["States must protect victims of trafficking and"] * (3000 * scale)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="multiply the paragraphs' length")
    args = parser.parse_args()
    from normgraph.builders.document import split_paragraphs
    from normgraph.extract.draft import draft_yaml, extract

    for name, body in cases(args.scale).items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            draft = extract(split_paragraphs(f"1. {body}\n"))
            draft_yaml(draft)
            best = min(best, time.perf_counter() - start)
        print(f"{name:28} {len(body):>10,} chars  {draft.norm_count:>6,} norms  {best:7.2f} s (best of {args.repeat})")


if __name__ == "__main__":
    main()
