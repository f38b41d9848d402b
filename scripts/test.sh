#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs normgraph with its test extras into a
# virtual environment of this checkout (.venv, so the machine's own Python is left alone), then
# runs pytest. Extra arguments go to pytest (e.g. `bash scripts/test.sh -k export`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
# Headless Chromium (the view's browser tests) and Virtuoso (a second real triple store), both
# Debian packages, installed once, quietly.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)  # the PDFs the reader tests make
if [ ${#missing[@]} -gt 0 ]; then
    apt_log=$(mktemp)
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        echo "scripts/test.sh: could not install ${missing[*]} (the browser and store tests need them)" >&2
        exit 1
    fi
    rm -f "$apt_log"
fi
exec .venv/bin/python -m pytest "$@"
