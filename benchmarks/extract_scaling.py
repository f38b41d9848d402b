"""Extraction time against paragraph length: one single-line paragraph of 1, 2, 4 and 8 MB, seconds
per MB side by side. Linear extraction keeps seconds per MB flat (ratio ~1 to 1 MB); a quadratic
step doubles it with each doubling (issue #13, finding 14: 3.6, 7.8, 14, 27, >60 s for 1, 2, 3,
5, 8 MB). Never run by the test suite; figures in docs/robustness.md.

    python benchmarks/extract_scaling.py                  # 1, 2, 4, 8 MB
    python benchmarks/extract_scaling.py --sizes 0.25 0.5 1 --kind run-on
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_throughput import ACTORS, FACTS, INSTRUMENTS, NORMS, PEOPLE, VERBS  # noqa: E402


def sentence(rng: random.Random) -> str:
    template = rng.choice(NORMS) if rng.random() < 0.4 else rng.choice(FACTS)
    actor = rng.choice(ACTORS)
    people = rng.choice(PEOPLE)
    return template.format(
        actor=actor, actor_lower=actor[0].lower() + actor[1:], people=people, people_cap=people[0].upper() + people[1:],
        verb=rng.choice(VERBS), verb_right="remedies under", instrument=rng.choice(INSTRUMENTS),
        instrument_short="the Convention",
    )  # fmt: skip


def paragraph(size: int, kind: str, seed: int = 13) -> str:
    """A numbered paragraph of about ``size`` characters on one line: report prose ("prose"), or
    the same without one full stop ("run-on"), so that sentences are cut at clause limits."""
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size:
        text = sentence(rng)
        if kind == "run-on":
            text = text.replace(".", ",")
        parts.append(text)
        length += len(text) + 1
    return "1. " + " ".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8], help="paragraph sizes in MB")
    parser.add_argument("--kind", choices=("prose", "run-on"), default="prose")
    args = parser.parse_args()

    from normgraph.builders.document import split_paragraphs
    from normgraph.extract.draft import draft_yaml, extract

    extract(split_paragraphs("1. States must protect victims.\n"))  # the lexicon, loaded once
    print(f"one single-line paragraph ({args.kind}), extract + write the draft; CPU seconds of one core, "
          f"Python {sys.version.split()[0]}")
    print(f"{'MB':>6}{'seconds':>10}{'s/MB':>8}{'vs first':>10}{'norms':>10}")
    first = None
    for mb in args.sizes:
        document = split_paragraphs(paragraph(int(mb * 1_000_000), args.kind))
        start = time.process_time()
        draft = extract(document)
        draft_yaml(draft)
        seconds = time.process_time() - start
        per_mb = seconds / mb
        first = first or per_mb
        print(f"{mb:>6g}{seconds:>10.2f}{per_mb:>8.2f}{per_mb / first:>9.2f}x{draft.norm_count:>10,}", flush=True)


if __name__ == "__main__":
    main()
