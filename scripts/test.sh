#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs normgraph with its test extras, then runs
# pytest. Extra arguments go to pytest (e.g. `bash scripts/test.sh -k export`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
exec python3 -m pytest "$@"
