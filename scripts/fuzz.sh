#!/usr/bin/env bash
# The fuzz run at nightly length (tests/test_fuzz.py; CI runs 240 cases with seed 13): mutated
# annotation files and texts through build and extract; prints the seed, so that a failure is
# reproduced with NORMGRAPH_FUZZ_SEED=S NORMGRAPH_FUZZ_ONLY=N, and the peak memory.
# Usage: bash scripts/fuzz.sh [CASES]   (env: NORMGRAPH_FUZZ_CASES, NORMGRAPH_FUZZ_SEED, PYTHON)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
export NORMGRAPH_FUZZ_CASES=${1:-${NORMGRAPH_FUZZ_CASES:-5000}}
export NORMGRAPH_FUZZ_SEED=${NORMGRAPH_FUZZ_SEED:-$RANDOM$RANDOM}
export NORMGRAPH_CACHE=0
echo "fuzz: $NORMGRAPH_FUZZ_CASES cases (and half as many texts), seed $NORMGRAPH_FUZZ_SEED"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "fuzz: peak memory %M KB, %e s")
"${timer[@]}" "$py" -m pytest -q -p no:cacheprovider -x tests/test_fuzz.py
